/* sl-calibration-plot.c: draws an embedder's calibration curve with cairo:
 * the false-match rate on a log axis (left) and the true-match rate
 * (right) against the threshold, the measured range only (a rate beyond it
 * is drawn dashed at its bound), each measured group's false-match rate
 * as a thin line of its own, and the policy's threshold as a line.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-calibration-plot"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "app/sl-calibration-plot.h"
#include "app/sl-format.h"

/* The log axis: 1 down to 1e-7. */
#define LOG_MIN (-7.0)
/* A group's curve: its rate every GROUP_STEP of threshold. */
#define GROUP_STEP 0.005
#define GROUP_POINTS 201
/* The margins beside the curves: the percentages right, the gap between
 * the rate labels and the axis left; and the narrowest the curves get. */
#define RIGHT_MARGIN 44
#define LABEL_GAP 10
#define MIN_FRAME_WIDTH 120

typedef struct
{
  char   *label;                  /* "female" */
  double  fmr[GROUP_POINTS];      /* NAN past the last false match */
} GroupCurve;

struct _SlCalibrationPlot
{
  GtkWidget  parent_instance;
  GArray    *curve;
  GPtrArray *groups;              /* GroupCurve */
  double     threshold;
};

G_DEFINE_FINAL_TYPE (SlCalibrationPlot, sl_calibration_plot, GTK_TYPE_WIDGET)

/* helpers */

static void
group_curve_free (GroupCurve *c)
{
  g_free (c->label);
  g_free (c);
}

typedef struct
{
  double left, top, width, height;
  gboolean stacked_titles;        /* the axes' titles one above the other:
                                   * side by side they would overlap */
} Frame;

static double
x_of (const Frame *f,
      double       threshold)
{
  return f->left + threshold * f->width;
}

static double
y_of_log (const Frame *f,
          double       rate)
{
  double l = rate > 0 ? MAX (log10 (rate), LOG_MIN) : LOG_MIN;

  return f->top + (l / LOG_MIN) * f->height;
}

static double
y_of_linear (const Frame *f,
             double       rate)
{
  return f->top + (1.0 - rate) * f->height;
}

static void
text_at (cairo_t    *cr,
         double      x,
         double      y,
         double      align,
         const char *text)
{
  cairo_text_extents_t ext;

  cairo_text_extents (cr, text, &ext);
  cairo_move_to (cr, x - ext.width * align, y + ext.height / 2);
  cairo_show_text (cr, text);
}

static void
set_font (cairo_t *cr)
{
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 10);
}

static double
text_advance (cairo_t    *cr,
              const char *text)
{
  cairo_text_extents_t ext;

  cairo_text_extents (cr, text, &ext);
  return ext.x_advance;
}

/* The rates as a person reads them ("1 in 100,000"), from 1 down, and
 * where the curves go in a widget of this size: the left margin as wide
 * as the widest rate ("1 in 10,000,000", wider still in some languages),
 * the titles of the two axes stacked when the curves are too narrow for
 * them side by side. */
static GPtrArray *
layout (cairo_t *cr,
        int      width,
        int      height,
        Frame   *f)
{
  GPtrArray *rate_labels = g_ptr_array_new_with_free_func (g_free);
  double left = 0;
  double top = 26;

  for (int e = 0; e >= (int) LOG_MIN; e--)
    {
      g_autofree char *count = sl_format_count ((guint64) llround (pow (10, -e)));
      cairo_text_extents_t ext;

      /* Translators: a false-match rate, e.g. "1 in 100,000" */
      g_ptr_array_add (rate_labels, e == 0 ? g_strdup ("1") : g_strdup_printf (_("1 in %s"), count));
      cairo_text_extents (cr, g_ptr_array_index (rate_labels, -e), &ext);
      left = MAX (left, ext.x_advance);
    }
  if (width - ceil (left) - LABEL_GAP - RIGHT_MARGIN <
      text_advance (cr, _("False-match rate (log)")) + text_advance (cr, _("True-match rate")) + 12)
    top += 14;
  *f = (Frame) { ceil (left) + LABEL_GAP, top, width - ceil (left) - LABEL_GAP - RIGHT_MARGIN, height - top - 34,
                 top > 26 };
  return rate_labels;
}

/* Where the curves go at this size, laid out off screen: the size the
 * widget asks for and the test's look at the frame share it with draw(). */
static Frame
frame_for (int width,
           int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GPtrArray) rate_labels = NULL;
  Frame f;

  set_font (cr);
  rate_labels = layout (cr, width, height, &f);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return f;
}

static void
draw (SlCalibrationPlot *self,
      cairo_t           *cr,
      int                width,
      int                height)
{
  GdkRGBA fg, fmr_color = { 0.11, 0.45, 0.85, 1 }, tmr_color = { 0.15, 0.64, 0.41, 1 },
          mark_color = { 0.88, 0.11, 0.14, 1 };
  g_autoptr(GPtrArray) rate_labels = NULL;
  Frame f;
  gboolean in_range;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  set_font (cr);
  cairo_set_line_width (cr, 1);
  rate_labels = layout (cr, width, height, &f);
  if (f.width < 20 || f.height < 20)
    return;

  /* Grid and axes. */
  for (int e = 0; e >= (int) LOG_MIN; e--)
    {
      double y = y_of_log (&f, pow (10, e));

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.12);
      cairo_move_to (cr, f.left, floor (y) + 0.5);
      cairo_line_to (cr, f.left + f.width, floor (y) + 0.5);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, fmr_color.red, fmr_color.green, fmr_color.blue, 1);
      text_at (cr, f.left - 6, y, 1.0, g_ptr_array_index (rate_labels, -e));
    }
  for (int i = 0; i <= 10; i += 2)
    {
      char label[16];
      double x = x_of (&f, i / 10.0);

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.12);
      cairo_move_to (cr, floor (x) + 0.5, f.top);
      cairo_line_to (cr, floor (x) + 0.5, f.top + f.height);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.8);
      g_snprintf (label, sizeof label, "%.1f", i / 10.0);
      text_at (cr, x, f.top + f.height + 10, 0.5, label);
      cairo_set_source_rgba (cr, tmr_color.red, tmr_color.green, tmr_color.blue, 1);
      g_snprintf (label, sizeof label, "%d%%", i * 10);
      text_at (cr, f.left + f.width + 6, y_of_linear (&f, i / 10.0), 0.0, label);
    }
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.8);
  text_at (cr, f.left + f.width / 2, f.top + f.height + 24, 0.5, _("Threshold (similarity)"));
  /* Stacked, the rate's title starts no further right than lets it end
   * inside the widget. */
  cairo_set_source_rgba (cr, fmr_color.red, fmr_color.green, fmr_color.blue, 1);
  text_at (cr, MAX (0, MIN (f.left, width - text_advance (cr, _("False-match rate (log)")))),
           f.top - (f.stacked_titles ? 28 : 14), 0.0, _("False-match rate (log)"));
  cairo_set_source_rgba (cr, tmr_color.red, tmr_color.green, tmr_color.blue, 1);
  text_at (cr, f.left + f.width, f.top - 14, 1.0, _("True-match rate"));

  if (self->curve == NULL || self->curve->len == 0)
    return;

  /* The false-match rate: solid where measured, dashed at its bound. */
  cairo_set_line_width (cr, 2);
  cairo_set_source_rgba (cr, fmr_color.red, fmr_color.green, fmr_color.blue, 1);
  in_range = TRUE;
  for (guint i = 0; i < self->curve->len; i++)
    {
      const SlCurvePoint *p = &g_array_index (self->curve, SlCurvePoint, i);
      double x = x_of (&f, p->threshold), y = y_of_log (&f, p->false_match_rate);

      if (i == 0)
        cairo_move_to (cr, x, y);
      else if (p->beyond_range && in_range)
        {
          cairo_line_to (cr, x, y);
          cairo_stroke (cr);
          cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
          cairo_move_to (cr, x, y);
          in_range = FALSE;
        }
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  cairo_set_source_rgba (cr, tmr_color.red, tmr_color.green, tmr_color.blue, 1);
  for (guint i = 0; i < self->curve->len; i++)
    {
      const SlCurvePoint *p = &g_array_index (self->curve, SlCurvePoint, i);

      if (i == 0)
        cairo_move_to (cr, x_of (&f, p->threshold), y_of_linear (&f, p->true_match_rate));
      else
        cairo_line_to (cr, x_of (&f, p->threshold), y_of_linear (&f, p->true_match_rate));
    }
  cairo_stroke (cr);

  /* Each group thin and dashed, named where its line ends: a measured
   * rate only, never extrapolated below its last false match. */
  cairo_set_line_width (cr, 1.2);
  cairo_set_dash (cr, (double[]) { 5, 2 }, 2, 0);
  for (guint g = 0; self->groups != NULL && g < self->groups->len; g++)
    {
      static const double shades[][3] = { { 0.58, 0.27, 0.75 }, { 0.93, 0.55, 0.10 },
                                          { 0.20, 0.62, 0.75 }, { 0.55, 0.45, 0.30 } };
      const double *rgb = shades[g % G_N_ELEMENTS (shades)];
      GroupCurve *c = g_ptr_array_index (self->groups, g);
      double last_x = 0, last_y = 0;
      gboolean started = FALSE;

      cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], 1);
      for (guint i = 0; i < GROUP_POINTS; i++)
        {
          double x, y;

          if (isnan (c->fmr[i]) || c->fmr[i] <= 0)
            break;
          x = x_of (&f, i * GROUP_STEP);
          y = y_of_log (&f, c->fmr[i]);
          if (!started)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
          started = TRUE;
          last_x = x;
          last_y = y;
        }
      if (!started)
        continue;
      cairo_stroke (cr);
      /* Named after its end, or before it where the name would run into
       * the percentages. */
      if (last_x + 3 + text_advance (cr, c->label) <= f.left + f.width)
        text_at (cr, last_x + 3, last_y - 6 - 10 * (g % 2), 0.0, c->label);
      else
        text_at (cr, last_x - 3, last_y - 6 - 10 * (g % 2), 1.0, c->label);
    }
  cairo_set_dash (cr, NULL, 0, 0);

  if (self->threshold >= 0 && self->threshold <= 1)
    {
      char label[32];
      double x = floor (x_of (&f, self->threshold)) + 0.5;

      cairo_set_line_width (cr, 1.5);
      cairo_set_source_rgba (cr, mark_color.red, mark_color.green, mark_color.blue, 1);
      cairo_move_to (cr, x, f.top);
      cairo_line_to (cr, x, f.top + f.height);
      cairo_stroke (cr);
      /* Translators: the threshold marked on the plot */
      g_snprintf (label, sizeof label, _("threshold %.3f"), self->threshold);
      /* Right of the line, unless it would run into the percentages. */
      if (x + 4 + text_advance (cr, label) <= f.left + f.width)
        text_at (cr, x + 4, f.top + 6, 0.0, label);
      else
        text_at (cr, x - 4, f.top + 6, 1.0, label);
    }
}

/* overrides */

static void
sl_calibration_plot_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  SlCalibrationPlot *self = SL_CALIBRATION_PLOT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  draw (self, cr, width, height);
  cairo_destroy (cr);
}

static void
sl_calibration_plot_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Room for the rate labels' margin (as wide as this language's
       * "1 in 10,000,000") and curves no narrower than MIN_FRAME_WIDTH. */
      Frame f = frame_for (0, 0);

      *minimum = (int) ceil (f.left) + RIGHT_MARGIN + MIN_FRAME_WIDTH;
      *natural = MAX (*minimum, 420);
    }
  else
    {
      *minimum = 180;
      *natural = 220;
    }
}

static void
sl_calibration_plot_finalize (GObject *object)
{
  SlCalibrationPlot *self = SL_CALIBRATION_PLOT (object);

  g_clear_pointer (&self->curve, g_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  G_OBJECT_CLASS (sl_calibration_plot_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_calibration_plot_class_init (SlCalibrationPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sl_calibration_plot_finalize;
  widget_class->snapshot = sl_calibration_plot_snapshot;
  widget_class->measure = sl_calibration_plot_measure;
  gtk_widget_class_set_css_name (widget_class, "calibration-plot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sl_calibration_plot_init (SlCalibrationPlot *self)
{
  self->threshold = -1;
}

/* public API */

GtkWidget *
sl_calibration_plot_new (void)
{
  return g_object_new (SL_TYPE_CALIBRATION_PLOT, NULL);
}

void
sl_calibration_plot_set_curve (SlCalibrationPlot *self,
                               GArray            *curve)
{
  g_return_if_fail (SL_IS_CALIBRATION_PLOT (self));

  g_clear_pointer (&self->curve, g_array_unref);
  if (curve != NULL)
    {
      self->curve = g_array_sized_new (FALSE, FALSE, sizeof (SlCurvePoint), curve->len);
      g_array_append_vals (self->curve, curve->data, curve->len);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
sl_calibration_plot_get_n_points (SlCalibrationPlot *self)
{
  g_return_val_if_fail (SL_IS_CALIBRATION_PLOT (self), 0);

  return self->curve != NULL ? self->curve->len : 0;
}

void
sl_calibration_plot_set_threshold (SlCalibrationPlot *self,
                                   double             threshold)
{
  g_return_if_fail (SL_IS_CALIBRATION_PLOT (self));

  self->threshold = threshold;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
sl_calibration_plot_get_threshold (SlCalibrationPlot *self)
{
  g_return_val_if_fail (SL_IS_CALIBRATION_PLOT (self), -1);

  return self->threshold;
}

void
sl_calibration_plot_set_groups (SlCalibrationPlot *self,
                                SlFairness        *fairness,
                                double             target_fmr)
{
  g_return_if_fail (SL_IS_CALIBRATION_PLOT (self));

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  if (fairness != NULL)
    {
      guint64 min_pairs = sl_fairness_min_pairs (target_fmr > 0 && target_fmr < 1 ? target_fmr : 1e-5);

      self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_curve_free);
      for (guint g = 0; g < sl_fairness_get_n_groups (fairness); g++)
        {
          GroupCurve *c;
          guint64 pairs = 0;

          sl_fairness_group_fmr (fairness, g, 0, &pairs);
          if (pairs < min_pairs)
            continue;
          c = g_new0 (GroupCurve, 1);
          c->label = g_strdup (sl_format_group (sl_fairness_get_group (fairness, g, NULL)));
          for (guint i = 0; i < GROUP_POINTS; i++)
            c->fmr[i] = sl_fairness_group_fmr (fairness, g, i * GROUP_STEP, NULL);
          g_ptr_array_add (self->groups, c);
        }
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
sl_calibration_plot_get_n_groups (SlCalibrationPlot *self)
{
  g_return_val_if_fail (SL_IS_CALIBRATION_PLOT (self), 0);

  return self->groups != NULL ? self->groups->len : 0;
}

double
sl_calibration_plot_get_frame_width (SlCalibrationPlot *self)
{
  g_return_val_if_fail (SL_IS_CALIBRATION_PLOT (self), 0);

  return frame_for (gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self))).width;
}
