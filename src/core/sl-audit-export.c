/* sl-audit-export.c: streams audit rows out as CSV or JSON, one row at a
 * time, so that memory stays flat however long the log is.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-audit"

#include "config.h"

#include <json-glib/json-glib.h>

#include "core/sl-audit-query.h"
#include "core/sl-csv-write.h"

static const char *const columns[] = {
  "seq", "time", "actor_id", "actor", "action", "object_type", "object_id", "case_number",
  "outcome", "details", "prev_hash", "hash", "rule", "mode", "key_id",
};

/* What a third party needs to recompute a row's hash besides the row: its
 * hash rule, the chain's mode and key id (sl-audit.h). */
typedef struct
{
  gint64      rule_2_from;
  const char *mode;
  const char *key_id;        /* NULL when not keyed */
} ChainFacts;

/* helpers */

static void
csv_row (GString             *out,
         const SlAuditRecord *r,
         const ChainFacts    *facts)
{
  g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, r->seq);
  g_autofree char *actor_id = r->actor_id != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, r->actor_id) : NULL;
  const char *fields[] = { seq, r->time, actor_id, r->actor, r->action, r->object_type,
                           r->object_id, r->case_number, r->outcome, r->details, r->prev_hash,
                           r->hash };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      sl_csv_append_cell (out, fields[i]);
    }
  g_string_append_printf (out, ",%d,%s,%s\r\n", r->seq >= facts->rule_2_from ? 2 : 1, facts->mode,
                          facts->key_id != NULL ? facts->key_id : "");
}

static void
json_member (JsonBuilder *b,
             const char  *name,
             const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
json_row (GString             *out,
          JsonParser          *parser,
          const SlAuditRecord *r,
          const ChainFacts    *facts)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "seq");
  json_builder_add_int_value (b, r->seq);
  json_member (b, "time", r->time);
  json_builder_set_member_name (b, "actor_id");
  if (r->actor_id != 0)
    json_builder_add_int_value (b, r->actor_id);
  else
    json_builder_add_null_value (b);
  json_member (b, "actor", r->actor);
  json_member (b, "action", r->action);
  json_member (b, "object_type", r->object_type);
  json_member (b, "object_id", r->object_id);
  json_member (b, "case_number", r->case_number);
  json_member (b, "outcome", r->outcome);
  /* The details as the object they are; text that does not parse (a
   * tampered row) goes out as a string, as it is. */
  json_builder_set_member_name (b, "details");
  if (r->details != NULL && json_parser_load_from_data (parser, r->details, -1, NULL) &&
      json_parser_get_root (parser) != NULL)
    json_builder_add_value (b, json_node_copy (json_parser_get_root (parser)));
  else if (r->details != NULL)
    json_builder_add_string_value (b, r->details);
  else
    json_builder_add_null_value (b);
  json_member (b, "prev_hash", r->prev_hash);
  json_member (b, "hash", r->hash);
  json_builder_set_member_name (b, "rule");
  json_builder_add_int_value (b, r->seq >= facts->rule_2_from ? 2 : 1);
  json_member (b, "mode", facts->mode);
  json_member (b, "key_id", facts->key_id);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  g_string_append (out, text);
}

/* public API */

gboolean
sl_audit_format_from_string (const char    *text,
                             SlAuditFormat *format)
{
  if (g_strcmp0 (text, "csv") == 0)
    *format = SL_AUDIT_FORMAT_CSV;
  else if (g_strcmp0 (text, "json") == 0)
    *format = SL_AUDIT_FORMAT_JSON;
  else
    return FALSE;
  return TRUE;
}

gboolean
sl_audit_export (SlStore        *store,
                 const char     *since,
                 const char     *case_number,
                 SlAuditFormat   format,
                 GOutputStream  *out,
                 GCancellable   *cancellable,
                 gint64         *n_rows,
                 GError        **error)
{
  SlAuditFilter filter = { 0 };

  /* Borrowed for the call. */
  filter.time_from = (char *) since;
  filter.case_number = (char *) case_number;
  return sl_audit_export_filtered (store, &filter, format, out, cancellable, n_rows, error);
}

gboolean
sl_audit_export_filtered (SlStore              *store,
                          const SlAuditFilter  *filter,
                          SlAuditFormat         format,
                          GOutputStream        *out,
                          GCancellable         *cancellable,
                          gint64               *n_rows,
                          GError              **error)
{
  g_autoptr(SlAuditCursor) cursor = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) buf = g_string_sized_new (4096);
  g_autofree char *key_id = NULL;
  g_autoptr(GError) meta_error = NULL;
  const SlAuditRecord *r;
  GError *local_error = NULL;
  ChainFacts facts = { G_MAXINT64, SL_AUDIT_MODE_PLAIN, NULL };
  gint64 n = 0;

  g_return_val_if_fail (SL_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  /* As the database states them; a tampered one is exported as it is, for
   * verify to judge. */
  if (!sl_audit_get_rule_2_from (store, &facts.rule_2_from, NULL))
    facts.rule_2_from = G_MAXINT64;
  key_id = sl_store_get_meta (store, "audit-key-id", &meta_error);
  if (key_id == NULL && !g_error_matches (meta_error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&meta_error));
      return FALSE;
    }
  facts.key_id = key_id;
  facts.mode = key_id != NULL ? SL_AUDIT_MODE_KEYED : SL_AUDIT_MODE_PLAIN;

  if (!(cursor = sl_audit_cursor_new_filtered (store, filter, error)))
    return FALSE;

  if (format == SL_AUDIT_FORMAT_CSV)
    {
      for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
        g_string_append_printf (buf, "%s%s", i > 0 ? "," : "", columns[i]);
      g_string_append (buf, "\r\n");
    }
  else
    g_string_append_c (buf, '[');

  while ((r = sl_audit_cursor_next (cursor, &local_error)) != NULL)
    {
      if (format == SL_AUDIT_FORMAT_CSV)
        csv_row (buf, r, &facts);
      else
        {
          g_string_append (buf, n > 0 ? ",\n" : "\n");
          json_row (buf, parser, r, &facts);
        }
      n++;
      if (buf->len >= 65536)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
              !g_output_stream_write_all (out, buf->str, buf->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (buf, 0);
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (format == SL_AUDIT_FORMAT_JSON)
    g_string_append (buf, n > 0 ? "\n]\n" : "]\n");
  if (!g_output_stream_write_all (out, buf->str, buf->len, NULL, cancellable, error) ||
      !g_output_stream_flush (out, cancellable, error))
    return FALSE;
  if (n_rows != NULL)
    *n_rows = n;
  return TRUE;
}
