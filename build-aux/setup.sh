#!/bin/sh
# setup.sh: the two-command set-up of Sightline on Debian 12.
#   build-aux/setup.sh run    install what is missing, build, install the
#                             models, prepare the database, start the app
#   build-aux/setup.sh test   the same set-up, then every test (GUI tests
#                             under Xvfb)
# Run as root, or as a user who may use sudo (only apt-get needs it).
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

mode=${1:-run}
case "$mode" in
  run|test|build) ;;
  *) echo "usage: $0 run|test|build" >&2; exit 2 ;;
esac

top=$(cd "$(dirname "$0")/.." && pwd)
build=${SIGHTLINE_BUILD_DIR:-$top/build}
cd "$top"

say () { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Debian 12 packages the build, the tests and the app need.
packages="build-essential g++ pkg-config meson ninja-build gettext
  libglib2.0-dev libjson-glib-dev libgtk-4-dev libadwaita-1-dev
  libopencv-dev opencv-data libavformat-dev libavcodec-dev libswscale-dev libsqlite3-dev libcurl4-openssl-dev libcrypt-dev
  check desktop-file-utils appstream xvfb xauth python3 openssl ca-certificates
  poppler-utils valgrind clang libclang-rt-14-dev libpq-dev postgresql-15 locales"

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
if [ -n "$missing" ]; then
  say "Installing Debian packages:$missing"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
fi

say "Building in $build"
if [ -f "$build/build.ninja" ]; then
  meson setup --reconfigure "$build" >/dev/null
else
  meson setup "$build" >/dev/null
fi
if [ "$mode" = run ]; then
  # Only what `run` starts (the app, the command line, the settings schema and
  # the translations); `test` builds every test binary as well.
  ninja -C "$build" src/app/sightline src/cli/sightline-cli resources/gschemas.compiled sightline-gmo
else
  ninja -C "$build"
fi

# Models: from a mirror beside the tree (../shared/models) or
# $SIGHTLINE_MODEL_MIRROR when there is one, else npm and https. Every file is
# checked against its SHA-256.
say "Installing and verifying models"
"$build/src/cli/sightline-cli" models install

case "$mode" in
  build)
    ;;
  run)
    data=${SIGHTLINE_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/sightline}
    db=${SIGHTLINE_DB:-$data/sightline.db}
    if [ ! -e "$db" ]; then
      say "Preparing a demo database at $db"
      mkdir -p "$(dirname "$db")"
      sh "$top/build-aux/demo-data.sh" "$build/src/cli/sightline-cli" "$db"
    fi
    say "Starting Sightline"
    # Run from the build tree: its compiled settings schema and translations
    # are there (the app finds the latter itself; the variable says so).
    SIGHTLINE_DB="$db" GSETTINGS_SCHEMA_DIR="$build/resources" SIGHTLINE_LOCALEDIR="$build/po" \
      exec "$build/src/app/sightline"
    ;;
  test)
    say "Running every test"
    status=0
    if [ -n "${DISPLAY:-}" ] && [ -z "${CI:-}" ]; then
      meson test -C "$build" --print-errorlogs || status=$?
    else
      xvfb-run -a -s "-screen 0 1600x1000x24" meson test -C "$build" --print-errorlogs || status=$?
    fi
    # Then the engine and command-line suites again with every database on
    # PostgreSQL (the 'postgresql' setup in tests/meson.build): each test
    # program starts its own throwaway cluster (build-aux/pg-cluster.sh:
    # initdb in a temporary folder, as the postgres user when root, on a
    # free loopback port) and stops it.
    say "Running the engine and command-line suites on PostgreSQL"
    meson test -C "$build" --no-rebuild --setup postgresql --suite engine --suite cli \
      --print-errorlogs >&2 || status=$?
    python3 - "$build/meson-logs/testlog-postgresql.json" <<'PY' || true
import json, sys
ok = bad = 0
for line in open(sys.argv[1]):
    if json.loads(line).get("result", "") in ("OK", "EXPECTEDFAIL"): ok += 1
    else: bad += 1
print(f"PostgreSQL, engine and command-line suites: {ok} passed, {bad} failed")
PY
    # Then the quick core tests again under valgrind (memcheck: any error or
    # definite leak fails; the 'valgrind' setup in tests/meson.build). The
    # whole core suite under valgrind is clean too, but takes about 26
    # minutes on two shared cores (audit-query's 120,000-row log, the
    # matcher's kernels): `meson test -C build --setup valgrind --suite core`.
    # This run has a line of its own, and its failure fails the command.
    say "Running the quick core tests under valgrind"
    meson test -C "$build" --no-rebuild --setup valgrind --print-errorlogs \
      calibration csv binomial fairness text store >&2 || status=$?
    python3 - "$build/meson-logs/testlog-valgrind.json" <<'PY' || true
import json, sys
ok = bad = 0
for line in open(sys.argv[1]):
    if json.loads(line).get("result", "") in ("OK", "EXPECTEDFAIL"): ok += 1
    else: bad += 1
print(f"valgrind, quick core tests: {ok} passed, {bad} failed")
PY
    # Then each reader of outside files under libFuzzer for 20 s, from its
    # committed seed corpus (build-aux/fuzz.sh: clang, ASan, UBSan, its own
    # build folder; about 3 minutes). A crash, leak, hang or allocation
    # past the limits fails the command.
    say "Fuzzing the readers of outside files"
    build-aux/fuzz.sh 20 >&2 || status=$?
    # One plain closing line (the normal run), whatever was printed before it.
    python3 - "$build/meson-logs/testlog.json" <<'PY' || true
import json, sys
ok = bad = skip = 0
for line in open(sys.argv[1]):
    r = json.loads(line).get("result", "")
    if r in ("OK", "EXPECTEDFAIL"): ok += 1
    elif r == "SKIP": skip += 1
    else: bad += 1
print(f"{ok} passed, {bad} failed" + (f", {skip} skipped" if skip else ""))
PY
    exit $status
    ;;
esac
