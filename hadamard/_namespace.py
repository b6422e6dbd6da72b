"""Which array library the arguments come from: found once at the boundary, then passed down.

numpy arrays, Python scalars and lists are answered with numpy itself, without importing
array-api-compat's numpy wrapper (a tenth of a second) or anything else: the numpy fast paths sit
behind ``is_numpy(xp)``. Every other library is found by ``array_api_compat.array_namespace``,
which recognises torch, JAX, CuPy and Dask arrays by their class without importing those
libraries, and any other array API library by its ``__array_namespace__``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np

__all__ = ["Namespace", "is_numpy", "library_name", "namespace_of"]

Namespace = Any
"""An array API namespace (``xp``): a module such as ``array_api_compat.torch`` or ``jax.numpy``."""

# numpy's own arrays; anything else that is not another library's array is left to numpy too.
_NUMPY: Final = (np.ndarray, np.generic)
# Libraries whose arrays array-api-compat knows by class (some have no __array_namespace__).
_KNOWN_ROOTS: Final = frozenset({"torch", "cupy", "dask", "jax", "jaxlib", "sparse", "ndonnx"})

# The first component of an array class's module, and the library users know it by.
_LIBRARIES: Final = {"jaxlib": "jax", "array_api_strict": "array_api_strict"}


def is_numpy(xp: Namespace) -> bool:
    """Whether ``xp`` is numpy, the library whose fused kernel and compiled loop apply."""
    return xp is np


def library_name(value: object) -> str:
    """The library an array comes from, as users import it: ``"torch"``, ``"jax"``, ``"numpy"``."""
    if _is_plain(value):
        return "numpy"
    root = type(value).__module__.partition(".")[0]
    return _LIBRARIES.get(root, root)


def _is_plain(value: object) -> bool:
    """A numpy array or scalar, or no library's array at all (numbers, lists, strings, None)."""
    if isinstance(value, _NUMPY):
        return True
    cls = type(value)
    return not (
        hasattr(cls, "__array_namespace__") or cls.__module__.partition(".")[0] in _KNOWN_ROOTS
    )


def namespace_of(context: str, named: Sequence[tuple[str, object]]) -> Namespace:
    """The one array namespace of the named arguments, or a one-line ``TypeError``.

    numpy arrays and plain Python values give numpy itself. A mix of libraries (a torch tensor
    and a numpy array, say) is refused naming both arguments and both libraries: converting one
    of them silently could copy it across devices or cut it out of autograd.
    """
    foreign = [(name, value) for name, value in named if not _is_plain(value)]
    if not foreign:
        return np
    arrays = [(name, value) for name, value in named if not _is_scalar_like(value)]
    first_name, first = arrays[0]
    first_library = library_name(first)
    for name, value in arrays[1:]:
        library = library_name(value)
        if library != first_library:
            raise TypeError(
                f"{context}: {first_name} is from {first_library} but {name} is from {library}; "
                "pass arrays of one library (convert with that library's asarray, on the same "
                "device)"
            )
    import array_api_compat  # lazy: a plain numpy call never needs it

    try:
        return array_api_compat.array_namespace(*(value for _, value in foreign))
    except TypeError:
        name, value = foreign[0]
        raise TypeError(
            f"{context}: {name} is a {type(value).__name__} from {library_name(value)}, which is "
            "not an array of any array API library; pass a numpy, torch, JAX, CuPy, Dask or "
            "other array API array"
        ) from None


def _is_scalar_like(value: object) -> bool:
    # Python numbers and lists carry no library: they go with the arrays' library.
    return isinstance(value, int | float | complex | list | tuple | type(None))
