/* sl-track-lanes.c: face tracks one lane each, by first time: the track's
 * label, span and quality over a bar at its times, with a playhead at the
 * time shown. An hour of footage holds hundreds of tracks, so only the
 * lanes in sight of the scrolled window around are drawn.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-track-lanes"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-face-canvas.h"
#include "app/sl-track-lanes.h"
#include "engine/sightline-engine.h"

#define TEXT_HEIGHT 18
#define BAR_HEIGHT  8
#define LANE_HEIGHT (TEXT_HEIGHT + BAR_HEIGHT + 6)
#define LANE_GAP    4
#define MARGIN      8
#define MIN_BAR_PX  4

struct _SlTrackLanes
{
  GtkWidget  parent_instance;

  GPtrArray *tracks;
  GPtrArray *bands;       /* the quality band of each track's best view, or NULL */
  gint64     duration_ms;
  gint64     position_ms;
  gint64     selected;
};

G_DEFINE_FINAL_TYPE (SlTrackLanes, sl_track_lanes, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_POSITION,
  PROP_SELECTED,
  N_PROPS
};

enum {
  TRACK_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* helpers */

/* Each track's quality: its best view's band, else its best band seen. */
static void
find_bands (SlTrackLanes *self,
            GPtrArray    *faces)
{
  static const char *order[] = { "good", "usable", "poor" };

  g_ptr_array_set_size (self->bands, 0);
  for (guint i = 0; self->tracks != NULL && i < self->tracks->len; i++)
    {
      const SlTrack *t = g_ptr_array_index (self->tracks, i);
      const char *band = NULL;
      guint rank = G_N_ELEMENTS (order);

      for (guint k = 0; faces != NULL && k < faces->len; k++)
        {
          const SlProbeFace *f = g_ptr_array_index (faces, k);

          if (f->track_id != t->id)
            continue;
          if (f->id == t->best_face_id)
            {
              band = f->quality_band;
              break;
            }
          for (guint r = 0; r < rank; r++)
            if (g_strcmp0 (f->quality_band, order[r]) == 0)
              {
                band = f->quality_band;
                rank = r;
              }
        }
      g_ptr_array_add (self->bands, g_strdup (band));
    }
}

static double
lane_top (guint index)
{
  return LANE_GAP + index * (LANE_HEIGHT + LANE_GAP);
}

/* The part of the widget in sight, from the scrolled window it is in. */
static void
visible_rows (SlTrackLanes *self,
              double       *top,
              double       *bottom)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *v;

  *top = 0;
  *bottom = gtk_widget_get_height (GTK_WIDGET (self));
  if (scroller == NULL)
    return;
  v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  *top = gtk_adjustment_get_value (v);
  *bottom = *top + gtk_adjustment_get_page_size (v);
}

static double
time_to_x (SlTrackLanes *self,
           gint64        ms)
{
  double w = MAX (1, gtk_widget_get_width (GTK_WIDGET (self)) - 2 * MARGIN);

  if (self->duration_ms <= 0)
    return MARGIN;
  return MARGIN + w * CLAMP ((double) ms / self->duration_ms, 0, 1);
}

static int
lane_at (SlTrackLanes *self,
         double        x,
         double        y)
{
  int index;

  if (y < LANE_GAP / 2.0 || x < 0 || x > gtk_widget_get_width (GTK_WIDGET (self)))
    return -1;
  index = (int) ((y - LANE_GAP / 2.0) / (LANE_HEIGHT + LANE_GAP));
  return index < (int) sl_track_lanes_get_n_bars (self) ? index : -1;
}

static const char *
end_reason_text (const char *reason)
{
  if (g_strcmp0 (reason, "left") == 0)
    return _("the person left the picture");
  if (g_strcmp0 (reason, "cut") == 0)
    return _("the scene changed");
  if (g_strcmp0 (reason, "footage") == 0)
    return _("the footage ended");
  return _("unknown");
}

/* callbacks */

static void
on_released (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             SlTrackLanes    *self)
{
  sl_track_lanes_activate_at (self, x, y);
}

static gboolean
on_query_tooltip (GtkWidget    *widget,
                  int           x,
                  int           y,
                  gboolean      keyboard,
                  GtkTooltip   *tooltip,
                  SlTrackLanes *self)
{
  g_autofree char *text = sl_track_lanes_tooltip_at (self, x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* overrides */

static void
sl_track_lanes_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  SlTrackLanes *self = SL_TRACK_LANES (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 2 * MARGIN + 40;
      *natural = 600;
    }
  else
    *minimum = *natural = LANE_GAP + MAX (1, sl_track_lanes_get_n_bars (self)) * (LANE_HEIGHT + LANE_GAP);
}

static void
sl_track_lanes_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  SlTrackLanes *self = SL_TRACK_LANES (widget);
  double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget), top, bottom;
  GdkRGBA lane = { 0.5f, 0.5f, 0.5f, 0.12f }, picked = { 0.21f, 0.52f, 0.89f, 0.18f }, bar, chosen, text;
  GdkRGBA head = { 0.88f, 0.11f, 0.14f, 1 };

  gdk_rgba_parse (&bar, "#3584e4");
  gdk_rgba_parse (&chosen, "#1c71d8");
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &text);
  visible_rows (self, &top, &bottom);
  for (guint i = 0; i < sl_track_lanes_get_n_bars (self); i++)
    {
      const SlTrack *t = g_ptr_array_index (self->tracks, i);
      double y = lane_top (i);
      graphene_rect_t r;
      GskRoundedRect rounded;

      if (y + LANE_HEIGHT < top || y > bottom)
        continue;
      gsk_rounded_rect_init_from_rect (&rounded, &GRAPHENE_RECT_INIT (0, y, w, LANE_HEIGHT), 6);
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      gtk_snapshot_append_color (snapshot, t->id == self->selected ? &picked : &lane, &rounded.bounds);
      gtk_snapshot_pop (snapshot);
      {
        g_autofree char *label = sl_track_lanes_get_lane_text (self, i);
        g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, label);

        gtk_snapshot_save (snapshot);
        gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (MARGIN, y + 2));
        gtk_snapshot_append_layout (snapshot, layout, &text);
        gtk_snapshot_restore (snapshot);
      }
      if (!sl_track_lanes_get_bar_area (self, i, &r))
        continue;
      gsk_rounded_rect_init_from_rect (&rounded, &r, BAR_HEIGHT / 2.0);
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      gtk_snapshot_append_color (snapshot, t->id == self->selected ? &chosen : &bar, &r);
      gtk_snapshot_pop (snapshot);
    }
  if (self->duration_ms > 0)
    gtk_snapshot_append_color (snapshot, &head,
                               &GRAPHENE_RECT_INIT (time_to_x (self, self->position_ms) - 1, 0, 2, h));
}

static void
sl_track_lanes_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SlTrackLanes *self = SL_TRACK_LANES (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_int64 (value, self->position_ms);
      break;
    case PROP_SELECTED:
      g_value_set_int64 (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_track_lanes_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SlTrackLanes *self = SL_TRACK_LANES (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      sl_track_lanes_set_position (self, g_value_get_int64 (value));
      break;
    case PROP_SELECTED:
      sl_track_lanes_set_selected (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_track_lanes_finalize (GObject *object)
{
  SlTrackLanes *self = SL_TRACK_LANES (object);

  g_clear_pointer (&self->tracks, g_ptr_array_unref);
  g_clear_pointer (&self->bands, g_ptr_array_unref);

  G_OBJECT_CLASS (sl_track_lanes_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_track_lanes_class_init (SlTrackLanesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sl_track_lanes_get_property;
  object_class->set_property = sl_track_lanes_set_property;
  object_class->finalize = sl_track_lanes_finalize;
  widget_class->measure = sl_track_lanes_measure;
  widget_class->snapshot = sl_track_lanes_snapshot;

  properties[PROP_POSITION] =
    g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_int64 ("selected", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* track id, its first time (ms) */
  signals[TRACK_ACTIVATED] =
    g_signal_new ("track-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "sl-track-lanes");
}

static void
sl_track_lanes_init (SlTrackLanes *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->bands = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
  g_signal_connect (click, "released", G_CALLBACK (on_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

/* public API */

GtkWidget *
sl_track_lanes_new (void)
{
  return g_object_new (SL_TYPE_TRACK_LANES, NULL);
}

void
sl_track_lanes_set_tracks (SlTrackLanes *self,
                           GPtrArray    *tracks,
                           GPtrArray    *faces,
                           gint64        duration_ms)
{
  g_return_if_fail (SL_IS_TRACK_LANES (self));

  if (tracks != NULL)
    g_ptr_array_ref (tracks);
  g_clear_pointer (&self->tracks, g_ptr_array_unref);
  self->tracks = tracks;
  self->duration_ms = MAX (duration_ms, 0);
  /* a track past the stated duration still gets a place */
  for (guint i = 0; tracks != NULL && i < tracks->len; i++)
    self->duration_ms = MAX (self->duration_ms, ((SlTrack *) g_ptr_array_index (tracks, i))->last_ms);
  find_bands (self, faces);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
sl_track_lanes_get_n_bars (SlTrackLanes *self)
{
  g_return_val_if_fail (SL_IS_TRACK_LANES (self), 0);

  return self->tracks != NULL ? self->tracks->len : 0;
}

guint
sl_track_lanes_get_n_lanes (SlTrackLanes *self)
{
  g_return_val_if_fail (SL_IS_TRACK_LANES (self), 0);

  return sl_track_lanes_get_n_bars (self);
}

const SlTrack *
sl_track_lanes_get_track (SlTrackLanes *self,
                          guint         index)
{
  g_return_val_if_fail (SL_IS_TRACK_LANES (self), NULL);
  g_return_val_if_fail (index < sl_track_lanes_get_n_bars (self), NULL);

  return g_ptr_array_index (self->tracks, index);
}

gboolean
sl_track_lanes_get_bar_area (SlTrackLanes    *self,
                             guint            index,
                             graphene_rect_t *area)
{
  const SlTrack *t;
  double x0, x1;

  g_return_val_if_fail (SL_IS_TRACK_LANES (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (index >= sl_track_lanes_get_n_bars (self))
    return FALSE;
  t = g_ptr_array_index (self->tracks, index);
  x0 = time_to_x (self, t->first_ms);
  x1 = MAX (time_to_x (self, t->last_ms), x0 + MIN_BAR_PX);
  graphene_rect_init (area, x0, lane_top (index) + TEXT_HEIGHT + 2, x1 - x0, BAR_HEIGHT);
  return TRUE;
}

gint64
sl_track_lanes_get_position (SlTrackLanes *self)
{
  g_return_val_if_fail (SL_IS_TRACK_LANES (self), 0);

  return self->position_ms;
}

void
sl_track_lanes_set_position (SlTrackLanes *self,
                             gint64        position_ms)
{
  g_return_if_fail (SL_IS_TRACK_LANES (self));

  position_ms = MAX (position_ms, 0);
  if (self->position_ms == position_ms)
    return;
  self->position_ms = position_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
sl_track_lanes_get_selected (SlTrackLanes *self)
{
  g_return_val_if_fail (SL_IS_TRACK_LANES (self), 0);

  return self->selected;
}

void
sl_track_lanes_set_selected (SlTrackLanes *self,
                             gint64        track_id)
{
  g_return_if_fail (SL_IS_TRACK_LANES (self));

  if (self->selected == track_id)
    return;
  self->selected = track_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sl_track_lanes_activate_at (SlTrackLanes *self,
                            double        x,
                            double        y)
{
  int index;

  g_return_if_fail (SL_IS_TRACK_LANES (self));

  if ((index = lane_at (self, x, y)) >= 0)
    {
      const SlTrack *t = g_ptr_array_index (self->tracks, index);

      sl_track_lanes_set_selected (self, t->id);
      g_signal_emit (self, signals[TRACK_ACTIVATED], 0, t->id, t->first_ms);
    }
}

char *
sl_track_lanes_tooltip_at (SlTrackLanes *self,
                           double        x,
                           double        y)
{
  int index;

  g_return_val_if_fail (SL_IS_TRACK_LANES (self), NULL);

  if ((index = lane_at (self, x, y)) < 0)
    return NULL;
  return sl_track_describe (g_ptr_array_index (self->tracks, index));
}

char *
sl_track_lanes_get_lane_text (SlTrackLanes *self,
                              guint         index)
{
  const SlTrack *t;
  const char *band;
  g_autofree char *label = NULL;

  g_return_val_if_fail (SL_IS_TRACK_LANES (self), NULL);
  g_return_val_if_fail (index < sl_track_lanes_get_n_bars (self), NULL);

  t = g_ptr_array_index (self->tracks, index);
  band = index < self->bands->len ? g_ptr_array_index (self->bands, index) : NULL;
  label = sl_track_label (t->id, t->first_ms, t->last_ms, NULL);
  if (band == NULL)
    return g_steal_pointer (&label);
  /* Translators: a track's lane: its label ("Track 3 · 0:02.0–0:05.4"), then
   * its best view's quality ("Good") */
  return g_strdup_printf (_("%s · %s"), label, sl_face_band_label (band));
}

char *
sl_track_describe (const SlTrack *track)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *number = NULL;

  g_return_val_if_fail (track != NULL, NULL);

  from = sl_media_time_format (track->first_ms);
  to = sl_media_time_format (track->last_ms);
  number = g_strdup_printf ("%" G_GINT64_FORMAT, track->id);
  /* Translators: a footage track: its number; its times; how often the
   * face was seen; why the track ended, e.g. "the person left the picture" */
  return g_strdup_printf (ngettext ("Track %s\n%s to %s\n%u sighting\nEnded: %s",
                                    "Track %s\n%s to %s\n%u sightings\nEnded: %s",
                                    track->n_sightings),
                          number, from, to, track->n_sightings, end_reason_text (track->end_reason));
}
