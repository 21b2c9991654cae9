# Two entry points, both from a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test validate lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[site]' --group dev
	touch $(STAMP)

## demo: validate the example handbook (and, once the portal exists, build and serve it)
demo: $(STAMP)
	$(BIN)/irdocs validate

## test: the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/irdocs validate

bench: $(STAMP)
	$(BIN)/python benchmarks/validate.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
