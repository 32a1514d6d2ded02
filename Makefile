# The handful of commands a newcomer needs. `make run` and `make test` work on a fresh machine.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Tests run with production settings over plain HTTP, with a throwaway secret.
TEST_ENV := DJANGO_DEBUG=false DJANGO_SECRET_KEY=test-only-secret-key \
	DJANGO_ALLOWED_HOSTS=localhost,127.0.0.1,testserver \
	DJANGO_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false DJANGO_HSTS_SECONDS=0

# The first Python >= 3.12 that really runs (pyenv shims exist for versions that are not active).
PYTHON_FOR_VENV = $(shell for p in python3.13 python3.12 python3 \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null); do \
	if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo $$p; break; fi; done)

.PHONY: help venv install install-test run test lint typecheck format messages clean

help:
	@echo "make run        set everything up and serve the site with the seed trials on http://127.0.0.1:8000"
	@echo "make test       install the test tools and run the whole test suite"
	@echo "make lint       ruff (lint and format check) and the import contracts"
	@echo "make typecheck  mypy"

$(PY):
	@if [ -z "$(PYTHON_FOR_VENV)" ]; then echo "No Python 3.12 or newer found. Install one (e.g. pyenv install 3.12) and try again." >&2; exit 1; fi
	$(PYTHON_FOR_VENV) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(BIN)/pip install --quiet -e '.[test,dev]'
	touch $@ $(VENV)/.installed

venv: $(PY)
install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=true $(PY) manage.py createcachetable
	DJANGO_DEBUG=true $(PY) manage.py import_trials seeds/
	DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

test: install-test
	$(TEST_ENV) $(BIN)/pytest

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install-test
	DJANGO_DEBUG=true $(BIN)/mypy .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The compiled catalogues (.mo) are committed, so run and test need no gettext tools.
messages:
	DJANGO_DEBUG=true $(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=tests
	DJANGO_DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache staticfiles
