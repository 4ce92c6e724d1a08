/* sl-evidence-row.c: one evidence file in the case page's grid: thumbnail,
 * name, kind and media facts, short SHA-256 (the whole on its tooltip), who
 * imported it and when, and its analysis: progress while it runs, the
 * faces or tracks found after.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-evidence-row"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-evidence-row.h"
#include "app/sl-format.h"
#include "engine/sightline-engine.h"

#define SHORT_HASH_CHARS 12

struct _SlEvidenceRow
{
  AdwBin          parent_instance;
  SlEvidenceItem *item;
  GSignalGroup   *signals;

  GtkStack       *thumbnail_stack;
  GtkImage       *kind_icon;
  GtkPicture     *picture;
  GtkLabel       *name_label;
  GtkLabel       *media_label;
  GtkLabel       *hash_label;
  GtkLabel       *imported_label;
  GtkLabel       *lead_label;
  GtkLabel       *damage_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *status_label;
  GtkButton      *analyse_button;
};

G_DEFINE_FINAL_TYPE (SlEvidenceRow, sl_evidence_row, ADW_TYPE_BIN)

/* helpers */

static void
show_thumbnail (SlEvidenceRow *self)
{
  GdkPaintable *thumbnail = self->item != NULL ? sl_evidence_item_get_thumbnail (self->item) : NULL;

  gtk_picture_set_paintable (self->picture, thumbnail);
  gtk_stack_set_visible_child_name (self->thumbnail_stack, thumbnail != NULL ? "thumbnail" : "loading");
}

static void
show_analysis (SlEvidenceRow *self)
{
  gboolean busy = self->item != NULL && sl_evidence_item_get_busy (self->item);
  const char *status = self->item != NULL ? sl_evidence_item_get_status (self->item) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
  if (busy)
    gtk_progress_bar_set_fraction (self->progress_bar, sl_evidence_item_get_fraction (self->item));
  gtk_label_set_text (self->status_label, status != NULL ? status : _("Not analysed"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->analyse_button), !busy);
}

static void
show_leads (SlEvidenceRow *self)
{
  const char *leads = self->item != NULL ? sl_evidence_item_get_leads (self->item) : NULL;
  g_autofree char *text = NULL;

  if (leads != NULL)
    /* Translators: the subjects two reviewers confirmed as leads from this evidence */
    text = g_strdup_printf (_("Confirmed lead: %s"), leads);
  gtk_label_set_text (self->lead_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->lead_label), text != NULL);
}

static void
show_facts (SlEvidenceRow *self)
{
  SlEvidence *e = sl_evidence_item_get_evidence (self->item);
  g_autofree char *media = sl_evidence_describe_media (e);
  g_autofree char *short_hash = g_strndup (e->sha256, SHORT_HASH_CHARS);
  g_autofree char *hash = g_strdup_printf ("SHA-256 %s…", short_hash);
  g_autofree char *hash_tip = g_strdup_printf ("SHA-256 %s", e->sha256);
  g_autofree char *imported = NULL;
  g_autofree char *imported_at = sl_format_time (e->imported_at);
  g_autofree char *source_tip = NULL;

  gtk_label_set_text (self->name_label, e->original_name);
  /* Translators: the original name of the file, then where it came from */
  source_tip = g_strdup_printf (_("%s\nFrom %s"), e->original_name, e->source);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), source_tip);
  gtk_label_set_text (self->media_label, media);
  gtk_label_set_text (self->hash_label, hash);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->hash_label), hash_tip);
  /* Translators: who imported an evidence file, and when */
  imported = g_strdup_printf (_("Imported by %s, %s"), e->imported_by, imported_at);
  gtk_label_set_text (self->imported_label, imported);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->imported_label), imported);
  gtk_image_set_from_icon_name (self->kind_icon, e->kind == SL_EVIDENCE_FOOTAGE ? "video-x-generic-symbolic"
                                                                                : "image-x-generic-symbolic");
  if (e->damage != NULL)
    {
      /* Translators: on an evidence tile: the file does not decode whole, and why */
      g_autofree char *damage = g_strdup_printf (_("Damaged: %s"), e->damage);

      gtk_label_set_text (self->damage_label, damage);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->damage_label), damage);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->damage_label), e->damage != NULL);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->analyse_button), "x", e->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->analyse_button), "case.analyse");
}

/* overrides */

static void
sl_evidence_row_dispose (GObject *object)
{
  SlEvidenceRow *self = SL_EVIDENCE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_EVIDENCE_ROW);
  g_clear_object (&self->signals);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (sl_evidence_row_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_evidence_row_class_init (SlEvidenceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_evidence_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-evidence-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceRow, thumbnail_stack);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceRow, kind_icon);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceRow, picture);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceRow, media_label);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceRow, hash_label);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceRow, imported_label);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceRow, lead_label);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceRow, damage_label);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceRow, analyse_button);
}

static void
sl_evidence_row_init (SlEvidenceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->signals = g_signal_group_new (SL_TYPE_EVIDENCE_ITEM);
  g_signal_group_connect_object (self->signals, "notify::thumbnail", G_CALLBACK (show_thumbnail),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::busy", G_CALLBACK (show_analysis),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::fraction", G_CALLBACK (show_analysis),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::status", G_CALLBACK (show_analysis),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::leads", G_CALLBACK (show_leads),
                                 self, G_CONNECT_SWAPPED);
}

/* public API */

GtkWidget *
sl_evidence_row_new (void)
{
  return g_object_new (SL_TYPE_EVIDENCE_ROW, NULL);
}

SlEvidenceItem *
sl_evidence_row_get_item (SlEvidenceRow *self)
{
  g_return_val_if_fail (SL_IS_EVIDENCE_ROW (self), NULL);
  return self->item;
}

void
sl_evidence_row_set_item (SlEvidenceRow  *self,
                          SlEvidenceItem *item)
{
  g_return_if_fail (SL_IS_EVIDENCE_ROW (self));
  g_return_if_fail (item == NULL || SL_IS_EVIDENCE_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;
  g_signal_group_set_target (self->signals, item);
  if (item != NULL)
    show_facts (self);
  show_thumbnail (self);
  show_analysis (self);
  show_leads (self);
}

char *
sl_evidence_describe_media (const SlEvidence *e)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *size = g_format_size (e->size);

  g_string_append (text, e->kind == SL_EVIDENCE_FOOTAGE ? _("Footage") : _("Still"));
  if (e->width > 0 && e->height > 0)
    g_string_append_printf (text, " · %u × %u", e->width, e->height);
  if (e->kind == SL_EVIDENCE_FOOTAGE)
    {
      if (e->duration_s > 0)
        {
          g_autofree char *duration = sl_media_time_format ((gint64) (e->duration_s * 1000));

          g_string_append_printf (text, " · %s", duration);
        }
      if (e->fps > 0)
        /* Translators: frames a second of footage */
        g_string_append_printf (text, _(" · %.3g fps"), e->fps);
      if (e->codec != NULL && *e->codec != '\0')
        g_string_append_printf (text, " · %s", e->codec);
    }
  else if (e->format != NULL && *e->format != '\0')
    {
      g_autofree char *upper = g_ascii_strup (e->format, -1);

      g_string_append_printf (text, " · %s", upper);
    }
  g_string_append_printf (text, " · %s", size);
  return g_string_free (g_steal_pointer (&text), FALSE);
}
