/* sl-candidate-columns.c: the columns of a candidate list: one factory per
 * column, text from the item's own formatting, thumbnails read lazily.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-candidate-columns"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-candidate-columns.h"
#include "app/sl-candidate-item.h"

typedef char *(*TextFunc) (SlCandidateItem *item);

typedef struct
{
  TextFunc  text;
  gboolean  numeric;      /* right-aligned, tabular figures */
  gboolean  live_status;  /* follows the item's review status */
} TextColumn;

/* helpers */

static char *
rank_text (SlCandidateItem *item)
{
  return g_strdup_printf ("%u", sl_candidate_item_get_rank (item));
}

static char *
threshold_text (SlCandidateItem *item)
{
  return g_strdup (sl_candidate_item_get_threshold_text (item));
}

static char *
status_text (SlCandidateItem *item)
{
  return g_strdup (sl_candidate_item_get_status_text (item));
}

static char *
case_text (SlCandidateItem *item)
{
  return g_strdup (sl_candidate_item_get_case_number (item));
}

static void
update_label (GtkLabel        *label,
              SlCandidateItem *item)
{
  const TextColumn *column = g_object_get_data (G_OBJECT (label), "sl-text-column");
  g_autofree char *text = column->text (item);

  gtk_label_set_text (label, text);
  /* Ellipsized in a narrow column: the whole on hover. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
}

/* callbacks */

static void
on_status_changed (SlCandidateItem *item,
                   GParamSpec      *pspec,
                   GtkLabel        *label)
{
  update_label (label, item);
}

static void
text_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            const TextColumn         *column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column->numeric ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column->numeric)
    gtk_widget_add_css_class (label, "numeric");
  g_object_set_data (G_OBJECT (label), "sl-text-column", (gpointer) column);
  gtk_list_item_set_child (list_item, label);
}

static void
text_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           const TextColumn         *column)
{
  SlCandidateItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  update_label (GTK_LABEL (label), item);
  if (column->live_status)
    g_signal_connect_object (item, "notify::status", G_CALLBACK (on_status_changed), label, 0);
}

static void
text_unbind (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             const TextColumn         *column)
{
  SlCandidateItem *item = gtk_list_item_get_item (list_item);

  if (column->live_status && item != NULL)
    g_signal_handlers_disconnect_by_func (item, on_status_changed, gtk_list_item_get_child (list_item));
}

static void
on_thumbnail_changed (SlCandidateItem *item,
                      GParamSpec      *pspec,
                      GtkPicture      *picture)
{
  gtk_picture_set_paintable (picture, sl_candidate_item_get_thumbnail (item, NULL));
}

static void
thumbnail_setup (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *picture = gtk_picture_new ();

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_size_request (picture, 48, 48);
  gtk_widget_add_css_class (picture, "sl-thumbnail");
  gtk_list_item_set_child (list_item, picture);
}

static void
thumbnail_bind (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                SlAppContext             *context)
{
  SlCandidateItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *picture = gtk_list_item_get_child (list_item);

  gtk_picture_set_paintable (GTK_PICTURE (picture), sl_candidate_item_get_thumbnail (item, context));
  g_signal_connect_object (item, "notify::thumbnail", G_CALLBACK (on_thumbnail_changed), picture, 0);
}

static void
thumbnail_unbind (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  SlCandidateItem *item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    g_signal_handlers_disconnect_by_func (item, on_thumbnail_changed, gtk_list_item_get_child (list_item));
}

static void
append_text_column (GtkColumnView    *view,
                    const char       *title,
                    const TextColumn *column,
                    int               fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) c = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (text_setup), (gpointer) column);
  g_signal_connect (factory, "bind", G_CALLBACK (text_bind), (gpointer) column);
  g_signal_connect (factory, "unbind", G_CALLBACK (text_unbind), (gpointer) column);
  c = gtk_column_view_column_new (title, factory);
  /* A name is what a person reads first: it gets its room. */
  gtk_column_view_column_set_expand (c, fixed_width > 0);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (c, fixed_width);
  gtk_column_view_column_set_resizable (c, TRUE);
  gtk_column_view_append_column (view, c);
}

/* public API */

void
sl_candidate_columns_add (GtkColumnView      *view,
                          SlAppContext       *context,
                          SlCandidateColumns  columns)
{
  static const TextColumn rank = { rank_text, TRUE, FALSE };
  static const TextColumn subject = { sl_candidate_item_dup_subject_text, FALSE, FALSE };
  static const TextColumn similarity = { sl_candidate_item_dup_similarity_text, TRUE, FALSE };
  static const TextColumn rate = { sl_candidate_item_dup_rate_text, FALSE, FALSE };
  static const TextColumn expected = { sl_candidate_item_dup_expected_text, TRUE, FALSE };
  static const TextColumn threshold = { threshold_text, FALSE, FALSE };
  static const TextColumn status = { status_text, FALSE, TRUE };
  static const TextColumn case_number = { case_text, FALSE, FALSE };

  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));
  g_return_if_fail (SL_IS_APP_CONTEXT (context));

  if (columns & SL_CANDIDATE_COLUMN_CASE)
    append_text_column (view, _("Case"), &case_number, 0);
  if (columns & SL_CANDIDATE_COLUMN_RANK)
    append_text_column (view, _("Rank"), &rank, 0);
  if (columns & SL_CANDIDATE_COLUMN_THUMBNAIL)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) c = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (thumbnail_setup), NULL);
      g_signal_connect_object (factory, "bind", G_CALLBACK (thumbnail_bind), context, 0);
      g_signal_connect (factory, "unbind", G_CALLBACK (thumbnail_unbind), NULL);
      c = gtk_column_view_column_new (_("Face"), factory);
      gtk_column_view_append_column (view, c);
    }
  if (columns & SL_CANDIDATE_COLUMN_SUBJECT)
    append_text_column (view, _("Subject"), &subject, 200);
  if (columns & SL_CANDIDATE_COLUMN_SIMILARITY)
    append_text_column (view, _("Similarity"), &similarity, 0);
  if (columns & SL_CANDIDATE_COLUMN_RATE)
    append_text_column (view, _("False-Match Rate"), &rate, 0);
  if (columns & SL_CANDIDATE_COLUMN_EXPECTED)
    append_text_column (view, _("Expected False"), &expected, 0);
  if (columns & SL_CANDIDATE_COLUMN_THRESHOLD)
    append_text_column (view, _("Threshold"), &threshold, 0);
  if (columns & SL_CANDIDATE_COLUMN_STATUS)
    append_text_column (view, _("Review"), &status, 0);
}
