"""One certificate for the document tests (both layouts; a Coq kernel that accepted, as data)."""

from __future__ import annotations

import dataclasses

import pytest

from hadamard import Layout
from proofs.check.certificate import build_certificate
from proofs.check.records import Certificate, KernelCheck
from proofs.coq import mathcomp
from proofs.coq.kernel import MATHCOMP, MATHCOMP_AXIOMS, STDLIB
from proofs.prove import kernel_record

ACCEPTED = KernelCheck(
    "Coq standard library (Reals)",
    run=True,
    method="coqc over the exported files",
    checker_version="8.16.1",
    theorems=(
        "leibniz_6_1_2",
        "hadamard_derivative_denominator",
        "hadamard_derivative_numerator",
        "constant_x_denominator",
        "constant_x_numerator",
    ),
    ok=True,
    assumptions=(
        (
            "main_theorems_together",
            (
                "ClassicalDedekindReals.sig_forall_dec",
                "FunctionalExtensionality.functional_extensionality_dep",
            ),
        ),
    ),
)
"""What the Coq kernel reports on this machine (the real run is tested in test_prove)."""

ACCEPTED_MATHCOMP = KernelCheck(
    "MathComp-Analysis",
    run=True,
    method="coqc over the exported mathcomp/MathCompJacobian.v",
    checker_version="8.16.1",
    theorems=mathcomp.main_theorem_names(),
    ok=True,
    assumptions=tuple(
        (name, tuple(sorted(MATHCOMP_AXIOMS))) for name in mathcomp.main_theorem_names()
    ),
    backend="mathcomp",
)
"""The MathComp development's verdict, as `hadamard prove` records it: its own column."""


@pytest.fixture(scope="session")
def unchecked() -> Certificate:
    """Every SymPy check, for both layouts; no kernel ran."""
    layouts = (Layout.DENOMINATOR, Layout.NUMERATOR)
    absent = (kernel_record(None, STDLIB), kernel_record(None, MATHCOMP))
    return build_certificate(layouts, lambda: absent)


@pytest.fixture(scope="session")
def certificate(unchecked: Certificate) -> Certificate:
    """The same checks, with both Coq kernels' acceptance recorded."""
    return dataclasses.replace(unchecked, kernels=(ACCEPTED, ACCEPTED_MATHCOMP))
