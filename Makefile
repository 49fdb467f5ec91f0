# `make test` and `make demo` work from a fresh clone: both create .venv and install into it.
# `make demo` installs only what the demo needs (the core with its plot extra and every plugin
# distribution under plugins/); `make test` installs the same and the pinned dev tools on top.
# Each install has its own stamp, since the targets share .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLUGINS := $(sort $(wildcard plugins/*/pyproject.toml))
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
DEMO_STAMP := $(VENV)/.installed-demo
STAMP := $(VENV)/.installed

.PHONY: test demo lint typecheck pytest bench clean

$(DEMO_STAMP): pyproject.toml $(PLUGINS)
	$(PYTHON) -m venv $(VENV)
	$(PIP) -e '.[plot]' $(foreach p,$(PLUGINS),-e $(dir $(p)))
	touch $@

$(STAMP): $(DEMO_STAMP) requirements-dev.txt
	$(PIP) -r requirements-dev.txt
	touch $@

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src plugins tests benchmarks examples

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q -p no:cacheprovider

demo: $(DEMO_STAMP)
	$(BIN)/autograd-core demo --plot demo.png

# Side-by-side benchmarks (not tests): ratios against hand-written numpy and, where installed,
# PyTorch, HIPS autograd and DeZero (`.venv/bin/pip install autograd dezero` to add those).
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_compare.py
	$(BIN)/python benchmarks/bench_overhead.py
	$(BIN)/python benchmarks/bench_calls.py
	$(BIN)/python benchmarks/bench_conv.py
	$(BIN)/python benchmarks/bench_functional.py
	$(BIN)/python benchmarks/bench_train.py
	$(BIN)/python benchmarks/bench_gelu.py

clean:
	rm -rf $(VENV)
