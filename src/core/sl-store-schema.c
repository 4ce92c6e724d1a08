/* sl-store-schema.c: the schema, as an ordered list of migrations.
 *
 * Migration N brings a database from PRAGMA user_version N-1 to N; each runs
 * in one transaction together with the user_version bump. To change the
 * schema, append one SQL string to `migrations` below: never edit one that
 * has shipped.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include "core/sl-store-private.h"

/* 1: accounts, cases, evidence, policy and the audit log. */
static const char migration_1[] =
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT NOT NULL"
  ") STRICT;"

  "CREATE TABLE users ("
  "  id                  INTEGER PRIMARY KEY,"
  "  username            TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  display_name        TEXT NOT NULL,"
  "  role                TEXT NOT NULL CHECK (role IN ('investigator', 'supervisor', 'admin')),"
  "  password_hash       TEXT NOT NULL,"
  "  disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
  "  failed_signins      INTEGER NOT NULL DEFAULT 0 CHECK (failed_signins >= 0),"
  "  locked              INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),"
  "  created_at          TEXT NOT NULL,"
  "  created_by          INTEGER REFERENCES users (id),"
  "  password_changed_at TEXT NOT NULL"
  ") STRICT;"

  "CREATE TABLE cases ("
  "  id        INTEGER PRIMARY KEY,"
  "  number    TEXT NOT NULL UNIQUE,"
  "  title     TEXT NOT NULL,"
  "  status    TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),"
  "  opened_by INTEGER NOT NULL REFERENCES users (id),"
  "  opened_at TEXT NOT NULL,"
  "  closed_by INTEGER REFERENCES users (id),"
  "  closed_at TEXT"
  ") STRICT;"

  /* original_name is for display (escaped when the file system's name is
   * not UTF-8); original_name_raw keeps the bytes. source_raw likewise for
   * a local path; NULL for a URL. stored_path is relative to the evidence
   * store. */
  "CREATE TABLE evidence ("
  "  id                INTEGER PRIMARY KEY,"
  "  case_id           INTEGER NOT NULL REFERENCES cases (id),"
  "  kind              TEXT NOT NULL CHECK (kind IN ('still', 'footage')),"
  "  sha256            TEXT NOT NULL CHECK (length (sha256) = 64),"
  "  size              INTEGER NOT NULL CHECK (size >= 0),"
  "  original_name     TEXT NOT NULL,"
  "  original_name_raw BLOB NOT NULL,"
  "  source            TEXT NOT NULL,"
  "  source_raw        BLOB,"
  "  stored_path       TEXT NOT NULL,"
  "  format            TEXT,"
  "  width             INTEGER,"
  "  height            INTEGER,"
  "  duration_s        REAL,"
  "  fps               REAL,"
  "  frame_count       INTEGER,"
  "  codec             TEXT,"
  "  imported_by       INTEGER NOT NULL REFERENCES users (id),"
  "  imported_at       TEXT NOT NULL,"
  "  UNIQUE (case_id, sha256)"
  ") STRICT;"

  "CREATE TABLE policy ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT NOT NULL"
  ") STRICT;"

  "CREATE TABLE offenses ("
  "  code   TEXT PRIMARY KEY NOT NULL,"
  "  label  TEXT NOT NULL,"
  "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))"
  ") STRICT;"

  /* The defaults every new database starts with (sl-policy.c checks the
   * same keys). */
  "INSERT INTO policy (key, value) VALUES"
  "  ('threshold', '0.5'),"
  "  ('max-top-k', '50'),"
  "  ('purposes', 'suspect,victim,witness,missing-person,deceased'),"
  "  ('min-facts-length', '30'),"
  "  ('second-review', 'true'),"
  "  ('retention-days', '365');"

  "INSERT INTO offenses (code, label) VALUES"
  "  ('HOMICIDE', 'Homicide'),"
  "  ('ASSAULT', 'Serious assault'),"
  "  ('ROBBERY', 'Robbery'),"
  "  ('BURGLARY', 'Burglary'),"
  "  ('SEXUAL', 'Sexual offence'),"
  "  ('ABDUCTION', 'Kidnapping or abduction'),"
  "  ('FRAUD', 'Fraud'),"
  "  ('TERRORISM', 'Terrorism'),"
  "  ('MISSING', 'Missing person (no offence)');"

  /* Append-only and hash-chained: see sl-audit.h for the canonical form the
   * hashes are computed over. */
  "CREATE TABLE audit ("
  "  seq         INTEGER PRIMARY KEY,"
  "  time        TEXT NOT NULL,"
  "  actor_id    INTEGER,"
  "  actor       TEXT,"
  "  action      TEXT NOT NULL,"
  "  object_type TEXT,"
  "  object_id   TEXT,"
  "  case_number TEXT,"
  "  outcome     TEXT NOT NULL CHECK (outcome IN ('success', 'refused', 'failed')),"
  "  details     TEXT NOT NULL,"
  "  prev_hash   TEXT NOT NULL,"
  "  hash        TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX audit_case_number ON audit (case_number) WHERE case_number IS NOT NULL;"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
  "  SELECT RAISE (ABORT, 'the audit log is append-only: its rows cannot be changed');"
  "END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
  "  SELECT RAISE (ABORT, 'the audit log is append-only: its rows cannot be deleted');"
  "END;";

/* 2: galleries and their subjects and faces, probe faces found in evidence
 * (stills now; footage tracks are stored here later without another
 * schema change), justified searches, their candidates, and the two-stage
 * review of each candidate. */
static const char migration_2[] =
  /* A gallery is tied to the embedder it was enrolled with: every face in
   * it carries the same model, and a search with another is refused.
   * generation grows with every change, so that a search matrix loaded
   * from it knows when it is stale. */
  "CREATE TABLE galleries ("
  "  id           INTEGER PRIMARY KEY,"
  "  name         TEXT NOT NULL UNIQUE,"
  "  description  TEXT,"
  "  model_id     TEXT NOT NULL,"
  "  model_sha256 TEXT NOT NULL CHECK (length (model_sha256) = 64),"
  "  dim          INTEGER NOT NULL CHECK (dim > 0),"
  "  generation   INTEGER NOT NULL DEFAULT 0 CHECK (generation >= 0),"
  "  created_by   INTEGER NOT NULL REFERENCES users (id),"
  "  created_at   TEXT NOT NULL"
  ") STRICT;"

  /* metadata: a JSON object of the extra columns of an enrolment list. */
  "CREATE TABLE subjects ("
  "  id          INTEGER PRIMARY KEY,"
  "  gallery_id  INTEGER NOT NULL REFERENCES galleries (id),"
  "  external_id TEXT NOT NULL,"
  "  name        TEXT,"
  "  metadata    TEXT NOT NULL DEFAULT '{}',"
  "  created_by  INTEGER NOT NULL REFERENCES users (id),"
  "  created_at  TEXT NOT NULL,"
  "  UNIQUE (gallery_id, external_id)"
  ") STRICT;"

  /* One enrolled image. The embedding is dim float32 values (little
   * endian), L2-normalised; thumbnail is the aligned face as JPEG. The
   * same image content is enrolled once per gallery. */
  "CREATE TABLE gallery_faces ("
  "  id             INTEGER PRIMARY KEY,"
  "  gallery_id     INTEGER NOT NULL REFERENCES galleries (id),"
  "  subject_id     INTEGER NOT NULL REFERENCES subjects (id),"
  "  image_sha256   TEXT NOT NULL CHECK (length (image_sha256) = 64),"
  "  image_path     TEXT NOT NULL,"
  "  image_path_raw BLOB NOT NULL,"
  "  box_x          REAL NOT NULL,"
  "  box_y          REAL NOT NULL,"
  "  box_w          REAL NOT NULL,"
  "  box_h          REAL NOT NULL,"
  "  landmarks      TEXT NOT NULL,"
  "  detector_score REAL NOT NULL,"
  "  quality_band   TEXT NOT NULL CHECK (quality_band IN ('good', 'usable', 'poor')),"
  "  quality        TEXT NOT NULL,"
  "  embedding      BLOB NOT NULL,"
  "  model_id       TEXT NOT NULL,"
  "  model_sha256   TEXT NOT NULL CHECK (length (model_sha256) = 64),"
  "  thumbnail      BLOB,"
  "  enrolled_by    INTEGER NOT NULL REFERENCES users (id),"
  "  enrolled_at    TEXT NOT NULL,"
  "  UNIQUE (gallery_id, image_sha256)"
  ") STRICT;"
  "CREATE INDEX gallery_faces_gallery ON gallery_faces (gallery_id, id);"
  "CREATE INDEX gallery_faces_subject ON gallery_faces (subject_id);"
  /* What a search re-ranks with never changes under it. */
  "CREATE TRIGGER gallery_faces_no_update BEFORE UPDATE ON gallery_faces BEGIN"
  "  SELECT RAISE (ABORT, 'an enrolled face cannot be changed');"
  "END;"

  /* Footage: one track per appearance of a face. best_face_id names the
   * track's best view among its faces. */
  "CREATE TABLE tracks ("
  "  id           INTEGER PRIMARY KEY,"
  "  evidence_id  INTEGER NOT NULL REFERENCES evidence (id),"
  "  first_ms     INTEGER NOT NULL CHECK (first_ms >= 0),"
  "  last_ms      INTEGER NOT NULL CHECK (last_ms >= first_ms),"
  "  first_frame  INTEGER,"
  "  last_frame   INTEGER,"
  "  end_reason   TEXT CHECK (end_reason IN ('left', 'cut', 'footage')),"
  "  n_sightings  INTEGER NOT NULL DEFAULT 0 CHECK (n_sightings >= 0),"
  "  best_face_id INTEGER REFERENCES faces (id),"
  "  template     BLOB,"
  "  model_id     TEXT,"
  "  model_sha256 TEXT,"
  "  created_by   INTEGER NOT NULL REFERENCES users (id),"
  "  created_at   TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX tracks_evidence ON tracks (evidence_id);"

  /* Probe faces: found in evidence, searched, never enrolled. A still's
   * face has no track and no frame time. */
  "CREATE TABLE faces ("
  "  id             INTEGER PRIMARY KEY,"
  "  evidence_id    INTEGER NOT NULL REFERENCES evidence (id),"
  "  track_id       INTEGER REFERENCES tracks (id),"
  "  frame_ms       INTEGER CHECK (frame_ms >= 0),"
  "  frame_index    INTEGER CHECK (frame_index >= 0),"
  "  box_x          REAL NOT NULL,"
  "  box_y          REAL NOT NULL,"
  "  box_w          REAL NOT NULL,"
  "  box_h          REAL NOT NULL,"
  "  landmarks      TEXT NOT NULL,"
  "  detector_score REAL NOT NULL,"
  "  quality_band   TEXT NOT NULL CHECK (quality_band IN ('good', 'usable', 'poor')),"
  "  quality        TEXT NOT NULL,"
  "  embedding      BLOB NOT NULL,"
  "  model_id       TEXT NOT NULL,"
  "  model_sha256   TEXT NOT NULL CHECK (length (model_sha256) = 64),"
  "  crop           BLOB,"
  "  analyzed_by    INTEGER NOT NULL REFERENCES users (id),"
  "  analyzed_at    TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX faces_evidence ON faces (evidence_id);"
  "CREATE INDEX faces_track ON faces (track_id) WHERE track_id IS NOT NULL;"
  "CREATE TRIGGER faces_no_update BEFORE UPDATE ON faces BEGIN"
  "  SELECT RAISE (ABORT, 'a probe face cannot be changed');"
  "END;"

  /* A search and its justification, with what EU AI Act Art. 12(3) asks:
   * start and end, the reference database (gallery, its size and state),
   * the input (the probe face); who verified is in decisions. */
  "CREATE TABLE searches ("
  "  id                 INTEGER PRIMARY KEY,"
  "  case_id            INTEGER NOT NULL REFERENCES cases (id),"
  "  face_id            INTEGER NOT NULL REFERENCES faces (id),"
  "  gallery_id         INTEGER NOT NULL REFERENCES galleries (id),"
  "  gallery_name       TEXT NOT NULL,"
  "  gallery_size       INTEGER NOT NULL CHECK (gallery_size >= 0),"
  "  gallery_subjects   INTEGER NOT NULL CHECK (gallery_subjects >= 0),"
  "  gallery_generation INTEGER NOT NULL,"
  "  model_id           TEXT NOT NULL,"
  "  model_sha256       TEXT NOT NULL,"
  "  calibration        TEXT NOT NULL,"
  "  threshold          REAL NOT NULL,"
  "  top_k              INTEGER NOT NULL CHECK (top_k > 0),"
  "  below_threshold_shown INTEGER NOT NULL CHECK (below_threshold_shown IN (0, 1)),"
  "  above_threshold    INTEGER NOT NULL CHECK (above_threshold >= 0),"
  "  offense_code       TEXT NOT NULL,"
  "  offense_label      TEXT NOT NULL,"
  "  legal_basis        TEXT NOT NULL,"
  "  purpose            TEXT NOT NULL,"
  "  facts              TEXT NOT NULL,"
  "  run_by             INTEGER NOT NULL REFERENCES users (id),"
  "  started_at         TEXT NOT NULL,"
  "  ended_at           TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX searches_case ON searches (case_id);"
  "CREATE TRIGGER searches_no_update BEFORE UPDATE ON searches BEGIN"
  "  SELECT RAISE (ABORT, 'a search record cannot be changed');"
  "END;"

  /* The candidates a search showed, each with its calibrated meaning. */
  "CREATE TABLE candidates ("
  "  id                 INTEGER PRIMARY KEY,"
  "  search_id          INTEGER NOT NULL REFERENCES searches (id),"
  "  rank               INTEGER NOT NULL CHECK (rank >= 1),"
  "  subject_id         INTEGER NOT NULL REFERENCES subjects (id),"
  "  gallery_face_id    INTEGER NOT NULL REFERENCES gallery_faces (id),"
  "  similarity         REAL NOT NULL,"
  "  false_match_rate   REAL NOT NULL,"
  "  fmr_beyond_range   INTEGER NOT NULL CHECK (fmr_beyond_range IN (0, 1)),"
  "  expected_false     REAL NOT NULL,"
  "  above_threshold    INTEGER NOT NULL CHECK (above_threshold IN (0, 1)),"
  "  UNIQUE (search_id, rank)"
  ") STRICT;"
  "CREATE TRIGGER candidates_no_update BEFORE UPDATE ON candidates BEGIN"
  "  SELECT RAISE (ABORT, 'a candidate record cannot be changed');"
  "END;"

  /* A decision is never changed or withdrawn. The second must come from
   * another person than the first, and after it. */
  "CREATE TABLE decisions ("
  "  id           INTEGER PRIMARY KEY,"
  "  candidate_id INTEGER NOT NULL REFERENCES candidates (id),"
  "  reviewer_id  INTEGER NOT NULL REFERENCES users (id),"
  "  stage        TEXT NOT NULL CHECK (stage IN ('first', 'second')),"
  "  decision     TEXT NOT NULL CHECK (decision IN ('possible-lead', 'excluded', 'inconclusive')),"
  "  rationale    TEXT NOT NULL CHECK (length (rationale) > 0),"
  "  decided_at   TEXT NOT NULL,"
  "  UNIQUE (candidate_id, stage),"
  "  UNIQUE (candidate_id, reviewer_id)"
  ") STRICT;"
  "CREATE TRIGGER decisions_second_after_first BEFORE INSERT ON decisions"
  "  WHEN NEW.stage = 'second' AND NOT EXISTS (SELECT 1 FROM decisions"
  "    WHERE candidate_id = NEW.candidate_id AND stage = 'first' AND reviewer_id <> NEW.reviewer_id)"
  "BEGIN"
  "  SELECT RAISE (ABORT, 'a second review needs a first decision by another person');"
  "END;"
  "CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions BEGIN"
  "  SELECT RAISE (ABORT, 'a decision cannot be changed');"
  "END;"
  "CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions BEGIN"
  "  SELECT RAISE (ABORT, 'a decision cannot be deleted');"
  "END;"

  /* The worst face quality an enrolment accepts. */
  "INSERT INTO policy (key, value) VALUES ('enrol-min-quality', 'usable');";

/* 3: footage analyses. One row per analysis of footage with one model at
 * one sampling rate; a partial one (decoding stopped early) says why and
 * where, and keeps the tracks found before that point. A search records
 * the track it was run from and which probe stood for it. */
static const char migration_3[] =
  "CREATE TABLE footage_analyses ("
  "  id             INTEGER PRIMARY KEY,"
  "  evidence_id    INTEGER NOT NULL REFERENCES evidence (id),"
  "  model_id       TEXT NOT NULL,"
  "  model_sha256   TEXT NOT NULL CHECK (length (model_sha256) = 64),"
  "  sample_fps     REAL NOT NULL CHECK (sample_fps >= 0),"
  "  status         TEXT NOT NULL CHECK (status IN ('complete', 'partial')),"
  "  stop_error     TEXT,"
  "  stopped_ms     INTEGER CHECK (stopped_ms >= 0),"
  "  frames_decoded INTEGER NOT NULL CHECK (frames_decoded >= 0),"
  "  samples        INTEGER NOT NULL CHECK (samples >= 0),"
  "  n_tracks       INTEGER NOT NULL CHECK (n_tracks >= 0),"
  "  analyzed_by    INTEGER NOT NULL REFERENCES users (id),"
  "  analyzed_at    TEXT NOT NULL,"
  "  CHECK ((status = 'partial') = (stop_error IS NOT NULL)),"
  "  UNIQUE (evidence_id, model_sha256, sample_fps)"
  ") STRICT;"
  "CREATE TRIGGER footage_analyses_no_update BEFORE UPDATE ON footage_analyses BEGIN"
  "  SELECT RAISE (ABORT, 'a footage analysis cannot be changed');"
  "END;"
  "ALTER TABLE tracks ADD COLUMN analysis_id INTEGER REFERENCES footage_analyses (id);"
  "CREATE INDEX tracks_analysis ON tracks (analysis_id);"
  "ALTER TABLE searches ADD COLUMN track_id INTEGER REFERENCES tracks (id);"
  "ALTER TABLE searches ADD COLUMN probe TEXT NOT NULL DEFAULT 'face'"
  "  CHECK (probe IN ('face', 'track-best', 'track-template'));";

/* 4: retention. Once a closed case is past the policy's retention-days,
 * its probe data (a face's embedding and aligned crop, a track's template)
 * is purged, and the row says when. The rows themselves stay: searches,
 * candidates and decisions name them, and a report must still be able to
 * say what was searched with and that its image was purged. A purged
 * face's embedding is the empty blob (the column stays NOT NULL). A face
 * changes this way only, and once; a purged track never changes again. */
static const char migration_4[] =
  "ALTER TABLE faces ADD COLUMN purged_at TEXT;"
  "ALTER TABLE tracks ADD COLUMN purged_at TEXT;"
  "DROP TRIGGER faces_no_update;"
  "CREATE TRIGGER faces_no_update BEFORE UPDATE ON faces"
  "  WHEN NOT (OLD.purged_at IS NULL AND NEW.purged_at IS NOT NULL"
  "    AND length (NEW.embedding) = 0 AND NEW.crop IS NULL"
  "    AND NEW.id IS OLD.id AND NEW.evidence_id IS OLD.evidence_id AND NEW.track_id IS OLD.track_id"
  "    AND NEW.frame_ms IS OLD.frame_ms AND NEW.frame_index IS OLD.frame_index"
  "    AND NEW.box_x IS OLD.box_x AND NEW.box_y IS OLD.box_y AND NEW.box_w IS OLD.box_w"
  "    AND NEW.box_h IS OLD.box_h AND NEW.landmarks IS OLD.landmarks"
  "    AND NEW.detector_score IS OLD.detector_score AND NEW.quality_band IS OLD.quality_band"
  "    AND NEW.quality IS OLD.quality AND NEW.model_id IS OLD.model_id"
  "    AND NEW.model_sha256 IS OLD.model_sha256 AND NEW.analyzed_by IS OLD.analyzed_by"
  "    AND NEW.analyzed_at IS OLD.analyzed_at)"
  "BEGIN"
  "  SELECT RAISE (ABORT, 'a probe face cannot be changed; only its data is purged, once, under the "
  "retention policy');"
  "END;"
  "CREATE TRIGGER faces_no_unpurged_empty BEFORE INSERT ON faces"
  "  WHEN length (NEW.embedding) = 0 OR NEW.purged_at IS NOT NULL "
  "BEGIN"
  "  SELECT RAISE (ABORT, 'a probe face is stored with its embedding');"
  "END;"
  "CREATE TRIGGER tracks_purged_no_update BEFORE UPDATE ON tracks WHEN OLD.purged_at IS NOT NULL BEGIN"
  "  SELECT RAISE (ABORT, 'a track whose data was purged cannot be changed');"
  "END;"
  "CREATE TRIGGER tracks_purge_whole BEFORE UPDATE ON tracks"
  "  WHEN NEW.purged_at IS NOT NULL AND NEW.template IS NOT NULL "
  "BEGIN"
  "  SELECT RAISE (ABORT, 'a purged track keeps no template');"
  "END;";

/* 5: per-group error rates. The policy names the false-match rate its
 * threshold aims at (init sets the threshold from the calibration at this
 * rate; the policy editor can set it so the worst measured group meets
 * it). A search records which per-group measurement of its model was in
 * force (its model, data set, date and file SHA-256), or NULL when the
 * model had none. */
static const char migration_5[] =
  "INSERT INTO policy (key, value) VALUES ('target-fmr', '1e-05') ON CONFLICT (key) DO NOTHING;"
  "ALTER TABLE searches ADD COLUMN fairness TEXT;";

/* 6: the gallery test: an administrator searches probes of people known
 * not to be in a gallery (and, optionally, other photos of people who are)
 * the way a real search runs, and only the aggregate result is kept: no
 * probe, no candidate, no embedding. result is the per-group counts as a
 * JSON object. A result is never changed or removed. */
static const char migration_6[] =
  "CREATE TABLE gallery_tests ("
  "  id                 INTEGER PRIMARY KEY,"
  "  gallery_id         INTEGER NOT NULL REFERENCES galleries (id),"
  "  gallery_name       TEXT NOT NULL,"
  "  gallery_generation INTEGER NOT NULL,"
  "  gallery_subjects   INTEGER NOT NULL CHECK (gallery_subjects >= 0),"
  "  gallery_faces      INTEGER NOT NULL CHECK (gallery_faces >= 0),"
  "  model_id           TEXT NOT NULL,"
  "  model_sha256       TEXT NOT NULL CHECK (length (model_sha256) = 64),"
  "  threshold          REAL NOT NULL,"
  "  top_k              INTEGER NOT NULL CHECK (top_k > 0),"
  "  probes_file        TEXT NOT NULL,"
  "  images_dir         TEXT NOT NULL,"
  "  probes             INTEGER NOT NULL CHECK (probes >= 0),"
  "  nonmated           INTEGER NOT NULL CHECK (nonmated >= 0),"
  "  mated              INTEGER NOT NULL CHECK (mated >= 0),"
  "  no_face            INTEGER NOT NULL CHECK (no_face >= 0),"
  "  result             TEXT NOT NULL CHECK (substr (result, 1, 1) = '{'),"
  "  run_by             INTEGER NOT NULL REFERENCES users (id),"
  "  started_at         TEXT NOT NULL,"
  "  ended_at           TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX gallery_tests_by_gallery ON gallery_tests (gallery_id, started_at);"
  "CREATE TRIGGER gallery_tests_no_update BEFORE UPDATE ON gallery_tests BEGIN"
  "  SELECT RAISE (ABORT, 'a gallery test result cannot be changed');"
  "END;"
  "CREATE TRIGGER gallery_tests_no_delete BEFORE DELETE ON gallery_tests BEGIN"
  "  SELECT RAISE (ABORT, 'a gallery test result cannot be deleted');"
  "END;";

/* 7: the audit hash rule 2 and administrator recovery.
 *
 * Rows from audit-rule-2-from on are hashed under rule 2, whose canonical
 * form also covers the chain's mode and key id (sl-audit.h); rows before it
 * keep rule 1, so an existing log keeps verifying. The switch is recorded
 * here, once, at the next row to be written: moving it either way breaks
 * the hashes of the rows between.
 *
 * locked_at says when an account was locked, so that an administrator's
 * lockout can expire (policy admin-lockout-minutes); a lock that predates
 * this migration counts from the migration. */
static const char migration_7[] =
  "INSERT INTO meta (key, value)"
  "  SELECT 'audit-rule-2-from', CAST (coalesce (max (seq), 0) + 1 AS TEXT) FROM audit;"
  "ALTER TABLE users ADD COLUMN locked_at TEXT;"
  "UPDATE users SET locked_at = strftime ('%Y-%m-%dT%H:%M:%f000Z', 'now') WHERE locked = 1;"
  "INSERT INTO policy (key, value) VALUES ('admin-lockout-minutes', '30');";

/* 8: the search within a case. A probe face or track of a case is compared
 * with the case's other faces and tracks, not with a gallery. Its own
 * tables, because searches.gallery_id and candidates.subject_id and
 * gallery_face_id are NOT NULL references: loosening them means rebuilding
 * both tables, which SQLite cannot do inside this migration's transaction
 * with foreign keys on. scope says what was searched in words every query
 * can rely on; a within-case candidate names the case's face (a still's
 * face, or a track's best view), its track, its evidence and, in footage,
 * its time. Neither is ever changed or removed. The policy may accept
 * shorter facts for a search that stays inside the case's own evidence. */
static const char migration_8[] =
  "CREATE TABLE case_searches ("
  "  id                 INTEGER PRIMARY KEY,"
  "  scope              TEXT NOT NULL DEFAULT 'case' CHECK (scope = 'case'),"
  "  case_id            INTEGER NOT NULL REFERENCES cases (id),"
  "  face_id            INTEGER NOT NULL REFERENCES faces (id),"
  "  track_id           INTEGER REFERENCES tracks (id),"
  "  probe              TEXT NOT NULL CHECK (probe IN ('face', 'track-best', 'track-template')),"
  "  compared           INTEGER NOT NULL CHECK (compared >= 0),"
  "  skipped_other_model INTEGER NOT NULL CHECK (skipped_other_model >= 0),"
  "  model_id           TEXT NOT NULL,"
  "  model_sha256       TEXT NOT NULL CHECK (length (model_sha256) = 64),"
  "  calibration        TEXT NOT NULL,"
  "  fairness           TEXT,"
  "  threshold          REAL NOT NULL,"
  "  top_k              INTEGER NOT NULL CHECK (top_k > 0),"
  "  below_threshold_shown INTEGER NOT NULL CHECK (below_threshold_shown IN (0, 1)),"
  "  above_threshold    INTEGER NOT NULL CHECK (above_threshold >= 0),"
  "  offense_code       TEXT NOT NULL,"
  "  offense_label      TEXT NOT NULL,"
  "  legal_basis        TEXT NOT NULL,"
  "  purpose            TEXT NOT NULL,"
  "  facts              TEXT NOT NULL,"
  "  run_by             INTEGER NOT NULL REFERENCES users (id),"
  "  started_at         TEXT NOT NULL,"
  "  ended_at           TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX case_searches_case ON case_searches (case_id);"
  "CREATE TRIGGER case_searches_no_update BEFORE UPDATE ON case_searches BEGIN"
  "  SELECT RAISE (ABORT, 'a search record cannot be changed');"
  "END;"
  "CREATE TRIGGER case_searches_no_delete BEFORE DELETE ON case_searches BEGIN"
  "  SELECT RAISE (ABORT, 'a search record cannot be deleted');"
  "END;"
  "CREATE TABLE case_candidates ("
  "  id                 INTEGER PRIMARY KEY,"
  "  search_id          INTEGER NOT NULL REFERENCES case_searches (id),"
  "  rank               INTEGER NOT NULL CHECK (rank >= 1),"
  "  evidence_id        INTEGER NOT NULL REFERENCES evidence (id),"
  "  face_id            INTEGER NOT NULL REFERENCES faces (id),"
  "  track_id           INTEGER REFERENCES tracks (id),"
  "  time_ms            INTEGER CHECK (time_ms >= 0),"
  "  similarity         REAL NOT NULL,"
  "  false_match_rate   REAL NOT NULL,"
  "  fmr_beyond_range   INTEGER NOT NULL CHECK (fmr_beyond_range IN (0, 1)),"
  "  expected_false     REAL NOT NULL,"
  "  above_threshold    INTEGER NOT NULL CHECK (above_threshold IN (0, 1)),"
  "  UNIQUE (search_id, rank)"
  ") STRICT;"
  "CREATE TRIGGER case_candidates_no_update BEFORE UPDATE ON case_candidates BEGIN"
  "  SELECT RAISE (ABORT, 'a candidate record cannot be changed');"
  "END;"
  "CREATE TRIGGER case_candidates_no_delete BEFORE DELETE ON case_candidates BEGIN"
  "  SELECT RAISE (ABORT, 'a candidate record cannot be deleted');"
  "END;"
  "INSERT INTO policy (key, value) VALUES ('within-case-min-facts-length', '20')"
  "  ON CONFLICT (key) DO NOTHING;";

/* Separation of duties. Case membership is kept as events, added or
 * removed, with who did it and when; the current members derive from the
 * latest event of each person, so nothing is ever erased. Every case's
 * opener is its first member. A policy change that weakens a safeguard is
 * requested, then applied when someone else co-signs it; the request and
 * the co-sign are each a row that is never changed or removed. */
static const char migration_9[] =
  "CREATE TABLE case_members ("
  "  id         INTEGER PRIMARY KEY,"
  "  case_id    INTEGER NOT NULL REFERENCES cases (id),"
  "  user_id    INTEGER NOT NULL REFERENCES users (id),"
  "  event      TEXT NOT NULL CHECK (event IN ('added', 'removed')),"
  "  by_id      INTEGER NOT NULL REFERENCES users (id),"
  "  at         TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX case_members_by_case ON case_members (case_id, user_id, id);"
  "CREATE TRIGGER case_members_no_update BEFORE UPDATE ON case_members BEGIN"
  "  SELECT RAISE (ABORT, 'a case membership event cannot be changed');"
  "END;"
  "CREATE TRIGGER case_members_no_delete BEFORE DELETE ON case_members BEGIN"
  "  SELECT RAISE (ABORT, 'a case membership event cannot be deleted');"
  "END;"
  "INSERT INTO case_members (case_id, user_id, event, by_id, at)"
  "  SELECT id, opened_by, 'added', opened_by, opened_at FROM cases ORDER BY id;"
  "CREATE TABLE policy_requests ("
  "  id           INTEGER PRIMARY KEY,"
  "  key          TEXT NOT NULL,"
  "  value        TEXT NOT NULL,"
  "  old_value    TEXT,"
  "  reason       TEXT,"
  "  requested_by INTEGER NOT NULL REFERENCES users (id),"
  "  requested_at TEXT NOT NULL"
  ") STRICT;"
  "CREATE TRIGGER policy_requests_no_update BEFORE UPDATE ON policy_requests BEGIN"
  "  SELECT RAISE (ABORT, 'a policy request cannot be changed');"
  "END;"
  "CREATE TRIGGER policy_requests_no_delete BEFORE DELETE ON policy_requests BEGIN"
  "  SELECT RAISE (ABORT, 'a policy request cannot be deleted');"
  "END;"
  "CREATE TABLE policy_cosigns ("
  "  id           INTEGER PRIMARY KEY,"
  "  request_id   INTEGER NOT NULL UNIQUE REFERENCES policy_requests (id),"
  "  cosigned_by  INTEGER NOT NULL REFERENCES users (id),"
  "  cosigned_at  TEXT NOT NULL"
  ") STRICT;"
  "CREATE TRIGGER policy_cosigns_other_person BEFORE INSERT ON policy_cosigns"
  "  WHEN NEW.cosigned_by = (SELECT requested_by FROM policy_requests WHERE id = NEW.request_id)"
  "BEGIN"
  "  SELECT RAISE (ABORT, 'a policy change is co-signed by another person than who asked for it');"
  "END;"
  "CREATE TRIGGER policy_cosigns_no_update BEFORE UPDATE ON policy_cosigns BEGIN"
  "  SELECT RAISE (ABORT, 'a co-sign cannot be changed');"
  "END;"
  "CREATE TRIGGER policy_cosigns_no_delete BEFORE DELETE ON policy_cosigns BEGIN"
  "  SELECT RAISE (ABORT, 'a co-sign cannot be deleted');"
  "END;";

/* Issue 15: evidence that cannot be decoded whole (a truncated JPEG, footage
 * cut short) is kept as given, marked damaged with the reason in words;
 * NULL while it decodes whole. */
static const char migration_12[] =
  "ALTER TABLE evidence ADD COLUMN damage TEXT CHECK (damage IS NULL OR length (damage) > 0);";

/* The investigator's decisions on the "unknown persons" of a case (issue
 * 16): append-only, each naming the faces and tracks it was about at the
 * time (side a, side b), so that a regrouping after new evidence applies
 * them again; a decision is undone by a newer one, never by an edit. */
static const char migration_11[] =
  "CREATE TABLE person_decisions ("
  "  id                 INTEGER PRIMARY KEY,"
  "  case_id            INTEGER NOT NULL REFERENCES cases (id),"
  "  kind               TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'name', 'separate')),"
  "  name               TEXT CHECK (name IS NULL OR kind = 'name'),"
  "  made_by            INTEGER NOT NULL REFERENCES users (id),"
  "  made_at            TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX person_decisions_case ON person_decisions (case_id);"
  "CREATE TRIGGER person_decisions_no_update BEFORE UPDATE ON person_decisions BEGIN"
  "  SELECT RAISE (ABORT, 'a decision on persons cannot be changed');"
  "END;"
  "CREATE TRIGGER person_decisions_no_delete BEFORE DELETE ON person_decisions BEGIN"
  "  SELECT RAISE (ABORT, 'a decision on persons cannot be deleted');"
  "END;"
  "CREATE TABLE person_decision_items ("
  "  decision_id        INTEGER NOT NULL REFERENCES person_decisions (id),"
  "  side               TEXT NOT NULL CHECK (side IN ('a', 'b')),"
  "  face_id            INTEGER NOT NULL REFERENCES faces (id),"
  "  track_id           INTEGER REFERENCES tracks (id),"
  "  UNIQUE (decision_id, face_id)"
  ") STRICT;"
  "CREATE INDEX person_decision_items_decision ON person_decision_items (decision_id);"
  "CREATE TRIGGER person_decision_items_no_update BEFORE UPDATE ON person_decision_items BEGIN"
  "  SELECT RAISE (ABORT, 'a decision on persons cannot be changed');"
  "END;"
  "CREATE TRIGGER person_decision_items_no_delete BEFORE DELETE ON person_decision_items BEGIN"
  "  SELECT RAISE (ABORT, 'a decision on persons cannot be deleted');"
  "END;";

/* 13: what happened after a confirmed lead. The investigator records an
 * outcome later, once or more: a record is never changed or removed, and a
 * new one supersedes the one in force (supersedes names it; the first has
 * none). The chain of a lead stays a line: a record must supersede the
 * lead's latest one, and each is superseded at most once. */
static const char migration_13[] =
  "CREATE TABLE outcomes ("
  "  id           INTEGER PRIMARY KEY,"
  "  candidate_id INTEGER NOT NULL REFERENCES candidates (id),"
  "  outcome      TEXT NOT NULL CHECK (outcome IN ('excluded-by-investigation', 'corroborated', "
  "'arrested', 'charged', 'no-action', 'unknown')),"
  "  note         TEXT NOT NULL CHECK (length (note) > 0),"
  "  supersedes   INTEGER UNIQUE REFERENCES outcomes (id),"
  "  recorded_by  INTEGER NOT NULL REFERENCES users (id),"
  "  recorded_at  TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX outcomes_candidate ON outcomes (candidate_id, id);"
  "CREATE TRIGGER outcomes_supersede_latest BEFORE INSERT ON outcomes"
  "  WHEN NEW.supersedes IS NOT (SELECT max (id) FROM outcomes WHERE candidate_id = NEW.candidate_id) "
  "BEGIN"
  "  SELECT RAISE (ABORT, 'an outcome must supersede the latest outcome of its lead');"
  "END;"
  "CREATE TRIGGER outcomes_no_update BEFORE UPDATE ON outcomes BEGIN"
  "  SELECT RAISE (ABORT, 'an outcome cannot be changed; record a new one that supersedes it');"
  "END;"
  "CREATE TRIGGER outcomes_no_delete BEFORE DELETE ON outcomes BEGIN"
  "  SELECT RAISE (ABORT, 'an outcome cannot be deleted');"
  "END;";

/* 14: mistakes are corrected, never erased.
 *
 * A decision is corrected by a later row naming it, with the new decision,
 * the reason and who corrected it: the decision itself stays as it was
 * taken. Only the person who took a decision corrects it (the engine says
 * so; the trigger keeps it so), as often as needed: the newest correction
 * counts. effective_decisions is every decision with the decision that
 * counts (decision) and the one first taken (original).
 *
 * A face drawn by hand is retracted by a row naming it, with the reason
 * and who retracted it: the face stays, so the searches made with it keep
 * their probe, but it is offered for no new search. */
static const char migration_14[] =
  "CREATE TABLE decision_corrections ("
  "  id           INTEGER PRIMARY KEY,"
  "  decision_id  INTEGER NOT NULL REFERENCES decisions (id),"
  "  decision     TEXT NOT NULL CHECK (decision IN ('possible-lead', 'excluded', 'inconclusive')),"
  "  reason       TEXT NOT NULL CHECK (length (reason) > 0),"
  "  corrected_by INTEGER NOT NULL REFERENCES users (id),"
  "  corrected_at TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX decision_corrections_decision ON decision_corrections (decision_id, id);"
  "CREATE TRIGGER decision_corrections_by_author BEFORE INSERT ON decision_corrections"
  "  WHEN NEW.corrected_by IS NOT (SELECT reviewer_id FROM decisions WHERE id = NEW.decision_id)"
  "BEGIN"
  "  SELECT RAISE (ABORT, 'only the person who took a decision corrects it');"
  "END;"
  "CREATE TRIGGER decision_corrections_no_update BEFORE UPDATE ON decision_corrections BEGIN"
  "  SELECT RAISE (ABORT, 'a correction cannot be changed');"
  "END;"
  "CREATE TRIGGER decision_corrections_no_delete BEFORE DELETE ON decision_corrections BEGIN"
  "  SELECT RAISE (ABORT, 'a correction cannot be deleted');"
  "END;"
  "CREATE VIEW effective_decisions AS"
  "  SELECT d.id, d.candidate_id, d.reviewer_id, d.stage,"
  "    coalesce ((SELECT x.decision FROM decision_corrections x WHERE x.decision_id = d.id"
  "      ORDER BY x.id DESC LIMIT 1), d.decision) AS decision,"
  "    d.decision AS original, d.rationale, d.decided_at"
  "  FROM decisions d;"
  "CREATE TABLE face_retractions ("
  "  id           INTEGER PRIMARY KEY,"
  "  face_id      INTEGER NOT NULL UNIQUE REFERENCES faces (id),"
  "  reason       TEXT NOT NULL CHECK (length (reason) > 0),"
  "  retracted_by INTEGER NOT NULL REFERENCES users (id),"
  "  retracted_at TEXT NOT NULL"
  ") STRICT;"
  "CREATE TRIGGER face_retractions_no_update BEFORE UPDATE ON face_retractions BEGIN"
  "  SELECT RAISE (ABORT, 'a retraction cannot be changed');"
  "END;"
  "CREATE TRIGGER face_retractions_no_delete BEFORE DELETE ON face_retractions BEGIN"
  "  SELECT RAISE (ABORT, 'a retraction cannot be deleted');"
  "END;";
/* 10: authorisation of searches by an outside authority, and sealing.
 *
 * An authorisation belongs to a case, names the authority and its
 * reference, and is decided once by a supervisor (granted or refused, with
 * what the authority decided); it is never removed. A refusal seals every
 * search of the case run without a grant: the search rows stay, a
 * sealed_searches row says so, and the triggers let exactly that change
 * through, once: its candidates (and the decisions on them) are deleted,
 * and its probe face's embedding and crop (and a track's template) are
 * erased the way retention purges them (migration 4). sealed_candidates
 * keeps the bare ids of the erased gallery candidates, so that a decision
 * on one is refused in words rather than "not found". No candidate is
 * ever added to a sealed search.
 *
 * Each offense gets a category (1, least grave, to 5); the policy's
 * min-offense-category refuses searches for offenses below it. */
static const char migration_10[] =
  "CREATE TABLE authorisations ("
  "  id            INTEGER PRIMARY KEY,"
  "  case_id       INTEGER NOT NULL REFERENCES cases (id),"
  "  authority     TEXT NOT NULL CHECK (length (authority) > 0),"
  "  reference     TEXT NOT NULL CHECK (length (reference) > 0),"
  "  requested_by  INTEGER NOT NULL REFERENCES users (id),"
  "  requested_at  TEXT NOT NULL,"
  "  state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'granted', 'refused')),"
  "  decided_by    INTEGER REFERENCES users (id),"
  "  decided_at    TEXT,"
  "  decision      TEXT,"
  "  CHECK ((state = 'pending') = (decided_by IS NULL)),"
  "  CHECK ((decided_by IS NULL) = (decided_at IS NULL) AND (decided_by IS NULL) = (decision IS NULL))"
  ") STRICT;"
  "CREATE INDEX authorisations_case ON authorisations (case_id);"
  "CREATE TRIGGER authorisations_decided_once BEFORE UPDATE ON authorisations"
  "  WHEN NOT (OLD.state = 'pending' AND NEW.state <> 'pending'"
  "    AND NEW.id IS OLD.id AND NEW.case_id IS OLD.case_id AND NEW.authority IS OLD.authority"
  "    AND NEW.reference IS OLD.reference AND NEW.requested_by IS OLD.requested_by"
  "    AND NEW.requested_at IS OLD.requested_at)"
  "BEGIN"
  "  SELECT RAISE (ABORT, 'an authorisation is decided once and never changed');"
  "END;"
  "CREATE TRIGGER authorisations_no_delete BEFORE DELETE ON authorisations BEGIN"
  "  SELECT RAISE (ABORT, 'an authorisation cannot be deleted');"
  "END;"
  "CREATE TABLE sealed_searches ("
  "  id               INTEGER PRIMARY KEY,"
  "  kind             TEXT NOT NULL CHECK (kind IN ('gallery', 'case')),"
  "  search_id        INTEGER NOT NULL,"
  "  authorisation_id INTEGER NOT NULL REFERENCES authorisations (id),"
  "  sealed_at        TEXT NOT NULL,"
  "  UNIQUE (kind, search_id)"
  ") STRICT;"
  "CREATE TRIGGER sealed_searches_no_update BEFORE UPDATE ON sealed_searches BEGIN"
  "  SELECT RAISE (ABORT, 'a seal cannot be changed');"
  "END;"
  "CREATE TRIGGER sealed_searches_no_delete BEFORE DELETE ON sealed_searches BEGIN"
  "  SELECT RAISE (ABORT, 'a seal cannot be lifted');"
  "END;"
  "CREATE TABLE sealed_candidates ("
  "  candidate_id     INTEGER PRIMARY KEY,"
  "  search_id        INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TRIGGER sealed_candidates_no_update BEFORE UPDATE ON sealed_candidates BEGIN"
  "  SELECT RAISE (ABORT, 'a seal cannot be changed');"
  "END;"
  "CREATE TRIGGER sealed_candidates_no_delete BEFORE DELETE ON sealed_candidates BEGIN"
  "  SELECT RAISE (ABORT, 'a seal cannot be lifted');"
  "END;"
  "CREATE TRIGGER candidates_no_delete BEFORE DELETE ON candidates"
  "  WHEN NOT EXISTS (SELECT 1 FROM sealed_searches WHERE kind = 'gallery' AND search_id = OLD.search_id)"
  "BEGIN"
  "  SELECT RAISE (ABORT, 'a candidate record is erased only when its search is sealed');"
  "END;"
  "CREATE TRIGGER candidates_not_sealed BEFORE INSERT ON candidates"
  "  WHEN EXISTS (SELECT 1 FROM sealed_searches WHERE kind = 'gallery' AND search_id = NEW.search_id)"
  "BEGIN"
  "  SELECT RAISE (ABORT, 'a sealed search takes no candidates');"
  "END;"
  "DROP TRIGGER case_candidates_no_delete;"
  "CREATE TRIGGER case_candidates_no_delete BEFORE DELETE ON case_candidates"
  "  WHEN NOT EXISTS (SELECT 1 FROM sealed_searches WHERE kind = 'case' AND search_id = OLD.search_id)"
  "BEGIN"
  "  SELECT RAISE (ABORT, 'a candidate record is erased only when its search is sealed');"
  "END;"
  "CREATE TRIGGER case_candidates_not_sealed BEFORE INSERT ON case_candidates"
  "  WHEN EXISTS (SELECT 1 FROM sealed_searches WHERE kind = 'case' AND search_id = NEW.search_id)"
  "BEGIN"
  "  SELECT RAISE (ABORT, 'a sealed search takes no candidates');"
  "END;"
  "DROP TRIGGER decisions_no_delete;"
  "CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions"
  "  WHEN NOT EXISTS (SELECT 1 FROM candidates k JOIN sealed_searches s"
  "    ON s.kind = 'gallery' AND s.search_id = k.search_id WHERE k.id = OLD.candidate_id)"
  "BEGIN"
  "  SELECT RAISE (ABORT, 'a decision cannot be deleted');"
  "END;"
  "ALTER TABLE offenses ADD COLUMN category INTEGER NOT NULL DEFAULT 3 CHECK (category BETWEEN 1 AND 5);"
  "UPDATE offenses SET category = 5 WHERE code IN ('HOMICIDE', 'TERRORISM');"
  "UPDATE offenses SET category = 4 WHERE code IN ('SEXUAL', 'ABDUCTION');"
  "UPDATE offenses SET category = 2 WHERE code IN ('BURGLARY', 'FRAUD');"
  "INSERT INTO policy (key, value) VALUES"
  "  ('authorisation', 'none'),"
  "  ('authorisation-hours', '48'),"
  "  ('min-offense-category', '1')"
  "  ON CONFLICT (key) DO NOTHING;";

/* A refused authorisation seals the searches run under it (migration 10):
 * what was recorded on their candidates since, the outcomes of leads
 * (migration 13) and the corrections of decisions (migration 14), goes
 * with them; nothing else may delete either. */
static const char migration_15[] =
  "DROP TRIGGER outcomes_no_delete;"
  "CREATE TRIGGER outcomes_no_delete BEFORE DELETE ON outcomes"
  "  WHEN NOT EXISTS (SELECT 1 FROM candidates k JOIN sealed_searches s"
  "    ON s.kind = 'gallery' AND s.search_id = k.search_id WHERE k.id = OLD.candidate_id)"
  "BEGIN"
  "  SELECT RAISE (ABORT, 'an outcome cannot be deleted');"
  "END;"
  "DROP TRIGGER decision_corrections_no_delete;"
  "CREATE TRIGGER decision_corrections_no_delete BEFORE DELETE ON decision_corrections"
  "  WHEN NOT EXISTS (SELECT 1 FROM decisions d JOIN candidates k ON k.id = d.candidate_id"
  "    JOIN sealed_searches s ON s.kind = 'gallery' AND s.search_id = k.search_id"
  "    WHERE d.id = OLD.decision_id)"
  "BEGIN"
  "  SELECT RAISE (ABORT, 'a correction cannot be deleted');"
  "END;";

/* The gallery keeps what it enrolled: one row per enrolled image content,
 * stored = 1 when its read-only copy is in the gallery store (data/gallery-photos,
 * named by SHA-256), 0 when the photo was no longer readable (or no longer
 * the same) when faces enrolled before this migration were copied. Faces
 * without a row are not yet looked at: the engine copies them on opening.
 * A missing copy may still be found later (0 becomes 1), never lost. */
static const char migration_16[] =
  "CREATE TABLE gallery_copies ("
  "  image_sha256 TEXT PRIMARY KEY CHECK (length (image_sha256) = 64),"
  "  stored       INTEGER NOT NULL CHECK (stored IN (0, 1)),"
  "  checked_at   TEXT NOT NULL"
  ") STRICT;"
  "CREATE TRIGGER gallery_copies_no_delete BEFORE DELETE ON gallery_copies BEGIN"
  "  SELECT RAISE (ABORT, 'a gallery copy record cannot be deleted');"
  "END;"
  "CREATE TRIGGER gallery_copies_no_unstore BEFORE UPDATE ON gallery_copies"
  "  WHEN OLD.stored = 1 AND NEW.stored = 0 BEGIN"
  "  SELECT RAISE (ABORT, 'a stored gallery copy cannot be marked missing');"
  "END;";

/* 17: a person of the case (a group of its faces and tracks, issue 16)
 * as the probe of a gallery search by its template: the normalised mean
 * of its members' normalised embeddings. The search row names the
 * person's best view as its face (probe 'face', which its CHECK allows);
 * these rows name every face and track the template was made of, and a
 * search that has them is read back as a 'person-template' search. They
 * hold ids only, no image or embedding, and are never changed. */
static const char migration_17[] =
  "CREATE TABLE search_person_members ("
  "  search_id INTEGER NOT NULL REFERENCES searches (id),"
  "  face_id   INTEGER NOT NULL REFERENCES faces (id),"
  "  track_id  INTEGER REFERENCES tracks (id),"
  "  PRIMARY KEY (search_id, face_id)"
  ") STRICT;"
  "CREATE TRIGGER search_person_members_no_update BEFORE UPDATE ON search_person_members BEGIN"
  "  SELECT RAISE (ABORT, 'the members of a search probe cannot be changed');"
  "END;"
  "CREATE TRIGGER search_person_members_no_delete BEFORE DELETE ON search_person_members BEGIN"
  "  SELECT RAISE (ABORT, 'the members of a search probe cannot be deleted');"
  "END;";

static const char *const migrations[] = {
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
  migration_6,
  migration_7,
  migration_8,
  migration_9,
  migration_10,
  migration_11,
  migration_12,
  migration_13,
  migration_14,
  migration_15,
  migration_16,
  migration_17,
};

guint
sl_store_n_migrations (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
sl_store_migration (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (migrations), NULL);
  return migrations[index];
}
