# Two entry points, both from a fresh machine: `make demo` and `make test`.
# Both install from requirements.lock (every package pinned, with hashes), so every machine tests
# the same versions. `make lock` refreshes the lock; `make test-latest` runs the suite on the newest
# versions pyproject.toml's ranges allow, in its own .venv-latest.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
# uv resolves the lock; pinned here so that a refresh does not depend on the day's uv either
UV_VERSION := 0.13.9
LOCK_VENV := .venv-lock
LATEST_VENV := .venv-latest
# mutmut 2 writes each mutant into the file, so subprocesses the tests start see it (see
# benchmarks/mutation.py); a tool in its own venv, pinned here, not a dependency of irdocs
MUTMUT_VERSION := 2.5.1
MUTATION_VENV := .venv-mutation
# `make lock` moves every pin to the newest allowed version; `make lock UPGRADE=` keeps the
# current pins and only resolves what pyproject.toml added or changed.
UPGRADE ?= --upgrade
# The example handbook is a story told on this day: its runbooks fall due for review, and its
# action items overdue, against it (`make demo EXAMPLE_DAY=$(date +%F)` shows them aging).
EXAMPLE_DAY ?= 2026-11-28

.PHONY: demo test test-latest lock validate lint bench mutation clean

# A new venv from the lock: packages added, removed or moved by the lock take effect exactly.
# hatchling (the build backend) is in the lock too, hence --no-build-isolation for irdocs itself.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --only-binary :all: -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --no-index -e .
	touch $(STAMP)

## demo: lint the example handbook, then build the portal and serve it on http://127.0.0.1:8000
demo: $(STAMP)
	IRDOCS_TODAY=$(EXAMPLE_DAY) $(BIN)/irdocs lint
	IRDOCS_TODAY=$(EXAMPLE_DAY) NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict
	@echo "serving the portal on http://127.0.0.1:8000/portal/ (Ctrl-C stops)"
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory site

## test: the whole test suite, on the locked versions
test: $(STAMP)
	$(BIN)/python -m pytest

## test-latest: the whole test suite on the newest versions the ranges allow (no lock)
test-latest:
	$(PYTHON) -m venv --clear $(LATEST_VENV)
	$(LATEST_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST_VENV)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager \
		-e '.[site]' --group dev
	$(LATEST_VENV)/bin/python .ci/lock-drift $(LOCK)
	$(LATEST_VENV)/bin/python -m pytest

## lock: re-resolve requirements.lock with uv (CPython 3.11; one resolution for every platform),
## then check that Linux x86_64 and aarch64 get a wheel for every package (no compiler needed)
lock:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet uv==$(UV_VERSION)
	$(LOCK_VENV)/bin/uv pip compile pyproject.toml --extra site --group dev $(UPGRADE) \
		--universal --python-version 3.11 --generate-hashes --quiet \
		--custom-compile-command 'make lock' --output-file $(LOCK)
	for platform in x86_64-manylinux_2_28 aarch64-manylinux_2_28; do \
		$(LOCK_VENV)/bin/uv pip compile $(LOCK) --only-binary :all: --python-version 3.11 \
			--python-platform $$platform --quiet --no-header --output-file /dev/null || exit 1; \
	done

validate: $(STAMP)
	$(BIN)/irdocs validate

bench: $(STAMP)
	$(BIN)/python benchmarks/speed.py

## mutation: mutation testing of the core modules ([tool.mutmut.modules]); prints the score table
mutation: $(STAMP)
	$(PYTHON) -m venv $(MUTATION_VENV)
	$(MUTATION_VENV)/bin/python -m pip install --quiet mutmut==$(MUTMUT_VERSION)
	$(MUTATION_VENV)/bin/python benchmarks/mutation.py $(MODULES)

clean:
	rm -rf $(VENV) $(LATEST_VENV) $(LOCK_VENV) $(MUTATION_VENV) build dist .pytest_cache
