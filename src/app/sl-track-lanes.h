/* sl-track-lanes.h: the face tracks of footage under its scrubber, one
 * lane each: the track's label, time span and quality over a bar at its
 * times; a click on a lane goes to the track.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_TYPE_TRACK_LANES (sl_track_lanes_get_type ())

G_DECLARE_FINAL_TYPE (SlTrackLanes, sl_track_lanes, SL, TRACK_LANES, GtkWidget)

GtkWidget     *sl_track_lanes_new            (void);
/* SlTrack (the array is kept; NULL: none) over footage of duration_ms;
 * their quality is their best view's among `faces` (SlProbeFace, may be
 * NULL). */
void           sl_track_lanes_set_tracks     (SlTrackLanes     *self,
                                              GPtrArray        *tracks,
                                              GPtrArray        *faces,
                                              gint64            duration_ms);
guint          sl_track_lanes_get_n_bars     (SlTrackLanes     *self);
guint          sl_track_lanes_get_n_lanes    (SlTrackLanes     *self);
const SlTrack *sl_track_lanes_get_track      (SlTrackLanes     *self,
                                              guint             index);
/* Where a track's bar is, in the widget's coordinates. */
gboolean       sl_track_lanes_get_bar_area   (SlTrackLanes     *self,
                                              guint             index,
                                              graphene_rect_t  *area);
/* The time shown by the playhead, in ms. */
gint64         sl_track_lanes_get_position   (SlTrackLanes     *self);
void           sl_track_lanes_set_position   (SlTrackLanes     *self,
                                              gint64            position_ms);
/* The selected track's id, 0: none. */
gint64         sl_track_lanes_get_selected   (SlTrackLanes     *self);
void           sl_track_lanes_set_selected   (SlTrackLanes     *self,
                                              gint64            track_id);
/* What a click at x, y does: on a lane, selects its track and emits
 * "track-activated" (id, first ms). */
void           sl_track_lanes_activate_at    (SlTrackLanes     *self,
                                              double            x,
                                              double            y);
char          *sl_track_lanes_tooltip_at     (SlTrackLanes     *self,
                                              double            x,
                                              double            y);
/* What lane `index` reads: "Track 3 · 0:02.0–0:05.4 · Good". */
char          *sl_track_lanes_get_lane_text  (SlTrackLanes     *self,
                                              guint             index);
/* "Track 3: 0:02.0 to 0:05.4, 17 sightings; left the picture" over lines. */
char          *sl_track_describe             (const SlTrack    *track);

G_END_DECLS
