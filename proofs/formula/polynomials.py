"""Exact arithmetic for the checker: polynomials with integer coefficients, and arrays of them.

A polynomial is a mapping from monomials (sorted tuples of symbol numbers, with repetition) to
nonzero integer coefficients, so two polynomials are equal exactly when their mappings are.
Nothing here knows about formulas: it adds, multiplies, differentiates by the power rule and
substitutes integers. Symbols numbered from :data:`PERTURBATION` up are perturbations (the
offsets along which derivatives are taken); :func:`at_point` sets them to zero, and products
are kept to first order in them (:func:`mul`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import prod

__all__ = [
    "PERTURBATION",
    "Monomial",
    "Poly",
    "Symbols",
    "Tensor",
    "add",
    "at_point",
    "constant",
    "derivative",
    "mul",
    "negate",
    "power",
    "scale",
    "substitute",
    "symbol",
]

Monomial = tuple[int, ...]
Poly = Mapping[Monomial, int]

PERTURBATION = 1 << 20
"""Symbols numbered from here are perturbations; the generic values are numbered below."""


def constant(value: int) -> Poly:
    """The constant polynomial ``value`` (the empty mapping for 0)."""
    return {(): value} if value else {}


def symbol(number: int) -> Poly:
    """The polynomial made of one symbol."""
    return {(number,): 1}


def _accumulate(total: dict[Monomial, int], monomial: Monomial, coefficient: int) -> None:
    """total += coefficient · monomial, keeping no zero coefficient."""
    value = total.get(monomial, 0) + coefficient
    if value:
        total[monomial] = value
    else:
        total.pop(monomial, None)


def add(p: Poly, q: Poly) -> Poly:
    """p + q."""
    total = dict(p)
    for monomial, coefficient in q.items():
        _accumulate(total, monomial, coefficient)
    return total


def scale(p: Poly, factor: int) -> Poly:
    """factor · p."""
    if not factor:
        return {}
    return {monomial: factor * coefficient for monomial, coefficient in p.items()}


def negate(p: Poly) -> Poly:
    """-p."""
    return scale(p, -1)


def mul(p: Poly, q: Poly) -> Poly:
    """p · q, to first order in the perturbations.

    A monomial with two perturbations is dropped: every derivative the checker takes is a first
    derivative at the point, where such a monomial contributes nothing (second derivatives are
    refused before anything is evaluated). It keeps products of many factors small.
    """
    product: dict[Monomial, int] = {}
    for m1, c1 in p.items():
        for m2, c2 in q.items():
            monomial = tuple(sorted(m1 + m2)) if m1 and m2 else m1 or m2
            if len(monomial) > 1 and monomial[-2] >= PERTURBATION:
                continue
            _accumulate(product, monomial, c1 * c2)
    return product


def power(p: Poly, exponent: int) -> Poly:
    """p ** exponent, for exponent ≥ 0."""
    result: Poly = constant(1)
    for _ in range(exponent):
        result = mul(result, p)
    return result


def derivative(p: Poly, number: int) -> Poly:
    """∂p/∂(symbol ``number``), by the power rule on each monomial."""
    result: dict[Monomial, int] = {}
    for monomial, coefficient in p.items():
        count = monomial.count(number)
        if count:
            at = monomial.index(number)
            _accumulate(result, monomial[:at] + monomial[at + 1 :], count * coefficient)
    return result


def at_point(p: Poly) -> Poly:
    """p with every perturbation set to zero (monomials are sorted: perturbations come last)."""
    return {m: c for m, c in p.items() if not m or m[-1] < PERTURBATION}


def substitute(p: Poly, values: Mapping[int, int]) -> int:
    """The integer p takes when each symbol is given its value."""
    return sum(c * prod(values[s] for s in m) for m, c in p.items())


class Symbols:
    """Numbers symbols deterministically, and keeps what each number stands for in ``names``.

    Only the numbers count: no verdict or counterexample reads ``names`` (it is there for a
    reader debugging a model, and the name at each call says what the symbol is).
    """

    def __init__(self) -> None:
        self.names: dict[int, str] = {}
        self._generic = 0
        self._perturbation = PERTURBATION

    def generic(self, name: str) -> int:
        """A new generic symbol (a value or a first derivative at the point)."""
        self._generic += 1
        self.names[self._generic] = name
        return self._generic

    def perturbation(self, name: str) -> int:
        """A new perturbation symbol (an offset of a variable, or the path parameter)."""
        self._perturbation += 1
        self.names[self._perturbation] = name
        return self._perturbation


@dataclass(frozen=True)
class Tensor:
    """An array of polynomials: its shape and its entries in row-major order."""

    shape: tuple[int, ...]
    entries: tuple[Poly, ...]

    @staticmethod
    def build(shape: Sequence[int], entries: Iterable[Poly]) -> Tensor:
        """A tensor of ``shape`` from its entries in row-major order."""
        values = tuple(entries)
        if len(values) != prod(shape):  # pragma: no cover - every caller counts its entries
            raise ValueError(f"{len(values)} entries for the shape {tuple(shape)}")
        return Tensor(tuple(shape), values)

    @staticmethod
    def zeros(shape: Sequence[int]) -> Tensor:
        """The zero array of ``shape``."""
        return Tensor(tuple(shape), tuple({} for _ in range(prod(shape))))

    def map(self, function: Callable[[Poly], Poly]) -> Tensor:
        """The tensor with ``function`` applied to every entry."""
        return Tensor(self.shape, tuple(function(p) for p in self.entries))

    def item(self, index: Sequence[int]) -> Poly:
        """The entry at the multi-index ``index`` (0-based)."""
        flat = 0
        for size, at in zip(self.shape, index, strict=True):
            flat = flat * size + at
        return self.entries[flat]
