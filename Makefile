# The two commands: `make run` (the site on the embedded default) and `make test` (the suite on
# real PostgreSQL, Redis and Elasticsearch on loopback). See README.md and CONTRIBUTING.md.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SERVICES := scripts/services.sh
PYTEST_ARGS ?=

.PHONY: browser-js run test bench bench-bids bench-matching bench-publish bench-relevance bench-search services services-stop lint format messages system-packages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_search_dictionary
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py search_index --rebuild
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Render time and query count of the public pages on the embedded default (bench/README.md).
bench: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --no-input >/dev/null
	$(BIN)/python manage.py load_demo >/dev/null
	$(BIN)/python bench/page_render.py

# nDCG@10 of each search variant and of the naive baselines on both halves of the real judged set
# and on the demo set, each in a scratch SQLite database of its own (bench/search_relevance.py).
bench-relevance: $(VENV)/.dev
	@bash $(SERVICES) start >/dev/null
	@eval "$$(bash $(SERVICES) env)" && unset REDIS_URL && \
		DATABASE_URL=sqlite:///$(CURDIR)/var/bench-relevance-real.sqlite3 $(BIN)/python bench/search_relevance.py --set real && \
		DATABASE_URL=sqlite:///$(CURDIR)/var/bench-relevance-demo.sqlite3 $(BIN)/python bench/search_relevance.py --set demo

# Indexing throughput, query latency and nDCG@10: our two backends against Wagtail's own search,
# on 10k and 100k generated opportunities (bench/search_bench.py; takes several minutes).
BENCH_SIZES ?= 10000 100000
bench-search: $(VENV)/.dev
	@bash $(SERVICES) start >/dev/null
	@eval "$$(bash $(SERVICES) env)" && \
		PGPASSWORD=opportunities psql -h 127.0.0.1 -p 55432 -U opportunities -d opportunities -qc "drop database if exists bench_search" -c "create database bench_search" && \
		unset DATABASE_URL REDIS_URL && \
		BENCH_POSTGRES_URL=postgres://opportunities:opportunities@127.0.0.1:55432/bench_search \
		$(BIN)/python bench/search_bench.py --sizes $(BENCH_SIZES)

# Publish to searchable: a real Celery worker on Redis and Elasticsearch, N pages published one
# after another, each timed until search finds it (bench/publish_latency.py).
BENCH_PUBLISH_PAGES ?= 50
BENCH_REDIS_DB ?= 0
bench-publish: $(VENV)/.dev
	@bash $(SERVICES) start >/dev/null
	@eval "$$(bash $(SERVICES) env)" && \
		PGPASSWORD=opportunities psql -h 127.0.0.1 -p 55432 -U opportunities -d opportunities -qc "drop database if exists bench_publish" -c "create database bench_publish" && \
		DATABASE_URL=postgres://opportunities:opportunities@127.0.0.1:55432/bench_publish \
		REDIS_URL=redis://127.0.0.1:56379/$(BENCH_REDIS_DB) \
		$(BIN)/python bench/publish_latency.py --pages $(BENCH_PUBLISH_PAGES)

# Fan-out of one publication against 10k and 100k saved searches, on the Elasticsearch
# subscriptions index and the embedded SQLite one (bench/matching_fanout.py).
BENCH_MATCHING_SIZES ?= 10000 100000
BENCH_MATCHING_PUBLICATIONS ?= 30
bench-matching: $(VENV)/.dev
	@bash $(SERVICES) start >/dev/null
	@eval "$$(bash $(SERVICES) env)" && unset REDIS_URL && \
		DATABASE_URL=sqlite:///$(CURDIR)/var/bench-matching.sqlite3 \
		$(BIN)/python bench/matching_fanout.py --sizes $(BENCH_MATCHING_SIZES) \
		--publications $(BENCH_MATCHING_PUBLICATIONS)

# Bid submission latency and throughput through gunicorn on PostgreSQL (bench/bid_submit.py).
bench-bids: $(VENV)/.dev
	@bash $(SERVICES) start >/dev/null
	@eval "$$(bash $(SERVICES) env)" && \
		PGPASSWORD=opportunities psql -h 127.0.0.1 -p 55432 -U opportunities -d opportunities -qc "drop database if exists bench_bids" -c "create database bench_bids" && \
		BENCH_POSTGRES_URL=postgres://opportunities:opportunities@127.0.0.1:55432/bench_bids \
		$(BIN)/python bench/bid_submit.py

services:
	@bash $(SERVICES) start

services-stop:
	@bash $(SERVICES) stop

# Debian packages the tests drive: Chromium and a CJK font for the browser tests (Playwright
# drives the system browser), GNU gettext for the translation checks, npm for the
# browser tests' JavaScript (make browser-js).
system-packages:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto sans cjk" || ! command -v msgcmp >/dev/null || ! command -v npm >/dev/null; then \
		echo "==> installing chromium, fonts-noto-cjk, gettext and npm"; \
		apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium fonts-noto-cjk gettext npm >/dev/null; \
	fi

# JavaScript the browser tests inject (axe-core), pinned in tests/browser/package-lock.json.
BROWSER_JS := tests/browser/node_modules/.package-lock.json
$(BROWSER_JS): tests/browser/package.json tests/browser/package-lock.json | system-packages
	npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

browser-js: $(BROWSER_JS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(VENV)/.dev system-packages $(BROWSER_JS)
	@bash $(SERVICES) start
	@$(MAKE) --no-print-directory lint
	@eval "$$(bash $(SERVICES) env)" && $(BIN)/pytest $(PYTEST_ARGS)

# The source strings are English; only the Chinese catalogue is kept (locale/zh_Hans).
messages: $(VENV)/.dev
	$(BIN)/python manage.py makemessages --locale zh_Hans --ignore .venv --ignore var
	$(BIN)/python manage.py compilemessages --ignore .venv

clean:
	rm -rf var tests/artifacts .pytest_cache tests/browser/node_modules
