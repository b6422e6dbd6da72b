"""The chapter's printed 6-1-3 in its declared layout: undefined if M ≠ N, false if M = N."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from proofs.check.erratum import check_erratum


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return check_erratum().to_data()


def test_printed_form_is_rejected(report: dict[str, Any]) -> None:
    assert check_erratum().printed_rejected
    assert report["declared_layout"] == "denominator"


def test_clash_names_both_shapes_when_m_differs_from_n(report: dict[str, Any]) -> None:
    general = report["general"]
    assert general["verdict"] == "shape clash"
    first = general["clashes"][0]
    assert (first["left"], first["left_shape"]) == ("diag(x)", "N × N")
    assert (first["right"], first["right_shape"]) == ("∂y/∂z", "M × N")
    assert (first["left_shape_explicit"], first["right_shape_explicit"]) == ("2 × 2", "3 × 2")
    assert "undefined" in first["explicit_error"]


def _matrix(rows: list[list[str]]) -> list[list[Fraction]]:
    return [[Fraction(e) for e in row] for row in rows]


def test_counterexample_recomputes_by_hand(report: dict[str, Any]) -> None:
    # Independently of SymPy: redo both products with Fractions from the recorded numbers.
    e = report["counterexample"]
    n = e["n"]
    assert e["m"] == n
    x = [Fraction(v) for v in e["x"]]
    y = [Fraction(v) for v in e["y"]]
    dx, dy = _matrix(e["dx_dz"]), _matrix(e["dy_dz"])  # denominator layout: entry (j, i)
    printed = [
        [x[r] * dy[r][c] + y[r] * dx[r][c] for c in range(n)] for r in range(n)
    ]  # diag(x) ∂y/∂z + diag(y) ∂x/∂z
    correct = [
        [dy[r][c] * x[c] + dx[r][c] * y[c] for c in range(n)] for r in range(n)
    ]  # ∂y/∂z diag(x) + ∂x/∂z diag(y)
    assert printed == _matrix(e["printed_value"])
    assert correct == _matrix(e["correct_value"]) == _matrix(e["true_value"])
    entry = e["differing_entry"]
    r, c = entry["row"] - 1, entry["column"] - 1
    assert printed[r][c] == Fraction(entry["printed"]) != Fraction(entry["true"])


def test_square_case_fails_symbolically(report: dict[str, Any]) -> None:
    assert report["square"]["verdict"] == "fails"


def test_correct_form_is_stated_and_cites_the_chapter(report: dict[str, Any]) -> None:
    correct = report["correct"]
    assert correct["verified"] is True
    assert correct["statement_text"] == "∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y)"
    assert correct["cites"] == ["6-1-1", "6-1-2", "6-1-3"]
    for label in ("6-1-1", "6-1-2", "6-1-3"):
        assert label in correct["derivation"]
