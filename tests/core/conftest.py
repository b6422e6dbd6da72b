"""The ``xp`` fixture: a test that takes it runs once per array library (tests/core/backends.py)."""

from __future__ import annotations

import pytest

from tests.core.backends import BACKEND_NAMES, Backend, backend


@pytest.fixture(params=BACKEND_NAMES)
def xp(request: pytest.FixtureRequest) -> Backend:
    """One array library: numpy, torch, JAX, array-api-strict or Dask."""
    return backend(str(request.param))
