# Two commands: `make run` (set up and serve) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: install install-test run setup test test-suite lint format browser pdf-libs bench screenshots clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

install-test: $(VENV)/.installed-test

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

setup: install pdf-libs
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_initial_data
	$(BIN)/python manage.py create_demo_accounts

run: setup
	@echo "Het portaal draait op http://127.0.0.1:$(PORT)/ (beheer: http://127.0.0.1:$(PORT)/admin/)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Debian's Chromium for the browser tests; never a browser downloaded by a test tool.
browser:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Chromium installeren (Debian-pakket) voor de browsertests..."; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "Chromium kon niet worden geïnstalleerd: de browsertests worden overgeslagen."; \
	else echo "Geen $(CHROMIUM) en geen root: de browsertests (tests/e2e) worden overgeslagen."; fi

# Pango for WeasyPrint (the PDFs), from Debian's packages where we may install them. Without
# it the portal still runs and its PDF links point to printing the page instead.
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
pdf-libs:
	@if { ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null | grep -q "libpangoft2-1.0.so.0"; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Pango installeren (Debian-pakketten) voor de PDF's..."; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_LIBS) >/dev/null) \
		|| echo "Pango kon niet worden geïnstalleerd: het portaal draait zonder PDF's."; \
	else echo "Geen Pango en geen root: het portaal draait zonder PDF's (afdrukken kan wel)."; fi

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install-test browser pdf-libs lint test-suite

test-suite:
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

# The self-assessment as a coordinator sees it (docs/screenshots/), from the browser journey.
screenshots: install-test browser
	mkdir -p docs/screenshots
	SCREENSHOTS_DIR=docs/screenshots $(BIN)/python -m pytest -q -p no:cacheprovider tests/e2e/test_coordinator_journey.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .pytest_cache .ruff_cache
