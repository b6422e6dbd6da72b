"""One certificate for the document tests (both layouts; a Coq kernel that accepted, as data)."""

from __future__ import annotations

import dataclasses

import pytest

from hadamard import Layout
from proofs.check.certificate import build_certificate
from proofs.check.records import Certificate, KernelCheck
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


@pytest.fixture(scope="session")
def unchecked() -> Certificate:
    """Every SymPy check, for both layouts; no kernel ran."""
    layouts = (Layout.DENOMINATOR, Layout.NUMERATOR)
    return build_certificate(layouts, lambda: (kernel_record(None),))


@pytest.fixture(scope="session")
def certificate(unchecked: Certificate) -> Certificate:
    """The same checks, with the Coq kernel's acceptance recorded."""
    return dataclasses.replace(unchecked, kernels=(ACCEPTED,))
