/* sl-engine-paths.c: errors about evidence speak of it by its original
 * file name. The content-addressed copy in the evidence store
 * ("…/evidence/3f/a9…") means nothing to a person and shows where the
 * store is; what a decoder or the file system said about it is kept, with
 * that path replaced by the name the evidence was imported under.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "engine/sl-engine-private.h"

/* helpers */

static char *
replace_all (const char *text,
             const char *what,
             const char *with)
{
  g_auto(GStrv) parts = NULL;

  if (what == NULL || *what == '\0' || strstr (text, what) == NULL)
    return g_strdup (text);
  parts = g_strsplit (text, what, -1);
  return g_strjoinv (with, parts);
}

/* engine-internal API */

void
sl_engine_error_name_evidence (GError     **error,
                               const char  *stored_path,
                               const char  *original_name,
                               const char  *doing)
{
  g_autofree char *display = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *dir_display = NULL;
  g_autofree char *quoted = NULL;
  char *message;

  if (error == NULL || *error == NULL || original_name == NULL)
    return;
  message = g_strdup ((*error)->message);
  if (stored_path != NULL)
    {
      const char *forms[4];

      display = g_filename_display_name (stored_path);
      dir = g_path_get_dirname (stored_path);
      dir_display = g_filename_display_name (dir);
      forms[0] = stored_path;
      forms[1] = display;
      forms[2] = dir;
      forms[3] = dir_display;
      for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
        {
          char *next = replace_all (message, forms[i], original_name);
          g_free (message);
          message = next;
        }
    }
  quoted = g_strdup_printf ("'%s'", original_name);
  if (strstr (message, quoted) == NULL && doing != NULL)
    {
      /* TRANSLATORS: what was being done ("Cannot import"), the evidence's
       * original file name, then the reason */
      char *prefixed = g_strdup_printf (_("%s '%s': %s"), doing, original_name, message);
      g_free (message);
      message = prefixed;
    }
  g_free ((*error)->message);
  (*error)->message = message;
}
