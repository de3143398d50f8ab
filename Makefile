# One command sets everything up and runs the main job; one sets up and runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint bench clean system-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# running needs only the runtime dependencies; the tests (and benchmarks) add the test extras
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

run: $(STAMP)
	$(BIN)/forecast run scenarios/oct2022.yaml

# Chromium renders the HTML briefing in a test, and the team-ledger tests start a throwaway
# PostgreSQL server; install whichever is missing, where we may.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
	  || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing \
	      >/dev/null) || { echo "warning: could not install$$missing; their tests will skip"; \
	        if [ -n "$$CI" ]; then echo "error: CI needs$$missing"; exit 1; fi; }; \
	  else echo "note:$$missing missing and not root: their tests will skip"; \
	    if [ -n "$$CI" ]; then echo "error: CI needs$$missing"; exit 1; fi; fi; \
	fi

test: $(TEST_STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2

lint: $(TEST_STAMP)
	$(BIN)/ruff check .

bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV)
