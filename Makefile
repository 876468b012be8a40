# Two commands set everything up on a fresh machine with Python 3.11:
#   make run   creates .venv, installs cleaner, cleans seeds/ into output/
#   make test  creates .venv, installs cleaner with test extras, runs the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench check-seeds readme clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/cleaner clean seeds --out output

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

check-seeds: $(STAMP)
	$(BIN)/python ../shared/acceptance/check_seeds.py seeds --cmd $(BIN)/cleaner

clean-venv:
	rm -rf $(VENV)

readme: $(STAMP)
	$(BIN)/python tools/update_readme.py
