#!/bin/sh
# Starts or stops a throwaway PostgreSQL server for the integration tests.
#
#   pg-server.sh start DIR PORT        initdb in DIR/data, listen on 127.0.0.1:PORT and in DIR/socket,
#                                      create the database assay_test
#   pg-server.sh stop DIR [immediate]  stop it (fast shutdown, or "immediate" to pull the plug)
#
# Authentication is "trust" for everyone except the role assay_pw (password "right"), which must
# give its password, so tests can check what a wrong one does. Local test use only: the server
# listens on the loopback address and nowhere else.
#
# initdb refuses to run as root, so as root the server runs as the `postgres` system user (made by
# Debian's postgresql package) and DIR is handed to it. When that user cannot reach DIR (a build
# folder under /root, say), the cluster goes to a fresh folder under /tmp instead and DIR/cluster
# records where, for `stop`. PG_BINDIR overrides where the server binaries are found (default:
# `pg_config --bindir`, else the newest /usr/lib/postgresql/*/bin).
set -eu

usage() {
    echo "usage: $0 start DIR PORT | stop DIR [immediate]" >&2
    exit 2
}

[ $# -ge 2 ] || usage
action=$1
dir=$2

find_bindir() {
    if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/pg_ctl" ]; then
        echo "$PG_BINDIR"
        return 0
    fi
    if command -v pg_config >/dev/null 2>&1; then
        candidate=$(pg_config --bindir 2>/dev/null || true)
        if [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
            echo "$candidate"
            return 0
        fi
    fi
    for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5nr); do
        if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

bindir=$(find_bindir) || {
    echo "pg-server.sh: no PostgreSQL server binaries (initdb, pg_ctl) found; install postgresql or set PG_BINDIR" >&2
    exit 1
}

# Runs a server binary as the user that owns the cluster.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Where the cluster lives: DIR itself, or the folder DIR/cluster names.
cluster_of() {
    if [ -f "$dir/cluster" ]; then
        cat "$dir/cluster"
    else
        echo "$dir"
    fi
}
use_cluster() {
    base=$1
    data="$base/data"
    socket="$base/socket"
    log="$base/server.log"
}
use_cluster "$(cluster_of)"

case "$action" in
start)
    [ $# -eq 3 ] || usage
    port=$3
    case "$port" in
    '' | *[!0-9]*) echo "pg-server.sh: PORT must be a number, not \"$port\"" >&2; exit 2 ;;
    esac
    # A server left over from an interrupted run of the same build: stop it first.
    if [ -f "$data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2 >/dev/null 2>&1; then
        echo "pg-server.sh: something already answers on 127.0.0.1:$port; configure another port with -DASSAY_TEST_PG_PORT=N" >&2
        exit 1
    fi
    case "$base" in
    /tmp/assay-pg-test.*) rm -rf "$base" ;;
    esac
    rm -rf "$dir"
    mkdir -p "$dir"
    use_cluster "$dir"
    if [ "$(id -u)" = 0 ]; then
        if ! id postgres >/dev/null 2>&1; then
            echo "pg-server.sh: running as root, but there is no postgres system user to run the server as" >&2
            exit 1
        fi
        chown postgres "$dir"
        chmod 700 "$dir"
        # The server (user postgres) must reach DIR through its parents; if a parent is closed
        # to it, the cluster goes under /tmp.
        if ! runuser -u postgres -- test -w "$dir"; then
            chown root "$dir"
            use_cluster "$(mktemp -d /tmp/assay-pg-test.XXXXXX)"
            chown postgres "$base"
            chmod 700 "$base"
            echo "$base" >"$dir/cluster"
            echo "the postgres user cannot reach $dir; the cluster lives in $base"
        fi
    fi
    mkdir -p "$socket"
    [ "$(id -u)" != 0 ] || chown postgres "$socket"
    as_owner "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$base/initdb.log" 2>&1 || {
        cat "$base/initdb.log" >&2
        echo "pg-server.sh: initdb failed" >&2
        exit 1
    }
    # First match wins: the password role over TCP, then everyone trusted.
    cat >"$data/pg_hba.conf" <<EOF
local   all   all                      trust
host    all   assay_pw   127.0.0.1/32  scram-sha-256
host    all   all        127.0.0.1/32  trust
EOF
    [ "$(id -u)" != 0 ] || chown postgres "$data/pg_hba.conf"
    # The server's time zone is deliberately not UTC (and not a whole hour off): timestamps must
    # come out right whatever zone a team's server is set to.
    if ! as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40 -c TimeZone=Asia/Kolkata" \
        start >/dev/null; then
        cat "$log" >&2 || true
        echo "pg-server.sh: the server did not start on 127.0.0.1:$port" >&2
        exit 1
    fi
    psql() { as_owner "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$socket" -p "$port" -U postgres "$@"; }
    psql -d postgres -c "CREATE DATABASE assay_test" \
        -c "CREATE ROLE assay_pw LOGIN PASSWORD 'right'" \
        -c "GRANT ALL ON DATABASE assay_test TO assay_pw" || {
        echo "pg-server.sh: cannot create the test database" >&2
        exit 1
    }
    echo "$("$bindir/postgres" --version) on 127.0.0.1:$port, data in $data"
    ;;
stop)
    mode=fast
    [ "${3:-}" = immediate ] && mode=immediate
    if [ -f "$data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$data" -m "$mode" -w -t 60 stop >/dev/null || {
            echo "pg-server.sh: pg_ctl stop failed" >&2
            exit 1
        }
        echo "stopped the server in $data"
    else
        echo "no server running in $data"
    fi
    # A fallback cluster under /tmp does not outlive its server.
    case "$base" in
    /tmp/assay-pg-test.*) rm -rf "$base" "$dir/cluster" ;;
    esac
    ;;
*)
    usage
    ;;
esac
