#!/usr/bin/env bash
# make test-wheel: Gebiedsplanner as a Python user installs it. Builds the wheel with pip,
# installs it with the extras [cli,report,test] into an empty venv (no system site-packages, no
# constraints: the newest numpy, pandas, pyarrow and shapely that pip picks), then from folders
# outside the repository runs `gebiedsplanner run` on the shipped sample, reports included, and
# the planner tests from a copy of tests/ against the installed package.
# Extra pytest arguments go after the script: scripts/test_wheel.sh -m "not slow".
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
work="$(mktemp -d /tmp/gebiedsplanner-wheel.XXXXXX)"
chmod 755 "$work"  # a test runs the installed command as another user (a closed folder)
trap 'rm -rf "$work"' EXIT
venv="$work/venv"
py="$venv/bin/python"

# Build from a copy of the files git knows (tracked or new, not ignored): nothing left over from
# an earlier build (build/lib, *.egg-info) can slip into the wheel.
mkdir "$work/src"
git ls-files -z --cached --others --exclude-standard \
    | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$work/src"
/usr/bin/python3 -m venv "$venv"
"$py" -m pip install -q --upgrade "pip>=23"
"$py" -m pip wheel -v --no-deps -w "$work/dist" "$work/src" >"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; exit 1; }
# setuptools' warnings about the package layout become errors in later versions: none may be left
if grep -q "BuildBackendWarning\|SetuptoolsDeprecationWarning" "$work/build.log"; then
    grep -A6 "BuildBackendWarning\|SetuptoolsDeprecationWarning" "$work/build.log"
    echo "test_wheel: the build warns (above)" >&2
    exit 1
fi
wheel="$(ls "$work"/dist/gebiedsplanner-*.whl)"

# What the wheel carries: the library, its run-time data and web assets, and nothing else.
"$py" - "$wheel" <<'EOF'
import sys
import zipfile

wheel = sys.argv[1]
names = zipfile.ZipFile(wheel).namelist()
need = [
    "planner/__init__.py",
    "planner/_layers/schema.toml",
    "planner/_layers/regels.toml",
    "planner/_layers/voorbeeldprogramma.gpkg",
    "planner/_layers/haarlem_wijken_2024.gpkg",
    "planner/_layers/haarlem_kerncijfers_2024.csv",
    "planner/report/templates/gebiedsplanner.css",
    "planner/report/templates/kaart.js",
    "planner/report/vendor/leaflet-1.9.4/leaflet.js",
]
missing = [n for n in need if n not in names]
stray = [n for n in names if n.split("/")[0] not in ("planner",) and ".dist-info/" not in n]
stray += [n for n in names if n.startswith("planner/_layers/") and n.endswith(".py")]
if missing or stray:
    sys.exit(f"wheel: missing {missing}, not wanted {stray}")
print(f"wheel: {wheel.rsplit('/', 1)[-1]}, {len(names)} files")
EOF
echo "wheel: $(stat -c %s "$wheel") bytes"

# With the extras the optional tests need (PostGIS, dask), so every planner test runs here too;
# dask in the releases it is tested with (dask-geopandas lags behind dask), the rest newest.
"$py" -m pip install -q -c scripts/constraints-dask.txt "$wheel[cli,report,test,postgis,dask]"
"$py" - <<'EOF'
from importlib.metadata import version

import pyogrio

names = ["numpy", "pandas", "pyarrow", "shapely", "pyogrio", "geopandas", "pyproj", "matplotlib"]
print("wheel venv:", ", ".join(f"{n} {version(n)}" for n in names),
      f"(GDAL {pyogrio.__gdal_version_string__})")
EOF

# The main job from a folder outside the repository, on the data inside the wheel.
mkdir "$work/run"
(cd "$work/run" && "$venv/bin/gebiedsplanner" run --out uitvoer --quiet)
"$py" - "$work/run/uitvoer" <<'EOF'
import json
import sys
import sysconfig
from pathlib import Path

out = Path(sys.argv[1])
made = ["gebiedsplanner.gpkg", "overlappingen.csv", "run.json", "rapport.html", "rapport.pdf",
        "kaart.html", "gebiedsdag/atlas.pdf"]
missing = [m for m in made if not (out / m).is_file() or not (out / m).stat().st_size]
if missing:
    sys.exit(f"gebiedsplanner run: no {missing} in {out}")
if not (out / "rapport.pdf").read_bytes().startswith(b"%PDF"):
    sys.exit("rapport.pdf is not a PDF")
site = Path(sysconfig.get_paths()["purelib"]).resolve()
report = json.loads((out / "run.json").read_text(encoding="utf-8"))
inputs = [Path(m["bron"]).resolve() for m in report["invoer"]["maatregelen"]]
if not inputs or not all(p.is_relative_to(site / "planner" / "_layers") for p in inputs):
    sys.exit(f"the sample was not read from the installed wheel: {inputs}")
counts = report["aantallen"]
booklets = len(list((out / "gebiedsdag").glob("*.pdf")))
print(f"gebiedsplanner run (in {out.parent}): {counts['gelezen']} measures read, "
      f"{counts['gebruikt']} used; {', '.join(made)} and {booklets} PDFs in gebiedsdag/")
EOF

# The planner tests from outside the repository, against the installed package; they read the
# repository's own files (styles, benchmarks, the sample's generator) from GEBIEDSPLANNER_REPO.
mkdir "$work/tests"
cp -r tests "$work/tests/tests"
cp pyproject.toml "$work/tests/"  # pytest's settings and markers
# The plugin's QGIS-free presenter is tested too, against the installed planner: the plugin is
# a shell over the library's public names, so it must work on the wheel as it does on the checkout.
cp -r plugin "$work/tests/plugin"
cd "$work/tests"
"$py" - <<'EOF'
import sysconfig
from pathlib import Path

import planner

here = Path(planner.__file__).resolve()
if not here.is_relative_to(Path(sysconfig.get_paths()["purelib"]).resolve()):
    raise SystemExit(f"planner is not the installed one: {here}")
print(f"planner under test: {here.parent}")
EOF
# The checks of the checkout itself (its import layers, its secrets scan: the extra [dev], not a
# user's) run in make lint and make test-planner; here the installed library is under test.
GEBIEDSPLANNER_REPO="$repo" "$py" -m pytest -p no:cacheprovider --doctest-modules \
    --pyargs planner tests/planner -q -rs \
    --ignore=tests/planner/test_layers.py \
    --deselect=tests/planner/test_repository.py::test_the_secrets_gate_finds_a_secret_and_passes_our_code \
    "$@"
