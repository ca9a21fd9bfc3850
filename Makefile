# ilteo — the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LOCALES := locales
DOMAIN := ilteo

.PHONY: demo test lint i18n install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make demo: set up, migrate, load the demo catalogue, serve at http://127.0.0.1:8080
demo: $(STAMP)
	$(BIN)/ilteo db upgrade
	$(BIN)/ilteo demo load
	$(BIN)/ilteo serve

## make test: set up and run the whole suite (lint, import rules, catalogues, tests)
test: $(STAMP) lint
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest -q -p no:cacheprovider tests/test_import_shape.py
	$(BIN)/mypy

## make i18n: extract messages, update every catalogue, compile them
i18n: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ --no-location --sort-output \
		--project=ilteo --copyright-holder=ilteo -o $(LOCALES)/$(DOMAIN).pot .
	$(BIN)/pybabel update -i $(LOCALES)/$(DOMAIN).pot -d $(LOCALES) -D $(DOMAIN) --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d $(LOCALES) -D $(DOMAIN) --statistics

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
