"""hadamard.testing's facade: __all__ imports, and the core never imports Hypothesis."""

from __future__ import annotations

import subprocess
import sys

import hadamard.testing


def test_every_name_in_all_imports() -> None:
    for name in hadamard.testing.__all__:
        assert hasattr(hadamard.testing, name), name


def test_all_lists_the_issue_surface() -> None:
    surface = {
        "layouts",
        "shape_pairs",
        "vectors",
        "jacobians",
        "function_pairs",
        "check_hadamard_jacobian",
        "check_hadamard_vjp",
    }
    assert surface <= set(hadamard.testing.__all__)


def test_importing_the_core_does_not_import_hypothesis() -> None:
    code = "import sys, hadamard; sys.exit('hypothesis' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
