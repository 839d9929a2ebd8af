# The two commands of the README: `make run` and `make test`. Each sets up what it needs first.
# Two venvs: .venv-core for the command line (pip wheels; their GDAL writes through Arrow) and
# .venv for QGIS (pyproj, shapely and pyogrio on Debian's own PROJ, GEOS and GDAL 3.6, within
# scripts/constraints-qgis.txt). For maintainers: `make check`, the loop of under two minutes.
VENV ?= .venv
BIN = $(VENV)/bin
CORE ?= .venv-core
CORE_BIN = $(CORE)/bin
OUT ?= gebiedsplanner-uitvoer
LINTED = $(wildcard planner plugin tests layers benchmarks scripts styles setup.py)

.PHONY: run test lint plugin-zip setup-core setup-plugin setup-test test-planner test-plugin \
	bench-reports bench-stress bench-engine bench-dask bench-overlaps setup-core-test test-planner-qgis-libs \
	check typecheck test-wheel setup-qgis344 test-plugin-qgis344 test-planner-qgis344

setup-core:
	VENV=$(CORE) bash scripts/setup.sh core

setup-core-test:
	VENV=$(CORE) bash scripts/setup.sh core-test

setup-plugin:
	bash scripts/setup.sh plugin

setup-test:
	bash scripts/setup.sh test

# The QGIS plugin: dist/gebiedsplanner.zip (install with QGIS's "Install from ZIP").
plugin-zip: setup-plugin
	$(BIN)/python scripts/build_plugin.py

run: setup-core
	$(CORE_BIN)/gebiedsplanner run --out $(OUT)

lint: setup-test
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/lint-imports --no-cache
	# the plugin repository's upload scan, on everything that will go into the plugin zip
	$(BIN)/bandit -r planner plugin -q
	$(BIN)/python scripts/no_secrets.py planner plugin layers styles
	$(BIN)/python scripts/plugin_gate.py --flake8 planner plugin
	$(BIN)/python scripts/translations.py --check

# The maintainers' loop, in under two minutes: lint, type check and the fast planner tests
# (no whole runs with reports, no browser, no PostGIS; those run in make test).
FAST = not slow and not browser and not postgis

check: setup-core-test
	$(CORE_BIN)/ruff check $(LINTED)
	$(CORE_BIN)/ruff format --check $(LINTED)
	$(CORE_BIN)/mypy
	$(CORE_BIN)/lint-imports --no-cache
	$(CORE_BIN)/python -m pytest -p no:pytest_qgis $(PLANNER_TESTS) -q -m "$(FAST)" -n 2

typecheck: setup-core-test
	$(CORE_BIN)/mypy

# The wheel as a Python user installs it, in an empty venv with the newest releases (numpy 2),
# run and tested from outside the repository (scripts/test_wheel.sh).
test-wheel: setup-core-test
	bash scripts/test_wheel.sh

# Everything: lint and scans; the planner tests (no QGIS needed) on both stacks: the command
# line's wheels (Arrow reading and writing) and QGIS's Debian libraries (GDAL 3.6: feature by
# feature); the built wheel in an empty venv; then the plugin tests against Debian's QGIS,
# headless, on the built zip (the zip's own bandit and detect-secrets scan too); and the plugin
# and planner tests again on QGIS 3.44 LTR (Debian 13, Python 3.13), in its own root.
test: lint typecheck test-planner test-planner-qgis-libs test-wheel test-plugin \
	test-plugin-qgis344 test-planner-qgis344

PLANNER_TESTS = --doctest-modules planner plugin/dependencies.py scripts/build_plugin.py \
	scripts/plugin_gate.py \
	tests/planner tests/plugin/test_dependencies.py

test-planner: setup-core-test
	$(CORE_BIN)/python -m pytest -p no:pytest_qgis $(PLANNER_TESTS) -q

test-planner-qgis-libs: setup-test
	$(BIN)/python -m pytest -p no:pytest_qgis $(PLANNER_TESTS) -q

test-plugin: setup-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/plugin -q --ignore=tests/plugin/test_dependencies.py

# The second QGIS: 3.44 LTR from Debian 13's trixie-backports, in a root file system made with
# debootstrap and kept outside the repository (GP_QGIS_ROOT, default
# /var/cache/gebiedsplanner/trixie-root); the venv inside is made as .venv is (setup.sh test).
setup-qgis344:
	bash scripts/qgis_root.sh setup

test-plugin-qgis344: setup-qgis344
	bash scripts/qgis_root.sh run make test-plugin

test-planner-qgis344: setup-qgis344
	bash scripts/qgis_root.sh run make test-planner-qgis-libs

bench-reports: setup-test
	$(BIN)/python benchmarks/bench_reports.py

bench-stress: setup-core
	$(CORE_BIN)/python benchmarks/bench_stress.py

bench-engine: setup-core
	$(CORE_BIN)/python benchmarks/bench_engine.py

bench-dask: setup-core
	$(CORE_BIN)/python benchmarks/bench_dask.py

# gebiedsplanner overlaps against DuckDB spatial and PostGIS, end to end on the same files
BENCH ?= .venv-bench
bench-overlaps:
	VENV=$(BENCH) bash scripts/setup.sh bench
	$(BENCH)/bin/python benchmarks/bench_overlaps.py
