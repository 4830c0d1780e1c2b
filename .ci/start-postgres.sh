#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for partsportal's tests.
#
#   source .ci/start-postgres.sh      # starts it, exports the variables below
#   cargo test --workspace
#   .ci/stop-postgres.sh              # stops it and deletes its directory
#
# or from any shell:   eval "$(bash .ci/start-postgres.sh)"
#
# Exports:
#   PARTSPORTAL_TEST_POSTGRES_URL  postgres://partsportal:partsportal@127.0.0.1:PORT/partsportal
#   PARTSPORTAL_PG_DIR             the cluster's temp dir (data/, socket, postgres.log)
#   PARTSPORTAL_PG_BIN             the PostgreSQL bin dir used
#
# The role `partsportal` has LOGIN + CREATEDB (not superuser): tests create and
# drop a database per test. The cluster is tuned for speed, not durability
# (fsync=off, synchronous_commit=off, full_page_writes=off, max_connections=300).
#
# Optional inputs: PARTSPORTAL_PG_PORT (first port to try, default 55432),
# PG_BIN (directory holding initdb/pg_ctl/psql).
#
# As root the server runs as the `postgres` user (postgres refuses to run as
# root); otherwise as the current user. Superuser access (no password) is via
# the unix socket in $PARTSPORTAL_PG_DIR:
#   psql -h "$PARTSPORTAL_PG_DIR" -p PORT -U postgres   (as root: runuser -u postgres -- psql ...)

if [[ ${BASH_SOURCE[0]} != "$0" ]]; then
    # Sourced: do the work in a child bash (so `set -e` there is reliable and
    # the caller's shell options are untouched), then import its exports.
    if _pp_pg_env=$(bash "${BASH_SOURCE[0]}"); then
        eval "$_pp_pg_env"
        unset _pp_pg_env
        return 0
    else
        unset _pp_pg_env
        return 1
    fi
fi

set -euo pipefail

log() { printf '[start-postgres] %s\n' "$*" >&2; }

# --- binaries ----------------------------------------------------------------
bin=${PG_BIN:-}
if [[ -z $bin ]]; then
    bin=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [[ -z $bin ]] && command -v pg_ctl >/dev/null 2>&1; then
    bin=$(dirname "$(command -v pg_ctl)")
fi
if [[ -z $bin || ! -x $bin/initdb || ! -x $bin/pg_ctl || ! -x $bin/psql ]]; then
    log "cannot find initdb/pg_ctl/psql (looked in /usr/lib/postgresql/*/bin and PATH; set PG_BIN)"
    exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/partsportal-pg.XXXXXX")
started=0
ok=0
cleanup() {
    if [[ $ok -ne 1 ]]; then
        if [[ $started -eq 1 ]]; then
            "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
        fi
        rm -rf "$dir"
    fi
}
trap cleanup EXIT

# --- who runs the server -----------------------------------------------------
as=()
if [[ $(id -u) -eq 0 ]]; then
    pguser=postgres
    if ! id -u "$pguser" >/dev/null 2>&1; then
        pguser=partsportal-pg
        id -u "$pguser" >/dev/null 2>&1 ||
            useradd --system --no-create-home --shell /usr/sbin/nologin "$pguser"
    fi
    chown "$pguser" "$dir"
    as=(runuser -u "$pguser" --)
fi
chmod 700 "$dir"
cd "$dir"

# --- initdb ------------------------------------------------------------------
if ! "${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    exit 1
fi
cat >>"$dir/data/postgresql.conf" <<EOF

# --- partsportal throwaway test cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = 1GB
checkpoint_timeout = 30min
EOF

# --- start on the first free port ---------------------------------------------
port=${PARTSPORTAL_PG_PORT:-55432}
for try in $(seq 1 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        if "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" \
            -o "-p $port" -w -t 60 start >/dev/null 2>&1; then
            started=1
            break
        fi
        log "could not start on port $port (attempt $try), trying the next port"
    fi
    port=$((port + 1))
done
if [[ $started -ne 1 ]]; then
    log "PostgreSQL did not start; last lines of its log:"
    tail -n 30 "$dir/postgres.log" >&2 || true
    exit 1
fi

# --- role and database ---------------------------------------------------------
"${as[@]}" "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres <<'SQL'
CREATE ROLE partsportal LOGIN CREATEDB PASSWORD 'partsportal';
CREATE DATABASE partsportal OWNER partsportal;
SQL

url="postgres://partsportal:partsportal@127.0.0.1:$port/partsportal"
cat >"$dir/env" <<EOF
export PARTSPORTAL_TEST_POSTGRES_URL='$url'
export PARTSPORTAL_PG_DIR='$dir'
export PARTSPORTAL_PG_BIN='$bin'
EOF
ok=1
log "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') running on 127.0.0.1:$port, dir $dir"
log "PARTSPORTAL_TEST_POSTGRES_URL=$url"
log "stop it with: .ci/stop-postgres.sh"
cat "$dir/env"
