"""The array libraries the tests run over, behind one ``xp`` fixture.

Each backend converts numpy test data into its own arrays and back, and says whether an array is
its own. A backend whose library is not installed is skipped with the reason spelled out; under
CI (``CI=true``) a missing backend fails instead, because CI installs them all (the ``dev``
extra). JAX runs with 64-bit floats enabled, so every backend has float64.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

__all__ = ["BACKEND_NAMES", "Backend", "backend", "require"]

BACKEND_NAMES = ("numpy", "torch", "jax", "array_api_strict", "dask")
# The module each backend needs, and the pip name that installs it.
_MODULES = {
    "numpy": ("numpy", "numpy"),
    "torch": ("torch", "torch==2.13.0"),
    "jax": ("jax", "jax==0.10.2 jaxlib==0.10.2"),
    "array_api_strict": ("array_api_strict", "array-api-strict==2.6.1"),
    "dask": ("dask.array", "dask==2026.8.0"),
}


def require(name: str) -> None:
    """Skip (or, under CI, fail) when the library of backend ``name`` is not importable."""
    module, install = _MODULES[name]
    if importlib.util.find_spec(module.partition(".")[0]) is not None:
        return
    reason = f"the {name} backend needs `pip install {install}` (part of the dev extra)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI installs every backend, so its absence is a broken setup")
    pytest.skip(reason)


@dataclass(frozen=True)
class Backend:
    """One array library: its namespace, and conversions from and to numpy test data."""

    name: str
    xp: Any
    asarray: Callable[[NDArray[Any]], Any]
    is_own: Callable[[object], bool]

    def to_numpy(self, array: Any) -> NDArray[Any]:
        """The values of ``array`` as a numpy array (computed, detached, on the host)."""
        if self.name == "torch":
            converted: NDArray[Any] = array.detach().cpu().numpy()
            return converted
        if self.name == "dask":
            return np.asarray(array.compute())
        if self.name == "array_api_strict":
            return np.asarray(np.from_dlpack(array))
        return np.asarray(array)

    def dtype(self, name: str) -> Any:
        """The library's dtype called ``name`` (``"float32"``, ``"bfloat16"``, ...)."""
        if self.name == "torch":
            return getattr(importlib.import_module("torch"), name)
        if self.name in ("jax", "numpy"):
            module = "jax.numpy" if self.name == "jax" else "numpy"
            return getattr(importlib.import_module(module), name)
        return getattr(self.xp, name)


def backend(name: str) -> Backend:
    """The backend called ``name``; skips (fails under CI) when its library is missing."""
    require(name)
    if name == "numpy":
        return Backend("numpy", np, np.asarray, lambda a: isinstance(a, np.ndarray))
    import array_api_compat

    if name == "torch":
        torch = importlib.import_module("torch")
        return Backend(
            "torch",
            array_api_compat.array_namespace(torch.zeros(1)),
            torch.asarray,
            torch.is_tensor,
        )
    if name == "jax":
        jax = importlib.import_module("jax")
        jax.config.update("jax_enable_x64", True)
        jnp = importlib.import_module("jax.numpy")
        return Backend("jax", jnp, jnp.asarray, lambda a: isinstance(a, jax.Array))
    if name == "array_api_strict":
        strict = importlib.import_module("array_api_strict")
        own = type(strict.asarray(0.0))
        return Backend("array_api_strict", strict, strict.asarray, lambda a: isinstance(a, own))
    da = importlib.import_module("dask.array")
    xp = array_api_compat.array_namespace(da.zeros(1))
    return Backend(
        "dask", xp, lambda a: da.from_array(a, chunks=-1), array_api_compat.is_dask_array
    )
