# The two commands of the README: `make run` and `make test`. Each sets up what it needs first.
VENV ?= .venv
BIN = $(VENV)/bin
OUT ?= gebiedsplanner-uitvoer
LINTED = $(wildcard planner plugin tests layers benchmarks scripts styles)

.PHONY: run test lint setup-core setup-test bench-reports bench-stress bench-engine

setup-core:
	bash scripts/setup.sh core

setup-test:
	bash scripts/setup.sh test

run: setup-core
	$(BIN)/gebiedsplanner run --out $(OUT)

lint: setup-test
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	# the plugin repository's upload scan, on everything that will go into the plugin zip
	$(BIN)/bandit -r planner plugin -q
	$(BIN)/python scripts/no_secrets.py planner plugin layers styles

test: lint
	$(BIN)/python -m pytest -p no:pytest_qgis --doctest-modules planner plugin/dependencies.py tests/planner tests/plugin/test_dependencies.py -q

bench-reports: setup-test
	$(BIN)/python benchmarks/bench_reports.py

bench-stress: setup-core
	$(BIN)/python benchmarks/bench_stress.py

bench-engine: setup-core
	$(BIN)/python benchmarks/bench_engine.py
