#!/usr/bin/env python3
# kill-campaign.py: kill sightline-cli with SIGKILL at random moments of
# enrolment, import, analysis, search and audit export, and check after every
# kill that nothing broke and nothing reported done is missing:
#   - SQLite's integrity check says "ok" (on a server, PostgreSQL's own);
#   - `audit verify` says the chain is intact and the head witness agrees;
#   - every evidence row's stored file is there with the SHA-256 it names,
#     every enrolled photo the database says is kept is in the gallery store,
#     and no file in either store is left half-written under a final name
#     (on a server: the large objects of `stored_files`, each hashing to the
#     SHA-256 it is filed under, no large object outside it, and the desk's
#     local copies);
#   - every action a command reported as done (exit 0) is still in the store:
#     evidence ids, face ids, search ids with their candidate counts, the
#     gallery's enrolled images, and export files that parse completely.
# Usage: kill-campaign.py --cli build/src/cli/sightline-cli [--kills 100] [--seed N] [--json] [--server]
# --server (or SIGHTLINE_TEST_BACKEND=postgresql, as `meson test --setup
# postgresql` sets it) runs the same campaign on a throwaway PostgreSQL
# cluster (build-aux/pg-cluster.sh): the database is made by the owner role,
# the commands run as the desks' role.
# The LFW images come from $SIGHTLINE_SHARED_DIR (default ../shared beside the
# source tree). Exit 0 when every check held, 1 otherwise.
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

PASSWORDS = {
    "root": "Campaign-Admin-Passw0rd",
    "ivan": "Campaign-Ivan-Passw0rd",
    "sue": "Campaign-Sue-Passw0rd",
}
FACTS = ("A store camera filmed the person who took the till on 3 May; "
         "the clerk described him and the still shows his face clearly.")


def psql(uri, query):
    """The rows of one query, as lists of texts, run with psql."""
    out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", uri,
                          "-c", query], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit("psql %s failed: %s" % (query[:80], out.stderr.strip()))
    return [line.split("\t") for line in out.stdout.splitlines() if line != ""]


class Server:
    """A throwaway cluster with one Sightline database on it, made as an
    office's would be (owned by sightline_owner, used by sightline_desk)."""

    NAME = "sl_kill_campaign"

    def __init__(self, here):
        self.script = os.path.join(here, "pg-cluster.sh")
        # its own temp folder, not under the campaign's, whose 0700 the
        # postgres user could not pass when this runs as root
        self.dir = tempfile.mkdtemp(prefix="sl-kill-campaign-pg-")
        out = subprocess.run(["sh", self.script, "start", self.dir], capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit("pg-cluster.sh start failed: %s" % out.stderr.strip())
        self.super_uri = out.stdout.strip()
        with open(os.path.join(self.dir, "port")) as f:
            self.port = int(f.read().strip())
        self.create(self.NAME)
        self.owner = "postgresql://sightline_owner@127.0.0.1:%d/%s" % (self.port, self.NAME)
        self.desk = "postgresql://sightline_desk@127.0.0.1:%d/%s" % (self.port, self.NAME)
        # the superuser, on our database: reads every large object
        self.root = self.on(self.NAME)

    def on(self, name):
        return self.super_uri.rsplit("/", 1)[0] + "/" + name

    def create(self, name, template="template0"):
        extra = " ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" if template == "template0" else ""
        psql(self.super_uri, "CREATE DATABASE %s OWNER sightline_owner TEMPLATE %s%s" % (name, template, extra))

    def sql(self, query):
        return psql(self.root, query)

    def stop(self):
        subprocess.run(["sh", self.script, "stop", self.dir], capture_output=True)


class Campaign:
    def __init__(self, cli, shared, work, seed, server=None):
        self.cli = cli
        self.work = work
        self.server = server
        self.rng = random.Random(seed)
        self.db = os.path.join(work, "data", "sightline.db")
        self.key = os.path.join(work, "keys", "audit.key")
        self.lfw = os.path.join(shared, "datasets", "lfw-view1", "images")
        self.people = sorted(os.listdir(self.lfw))
        self.next_person = 0
        self.failures = []
        self.proving = False
        # what commands reported as done
        self.evidence = set()
        self.faces = set()
        self.searches = {}        # search id -> candidates reported
        self.enrolled = set()     # (subject folder, image name)
        self.exports = []         # files reported written
        self.analysable = []      # evidence ids not yet analysed
        self.searchable = []      # face ids
        self.counts = {}          # op -> [runs, killed, finished]
        self.durations = {}

    # running the command line

    def run(self, user, args, env_extra=None, timeout=600):
        proc = self.start(user, args, env_extra)
        out, err = proc.communicate(timeout=timeout)
        return proc.returncode, out, err

    def start(self, user, args, env_extra=None):
        env = dict(os.environ)
        for k in ("SIGHTLINE_PASSWORD", "SIGHTLINE_NEW_PASSWORD", "SIGHTLINE_AUDIT_KEY",
                  "SIGHTLINE_AUDIT_WITNESS", "SIGHTLINE_DATA_DIR"):
            env.pop(k, None)
        if user is not None:
            env["SIGHTLINE_PASSWORD"] = PASSWORDS[user]
        if self.server is not None:
            # the desk's own folder for the server: its witness, its copies
            env["SIGHTLINE_DATA_DIR"] = os.path.join(self.work, "data")
        env.update(env_extra or {})
        if self.server is None:
            db = self.db
        else:
            db = self.server.owner if user is None else self.server.desk
        argv = [self.cli, "--db", db, "--json", "-q"]
        if user is not None:
            argv += ["--user", user]
        return subprocess.Popen(argv + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=env, text=True, errors="replace")

    def must(self, user, args, env_extra=None):
        rc, out, err = self.run(user, args, env_extra)
        if rc != 0:
            raise SystemExit("set-up step %s failed (%d): %s" % (" ".join(args), rc, err.strip()))
        return json.loads(out) if out.strip() else None

    # set-up

    def set_up(self):
        os.makedirs(os.path.dirname(self.key), exist_ok=True)
        self.must(None, ["init", "--admin", "root", "--audit-key", self.key],
                  {"SIGHTLINE_NEW_PASSWORD": PASSWORDS["root"]})
        for name, role in (("ivan", "investigator"), ("sue", "supervisor")):
            self.must("root", ["user", "add", name, "--role", role],
                      {"SIGHTLINE_NEW_PASSWORD": PASSWORDS[name]})
        self.must("root", ["gallery", "create", "G"])
        self.must("ivan", ["case", "open", "K-1", "--title", "Kill campaign"])

    def take_people(self, n):
        taken = self.people[self.next_person:self.next_person + n]
        self.next_person += n
        return taken

    # the operations; each returns (argv user, args, on_done callback, on_killed callback)

    def op_enrol(self):
        folder = tempfile.mkdtemp(prefix="enrol-", dir=self.work)
        pairs = []
        for person in self.take_people(12):
            src = os.path.join(self.lfw, person)
            os.makedirs(os.path.join(folder, person))
            for image in sorted(os.listdir(src))[:2]:
                shutil.copyfile(os.path.join(src, image), os.path.join(folder, person, image))
                pairs.append((person, image))

        def done(result):
            for item in result["items"]:
                if item["outcome"] == "enrolled":
                    self.enrolled.add(os.path.basename(item["path"]))
        return "root", ["gallery", "enroll", "G", "--dir", folder], done

    def op_import(self):
        person = self.take_people(1)[0]
        image = sorted(os.listdir(os.path.join(self.lfw, person)))[0]
        path = os.path.join(self.lfw, person, image)

        def done(result):
            self.evidence.add(result["id"])
            self.analysable.append(result["id"])
        return "ivan", ["evidence", "import", "--case", "K-1", path], done

    def op_analyse(self):
        if not self.analysable:
            return self.op_import()
        evidence = self.analysable[0]

        def done(result):
            self.analysable.remove(evidence)
            for face in result["faces"]:
                self.faces.add(face["face_id"])
                self.searchable.append(face["face_id"])
        return "ivan", ["analyze", "--case", "K-1", str(evidence)], done

    def op_search(self):
        if not self.searchable:
            return self.op_analyse()
        face = self.rng.choice(self.searchable)

        def done(result):
            self.searches[result["search_id"]] = len(result["candidates"])
        return "ivan", ["search", "--case", "K-1", "--face", str(face), "--gallery", "G",
                        "--offense", "ROBBERY", "--legal-basis", "Criminal Procedure Code section 81b",
                        "--purpose", "suspect", "--facts", FACTS], done

    def op_export(self):
        out = os.path.join(self.work, "export-%03d.json" % len(self.exports))
        n = 0
        while os.path.exists(out):
            n += 1
            out = os.path.join(self.work, "export-%03d-%d.json" % (len(self.exports), n))

        def done(result):
            self.exports.append(out)
        self.pending_export = out
        return "sue", ["audit", "export", "--format", "json", "--out", out], done

    OPS = ("enrol", "import", "analyse", "search", "export")

    def op(self, name):
        return getattr(self, "op_" + name)()

    # one command, run to its end or killed at a random moment

    def round(self, name, kill):
        self.pending_export = None
        user, args, done = self.op(name)
        stats = self.counts.setdefault(name, [0, 0, 0])
        stats[0] += 1
        started = time.monotonic()
        proc = self.start(user, args)
        killed = False
        if kill:
            delay = self.rng.uniform(0.0, self.durations.get(name, 2.0))
            try:
                proc.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                killed = True
        out, err = proc.communicate(timeout=900)
        elapsed = time.monotonic() - started
        if killed:
            stats[1] += 1
            if self.pending_export and os.path.exists(self.pending_export):
                # A killed export leaves nothing or a complete file, never half of one.
                self.check_export(self.pending_export, "killed export")
            return
        if proc.returncode != 0:
            self.fail("%s exited %d without a kill: %s" % (name, proc.returncode, err.strip()[:400]))
            return
        stats[2] += 1
        if not kill:
            self.durations[name] = max(self.durations.get(name, 0.0), elapsed)
        done(json.loads(out) if out.strip() else {})

    # the checks

    def fail(self, what):
        self.failures.append(what)
        print(("caught as it should be: " if self.proving else "FAIL: ") + what, file=sys.stderr)

    def check_export(self, path, what):
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except (ValueError, OSError) as e:
            self.fail("%s %s does not parse: %s" % (what, path, e))
            return
        if not data:
            self.fail("%s %s is empty" % (what, path))

    def check(self):
        if self.server is None:
            evidence, faces, searches, images, kept, unmarked = self.check_file()
        else:
            evidence, faces, searches, images, kept, unmarked = self.check_server()

        rc, out, err = self.run("sue", ["audit", "verify", "--audit-key", self.key])
        if rc != 0:
            self.fail("audit verify exited %d: %s %s" % (rc, out.strip()[:300], err.strip()[:300]))
        else:
            verdict = json.loads(out)
            if not verdict.get("intact") or not verdict.get("witness", {}).get("found"):
                self.fail("audit verify: %s" % out.strip()[:400])

        if unmarked:
            self.fail("%d enrolled faces have no gallery_copies row" % unmarked)
        for eid in self.evidence - set(evidence):
            self.fail("evidence %d was reported imported and is missing" % eid)
        for fid in self.faces - faces:
            self.fail("face %d was reported analysed and is missing" % fid)
        for sid, n in self.searches.items():
            if sid not in searches:
                self.fail("search %d was reported and is missing" % sid)
            elif searches[sid] != n:
                self.fail("search %d reported %d candidates, the store has %d" % (sid, n, searches[sid]))
        for image in self.enrolled - images:
            self.fail("gallery image %s was reported enrolled and is missing" % image)
        for path in self.exports:
            self.check_export(path, "export")

    def check_folders(self, stores):
        """No file in a content-addressed folder is other than its name says."""
        for what, top in stores:
            for sub in os.listdir(top) if os.path.isdir(top) else []:
                if sub == "incoming":
                    continue
                for name in os.listdir(os.path.join(top, sub)):
                    with open(os.path.join(top, sub, name), "rb") as f:
                        if hashlib.sha256(f.read()).hexdigest() != sub + name:
                            self.fail("%s: %s/%s is not the content its name says" % (what, sub, name))

    def check_server(self):
        sql = self.server.sql
        evidence = {int(r[0]): r[1:] for r in sql("SELECT id, sha256, size FROM evidence")}
        faces = {int(r[0]) for r in sql("SELECT id FROM faces")}
        searches = {int(r[0]): int(r[1]) for r in sql(
            "SELECT s.id, (SELECT count(*) FROM candidates c WHERE c.search_id = s.id) FROM searches s")}
        images = {os.path.basename(r[0]) for r in sql("SELECT image_path FROM gallery_faces")}
        kept = [r[0] for r in sql("SELECT image_sha256 FROM gallery_copies WHERE stored = 1")]
        unmarked = int(sql("SELECT count(*) FROM gallery_faces f WHERE NOT EXISTS "
                           "(SELECT 1 FROM gallery_copies c WHERE c.image_sha256 = f.image_sha256)")[0][0])
        # every stored file, hashed where it lies: on the server
        stored = {(r[0], r[1]): (int(r[2]), r[3], int(r[4])) for r in sql(
            "SELECT kind, sha256, size, encode (sha256 (lo_get (object)), 'hex'), octet_length (lo_get (object)) "
            "FROM stored_files")}
        for (kind, sha), (size, digest, length) in stored.items():
            if digest != sha or length != size:
                self.fail("stored file %s %s on the server: %d bytes hashing to %s (%d bytes filed)"
                          % (kind, sha, length, digest, size))
        orphans = int(sql("SELECT count(*) FROM pg_largeobject_metadata m WHERE NOT EXISTS "
                          "(SELECT 1 FROM stored_files s WHERE s.object = m.oid)")[0][0])
        if orphans:
            self.fail("%d large objects on the server are no stored file's" % orphans)
        for eid, (sha, size) in evidence.items():
            if ("evidence", sha) not in stored:
                self.fail("evidence %d: its file (SHA-256 %s) is not on the server" % (eid, sha))
            elif stored[("evidence", sha)][0] != int(size):
                self.fail("evidence %d: %s bytes recorded, the server's file has %d"
                          % (eid, size, stored[("evidence", sha)][0]))
        for sha in kept:
            if ("gallery", sha) not in stored:
                self.fail("gallery store: the kept photo %s is not on the server" % sha)
        # what the desk keeps of it: copies named by their content
        servers = os.path.join(self.work, "data", "servers")
        for name in os.listdir(servers) if os.path.isdir(servers) else []:
            self.check_folders((("desk's evidence copies", os.path.join(servers, name, "evidence")),
                                ("desk's gallery copies", os.path.join(servers, name, "gallery-photos"))))
        return evidence, faces, searches, images, kept, unmarked

    def check_file(self):
        with sqlite3.connect(self.db) as con:
            verdict = con.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                self.fail("integrity check: %s" % verdict)
            evidence = {row[0]: row[1:] for row in con.execute("SELECT id, stored_path, sha256, size FROM evidence")}
            faces = {row[0] for row in con.execute("SELECT id FROM faces")}
            searches = {row[0]: row[1] for row in con.execute(
                "SELECT s.id, (SELECT count(*) FROM candidates c WHERE c.search_id = s.id) FROM searches s")}
            images = {os.path.basename(row[0]) for row in con.execute("SELECT image_path FROM gallery_faces")}
            kept = [row[0] for row in con.execute("SELECT image_sha256 FROM gallery_copies WHERE stored = 1")]
            unmarked = con.execute("SELECT count(*) FROM gallery_faces f WHERE NOT EXISTS "
                                   "(SELECT 1 FROM gallery_copies c WHERE c.image_sha256 = f.image_sha256)").fetchone()[0]
        con.close()

        store = os.path.join(os.path.dirname(self.db), "evidence")
        for eid, (stored, sha, size) in evidence.items():
            path = os.path.join(store, stored)
            try:
                with open(path, "rb") as f:
                    digest = hashlib.sha256(f.read()).hexdigest()
            except OSError as e:
                self.fail("evidence %d: its file %s: %s" % (eid, stored, e))
                continue
            if digest != sha:
                self.fail("evidence %d: %s does not hash to its SHA-256" % (eid, stored))
        gallery = os.path.join(os.path.dirname(self.db), "gallery-photos")
        for sha in kept:
            if not os.path.exists(os.path.join(gallery, sha[:2], sha[2:])):
                self.fail("gallery store: the kept photo %s is missing" % sha)
        self.check_folders((("evidence store", store), ("gallery store", gallery)))
        return evidence, faces, searches, images, kept, unmarked


def caught_by_checks(c, what):
    before = len(c.failures)
    c.proving = True
    c.check()
    c.proving = False
    found = c.failures[before:]
    del c.failures[before:]
    if not found:
        c.fail("the checks did not notice %s" % what)


def prove_checks_server(c):
    """The same on a server: a stored evidence file and a kept gallery photo
    altered on the server by one byte, and the database rolled back to an
    older copy of it, are all caught; then everything is put back."""
    server = c.server
    for kind, what in (("evidence", "an evidence file altered on the server"),
                       ("gallery", "a kept gallery photo altered on the server")):
        rows = server.sql("SELECT object FROM stored_files WHERE kind = '%s' ORDER BY stored_at LIMIT 1" % kind)
        if not rows:
            c.fail("no %s file is stored on the server" % kind)
            continue
        obj = int(rows[0][0])
        byte = int(server.sql("SELECT encode (lo_get (%d, 100, 1), 'hex')" % obj)[0][0], 16)
        server.sql("SELECT lo_put (%d, 100, '\\x%02x'::bytea)" % (obj, byte ^ 0xff))
        caught_by_checks(c, what)
        server.sql("SELECT lo_put (%d, 100, '\\x%02x'::bytea)" % (obj, byte))

    servers = os.path.join(c.work, "data", "servers")
    witnesses = [os.path.join(servers, d, name) for d in os.listdir(servers)
                 for name in os.listdir(os.path.join(servers, d)) if name.endswith(".witness")]

    def snapshot(suffix):
        server.create(server.NAME + suffix, template=server.NAME)
        for w in witnesses:
            shutil.copyfile(w, w + suffix)

    def put_back(suffix):
        psql(server.super_uri, "DROP DATABASE %s WITH (FORCE)" % server.NAME)
        psql(server.super_uri, "ALTER DATABASE %s%s RENAME TO %s" % (server.NAME, suffix, server.NAME))

    snapshot("_old")
    c.round("import", kill=False)
    snapshot("_new")
    put_back("_old")
    caught_by_checks(c, "a database rolled back to an older copy")
    put_back("_new")
    for w in witnesses:
        shutil.copyfile(w + "_new", w)
        for suffix in ("_old", "_new"):
            os.unlink(w + suffix)


def prove_checks(c):
    """The checks can fail: a missing evidence file, a missing kept gallery
    photo and a database rolled back to an older copy are all caught; then
    everything is put back."""
    if c.server is not None:
        prove_checks_server(c)
        return

    def caught(what):
        caught_by_checks(c, what)

    store = os.path.join(os.path.dirname(c.db), "evidence")
    with sqlite3.connect(c.db) as con:
        stored = con.execute("SELECT stored_path FROM evidence ORDER BY id LIMIT 1").fetchone()[0]
    con.close()
    path = os.path.join(store, stored)
    away = os.path.join(c.work, "evidence-away")
    os.rename(path, away)
    caught("a missing evidence file")
    os.rename(away, path)

    with sqlite3.connect(c.db) as con:
        row = con.execute("SELECT image_sha256 FROM gallery_copies WHERE stored = 1 LIMIT 1").fetchone()
    con.close()
    if row is None:
        c.fail("no enrolled photo was kept in the gallery store")
    else:
        kept = os.path.join(os.path.dirname(c.db), "gallery-photos", row[0][:2], row[0][2:])
        os.rename(kept, away)
        caught("a missing kept gallery photo")
        os.rename(away, kept)

    def snapshot(suffix):
        with sqlite3.connect(c.db) as con:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        shutil.copyfile(c.db, c.db + suffix)
        shutil.copyfile(c.db + ".witness", c.db + ".witness" + suffix)

    snapshot(".old")
    c.round("import", kill=False)
    snapshot(".new")
    shutil.copyfile(c.db + ".old", c.db)
    caught("a database rolled back to an older copy")
    # Verifying writes its own audit row, so the witness saw the rolled back
    # copy too: put both back as they were.
    for name in (c.db, c.db + ".witness"):
        shutil.copyfile(name + ".new", name)
        for suffix in (".old", ".new"):
            os.unlink(name + suffix)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description="SIGKILL sightline-cli at random moments and check the store")
    parser.add_argument("--cli", required=True)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--server", action="store_true",
                        help="on a throwaway PostgreSQL cluster (also with SIGHTLINE_TEST_BACKEND=postgresql)")
    args = parser.parse_args()
    on_server = args.server or os.environ.get("SIGHTLINE_TEST_BACKEND") == "postgresql"
    shared = os.environ.get("SIGHTLINE_SHARED_DIR", os.path.join(here, "..", "..", "shared"))
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    work = tempfile.mkdtemp(prefix="sl-kill-campaign-")
    started = time.monotonic()
    server = None
    try:
        if on_server:
            server = Server(here)
        c = Campaign(os.path.abspath(args.cli), shared, work, seed, server)
        c.set_up()
        # One uninterrupted run of each, to learn how long each takes.
        for name in c.OPS:
            c.round(name, kill=False)
        c.check()
        prove_checks(c)
        checks = 1
        # A command that ends before its moment comes is not a kill: go on
        # until the number of kills is reached.
        attempts = 0
        while sum(v[1] for v in c.counts.values()) < args.kills and attempts < 3 * args.kills:
            attempts += 1
            name = c.rng.choice(c.OPS)
            c.round(name, kill=True)
            c.check()
            checks += 1
            if c.failures:
                break
        # Everything still works after the campaign: one more of each, to the end.
        for name in c.OPS:
            c.round(name, kill=False)
        c.check()
        checks += 1
    finally:
        if server is not None:
            server.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    summary = {
        "store": "server" if on_server else "file",
        "seed": seed,
        "kills": sum(v[1] for v in c.counts.values()),
        "by_operation": {k: {"runs": v[0], "killed": v[1], "finished": v[2]} for k, v in c.counts.items()},
        "checks": checks,
        "evidence": len(c.evidence), "faces": len(c.faces), "searches": len(c.searches),
        "gallery_images": len(c.enrolled), "exports": len(c.exports),
        "failures": c.failures,
        "seconds": round(time.monotonic() - started, 1),
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print("%d kills, %d checks, %d failures (%s, seed %d, %.0f s)" % (
            summary["kills"], checks, len(c.failures), "on a server" if on_server else "on a file", seed,
            summary["seconds"]))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
