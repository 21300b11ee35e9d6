# Everyday commands; the README explains each. Run `make help` for the list.

# The first Python 3.12+ on PATH (pyenv users get .python-version's 3.13).
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
SECRET_KEY_FILE := .secret_key
# A key from the environment wins; otherwise this checkout's own random key.
WITH_KEY = DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}"
MANAGE = $(WITH_KEY) $(BIN)/python manage.py
# Settings as a production host has them, for `check --deploy`.
PRODUCTION_ENV = DJANGO_DEBUG=0 DJANGO_HTTPS=1 DJANGO_ALLOWED_HOSTS=hairsite.example \
	DJANGO_SITE_URL=https://hairsite.example DJANGO_CONTACT_EMAIL=editors@hairsite.example \
	DJANGO_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')"

.PHONY: help run serve setup test test-postgres lint format check ci superuser clean \
	bench bench-scale

help:
	@echo "make run            set up (venv, migrate, seed, static) and serve on 127.0.0.1:8000"
	@echo "make test           set up and run every test, browser tests included"
	@echo "make test-postgres  the same suite against PostgreSQL (DATABASE_URL or 127.0.0.1:5432)"
	@echo "make lint           ruff check and format check"
	@echo "make check          Django checks, missing migrations, check --deploy"
	@echo "make ci             what CI runs: lint, check, test, test-postgres"
	@echo "make superuser      create the first editor account"
	@echo "make bench          serve a throwaway site with gunicorn, load it with wrk, print the table"
	@echo "make bench-scale    time the admin and count queries with 1,000 articles, 5,000 FAQ entries"

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed; none found on PATH." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# The page checkers the tests run (axe-core, the Nu HTML checker, Lighthouse),
# pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "The page checks need Node.js and npm" \
		"(on Debian: apt install nodejs npm)." >&2; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

$(SECRET_KEY_FILE):
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

setup: $(VENV)/.installed $(SECRET_KEY_FILE)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_seed
	$(MANAGE) collectstatic --noinput --verbosity 0

run: setup serve

serve:
	$(WITH_KEY) $(BIN)/gunicorn hairsite.wsgi

superuser: $(VENV)/.installed $(SECRET_KEY_FILE)
	$(MANAGE) createsuperuser

test: $(VENV)/.installed $(SECRET_KEY_FILE) node_modules/.installed
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
		command -v google-chrome >/dev/null || $(BIN)/python -m playwright install chromium || \
		echo "No Chromium found or installable: browser tests will be skipped." >&2
	$(WITH_KEY) $(BIN)/pytest $(PYTEST_ARGS)

# Tests marked `servers` start their own databases, Redis and gunicorn, whatever
# DATABASE_URL says, so `make test` has covered them.
test-postgres:
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hairsite}" \
		$(MAKE) test PYTEST_ARGS='-m "not servers"'

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(VENV)/.installed $(SECRET_KEY_FILE)
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(PRODUCTION_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

ci: lint check test test-postgres

# Benchmarks, not tests: each builds its own throwaway site in a temporary directory.
# BENCH_DURATION=2 make bench for a quick run; python -m bench --help for the rest.
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
		{ echo "make bench needs wrk: apt install wrk (Debian, Ubuntu) or brew install wrk (macOS)." >&2; \
		exit 1; }
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-scale: $(VENV)/.installed
	$(BIN)/python -m bench.scale $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
