/* sl-time-axis.h: footage as a time axis from its start to its end, with
 * human times ("0:00", "1:02") under it and its children (marks) placed
 * above it at their times.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_TIME_AXIS (sl_time_axis_get_type ())

G_DECLARE_FINAL_TYPE (SlTimeAxis, sl_time_axis, SL, TIME_AXIS, GtkWidget)

GtkWidget *sl_time_axis_new          (gint64      duration_ms);
gint64     sl_time_axis_get_duration (SlTimeAxis *self);
/* Places mark (a new child) at time_ms; marks that would overlap go on
 * lanes above one another. */
void       sl_time_axis_add_mark     (SlTimeAxis *self,
                                      GtkWidget  *mark,
                                      gint64      time_ms);
/* "1:02", "1:02:03": whole seconds, as a person reads a clock. */
char      *sl_time_axis_format       (gint64      ms);

G_END_DECLS
