"""The documentation's own Sphinx extension: generated pages, offline MathJax, no remote assets.

When the build starts, the CLI reference, the derivation and the certificate schema are
generated from the installed package (:mod:`hadamard_docs.generated`); when the HTML is
written, MathJax is copied into the site and every page is checked to fetch nothing remote
(:mod:`hadamard_docs.offline`). Each problem is a Sphinx warning, which ``make docs`` (``-W``)
turns into an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["setup"]


def _generate(app: Any) -> None:
    from sphinx.util import logging

    from hadamard_docs.generated import generate

    logger = logging.getLogger(__name__)
    for problem in generate(Path(app.srcdir)):
        logger.warning(
            "certificate schema: %s (describe it in docs/_ext/hadamard_docs/certificate_schema.py)",
            problem,
        )


def _finish(app: Any, exception: BaseException | None) -> None:
    from sphinx.util import logging

    from hadamard_docs.offline import copy_mathjax, remote_assets

    if exception is not None or app.builder.format != "html":
        return
    logger = logging.getLogger(__name__)
    copy_mathjax(Path(app.outdir) / "_static")
    for asset in remote_assets(Path(app.outdir)):
        logger.warning("the built site fetches a remote asset: %s", asset)


def setup(app: Any) -> dict[str, Any]:
    """Register the build hooks (``conf.py`` points ``mathjax_path`` at the copied MathJax)."""
    app.connect("builder-inited", _generate)
    app.connect("build-finished", _finish)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
