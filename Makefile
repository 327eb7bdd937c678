# Two commands on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
N ?= 1000
# `make test` runs pytest with pytest-xdist, one worker per core (TEST_WORKERS=0: no workers);
# --dist loadfile keeps each test file on one worker, so its module fixtures build once.
TEST_WORKERS ?= auto
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve test test-js lint format check bench bench-province posters clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# The Vietnamese messages, compiled from the .po (the .mo is not committed; see generator/i18n.py).
MO := generator/locale/vi/LC_MESSAGES/messages.mo
$(MO): generator/locale/vi/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d generator/locale -D messages -l vi

build: $(STAMP) $(MO)
	$(BIN)/thutuc build

serve: $(STAMP) $(MO)
	$(BIN)/thutuc serve

check: $(STAMP) $(MO)
	$(BIN)/thutuc check

# Posters and packs into posters/, without building the site (staff; see docs/printing.md).
posters: $(STAMP)
	$(BIN)/thutuc posters

# axe-core for the accessibility checks in the browser tests, outside the repo's tracked files.
AXE := .cache/npm/node_modules/axe-core/axe.min.js

$(AXE):
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --no-save --no-audit --no-fund --prefix .cache/npm axe-core@4; \
	else echo "npm not found: accessibility tests will be skipped"; fi

# compileall: the suite starts about a thousand `thutuc` processes; with PYTHONDONTWRITEBYTECODE
# set and stale .pyc files each of them would compile every changed module again (0.07 s CPU).
test: $(STAMP) $(AXE) test-js
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/python -m compileall -q generator tests bench
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

# The search's folding and ranking (theme/assets/thutuc/search-*.js), with Node's own runner.
test-js:
	node --test tests/js/*.test.js

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench

format: $(STAMP)
	$(BIN)/ruff format generator tests bench

# The single-office figures at N procedures (long bodies, then short ones), then the province's
# (PROVINCE=0 skips them).
PROVINCE ?= 1
bench: $(STAMP)
	$(BIN)/python -m bench --n $(N)
	$(BIN)/python -m bench --n $(N) --short-bodies
	@if [ "$(PROVINCE)" != "0" ]; then \
	  $(BIN)/python -m bench.province --offices $(OFFICES) --n $(PROCEDURES); fi

# A generated province (issue 14): OFFICES offices × PROCEDURES procedures.
OFFICES ?= 100
PROCEDURES ?= 300
bench-province: $(STAMP)
	$(BIN)/python -m bench.province --offices $(OFFICES) --n $(PROCEDURES)

clean:
	rm -rf site .cache
