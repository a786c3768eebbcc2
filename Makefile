# Strong Cities Hub — `make run` to start, `make test` to test. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test setup db lint format messages translations vendor e2e clean help

help:
	@echo "make run    set up (venv, install, migrate, demo data) and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   set up and run the whole test suite (DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make lint   ruff check and format check"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)

db: setup
	$(BIN)/python manage.py migrate --no-input -v0
	$(BIN)/python manage.py load_taxonomy

run: db
	@export SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}"; \
	$(BIN)/python manage.py load_demo --once && \
	$(BIN)/python manage.py serve --port $(PORT)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

e2e: setup
	$(BIN)/python -m pytest -m e2e tests/e2e $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract new strings into the .po files (needs GNU gettext), then compile them.
messages: setup
	cd src/strongcities && ../../$(BIN)/python ../../manage.py makemessages --no-obsolete -l fr -l ar -l es -l tr -l en --ignore 'static/vendor/*'
	$(MAKE) translations

translations: setup
	$(BIN)/python manage.py compile_translations

vendor:
	bash scripts/vendor.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
