/* sl-time-axis.c: footage as a time axis with its marks. The marks are
 * real widgets (buttons a person clicks, tabs to and hears), laid out by
 * this widget at their times; the axis and its times are drawn.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-time-axis"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-time-axis.h"

#define MARGIN     16      /* half a mark, so the first and last fit */
#define LANE_GAP   2
#define AXIS_GAP   4
#define TICK       4
#define MAX_LANES  4
#define KEY_TIME   "sl-time-axis-time"

struct _SlTimeAxis
{
  GtkWidget  parent_instance;
  gint64     duration_ms;
};

G_DEFINE_FINAL_TYPE (SlTimeAxis, sl_time_axis, GTK_TYPE_WIDGET)

/* helpers */

static gint64
time_of (GtkWidget *mark)
{
  gint64 *t = g_object_get_data (G_OBJECT (mark), KEY_TIME);

  return t != NULL ? *t : 0;
}

static int
time_to_x (SlTimeAxis *self,
           gint64      ms,
           int         width)
{
  double span = MAX (1, width - 2 * MARGIN);

  if (self->duration_ms <= 0)
    return MARGIN;
  return MARGIN + (int) (span * CLAMP ((double) ms / self->duration_ms, 0, 1));
}

static int
mark_height (SlTimeAxis *self)
{
  int height = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self)); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      int nat;

      gtk_widget_measure (c, GTK_ORIENTATION_VERTICAL, -1, NULL, &nat, NULL, NULL);
      height = MAX (height, nat);
    }
  return height;
}

/* Each mark on the lowest lane where it does not overlap the one before
 * it; lane[i] per child, and how many lanes. */
static guint
lay_out (SlTimeAxis *self,
         int         width,
         GArray     *lanes)
{
  int ends[MAX_LANES];
  guint n_lanes = 0;

  for (guint l = 0; l < MAX_LANES; l++)
    ends[l] = G_MININT;
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self)); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      int w;
      int x;
      guint lane = 0;

      gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &w, NULL, NULL);
      x = time_to_x (self, time_of (c), width) - w / 2;
      while (lane < MAX_LANES - 1 && ends[lane] > x)
        lane++;
      ends[lane] = x + w + LANE_GAP;
      n_lanes = MAX (n_lanes, lane + 1);
      g_array_append_val (lanes, lane);
    }
  return MAX (n_lanes, 1);
}

static PangoLayout *
label_layout (SlTimeAxis *self,
              gint64      ms)
{
  g_autofree char *text = sl_time_axis_format (ms);
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  return layout;
}

static int
label_height (SlTimeAxis *self)
{
  g_autoptr(PangoLayout) layout = label_layout (self, 0);
  int h;

  pango_layout_get_pixel_size (layout, NULL, &h);
  return h;
}

/* overrides */

static void
sl_time_axis_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  SlTimeAxis *self = SL_TIME_AXIS (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Narrow windows squeeze the axis; the marks then stack on lanes. */
      *minimum = 2 * MARGIN + 40;
      *natural = 2 * MARGIN + 400;
      return;
    }
  {
    g_autoptr(GArray) lanes = g_array_new (FALSE, FALSE, sizeof (guint));
    guint n = lay_out (self, for_size > 0 ? for_size : 2 * MARGIN + 400, lanes);
    int h = n * (mark_height (self) + LANE_GAP) + AXIS_GAP + TICK + label_height (self);

    *minimum = *natural = h;
  }
}

static void
sl_time_axis_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  SlTimeAxis *self = SL_TIME_AXIS (widget);
  g_autoptr(GArray) lanes = g_array_new (FALSE, FALSE, sizeof (guint));
  int mh = mark_height (self);
  guint n = lay_out (self, width, lanes);
  guint i = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c), i++)
    {
      int w;
      int x;
      guint lane = g_array_index (lanes, guint, i);

      gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &w, NULL, NULL);
      x = CLAMP (time_to_x (self, time_of (c), width) - w / 2, 0, MAX (0, width - w));
      /* Lane 0 sits on the axis; later lanes above it. */
      gtk_widget_allocate (c, w, mh, -1,
                           gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (x, (n - 1 - lane) * (mh + LANE_GAP))));
    }
}

static void
sl_time_axis_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  SlTimeAxis *self = SL_TIME_AXIS (widget);
  g_autoptr(GArray) lanes = g_array_new (FALSE, FALSE, sizeof (guint));
  int width = gtk_widget_get_width (widget);
  guint n = lay_out (self, width, lanes);
  int y = n * (mark_height (self) + LANE_GAP) + AXIS_GAP / 2;
  GdkRGBA color;
  gint64 step;
  int last_end = G_MININT;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  color.alpha *= 0.55;
  gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (MARGIN, y, MAX (1, width - 2 * MARGIN), 2));

  /* Ticks at whole steps a person reads (5 s, 10 s, 30 s, 1 min ...),
   * about one every 80 px, and the end of the footage. */
  {
    static const gint64 steps[] = { 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000,
                                    900000, 1800000, 3600000 };
    double per_px = self->duration_ms / (double) MAX (1, width - 2 * MARGIN);

    step = steps[G_N_ELEMENTS (steps) - 1];
    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      if (steps[i] >= per_px * 80)
        {
          step = steps[i];
          break;
        }
  }
  for (gint64 t = 0; t <= self->duration_ms + step; t += step)
    {
      gint64 at = MIN (t, self->duration_ms);
      int x = time_to_x (self, at, width);
      g_autoptr(PangoLayout) layout = label_layout (self, at);
      int lw, lx;

      pango_layout_get_pixel_size (layout, &lw, NULL);
      lx = CLAMP (x - lw / 2, 0, MAX (0, width - lw));
      /* The end's label only where it does not cover the last tick's. */
      if (lx > last_end)
        {
          gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (x, y, 1, TICK + 2));
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (lx, y + TICK + AXIS_GAP / 2));
          gtk_snapshot_append_layout (snapshot, layout, &color);
          gtk_snapshot_restore (snapshot);
          last_end = lx + lw + 6;
        }
      if (at == self->duration_ms)
        break;
    }

  GTK_WIDGET_CLASS (sl_time_axis_parent_class)->snapshot (widget, snapshot);
}

static void
sl_time_axis_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sl_time_axis_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_time_axis_class_init (SlTimeAxisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_time_axis_dispose;
  widget_class->measure = sl_time_axis_measure;
  widget_class->size_allocate = sl_time_axis_size_allocate;
  widget_class->snapshot = sl_time_axis_snapshot;
  gtk_widget_class_set_css_name (widget_class, "time-axis");
}

static void
sl_time_axis_init (SlTimeAxis *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self), "numeric");
}

/* public API */

GtkWidget *
sl_time_axis_new (gint64 duration_ms)
{
  SlTimeAxis *self = g_object_new (SL_TYPE_TIME_AXIS, NULL);

  self->duration_ms = MAX (0, duration_ms);
  return GTK_WIDGET (self);
}

gint64
sl_time_axis_get_duration (SlTimeAxis *self)
{
  g_return_val_if_fail (SL_IS_TIME_AXIS (self), 0);

  return self->duration_ms;
}

void
sl_time_axis_add_mark (SlTimeAxis *self,
                       GtkWidget  *mark,
                       gint64      time_ms)
{
  g_return_if_fail (SL_IS_TIME_AXIS (self));
  g_return_if_fail (GTK_IS_WIDGET (mark));

  g_object_set_data_full (G_OBJECT (mark), KEY_TIME, g_memdup2 (&time_ms, sizeof time_ms), g_free);
  gtk_widget_set_parent (mark, GTK_WIDGET (self));
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

char *
sl_time_axis_format (gint64 ms)
{
  gint64 s = MAX (0, ms) / 1000;

  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60), (int) (s % 60));
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", s / 60, (int) (s % 60));
}
