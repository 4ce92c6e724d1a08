/* sl-audit-witness.c: the head witness beside (or away from) the database:
 * appended after each commit that advanced the audit head, read back by
 * verify; and the heads a report, an export or a witness once issued, for
 * `audit verify --against`.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-audit"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/sl-audit-witness.h"
#include "core/sl-audit.h"
#include "core/sl-store-private.h"

#define WITNESS_HEADER "# sightline audit witness 1"

G_DEFINE_QUARK (sl-audit-witness-error-quark, sl_audit_witness_error)

typedef struct
{
  char     *path;
  char     *db_path;
  gboolean  pending;        /* this transaction appended audit rows */
  gint64    first_seq;      /* the first row it appended */
  gboolean  key_known;
  char     *key_id;         /* the key the rows were appended with; NULL: plain */
  gint64    last_seq;       /* the last head written, not to write it twice */
} WitnessState;

/* helpers */

static void
witness_state_free (gpointer data)
{
  WitnessState *state = data;

  g_free (state->path);
  g_free (state->db_path);
  g_free (state->key_id);
  g_free (state);
}

static gboolean
is_lower_hex (const char *text,
              gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]) && !(text[i] >= 'a' && text[i] <= 'f'))
      return FALSE;
  return TRUE;
}

typedef enum { FAIL_OPEN, FAIL_READ, FAIL_WRITE } FailWhat;

static gboolean
fail_errno (GError     **error,
            FailWhat     what,
            const char  *path)
{
  int saved = errno;
  g_autofree char *display = g_filename_display_name (path);
  int code = g_file_error_from_errno (saved);

  if (what == FAIL_OPEN)
    g_set_error (error, G_FILE_ERROR, code, _("Cannot open the audit witness '%s': %s"), display,
                 g_strerror (saved));
  else if (what == FAIL_READ)
    g_set_error (error, G_FILE_ERROR, code, _("Cannot read the audit witness '%s': %s"), display,
                 g_strerror (saved));
  else
    g_set_error (error, G_FILE_ERROR, code, _("Cannot write the audit witness '%s': %s"), display,
                 g_strerror (saved));
  return FALSE;
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static void
fsync_parent (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/* callbacks */

static void
on_commit (SlStore  *store,
           gpointer  data)
{
  WitnessState *state = data;
  g_autoptr(SlStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seq;

  if (!state->pending)
    return;
  state->pending = FALSE;

  /* The head now, which may already be another connection's newer row:
   * that one is committed too. */
  stmt = sl_store_prepare (store, "SELECT seq, hash, time FROM audit ORDER BY seq DESC LIMIT 1", &error);
  if (stmt == NULL || sl_stmt_step (stmt) != SL_DB_ROW)
    {
      g_warning ("Cannot read the audit head for the witness '%s': %s", state->path,
                 error != NULL ? error->message : sl_store_last_error_message (store));
      state->pending = TRUE;
      return;
    }
  seq = sl_stmt_column_int64 (stmt, 0);
  if (seq == state->last_seq)
    return;
  if (!sl_audit_witness_append (state->path, state->db_path, state->first_seq, seq,
                                sl_stmt_column_text (stmt, 1),
                                state->key_id, sl_stmt_column_text (stmt, 2), &error))
    {
      /* The commit stands; the next one writes its newer head. */
      g_warning ("Cannot write the audit witness: %s", error->message);
      state->pending = TRUE;
      return;
    }
  state->last_seq = seq;
}

/* public API */

void
sl_audit_witness_attach (SlStore    *store,
                         const char *path)
{
  WitnessState *state;

  g_return_if_fail (SL_IS_STORE (store));
  g_return_if_fail (path != NULL);

  state = g_new0 (WitnessState, 1);
  state->path = g_strdup (path);
  state->db_path = g_strdup (sl_store_get_path (store));
  sl_store_set_commit_hook (store, on_commit, state, witness_state_free);
}

void
sl_audit_witness_note_append (SlStore *store,
                              GBytes  *key,
                              gint64   seq)
{
  WitnessState *state = sl_store_get_commit_hook_data (store, on_commit);

  if (state == NULL)
    return;
  if (!state->pending || seq < state->first_seq)
    state->first_seq = seq;
  state->pending = TRUE;
  if (!state->key_known)
    {
      state->key_id = key != NULL ? sl_audit_key_id (key) : NULL;
      state->key_known = TRUE;
    }
}

gboolean
sl_audit_witness_append (const char  *path,
                         const char  *db_path,
                         gint64       from_seq,
                         gint64       seq,
                         const char  *hash,
                         const char  *key_id,
                         const char  *time,
                         GError     **error)
{
  g_autoptr(GString) text = g_string_sized_new (160);
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL && hash != NULL && time != NULL, FALSE);

  /* Read-write for one byte of look-back; O_APPEND puts every write at the
   * end, whoever else appends meanwhile. */
  fd = g_open (path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return fail_errno (error, FAIL_OPEN, path);
  if (fstat (fd, &st) != 0)
    {
      close (fd);
      return fail_errno (error, FAIL_READ, path);
    }
  if (st.st_size == 0)
    g_string_append_printf (text, WITNESS_HEADER ": from row %" G_GINT64_FORMAT ": %s\n", from_seq,
                            db_path != NULL ? db_path : "");
  else
    {
      char last = '\n';

      /* A line cut short by a crash is ended here, so that the new line
       * stays whole; verify reports the cut one. */
      if (pread (fd, &last, 1, st.st_size - 1) == 1 && last != '\n')
        g_string_append_c (text, '\n');
    }
  g_string_append_printf (text, "%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\n", seq, hash,
                          key_id != NULL ? SL_AUDIT_MODE_KEYED : SL_AUDIT_MODE_PLAIN,
                          key_id != NULL ? key_id : "-", time);
  if (!write_all (fd, text->str, text->len) || fsync (fd) != 0)
    {
      int saved = errno;
      close (fd);
      errno = saved;
      return fail_errno (error, FAIL_WRITE, path);
    }
  close (fd);
  if (st.st_size == 0)
    fsync_parent (path);
  return TRUE;
}

SlAuditHeads *
sl_audit_heads_new (void)
{
  SlAuditHeads *heads = g_new0 (SlAuditHeads, 1);

  heads->heads = g_array_new (FALSE, FALSE, sizeof (SlAuditHead));
  heads->files = g_ptr_array_new_with_free_func (g_free);
  heads->strings = g_string_chunk_new (4096);
  return heads;
}

void
sl_audit_heads_free (SlAuditHeads *heads)
{
  if (heads == NULL)
    return;
  g_array_unref (heads->heads);
  g_ptr_array_unref (heads->files);
  g_string_chunk_free (heads->strings);
  g_free (heads);
}

const char *
sl_audit_head_mode_to_string (SlAuditHeadMode mode)
{
  switch (mode)
    {
    case SL_AUDIT_HEAD_MODE_PLAIN:
      return SL_AUDIT_MODE_PLAIN;
    case SL_AUDIT_HEAD_MODE_KEYED:
      return SL_AUDIT_MODE_KEYED;
    case SL_AUDIT_HEAD_MODE_UNKNOWN:
    default:
      return "unknown";
    }
}

char *
sl_audit_heads_describe (SlAuditHeads      *heads,
                         const SlAuditHead *head)
{
  const char *file = g_ptr_array_index (heads->files, head->file);

  if (head->line > 0)
    return g_strdup_printf (_("%s, line %u"), file, head->line);
  return g_strdup (file);
}

static int
compare_heads (gconstpointer a,
               gconstpointer b)
{
  const SlAuditHead *x = a;
  const SlAuditHead *y = b;

  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
sl_audit_heads_sort (SlAuditHeads *heads)
{
  g_array_sort (heads->heads, compare_heads);
}

/* One witness line (without its line feed). TRUE with *torn set when it is
 * the start of a line cut short; FALSE when it is no witness line at all. */
static gboolean
parse_witness_line (SlAuditHeads *heads,
                    const char   *line,
                    gsize         len,
                    guint         file,
                    guint         number,
                    gboolean     *torn)
{
  g_autofree char *copy = g_strndup (line, len);
  g_auto(GStrv) f = g_strsplit (copy, "\t", 6);
  guint n = g_strv_length (f);
  SlAuditHead head = { 0 };
  guint64 seq;

  *torn = FALSE;
  if (n == 5 &&
      g_ascii_string_to_unsigned (f[0], 10, 1, G_MAXINT64, &seq, NULL) &&
      strlen (f[1]) == 64 && is_lower_hex (f[1], 64) &&
      ((g_str_equal (f[2], SL_AUDIT_MODE_PLAIN) && g_str_equal (f[3], "-")) ||
       (g_str_equal (f[2], SL_AUDIT_MODE_KEYED) && strlen (f[3]) == 16 && is_lower_hex (f[3], 16))) &&
      *f[4] != '\0' && g_utf8_validate (f[4], -1, NULL))
    {
      head.seq = (gint64) seq;
      memcpy (head.hash, f[1], 65);
      head.mode = g_str_equal (f[2], SL_AUDIT_MODE_KEYED) ? SL_AUDIT_HEAD_MODE_KEYED : SL_AUDIT_HEAD_MODE_PLAIN;
      if (head.mode == SL_AUDIT_HEAD_MODE_KEYED)
        memcpy (head.key_id, f[3], 17);
      head.time = g_string_chunk_insert_const (heads->strings, f[4]);
      head.file = file;
      head.line = number;
      g_array_append_val (heads->heads, head);
      return TRUE;
    }

  /* A line cut short: the fields it has are whole but for the last, which
   * is the start of what belongs there. */
  if (n >= 1 && n <= 5)
    {
      gboolean ok = TRUE;

      for (guint i = 0; i < n && ok; i++)
        {
          gsize l = strlen (f[i]);
          gboolean last = i == n - 1;

          switch (i)
            {
            case 0:
              ok = l > 0 && l <= 19 && strspn (f[i], "0123456789") == l;
              break;
            case 1:
              ok = (last ? l <= 64 : l == 64) && is_lower_hex (f[i], l);
              break;
            case 2:
              ok = last ? g_str_has_prefix (SL_AUDIT_MODE_KEYED, f[i]) || g_str_has_prefix (SL_AUDIT_MODE_PLAIN, f[i])
                        : g_str_equal (f[i], SL_AUDIT_MODE_KEYED) || g_str_equal (f[i], SL_AUDIT_MODE_PLAIN);
              break;
            case 3:
              ok = g_str_equal (f[i], "-") || (l <= 16 && is_lower_hex (f[i], l));
              break;
            default:
              ok = g_utf8_validate (f[i], -1, NULL);
              break;
            }
        }
      /* A cut line lacks something: all five whole fields would have parsed. */
      if (ok && n < 5)
        {
          *torn = TRUE;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
parse_witness_text (SlAuditHeads  *heads,
                    const char    *text,
                    gsize          len,
                    const char    *display,
                    gboolean       is_witness,
                    GError       **error)
{
  guint file = heads->files->len;
  const char *p = text;
  const char *end = text + len;
  guint number = 0;

  g_ptr_array_add (heads->files, g_strdup (display));
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      gsize line_len = (nl != NULL ? nl : end) - p;
      gboolean torn = FALSE;

      number++;
      if (line_len > 0 && *p != '#')
        {
          if (!parse_witness_line (heads, p, line_len, file, number, &torn))
            {
              g_set_error (error, SL_AUDIT_WITNESS_ERROR, SL_AUDIT_WITNESS_ERROR_MALFORMED,
                           _("%s, line %u: not an audit witness line (expected seq, hash, mode, key id "
                             "and time, separated by tabs)"), display, number);
              return FALSE;
            }
          /* Only the last line, or one a later append ended for it, can be
           * cut short; either way it names no head and is reported. */
          if (torn && is_witness && heads->torn_line == 0)
            heads->torn_line = number;
          if (nl == NULL && !torn)
            {
              /* A whole line that only lacks its line feed is still cut:
               * the time may be short. Its head stays: seq and hash are whole. */
              if (is_witness && heads->torn_line == 0)
                heads->torn_line = number;
            }
        }
      if (nl == NULL)
        break;
      p = nl + 1;
    }
  return TRUE;
}

gboolean
sl_audit_heads_read_witness (SlAuditHeads  *heads,
                             const char    *path,
                             GError       **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &text, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, G_FILE_ERROR, local_error->code, _("Cannot read the audit witness '%s': %s"),
                   display, local_error->message);
      return FALSE;
    }
  heads->witness_found = TRUE;
  if (g_str_has_prefix (text, WITNESS_HEADER ": from row "))
    heads->witness_from = g_ascii_strtoll (text + strlen (WITNESS_HEADER ": from row "), NULL, 10);
  return parse_witness_text (heads, text, len, display, TRUE, error);
}

/* The heads an export or a report names: regular expressions over the raw
 * bytes, so that a PDF's metadata is read as well as a CSV. */
static guint
scan_heads (SlAuditHeads *heads,
            const char   *text,
            gsize         len,
            const char   *display)
{
  static const char *const patterns[] = {
    /* a report, a verify printout, anything that names a head */
    "sightline-audit-head[ :=]+([0-9]+):([0-9a-f]{64})",
    /* a JSON export: every row */
    "\\{\"seq\":([0-9]+),\"time\".*?\"prev_hash\":(?:\"[0-9a-f]{64}\"|null),\"hash\":\"([0-9a-f]{64})\"[,}]",
    /* a CSV export: every row, from its seq to its prev_hash and hash */
    "(?m)^([0-9]+),.*?,[0-9a-f]{64},([0-9a-f]{64})(?:,[12],(?:sha256|hmac-sha256),[0-9a-f]{0,16})?\\r?$",
  };
  guint file = heads->files->len;
  guint found = 0;

  g_ptr_array_add (heads->files, g_strdup (display));
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autoptr(GRegex) re = g_regex_new (patterns[i], G_REGEX_RAW | G_REGEX_DOTALL | G_REGEX_OPTIMIZE, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;
      const char *counted = text;
      guint line = 1;

      g_assert (re != NULL);
      g_regex_match_full (re, text, (gssize) len, 0, 0, &match, NULL);
      while (g_match_info_matches (match))
        {
          g_autofree char *seq_text = g_match_info_fetch (match, 1);
          g_autofree char *hash = g_match_info_fetch (match, 2);
          SlAuditHead head = { 0 };
          guint64 seq;
          int start = 0;

          g_match_info_fetch_pos (match, 0, &start, NULL);
          for (; counted < text + start; counted++)
            line += *counted == '\n';
          if (g_ascii_string_to_unsigned (seq_text, 10, 1, G_MAXINT64, &seq, NULL))
            {
              head.seq = (gint64) seq;
              memcpy (head.hash, hash, 65);
              head.file = file;
              head.line = line;
              g_array_append_val (heads->heads, head);
              found++;
            }
          g_match_info_next (match, NULL);
        }
      if (found > 0)
        break;
    }
  return found;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
read_against_file (SlAuditHeads  *heads,
                   const char    *path,
                   gboolean       in_folder,
                   GError       **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *text = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &text, &len, error))
    return FALSE;
  if (g_str_has_prefix (text, WITNESS_HEADER))
    {
      guint before = heads->heads->len;
      guint torn = heads->torn_line;

      if (!parse_witness_text (heads, text, len, display, FALSE, error))
        return FALSE;
      heads->torn_line = torn;
      if (heads->heads->len > before || in_folder)
        return TRUE;
    }
  else if (scan_heads (heads, text, len, display) > 0 || in_folder)
    return TRUE;
  g_set_error (error, SL_AUDIT_WITNESS_ERROR, SL_AUDIT_WITNESS_ERROR_NO_HEADS,
               _("'%s' names no audit head: give a witness, an audit export, a case report or a "
                 "file naming 'sightline-audit-head SEQ:HASH'"), display);
  return FALSE;
}

gboolean
sl_audit_heads_read_against (SlAuditHeads  *heads,
                             const char    *path,
                             GError       **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *display = g_filename_display_name (path);
  guint before = heads->heads->len;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return read_against_file (heads, path, FALSE, error);

  if (!(dir = g_dir_open (path, 0, error)))
    return FALSE;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_paths);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);

      if (g_file_test (file, G_FILE_TEST_IS_REGULAR) && !read_against_file (heads, file, TRUE, error))
        return FALSE;
    }
  if (heads->heads->len == before)
    {
      g_set_error (error, SL_AUDIT_WITNESS_ERROR, SL_AUDIT_WITNESS_ERROR_NO_HEADS,
                   _("No file in '%s' names an audit head"), display);
      return FALSE;
    }
  return TRUE;
}
