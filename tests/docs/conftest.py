"""The documentation's own extension, ``docs/_ext/hadamard_docs``, is importable here."""

from __future__ import annotations

import sys
from pathlib import Path

EXTENSION = Path(__file__).resolve().parents[2] / "docs" / "_ext"
if str(EXTENSION) not in sys.path:
    sys.path.insert(0, str(EXTENSION))
