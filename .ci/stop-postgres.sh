#!/usr/bin/env bash
# Stop a cluster started by .ci/start-postgres.sh and delete its directory.
#
#   .ci/stop-postgres.sh            # the one named by $PARTSPORTAL_PG_DIR
#   .ci/stop-postgres.sh DIR        # a given one
#   .ci/stop-postgres.sh --all      # every ${TMPDIR:-/tmp}/partsportal-pg.* cluster
set -euo pipefail

stop_one() {
    local dir=$1
    case $dir in
        */partsportal-pg.*) ;;
        *) echo "[stop-postgres] refusing: $dir is not a partsportal-pg.* dir" >&2; return 1 ;;
    esac
    [[ -d $dir ]] || { echo "[stop-postgres] $dir: no such dir" >&2; return 0; }
    local bin=${PARTSPORTAL_PG_BIN:-}
    if [[ -z $bin && -f $dir/env ]]; then
        bin=$(sed -n "s/^export PARTSPORTAL_PG_BIN='\(.*\)'$/\1/p" "$dir/env")
    fi
    if [[ -f $dir/data/postmaster.pid ]]; then
        local -a as=()
        if [[ $(id -u) -eq 0 ]]; then
            as=(runuser -u "$(stat -c %U "$dir/data")" --)
        fi
        if [[ -n $bin && -x $bin/pg_ctl ]]; then
            "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
                "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
        fi
        # last resort: the postmaster's pid, from its own pid file
        local pid
        pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
        if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
            kill -QUIT "$pid" 2>/dev/null || true
            sleep 1
        fi
    fi
    rm -rf "$dir"
    echo "[stop-postgres] stopped and removed $dir" >&2
}

if [[ ${1:-} == --all ]]; then
    shopt -s nullglob
    for d in "${TMPDIR:-/tmp}"/partsportal-pg.*; do stop_one "$d"; done
elif [[ -n ${1:-} ]]; then
    stop_one "$1"
elif [[ -n ${PARTSPORTAL_PG_DIR:-} ]]; then
    stop_one "$PARTSPORTAL_PG_DIR"
else
    echo "usage: $0 [DIR | --all]   (or set PARTSPORTAL_PG_DIR, as start-postgres.sh does)" >&2
    exit 2
fi
