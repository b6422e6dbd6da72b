"""Developer tools that are not part of the distribution (mutation testing)."""
