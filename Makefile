# Etablering Stockholm – `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
# Task workers `make run` starts (each takes the highest priority first; SQLite's WAL journal and
# exclusive claims let them share the queue): two make the chain's speech after a fresh demo load
# in half the time on a two-core machine.
TASK_WORKERS ?= 2
DEV_SETTINGS := etablering.settings.dev
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: help run reencode install install-test migrate demo superuser periodic test test-fast test-postgres scale-check load-test demo-cases lint format messages clean system-deps speech-deps audit audit-ci serve-prod

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-15s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml requirements/constraints.txt
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e .
	@touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e ".[test]"
	@touch $@

install: $(STAMP) ## Create .venv and install the locked dependencies

install-test: $(TEST_STAMP) system-deps ## Install what the tests need (Python packages, Chromium, gettext)

system-deps: ## Install Debian's Chromium and gettext for the tests, where missing and possible
	@bash scripts/system-deps.sh

migrate: $(STAMP) ## Apply database migrations (SQLite by default, DATABASE_URL if set)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py migrate --no-input -v0

speech-deps: ## Install ffmpeg (the audio pipeline; the synthesiser is a Python dependency) where missing and possible (never fails)
	@bash scripts/system-deps.sh speech

demo: migrate speech-deps ## Load the demo content (idempotent: never overwrites an editor's work)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py load_demo_content

superuser: migrate ## Create an admin account if none exists
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py ensure_admin

periodic: migrate ## Queue the periodic tasks that are due (one pass of the scheduler that make run starts)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py intake_periodic

reencode: migrate ## Queue the re-encoding of older clips for the worker (nothing to do once all are converted)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py generate_speech --reencode --in-background

run: demo superuser reencode ## Serve the site with demo content at http://127.0.0.1:$(PORT)/ (and the task worker and scheduler)
	@mkdir -p var
	@echo "Site:  http://127.0.0.1:$(PORT)/"
	@echo "Admin: http://127.0.0.1:$(PORT)/admin/"
	@echo "Background-task workers ($(TASK_WORKERS)) and scheduler log: var/worker.log"
	@pids=; for n in $$(seq $(TASK_WORKERS)); do \
	  DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py db_worker >> var/worker.log 2>&1 & pids="$$pids $$!"; \
	done; \
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py run_scheduler >> var/worker.log 2>&1 & pids="$$pids $$!"; \
	trap 'kill $$pids 2>/dev/null' EXIT INT TERM; \
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install-test ## Run the whole test suite on SQLite (no server needed): lint, checks, unit and browser tests
	$(BIN)/ruff check .
	env -u DATABASE_URL $(PY) manage.py check --settings=etablering.settings.test
	env -u DATABASE_URL $(PY) manage.py makemigrations --check --dry-run --settings=etablering.settings.test
	env -u DATABASE_URL $(BIN)/pytest -q -m "not services"

test-fast: install-test ## Run the tests without the browser (axe) tests
	$(BIN)/pytest -q -m "not browser and not services"

test-postgres: install-test ## Run the suite (browser tests aside) against PostgreSQL at DATABASE_URL and Redis at TEST_REDIS_URL
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	TEST_REDIS_URL=$${TEST_REDIS_URL:-redis://127.0.0.1:6379/15} $(BIN)/pytest -q -m "not browser"

scale-check: install-test ## Two app processes, one PostgreSQL, one Redis, task workers killed mid-batch: nothing lost or sent twice
	$(PY) scripts/scale_check.py --database-url $${SCALE_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} --redis-url $${SCALE_REDIS_URL:-redis://127.0.0.1:6379/14}

load-test: install ## 500 simultaneous contact-form posts against gunicorn; every one must be stored
	$(PY) scripts/load_intake.py $(if $(DATABASE_URL),--database-url $(DATABASE_URL),)

demo-cases: migrate ## Add 60 fictional intake cases to the demo database (never on real data)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py create_demo_cases --yes-this-is-a-demo

lint: install-test ## Check the code with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP) ## Extract interface strings into locales/ and compile the catalogs
	cd . && DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py makemessages --all --no-obsolete --no-location --ignore=.venv --ignore=tests --ignore=scripts --ignore=static_collected
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py compilemessages --ignore=.venv

audit: install-test ## Check the locked dependencies for known vulnerabilities (needs PyPI's advisory service)
	$(BIN)/pip-audit -r requirements/constraints.txt --progress-spinner off --strict

audit-ci: install-test ## As audit, but a package the advisory service cannot look up is listed, not fatal (CI)
	$(BIN)/pip-audit -r requirements/constraints.txt --progress-spinner off

serve-prod: install ## Serve with production settings and gunicorn on 127.0.0.1:$(PORT), to verify locally (needs SECRET_KEY, DATABASE_URL)
	@test -n "$$SECRET_KEY" || { echo 'serve-prod: SECRET_KEY is not set. Try: SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") DATABASE_URL=sqlite:///$$PWD/db.sqlite3 make serve-prod' >&2; exit 1; }
	@test -n "$$DATABASE_URL" || { echo 'serve-prod: DATABASE_URL is not set, e.g. DATABASE_URL=sqlite:///$$PWD/db.sqlite3 or postgres://user@127.0.0.1:5432/db' >&2; exit 1; }
	DJANGO_SETTINGS_MODULE=etablering.settings.production ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} $(PY) manage.py collectstatic --no-input -v0
	@echo "Site: http://127.0.0.1:$(PORT)/ (production settings over plain HTTP: SECURE_SSL_REDIRECT=false)"
	DJANGO_SETTINGS_MODULE=etablering.settings.production ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	SECURE_SSL_REDIRECT=false HOST=127.0.0.1 PORT=$(PORT) $(BIN)/gunicorn -c etablering/gunicorn.conf.py etablering.wsgi

clean: ## Remove the virtual environment, the local database and media (public and private)
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* media private-media static_collected test.sqlite3*

.PHONY: bench
bench: install ## Benchmark the public pages (gunicorn, production settings; SQLite or DATABASE_URL)
	$(PY) scripts/bench.py $(if $(DATABASE_URL),--database-url $(DATABASE_URL),)
