"""The README's examples for PyTorch, JAX and Dask run as written, each on its own library."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.core.backends import backend

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```python\n(.*?)^```", README, flags=re.MULTILINE | re.DOTALL)
LIBRARIES = {"torch": "import torch\n", "jax": "import jax\n", "dask": "import dask.array"}


@pytest.mark.parametrize("library", list(LIBRARIES))
def test_the_readme_example_for_each_library_runs(library: str) -> None:
    examples = [block for block in BLOCKS if LIBRARIES[library] in block]
    assert len(examples) == 1, f"one README example imports {library}"
    backend(library)
    namespace: dict[str, object] = {}
    exec(compile(examples[0], "README.md", "exec"), namespace)  # our own README, not user input
