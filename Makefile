# Every documented way to work on Stadskennis. `make run` and `make test` are all you need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: help install install-test run test test-sqlite test-postgres format lint bench bench-warehouse vendor messages screenshots system-deps clean

help:
	@echo "make run    set up and start Stadskennis on http://127.0.0.1:$(PORT) (SQLite, demo content)"
	@echo "make test   set up and run the whole suite on SQLite and PostgreSQL, browser tests included"
	@echo "make bench  measure server time of the main pages against a static file, and the warehouse"
	@echo "make install | format | lint | vendor | messages | screenshots | clean"

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test node_modules/.installed

system-deps:
	./scripts/install-system-deps.sh

run: install
	@mkdir -p var
	$(BIN)/stadskennis migrate --noinput
	$(BIN)/stadskennis load-demo
	@echo ""
	@echo "Stadskennis runs at http://127.0.0.1:$(PORT)/  (stop with Ctrl+C)"
	@echo "The mail it would send: http://127.0.0.1:$(PORT)/beheer/mail/  (as an administrator)"
	@trap 'kill 0' EXIT INT TERM; export PORT=$(PORT); \
	$(BIN)/stadskennis worker --interval 1 --no-startup-delay & \
	$(BIN)/stadskennis search-indexer & \
	$(BIN)/stadskennis runserver 127.0.0.1:$(PORT)

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djhtml stadskennis/templates stadskennis/*/templates

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check --quiet .
	$(BIN)/djhtml --check stadskennis/templates stadskennis/*/templates
	$(BIN)/lint-imports --no-cache
	@mkdir -p var
	$(BIN)/stadskennis makemigrations --check --dry-run

messages: install-test
	$(BIN)/stadskennis makemessages --locale nl --no-obsolete --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*' --ignore 'stadskennis/static/*'
	$(BIN)/stadskennis compilemessages --locale nl --ignore '.venv' --ignore 'node_modules'

test: system-deps install-test
	$(BIN)/stadskennis compilemessages --locale nl --ignore '.venv' --ignore 'node_modules' -v 0
	$(MAKE) --no-print-directory lint
	@# The two databases' runs share nothing (own test database, search index and media folders), so
	@# they run side by side on the two cores; each run's output is printed whole when it ends, and
	@# make fails when either fails.
	$(MAKE) --no-print-directory --jobs=2 --output-sync=target test-sqlite test-postgres

test-sqlite: install-test
	$(BIN)/pytest --ds=config.django.test

test-postgres: install-test
	@url=$$(./scripts/postgres-url.sh); status=$$?; \
	if [ $$status -eq 3 ]; then exit 0; elif [ $$status -ne 0 ]; then exit $$status; fi; \
	echo "== PostgreSQL run against $$url"; \
	DATABASE_URL=$$url $(BIN)/pytest --ds=config.django.test

$(VENV)/.installed-bench: $(VENV)/.installed-test pyproject.toml
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

bench: install-test $(VENV)/.installed-bench
	$(BIN)/python -m stadskennis.bench
	$(BIN)/python -m stadskennis.bench.warehouse

# The warehouse of issue 14 alone; BENCH_WAREHOUSE_INDICATORS=100 for a quick run (default 2000).
bench-warehouse: install-test $(VENV)/.installed-bench
	$(BIN)/python -m stadskennis.bench.warehouse

vendor: node_modules/.installed
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx.org/LICENSE stadskennis/static/vendor/htmx/

screenshots: system-deps install-test
	SCREENSHOT_DIR=docs/screenshots $(BIN)/pytest --ds=config.django.test -q tests/browser

clean:
	rm -rf $(VENV) node_modules var .pytest_cache
