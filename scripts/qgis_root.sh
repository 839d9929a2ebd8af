#!/usr/bin/env bash
# The second QGIS of the tests: QGIS 3.44 LTR from Debian trixie-backports (Python 3.13, GDAL
# 3.10, GEOS 3.13, PROJ 9.6) in a root file system of its own, made with debootstrap, so the
# system's QGIS 3.22 stays as it is. The root is kept outside the repository and made once per
# machine; later runs only bring it up to date (idempotent).
# Usage: scripts/qgis_root.sh setup        make the root and its venv (as setup.sh test does)
#        scripts/qgis_root.sh run CMD...   run CMD in the root, in this repository
# Settings: GP_QGIS_ROOT (default /var/cache/gebiedsplanner/trixie-root); needs root (as CI and
# the dev machines are) for debootstrap, chroot and the mounts.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
ROOT="${GP_QGIS_ROOT:-/var/cache/gebiedsplanner/trixie-root}"
SUITE=trixie
MIRROR="${GP_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# the venv inside the root: QGIS's Python 3.13 with the system site-packages (setup.sh test)
VENV_IN_ROOT=/opt/gebiedsplanner/venv
what="${1:-}"
shift || true

log() { echo "qgis-root: $*" >&2; }

make_root() {
    # debootstrap into a new folder, moved into place only when whole: a run stopped halfway
    # leaves no half root behind.
    if [ -f "$ROOT/.gebiedsplanner-base" ]; then
        return
    fi
    if ! command -v debootstrap >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            debootstrap >/dev/null
    fi
    local new="$ROOT.new"
    rm -rf "$new"
    mkdir -p "$(dirname "$ROOT")"
    log "debootstrap $SUITE into $ROOT"
    debootstrap --variant=minbase --include=ca-certificates,make "$SUITE" "$new" "$MIRROR" \
        >"$(dirname "$ROOT")/debootstrap.log" 2>&1 || {
        tail -20 "$(dirname "$ROOT")/debootstrap.log" >&2
        exit 1
    }
    cat >"$new/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates $SUITE-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    rm -f "$new/etc/apt/sources.list"
    # QGIS comes from backports, and so does whatever it needs newer (libheif, libwebp and
    # their -dev packages, which libgdal-dev needs next): backports rank as the release itself.
    cat >"$new/etc/apt/preferences.d/backports" <<EOF
Package: *
Pin: release n=$SUITE-backports
Pin-Priority: 500
EOF
    # no documentation or man pages in the root: smaller and faster to install
    cat >"$new/etc/dpkg/dpkg.cfg.d/01-nodoc" <<EOF
path-exclude /usr/share/doc/*
path-exclude /usr/share/man/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/nl/*
EOF
    touch "$new/.gebiedsplanner-base"
    mv "$new" "$ROOT"
}

host_settings() {
    # The network settings of this machine, as they are now: name resolution, the CA
    # certificates and pip's settings (index, certificates), so apt and pip work in the root.
    cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
    # this machine's own CAs where the root's update-ca-certificates adds them to its bundle,
    # and the host's whole bundle beside it (what pip and Python use in the root: in_root)
    if [ -d /usr/local/share/ca-certificates ]; then
        mkdir -p "$ROOT/usr/local/share/ca-certificates"
        cp -r -L /usr/local/share/ca-certificates/. "$ROOT/usr/local/share/ca-certificates/"
    fi
    local bundle="${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}"
    if [ -f "$bundle" ]; then
        rm -f "$ROOT/etc/ssl/host-ca-certificates.crt"
        install -m 644 "$(readlink -f "$bundle")" "$ROOT/etc/ssl/host-ca-certificates.crt"
    fi
    [ -f /etc/pip.conf ] && cp -L /etc/pip.conf "$ROOT/etc/pip.conf"
    if [ -d "$HOME/.config/pip" ]; then
        mkdir -p "$ROOT/root/.config"
        cp -a -L "$HOME/.config/pip" "$ROOT/root/.config/"
    fi
    return 0
}

MOUNTS=()
mount_all() {
    # a run that was killed may have left its mounts: the lock says no one else uses them
    local stale
    for stale in "$ROOT$REPO" "$ROOT/dev" "$ROOT/sys" "$ROOT/proc"; do
        if mountpoint -q "$stale"; then
            umount -R -l "$stale"
        fi
    done
    mount -t proc proc "$ROOT/proc"
    MOUNTS+=("$ROOT/proc")
    mount -t sysfs sysfs "$ROOT/sys"
    MOUNTS+=("$ROOT/sys")
    mount --rbind /dev "$ROOT/dev"
    mount --make-rslave "$ROOT/dev"
    MOUNTS+=("$ROOT/dev")
    # the repository at the same path, so its paths (build/artifacts) are the same inside
    mkdir -p "$ROOT$REPO"
    mount --bind "$REPO" "$ROOT$REPO"
    MOUNTS+=("$ROOT$REPO")
}

unmount_all() {
    local i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
        umount -R "${MOUNTS[i]}" 2>/dev/null || umount -R -l "${MOUNTS[i]}" || true
    done
    MOUNTS=()
}

in_root() {
    # One command in the root, in the repository, with a clean environment: the PATH of the
    # root, pip's settings and the CI flag of this machine, and PROJ's data for pyproj.
    local vars=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
        LANG=C.UTF-8 LC_ALL=C.UTF-8 PROJ_DATA=/usr/share/proj DEBIAN_FRONTEND=noninteractive
        VENV="$VENV_IN_ROOT" GP_QGIS_ROOT_INSIDE=1)
    local name
    for name in $(compgen -e); do
        case "$name" in
            PIP_* | CI | TERM) vars+=("$name=${!name}") ;;
        esac
    done
    if [ -f "$ROOT/etc/ssl/host-ca-certificates.crt" ]; then
        local ca=/etc/ssl/host-ca-certificates.crt
        vars+=(SSL_CERT_FILE=$ca REQUESTS_CA_BUNDLE=$ca PIP_CERT=$ca)
    fi
    chroot "$ROOT" /usr/bin/env -i "${vars[@]}" /bin/sh -c 'cd "$0" && exec "$@"' "$REPO" "$@"
}

# one user of the root at a time (mounts, apt and the venv)
mkdir -p "$(dirname "$ROOT")"
exec 9>"$ROOT.lock"
flock 9

case "$what" in
    setup)
        start=$(date +%s)
        make_root
        host_settings
        trap unmount_all EXIT
        mount_all
        in_root update-ca-certificates >/dev/null
        # the same recipe as Debian 12's venv: setup.sh test, on this root's system
        in_root bash scripts/setup.sh test
        log "ready in $(($(date +%s) - start)) s: $(in_root "$VENV_IN_ROOT/bin/python" -c \
            'from qgis.core import Qgis; import sys; print("QGIS", Qgis.QGIS_VERSION, "Python", sys.version.split()[0])')"
        ;;
    run)
        [ -f "$ROOT/.gebiedsplanner-base" ] || { log "no root yet: run '$0 setup'"; exit 2; }
        host_settings
        trap unmount_all EXIT
        mount_all
        in_root "$@"
        ;;
    *)
        echo "usage: $0 setup | run CMD..." >&2
        exit 2
        ;;
esac
