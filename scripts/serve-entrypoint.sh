#!/usr/bin/env bash
# The serve image's entrypoint: `strata serve` of the runs given as arguments, on every
# interface of the container (the container is the network boundary) and port 8080,
# and never without a token: STRATA_SERVE_TOKEN (which keeps it out of the process
# list) or --token among the arguments. Other options pass through to `strata serve`.
set -euo pipefail
STRATA=${STRATA:-strata}
if [ -z "${STRATA_SERVE_TOKEN:-}" ] && [[ " $* " != *" --token"* ]]; then
    echo "serve: set STRATA_SERVE_TOKEN (or pass --token): this server listens beyond the container" >&2
    exit 2
fi
if [ "$#" -eq 0 ]; then
    echo "serve: name the runs to serve: RUN[=NAME]... (from the store at ${STRATA_STORE:-.strata})" >&2
    exit 2
fi
exec "$STRATA" serve --host 0.0.0.0 --port "${PORT:-8080}" "$@"
