#!/usr/bin/env bash
# Installs what Strata's container images need at run time (the Dockerfile's `runtime`
# and `lab` stages), on Debian bookworm, as root:
#   scripts/image-deps.sh runtime       the shared libraries the strata binary loads
#   scripts/image-deps.sh lab VENV      Python with JupyterLab and nbconvert in VENV, and make
#   scripts/image-deps.sh --list KIND   print the Debian packages of KIND, one a line
# The runtime list is checked against the libraries the built binary links (and the
# ones it opens with dlopen) by Tests/Python/test_dockerfile.py; the Jupyter packages
# take their versions from Tests/Python/requirements.txt, as the tests' environment does.
set -euo pipefail
cd "$(dirname "$0")/.."

# libopenblas0 is opened with dlopen (Tensor's OpenBLAS.swift), so no linker lists it.
RUNTIME_PACKAGES=(libzmq5 libssl3 libsqlite3-0 libopenblas0 libcairo2 libpng16-16 libjpeg62-turbo zlib1g
    fonts-dejavu-core ca-certificates)
LAB_PACKAGES=(python3 python3-venv make)
# The lines of the tests' requirements that JupyterLab and `make report` need.
LAB_REQUIREMENTS='^(jupyterlab|jupyterlab_widgets|ipywidgets|nbconvert|nbclient|nbformat)[<>=! ]'

packages_of() {
    case "$1" in
        runtime) printf '%s\n' "${RUNTIME_PACKAGES[@]}" ;;
        lab) printf '%s\n' "${LAB_PACKAGES[@]}" ;;
        *) echo "image-deps: unknown kind '$1' (runtime or lab)" >&2; exit 2 ;;
    esac
}

apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
    rm -rf /var/lib/apt/lists/*
}

case "${1:-}" in
    --list)
        packages_of "${2:-}"
        ;;
    runtime)
        mapfile -t packages < <(packages_of runtime)
        apt_install "${packages[@]}"
        ;;
    lab)
        venv=${2:?usage: scripts/image-deps.sh lab VENV}
        mapfile -t packages < <(packages_of lab)
        apt_install "${packages[@]}"
        grep -E "$LAB_REQUIREMENTS" Tests/Python/requirements.txt | sed 's/ *#.*//' > /tmp/lab-requirements.txt
        python3 -m venv "$venv"
        "$venv/bin/pip" install -q --no-cache-dir --disable-pip-version-check -r /tmp/lab-requirements.txt
        rm /tmp/lab-requirements.txt
        ;;
    *)
        echo "usage: scripts/image-deps.sh runtime | lab VENV | --list runtime|lab" >&2
        exit 2
        ;;
esac
