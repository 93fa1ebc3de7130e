# Everything a fresh machine needs is installed by these targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/procuracy
# The --scale 15 demo database the web benchmark runs on (build it with: DATABASE_URL=... procuracy demo --scale 15 --no-serve).
SCALE15_URL ?= postgres://postgres@127.0.0.1:5432/procuracy_scale15

.PHONY: demo test setup browser lint test-sqlite test-postgres bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)
	cd procuracy && ../$(BIN)/django-admin compilemessages --ignore '.venv' -v 0

# Debian's Chromium, driven by Playwright in the browser tests.
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

demo: setup
	$(BIN)/procuracy demo

lint: setup
	$(BIN)/ruff check procuracy bench tools
	DJANGO_SETTINGS_MODULE=procuracy.config.settings $(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: setup browser
	DATABASE_URL= $(BIN)/pytest -q -n 2

test-postgres: setup browser
	bash .ci/postgres-ready
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -n 2

test: lint test-sqlite test-postgres

bench: setup
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/deadlines_bench.py
	$(BIN)/python bench/report_bench.py --scale 15
	$(BIN)/python bench/web_bench.py --database-url $(SCALE15_URL)

clean:
	rm -rf $(VENV) *.egg-info procuracy.sqlite3*
