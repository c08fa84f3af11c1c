#!/usr/bin/env bash
# Installs what building and testing Strata needs and is missing: Debian packages
# (as root, or through sudo) and a Python virtual environment for the Jupyter side.
# Safe to run again: it does nothing when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

# The last, shellcheck, is for `make lint` (scripts/lint.sh), which checks every shell script.
APT_PACKAGES=(libzmq3-dev libssl-dev pkg-config zlib1g-dev libsqlite3-dev libopenblas-dev libcairo2-dev fonts-dejavu-core
    libpng-dev libjpeg62-turbo-dev shellcheck)
VENV=${VENV:-.venv}

missing=()
for p in "${APT_PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "ensure-deps: installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v swift >/dev/null || { echo "ensure-deps: swift (6.x) is not on PATH" >&2; exit 1; }

# The container image's build stage sets STRATA_SKIP_VENV=1: it builds, it runs no tests.
if [ "${STRATA_SKIP_VENV:-0}" = 1 ]; then
    exit 0
fi

stamp="$VENV/.strata-requirements"
if [ ! -x "$VENV/bin/python" ] || ! cmp -s Tests/Python/requirements.txt "$stamp"; then
    echo "ensure-deps: preparing the Python environment in $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r Tests/Python/requirements.txt
    cp Tests/Python/requirements.txt "$stamp"
fi
