#!/bin/sh
# check-install.sh: installs a build into a scratch DESTDIR and checks that the
# installed tree is complete and that its programs run from it.
#   build-aux/check-install.sh BUILD_DIR PREFIX BINDIR DATADIR LOCALEDIR GUI
# (the meson test passes these; GUI is "true" when the desktop app is built).
# Relative BINDIR/DATADIR/LOCALEDIR are taken under PREFIX, as meson does.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

if [ $# -ne 6 ]; then
  echo "usage: $0 BUILD_DIR PREFIX BINDIR DATADIR LOCALEDIR GUI" >&2
  exit 2
fi
build=$1 prefix=$2 gui=$6
under_prefix () { case "$1" in /*) echo "$1" ;; *) echo "$prefix/$1" ;; esac; }
bindir=$(under_prefix "$3")
datadir=$(under_prefix "$4")
localedir=$(under_prefix "$5")
app_id=org.sightline.Sightline

dest=$(mktemp -d "${TMPDIR:-/tmp}/sightline-install.XXXXXX")
trap 'rm -rf "$dest"' EXIT INT TERM
status=0
fail () { echo "FAIL: $*"; status=1; }
ok () { echo "ok: $*"; }

# meson test has just built everything; a rebuild from inside a test would
# race the other tests.
if ! meson install -C "$build" --destdir "$dest" --no-rebuild >"$dest.log" 2>&1; then
  cat "$dest.log"
  rm -f "$dest.log"
  echo "FAIL: meson install --destdir"
  exit 1
fi
rm -f "$dest.log"

root=$dest
bin=$root$bindir
share=$root$datadir
models=$share/sightline/models

need_file () {
  if [ -f "$1" ] && [ -s "$1" ]; then ok "${1#$root}"; else fail "missing ${1#$root}"; fi
}

# Programs.
for p in sightline-cli $( [ "$gui" = true ] && echo sightline ); do
  if [ -x "$bin/$p" ]; then ok "${bindir}/$p"; else fail "missing or not executable: $bindir/$p"; fi
done

# The command-line tool runs from the installed tree, needing nothing of the build.
if out=$(env -u SIGHTLINE_MANIFEST -u SIGHTLINE_MODEL_DIR "$bin/sightline-cli" --version 2>&1); then
  ok "sightline-cli --version: $out"
else
  fail "installed sightline-cli --version: $out"
fi
if "$bin/sightline-cli" --help >/dev/null 2>&1; then
  ok "sightline-cli --help"
else
  fail "installed sightline-cli --help failed"
fi
if readelf -d "$bin/sightline-cli" 2>/dev/null | grep -E 'R(UN)?PATH' | grep -qF "$build"; then
  fail "installed sightline-cli still has an RPATH into the build directory"
fi

# Data the desktop needs.
if [ "$gui" = true ]; then
  need_file "$share/applications/$app_id.desktop"
  need_file "$share/metainfo/$app_id.metainfo.xml"
  need_file "$share/icons/hicolor/scalable/apps/$app_id.svg"
  need_file "$share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
  need_file "$share/glib-2.0/schemas/$app_id.gschema.xml"

  if command -v desktop-file-validate >/dev/null 2>&1; then
    if desktop-file-validate "$share/applications/$app_id.desktop"; then
      ok "installed desktop file validates"
    else
      fail "installed desktop file does not validate"
    fi
  fi
  if grep -q '^Name\[de\]=' "$share/applications/$app_id.desktop"; then
    ok "desktop file carries the German translation"
  else
    fail "desktop file has no Name[de]: the translation was not merged"
  fi
  if grep -q 'xml:lang="de"' "$share/metainfo/$app_id.metainfo.xml"; then
    ok "metainfo carries the German translation"
  else
    fail "metainfo has no xml:lang=\"de\": the translation was not merged"
  fi
  if command -v appstreamcli >/dev/null 2>&1; then
    if appstreamcli validate --no-net "$share/metainfo/$app_id.metainfo.xml" >/dev/null; then
      ok "installed metainfo validates"
    else
      fail "installed metainfo does not validate"
    fi
  fi
  # gnome.post_install skips glib-compile-schemas under DESTDIR (packagers
  # run it at install time); compile here to prove the schema is sound.
  if glib-compile-schemas --strict "$share/glib-2.0/schemas" &&
     [ "$(gsettings --schemadir "$share/glib-2.0/schemas" get $app_id window-width 2>/dev/null)" != "" ]; then
    ok "installed GSettings schema compiles and its keys are readable"
  else
    fail "installed GSettings schema does not compile or lacks window-width"
  fi
  if out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$bin/sightline" --help 2>&1); then
    ok "sightline --help"
  else
    fail "installed sightline --help: $out"
  fi
fi

# Translations: the German catalogue, and that it answers from the installed tree.
mo=$root$localedir/de/LC_MESSAGES/sightline.mo
need_file "$mo"
if [ -f "$mo" ]; then
  de=$(LC_ALL=C.UTF-8 LANGUAGE=de TEXTDOMAINDIR="$root$localedir" gettext -d sightline "Commands:")
  if [ "$de" = "Befehle:" ]; then ok "German catalogue answers: $de"; else fail "German catalogue gave '$de'"; fi
fi

# Models: the manifest and calibrations go where the programs look for them
# (SL_INSTALLED_MODELS_DIR = DATADIR/sightline/models).
need_file "$models/manifest"
for c in "$models"/*.calibration; do
  [ -e "$c" ] || { fail "no model calibrations installed in ${models#$root}"; break; }
  ok "${c#$root}"
done
for c in "$models"/*.fairness; do
  [ -e "$c" ] || { fail "no per-group measurements installed in ${models#$root}"; break; }
  ok "${c#$root}"
done
if grep -qaF "$datadir/sightline/models" "$bin/sightline-cli"; then
  ok "sightline-cli looks for the installed manifest in $datadir/sightline/models"
else
  fail "sightline-cli does not name $datadir/sightline/models: it will not find the installed manifest"
fi
# An installed program still prefers the source tree it was built from, when
# that tree is on the same machine (SL_SOURCE_MODELS_DIR in config.h).
source_models=$(cd "$(dirname "$0")/.." && pwd)/models
if grep -qaF "$source_models" "$bin/sightline-cli"; then
  echo "note: sightline-cli also looks in $source_models first, while that tree exists"
fi
scratch=$(mktemp -d "${TMPDIR:-/tmp}/sightline-models.XXXXXX")
if out=$(SIGHTLINE_MANIFEST="$models/manifest" SIGHTLINE_MODEL_DIR="$scratch" XDG_DATA_HOME="$scratch" \
         "$bin/sightline-cli" models list 2>&1); then
  ok "installed sightline-cli reads the installed manifest"
else
  fail "installed sightline-cli cannot read the installed manifest: $out"
fi
rm -rf "$scratch"

if [ $status -eq 0 ]; then
  echo "The installed tree under $prefix is complete."
fi
exit $status
