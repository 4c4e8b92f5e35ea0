# One command set for people and CI.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: run test lint bench install check clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP)

# axe-core (accessibility checks in the browser tests) comes from npm; without npm the
# browser tests say so and skip (they fail under CI=true).
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund && touch $(NODE_STAMP); \
	else echo "npm not found: browser accessibility tests will be skipped"; fi

install: $(STAMP)

run: $(STAMP)
	$(BIN)/shakewise serve

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: $(STAMP)
	@for f in bench/*.py; do grep -q '__main__' $$f || continue; \
		echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) node_modules test-artifacts .pytest_cache .mypy_cache .ruff_cache
