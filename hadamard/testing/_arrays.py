"""The implementation's array library: drawn numpy cases go in as its arrays, answers come back.

Hypothesis draws every case in numpy. For ``xp=torch`` (or ``jax.numpy``, ``array_api_strict``,
``cupy``, any array API namespace) each argument is converted to that library, on ``device``,
in the dtype asked for, and what the implementation returns is read back to the host: detached
from autograd, moved off the device, bfloat16 widened to float32 (which holds it exactly). The
dtype judged and quoted is the library's own, so JAX's float32 (64-bit floats disabled) is
reported as what it is.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from hypothesis.errors import InvalidArgument
from numpy.typing import NDArray

from hadamard._jacobian import DenominatorJacobian, NumeratorJacobian
from hadamard._namespace import library_name
from hadamard.testing._tolerance import PRECISIONS, Precision

__all__ = ["NUMPY", "Answer", "ArrayLibrary", "dtype_name", "resolve_library", "resolve_precision"]

# Libraries that compile once per shape: their cases reuse a few sizes (tracing stays bounded).
COMPILING: Final = frozenset({"jax"})


def dtype_name(dtype: object) -> str:
    """``"float32"`` for numpy's, torch's (``torch.float32``) and array-api-strict's float32."""
    return str(dtype).rpartition(".")[2]


@dataclass(frozen=True)
class Answer:
    """A returned array read back to the host: its values, and its dtype in its own library."""

    values: NDArray[Any]
    dtype: str
    library: str


@dataclass(frozen=True)
class ArrayLibrary:
    """The implementation's array library (``xp`` None is numpy) and the device to use."""

    name: str
    xp: Any = None
    device: Any = None

    @property
    def is_numpy(self) -> bool:
        """Whether arrays stay numpy arrays (no conversion at all)."""
        return self.xp is None

    @property
    def compiles_per_shape(self) -> bool:
        """Whether each new shape costs a compilation (JAX under jit)."""
        return self.name in COMPILING

    def native_dtype(self, precision: Precision) -> Any:
        """The library's dtype for ``precision`` (torch's bfloat16 lives in torch itself)."""
        found = getattr(self.xp, precision.name, None)
        if found is None:
            found = getattr(importlib.import_module(self.name), precision.name, None)
        if found is None:
            raise InvalidArgument(f"dtype={precision.name} is not a dtype of {self.name}")
        return found

    def to_impl(self, values: NDArray[Any], precision: Precision) -> Any:
        """A fresh array of the library holding ``values`` (already rounded to ``precision``)."""
        if self.is_numpy:
            return values.copy()
        kwargs = {} if self.device is None else {"device": self.device}
        array = self.xp.asarray(values.copy(), **kwargs)
        if precision.name == "bfloat16":
            array = self.xp.astype(array, self.native_dtype(precision))
        return array

    def to_host(self, value: object) -> Answer | None:
        """``value`` read back as a host array, or None when it is not a numeric array."""
        if isinstance(value, DenominatorJacobian | NumeratorJacobian):
            value = value.array
        library = library_name(value)
        dtype = getattr(value, "dtype", None)
        try:
            values = _host_values(value, library)
        except (TypeError, ValueError, RuntimeError, AttributeError, BufferError):
            return None
        if values.dtype.kind not in "fciu":
            return None
        name = dtype_name(dtype) if dtype is not None and library != "numpy" else values.dtype.name
        return Answer(values, name, library)


def _host_values(value: object, library: str) -> NDArray[Any]:
    """The values of an array of ``library`` in a numpy array (bfloat16 widened to float32)."""
    if library == "torch":
        tensor: Any = value
        tensor = tensor.detach()
        if str(tensor.dtype) == "torch.bfloat16":
            tensor = tensor.float()
        host: NDArray[Any] = tensor.cpu().numpy()
        return host
    if library in ("numpy", "builtins"):
        return np.asarray(value)
    if library == "cupy":
        cupy: Any = value
        return np.asarray(cupy.get())
    if hasattr(value, "compute"):  # a lazy (Dask) array: the answer is its computed value
        return np.asarray(value.compute())
    try:
        values = np.from_dlpack(value)  # type: ignore[arg-type]
    except (TypeError, BufferError, RuntimeError, AttributeError):
        values = np.asarray(value)
    if values.dtype.name == "bfloat16":
        values = values.astype(np.float32)
    return values


NUMPY: Final = ArrayLibrary("numpy")


def resolve_library(xp: object, device: object, *, helper: str) -> ArrayLibrary:
    """The library named by ``xp`` (a module such as ``torch`` or a namespace), or an error."""
    if xp is None or xp is np:
        if device not in (None, "cpu"):
            raise InvalidArgument(f"{helper}: device={device!r} needs xp= (numpy is on the cpu)")
        return NUMPY
    asarray = getattr(xp, "asarray", None)
    if not callable(asarray):
        raise InvalidArgument(
            f"{helper}: xp={xp!r} is not an array library; pass a module such as torch, "
            "jax.numpy, cupy or array_api_strict, or any array API namespace"
        )
    import array_api_compat

    probe = asarray(0.0)
    try:
        namespace = array_api_compat.array_namespace(probe)
    except TypeError:
        raise InvalidArgument(
            f"{helper}: xp={xp!r} makes {type(probe).__name__} arrays, which no array API "
            "namespace claims"
        ) from None
    name = library_name(probe)
    if name == "numpy":
        return NUMPY if device in (None, "cpu") else ArrayLibrary("numpy", namespace, device)
    return ArrayLibrary(name, namespace, device)


def resolve_precision(
    library: ArrayLibrary, asked: Precision, *, helper: str
) -> tuple[Precision, str]:
    """The precision the library really gives for ``asked``, and a note when it is another.

    JAX with 64-bit floats disabled turns float64 into float32: the cases are then drawn, judged
    and reported in float32, and the message says why.
    """
    if library.is_numpy:
        if asked.name == "bfloat16":
            raise InvalidArgument(
                f"{helper}: dtype=bfloat16 needs xp= a library that has it (torch, jax.numpy)"
            )
        return asked, ""
    array = library.to_impl(np.zeros(1, asked.host), asked)
    got = dtype_name(array.dtype)
    if got == asked.name:
        return asked, ""
    if got not in PRECISIONS:
        raise InvalidArgument(f"{helper}: {library.name} turned dtype={asked.name} into {got}")
    note = f"{library.name} gives {got} for dtype={asked.name}"
    if library.name == "jax":
        note += " (64-bit floats are off: jax.config.update('jax_enable_x64', True) turns them on)"
    return PRECISIONS[got], note
