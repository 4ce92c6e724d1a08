/* sl-within-timeline.c: the candidates of a search within the case by
 * evidence item. A row names the evidence; a still's candidates are marks
 * in a row, footage is a time axis (SlTimeAxis) with each candidate's
 * mark at its best view's time. A mark is a button: its number is the
 * candidate's rank, its tooltip and accessible name its label, score and
 * time; clicking it emits "candidate-activated".
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-within-timeline"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-time-axis.h"
#include "app/sl-within-timeline.h"

#define KEY_INDEX "sl-within-timeline-index"

struct _SlWithinTimeline
{
  GtkWidget  parent_instance;
  guint      n_rows;
};

G_DEFINE_FINAL_TYPE (SlWithinTimeline, sl_within_timeline, GTK_TYPE_WIDGET)

enum {
  CANDIDATE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void on_mark_clicked (GtkButton        *button,
                             SlWithinTimeline *self);

/* helpers */

static char *
mark_text (const SlWithinCandidate *k)
{
  g_autofree char *at = NULL;

  if (k->time_ms < 0)
    /* TRANSLATORS: a candidate on the timeline: rank, its face's label, similarity */
    return g_strdup_printf (_("%u. %s, similarity %.3f"), k->rank, k->label, k->similarity);
  at = sl_media_time_format (k->time_ms);
  /* TRANSLATORS: a candidate on the timeline: rank, its track's label, similarity, the time in the footage */
  return g_strdup_printf (_("%u. %s, similarity %.3f, at %s"), k->rank, k->label, k->similarity, at);
}

static GtkWidget *
mark_new (SlWithinTimeline        *self,
          const SlWithinCandidate *k,
          guint                    index)
{
  g_autofree char *rank = g_strdup_printf ("%u", k->rank);
  g_autofree char *name = g_strdup_printf ("mark-%u", k->rank);
  g_autofree char *text = mark_text (k);
  GtkWidget *button = gtk_button_new_with_label (rank);

  gtk_widget_set_name (button, name);
  gtk_widget_set_tooltip_text (button, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_add_css_class (button, "timeline-mark");
  /* Above the threshold stands out; below it (shown on request) does not. */
  gtk_widget_add_css_class (button, k->above_threshold ? "suggested-action" : "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  g_object_set_data (G_OBJECT (button), KEY_INDEX, GUINT_TO_POINTER (index));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_mark_clicked), self, 0);
  return button;
}

static char *
row_subtitle (const SlEvidence *e,
              guint             n)
{
  g_autofree char *found = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u candidate", "%u candidates", n), n);
  g_autofree char *length = NULL;

  if (e->kind != SL_EVIDENCE_FOOTAGE)
    /* TRANSLATORS: a still on the timeline: "Still · 2 candidates" */
    return g_strdup_printf (_("Still · %s"), found);
  length = sl_time_axis_format ((gint64) (e->duration_s * 1000));
  /* TRANSLATORS: footage on the timeline, its length and what was found in it: "Footage, 1:02 long · 2 candidates" */
  return g_strdup_printf (_("Footage, %s long · %s"), length, found);
}

static GtkWidget *
row_new (SlWithinTimeline *self,
         const SlEvidence *e,
         GPtrArray        *candidates,
         GArray           *indices)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (e->original_name);
  g_autofree char *subtitle_text = row_subtitle (e, indices->len);
  GtkWidget *subtitle = gtk_label_new (subtitle_text);
  g_autofree char *name = g_strdup_printf ("evidence-%" G_GINT64_FORMAT, e->id);
  GtkWidget *marks;

  gtk_widget_set_name (box, name);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "timeline-row");
  for (GtkWidget *label = title; label != NULL; label = label == title ? subtitle : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");

  if (e->kind == SL_EVIDENCE_FOOTAGE)
    {
      gint64 duration = (gint64) (e->duration_s * 1000);

      /* An unknown length: as long as the latest candidate's time. */
      for (guint i = 0; i < indices->len; i++)
        duration = MAX (duration, ((SlWithinCandidate *) g_ptr_array_index (candidates,
                                                                            g_array_index (indices, guint, i)))->time_ms);
      marks = sl_time_axis_new (duration);
      for (guint i = 0; i < indices->len; i++)
        {
          guint at = g_array_index (indices, guint, i);
          const SlWithinCandidate *k = g_ptr_array_index (candidates, at);

          sl_time_axis_add_mark (SL_TIME_AXIS (marks), mark_new (self, k, at), MAX (0, k->time_ms));
        }
    }
  else
    {
      marks = gtk_flow_box_new ();
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (marks), GTK_SELECTION_NONE);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (marks), 64);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (marks), 6);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (marks), 6);
      gtk_widget_set_halign (marks, GTK_ALIGN_START);
      for (guint i = 0; i < indices->len; i++)
        {
          guint at = g_array_index (indices, guint, i);

          gtk_flow_box_append (GTK_FLOW_BOX (marks), mark_new (self, g_ptr_array_index (candidates, at), at));
        }
    }
  gtk_box_append (GTK_BOX (box), marks);
  return box;
}

/* callbacks */

static void
on_mark_clicked (GtkButton        *button,
                 SlWithinTimeline *self)
{
  g_signal_emit (self, signals[CANDIDATE_ACTIVATED], 0,
                 GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), KEY_INDEX)));
}

/* overrides */

static void
sl_within_timeline_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sl_within_timeline_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_within_timeline_class_init (SlWithinTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_within_timeline_dispose;

  /* The candidate's index in the candidates given. */
  signals[CANDIDATE_ACTIVATED] = g_signal_new ("candidate-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "within-timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sl_within_timeline_init (SlWithinTimeline *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);
}

/* public API */

GtkWidget *
sl_within_timeline_new (void)
{
  return g_object_new (SL_TYPE_WITHIN_TIMELINE, NULL);
}

void
sl_within_timeline_set_found (SlWithinTimeline *self,
                              GPtrArray        *candidates,
                              GPtrArray        *evidence)
{
  GtkWidget *child;

  g_return_if_fail (SL_IS_WITHIN_TIMELINE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->n_rows = 0;
  for (guint e = 0; candidates != NULL && evidence != NULL && e < evidence->len; e++)
    {
      const SlEvidence *item = g_ptr_array_index (evidence, e);
      g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));

      for (guint i = 0; i < candidates->len; i++)
        if (((SlWithinCandidate *) g_ptr_array_index (candidates, i))->evidence_id == item->id)
          g_array_append_val (indices, i);
      if (indices->len == 0)
        continue;
      gtk_widget_set_parent (row_new (self, item, candidates, indices), GTK_WIDGET (self));
      self->n_rows++;
    }
}

guint
sl_within_timeline_get_n_rows (SlWithinTimeline *self)
{
  g_return_val_if_fail (SL_IS_WITHIN_TIMELINE (self), 0);

  return self->n_rows;
}
