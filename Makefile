# The two commands in README.md are the contract: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The salary survey, imported by `make run` when present (see docs/salaries.md).
SALARY_CSV ?= ../shared/data/aijobs-salaries-2025-01-19.csv

.PHONY: run test install lint format check-python clean bench

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.11")'

# Reinstall only when the dependencies change.
$(INSTALLED): pyproject.toml | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(INSTALLED)

install: $(INSTALLED)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_catalogue
	$(BIN)/python manage.py seed_demo --if-empty
	@if [ -f "$(SALARY_CSV)" ]; then echo "Salary survey found at $(SALARY_CSV)"; \
	  $(BIN)/python manage.py import_salaries "$(SALARY_CSV)" --source aijobs-salaries-2025-01-19 --if-missing; \
	else echo "No salary survey at $(SALARY_CSV); /salaries/ will explain how to import one."; fi
	@echo "Serving on http://$(HOST):$(PORT)/ with a background worker (e-mails print here)."
	@$(BIN)/python manage.py run_worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT)

# One worker per core (pytest-xdist); `.venv/bin/pytest` alone runs the suite in one process.
test: install
	$(BIN)/pytest -n auto

# Load test on PostgreSQL at 1k, 10k and 100k postings; writes bench/RESULTS.md (~10 minutes).
bench: install
	SALARY_CSV="$(SALARY_CSV)" $(BIN)/python bench/run.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
