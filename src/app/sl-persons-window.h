/* sl-persons-window.h: the persons of one case (issue 16): the engine's
 * grouping of its faces and tracks into persons, each with its best view,
 * name, sightings and the investigator's decisions on it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"
#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_TYPE_PERSONS_WINDOW (sl_persons_window_get_type ())

G_DECLARE_FINAL_TYPE (SlPersonsWindow, sl_persons_window, SL, PERSONS_WINDOW, AdwWindow)

/* Starts grouping the case's faces in a worker; a spinner shows meanwhile. */
GtkWindow       *sl_persons_window_new         (SlAppContext    *context,
                                                GtkWindow       *parent,
                                                const char      *case_number);
/* Groups the case again (after a decision, or on Reload). */
void             sl_persons_window_reload      (SlPersonsWindow *self);
/* The grouping shown; NULL while it loads or when it failed. */
const SlPersons *sl_persons_window_get_persons (SlPersonsWindow *self);
/* What a person is called on this screen: its name or "Unknown person N". */
char            *sl_persons_window_title       (const SlPerson  *person);

G_END_DECLS
