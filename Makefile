# One-command set-up: `make run` starts the dashboard, `make test` installs what tests need and runs them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8501
DATA ?= data
CHROMIUM ?= /usr/bin/chromium
PYTEST_ARGS ?=

.PHONY: run test validate lint format bench chromium install install-test assets clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed-run
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

install: $(VENV)/.installed-run

install-test: $(VENV)/.installed-test

assets: install
	$(BIN)/python -m lib.offline_assets

run: assets
	$(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT) --browser.gatherUsageStats false

validate: install
	$(BIN)/python -m lib.validate $(DATA)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

chromium:
	@if [ -x "$(CHROMIUM)" ]; then \
		echo "Chromium: $(CHROMIUM)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium (needed by the browser tests)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Chromium at $(CHROMIUM)."; \
		echo "Install it with: sudo apt-get install chromium (or set CHROMIUM=/path/to/chromium)."; \
		exit 1; \
	fi

test: install-test assets chromium lint
	CHROMIUM_PATH=$(CHROMIUM) $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-test assets chromium
	@for script in bench/bench_*.py; do echo "== $$script"; CHROMIUM_PATH=$(CHROMIUM) $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) static/vendor test-results .pytest_cache .ruff_cache
