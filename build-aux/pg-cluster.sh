#!/bin/sh
# pg-cluster.sh: a throwaway PostgreSQL 15 cluster for tests and CI.
#   build-aux/pg-cluster.sh start DIR              initdb in DIR, start it on a free
#                                                  loopback port, create the roles
#                                                  sightline_owner and sightline_desk,
#                                                  print the superuser URI
#   build-aux/pg-cluster.sh stop DIR               stop it (fast) and remove DIR
#   build-aux/pg-cluster.sh restart-immediate DIR  stop it as a crash would
#                                                  (-m immediate), start it again
#                                                  on the same port
# Trust authentication, on a unix socket inside DIR and on 127.0.0.1 only, and
# fsync off: never for real data (a process crash keeps every reported
# commit; a machine crash would not). Run as root (CI), the cluster belongs to the
# postgres system user; run as anyone else, to that user.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

usage () { echo "usage: $0 start|stop|restart-immediate DIR" >&2; exit 2; }
fail () { echo "pg-cluster.sh: $*" >&2; exit 1; }

[ $# -eq 2 ] || usage
cmd=$1
dir=$2

bindir=${PG_BINDIR:-}
if [ -z "$bindir" ]; then
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$d/pg_ctl" ]; then bindir=$d; break; fi
  done
fi
[ -n "$bindir" ] && [ -x "$bindir/pg_ctl" ] ||
  fail "no PostgreSQL server binaries (install postgresql-15, or set PG_BINDIR)"

# As root the server runs as postgres (it refuses to run as root); otherwise
# as whoever runs this.
as_owner () {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A loopback port nothing listens on: bind port 0 and keep what the kernel
# chose. The server binds it a moment later; a race with another program is
# possible but rare, and shows as a start failure, never as a wrong cluster.
free_port () {
  python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

pg_start () {
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
    fail "the server in '$dir' did not start; see '$dir/server.log'"
  port=$(cat "$dir/port")
  # -w waits for the postmaster; wait for connections too (recovery after an
  # immediate stop may still be running).
  i=0
  until "$bindir/pg_isready" -q -h "$dir" -p "$port" -U postgres; do
    i=$((i + 1))
    [ $i -lt 300 ] || fail "the server in '$dir' does not accept connections; see '$dir/server.log'"
    sleep 0.1
  done
}

case "$cmd" in
  start)
    [ ! -e "$dir/data" ] || fail "'$dir' already holds a cluster"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres: "$dir"
      # The server needs to reach DIR through every parent (a mktemp folder
      # under /tmp is usually fine; a root-only home is not).
      runuser -u postgres -- test -w "$dir" ||
        fail "the postgres user cannot write to '$dir' (check the parent folders' permissions)"
    fi
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || fail "initdb failed; see '$dir/initdb.log'"
    port=$(free_port)
    echo "$port" >"$dir/port"
    as_owner sh -c "cat >>'$dir/data/postgresql.conf'" <<EOF

# pg-cluster.sh: a throwaway test cluster
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
# Nothing reaches the disk on purpose, but every commit reaches the kernel
# before it is reported: restart-immediate kills the server, not the
# machine, so a reported commit survives it (synchronous_commit = off would
# lose the last ones, and the fault tests would see them missing).
fsync = off
full_page_writes = off
max_connections = 100
EOF
    # Trust on the socket and 127.0.0.1 only: no ::1, no other address.
    as_owner sh -c "cat >'$dir/data/pg_hba.conf'" <<EOF
local all all trust
host  all all 127.0.0.1/32 trust
EOF
    pg_start
    "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres <<'EOF' >/dev/null ||
CREATE ROLE sightline_owner LOGIN CREATEDB;
CREATE ROLE sightline_desk LOGIN;
EOF
      fail "cannot create the roles in the cluster of '$dir'"
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ||
        fail "cannot stop the server in '$dir'"
    fi
    rm -rf "$dir"
    ;;
  restart-immediate)
    [ -f "$dir/port" ] || fail "'$dir' holds no cluster made by this script"
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null ||
      fail "cannot stop the server in '$dir'"
    pg_start
    ;;
  *)
    usage
    ;;
esac
