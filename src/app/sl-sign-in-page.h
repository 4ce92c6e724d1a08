/* sl-sign-in-page.h: the page where a person signs in.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_SIGN_IN_PAGE (sl_sign_in_page_get_type ())

G_DECLARE_FINAL_TYPE (SlSignInPage, sl_sign_in_page, SL, SIGN_IN_PAGE, AdwBin)

GtkWidget *sl_sign_in_page_new   (SlAppContext *context);
/* Empties the name and the password and puts the focus in the name. */
void       sl_sign_in_page_reset (SlSignInPage *self);

G_END_DECLS
