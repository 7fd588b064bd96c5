# Two commands set everything up on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test test-fast lint system-deps clean

$(BIN)/.base-installed: requirements/base.lock
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Jinguo needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/base.lock
	touch $@

$(BIN)/.dev-installed: $(BIN)/.base-installed requirements/dev.lock
	$(BIN)/python -m pip install --quiet -r requirements/dev.lock
	touch $@

run: $(BIN)/.base-installed
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "巾帼 Jinguo: http://127.0.0.1:$(PORT)/"
	# The scheduler (reminders, expected reports) runs beside the server and stops with it.
	$(BIN)/python manage.py run_scheduler & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

system-deps:
	@scripts/system_deps.sh

test: $(BIN)/.dev-installed system-deps
	$(BIN)/python -m pytest

lint: $(BIN)/.dev-installed
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m mypy
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var/*.sqlite3 test-artifacts
