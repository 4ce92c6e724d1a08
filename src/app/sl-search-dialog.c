/* sl-search-dialog.c: the justification dialog of a gallery search.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-search-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-search-dialog.h"

/* public API */

void
sl_search_dialog_present (SlAppContext *context,
                          GtkWindow    *parent,
                          const char   *case_number,
                          gint64        face_id,
                          gint64        track_id)
{
  g_return_if_fail (SL_IS_APP_CONTEXT (context));

  sl_app_context_toast (context, _("Searching is not available yet."));
}
