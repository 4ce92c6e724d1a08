/* sl-audit.c: audit rows: their canonical form and hash, appending inside
 * the caller's transaction, the audit key, and reading rows back.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-audit"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/sl-audit-private.h"
#include "core/sl-audit-query.h"
#include "core/sl-audit-witness.h"

struct _SlAuditCursor
{
  SlStore       *store;
  SlStmt  *stmt;       /* owned: a cursor may outlive a cached one's use */
  SlAuditRecord  record;
};

/* helpers */

static void
append_field (GString    *out,
              const char *text)
{
  if (text == NULL)
    g_string_append (out, "\\N");
  else
    for (const char *p = text; *p != '\0'; p++)
      {
        switch (*p)
          {
          case '\\':
            g_string_append (out, "\\\\");
            break;
          case '\n':
            g_string_append (out, "\\n");
            break;
          case '\r':
            g_string_append (out, "\\r");
            break;
          default:
            g_string_append_c (out, *p);
            break;
          }
      }
  g_string_append_c (out, '\n');
}

static gboolean
hex_decode (const char *hex,
            guint8      out[32])
{
  if (hex == NULL || strlen (hex) != 64)
    return FALSE;
  for (guint i = 0; i < 32; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      out[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

static gboolean
check_record_text (const SlAuditRecord  *r,
                   GError              **error)
{
  const char *fields[] = { r->time, r->actor, r->action, r->object_type, r->object_id,
                           r->case_number, r->outcome, r->details };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i] != NULL && !g_utf8_validate (fields[i], -1, NULL))
      {
        g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                     _("An audit record for '%s' holds text that is not UTF-8"),
                     g_utf8_validate (r->action, -1, NULL) ? r->action : "?");
        return FALSE;
      }
  return TRUE;
}

/* public API */

const char *
sl_audit_outcome_to_string (SlAuditOutcome outcome)
{
  switch (outcome)
    {
    case SL_AUDIT_SUCCESS:
      return "success";
    case SL_AUDIT_REFUSED:
      return "refused";
    case SL_AUDIT_FAILED:
      return "failed";
    default:
      g_return_val_if_reached ("failed");
    }
}

void
sl_audit_canonical (const SlAuditRecord *r,
                    GString             *out)
{
  g_string_append (out, "sightline-audit-1\n");
  g_string_append_printf (out, "%" G_GINT64_FORMAT "\n", r->seq);
  append_field (out, r->time);
  if (r->actor_id != 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT "\n", r->actor_id);
  else
    append_field (out, NULL);
  append_field (out, r->actor);
  append_field (out, r->action);
  append_field (out, r->object_type);
  append_field (out, r->object_id);
  append_field (out, r->case_number);
  append_field (out, r->outcome);
  append_field (out, r->details);
}

void
sl_audit_canonical_2 (const SlAuditRecord *r,
                      const char          *key_id,
                      GString             *out)
{
  gsize start = out->len;

  sl_audit_canonical (r, out);
  /* Same fields, another first line: "sightline-audit-1" and "-2" have the
   * same length, so only the digit changes. */
  out->str[start + strlen ("sightline-audit-")] = '2';
  append_field (out, key_id != NULL ? SL_AUDIT_MODE_KEYED : SL_AUDIT_MODE_PLAIN);
  append_field (out, key_id);
}

static char *
compute_hash (GBytes              *key,
              guint                rule,
              const char          *prev_hash,
              const SlAuditRecord *record)
{
  g_autoptr(GString) canonical = g_string_sized_new (256);
  guint8 prev[32];

  if (!hex_decode (prev_hash, prev))
    return NULL;
  if (rule >= 2)
    {
      g_autofree char *key_id = key != NULL ? sl_audit_key_id (key) : NULL;
      sl_audit_canonical_2 (record, key_id, canonical);
    }
  else
    sl_audit_canonical (record, canonical);

  if (key != NULL)
    {
      gsize key_len;
      const guchar *key_data = g_bytes_get_data (key, &key_len);
      g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key_data, key_len);

      g_hmac_update (hmac, prev, sizeof prev);
      g_hmac_update (hmac, (const guchar *) canonical->str, canonical->len);
      return g_strdup (g_hmac_get_string (hmac));
    }
  else
    {
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

      g_checksum_update (sum, prev, sizeof prev);
      g_checksum_update (sum, (const guchar *) canonical->str, canonical->len);
      return g_strdup (g_checksum_get_string (sum));
    }
}

char *
sl_audit_compute_hash (GBytes              *key,
                       const char          *prev_hash,
                       const SlAuditRecord *record)
{
  return compute_hash (key, 1, prev_hash, record);
}

char *
sl_audit_compute_hash_2 (GBytes              *key,
                         const char          *prev_hash,
                         const SlAuditRecord *record)
{
  return compute_hash (key, 2, prev_hash, record);
}

gboolean
sl_audit_get_rule_2_from (SlStore  *store,
                          gint64   *seq,
                          GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = NULL;
  guint64 n;

  if (sl_store_get_schema_version (store) < 5)
    {
      *seq = G_MAXINT64;
      return TRUE;
    }
  value = sl_store_get_meta (store, "audit-rule-2-from", &local_error);
  if (value == NULL)
    {
      if (g_error_matches (local_error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND))
        g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CORRUPT,
                     _("The database has lost the record of the row from which its audit rows are "
                       "hashed under rule 2 (meta 'audit-rule-2-from'): its audit log was tampered with"));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!g_ascii_string_to_unsigned (value, 10, 1, G_MAXINT64, &n, NULL))
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CORRUPT,
                   _("The database's record of the audit hash rule (meta 'audit-rule-2-from') is "
                     "not a row number: '%s'"), value);
      return FALSE;
    }
  *seq = (gint64) n;
  return TRUE;
}

gboolean
sl_audit_get_head (SlStore  *store,
                   gint64   *seq,
                   char    **hash,
                   GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    {
      *seq = sl_stmt_column_int64 (stmt, 0);
      *hash = sl_column_text (stmt, 1);
      return TRUE;
    }
  if (rc != SL_DB_DONE)
    return sl_store_fail (store, rc, error, _("Cannot read the audit log"));
  *seq = 0;
  *hash = g_strdup (SL_AUDIT_ZERO_HASH);
  return TRUE;
}

gboolean
sl_audit_append (SlStore              *store,
                 GBytes               *key,
                 const SlAuditRecord  *record,
                 gint64               *out_seq,
                 char                **out_hash,
                 GError              **error)
{
  g_autoptr(SlStmt) insert = NULL;
  g_autofree char *prev = NULL;
  g_autofree char *now = NULL;
  g_autofree char *hash = NULL;
  SlAuditRecord r = *record;
  gint64 last_seq;

  g_return_val_if_fail (SL_IS_STORE (store), FALSE);
  g_return_val_if_fail (record->action != NULL && record->outcome != NULL, FALSE);
  /* The row belongs in the same transaction as the change it records. */
  g_return_val_if_fail (sl_store_in_transaction (store), FALSE);

  if (r.details == NULL)
    r.details = "{}";
  if (r.time == NULL)
    r.time = now = sl_store_now ();
  if (!check_record_text (&r, error) || !sl_audit_get_head (store, &last_seq, &prev, error))
    return FALSE;
  r.seq = last_seq + 1;
  r.prev_hash = prev;
  /* This build writes rule 2 only: a row is never downgraded to rule 1,
   * whatever the database's meta says. */
  hash = compute_hash (key, sl_store_get_schema_version (store) >= 5 ? 2 : 1, prev, &r);
  if (hash == NULL)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CORRUPT,
                   _("The last audit row (%lld) has a malformed hash; run 'sightline-cli audit verify'"),
                   (long long) last_seq);
      return FALSE;
    }

  insert = sl_store_prepare (store, "INSERT INTO audit (" SL_AUDIT_COLUMNS ") VALUES "
                                    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);
  if (insert == NULL)
    return FALSE;
  sl_stmt_bind_int64 (insert, 1, r.seq);
  sl_bind_text (insert, 2, r.time);
  if (r.actor_id != 0)
    sl_stmt_bind_int64 (insert, 3, r.actor_id);
  sl_bind_text (insert, 4, r.actor);
  sl_bind_text (insert, 5, r.action);
  sl_bind_text (insert, 6, r.object_type);
  sl_bind_text (insert, 7, r.object_id);
  sl_bind_text (insert, 8, r.case_number);
  sl_bind_text (insert, 9, r.outcome);
  sl_bind_text (insert, 10, r.details);
  sl_bind_text (insert, 11, r.prev_hash);
  sl_bind_text (insert, 12, hash);
  if (!sl_store_exec_stmt (store, insert, error, _("Cannot write the audit log")))
    return FALSE;
  sl_audit_witness_note_append (store, key, r.seq);

  if (out_seq != NULL)
    *out_seq = r.seq;
  if (out_hash != NULL)
    *out_hash = g_steal_pointer (&hash);
  return TRUE;
}

GBytes *
sl_audit_key_load (const char  *path,
                   GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *data = NULL;
  gsize len = 0;
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot read the audit key '%s': %s"), display, g_strerror (saved));
      return NULL;
    }
  if ((st.st_mode & 077) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_PERM,
                   _("The audit key '%s' can be read by other users (mode %04o); "
                     "make it owner-only with 'chmod 600'"),
                   display, (guint) (st.st_mode & 0777));
      return NULL;
    }
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  if (len != SL_AUDIT_KEY_SIZE)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("'%s' is not a Sightline audit key: it holds %lu bytes, not %d"), display,
                   (unsigned long) len, SL_AUDIT_KEY_SIZE);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&data), len);
}

GBytes *
sl_audit_key_create (const char  *path,
                     GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  guint8 key[SL_AUDIT_KEY_SIZE];
  gsize done = 0;
  int fd;

  while (done < sizeof key)
    {
      ssize_t n = getrandom (key + done, sizeof key - done, 0);
      if (n < 0 && errno != EINTR)
        {
          int saved = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("Cannot make an audit key: no random bytes (%s)"), g_strerror (saved));
          return NULL;
        }
      if (n > 0)
        done += (gsize) n;
    }

  fd = g_open (path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot create the audit key '%s': %s"), display, g_strerror (saved));
      return NULL;
    }
  if (write (fd, key, sizeof key) != (ssize_t) sizeof key || fsync (fd) != 0)
    {
      int saved = errno;
      close (fd);
      g_unlink (path);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write the audit key '%s': %s"), display, g_strerror (saved));
      return NULL;
    }
  close (fd);
  return g_bytes_new (key, sizeof key);
}

char *
sl_audit_key_id (GBytes *key)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize len;
  const guchar *data = g_bytes_get_data (key, &len);
  static const char label[] = "sightline-audit-key-id";

  g_checksum_update (sum, (const guchar *) label, sizeof label);
  g_checksum_update (sum, data, len);
  return g_strndup (g_checksum_get_string (sum), 16);
}

SlAuditCursor *
sl_audit_cursor_new_for_stmt (SlStore      *store,
                              SlStmt *stmt)
{
  SlAuditCursor *cursor = g_new0 (SlAuditCursor, 1);

  cursor->store = g_object_ref (store);
  cursor->stmt = stmt;
  return cursor;
}

SlAuditCursor *
sl_audit_cursor_new (SlStore     *store,
                     const char  *since,
                     const char  *case_number,
                     GError     **error)
{
  SlAuditFilter filter = { 0 };

  g_return_val_if_fail (SL_IS_STORE (store), NULL);

  /* Borrowed for the call: the filtered cursor binds copies. */
  filter.time_from = (char *) since;
  filter.case_number = (char *) case_number;
  return sl_audit_cursor_new_filtered (store, &filter, error);
}

void
sl_audit_record_from_stmt (SlStmt  *s,
                           SlAuditRecord *r)
{
  r->seq = sl_stmt_column_int64 (s, 0);
  r->time = sl_stmt_column_text (s, 1);
  r->actor_id = sl_stmt_column_int64 (s, 2);
  r->actor = sl_stmt_column_text (s, 3);
  r->action = sl_stmt_column_text (s, 4);
  r->object_type = sl_stmt_column_text (s, 5);
  r->object_id = sl_stmt_column_text (s, 6);
  r->case_number = sl_stmt_column_text (s, 7);
  r->outcome = sl_stmt_column_text (s, 8);
  r->details = sl_stmt_column_text (s, 9);
  r->prev_hash = sl_stmt_column_text (s, 10);
  r->hash = sl_stmt_column_text (s, 11);
}

const SlAuditRecord *
sl_audit_cursor_next (SlAuditCursor  *cursor,
                      GError        **error)
{
  int rc = sl_stmt_step (cursor->stmt);

  if (rc == SL_DB_DONE)
    return NULL;
  if (rc != SL_DB_ROW)
    {
      sl_store_fail (cursor->store, rc, error, _("Cannot read the audit log"));
      return NULL;
    }
  sl_audit_record_from_stmt (cursor->stmt, &cursor->record);
  return &cursor->record;
}

void
sl_audit_cursor_free (SlAuditCursor *cursor)
{
  if (cursor == NULL)
    return;
  sl_stmt_free (cursor->stmt);
  g_clear_object (&cursor->store);
  g_free (cursor);
}
