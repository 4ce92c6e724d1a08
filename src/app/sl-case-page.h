/* sl-case-page.h: one case in the Cases view: its evidence with thumbnails,
 * imports and analyses with progress, its confirmed leads, and the
 * evidence viewer.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_CASE_PAGE (sl_case_page_get_type ())

G_DECLARE_FINAL_TYPE (SlCasePage, sl_case_page, SL, CASE_PAGE, AdwBin)

GtkWidget  *sl_case_page_new          (SlAppContext *context);
/* Shows the case (NULL: none), reloading its evidence and leads. */
void        sl_case_page_set_case     (SlCasePage   *self,
                                       const char   *case_number);
const char *sl_case_page_get_case     (SlCasePage   *self);
/* Queues the imports: local paths in the file system's encoding, file://
 * URIs or https:// URLs. What the file chooser, a drop and the URL dialog
 * end in; also the action case.import-paths ("aay": byte strings). */
void        sl_case_page_import       (SlCasePage   *self,
                                       const char * const *sources);
/* A "Cases" button back to the list (cases.show-list), for a narrow window
 * where the list and the page do not fit side by side. */
void        sl_case_page_set_show_cases_button (SlCasePage *self,
                                                gboolean    show);
/* Opens the case's evidence in the viewer at one face (a still) or at a
 * track and time (footage; sl_evidence_viewer_show_face ()); FALSE when
 * the case shown has no such evidence. */
gboolean    sl_case_page_show_face    (SlCasePage   *self,
                                       gint64        evidence_id,
                                       gint64        face_id,
                                       gint64        track_id,
                                       gint64        time_ms);
/* The evidence viewer (an SlEvidenceViewer), NULL until evidence was opened. */
GtkWidget  *sl_case_page_get_viewer   (SlCasePage   *self);
/* SlEvidenceItem of the case, in import order. */
GListModel *sl_case_page_get_evidence (SlCasePage   *self);

G_END_DECLS
