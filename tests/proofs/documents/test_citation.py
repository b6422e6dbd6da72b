"""Citation: every format names the package, the statement hash, the layout and the checkers;
CITATION.cff on disk is exactly what proofs.documents.citation renders, and is valid CFF 1.2.0."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import hadamard
from hadamard import Layout
from hadamard.errors import InputError
from proofs.documents.citation import (
    AUTHORS,
    CFF_FILE,
    FORMATS,
    RELEASE_YEAR,
    cff_data,
    citation,
    citation_files,
    render_cff,
    render_citation,
)
from proofs.printing.latex import text
from proofs.theory.registry import REGISTRY, statement_sha256
from proofs.theory.theorems.hadamard_product import correct_form

ROOT = Path(__file__).resolve().parents[3]
REGENERATE = "regenerate it with: python -m proofs.documents.citation > CITATION.cff"

# Citation File Format 1.2.0 (schema.json of citation-file-format/citation-file-format):
# the keys a file must have, and every key it may have at the top level.
CFF_REQUIRED = ("cff-version", "message", "title", "authors")
CFF_ALLOWED = frozenset(
    {
        "abstract",
        "authors",
        "cff-version",
        "commit",
        "contact",
        "date-released",
        "doi",
        "identifiers",
        "keywords",
        "license",
        "license-url",
        "message",
        "preferred-citation",
        "references",
        "repository",
        "repository-artifact",
        "repository-code",
        "title",
        "type",
        "url",
        "version",
    }
)
CFF_PERSON_OR_ENTITY = frozenset({"name", "family-names", "given-names"})


def read_cff(text: str) -> dict[str, object]:
    """Read the block-YAML subset render_cff writes (quoted scalars, lists, one-level maps)."""
    data: dict[str, object] = {}
    key = ""
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if not line.startswith(" "):
            key, _, value = line.partition(":")
            data[key] = json.loads(value) if value.strip() else []
        elif line.startswith("  - "):
            items = data[key]
            assert isinstance(items, list)
            entry = line[4:]
            if re.match(r"[a-z-]+: ", entry):
                name, _, value = entry.partition(": ")
                items.append({name: json.loads(value)})
            else:
                items.append(json.loads(entry))
        else:
            items = data[key]
            assert isinstance(items, list)
            assert line.startswith("    ")
            name, _, value = line.strip().partition(": ")
            items[-1][name] = json.loads(value)
    return data


def cff_problems(data: dict[str, object]) -> list[str]:
    """What makes ``data`` invalid CFF 1.2.0 (an empty list when it is valid)."""
    problems = [f"missing required key {key!r}" for key in CFF_REQUIRED if key not in data]
    problems += [f"unknown key {key!r}" for key in sorted(set(data) - CFF_ALLOWED)]
    if data.get("cff-version") != "1.2.0":
        problems.append(f"cff-version must be '1.2.0', got {data.get('cff-version')!r}")
    for key in ("message", "title", "version", "abstract", "license"):
        if key in data and not (isinstance(data[key], str) and data[key]):
            problems.append(f"{key} must be a non-empty string")
    authors = data.get("authors")
    if not isinstance(authors, list) or not authors:
        problems.append("authors must be a non-empty list")
    else:
        for author in authors:
            if not isinstance(author, dict) or not (set(author) & CFF_PERSON_OR_ENTITY):
                problems.append(f"author {author!r} has neither name nor family-names")
    if data.get("type", "software") not in ("software", "dataset"):
        problems.append("type must be 'software' or 'dataset'")
    keywords = data.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        problems.append("keywords must be a list of strings")
    return problems


def test_citation_cff_on_disk_is_what_the_package_renders() -> None:
    on_disk = (ROOT / CFF_FILE).read_text(encoding="utf-8")
    assert on_disk == render_cff(), f"{CFF_FILE} is stale; {REGENERATE}"


def test_citation_cff_is_valid_cff_1_2_0() -> None:
    data = read_cff((ROOT / CFF_FILE).read_text(encoding="utf-8"))
    assert cff_problems(data) == []
    assert data == cff_data()  # the reader and the writer agree on every key and value


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.pop("authors"), "missing required key 'authors'"),
        (lambda d: d.pop("message"), "missing required key 'message'"),
        (lambda d: d.update({"cff-version": "1.1.0"}), "cff-version must be '1.2.0'"),
        (lambda d: d.update({"date": "2026"}), "unknown key 'date'"),
        (lambda d: d.update({"authors": [{"email": "a@b"}]}), "neither name nor family-names"),
        (lambda d: d.update({"type": "program"}), "type must be"),
        (lambda d: d.update({"title": ""}), "title must be a non-empty string"),
    ],
)
def test_the_cff_validator_says_no_to_broken_files(change: object, problem: str) -> None:
    data = cff_data()
    assert callable(change)
    change(data)
    assert any(problem in p for p in cff_problems(data))


def test_the_cff_states_the_hash_the_version_and_the_authors() -> None:
    data = cff_data()
    assert data["version"] == hadamard.__version__
    assert data["authors"] == [{"name": AUTHORS}]
    abstract = data["abstract"]
    assert isinstance(abstract, str)
    assert statement_sha256() in abstract
    assert text(correct_form(Layout.DENOMINATOR)) in abstract


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_format_cites_the_package_the_theorem_and_its_checkers(fmt: str) -> None:
    text = render_citation(fmt)
    c = citation()
    assert statement_sha256() in text
    assert hadamard.__version__ in text
    assert AUTHORS in text
    assert str(RELEASE_YEAR) in text
    assert f"SymPy {c.sympy}" in text
    assert "Coq kernel (coqc" in text
    assert "Reals" in text
    assert "autograd" in text
    assert "finite differences" in text
    assert "denominator layout" in text
    assert "numerator layout" in text.lower()
    assert "6-1-3" in text


def test_sympy_version_is_the_installed_series() -> None:
    import sympy

    assert sympy.__version__.startswith(citation().sympy + ".") or sympy.__version__ == (
        citation().sympy
    )


@pytest.mark.parametrize("fmt", ["bibtex", "latex"])
def test_tex_formats_escape_specials_and_balance_braces(fmt: str) -> None:
    text = render_citation(fmt)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("%"))
    assert re.search(r"(?<!\\)_", body) is None  # every underscore escaped
    depth = 0
    for ch in re.sub(r"\\[{}]", "", body):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0


def test_bibtex_entry_shape() -> None:
    text = render_citation("bibtex")
    assert text.startswith("@software{hadamard,\n")
    assert text.endswith("}\n")
    for field in ("author", "title", "version", "year", "note"):
        assert re.search(rf"^  {field} +=", text, re.MULTILINE), field


def test_output_is_deterministic_and_undated() -> None:
    for fmt in FORMATS:
        assert render_citation(fmt) == render_citation(fmt)
    everything = "".join(content.decode() for content in citation_files(None).values())
    assert re.search(r"\d{4}-\d{2}-\d{2}", everything) is None  # no dates
    assert "/work" not in everything  # no absolute paths


def test_citation_files_name_each_format() -> None:
    assert sorted(citation_files(None)) == sorted([*FORMATS.values(), CFF_FILE])
    for fmt, name in FORMATS.items():
        assert citation_files(fmt) == {name: render_citation(fmt).encode("utf-8")}


def test_unknown_format_is_refused_with_its_name() -> None:
    with pytest.raises(InputError, match=r"--format='yaml' is not a citation format"):
        render_citation("yaml")
    with pytest.raises(InputError, match="--format="):
        citation_files("yaml")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_names_every_theorem_of_the_registry(fmt: str) -> None:
    # The statement hash covers the whole registry, so the citation says what it covers.
    rendered = render_citation(fmt).replace("\\_", "_")
    for registered in REGISTRY:
        assert registered.id in rendered, (fmt, registered.id)
        assert registered.title in rendered, (fmt, registered.id)


def test_the_citation_file_format_names_every_theorem_of_the_registry() -> None:
    assert all(t.id in render_cff() for t in REGISTRY)
