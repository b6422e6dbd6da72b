"""Sphinx configuration: MyST Markdown, the PyData theme, autodoc with numpydoc, offline MathJax.

``make docs`` builds it with warnings as errors. The CLI reference, the derivation and the
certificate schema are generated at build time by the local extension ``hadamard_docs``
(``docs/_ext``), from the installed package.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))
sys.path.insert(0, str(DOCS.parent))  # the checkout's packages, installed or not

from hadamard_docs.offline import MATHJAX_ENTRY  # noqa: E402

import hadamard  # noqa: E402

project = "hadamard"
author = "The hadamard developers"
copyright = "2026, The hadamard developers"
release = hadamard.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "hadamard_docs",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_generated", "Thumbs.db", ".DS_Store"]

# MyST: $…$ and $$…$$ math (the derivation uses both), ::: fences, heading anchors for links.
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3

# Autodoc reads the docstrings; numpydoc renders their sections. Members follow __all__.
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
# Show numpy's aliases by name instead of expanding their unions into every signature.
autodoc_type_aliases = {
    "ArrayLike": "numpy.typing.ArrayLike",
    "DTypeLike": "numpy.typing.DTypeLike",
    "NDArray": "numpy.typing.NDArray",
    "JacobianImpl": "JacobianImpl",
    "VjpImpl": "VjpImpl",
}
autosummary_generate = False
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks: set[str] = set()

# MathJax from the site itself (copied from the sphinx-mathjax-offline package), never a CDN.
mathjax_path = MATHJAX_ENTRY

html_theme = "pydata_sphinx_theme"
html_title = f"hadamard {release}"
html_static_path = ["_static"]
html_css_files = ["hadamard.css"]
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
# Pages with no sub-pages need no section navigation.
html_sidebars = {"index": [], "getting-started": [], "changelog": []}
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "header_links_before_dropdown": 6,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "secondary_sidebar_items": ["page-toc"],
}
