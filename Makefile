# DHR Case Manager. `make run` serves the app; `make test` runs the whole suite. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
# Exported because the development config builds the links in emails from them (config.py).
export HOST ?= 127.0.0.1
export PORT ?= 5000
export DHR_ENV ?= development

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

dhr/static/govuk/app.css: node_modules/.installed assets/app.scss assets/copy-govuk.js
	npm run --silent build

.PHONY: setup
setup: $(VENV)/.installed dhr/static/govuk/app.css ## Install Python and npm dependencies and build the GOV.UK assets

.PHONY: db-upgrade
db-upgrade: setup ## Apply migrations to the development database
	@$(FLASK) db upgrade -x quiet
	@$(FLASK) dhr rebuild-clocks >/dev/null

.PHONY: seed
seed: db-upgrade ## Load the demo partnership (idempotent)
	@$(FLASK) dhr seed-demo

.PHONY: run
run: db-upgrade ## Set everything up and serve the app on http://127.0.0.1:5000 (PORT=5101 make run: another port)
	@$(PY) tools/serve.py --host $(HOST) --port $(PORT)

.PHONY: worker
worker: setup ## Run a job worker (needs JOBS_REDIS_URL); start as many as you like, with one `flask dhr scheduler`
	$(FLASK) dhr worker

.PHONY: lint
lint: $(VENV)/.installed ## ruff check and format check, and mypy --strict on the typed modules
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

.PHONY: format
format: $(VENV)/.installed ## Reformat and autofix with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

.PHONY: test-sqlite
test-sqlite: setup ## The suite on SQLite
	DHR_ENV=test $(PY) -m pytest -m "not browser" -q --db=sqlite

.PHONY: coverage
coverage: setup ## The SQLite suite under coverage: prints the share of dhr/ it runs (about 1.5 times as long)
	DHR_ENV=test $(PY) -m coverage run -m pytest -m "not browser" -q --db=sqlite
	@echo "Line coverage of dhr/ on the SQLite leg: $$($(PY) -m coverage report --format=total)%"

.PHONY: test-postgres
test-postgres: setup ## The suite on PostgreSQL (DATABASE_URL or the local server; a throwaway database)
	DHR_ENV=test $(PY) -m pytest -m "not browser" -q --db=postgres

.PHONY: test-dates
test-dates: setup ## The SQLite suite at other dates under faketime (TEST_DATES="YYYY-MM-DD HH:MM:SS|..." in UTC)
	@tools/test-at-dates.sh

.PHONY: test-browser
test-browser: setup ## Browser journeys in Debian's Chromium, with axe accessibility checks
	DHR_ENV=test $(PY) -m pytest -m browser -q

.PHONY: test
test: setup lint test-sqlite test-dates test-postgres test-browser ## Everything: lint, SQLite (today and two other dates), PostgreSQL and browser legs

.PHONY: screenshots
screenshots: setup ## Refresh docs/screenshots from the browser journeys
	DHR_ENV=test DHR_SCREENSHOT_DIR=docs/screenshots $(PY) -m pytest -m browser -q

.PHONY: db-revision
db-revision: setup ## New migration: make db-revision m="what changed"
	$(FLASK) db revision --autogenerate -m "$(m)"
	$(FLASK) db heads 2>/dev/null | cut -d' ' -f1 > migrations/.current-alembic-head

$(VENV)/.mutation-installed: $(VENV)/.installed pyproject.toml requirements.lock
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev,mutation]"
	@touch $@

.PHONY: mutation
mutation: $(VENV)/.mutation-installed ## Mutation-test the core pure modules (MODULES="dhr/clocks/engine.py ..." for some)
	DHR_ENV=test $(PY) tools/mutation.py $(MODULES)

.PHONY: clean
clean: ## Remove the venv, node_modules, built assets and the development database
	rm -rf $(VENV) node_modules dhr/static/govuk instance build

.PHONY: bench-national
bench-national: setup ## National scale on PostgreSQL: build the data set, check every page's query plans, then load them under gunicorn
	$(PY) bench/national.py
	$(PY) bench/plans.py
	$(PY) bench/load.py

.PHONY: bench
bench: setup ## Print the benchmark figures (docs/performance.md records them)
	$(PY) bench/bench_foundation.py
	$(PY) bench/bench_reviews.py
	$(PY) bench/bench_evidence.py
	$(PY) bench/bench_drafting.py
	$(PY) bench/tracker_bench.py
	$(PY) bench/repeat_bench.py
	$(PY) bench/bench_notifications.py
