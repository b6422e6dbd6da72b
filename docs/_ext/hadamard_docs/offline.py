"""The site works offline: MathJax is served from the site, and no page loads a remote asset.

MathJax 3 comes from the ``sphinx-mathjax-offline`` package on PyPI (in the ``docs`` extra),
which ships it as package data. Only what ``tex-chtml.js`` loads is copied: the component
itself, the TeX extensions it autoloads (``\\boldsymbol``), the CommonHTML fonts, and the menu
and accessibility modules it may load on demand.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

MATHJAX_PACKAGE = "sphinx-mathjax-offline"
MATHJAX_ENTRY = "mathjax/tex-chtml.js"
"""``mathjax_path``, relative to the site's ``_static``."""

MATHJAX_PARTS = ("tex-chtml.js", "input", "output/chtml", "ui", "a11y", "sre", "adaptors")

# A tag that makes the browser fetch something when the page is shown (not a plain link).
_FETCHING = re.compile(
    r"<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=[\"'](?P<src>[^\"']+)"
    r"|<link\b(?=[^>]*\brel=[\"'](?:stylesheet|preload|modulepreload|icon|prefetch)[\"'])"
    r"[^>]*\bhref=[\"'](?P<href>[^\"']+)",
    re.IGNORECASE,
)
_CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])(?P<url>[^"')\s]+)""", re.IGNORECASE)


def mathjax_source() -> Path:
    """The folder of MathJax files inside the installed ``sphinx-mathjax-offline`` package."""
    spec = importlib.util.find_spec(MATHJAX_PACKAGE)
    if spec is None or spec.origin is None:
        raise RuntimeError(
            f"{MATHJAX_PACKAGE} is not installed; install the docs extra: pip install -e '.[docs]'"
        )
    return Path(spec.origin).parent / "static" / "mathjax"


def copy_mathjax(static: Path) -> Path:
    """Copy what ``tex-chtml.js`` needs into ``static/mathjax``; return the entry point."""
    source = mathjax_source()
    target = static / "mathjax"
    for part in MATHJAX_PARTS:
        origin = source / part
        if origin.is_dir():
            shutil.copytree(origin, target / part, dirs_exist_ok=True)
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, target / part)
    return static / MATHJAX_ENTRY


def _remote(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def remote_assets(site: Path) -> list[str]:
    """Every remote URL a page or stylesheet of the built site would fetch when shown."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for match in _FETCHING.finditer(page.read_text(encoding="utf-8")):
            url = match.group("src") or match.group("href")
            if _remote(url):
                found.append(f"{page.relative_to(site)}: {url}")
    for sheet in sorted(site.rglob("*.css")):
        for match in _CSS_URL.finditer(sheet.read_text(encoding="utf-8", errors="replace")):
            if _remote(match.group("url")):
                found.append(f"{sheet.relative_to(site)}: {match.group('url')}")
    return found
