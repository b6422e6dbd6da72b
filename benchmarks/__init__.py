"""Side-by-side timings of the rule against its memory-traffic floor (issue 7)."""
