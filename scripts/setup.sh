#!/usr/bin/env bash
# Sets up everything Gebiedsplanner needs on a fresh Debian 12 machine, idempotently.
# Usage: scripts/setup.sh [core|test]
#   core  the venv with the planner library and its command line
#   test  core plus the test tools
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-core}"
VENV="${VENV:-.venv}"

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

# QGIS 3.22 from Debian runs on /usr/bin/python3; the venv is built on that interpreter with the
# system site-packages so that the same venv later serves the plugin tests.
apt_install python3 python3-venv python3-pip
if [ "$what" = "test" ]; then
    # the real things the tests use: a browser for the web map, poppler for the PDFs
    apt_install chromium chromium-driver poppler-utils
fi

stamp="$VENV/.setup-$what"
if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ] && [ "$stamp" -nt scripts/setup.sh ]; then
    exit 0
fi
if [ ! -x "$VENV/bin/python" ]; then
    /usr/bin/python3 -m venv --system-site-packages "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade "pip>=23"
extras="[report]"
[ "$what" = "test" ] && extras="[report,test]"
# numpy<2: numpy 2 breaks Debian's GDAL array bindings and matplotlib (used by QGIS).
"$VENV/bin/python" -m pip install -q "numpy<2" -e ".$extras"
touch "$stamp"
