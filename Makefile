# The two commands of the README: `make run` and `make test`. Each sets up what it needs first.
VENV ?= .venv
BIN = $(VENV)/bin
OUT ?= gebiedsplanner-uitvoer
LINTED = $(wildcard planner plugin tests layers benchmarks scripts styles)

.PHONY: run test lint plugin-zip setup-core setup-plugin setup-test test-planner test-plugin \
	bench-reports bench-stress bench-engine

setup-core:
	bash scripts/setup.sh core

setup-plugin:
	bash scripts/setup.sh plugin

setup-test:
	bash scripts/setup.sh test

# The QGIS plugin: dist/gebiedsplanner.zip (install with QGIS's "Install from ZIP").
plugin-zip: setup-plugin
	$(BIN)/python scripts/build_plugin.py

run: setup-core
	$(BIN)/gebiedsplanner run --out $(OUT)

lint: setup-test
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	# the plugin repository's upload scan, on everything that will go into the plugin zip
	$(BIN)/bandit -r planner plugin -q
	$(BIN)/python scripts/no_secrets.py planner plugin layers styles
	$(BIN)/python scripts/translations.py --check

# Everything: lint and scans, the planner tests (no QGIS needed), then the plugin tests against
# Debian's QGIS, headless, on the built zip (the zip's own bandit and detect-secrets scan too).
test: lint test-planner test-plugin

test-planner: setup-test
	$(BIN)/python -m pytest -p no:pytest_qgis --doctest-modules planner plugin/dependencies.py scripts/build_plugin.py tests/planner tests/plugin/test_dependencies.py -q

test-plugin: setup-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/plugin -q --ignore=tests/plugin/test_dependencies.py

bench-reports: setup-test
	$(BIN)/python benchmarks/bench_reports.py

bench-stress: setup-core
	$(BIN)/python benchmarks/bench_stress.py

bench-engine: setup-core
	$(BIN)/python benchmarks/bench_engine.py
