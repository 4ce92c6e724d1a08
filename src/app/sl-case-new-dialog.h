/* sl-case-new-dialog.h: "New Case…": a number and a title; the engine's
 * refusal shown in the dialog, not as a toast.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_CASE_NEW_DIALOG (sl_case_new_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SlCaseNewDialog, sl_case_new_dialog, SL, CASE_NEW_DIALOG, AdwWindow)

/* Emits "created" with the new case's number, then closes. */
GtkWidget *sl_case_new_dialog_new (SlAppContext *context,
                                   GtkWindow    *parent);

G_END_DECLS
