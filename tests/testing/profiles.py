"""Hypothesis profiles for the tests of hadamard.testing: the active one, derandomized."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import settings


@contextmanager
def derandomized() -> Iterator[None]:
    """The active Hypothesis profile, derandomized, for the duration; then the profile again."""
    previous = settings.get_current_profile_name()
    settings.register_profile("derandomized", settings(settings.default, derandomize=True))
    settings.load_profile("derandomized")
    try:
        yield
    finally:
        settings.load_profile(previous)
