/* sl-footage-player.h: footage in the evidence viewer: the frame at the
 * scrubber's time with the faces tracked there, playback and stepping by
 * frames and seconds, the tracks as lanes, and the selected track's best
 * views, from which a search starts.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"
#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_TYPE_FOOTAGE_PLAYER (sl_footage_player_get_type ())

G_DECLARE_FINAL_TYPE (SlFootagePlayer, sl_footage_player, SL, FOOTAGE_PLAYER, GtkBox)

GtkWidget *sl_footage_player_new                (SlAppContext     *context);
/* Shows the footage of faces (taken) from the start. */
void       sl_footage_player_set_footage        (SlFootagePlayer  *self,
                                                 const char       *case_number,
                                                 SlEvidenceFaces  *faces);
/* The scrubber's time, ms. */
gint64     sl_footage_player_get_position       (SlFootagePlayer  *self);
void       sl_footage_player_seek               (SlFootagePlayer  *self,
                                                 gint64            position_ms);
/* Moves the scrubber by seconds (negative: back), pausing playback. */
void       sl_footage_player_step               (SlFootagePlayer  *self,
                                                 int               seconds);
/* Moves by frames (negative: back), pausing playback. */
void       sl_footage_player_step_frames        (SlFootagePlayer  *self,
                                                 int               frames);
/* Playback: frames decoded in a worker and shown at their times. */
gboolean   sl_footage_player_get_playing        (SlFootagePlayer  *self);
void       sl_footage_player_set_playing        (SlFootagePlayer  *self,
                                                 gboolean          playing);
/* The frame on screen: its index among all frames and its time (ms);
 * -1 before the first. */
gint64     sl_footage_player_get_frame_index    (SlFootagePlayer  *self);
gint64     sl_footage_player_get_frame_time     (SlFootagePlayer  *self);
/* Selects a track and jumps to its first time; 0 clears. */
void       sl_footage_player_select_track       (SlFootagePlayer  *self,
                                                 gint64            track_id);
gint64     sl_footage_player_get_selected_track (SlFootagePlayer  *self);
/* The canvas the frames are shown on. */
GtkWidget *sl_footage_player_get_canvas         (SlFootagePlayer  *self);
/* The frame at the scrubber's time is on screen (none being decoded). */
gboolean   sl_footage_player_is_frame_shown     (SlFootagePlayer  *self);

G_END_DECLS
