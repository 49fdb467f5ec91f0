# `make test` and `make demo` work from a fresh clone: both create .venv and install into it
# the core, every plugin distribution under plugins/, and (for tests) the pinned dev tools.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLUGINS := $(sort $(wildcard plugins/*/pyproject.toml))
STAMP := $(VENV)/.installed

.PHONY: test demo lint typecheck pytest bench clean

$(STAMP): pyproject.toml requirements-dev.txt $(PLUGINS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt \
		-e . $(foreach p,$(PLUGINS),-e $(dir $(p)))
	touch $@

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src plugins tests benchmarks examples

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q -p no:cacheprovider

demo: $(STAMP)
	$(BIN)/autograd-core demo

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_overhead.py

clean:
	rm -rf $(VENV)
