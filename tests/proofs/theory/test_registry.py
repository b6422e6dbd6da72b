"""The registry: one list of self-describing theorems, one module each, and what its hash pins."""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path

import pytest

from hadamard import Layout
from proofs.theory import registry
from proofs.theory.expr import Neg
from proofs.theory.registry import REGISTRY, statement_sha256, theorem
from proofs.theory.statements import Backend, Role, Theorem

THEOREMS_DIR = Path(registry.__file__).parent / "theorems"


def test_the_registry_holds_the_three_theorems_in_order() -> None:
    assert [t.id for t in REGISTRY] == [
        "hadamard_product",
        "hadamard_product_three",
        "hadamard_differential",
    ]


def test_one_module_holds_each_theorem() -> None:
    modules = sorted(p.stem for p in THEOREMS_DIR.glob("*.py") if p.stem != "__init__")
    assert modules == sorted(t.id for t in REGISTRY)
    for t in REGISTRY:
        module = importlib.import_module(f"proofs.theory.theorems.{t.id}")
        assert module.THEOREM is t


@pytest.mark.parametrize("t", REGISTRY, ids=lambda t: t.id)
def test_each_theorem_describes_itself(t: Theorem) -> None:
    assert t.hypotheses
    assert t.subject == t.statements[0].conclusion.equation.lhs
    for statement in t.statements:
        assert [s.role for s in statement.steps] == [
            Role.COMPONENT,
            Role.LEIBNIZ,
            Role.MATRIX_FORM,
        ]
        for step in statement.steps:
            assert step.layout is statement.layout
            assert set(step.names) == set(t.backends), (t.id, step.role)


def test_layouts_are_both_or_none() -> None:
    assert theorem("hadamard_product").layouts == (Layout.DENOMINATOR, Layout.NUMERATOR)
    assert theorem("hadamard_differential").layouts == (None,)
    # A layout-free theorem answers for any layout.
    differential = theorem("hadamard_differential")
    assert differential.statement(Layout.NUMERATOR) is differential.statements[0]


def test_backend_names_are_unique_within_a_backend() -> None:
    for backend in Backend:
        names = [
            step.names[backend]
            for t in REGISTRY
            for statement in t.statements
            for step in statement.steps
            if backend in step.names
        ]
        # A layout-independent step appears in both layouts' statements under one name.
        per_step: dict[str, set[tuple[str, Role]]] = {}
        for t in REGISTRY:
            for statement in t.statements:
                for step in statement.steps:
                    if backend in step.names:
                        per_step.setdefault(step.names[backend], set()).add((t.id, step.role))
        assert all(len(owners) == 1 for owners in per_step.values()), per_step
        assert names


def test_an_unknown_id_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match="hadamard_product_three"):
        theorem("hadamard_quotient")


def test_the_hash_pins_the_statement_not_the_export_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = statement_sha256()
    main = REGISTRY[0]
    step = main.statements[0].steps[0]
    renamed_step = dataclasses.replace(step, names={Backend.COQ: "another_name"})
    renamed = dataclasses.replace(
        main,
        statements=(
            dataclasses.replace(
                main.statements[0], steps=(renamed_step, *main.statements[0].steps[1:])
            ),
            *main.statements[1:],
        ),
        backends=frozenset(),
    )
    monkeypatch.setattr(registry, "REGISTRY", (renamed, *REGISTRY[1:]))
    assert statement_sha256() == before
    wrong_step = dataclasses.replace(
        step, equation=dataclasses.replace(step.equation, rhs=Neg(step.equation.rhs))
    )
    changed = dataclasses.replace(
        main,
        statements=(
            dataclasses.replace(
                main.statements[0], steps=(wrong_step, *main.statements[0].steps[1:])
            ),
            *main.statements[1:],
        ),
    )
    monkeypatch.setattr(registry, "REGISTRY", (changed, *REGISTRY[1:]))
    assert statement_sha256() != before


def test_repeated_or_malformed_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="repeated or not an identifier"):
        registry._check_ids((REGISTRY[0], REGISTRY[0]))
    with pytest.raises(ValueError, match="'no good'"):
        registry._check_ids((dataclasses.replace(REGISTRY[0], id="no good"),))
