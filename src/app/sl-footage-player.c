/* sl-footage-player.c: footage in the evidence viewer. Frames are decoded in
 * a worker one at a time: while one is on its way, moving the scrubber
 * only notes the newest time, asked for when the frame arrives. Playback
 * asks for the next frame as soon as one is shown and holds it until its
 * time comes on the playback clock, so decoding overlaps the wait; a clock
 * ahead of the decoder skips frames rather than falling behind.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-footage-player"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-face-canvas.h"
#include "app/sl-footage-player.h"
#include "app/sl-search-dialog.h"
#include "app/sl-track-lanes.h"
#include "engine/sightline-engine.h"

/* Frames are shown at most this many pixels on their longer side. */
#define FRAME_MAX_SIDE 1280
/* A best view is drawn on frames this close to its time (ms): about half
 * the analysis' sampling interval. */
#define VIEW_NEAR_MS 110
#define THUMBNAIL_PX 64
/* The rate assumed for footage whose container states none. */
#define DEFAULT_FPS 25.0

struct _SlFootagePlayer
{
  GtkBox           parent_instance;
  SlAppContext    *context;
  char            *case_number;
  SlEvidenceFaces *faces;
  GCancellable    *cancellable;
  gboolean         loading;          /* a frame is being decoded */
  gint64           wanted_ms;        /* asked while one was on its way; -1: none */
  gint64           shown_ms;         /* the frame on screen; -1: none yet */
  gint64           shown_index;
  double           fps;
  gboolean         moving;           /* the adjustment follows playback */
  gboolean         jumped;           /* the next frame shown may come before the last */

  gboolean         playing;
  gint64           clock_origin_us;  /* monotonic time at which ... */
  gint64           clock_origin_ms;  /* ... playback stood at this time */
  SlPicture       *due;              /* decoded, waiting for its time */
  guint            due_source;

  GtkScrolledWindow *scroller;
  SlFaceCanvas    *canvas;
  GtkAdjustment   *adjustment;
  GtkLabel        *time_label;
  GtkLabel        *frame_label;
  GtkButton       *play_button;
  SlTrackLanes    *lanes;
  GtkLabel        *track_label;
  GtkBox          *thumbnails;
};

G_DEFINE_FINAL_TYPE (SlFootagePlayer, sl_footage_player, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_SELECTED_TRACK,
  PROP_PLAYING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void request_frame (SlFootagePlayer *self,
                           gint64           time_ms);

/* helpers */

static const SlTrack *
find_track (SlFootagePlayer *self,
            gint64           track_id)
{
  for (guint i = 0; self->faces != NULL && self->faces->tracks != NULL && i < self->faces->tracks->len; i++)
    {
      const SlTrack *t = g_ptr_array_index (self->faces->tracks, i);

      if (t->id == track_id)
        return t;
    }
  return NULL;
}

/* The best views taken near the time of the frame shown. */
static void
update_boxes (SlFootagePlayer *self)
{
  g_autoptr(GPtrArray) near = g_ptr_array_new ();

  for (guint i = 0; self->faces != NULL && i < self->faces->faces->len; i++)
    {
      SlProbeFace *f = g_ptr_array_index (self->faces->faces, i);

      if (ABS (f->frame_ms - self->shown_ms) <= VIEW_NEAR_MS)
        g_ptr_array_add (near, f);
    }
  sl_face_canvas_set_faces (self->canvas, near);
}

/* The time and number of the frame on screen. */
static void
update_time_label (SlFootagePlayer *self)
{
  gint64 at = MAX (self->shown_ms, 0);
  g_autofree char *now = sl_media_time_format (at);
  g_autofree char *end = sl_media_time_format ((gint64) gtk_adjustment_get_upper (self->adjustment));
  /* Translators: the time shown in footage, then its length */
  g_autofree char *text = g_strdup_printf (_("%s / %s"), now, end);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (self->shown_index, 0));
  /* Translators: the number of the frame shown, counted from 0 at the start of the footage */
  g_autofree char *frame = g_strdup_printf (_("Frame %s"), number);

  gtk_label_set_text (self->time_label, text);
  gtk_label_set_text (self->frame_label, self->shown_ms >= 0 ? frame : "");
}

static double
frame_interval_ms (SlFootagePlayer *self)
{
  return 1000.0 / self->fps;
}

/* The playback clock: where playback should stand now. */
static gint64
clock_ms (SlFootagePlayer *self)
{
  return self->clock_origin_ms + (g_get_monotonic_time () - self->clock_origin_us) / 1000;
}

static void
restart_clock (SlFootagePlayer *self,
               gint64           at_ms)
{
  self->clock_origin_ms = at_ms;
  self->clock_origin_us = g_get_monotonic_time ();
}

static void
drop_due (SlFootagePlayer *self)
{
  g_clear_handle_id (&self->due_source, g_source_remove);
  g_clear_pointer (&self->due, sl_picture_free);
}

/* Moves the scrubber along with playback, without asking for the frame. */
static void
follow (SlFootagePlayer *self,
        double           position_ms)
{
  self->moving = TRUE;
  gtk_adjustment_set_value (self->adjustment, position_ms);
  self->moving = FALSE;
  sl_track_lanes_set_position (self->lanes, (gint64) position_ms);
}

static void
set_playing (SlFootagePlayer *self,
             gboolean         playing)
{
  if (self->playing == playing)
    return;
  self->playing = playing;
  drop_due (self);
  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), playing ? _("Pause (Space)") : _("Play (Space)"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
  if (!playing)
    return;
  /* from the start again at the end */
  if (self->shown_ms >= 0 && gtk_adjustment_get_value (self->adjustment) + frame_interval_ms (self) >=
                              gtk_adjustment_get_upper (self->adjustment))
    {
      restart_clock (self, 0);
      follow (self, 0);
      self->jumped = TRUE;
      request_frame (self, 0);
      return;
    }
  restart_clock (self, MAX (self->shown_ms, 0));
  request_frame (self, clock_ms (self) + (gint64) ceil (frame_interval_ms (self)));
}

static void
present (SlFootagePlayer *self,
         SlPicture       *picture)
{
  g_autoptr(GdkTexture) texture = gdk_memory_texture_new ((int) picture->width, (int) picture->height,
                                                          GDK_MEMORY_B8G8R8, picture->pixels, picture->stride);
  gint64 before = self->jumped ? -1 : self->shown_ms;

  sl_face_canvas_set_picture (self->canvas, GDK_PAINTABLE (texture), picture->full_width, picture->full_height);
  self->shown_ms = picture->time_ms;
  self->shown_index = picture->frame_index;
  self->jumped = FALSE;
  update_boxes (self);
  update_time_label (self);
  if (!self->playing)
    return;
  /* the footage ended: the last frame came again */
  if (self->shown_ms <= before)
    {
      set_playing (self, FALSE);
      return;
    }
  follow (self, picture->frame_index >= 0 ? picture->frame_index * frame_interval_ms (self)
                                          : (double) picture->time_ms);
  request_frame (self, MAX (self->shown_ms + (gint64) ceil (frame_interval_ms (self)), clock_ms (self)));
}

static gboolean
on_due (gpointer user_data)
{
  SlFootagePlayer *self = user_data;
  g_autoptr(SlPicture) picture = g_steal_pointer (&self->due);

  self->due_source = 0;
  present (self, picture);
  return G_SOURCE_REMOVE;
}

static void
on_thumbnail_clicked (GtkButton       *button,
                      SlFootagePlayer *self)
{
  sl_footage_player_seek (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "frame-ms")));
}

static void
show_track (SlFootagePlayer *self)
{
  gint64 track_id = sl_track_lanes_get_selected (self->lanes);
  const SlTrack *track = find_track (self, track_id);
  SlSession *session = sl_app_context_get_session (self->context);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->thumbnails))) != NULL)
    gtk_box_remove (self->thumbnails, child);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "footage.search-track",
                                 track != NULL && session != NULL && sl_session_may (session, SL_PERMISSION_SEARCH));
  if (track == NULL)
    {
      gtk_label_set_text (self->track_label, _("Pick a track to see its best views."));
      return;
    }
  {
    g_autofree char *text = sl_track_describe (track);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) views = NULL;

    gtk_label_set_text (self->track_label, text);
    if (session == NULL)
      return;
    if (!(views = sl_engine_track_faces (sl_app_context_get_engine (self->context), session, track_id, TRUE,
                                         &error)))
      {
        sl_app_context_error (self->context, _("Cannot show the track's best views"), error);
        return;
      }
    for (guint i = 0; i < views->len; i++)
      {
        SlProbeFace *f = g_ptr_array_index (views, i);
        g_autoptr(GdkTexture) texture = NULL;
        g_autofree char *tip = NULL;
        g_autofree char *at = NULL;
        GtkWidget *button, *picture;

        if (f->crop == NULL || !(texture = gdk_texture_new_from_bytes (f->crop, NULL)))
          continue;
        picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
        gtk_widget_set_size_request (picture, THUMBNAIL_PX, THUMBNAIL_PX);
        button = gtk_button_new ();
        gtk_button_set_child (GTK_BUTTON (button), picture);
        gtk_widget_add_css_class (button, "flat");
        at = sl_media_time_format (f->frame_ms);
        /* Translators: a track's best view: its time in the footage, then its quality */
        tip = g_strdup_printf (_("At %s, %s quality: show this frame"), at,
                               sl_face_band_label (f->quality_band));
        gtk_widget_set_tooltip_text (button, tip);
        g_object_set_data (G_OBJECT (button), "frame-ms", GSIZE_TO_POINTER ((gsize) MAX (f->frame_ms, 0)));
        g_signal_connect (button, "clicked", G_CALLBACK (on_thumbnail_clicked), self);
        gtk_box_append (self->thumbnails, button);
      }
  }
}

/* callbacks */

static void
on_frame_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SlFootagePlayer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlPicture) picture = sl_engine_picture_finish (SL_ENGINE (source), result, &error);
  gint64 wanted = self->wanted_ms;

  /* asked for footage no longer shown, or by a view going away */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self->loading = FALSE;
  self->wanted_ms = -1;
  if (picture == NULL)
    {
      set_playing (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sl_app_context_error (self->context, _("Cannot show the frame"), error);
      return;
    }
  /* the scrubber moved meanwhile: that time, not this frame */
  if (wanted >= 0)
    {
      request_frame (self, wanted);
      return;
    }
  if (self->playing)
    {
      gint64 wait_ms = picture->time_ms - clock_ms (self);

      if (wait_ms > 1)
        {
          drop_due (self);
          self->due = g_steal_pointer (&picture);
          self->due_source = g_timeout_add ((guint) wait_ms, on_due, self);
          return;
        }
    }
  present (self, picture);
}

static void
request_frame (SlFootagePlayer *self,
               gint64           time_ms)
{
  SlSession *session = sl_app_context_get_session (self->context);

  if (self->faces == NULL || session == NULL)
    return;
  if (self->loading)
    {
      self->wanted_ms = time_ms;
      return;
    }
  self->loading = TRUE;
  sl_engine_footage_frame_async (sl_app_context_get_engine (self->context), session, self->faces->evidence,
                                 MAX (time_ms, 0), FRAME_MAX_SIDE, self->cancellable, on_frame_ready,
                                 g_object_ref (self));
}

static void
on_value_changed (GtkAdjustment   *adjustment,
                  SlFootagePlayer *self)
{
  /* the frame is rounded to the ms its time is given in */
  gint64 ms = (gint64) floor (gtk_adjustment_get_value (adjustment) + 0.5);

  if (self->moving)
    return;
  sl_track_lanes_set_position (self->lanes, ms);
  /* playback goes on from where the scrubber was put */
  if (self->playing)
    {
      drop_due (self);
      restart_clock (self, ms);
      self->jumped = TRUE;
    }
  request_frame (self, ms);
}

static void
on_track_activated (SlTrackLanes    *lanes,
                    gint64           track_id,
                    gint64           first_ms,
                    SlFootagePlayer *self)
{
  show_track (self);
  sl_footage_player_seek (self, first_ms);
}

static void
on_canvas_selected (SlFaceCanvas    *canvas,
                    GParamSpec      *pspec,
                    SlFootagePlayer *self)
{
  gint64 face_id = sl_face_canvas_get_selected (canvas);

  /* a box on the frame stands for its track */
  for (guint i = 0; face_id > 0 && i < sl_face_canvas_get_n_faces (canvas); i++)
    {
      const SlProbeFace *f = sl_face_canvas_get_face (canvas, i);

      if (f->id == face_id && f->track_id != sl_track_lanes_get_selected (self->lanes))
        {
          sl_track_lanes_set_selected (self->lanes, f->track_id);
          show_track (self);
        }
    }
}

static void
on_lanes_selected (SlTrackLanes    *lanes,
                   GParamSpec      *pspec,
                   SlFootagePlayer *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_TRACK]);
}

static void
on_unmap (GtkWidget       *widget,
          SlFootagePlayer *self)
{
  set_playing (self, FALSE);
}

static void
toggle_play (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlFootagePlayer *self = SL_FOOTAGE_PLAYER (widget);

  set_playing (self, !self->playing);
}

static void
step_back (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  sl_footage_player_step (SL_FOOTAGE_PLAYER (widget), -1);
}

static void
step_forward (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  sl_footage_player_step (SL_FOOTAGE_PLAYER (widget), 1);
}

static void
previous_frame (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sl_footage_player_step_frames (SL_FOOTAGE_PLAYER (widget), -1);
}

static void
next_frame (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  sl_footage_player_step_frames (SL_FOOTAGE_PLAYER (widget), 1);
}

static void
search_track (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlFootagePlayer *self = SL_FOOTAGE_PLAYER (widget);
  gint64 track_id = sl_track_lanes_get_selected (self->lanes);

  if (track_id <= 0 || self->case_number == NULL)
    return;
  sl_search_dialog_present (self->context, GTK_WINDOW (gtk_widget_get_root (widget)), self->case_number, 0,
                            track_id);
}

/* overrides */

static void
sl_footage_player_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SlFootagePlayer *self = SL_FOOTAGE_PLAYER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_footage_player_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SlFootagePlayer *self = SL_FOOTAGE_PLAYER (object);

  switch (prop_id)
    {
    case PROP_SELECTED_TRACK:
      g_value_set_int64 (value, sl_footage_player_get_selected_track (self));
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_footage_player_dispose (GObject *object)
{
  SlFootagePlayer *self = SL_FOOTAGE_PLAYER (object);

  g_cancellable_cancel (self->cancellable);
  drop_due (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_FOOTAGE_PLAYER);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->faces, sl_evidence_faces_free);
  g_clear_pointer (&self->case_number, g_free);

  G_OBJECT_CLASS (sl_footage_player_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_footage_player_class_init (SlFootagePlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sl_footage_player_get_property;
  object_class->set_property = sl_footage_player_set_property;
  object_class->dispose = sl_footage_player_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SL_TYPE_APP_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_TRACK] =
    g_param_spec_int64 ("selected-track", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SL_TYPE_FACE_CANVAS);
  g_type_ensure (SL_TYPE_TRACK_LANES);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-footage-player.ui");
  gtk_widget_class_bind_template_child (widget_class, SlFootagePlayer, scroller);
  gtk_widget_class_bind_template_child (widget_class, SlFootagePlayer, canvas);
  gtk_widget_class_bind_template_child (widget_class, SlFootagePlayer, adjustment);
  gtk_widget_class_bind_template_child (widget_class, SlFootagePlayer, time_label);
  gtk_widget_class_bind_template_child (widget_class, SlFootagePlayer, frame_label);
  gtk_widget_class_bind_template_child (widget_class, SlFootagePlayer, play_button);
  gtk_widget_class_bind_template_child (widget_class, SlFootagePlayer, lanes);
  gtk_widget_class_bind_template_child (widget_class, SlFootagePlayer, track_label);
  gtk_widget_class_bind_template_child (widget_class, SlFootagePlayer, thumbnails);

  gtk_widget_class_install_action (widget_class, "footage.play", NULL, toggle_play);
  gtk_widget_class_install_action (widget_class, "footage.previous-frame", NULL, previous_frame);
  gtk_widget_class_install_action (widget_class, "footage.next-frame", NULL, next_frame);
  gtk_widget_class_install_action (widget_class, "footage.step-back", NULL, step_back);
  gtk_widget_class_install_action (widget_class, "footage.step-forward", NULL, step_forward);
  gtk_widget_class_install_action (widget_class, "footage.search-track", NULL, search_track);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "footage.play", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "footage.previous-frame", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "footage.next-frame", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_SHIFT_MASK, "footage.step-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_SHIFT_MASK, "footage.step-forward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "footage.search-track", NULL);
}

static void
sl_footage_player_init (SlFootagePlayer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->wanted_ms = -1;
  self->shown_ms = -1;
  self->shown_index = -1;
  self->fps = DEFAULT_FPS;
  g_signal_connect (self, "unmap", G_CALLBACK (on_unmap), self);
  g_signal_connect (self->adjustment, "value-changed", G_CALLBACK (on_value_changed), self);
  g_signal_connect (self->lanes, "track-activated", G_CALLBACK (on_track_activated), self);
  g_signal_connect (self->lanes, "notify::selected", G_CALLBACK (on_lanes_selected), self);
  g_signal_connect (self->canvas, "notify::selected", G_CALLBACK (on_canvas_selected), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "footage.search-track", FALSE);
}

/* public API */

GtkWidget *
sl_footage_player_new (SlAppContext *context)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  return g_object_new (SL_TYPE_FOOTAGE_PLAYER, "context", context, NULL);
}

void
sl_footage_player_set_footage (SlFootagePlayer *self,
                               const char      *case_number,
                               SlEvidenceFaces *faces)
{
  double duration_ms;

  g_return_if_fail (SL_IS_FOOTAGE_PLAYER (self));
  g_return_if_fail (faces != NULL && faces->evidence != NULL);

  set_playing (self, FALSE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = FALSE;
  self->wanted_ms = -1;
  self->shown_ms = -1;
  self->shown_index = -1;
  self->fps = faces->evidence->fps > 0 && faces->evidence->fps <= 1000 ? faces->evidence->fps : DEFAULT_FPS;
  g_clear_pointer (&self->faces, sl_evidence_faces_free);
  self->faces = faces;
  g_free (self->case_number);
  self->case_number = g_strdup (case_number);

  duration_ms = faces->evidence->duration_s * 1000;
  for (guint i = 0; faces->tracks != NULL && i < faces->tracks->len; i++)
    duration_ms = MAX (duration_ms, ((SlTrack *) g_ptr_array_index (faces->tracks, i))->last_ms);
  sl_track_lanes_set_tracks (self->lanes, faces->tracks, faces->faces, (gint64) duration_ms);
  sl_track_lanes_set_selected (self->lanes, 0);
  sl_face_canvas_set_faces (self->canvas, NULL);
  sl_face_canvas_set_picture (self->canvas, NULL, 0, 0);
  sl_face_canvas_set_fit (self->canvas, TRUE);
  show_track (self);
  self->moving = TRUE;
  gtk_adjustment_configure (self->adjustment, 0, 0, duration_ms, 1000, 5000, 0);
  self->moving = FALSE;
  update_time_label (self);
  sl_track_lanes_set_position (self->lanes, 0);
  request_frame (self, 0);
}

gint64
sl_footage_player_get_position (SlFootagePlayer *self)
{
  g_return_val_if_fail (SL_IS_FOOTAGE_PLAYER (self), 0);

  return (gint64) gtk_adjustment_get_value (self->adjustment);
}

void
sl_footage_player_seek (SlFootagePlayer *self,
                        gint64           position_ms)
{
  g_return_if_fail (SL_IS_FOOTAGE_PLAYER (self));

  gtk_adjustment_set_value (self->adjustment, (double) position_ms);
}

void
sl_footage_player_step (SlFootagePlayer *self,
                        int              seconds)
{
  g_return_if_fail (SL_IS_FOOTAGE_PLAYER (self));

  set_playing (self, FALSE);
  gtk_adjustment_set_value (self->adjustment, gtk_adjustment_get_value (self->adjustment) + seconds * 1000.0);
}

void
sl_footage_player_step_frames (SlFootagePlayer *self,
                               int              frames)
{
  double at;

  g_return_if_fail (SL_IS_FOOTAGE_PLAYER (self));

  /* From the time wanted rather than the frame on screen, so that steps
   * made faster than frames decode all count. A frame's time is its index
   * over the rate; the frame shown at a time is the last at or before it. */
  set_playing (self, FALSE);
  at = gtk_adjustment_get_value (self->adjustment);
  gtk_adjustment_set_value (self->adjustment, MAX (at + frames * frame_interval_ms (self), 0));
}

gboolean
sl_footage_player_get_playing (SlFootagePlayer *self)
{
  g_return_val_if_fail (SL_IS_FOOTAGE_PLAYER (self), FALSE);

  return self->playing;
}

void
sl_footage_player_set_playing (SlFootagePlayer *self,
                               gboolean         playing)
{
  g_return_if_fail (SL_IS_FOOTAGE_PLAYER (self));

  set_playing (self, playing && self->faces != NULL);
}

gint64
sl_footage_player_get_frame_index (SlFootagePlayer *self)
{
  g_return_val_if_fail (SL_IS_FOOTAGE_PLAYER (self), -1);

  return self->shown_index;
}

gint64
sl_footage_player_get_frame_time (SlFootagePlayer *self)
{
  g_return_val_if_fail (SL_IS_FOOTAGE_PLAYER (self), -1);

  return self->shown_ms;
}

void
sl_footage_player_select_track (SlFootagePlayer *self,
                                gint64           track_id)
{
  const SlTrack *track;

  g_return_if_fail (SL_IS_FOOTAGE_PLAYER (self));

  sl_track_lanes_set_selected (self->lanes, track_id);
  show_track (self);
  if ((track = find_track (self, track_id)) != NULL)
    sl_footage_player_seek (self, track->first_ms);
}

gint64
sl_footage_player_get_selected_track (SlFootagePlayer *self)
{
  g_return_val_if_fail (SL_IS_FOOTAGE_PLAYER (self), 0);

  return sl_track_lanes_get_selected (self->lanes);
}

GtkWidget *
sl_footage_player_get_canvas (SlFootagePlayer *self)
{
  g_return_val_if_fail (SL_IS_FOOTAGE_PLAYER (self), NULL);

  return GTK_WIDGET (self->canvas);
}

gboolean
sl_footage_player_is_frame_shown (SlFootagePlayer *self)
{
  g_return_val_if_fail (SL_IS_FOOTAGE_PLAYER (self), FALSE);

  return !self->loading && self->wanted_ms < 0 && self->due == NULL;
}
