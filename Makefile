# Two commands do all set-up on a fresh machine (see README):
#   make demo   build the bundled example corpus and show what storyline found
#   make test   lint, type-check and run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= example.db

.PHONY: demo test install lint

$(BIN)/storyline: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first, pinned: a plain requirement would pull a multi-GB CUDA build (../shared/STACK.md).
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(BIN)/storyline

install: $(BIN)/storyline

demo: install
	$(BIN)/storyline build examples/corpus --db $(DB)
	$(BIN)/storyline docs --db $(DB)
	$(BIN)/storyline entities --db $(DB) --type person --limit 15
	$(BIN)/storyline relations --db $(DB)
	$(BIN)/storyline storylines --db $(DB)
	$(BIN)/storyline dossier --all --format html -o out/dossiers --db $(DB)
	# Last: every storyline's dossier in the terminal (the HTML pages are in out/dossiers/index.html).
	$(BIN)/storyline dossier --all --db $(DB)

lint: install
	$(BIN)/ruff check src tests benchmarks evaluation
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest
