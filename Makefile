# qms-registry — `make help` lists the targets.
SHELL := /bin/bash
VENV := .venv
PYTHON := $(VENV)/bin/python
MANAGE := $(PYTHON) manage.py
PORT ?= 8000
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/qms_test

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

system: ## Install the Debian packages the project needs (once)
	@bash scripts/install-system-packages.sh

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e ".[dev]"
	touch $@

venv: system $(VENV)/.installed ## Create .venv with the project and its tools

messages: venv ## Compile the Kyrgyz and Russian catalogues
	$(MANAGE) compilemessages --ignore=.venv -v 0

setup: messages ## Database, registry and admin account
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_qms_registry
	$(MANAGE) qms_reindex
	$(MANAGE) ensure_admin

run: setup ## Serve the site at http://127.0.0.1:$(PORT)
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: messages ## Run the whole suite on SQLite and on PostgreSQL
	bash scripts/test.sh

postgres: venv ## Start a local PostgreSQL for the tests (installed from Debian if missing)
	bash scripts/postgres.sh start

postgres-stop: ## Stop the PostgreSQL that `make postgres` started
	bash scripts/postgres.sh stop

lint: venv ## Check style
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

.PHONY: help system venv messages setup run test postgres postgres-stop lint
