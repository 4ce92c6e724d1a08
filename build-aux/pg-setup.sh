#!/bin/sh
# pg-setup.sh: prepares an office's PostgreSQL server for Sightline.
# Run as root on the server, after `apt-get install postgresql-15`:
#   build-aux/pg-setup.sh [--database NAME] [--host NAME] [--port PORT]
#                         [--owner-password-file FILE] [--desk-password-file FILE]
# It creates the role sightline_owner (it owns the database and runs
# `sightline-cli init`, `store copy` and `store migrate`), the role sightline_desk
# (the desks: they read and write cases, may only append to the audit, and
# own nothing), and the database (UTF-8, C collation, so that text sorts and
# compares as in SQLite), then prints the URIs and the lines for the desks'
# password files. A new role gets a generated password, printed once; an
# existing one keeps its password unless a password file is given. Running
# it again changes nothing else.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

usage () {
  cat >&2 <<EOF
usage: $0 [--database NAME] [--host NAME] [--port PORT]
          [--owner-password-file FILE] [--desk-password-file FILE]
  --database NAME   the database to create (default: sightline)
  --host NAME       the server's name as the desks reach it, for the URIs
                    (default: this machine's full host name)
  --port PORT       the server's port (default: 5432)
  --owner-password-file FILE, --desk-password-file FILE
                    set the role's password to the first line of FILE
                    (default: generated for a new role, kept for an old one)
EOF
  exit 2
}
say () { printf '==> %s\n' "$*" >&2; }
fail () { printf 'pg-setup.sh: %s\n' "$*" >&2; exit 1; }

database=sightline
host=$(hostname -f 2>/dev/null || hostname)
port=5432
owner_pw_file=
desk_pw_file=
while [ $# -gt 0 ]; do
  case "$1" in
    --database) [ $# -ge 2 ] || usage; database=$2; shift 2 ;;
    --host) [ $# -ge 2 ] || usage; host=$2; shift 2 ;;
    --port) [ $# -ge 2 ] || usage; port=$2; shift 2 ;;
    --owner-password-file) [ $# -ge 2 ] || usage; owner_pw_file=$2; shift 2 ;;
    --desk-password-file) [ $# -ge 2 ] || usage; desk_pw_file=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "pg-setup.sh: unknown option '$1'" >&2; usage ;;
  esac
done

# Names go into SQL and URIs as they are: keep them plain.
printf '%s' "$database" | grep -Eq '^[a-z_][a-z0-9_]{0,62}$' ||
  fail "the database name '$database' must be lower-case letters, digits and _ (starting with a letter or _)"
printf '%s' "$port" | grep -Eq '^[0-9]+$' || fail "the port '$port' is not a number"
[ "$(id -u)" -eq 0 ] || fail "run me as root (I run psql as the postgres user)"
command -v psql >/dev/null || fail "psql is missing: apt-get install postgresql-15"
id postgres >/dev/null 2>&1 || fail "there is no postgres user: apt-get install postgresql-15"
pg_isready -q -p "$port" ||
  fail "no PostgreSQL server answers on port $port here (pg_lsclusters lists them; systemctl start postgresql)"

# psql as the superuser over the local socket; values reach SQL only as psql
# variables (:'name' quotes them), passwords through the environment.
sql () {
  runuser -u postgres -- env SL_OWNER_PW="${owner_pw:-}" SL_DESK_PW="${desk_pw:-}" \
    psql -X -q -At -v ON_ERROR_STOP=1 -p "$port" -v db="$database" "$@"
}

read_password () {
  [ -r "$1" ] || fail "cannot read the password file '$1'"
  pw=$(head -n 1 "$1")
  [ -n "$pw" ] || fail "the password file '$1' is empty"
  printf '%s' "$pw"
}

# Letters and digits only: nothing to escape in a URI or a pgpass line.
generate_password () {
  LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32
}

owner_pw=
desk_pw=
owner_new=no
desk_new=no
[ -z "$owner_pw_file" ] || owner_pw=$(read_password "$owner_pw_file")
[ -z "$desk_pw_file" ] || desk_pw=$(read_password "$desk_pw_file")

role_exists () {
  [ "$(sql -d postgres -v role="$1" <<'EOF'
SELECT count(*) FROM pg_roles WHERE rolname = :'role';
EOF
)" = 1 ]
}

# The roles: never superusers, never able to make roles; only the owner may
# create databases (init or store copy into a new one).
if role_exists sightline_owner; then
  say "role sightline_owner exists"
else
  [ -n "$owner_pw" ] || owner_pw=$(generate_password)
  owner_new=yes
  sql -d postgres <<'EOF'
CREATE ROLE sightline_owner LOGIN CREATEDB;
EOF
  say "role sightline_owner created"
fi
if role_exists sightline_desk; then
  say "role sightline_desk exists"
else
  [ -n "$desk_pw" ] || desk_pw=$(generate_password)
  desk_new=yes
  sql -d postgres <<'EOF'
CREATE ROLE sightline_desk LOGIN;
EOF
  say "role sightline_desk created"
fi
sql -d postgres <<'EOF'
ALTER ROLE sightline_owner NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS LOGIN;
ALTER ROLE sightline_desk NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS LOGIN;
EOF
if [ -n "$owner_pw" ]; then
  sql -d postgres <<'EOF'
\getenv pw SL_OWNER_PW
ALTER ROLE sightline_owner PASSWORD :'pw';
EOF
fi
if [ -n "$desk_pw" ]; then
  sql -d postgres <<'EOF'
\getenv pw SL_DESK_PW
ALTER ROLE sightline_desk PASSWORD :'pw';
EOF
fi

# The database: C collation and ctype (the schema refuses another
# collation), owned by sightline_owner; only the two roles may connect.
exists=$(sql -d postgres <<'EOF'
SELECT count(*) FROM pg_database WHERE datname = :'db';
EOF
)
if [ "$exists" = 1 ]; then
  info=$(sql -d postgres <<'EOF'
SELECT pg_get_userbyid (datdba) || ' ' || datcollate FROM pg_database WHERE datname = :'db';
EOF
)
  say "database $database exists (owner and collation: $info)"
  case "$info" in
    "sightline_owner C"|"sightline_owner POSIX"|"sightline_owner C.UTF-8"|"sightline_owner C.utf8") ;;
    *) fail "database $database exists but is not owned by sightline_owner with the C collation; choose another --database, or drop it if it holds nothing" ;;
  esac
else
  sql -d postgres <<'EOF'
CREATE DATABASE :"db" OWNER sightline_owner TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C';
EOF
  say "database $database created"
fi
sql -d postgres <<'EOF'
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO sightline_desk;
EOF

ssl=$(sql -d postgres -c 'SHOW ssl')
query=
[ "$ssl" != on ] || query='?sslmode=require'
listen=$(sql -d postgres -c 'SHOW listen_addresses')

cat <<EOF

Sightline's database on $host:$port is ready.

Create its schema and first administrator (as the owner, once), or move a desk's database file
onto it instead, then upgrade the schema after each upgrade of Sightline:
  sightline-cli --db 'postgresql://sightline_owner@$host:$port/$database$query' init --admin NAME
  sightline-cli store copy --from FILE.db --to 'postgresql://sightline_owner@$host:$port/$database$query'
  sightline-cli --db 'postgresql://sightline_owner@$host:$port/$database$query' store migrate

Point each desk at it:
  SIGHTLINE_DB='postgresql://sightline_desk@$host:$port/$database$query'

EOF
if [ "$owner_new" = yes ] || [ -n "$owner_pw_file" ] || [ "$desk_new" = yes ] || [ -n "$desk_pw_file" ]; then
  echo "Passwords (shown once; put each line in ~/.pgpass, mode 0600, or in the file PGPASSFILE names):"
  [ -z "$owner_pw" ] || echo "  $host:$port:$database:sightline_owner:$owner_pw     (the administrator's machine only)"
  [ -z "$desk_pw" ] || echo "  $host:$port:$database:sightline_desk:$desk_pw     (every desk)"
  echo
fi
[ -n "$owner_pw" ] && [ -n "$desk_pw" ] ||
  echo "A role that existed kept its password; --owner-password-file or --desk-password-file sets a new one."
[ "$ssl" = on ] ||
  echo "Warning: the server has ssl off: passwords and evidence cross the network in clear. Turn ssl on in postgresql.conf."
cat <<EOF
The server listens on: $listen. For desks on other machines, set listen_addresses in
/etc/postgresql/15/main/postgresql.conf and allow the office's network in pg_hba.conf, e.g.
  hostssl $database sightline_desk  192.168.1.0/24 scram-sha-256
  hostssl $database sightline_owner 192.168.1.10/32 scram-sha-256
then: systemctl reload postgresql
EOF
