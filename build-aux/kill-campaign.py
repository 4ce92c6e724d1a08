#!/usr/bin/env python3
# kill-campaign.py: kill sightline-cli with SIGKILL at random moments of
# enrolment, import, analysis, search and audit export, and check after every
# kill that nothing broke and nothing reported done is missing:
#   - SQLite's integrity check says "ok";
#   - `audit verify` says the chain is intact and the head witness agrees;
#   - every evidence row's stored file is there with the SHA-256 it names,
#     every enrolled photo the database says is kept is in the gallery store,
#     and no file in either store is left half-written under a final name;
#   - every action a command reported as done (exit 0) is still in the store:
#     evidence ids, face ids, search ids with their candidate counts, the
#     gallery's enrolled images, and export files that parse completely.
# Usage: kill-campaign.py --cli build/src/cli/sightline-cli [--kills 100] [--seed N] [--json]
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


class Campaign:
    def __init__(self, cli, shared, work, seed):
        self.cli = cli
        self.work = work
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
        env.update(env_extra or {})
        argv = [self.cli, "--db", self.db, "--json", "-q"]
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

        rc, out, err = self.run("sue", ["audit", "verify", "--audit-key", self.key])
        if rc != 0:
            self.fail("audit verify exited %d: %s %s" % (rc, out.strip()[:300], err.strip()[:300]))
        else:
            verdict = json.loads(out)
            if not verdict.get("intact") or not verdict.get("witness", {}).get("found"):
                self.fail("audit verify: %s" % out.strip()[:400])

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
        if unmarked:
            self.fail("%d enrolled faces have no gallery_copies row" % unmarked)
        for sha in kept:
            if not os.path.exists(os.path.join(gallery, sha[:2], sha[2:])):
                self.fail("gallery store: the kept photo %s is missing" % sha)
        for what, top in (("evidence store", store), ("gallery store", gallery)):
            for sub in os.listdir(top) if os.path.isdir(top) else []:
                if sub == "incoming":
                    continue
                for name in os.listdir(os.path.join(top, sub)):
                    with open(os.path.join(top, sub, name), "rb") as f:
                        if hashlib.sha256(f.read()).hexdigest() != sub + name:
                            self.fail("%s: %s/%s is not the content its name says" % (what, sub, name))

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


def prove_checks(c):
    """The checks can fail: a missing evidence file, a missing kept gallery
    photo and a database rolled back to an older copy are all caught; then
    everything is put back."""
    def caught(what):
        before = len(c.failures)
        c.proving = True
        c.check()
        c.proving = False
        found = c.failures[before:]
        del c.failures[before:]
        if not found:
            c.fail("the checks did not notice %s" % what)

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
    args = parser.parse_args()
    shared = os.environ.get("SIGHTLINE_SHARED_DIR", os.path.join(here, "..", "..", "shared"))
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    work = tempfile.mkdtemp(prefix="sl-kill-campaign-")
    c = Campaign(os.path.abspath(args.cli), shared, work, seed)
    started = time.monotonic()
    try:
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
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    summary = {
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
        print("%d kills, %d checks, %d failures (seed %d, %.0f s)" % (
            summary["kills"], checks, len(c.failures), seed, summary["seconds"]))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
