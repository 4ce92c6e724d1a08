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
  "  ('max-top-k', '20'),"
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

static const char *const migrations[] = {
  migration_1,
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
