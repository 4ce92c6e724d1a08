/* sl-app-context.h: what every part of the desktop front end shares: the
 * engine, who is signed in, and the news that something changed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_TYPE_APP_CONTEXT (sl_app_context_get_type ())

G_DECLARE_FINAL_TYPE (SlAppContext, sl_app_context, SL, APP_CONTEXT, GObject)

SlAppContext *sl_app_context_new         (SlEngine      *engine);
SlEngine     *sl_app_context_get_engine  (SlAppContext  *self);
/* NULL while nobody is signed in; the "session" property notifies. */
SlSession    *sl_app_context_get_session (SlAppContext  *self);
void          sl_app_context_set_session (SlAppContext  *self,
                                          SlSession     *session);
/* Emits "changed::TOPIC": views showing that kind of data reload it.
 * Topics: cases, evidence, searches, review, audit, policy, galleries,
 * users, models. */
void          sl_app_context_changed     (SlAppContext  *self,
                                          const char    *topic);
/* A short message for the person at the desk ("toast" signal: the message
 * and a file or NULL). */
void          sl_app_context_toast       (SlAppContext  *self,
                                          const char    *message);
/* A toast about a file just written, with an Open button. */
void          sl_app_context_toast_file  (SlAppContext  *self,
                                          const char    *message,
                                          const char    *path);
/* A toast naming what failed and why: "Cannot import x.jpg: …". */
void          sl_app_context_error       (SlAppContext  *self,
                                          const char    *what,
                                          const GError  *error);
/* A failure whose reason is too long for a toast ("alert" signal: the
 * window shows a dialog with the heading and the whole reason). */
void          sl_app_context_alert       (SlAppContext  *self,
                                          const char    *heading,
                                          const GError  *error);
/* The number of the case open in the Cases view, or NULL. */
const char   *sl_app_context_get_case    (SlAppContext  *self);
void          sl_app_context_set_case    (SlAppContext  *self,
                                          const char    *case_number);

/* Imports and analyses under way anywhere in the app: the work queues
 * count themselves in while busy, and quitting asks first when any is. */
void          sl_app_context_work_begin  (SlAppContext  *self);
void          sl_app_context_work_end    (SlAppContext  *self);
guint         sl_app_context_get_work_under_way (SlAppContext *self);

G_END_DECLS
