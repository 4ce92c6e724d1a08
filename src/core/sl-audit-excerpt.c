/* sl-audit-excerpt.c: a case's audit rows as a self-contained excerpt, the
 * manifest of a disclosure package, and checking both without a database
 * (see sl-audit-excerpt.h for what that proves and what it cannot).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-audit"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "core/sl-audit-excerpt.h"
#include "core/sl-audit-private.h"

#define EXCERPT_FORMAT  "sightline-audit-excerpt-1"
#define MANIFEST_HEADER "sightline-disclosure-1"

/* helpers */

static void
member_text (JsonBuilder *b,
             const char  *name,
             const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static gboolean
is_hash (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static void
problem (SlAuditExcerptResult *result,
         const char           *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
problem (SlAuditExcerptResult *result,
         const char           *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (result->problems, g_strdup_vprintf (format, args));
  va_end (args);
  result->intact = FALSE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* A string member, NULL for JSON null; FALSE when it is missing or of
 * another type. */
static gboolean
text_member (JsonObject  *o,
             const char  *name,
             const char **value)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *value = NULL;
      return TRUE;
    }
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
int_member (JsonObject *o,
            const char *name,
            gint64     *value)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *value = 0;
      return TRUE;
    }
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
row_from_json (JsonObject    *o,
               SlAuditRecord *r)
{
  return int_member (o, "seq", &r->seq) && text_member (o, "time", &r->time) &&
         int_member (o, "actor_id", &r->actor_id) && text_member (o, "actor", &r->actor) &&
         text_member (o, "action", &r->action) && text_member (o, "object_type", &r->object_type) &&
         text_member (o, "object_id", &r->object_id) && text_member (o, "case_number", &r->case_number) &&
         text_member (o, "outcome", &r->outcome) && text_member (o, "details", &r->details) &&
         text_member (o, "prev_hash", &r->prev_hash) && text_member (o, "hash", &r->hash) &&
         r->seq > 0 && r->action != NULL && r->outcome != NULL && r->details != NULL;
}

/* The files the package's last row records, against the manifest. */
static void
check_recorded_files (SlAuditExcerptResult *result,
                      const SlAuditRecord  *head,
                      GHashTable           *files)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *details;
  JsonObject *recorded;
  GHashTableIter iter;
  gpointer name, sha;

  if (g_strcmp0 (head->action, SL_DISCLOSURE_ACTION) != 0)
    {
      problem (result, _("The excerpt's last row (%" PRId64 ") is '%s', not the row that recorded "
                         "this package ('%s')"), head->seq, head->action, SL_DISCLOSURE_ACTION);
      return;
    }
  if (!json_parser_load_from_data (parser, head->details, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      !(details = json_node_get_object (json_parser_get_root (parser))) ||
      !json_object_has_member (details, "files") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (details, "files")))
    {
      problem (result, _("The row that recorded this package (%" PRId64 ") names no files"), head->seq);
      return;
    }
  recorded = json_object_get_object_member (details, "files");
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &name, &sha))
    {
      const char *in_row = NULL;

      if (g_str_equal (name, SL_DISCLOSURE_EXCERPT))
        continue;
      if (!text_member (recorded, name, &in_row) || g_strcmp0 (in_row, sha) != 0)
        problem (result, _("'%s' is not the file the audit row %" PRId64 " recorded"),
                 (const char *) name, head->seq);
    }
  if (json_object_get_size (recorded) + 1 != g_hash_table_size (files))
    problem (result, _("The audit row %" PRId64 " records other files than the manifest lists"),
             head->seq);
}

/* Reads MANIFEST: the case, the head and the files. Its text must be
 * exactly what it would be written as. */
static gboolean
read_manifest (const char            *dir,
               SlAuditExcerptResult  *result,
               GHashTable            *files,
               GError               **error)
{
  g_autofree char *path = g_build_filename (dir, SL_DISCLOSURE_MANIFEST, NULL);
  g_autofree char *display = g_filename_display_name (dir);
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_auto(GStrv) lines = NULL;
  guint64 seq = 0;
  guint n;

  if (!g_file_get_contents (path, &text, NULL, NULL) || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("'%s' is not a disclosure package: it has no readable %s"), display, SL_DISCLOSURE_MANIFEST);
      return FALSE;
    }
  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  if (n < 4 || !g_str_equal (lines[0], MANIFEST_HEADER) || !g_str_has_prefix (lines[1], "case ") ||
      !g_str_has_prefix (lines[2], "sightline-audit-head "))
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("'%s' is not a disclosure package: its %s does not start as one does"), display,
                   SL_DISCLOSURE_MANIFEST);
      return FALSE;
    }
  result->case_number = g_strdup (lines[1] + strlen ("case "));
  {
    const char *head = lines[2] + strlen ("sightline-audit-head ");
    const char *colon = strchr (head, ':');
    g_autofree char *seq_text = colon != NULL ? g_strndup (head, colon - head) : NULL;

    if (colon == NULL || !g_ascii_string_to_unsigned (seq_text, 10, 1, G_MAXINT64, &seq, NULL) ||
        !is_hash (colon + 1))
      {
        g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                     _("'%s' is not a disclosure package: its %s names no audit head"), display,
                     SL_DISCLOSURE_MANIFEST);
        return FALSE;
      }
    result->head_seq = (gint64) seq;
    result->head_hash = g_strdup (colon + 1);
  }
  for (guint i = 3; i < n; i++)
    {
      const char *name;

      if (*lines[i] == '\0')
        continue;
      name = lines[i] + 66;
      if (strlen (lines[i]) <= 66 || lines[i][64] != ' ' || lines[i][65] != ' ' ||
          strchr (name, '/') != NULL || g_str_equal (name, SL_DISCLOSURE_MANIFEST) || *name == '.')
        {
          problem (result, _("Line %u of the manifest is not 'SHA256  FILE'"), i + 1);
          continue;
        }
      lines[i][64] = '\0';
      if (!is_hash (lines[i]))
        problem (result, _("Line %u of the manifest is not 'SHA256  FILE'"), i + 1);
      g_hash_table_insert (files, g_strdup (name), g_strdup (lines[i]));
    }
  again = sl_disclosure_manifest (result->case_number, result->head_seq, result->head_hash, files);
  {
    g_autofree char *original = NULL;

    g_file_get_contents (path, &original, NULL, NULL);
    if (g_strcmp0 (again, original) != 0)
      problem (result, _("The manifest is not as it was written: a line was changed, added or moved"));
  }
  return TRUE;
}

/* Every file as the manifest says, and nothing else in the folder. */
static void
check_files (const char           *dir,
             SlAuditExcerptResult *result,
             GHashTable           *files)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GHashTableIter iter;
  gpointer name, sha;
  const char *entry;

  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &name, &sha))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      g_autofree char *actual = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &data, &len, NULL))
        {
          problem (result, _("'%s' is missing from the package"), (const char *) name);
          continue;
        }
      actual = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
      if (!g_str_equal (actual, sha))
        problem (result, _("'%s' has changed: its SHA-256 is %s, the manifest says %s"), (const char *) name,
                 actual, (const char *) sha);
      else
        result->n_files++;
    }
  while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
    if (!g_str_equal (entry, SL_DISCLOSURE_MANIFEST) && !g_hash_table_contains (files, entry))
      {
        g_autofree char *shown = g_filename_display_name (entry);
        problem (result, _("'%s' is in the package but not in its manifest"), shown);
      }
}

static void
check_rows (SlAuditExcerptResult *result,
            JsonObject           *excerpt,
            GBytes               *key,
            GHashTable           *files)
{
  JsonArray *rows;
  const char *mode = NULL, *key_id = NULL, *case_number = NULL;
  gint64 rule_2_from = 0, head_seq = 0;
  const char *head_hash = NULL;
  JsonObject *head;
  SlAuditRecord prev = { 0 };
  gboolean recompute;

  if (!text_member (excerpt, "format", &mode) || g_strcmp0 (mode, EXCERPT_FORMAT) != 0 ||
      !text_member (excerpt, "case", &case_number) || !text_member (excerpt, "mode", &mode) ||
      !text_member (excerpt, "key_id", &key_id) || !int_member (excerpt, "rule_2_from", &rule_2_from) ||
      !json_object_has_member (excerpt, "head") || !json_object_has_member (excerpt, "rows") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (excerpt, "head")) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (excerpt, "rows")) ||
      !(g_strcmp0 (mode, SL_AUDIT_MODE_PLAIN) == 0 || g_strcmp0 (mode, SL_AUDIT_MODE_KEYED) == 0))
    {
      problem (result, _("%s is not an audit excerpt Sightline writes"), SL_DISCLOSURE_EXCERPT);
      return;
    }
  result->mode = g_str_equal (mode, SL_AUDIT_MODE_KEYED) ? SL_AUDIT_MODE_KEYED : SL_AUDIT_MODE_PLAIN;
  result->key_id = g_strdup (key_id);
  if (g_strcmp0 (case_number, result->case_number) != 0)
    problem (result, _("The excerpt is of case '%s', the manifest of '%s'"), case_number, result->case_number);
  head = json_object_get_object_member (excerpt, "head");
  if (!int_member (head, "seq", &head_seq) || !text_member (head, "hash", &head_hash) ||
      head_seq != result->head_seq || g_strcmp0 (head_hash, result->head_hash) != 0)
    problem (result, _("The excerpt's head is not the manifest's"));

  if (g_str_equal (result->mode, SL_AUDIT_MODE_KEYED) && key == NULL)
    {
      result->keyed_unchecked = TRUE;
      recompute = FALSE;
    }
  else if (g_str_equal (result->mode, SL_AUDIT_MODE_KEYED))
    {
      g_autofree char *given = sl_audit_key_id (key);

      recompute = g_strcmp0 (given, key_id) == 0;
      if (!recompute)
        problem (result, _("The audit key given (key id %s) is not the chain's (key id %s)"), given, key_id);
    }
  else
    {
      recompute = TRUE;
      key = NULL;     /* a plain chain is recomputed without a key */
    }

  rows = json_object_get_array_member (excerpt, "rows");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      SlAuditRecord r = { 0 };

      if (!JSON_NODE_HOLDS_OBJECT (node) || !row_from_json (json_node_get_object (node), &r))
        {
          problem (result, _("Row %u of the excerpt is not an audit row"), i + 1);
          prev.seq = 0;
          continue;
        }
      result->n_rows++;
      if (g_strcmp0 (r.case_number, result->case_number) != 0)
        problem (result, _("Row %" PRId64 " is not of the case"), r.seq);
      if (prev.seq != 0 && r.seq <= prev.seq)
        problem (result, _("Row %" PRId64 " comes after row %" PRId64 ": the rows are out of "
                           "order"), r.seq, prev.seq);
      if (!is_hash (r.hash) || !is_hash (r.prev_hash))
        problem (result, _("Row %" PRId64 " has a malformed hash"), r.seq);
      else if (recompute)
        {
          g_autofree char *hash = r.seq >= rule_2_from ? sl_audit_compute_hash_2 (key, r.prev_hash, &r)
                                                       : sl_audit_compute_hash (key, r.prev_hash, &r);

          if (g_strcmp0 (hash, r.hash) != 0)
            problem (result, _("Row %" PRId64 " does not match its hash: its content was changed"),
                     r.seq);
          else
            result->n_recomputed++;
        }
      if (r.seq == 1 && g_strcmp0 (r.prev_hash, SL_AUDIT_ZERO_HASH) != 0)
        problem (result, _("Row 1 does not start the chain"));
      if (prev.seq != 0 && r.seq == prev.seq + 1)
        {
          if (g_strcmp0 (r.prev_hash, prev.hash) != 0)
            problem (result, _("Row %" PRId64 " does not link to row %" PRId64), r.seq, prev.seq);
          else
            result->n_links++;
        }
      prev = r;
      if (i + 1 == json_array_get_length (rows))
        {
          if (r.seq != result->head_seq || g_strcmp0 (r.hash, result->head_hash) != 0)
            problem (result, _("The excerpt does not end at the head the manifest names"));
          else
            check_recorded_files (result, &r, files);
        }
    }
  if (result->n_rows == 0)
    problem (result, _("The excerpt holds no row"));
}

/* public API */

char *
sl_audit_excerpt_build (SlStore      *store,
                        const char   *case_number,
                        const char   *key_id,
                        gint64       *n_rows,
                        gint64       *head_seq,
                        char        **head_hash,
                        GError      **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SlAuditCursor) cursor = NULL;
  g_autofree char *hash = NULL;
  const SlAuditRecord *r;
  GError *local_error = NULL;
  gint64 rule_2_from, seq, n = 0;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);
  g_return_val_if_fail (case_number != NULL, NULL);

  if (!sl_audit_get_rule_2_from (store, &rule_2_from, error) || !sl_audit_get_head (store, &seq, &hash, error) ||
      !(cursor = sl_audit_cursor_new (store, NULL, case_number, error)))
    return NULL;

  json_builder_begin_object (b);
  member_text (b, "format", EXCERPT_FORMAT);
  member_text (b, "case", case_number);
  member_text (b, "mode", key_id != NULL ? SL_AUDIT_MODE_KEYED : SL_AUDIT_MODE_PLAIN);
  member_text (b, "key_id", key_id);
  json_builder_set_member_name (b, "rule_2_from");
  json_builder_add_int_value (b, rule_2_from);
  json_builder_set_member_name (b, "head");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "seq");
  json_builder_add_int_value (b, seq);
  member_text (b, "hash", hash);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  while ((r = sl_audit_cursor_next (cursor, &local_error)) != NULL && r->seq <= seq)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "seq");
      json_builder_add_int_value (b, r->seq);
      member_text (b, "time", r->time);
      json_builder_set_member_name (b, "actor_id");
      if (r->actor_id != 0)
        json_builder_add_int_value (b, r->actor_id);
      else
        json_builder_add_null_value (b);
      member_text (b, "actor", r->actor);
      member_text (b, "action", r->action);
      member_text (b, "object_type", r->object_type);
      member_text (b, "object_id", r->object_id);
      member_text (b, "case_number", r->case_number);
      member_text (b, "outcome", r->outcome);
      /* Its exact text: the hash covers these bytes. */
      member_text (b, "details", r->details);
      member_text (b, "prev_hash", r->prev_hash);
      member_text (b, "hash", r->hash);
      json_builder_end_object (b);
      n++;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  if (n_rows != NULL)
    *n_rows = n;
  if (head_seq != NULL)
    *head_seq = seq;
  if (head_hash != NULL)
    *head_hash = g_steal_pointer (&hash);
  return json_generator_to_data (generator, NULL);
}

char *
sl_disclosure_manifest (const char *case_number,
                        gint64      head_seq,
                        const char *head_hash,
                        GHashTable *files)
{
  g_autoptr(GString) out = g_string_new (MANIFEST_HEADER "\n");
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer name;

  g_string_append_printf (out, "case %s\n", case_number);
  g_string_append_printf (out, "sightline-audit-head %" PRId64 ":%s\n", head_seq, head_hash);
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_ptr_array_add (names, name);
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_string_append_printf (out, "%s  %s\n", (const char *) g_hash_table_lookup (files, file), file);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
sl_audit_excerpt_result_clear (SlAuditExcerptResult *result)
{
  g_clear_pointer (&result->case_number, g_free);
  g_clear_pointer (&result->head_hash, g_free);
  g_clear_pointer (&result->key_id, g_free);
  g_clear_pointer (&result->problems, g_ptr_array_unref);
  g_clear_pointer (&result->notes, g_ptr_array_unref);
}

gboolean
sl_audit_excerpt_verify (const char           *dir,
                         GBytes               *key,
                         SlAuditExcerptResult *result,
                         GError              **error)
{
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *excerpt_path = g_build_filename (dir, SL_DISCLOSURE_EXCERPT, NULL);

  g_return_val_if_fail (dir != NULL && result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  result->intact = TRUE;
  result->mode = SL_AUDIT_MODE_PLAIN;
  result->problems = g_ptr_array_new_with_free_func (g_free);
  result->notes = g_ptr_array_new_with_free_func (g_free);

  if (!read_manifest (dir, result, files, error))
    return FALSE;
  check_files (dir, result, files);
  if (!g_hash_table_contains (files, SL_DISCLOSURE_EXCERPT))
    problem (result, _("The manifest does not list %s"), SL_DISCLOSURE_EXCERPT);
  else if (!json_parser_load_from_mapped_file (parser, excerpt_path, NULL) ||
           !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    problem (result, _("%s is not JSON"), SL_DISCLOSURE_EXCERPT);
  else
    check_rows (result, json_node_get_object (json_parser_get_root (parser)), key, files);

  g_ptr_array_add (result->notes,
                   g_strdup_printf (_("Checked: the SHA-256 of each of the %u files the manifest lists, and that "
                                      "the row recording the package (the head) names the same."),
                                    g_hash_table_size (files)));
  if (result->keyed_unchecked)
    g_ptr_array_add (result->notes,
                     g_strdup_printf (_("This chain is keyed (HMAC-SHA256, key id %s). Without the key no row's "
                                        "hash can be recomputed: it is not shown that the rows are what was "
                                        "hashed, nor that the head is a hash of the chain. Checked without the "
                                        "key: the form of every hash, the order of the rows, the %" PRId64
                                        " links between rows that follow each other, and that the head is the "
                                        "manifest's. Give the key (--audit-key FILE) to recompute them."),
                                      result->key_id != NULL ? result->key_id : "?", result->n_links));
  else
    g_ptr_array_add (result->notes,
                     g_strdup_printf (_("Recomputed the hash of %" PRId64 " of %" PRId64 " rows "
                                        "from their content and predecessor hash (%s), and checked the %"
                                        PRId64 " links between rows that follow each other."),
                                      result->n_recomputed, result->n_rows, result->mode, result->n_links));
  g_ptr_array_add (result->notes,
                   g_strdup (_("Not provable from the package alone: that no row of the case is missing between "
                               "rows that do not follow each other, and that the log still holds this head. "
                               "Whoever holds the database checks that with 'sightline-cli audit verify "
                               "--against DIR'.")));
  if (g_str_equal (result->mode, SL_AUDIT_MODE_PLAIN))
    g_ptr_array_add (result->notes,
                     g_strdup (_("A plain chain can be recomputed by anyone: a package rewritten whole, with "
                                 "new hashes, passes this check; only the head held elsewhere (the database, "
                                 "its witness, a report issued earlier) shows it.")));
  return TRUE;
}
