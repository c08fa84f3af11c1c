#!/usr/bin/env bash
# Opens JupyterLab on notebooks/ with the Python environment's jupyter (what `make lab`
# runs once the kernelspec is installed). Extra arguments go to `jupyter lab`
# (`make lab LAB_ARGS="--no-browser --port 8899"`; the tests pass a port and a token).
#
# As root (as in most containers) JupyterLab refuses to start unless told
# `--allow-root`; it only warns that running as root is not recommended.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
args=(--notebook-dir=notebooks)
if [ "$(id -u)" -eq 0 ]; then
    args+=(--allow-root)
fi
exec "$VENV/bin/jupyter" lab "${args[@]}" "$@"
