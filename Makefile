# The two commands: `make run` (local demo) and `make test` (the whole suite).
# Both set up everything they need on a fresh machine.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: run test deps test-deps messages chromium gettext postgres-server clean

run: deps messages
	mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py createcachetable
	DEBUG=1 $(PY) manage.py seed_demo --if-empty
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: test-deps messages chromium
	$(PY) -m pytest

deps: $(VENV)/.deps node_modules/.deps

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
