/* sl-compare-pane.c: the probe face and a candidate side by side, both as
 * the aligned crops the embedder saw, zoomed together; the probe's
 * detected landmarks on or off; the evidence image it came from.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-compare-pane"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "app/sl-compare-image.h"
#include "app/sl-compare-originals.h"
#include "app/sl-compare-pane.h"
#include "app/sl-format.h"
#include "engine/sightline-engine.h"

struct _SlComparePane
{
  AdwBin           parent_instance;
  SlAppContext    *context;
  SlCandidateItem *candidate;
  SlProbeFace     *probe;
  gboolean         show_landmarks;

  SlCompareImage   probe_image;
  SlCompareImage   candidate_image;

  GtkDrawingArea  *probe_area;
  GtkDrawingArea  *candidate_area;
  GtkLabel        *probe_label;
  GtkLabel        *candidate_label;
  GtkLabel        *score_label;
  GtkAdjustment   *zoom_adjustment;
};

G_DEFINE_FINAL_TYPE (SlComparePane, sl_compare_pane, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_SHOW_LANDMARKS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* helpers */

static void
update_zoom (SlComparePane *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->probe_area));
  gtk_widget_queue_draw (GTK_WIDGET (self->candidate_area));
}

static void
load_probe (SlComparePane *self,
            gint64         face_id)
{
  g_autoptr(GError) error = NULL;
  SlSession *session = sl_app_context_get_session (self->context);
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;

  sl_compare_image_clear (&self->probe_image);
  g_clear_pointer (&self->probe, sl_probe_face_free);
  if (face_id <= 0 || session == NULL)
    return;
  self->probe = sl_engine_probe_face_get (sl_app_context_get_engine (self->context), session, face_id, TRUE,
                                          &error);
  if (self->probe == NULL)
    {
      gtk_label_set_text (self->probe_label, error->message);
      return;
    }
  if (self->probe->crop == NULL)
    {
      g_autofree char *when = sl_format_time (self->probe->purged_at);
      g_autofree char *purged = g_strdup_printf (_("The probe's crop was purged on %s under the retention policy."),
                                                 when != NULL ? when : "?");
      gtk_label_set_text (self->probe_label, purged);
      return;
    }
  if (!sl_compare_image_set_jpeg (&self->probe_image, self->probe->crop, &error))
    {
      gtk_label_set_text (self->probe_label, error->message);
      return;
    }
  sl_compare_image_set_aligned_landmarks (&self->probe_image, self->probe->landmarks_json);
  label = sl_probe_face_label (self->probe);
  /* TRANSLATORS: the probe face's label, e.g. "Face 9 · IMG_0042.jpg", quality band (good, usable, poor), detector score */
  text = g_strdup_printf (_("%s · quality %s · detector score %.2f"), label,
                          self->probe->quality_band ? self->probe->quality_band : "?",
                          self->probe->detector_score);
  gtk_label_set_text (self->probe_label, text);
}

static void
update_candidate (SlComparePane *self)
{
  GdkPaintable *thumbnail;
  g_autofree char *subject = NULL;
  g_autofree char *similarity = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *score = NULL;

  sl_compare_image_clear (&self->candidate_image);
  if (self->candidate == NULL)
    {
      gtk_label_set_text (self->candidate_label, "");
      gtk_label_set_text (self->score_label, "");
      gtk_widget_queue_draw (GTK_WIDGET (self->candidate_area));
      return;
    }
  thumbnail = sl_candidate_item_get_thumbnail (self->candidate, self->context);
  if (GDK_IS_TEXTURE (thumbnail))
    sl_compare_image_set_texture (&self->candidate_image, GDK_TEXTURE (thumbnail));
  subject = sl_candidate_item_dup_subject_text (self->candidate);
  gtk_label_set_text (self->candidate_label, subject);
  similarity = sl_candidate_item_dup_similarity_text (self->candidate);
  rate = sl_candidate_item_dup_rate_sentence (self->candidate);
  /* TRANSLATORS: rank, similarity, the false-match rate in words */
  score = g_strdup_printf (_("Rank %u · similarity %s · %s"), sl_candidate_item_get_rank (self->candidate),
                           similarity, rate);
  gtk_label_set_text (self->score_label, score);
  gtk_widget_queue_draw (GTK_WIDGET (self->candidate_area));
}

/* callbacks */

static void
draw_probe (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  SlComparePane *self = user_data;

  sl_compare_image_draw (&self->probe_image, cr, width, height, gtk_adjustment_get_value (self->zoom_adjustment),
                         self->show_landmarks);
}

static void
draw_candidate (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  SlComparePane *self = user_data;

  sl_compare_image_draw (&self->candidate_image, cr, width, height,
                         gtk_adjustment_get_value (self->zoom_adjustment), FALSE);
}

static void
on_zoom_changed (SlComparePane *self)
{
  update_zoom (self);
}

static void
on_thumbnail_changed (SlComparePane *self)
{
  update_candidate (self);
}

/* The evidence file the probe was found in, with the detected box and
 * landmarks, in a window of its own. */
static void
show_originals (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SlComparePane *self = SL_COMPARE_PANE (widget);
  SlEngine *engine = sl_app_context_get_engine (self->context);
  SlSession *session = sl_app_context_get_session (self->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) evidence = NULL;
  g_autofree char *path = NULL;
  GtkWindow *window;

  if (self->probe == NULL || session == NULL)
    return;
  evidence = sl_engine_evidence_list (engine, session, self->probe->case_number, &error);
  for (guint i = 0; evidence != NULL && i < evidence->len && path == NULL; i++)
    {
      SlEvidence *e = g_ptr_array_index (evidence, i);

      if (e->id == self->probe->evidence_id && e->kind == SL_EVIDENCE_STILL)
        path = sl_engine_evidence_path (engine, e);
    }
  if (path == NULL && error == NULL)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 _("the probe is a frame of footage; open the footage in the evidence viewer"));
  if (path == NULL || !(window = sl_compare_originals_new (path, self->probe, &error)))
    {
      sl_app_context_error (self->context, _("Cannot show the original image"), error);
      return;
    }
  if (self->candidate != NULL)
    {
      g_autoptr(GError) gallery_error = NULL;
      g_autofree char *gallery_path = NULL;
      g_autofree char *enrolled_name = NULL;
      g_autofree char *landmarks = NULL;
      float box[4];

      gallery_path = sl_engine_gallery_face_source (engine, session,
                                                    sl_candidate_item_get_gallery_face_id (self->candidate),
                                                    &enrolled_name, box, &landmarks, &gallery_error);
      if (gallery_path != NULL)
        sl_compare_originals_set_gallery (SL_COMPARE_ORIGINALS (window), gallery_path, enrolled_name, box,
                                          landmarks);
      else
        sl_app_context_error (self->context, _("Cannot show the enrolled photo"), gallery_error);
    }
  gtk_window_set_transient_for (window, GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (window);
}

/* overrides */

static void
sl_compare_pane_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SlComparePane *self = SL_COMPARE_PANE (object);

  switch (prop_id)
    {
    case PROP_SHOW_LANDMARKS:
      g_value_set_boolean (value, self->show_landmarks);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_compare_pane_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SlComparePane *self = SL_COMPARE_PANE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_SHOW_LANDMARKS:
      if (self->show_landmarks != g_value_get_boolean (value))
        {
          self->show_landmarks = g_value_get_boolean (value);
          gtk_widget_queue_draw (GTK_WIDGET (self->probe_area));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_compare_pane_dispose (GObject *object)
{
  SlComparePane *self = SL_COMPARE_PANE (object);

  if (self->candidate != NULL)
    g_signal_handlers_disconnect_by_func (self->candidate, on_thumbnail_changed, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_COMPARE_PANE);
  g_clear_object (&self->candidate);
  g_clear_object (&self->context);
  g_clear_pointer (&self->probe, sl_probe_face_free);
  sl_compare_image_clear (&self->probe_image);
  sl_compare_image_clear (&self->candidate_image);

  G_OBJECT_CLASS (sl_compare_pane_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_compare_pane_class_init (SlComparePaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sl_compare_pane_get_property;
  object_class->set_property = sl_compare_pane_set_property;
  object_class->dispose = sl_compare_pane_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SL_TYPE_APP_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_LANDMARKS] =
    g_param_spec_boolean ("show-landmarks", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-compare-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, SlComparePane, probe_area);
  gtk_widget_class_bind_template_child (widget_class, SlComparePane, candidate_area);
  gtk_widget_class_bind_template_child (widget_class, SlComparePane, probe_label);
  gtk_widget_class_bind_template_child (widget_class, SlComparePane, candidate_label);
  gtk_widget_class_bind_template_child (widget_class, SlComparePane, score_label);
  gtk_widget_class_bind_template_child (widget_class, SlComparePane, zoom_adjustment);

  gtk_widget_class_install_property_action (widget_class, "compare.landmarks", "show-landmarks");
  gtk_widget_class_install_action (widget_class, "compare.show-originals", NULL, show_originals);
}

static void
sl_compare_pane_init (SlComparePane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->probe_area, draw_probe, self, NULL);
  gtk_drawing_area_set_draw_func (self->candidate_area, draw_candidate, self, NULL);
  g_signal_connect_object (self->zoom_adjustment, "value-changed", G_CALLBACK (on_zoom_changed), self,
                           G_CONNECT_SWAPPED);
  update_zoom (self);
}

/* public API */

GtkWidget *
sl_compare_pane_new (SlAppContext *context)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  return g_object_new (SL_TYPE_COMPARE_PANE, "context", context, NULL);
}

void
sl_compare_pane_set_candidate (SlComparePane   *self,
                               SlCandidateItem *candidate)
{
  gint64 face_id;

  g_return_if_fail (SL_IS_COMPARE_PANE (self));
  g_return_if_fail (candidate == NULL || SL_IS_CANDIDATE_ITEM (candidate));

  if (self->candidate != NULL)
    g_signal_handlers_disconnect_by_func (self->candidate, on_thumbnail_changed, self);
  g_set_object (&self->candidate, candidate);
  if (candidate != NULL)
    g_signal_connect_object (candidate, "notify::thumbnail", G_CALLBACK (on_thumbnail_changed), self,
                             G_CONNECT_SWAPPED);

  face_id = candidate != NULL ? sl_candidate_item_get_probe_face_id (candidate) : 0;
  if (self->probe == NULL || self->probe->id != face_id)
    load_probe (self, face_id);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.show-originals", self->probe != NULL);
  update_candidate (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->probe_area));
}

SlCandidateItem *
sl_compare_pane_get_candidate (SlComparePane *self)
{
  g_return_val_if_fail (SL_IS_COMPARE_PANE (self), NULL);
  return self->candidate;
}
