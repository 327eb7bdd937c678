# Two commands on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
N ?= 1000
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve test lint format check bench posters clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/thutuc build

serve: $(STAMP)
	$(BIN)/thutuc serve

check: $(STAMP)
	$(BIN)/thutuc check

test: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check generator tests

format: $(STAMP)
	$(BIN)/ruff format generator tests

bench: $(STAMP)
	$(BIN)/python -m generator.bench --n $(N)

clean:
	rm -rf site .cache
