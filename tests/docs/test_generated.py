"""The generated pages follow the code: the CLI reference, the certificate schema, the API
reference, the module map; and the built site fetches nothing remote.

These run without Sphinx: ``docs/_ext/hadamard_docs`` keeps Sphinx out of everything but its
``setup``. ``make docs`` builds the pages themselves.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest
from hadamard_docs import certificate_schema, cli_reference, generated, offline

from hadamard import Layout, cli
from proofs.check.certificate import build_certificate, certificate_json
from proofs.prove import kernel_record
from tests.docs.examples import ROOT

API_PAGES = ROOT / "docs" / "reference" / "api"

# The public entry points the API reference must document, whatever else it grows to hold.
ENTRY_POINTS = {
    "hadamard",
    "hadamard.testing",
    "hadamard.errors",
    "proofs.prove",
    "proofs.theory.registry",
    "proofs.formula.check",
    "proofs.coq.export",
    "lean_export.project",
}


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found += _parsers(child)
    return found


def test_the_cli_reference_names_every_command_option_and_choice() -> None:
    page = generated.cli_page()
    for parser in _parsers(cli.build_parser()):
        assert f"`{parser.prog}`" in page, parser.prog
        for action in parser._actions:
            for option in action.option_strings:
                assert f"`{option}" in page, (parser.prog, option)
            for choice in action.choices or ():
                assert f"`{choice}`" in page, (parser.prog, choice)
            if action.help and action.help != argparse.SUPPRESS:
                assert action.help in page, (parser.prog, action.help)


def test_the_cli_reference_follows_a_change_to_the_parser() -> None:
    parser = cli.build_parser()
    parser.add_argument("--brand-new-option", help="an option added after the page was written")
    page = cli_reference.cli_markdown(parser, generated.exit_statuses())
    assert "`--brand-new-option`" in page
    assert "an option added after the page was written" in page


def test_every_exit_status_of_the_cli_is_described() -> None:
    constants = {name for name in vars(cli) if re.fullmatch(r"EXIT_[A-Z]+", name)}
    assert constants == set(generated.EXIT_MEANINGS)
    assert sorted(generated.exit_statuses()) == [0, 1, 2, 3]


@pytest.fixture(scope="module")
def certificate() -> dict[str, object]:
    # Both layouts, every theorem; the kernel record as when coqc is absent (its fields when it
    # ran are optional in the schema), so that no coqc run is needed here.
    built = build_certificate(
        (Layout.DENOMINATOR, Layout.NUMERATOR), lambda: (kernel_record(None),)
    )
    data: dict[str, object] = json.loads(certificate_json(built))
    return data


def test_the_certificate_schema_describes_every_field_of_a_real_certificate(
    certificate: dict[str, object],
) -> None:
    assert certificate_schema.problems(certificate) == []


def test_the_schema_check_names_an_undescribed_field_and_a_missing_one(
    certificate: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    changed = json.loads(json.dumps(certificate))
    changed["versions"]["lean"] = "4.34.1"
    fields = dict(certificate_schema.FIELDS)
    fields["erratum.severity"] = certificate_schema.Field("string", "made up")
    monkeypatch.setattr(certificate_schema, "FIELDS", fields)
    assert certificate_schema.problems(changed) == [
        "certificate field 'versions.lean' is not described",
        "described field 'erratum.severity' is not in the certificate",
    ]


def test_the_schema_check_names_a_field_of_another_type(certificate: dict[str, object]) -> None:
    changed = json.loads(json.dumps(certificate))
    changed["summary"]["all"] = "yes"
    assert certificate_schema.problems(changed) == [
        "certificate field 'summary.all' is ['string'], described boolean"
    ]


def test_the_schema_page_has_a_table_for_every_object() -> None:
    page = certificate_schema.schema_markdown()
    for path, obj in certificate_schema.OBJECTS.items():
        assert obj.about in page, path
        assert f"proofs.check.records.{obj.record}`" in page, path


def _included_modules() -> set[str]:
    found = set()
    for page in API_PAGES.glob("*.md"):
        found |= set(re.findall(r"_generated/api/([\w.]+)\.md", page.read_text(encoding="utf-8")))
    return found


def test_the_api_reference_includes_every_documented_module_and_the_entry_points() -> None:
    assert _included_modules() == set(generated.API_MODULES)
    assert set(generated.API_MODULES) >= ENTRY_POINTS


@pytest.mark.parametrize("module", generated.API_MODULES)
def test_every_public_name_of_a_module_is_on_its_page(module: str) -> None:
    import importlib

    page = generated.api_page(module)
    for name in importlib.import_module(module).__all__:
        assert re.search(rf"`~[\w.]+\.{re.escape(name)}`", page), name


def test_a_constant_is_documented_by_the_docstring_under_its_assignment() -> None:
    docs = generated.attribute_docs("hadamard")
    assert docs["Jacobian"].startswith("Either layout")  # assigned in hadamard._jacobian


def test_the_module_map_lists_every_module_with_its_first_line() -> None:
    page = generated.modules_page(ROOT)
    for package in generated.PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            name = path.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".")
            assert f"`{name.removesuffix('.__init__')}`" in page, name
    assert "| `hadamard.cli` | The ``hadamard`` command line" in page


def test_the_derivation_page_puts_its_note_under_the_title() -> None:
    page = generated.derivation_page("<!-- generated -->\n# Title\n\nBody.\n", "9.9")
    lines = page.splitlines()
    assert lines[0] == "# Title"
    assert "hadamard 9.9" in page
    assert page.rstrip().endswith("Body.")
    untitled = generated.derivation_page("Body.\n", "9.9").splitlines()
    assert untitled[0] == "# The derivation"


@pytest.mark.parametrize(
    ("html", "remote"),
    [
        ('<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js"></script>', True),
        ('<link rel="stylesheet" href="//fonts.example.org/css">', True),
        ('<img src="http://example.org/logo.png">', True),
        ('<script defer src="_static/mathjax/tex-chtml.js"></script>', False),
        ('<a href="https://keepachangelog.com/">a link is not fetched</a>', False),
        ('<link rel="canonical" href="https://example.org/">', False),
    ],
)
def test_the_offline_check_finds_remote_assets(tmp_path: Path, html: str, remote: bool) -> None:
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    assert bool(offline.remote_assets(tmp_path)) is remote


def test_the_offline_check_reads_stylesheets(tmp_path: Path) -> None:
    (tmp_path / "site.css").write_text('@import "https://example.org/font.css";', encoding="utf-8")
    (tmp_path / "local.css").write_text("a { background: url(img/x.png); }", encoding="utf-8")
    assert offline.remote_assets(tmp_path) == ["site.css: https://example.org/font.css"]
