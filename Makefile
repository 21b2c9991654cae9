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

## demo: lint the example handbook, then build the portal and serve it on http://127.0.0.1:8000
demo: $(STAMP)
	$(BIN)/irdocs lint
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict
	@echo "serving the portal on http://127.0.0.1:8000/portal/ (Ctrl-C stops)"
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory site

## test: the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/irdocs validate

bench: $(STAMP)
	$(BIN)/python benchmarks/validate.py
	$(BIN)/python benchmarks/portal.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
