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
N ?= 3
PROXY_PORT ?= 8080
REPLICA_PORT ?= 8601
SESSIONS ?= 10 25

.PHONY: run test validate lint format bench chromium fonts axe install install-test assets clean \
	i18n i18n-extract i18n-update i18n-compile \
	nginx serve-replicas stop-replicas check-replicas load-test load-test-replicas

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

assets: install i18n-compile
	$(BIN)/python -m lib.offline_assets

# Interface strings: gettext catalogues in locales/<lang>/LC_MESSAGES/messages.po (docs/i18n.md).
# `make i18n` after adding or removing a t("key", ...) call; the .mo files are built, never committed.
I18N_KEYWORDS := --no-default-keywords -k t -k tn:1,1 -k N_
I18N_POT := locales/messages.pot

i18n: i18n-update

i18n-extract: install
	PYTHONPATH=. $(BIN)/pybabel -q extract -F babel.cfg $(I18N_KEYWORDS) --no-location --sort-output -o $(I18N_POT) .

i18n-update: i18n-extract
	$(BIN)/pybabel -q update -i $(I18N_POT) -d locales -D messages --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date

i18n-compile: install
	$(BIN)/pybabel -q compile -d locales -D messages

# Two malloc arenas (glibc): Streamlit runs each viewer's script in a thread, and per-thread
# arenas kept what viewers who left had freed (docs/performance.md, "memory after viewers leave").
# Read when the process starts, so it is set here and in deploy/serve-replicas.sh.
MALLOC_ARENA_MAX ?= 2

# The app runs once as soon as the server answers (lib/warm_up.py), so no viewer sees
# Streamlit's listing of the pages/ folder or waits for the first run's imports.
WARM_HOST := $(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST))

run: assets fonts
	$(BIN)/python -m lib.store --prepare & \
	$(BIN)/python -m lib.warm_up http://$(WARM_HOST):$(PORT) & \
	MALLOC_ARENA_MAX=$(MALLOC_ARENA_MAX) $(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT) --browser.gatherUsageStats false --server.scriptHealthCheckEnabled true

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

# Fonts with Cyrillic and the Kazakh letters (ә ғ қ ң ө ұ ү һ і) for Chromium and exported images:
# DejaVu Sans (the map's images) and Liberation Sans 2 (what "Arial" is on Linux). Liberation Sans 1,
# which Debian's Chromium brings, has no ғ қ ң ұ ү: Kazakh charts took them from another font.
FONT_CHECK := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf

fonts:
	@if ls $(FONT_CHECK) >/dev/null 2>&1; then \
		echo "Fonts: $(FONT_CHECK)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's fonts-dejavu-core and fonts-liberation2 (Cyrillic and Kazakh letters in charts and images)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core fonts-liberation2 fontconfig >/dev/null; \
	else \
		echo "Charts and images need fonts with the Kazakh letters: sudo apt-get install fonts-dejavu-core fonts-liberation2"; \
		exit 1; \
	fi


# axe-core for the accessibility browser tests, pinned in tests/axe/package-lock.json
AXE := tests/axe/node_modules/axe-core/axe.min.js
$(AXE): tests/axe/package.json tests/axe/package-lock.json
	npm ci --prefix tests/axe --no-audit --no-fund --silent
	touch $@

axe: $(AXE)

test: install-test assets chromium fonts axe lint
	CHROMIUM_PATH=$(CHROMIUM) $(BIN)/python -m pytest $(PYTEST_ARGS)

# BENCH_SIZES=shipped,1000,10000 make bench for a shorter run (default adds 100,000 events)
bench: install-test assets chromium fonts
	CHROMIUM_PATH=$(CHROMIUM) $(BIN)/python bench/run.py

nginx:
	@if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then \
		echo "nginx: $$(command -v nginx || echo /usr/sbin/nginx)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's nginx (the proxy in front of the replicas)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	else \
		echo "serve-replicas needs nginx: sudo apt-get install nginx"; exit 1; \
	fi

# N Streamlit processes on 127.0.0.1:$(REPLICA_PORT)... behind nginx at $(HOST):$(PROXY_PORT), sticky sessions.
serve-replicas: assets fonts nginx
	deploy/serve-replicas.sh $(N) $(PROXY_PORT) $(REPLICA_PORT)

stop-replicas:
	deploy/stop-replicas.sh

check-replicas:
	deploy/check-replicas.sh $(N) $(PROXY_PORT) $(REPLICA_PORT)

# Browser sessions at once against one server it starts (not part of `make test`; minutes).
load-test: install-test assets fonts chromium
	CHROMIUM_PATH=$(CHROMIUM) $(BIN)/python bench/load_test.py --sessions $(SESSIONS)

# The same against `make serve-replicas` (start it first).
load-test-replicas: install-test chromium
	CHROMIUM_PATH=$(CHROMIUM) $(BIN)/python bench/load_test.py --sessions $(SESSIONS) \
		--url http://$(HOST):$(PROXY_PORT) --pid-file deploy/run/replicas.pids --label "$(N) replicas behind nginx"

clean:
	rm -rf $(VENV) static/vendor tests/axe/node_modules test-results .pytest_cache .ruff_cache $(I18N_POT)
	find locales -name '*.mo' -delete
