#!/bin/sh
# check-demo-data.sh: the demo database the run command prepares: accounts,
# gallery and case are there, labelled DEMO, and the stills are analysed.
#   build-aux/check-demo-data.sh CLI
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
cli=$1
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/sightline.db

sh "$top/build-aux/demo-data.sh" "$cli" "$db" 2>"$work/log" || { cat "$work/log"; exit 1; }
export SIGHTLINE_PASSWORD=${SIGHTLINE_DEMO_PASSWORD:-sightline-demo}
q () { "$cli" --db "$db" --user "$1" --json "$2" "$3" ${4:+"$4"} ${5:+"$5"}; }

q demo-investigator case list | python3 -c '
import json, sys
cases = json.load(sys.stdin)
assert len(cases) == 1, cases
assert cases[0]["number"] == "DEMO-0001", cases
assert "DEMO DATA" in cases[0]["title"], cases
print("ok: demo case", cases[0]["number"])'
q admin gallery list | python3 -c '
import json, sys
galleries = json.load(sys.stdin)
assert [g["name"] for g in galleries] == ["DEMO-gallery"], galleries
assert galleries[0]["subjects"] >= 10, galleries
print("ok: demo gallery with", galleries[0]["subjects"], "subjects")'
q demo-investigator evidence list --case DEMO-0001 | python3 -c '
import json, sys
evidence = json.load(sys.stdin)
assert len(evidence) >= 1, evidence
print("ok:", len(evidence), "demo stills")'
if q demo-investigator audit verify >/dev/null 2>&1; then exit 1; fi  # investigators may not read the audit
"$cli" --db "$db" --user demo-reviewer audit verify >/dev/null
echo "ok: audit log intact"
# A second run leaves an existing database alone.
before=$(sha256sum "$db")
sh "$top/build-aux/demo-data.sh" "$cli" "$db" 2>/dev/null
[ "$before" = "$(sha256sum "$db")" ]
echo "ok: an existing database is left alone"
