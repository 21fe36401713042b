# Jingqi (警企通). Two commands do all the set-up from a fresh clone:
#   make run   — install, migrate, load the demo data, serve on http://127.0.0.1:8000
#   make test  — install, then run the whole suite on SQLite and on a throwaway PostgreSQL
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := src/jingqi/static/vendor

.PHONY: run test fuzz lint venv assets demo clean messages

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

assets: $(VENDOR)/.installed
$(VENDOR)/.installed: package.json package-lock.json scripts/vendor-assets.sh
	bash scripts/vendor-assets.sh
	touch $@

run: venv assets
	bash scripts/run.sh

test: venv assets
	bash scripts/test.sh

# The API fuzzer (schemathesis) runs in every `make test` with a few examples per operation; this is the
# long run: FUZZ_EXAMPLES examples per operation, mode and role (the run stays deterministic).
FUZZ_EXAMPLES ?= 100
fuzz: venv
	JINGQI_VAR_DIR=$${JINGQI_VAR_DIR:-$$(mktemp -d)} JINGQI_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) \
		$(BIN)/pytest -q -p no:randomly src/jingqi/core/tests/test_api_fuzz.py

lint: venv
	$(BIN)/ruff check src scripts bench

messages: venv
	cd src/jingqi && ../../$(BIN)/jingqi makemessages -l zh_Hans --no-obsolete --no-location -i "core/testing/*" -i "*/tests/*" -i "e2e/*"
	cd src/jingqi && ../../$(BIN)/jingqi compilemessages -l zh_Hans

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
