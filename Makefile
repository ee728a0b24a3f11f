# The two commands: `make run` (local demo) and `make test` (the whole suite).
# Both set up everything they need on a fresh machine.
# `make bench` measures speed on a large PostgreSQL database (docs/performance.md).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Links in the mails the demo prints point at the port it serves on (unless PORTAL_BASE_URL is set).
PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: run test bench deps test-deps messages chromium gettext pdf-libs postgres-server clean

run: deps messages
	mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py createcachetable
	DEBUG=1 $(PY) manage.py seed_demo --if-empty
	DEBUG=1 PORTAL_BASE_URL=$(PORTAL_BASE_URL) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: test-deps messages chromium
	$(PY) -m pytest

# The benchmark: production settings against its own database (kept between runs; BENCH_ARGS=--reseed
# seeds it anew), Redis for the cache when it answers, wrk as the load generator.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/trygg_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/7
bench: deps messages
	@command -v wrk >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk)
	@command -v redis-server >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq redis-server)
	@redis-cli ping >/dev/null 2>&1 || redis-server --daemonize yes --save "" --appendonly no >/dev/null
	BENCH=1 DEBUG=0 SECRET_KEY=bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz \
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) \
	ALLOWED_HOSTS=127.0.0.1,localhost,testserver SECURE_SSL_REDIRECT=0 TRUSTED_PROXIES=127.0.0.1/32 \
	MEDIA_ROOT=$(CURDIR)/var/bench-media LOG_FORMAT=json \
	$(PY) manage.py bench $(BENCH_ARGS)

deps: pdf-libs $(VENV)/.deps node_modules/.deps

test-deps: deps $(VENV)/.test-deps postgres-server

$(VENV)/.deps: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements-test.txt $(VENV)/.deps
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

node_modules/.deps: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# WeasyPrint (the lägesbild PDF) needs Pango, HarfBuzz's subsetter and a font with Swedish letters.
pdf-libs:
	@(ldconfig -p | grep -q libpangoft2-1.0.so.0 && ldconfig -p | grep -q libharfbuzz-subset.so.0 && \
		fc-list 2>/dev/null | grep -q DejaVuSans) || \
		($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 \
		libharfbuzz-subset0 fontconfig fonts-dejavu-core)

gettext:
	@command -v msgfmt >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gettext)

messages: gettext $(VENV)/.deps
	@DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

# The load-and-faults test starts (and restarts) a throwaway PostgreSQL cluster of its own: it needs
# the server's initdb and pg_ctl, never a running server.
postgres-server:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || \
		($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq postgresql)

chromium:
	@command -v chromium >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium)

clean:
	rm -rf $(VENV) node_modules staticfiles var
