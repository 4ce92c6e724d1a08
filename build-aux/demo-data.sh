#!/bin/sh
# demo-data.sh: fills a new, empty Sightline database with a small demo:
# three accounts, a gallery and a case with two stills, analysed. Every
# name says DEMO: the gallery is made of news photos from Labeled Faces in
# the Wild (research data, not booking photos) and the case is not a case.
#   build-aux/demo-data.sh CLI DB
# Uses ../shared/datasets beside the tree when it is there ($SIGHTLINE_SHARED_DIR
# otherwise); without face images it only creates the accounts.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

cli=$1
db=$2
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${SIGHTLINE_SHARED_DIR:-$top/../shared}
lfw=$shared/datasets/lfw-view1/images
stills=$shared/datasets/faces-detection
password=${SIGHTLINE_DEMO_PASSWORD:-sightline-demo}

if [ -e "$db" ]; then
  echo "demo-data: $db exists; leaving it as it is" >&2
  exit 0
fi

sl () { "$cli" --db "$db" "$@"; }
as () { user=$1; shift; SIGHTLINE_PASSWORD=$password "$cli" --db "$db" --user "$user" "$@"; }

export SIGHTLINE_PASSWORD="$password" SIGHTLINE_NEW_PASSWORD="$password"
sl init --admin admin >/dev/null
as admin user add demo-investigator --role investigator >/dev/null
as admin user add demo-reviewer --role supervisor >/dev/null

if [ ! -d "$lfw" ]; then
  echo "demo-data: no face images at $lfw: accounts only" >&2
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Forty people with at least three photos: all but the last go into the
# gallery, the last is kept back as a demo probe that should find them.
mkdir "$work/gallery"
n=0
for person in $(ls "$lfw"); do
  count=$(ls "$lfw/$person" | wc -l)
  [ "$count" -ge 3 ] || continue
  mkdir "$work/gallery/$person"
  for image in $(ls "$lfw/$person" | head -n $((count - 1))); do
    ln -s "$lfw/$person/$image" "$work/gallery/$person/$image"
  done
  last=$(ls "$lfw/$person" | tail -n 1)
  probe="$lfw/$person/$last"
  n=$((n + 1))
  [ $n -lt 40 ] || break
done

as admin gallery create DEMO-gallery >/dev/null
as admin gallery enroll DEMO-gallery --dir "$work/gallery" >/dev/null

as demo-investigator case open DEMO-0001 \
  --title "DEMO DATA: not a real case (photos from Labeled Faces in the Wild)" >/dev/null
as demo-investigator evidence import --case DEMO-0001 "$probe" >/dev/null
if [ -d "$stills" ]; then
  group=$(ls "$stills"/*.jpg 2>/dev/null | head -n 1 || true)
  [ -z "$group" ] || as demo-investigator evidence import --case DEMO-0001 "$group" >/dev/null
fi
for id in $(as demo-investigator --json evidence list --case DEMO-0001 |
            python3 -c 'import json,sys; [print(e["id"]) for e in json.load(sys.stdin)]'); do
  as demo-investigator analyze --case DEMO-0001 "$id" >/dev/null
done

cat >&2 <<MSG
demo-data: a DEMO database is ready at $db
  accounts: admin (administrator), demo-investigator, demo-reviewer (supervisor)
  password of each: $password  (demo only: change them, or start from an empty database)
  case DEMO-0001 with two analysed stills; gallery DEMO-gallery ($n people from LFW)
MSG
