# The two commands in the README: `make run` (every artifact into ./artifacts) and `make test`.
# `make docs` builds the documentation site into docs/_build/html, with warnings as errors.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
DOCS_STAMP := $(VENV)/.installed-docs
ARTIFACTS := artifacts
HADAMARD := $(BIN)/hadamard

.PHONY: run test lint typecheck pytest docs thorough mutation bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(RUN_STAMP)

$(DOCS_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[dev,docs]'
	touch $@ $(DEV_STAMP) $(RUN_STAMP)

# prove writes derivation.pdf too when pdflatex is installed (Debian: texlive-latex-base).
run: $(RUN_STAMP)
	$(HADAMARD) prove --layout both --out $(ARTIFACTS)/proof
	@command -v pdflatex >/dev/null || echo "pdflatex not found: $(ARTIFACTS)/proof/derivation.pdf was not written (apt-get install -y texlive-latex-base)"
	$(HADAMARD) export lean --out $(ARTIFACTS)/lean
	$(HADAMARD) export coq --out $(ARTIFACTS)/coq
	$(HADAMARD) cite --out $(ARTIFACTS)/citation
	@echo "artifacts written to ./$(ARTIFACTS)"

test: lint typecheck pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy hadamard proofs lean_export tests benchmarks tools

pytest: $(DEV_STAMP)
	$(BIN)/python -m pytest

# The site: Sphinx + MyST + the PyData theme. -E rereads every page, so the API reference always
# follows the docstrings; the CLI reference, the derivation and the certificate schema are
# generated from the package at build time (docs/_ext/hadamard_docs).
docs: $(DOCS_STAMP)
	$(BIN)/sphinx-build -E -W --keep-going -q -b html docs docs/_build/html
	@echo "the site is in docs/_build/html/index.html"

# Long property runs: the Hypothesis `thorough` profile (20,000 examples per property).
thorough: $(DEV_STAMP)
	HYPOTHESIS_PROFILE=thorough $(BIN)/python -m pytest -p no:cacheprovider

# Mutation testing (mutmut, pinned in the `mutation` extra), slice by slice in scratch copies
# kept in .mutation/: run it again on the same tree and it resumes where it stopped.
# docs/development/mutation.md has the scores and the survivors.
mutation: $(DEV_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,mutation]'
	$(BIN)/python -m tools.mutation.slices --work .mutation

bench: $(RUN_STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) $(ARTIFACTS) .mypy_cache .pytest_cache .ruff_cache .hypothesis .mutation
	rm -rf docs/_build docs/_generated build dist
