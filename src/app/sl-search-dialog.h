/* sl-search-dialog.h: "Search gallery…" and "Find in This Case…": the
 * justification a search needs, then its results.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_SEARCH_DIALOG (sl_search_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SlSearchDialog, sl_search_dialog, SL, SEARCH_DIALOG, AdwWindow)

/* Opens the justification dialog for a search from a probe face
 * (face_id) or a footage track (track_id, face_id 0) of the case. */
void sl_search_dialog_present (SlAppContext *context,
                               GtkWindow    *parent,
                               const char   *case_number,
                               gint64        face_id,
                               gint64        track_id);
/* The same justification for a search within the case: no gallery; what
 * it finds among the case's other faces and tracks is listed in the
 * dialog. */
void sl_search_dialog_present_within (SlAppContext *context,
                                      GtkWindow    *parent,
                                      const char   *case_number,
                                      gint64        face_id,
                                      gint64        track_id);

/* A gallery search for a person of the case (issue 16), named by its
 * best view: searched with the template of its n_sightings faces and
 * tracks, or its best view, as the form chooses. */
void sl_search_dialog_present_person (SlAppContext *context,
                                      GtkWindow    *parent,
                                      const char   *case_number,
                                      gint64        best_face_id,
                                      guint         n_sightings);

G_END_DECLS
