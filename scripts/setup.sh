#!/usr/bin/env bash
# Sets up everything Gebiedsplanner needs on a fresh Debian 12 machine, idempotently.
# Usage: [VENV=dir] scripts/setup.sh [core|core-test|plugin|test]
#   core       the venv with the planner library and its command line (Makefile: .venv-core):
#              a plain venv on the newest pip wheels; their GDAL 3.8+ writes GeoPackages
#              through Arrow
#   core-test  core plus the test and maintainer tools (extras test, dev, dask, postgis), a
#              browser, poppler and PostgreSQL/PostGIS
#   plugin     the venv QGIS runs the plugin with (.venv): Debian's QGIS 3.22, Qt's lrelease,
#              qgis-plugin-tools, and pyproj, shapely and pyogrio built on QGIS's own libraries
#   bench      the command line's venv plus DuckDB spatial, PostgreSQL/PostGIS and ogr2ogr for
#              benchmarks/bench_overlaps.py (Makefile: .venv-bench)
#   test       plugin plus the test tools, a browser, poppler, Xvfb and PostgreSQL/PostGIS
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-core}"
VENV="${VENV:-.venv}"
# Debian 12 (bookworm: QGIS 3.22) or, in the test root of scripts/qgis_root.sh, Debian 13
# (trixie: QGIS 3.44 LTR from backports). Each has its own PostgreSQL and limits file.
CODENAME=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
case "$CODENAME" in
    # trixie: shapely and pyogrio too are built without pip's build isolation, against the
    # system's numpy 2.2 (an isolated build takes the newest numpy's headers and fails)
    trixie) PG_MAJOR=17 QGIS_LIMITS=scripts/constraints-qgis-trixie.txt CYTHON="cython>=3"
        ISOLATION=(--no-build-isolation) ;;
    *) PG_MAJOR=15 QGIS_LIMITS=scripts/constraints-qgis.txt CYTHON="cython<3" ISOLATION=() ;;
esac

apt_install() {
    # Install Debian packages only where they are missing; needs root (as CI and the dev machines are).
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "setup: apt-get install ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# QGIS 3.22 from Debian runs on /usr/bin/python3; its venv (.venv) is built on that interpreter
# with the system site-packages so that the same venv later serves the plugin tests, and within
# the limits of QGIS's environment (scripts/constraints-qgis.txt).
apt_install python3 python3-venv python3-pip
if [ "$what" = "plugin" ] || [ "$what" = "test" ]; then
    # Debian's QGIS (runs on /usr/bin/python3), lrelease for the translations, and the headers
    # and compilers to build pyproj, shapely and pyogrio on QGIS's own libraries (below).
    apt_install python3-qgis qgis-providers qgis qttools5-dev-tools \
        libproj-dev proj-bin libgeos-dev libgdal-dev pkg-config gcc g++ python3-dev
    # QGIS 3.40 and newer show "Open Sans font installation failed" when they cannot download
    # their font; Debian's package is where they look first.
    apt_install fonts-open-sans
fi
if [ "$what" = "bench" ]; then
    apt_install "postgresql-$PG_MAJOR-postgis-3" gdal-bin
fi
if [ "$what" = "test" ] || [ "$what" = "core-test" ]; then
    # the real things the tests use: a browser for the web map, poppler for the PDFs, and a
    # virtual screen for QGIS desktop
    apt_install chromium chromium-driver poppler-utils xvfb xauth
    # a real PostgreSQL 15 with PostGIS 3 (the tests start their own cluster), GDAL's
    # ogr2ogr to load test data independently, and Debian's psycopg2 (as QGIS has it; the
    # plain .venv-core takes psycopg2 from the extra [postgis])
    apt_install "postgresql-$PG_MAJOR-postgis-3" gdal-bin python3-psycopg2
    # axe-core (npm) for the accessibility tests of the web pages and the HTML editions of the
    # report and booklets, in the version the lock names
    # (a Node.js that brings its own npm, as NodeSource's does, conflicts with Debian's npm)
    command -v npm >/dev/null || apt_install nodejs npm
    if [ ! -f tests/axe/node_modules/axe-core/axe.min.js ]; then
        npm ci --prefix tests/axe --no-audit --no-fund --silent
    fi
fi

stamp="$VENV/.setup-$what"
if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ] && [ "$stamp" -nt scripts/setup.sh ] \
    && [ "$stamp" -nt "$QGIS_LIMITS" ]; then
    exit 0
fi
# What each venv gets: the extras it needs, and for QGIS's venv the limits of QGIS's environment.
case "$what" in
    core) extras="[cli,report]" ;;
    core-test) extras="[cli,report,test,dask,postgis,dev]" ;;
    bench) extras="[cli,bench]" ;;
    plugin) extras="[report,plugin]" ;;
    test) extras="[cli,report,test,plugin,dask,dev]" ;;
    *) echo "setup: unknown part '$what' (core, core-test, bench, plugin or test)" >&2; exit 2 ;;
esac
if [ "$what" = "plugin" ] || [ "$what" = "test" ]; then
    venv_options=(--system-site-packages)
    limits=(-c "$QGIS_LIMITS")
else
    # the command line's venv is a plain one, as a Python user's: only what pip installs, the
    # newest releases (numpy 2 and all); psycopg2 comes from the extra [postgis]
    venv_options=()
    limits=()
    if grep -qs "include-system-site-packages = true" "$VENV/pyvenv.cfg"; then
        echo "setup: $VENV was made with the system site-packages; making it anew"
        rm -rf "$VENV"
    fi
fi
if [ ! -x "$VENV/bin/python" ]; then
    /usr/bin/python3 -m venv "${venv_options[@]}" "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade "pip>=23"
"$VENV/bin/python" -m pip install -q "${limits[@]}" -e ".$extras"
if [ "$what" = "plugin" ] || [ "$what" = "test" ]; then
    # Wheels of pyproj, shapely and pyogrio bring their own PROJ, GEOS and GDAL. Inside QGIS,
    # which has Debian's, two copies of a library in one process crash or misbehave as soon
    # as a background task uses them. Build the three on QGIS's own libraries instead, in the
    # releases the system's constraints file names (Cython 3 miscompiles pyproj 3.6, which
    # Debian 12's PROJ 9.1 needs; pyproj 3.8 for trixie's PROJ 9.6 needs Cython 3).
    want="$(pkg-config --modversion proj) $(geos-config --version) $(gdal-config --version)"
    # the versions they run on, and none of the copies a wheel brings (its NAME.libs folder):
    # a wheel's GEOS or GDAL can have the same version as the system's
    have=$("$VENV/bin/python" -c "
import pathlib, pyproj, shapely, pyogrio
bundled = [m.__name__ for m in (pyproj, shapely, pyogrio)
           if (pathlib.Path(m.__file__).parents[1] / (m.__name__ + '.libs')).exists()]
print(pyproj.proj_version_str, shapely.geos_version_string, pyogrio.__gdal_version_string__,
      *bundled)" 2>/dev/null || true)
    if [ "$have" != "$want" ]; then
        echo "setup: pyproj, shapely and pyogrio on the system's PROJ, GEOS and GDAL ($want)"
        "$VENV/bin/python" -m pip install -q "${limits[@]}" "$CYTHON" setuptools wheel \
            "versioneer[toml]"
        "$VENV/bin/python" -m pip install -q --no-cache-dir --force-reinstall --no-deps \
            --no-binary pyproj --no-build-isolation "${limits[@]}" pyproj
        "$VENV/bin/python" -m pip install -q --no-cache-dir --force-reinstall --no-deps \
            --no-binary shapely,pyogrio "${ISOLATION[@]}" "${limits[@]}" shapely pyogrio
    fi
fi
touch "$stamp"
