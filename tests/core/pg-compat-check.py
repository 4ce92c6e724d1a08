#!/usr/bin/env python3
# pg-compat-check.py: compares the SQLite compatibility functions of the
# PostgreSQL schema (json_extract, julianday, strftime, printf; see
# src/core/sl-store-schema-pg.c) with SQLite's own answers, for fixed and
# random inputs. Run it after changing one of them or moving to another
# SQLite:
#   tests/core/pg-compat-check.py postgresql://USER@HOST:PORT/DB
# where DB holds the baseline (sightline-cli --db URI store init, or the
# test-pg-schema test's database). Exit status 1 when an answer differs.
# SPDX-License-Identifier: GPL-3.0-or-later
import random
import sqlite3
import subprocess
import sys

if len(sys.argv) != 2:
    sys.exit("usage: pg-compat-check.py POSTGRESQL-URI")
uri = sys.argv[1]
random.seed(7)
exprs = []
times = ['2024-05-01T09:30:00.000000Z', '2024-05-01', '2000-01-01T00:00:00Z',
         '1999-12-31T23:59:59.999999Z', '2024-02-29T12:00:00.0005Z', '2024-02-31',
         '2023-13-01', 'garbage', '2024-05-01 09:30', '2024-05-01T09:30:00+02:00',
         '2024-05-01T00:30:00+02:00', '2024-12-31T23:30:00-01:30',
         '2024-05-01T09:30:00.123456789Z', '1970-01-01T00:00:00.0015Z', '2024-05-01T24:00:00Z']
for _ in range(300):
    y, m, d = random.randint(1900, 2100), random.randint(1, 12), random.randint(1, 28)
    times.append(f"{y:04d}-{m:02d}-{d:02d}T{random.randint(0, 23):02d}:{random.randint(0, 59):02d}:"
                 f"{random.randint(0, 59):02d}.{random.randint(0, 999999):06d}Z")
    times.append(f"{y:04d}-{m:02d}-{d:02d}")
for y in range(2018, 2031):
    for md in ['01-01', '01-02', '01-07', '01-08', '12-31', '12-30', '12-29', '02-29', '03-01']:
        times.append(f"{y}-{md}")
for t in times:
    exprs.append(("julianday(?)", (t,)))
    exprs.append(("strftime('%Y-W%W', ?)", (t,)))
    exprs.append(("strftime('%Y-%m-%d', ?)", (t,)))
    exprs.append(("strftime('%Y-%m-%dT%H:%M:%S %j %w %f', ?)", (t,)))
vals = [0.0, -0.0, 0.5, 0.125, 0.12345, 1.00005, -0.00001, 2.5, 0.3, 1e-5, 123456.78915, -3.14159265,
        0.99995, 0.49995, 1e15 + 0.3, float('inf'), float('-inf')]
vals += [random.uniform(-10, 10) for _ in range(200)] + [round(random.uniform(0, 1), 5) for _ in range(200)]
for v in vals:
    for f in ['%.4f', '%.2f', '%f', '%.0f', '%10.3f', '%010.3f']:
        exprs.append((f"printf('{f}', ?)", (v,)))
for v in [0, 1, 255, -1, 2**62, -2**63, 123456789, 2**53 + 1] + [random.randint(-2**63, 2**63 - 1) for _ in range(50)]:
    for f in ['%064x', '%x', '%X', '%d', '%08d', '%8x']:
        exprs.append((f"printf('{f}', ?)", (v,)))
# Malformed JSON is an error in SQLite and NULL here: not compared.
docs = ['{"sex":"F","race":"x"}', '{"sex":true}', '{"sex":false}', '{"sex":null}', '{"sex":12}',
        '{"sex":"caf\\u00e9 \\"q\\""}', '[1]', '{}', '{"old":"0.5","new":"0.6"}', '"s"', '12']
for dd in docs:
    for k in ['$.sex', '$.old', '$.new']:
        exprs.append(("json_extract(?, ?)", (dd, k)))


def literal(v):
    if isinstance(v, str):
        return "'" + v.replace("'", "''") + "'::text"
    if isinstance(v, float):
        if v != v:
            return "'NaN'::float8"
        if v in (float('inf'), float('-inf')):
            return "'%sInfinity'::float8" % ('-' if v < 0 else '')
        return f"'{v!r}'::float8"
    return f"({v})::bigint"


lines = []
for e, args in exprs:
    q = e
    for a in args:
        q = q.replace('?', literal(a), 1)
    lines.append(f"SELECT coalesce(({q})::text, '<NULL>');")
out = subprocess.run(['psql', '-X', '-At', '-v', 'ON_ERROR_STOP=1', uri], input='\n'.join(lines),
                     capture_output=True, text=True)
if out.returncode != 0:
    sys.exit("psql failed: " + out.stderr)
pg = out.stdout.split('\n')
con = sqlite3.connect(':memory:')
bad = 0
for (e, args), p in zip(exprs, pg):
    s = con.execute("SELECT " + e, args).fetchone()[0]
    if s is None:
        ok = p == '<NULL>'
    elif isinstance(s, float):
        ok = p != '<NULL>' and float(p) == s
    else:
        ok = str(s) == p
    if not ok:
        bad += 1
        print('differs:', e, args, 'sqlite', repr(s), 'postgresql', repr(p))
print(f"{len(exprs)} expressions, {bad} differ (SQLite {sqlite3.sqlite_version})")
sys.exit(1 if bad else 0)
