"""hadamard.testing: Hypothesis strategies and assertion helpers for users' test suites."""
