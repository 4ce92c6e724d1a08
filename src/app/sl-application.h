/* sl-application.h: the Sightline desktop application.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_APPLICATION (sl_application_get_type ())

G_DECLARE_FINAL_TYPE (SlApplication, sl_application, SL, APPLICATION, AdwApplication)

SlApplication *sl_application_new         (void);
SlAppContext  *sl_application_get_context (SlApplication *self);

G_END_DECLS
