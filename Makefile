# Entraide — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# PROCESSES=N (N > 1): N daphne processes behind Debian's nginx, as in production (needs REDIS_URL).
PROCESSES ?= 1

.PHONY: run test lint format migrate messages clean help

help:
	@echo "make run   - install, migrate, create a demo network if none exists, serve on http://$(HOST):$(PORT)"
	@echo "             (PROCESSES=N: N daphne processes behind nginx, as in production; needs REDIS_URL)"
	@echo "make test  - install with dev extras, lint, run the whole test suite"

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Entraide needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

# The background worker runs beside daphne; Ctrl+C (or daphne ending) stops both.
run: migrate
	$(PY) manage.py spinup --demo --no-input --url http://$(HOST):$(PORT)
ifneq ($(PROCESSES),1)
	$(PY) deploy/local.py --processes $(PROCESSES) --host $(HOST) --port $(PORT)
else
	@echo "Serving on http://$(HOST):$(PORT) with the background worker (Ctrl+C stops both)"
	@$(PY) manage.py worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/daphne -b $(HOST) -p $(PORT) community.asgi:application
endif

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Regenerates locale/fr/LC_MESSAGES/django.po (file-only locations and no
# obsolete entries keep the diffs small) and compiles the .mo: commit both.
messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages -l fr --ignore=.venv --ignore=staticfiles \
		--ignore=tests --ignore=bench --add-location=file --no-obsolete
	$(PY) manage.py compilemessages -l fr --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
