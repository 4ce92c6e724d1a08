/* sl-compare-originals.c: the evidence image a probe face was found in, as
 * stored, with the detected box and landmarks, for a person to see the
 * face in its context.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-compare-originals"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "app/sl-compare-image.h"
#include "app/sl-compare-originals.h"

struct _SlCompareOriginals
{
  AdwWindow        parent_instance;
  SlCompareImage  *image;
  SlCompareImage  *gallery_image;

  AdwWindowTitle  *window_title;
  GtkDrawingArea  *image_area;
  GtkDrawingArea  *gallery_area;
  GtkLabel        *gallery_label;
};

G_DEFINE_FINAL_TYPE (SlCompareOriginals, sl_compare_originals, ADW_TYPE_WINDOW)

/* callbacks */

static void
draw_image (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  SlCompareOriginals *self = user_data;

  sl_compare_image_draw (self->image, cr, width, height, 1.0, TRUE);
}

static void
draw_gallery (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  SlCompareOriginals *self = user_data;

  sl_compare_image_draw (self->gallery_image, cr, width, height, 1.0, TRUE);
}

/* overrides */

static void
sl_compare_originals_dispose (GObject *object)
{
  SlCompareOriginals *self = SL_COMPARE_ORIGINALS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_COMPARE_ORIGINALS);
  g_clear_pointer (&self->image, sl_compare_image_free);
  g_clear_pointer (&self->gallery_image, sl_compare_image_free);

  G_OBJECT_CLASS (sl_compare_originals_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_compare_originals_class_init (SlCompareOriginalsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_compare_originals_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-compare-originals.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCompareOriginals, window_title);
  gtk_widget_class_bind_template_child (widget_class, SlCompareOriginals, image_area);
  gtk_widget_class_bind_template_child (widget_class, SlCompareOriginals, gallery_area);
  gtk_widget_class_bind_template_child (widget_class, SlCompareOriginals, gallery_label);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_compare_originals_init (SlCompareOriginals *self)
{
  self->image = sl_compare_image_new ();
  self->gallery_image = sl_compare_image_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->image_area, draw_image, self, NULL);
  gtk_drawing_area_set_draw_func (self->gallery_area, draw_gallery, self, NULL);
}

/* public API */

GtkWindow *
sl_compare_originals_new (const char         *evidence_path,
                          const SlProbeFace  *face,
                          GError            **error)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;
  SlCompareOriginals *self;

  g_return_val_if_fail (evidence_path != NULL, NULL);
  g_return_val_if_fail (face != NULL, NULL);

  if (!(texture = gdk_texture_new_from_filename (evidence_path, error)))
    return NULL;

  self = g_object_new (SL_TYPE_COMPARE_ORIGINALS, NULL);
  sl_compare_image_set_texture (self->image, texture);
  sl_compare_image_set_landmarks (self->image, face->landmarks_json);
  for (guint i = 0; i < 4; i++)
    self->image->box[i] = face->box[i];
  self->image->has_box = TRUE;

  label = sl_probe_face_label (face);
  /* Translators: the probe face's label, e.g. "Face 9 · IMG_0042.jpg" */
  title = g_strdup_printf (_("Original Images of %s"), label);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, face->case_number);
  return GTK_WINDOW (self);
}

gboolean
sl_compare_originals_set_gallery (SlCompareOriginals *self,
                                  const char         *path,
                                  const char         *enrolled_name,
                                  const float         box[4],
                                  const char         *landmarks_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *text = NULL;
  const char *shown = enrolled_name;

  g_return_val_if_fail (SL_IS_COMPARE_ORIGINALS (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (enrolled_name != NULL, FALSE);

  /* The engine checked the kept copy's SHA-256; a decoder can still
   * refuse it: say so, with the photo's name, rather than show nothing. */
  if (!(texture = gdk_texture_new_from_filename (path, &error)))
    {
      /* Translators: the enrolled photo's path, then why it cannot be shown */
      text = g_strdup_printf (_("The enrolled photo cannot be shown: %s (%s)"), shown, error->message);
      gtk_label_set_text (self->gallery_label, text);
      return FALSE;
    }
  sl_compare_image_set_texture (self->gallery_image, texture);
  sl_compare_image_set_landmarks (self->gallery_image, landmarks_json);
  for (guint i = 0; i < 4; i++)
    self->gallery_image->box[i] = box[i];
  self->gallery_image->has_box = TRUE;
  gtk_label_set_text (self->gallery_label, shown);
  gtk_widget_queue_draw (GTK_WIDGET (self->gallery_area));
  return TRUE;
}
