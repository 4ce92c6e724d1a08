/* sl-review-view.c: the Review view: candidates waiting for this user's
 * second review (blind: the engine's queue never gives the first
 * decision), the confirmed leads, and for those who review, the
 * disagreements. Which lists a person gets follows the role table; what
 * they may decide is the engine's to say.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-review-view"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-candidate-columns.h"
#include "app/sl-candidate-item.h"
#include "app/sl-compare-pane.h"
#include "app/sl-decision-bar.h"
#include "app/sl-review-view.h"
#include "engine/sightline-engine.h"

struct _SlReviewView
{
  AdwBin              parent_instance;
  SlAppContext       *context;

  GListStore         *queue;
  GListStore         *leads;
  GListStore         *disagreements;
  GtkSingleSelection *queue_selection;
  GtkSingleSelection *leads_selection;
  GtkSingleSelection *disagreements_selection;
  SlComparePane      *compare;
  SlDecisionBar      *decision;

  GtkStack           *list_stack;
  GtkStackPage       *disagreements_page;
  GtkStack           *detail_stack;
  GtkBox             *detail_box;
  GtkColumnView      *queue_view;
  GtkColumnView      *leads_view;
  GtkColumnView      *disagreements_view;
  GtkLabel           *queue_empty_label;
  GtkLabel           *leads_empty_label;
  GtkLabel           *disagreements_empty_label;
  GtkLabel           *origin_label;
  GtkLabel           *decisions_label;
};

G_DEFINE_FINAL_TYPE (SlReviewView, sl_review_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* helpers */

static void
fill (GListStore *store,
      GPtrArray  *candidates)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; candidates != NULL && i < candidates->len; i++)
    g_ptr_array_add (items, sl_candidate_item_new_from_candidate (g_ptr_array_index (candidates, i)));
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), items->pdata, items->len);
}

static GtkSingleSelection *
visible_selection (SlReviewView *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->list_stack);

  if (g_strcmp0 (page, "leads") == 0)
    return self->leads_selection;
  if (g_strcmp0 (page, "disagreements") == 0)
    return self->disagreements_selection;
  return self->queue_selection;
}

static void
show_selected (SlReviewView *self)
{
  GtkSingleSelection *selection = visible_selection (self);
  SlCandidateItem *item = gtk_single_selection_get_selected_item (selection);
  gboolean queue = selection == self->queue_selection;
  g_autofree char *origin = NULL;
  g_autofree char *decisions = NULL;

  SlSession *session = sl_app_context_get_session (self->context);
  gboolean mine = item != NULL && session != NULL &&
                  sl_candidate_item_decided_by (item, sl_session_get_user_id (session));

  sl_compare_pane_set_candidate (self->compare, item);
  /* Only the queue asks for a decision; the other lists are decided, and
   * offer their author the correction of their own. */
  sl_decision_bar_set_candidate (self->decision, queue || mine ? item : NULL);
  sl_decision_bar_set_title (self->decision, queue ? _("Your Second Review") : _("Your Decision"));
  gtk_widget_set_visible (GTK_WIDGET (self->decision), queue || mine);
  gtk_stack_set_visible_child_name (self->detail_stack, item != NULL ? "detail" : "none");
  if (item == NULL)
    return;
  origin = sl_candidate_item_dup_origin_text (item);
  gtk_label_set_text (self->origin_label, origin);
  /* Queue items never carry the first decision: nothing to hide here. */
  decisions = queue ? NULL : sl_candidate_item_dup_decisions_text (item);
  gtk_label_set_text (self->decisions_label, decisions != NULL ? decisions : "");
  gtk_widget_set_visible (GTK_WIDGET (self->decisions_label), decisions != NULL);
}

static void
reload (SlReviewView *self)
{
  SlSession *session = sl_app_context_get_session (self->context);
  SlEngine *engine = sl_app_context_get_engine (self->context);
  gboolean reviewer;

  if (session == NULL)
    return;
  reviewer = sl_session_may (session, SL_PERMISSION_REVIEW);

  if (reviewer)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) queue = sl_engine_review_queue (engine, session, &error);
      g_autoptr(GPtrArray) disagreements = NULL;

      if (queue == NULL)
        sl_app_context_error (self->context, _("Cannot read the review queue"), error);
      fill (self->queue, queue);
      g_clear_error (&error);
      if (!(disagreements = sl_engine_review_disagreements (engine, session, NULL, &error)))
        sl_app_context_error (self->context, _("Cannot read the disagreements"), error);
      fill (self->disagreements, disagreements);
      gtk_label_set_text (self->queue_empty_label, _("Nothing waits for your second review."));
    }
  else
    gtk_label_set_text (self->queue_empty_label,
                        _("Second reviews are given by supervisors. Your own decisions are taken in the "
                          "results window of each search."));
  gtk_stack_page_set_visible (self->disagreements_page, reviewer);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) leads = sl_engine_review_leads (engine, session, NULL, &error);

    if (leads == NULL)
      sl_app_context_error (self->context, _("Cannot read the confirmed leads"), error);
    fill (self->leads, leads);
  }

  gtk_widget_set_visible (GTK_WIDGET (self->queue_empty_label),
                          g_list_model_get_n_items (G_LIST_MODEL (self->queue)) == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->leads_empty_label),
                          g_list_model_get_n_items (G_LIST_MODEL (self->leads)) == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->disagreements_empty_label),
                          g_list_model_get_n_items (G_LIST_MODEL (self->disagreements)) == 0);
  show_selected (self);
}

static GtkSingleSelection *
attach (SlReviewView  *self,
        GtkColumnView *view,
        GListStore    *store,
        SlCandidateColumns columns)
{
  GtkSingleSelection *selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (store)));

  gtk_single_selection_set_autoselect (selection, TRUE);
  sl_candidate_columns_add (view, self->context, columns);
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  return selection;
}

/* callbacks */

static void
on_selection_changed (SlReviewView *self)
{
  show_selected (self);
}

static void
on_changed (SlReviewView *self)
{
  reload (self);
}

/* overrides */

static void
sl_review_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SlReviewView *self = SL_REVIEW_VIEW (object);

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
sl_review_view_constructed (GObject *object)
{
  SlReviewView *self = SL_REVIEW_VIEW (object);
  static const SlCandidateColumns queue_columns =
    SL_CANDIDATE_COLUMN_CASE | SL_CANDIDATE_COLUMN_THUMBNAIL | SL_CANDIDATE_COLUMN_SUBJECT |
    SL_CANDIDATE_COLUMN_SIMILARITY | SL_CANDIDATE_COLUMN_RATE;
  static const SlCandidateColumns decided_columns =
    SL_CANDIDATE_COLUMN_CASE | SL_CANDIDATE_COLUMN_THUMBNAIL | SL_CANDIDATE_COLUMN_SUBJECT |
    SL_CANDIDATE_COLUMN_SIMILARITY | SL_CANDIDATE_COLUMN_RATE | SL_CANDIDATE_COLUMN_STATUS;

  G_OBJECT_CLASS (sl_review_view_parent_class)->constructed (object);

  self->queue_selection = attach (self, self->queue_view, self->queue, queue_columns);
  self->leads_selection = attach (self, self->leads_view, self->leads, decided_columns);
  self->disagreements_selection = attach (self, self->disagreements_view, self->disagreements, decided_columns);

  self->compare = SL_COMPARE_PANE (sl_compare_pane_new (self->context));
  gtk_box_append (self->detail_box, GTK_WIDGET (self->compare));
  self->decision = SL_DECISION_BAR (sl_decision_bar_new (self->context));
  sl_decision_bar_set_title (self->decision, _("Your Second Review"));
  gtk_box_append (self->detail_box, GTK_WIDGET (self->decision));

  g_signal_connect_object (self->queue_selection, "notify::selected-item", G_CALLBACK (on_selection_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leads_selection, "notify::selected-item", G_CALLBACK (on_selection_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->disagreements_selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_stack, "notify::visible-child", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "changed::review", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "changed::searches", G_CALLBACK (on_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::session", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  reload (self);
}

static void
sl_review_view_dispose (GObject *object)
{
  SlReviewView *self = SL_REVIEW_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_REVIEW_VIEW);
  g_clear_object (&self->queue_selection);
  g_clear_object (&self->leads_selection);
  g_clear_object (&self->disagreements_selection);
  g_clear_object (&self->queue);
  g_clear_object (&self->leads);
  g_clear_object (&self->disagreements);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_review_view_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_review_view_class_init (SlReviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = sl_review_view_set_property;
  object_class->constructed = sl_review_view_constructed;
  object_class->dispose = sl_review_view_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SL_TYPE_APP_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-review-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlReviewView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SlReviewView, disagreements_page);
  gtk_widget_class_bind_template_child (widget_class, SlReviewView, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, SlReviewView, detail_box);
  gtk_widget_class_bind_template_child (widget_class, SlReviewView, queue_view);
  gtk_widget_class_bind_template_child (widget_class, SlReviewView, leads_view);
  gtk_widget_class_bind_template_child (widget_class, SlReviewView, disagreements_view);
  gtk_widget_class_bind_template_child (widget_class, SlReviewView, queue_empty_label);
  gtk_widget_class_bind_template_child (widget_class, SlReviewView, leads_empty_label);
  gtk_widget_class_bind_template_child (widget_class, SlReviewView, disagreements_empty_label);
  gtk_widget_class_bind_template_child (widget_class, SlReviewView, origin_label);
  gtk_widget_class_bind_template_child (widget_class, SlReviewView, decisions_label);
}

static void
sl_review_view_init (SlReviewView *self)
{
  self->queue = g_list_store_new (SL_TYPE_CANDIDATE_ITEM);
  self->leads = g_list_store_new (SL_TYPE_CANDIDATE_ITEM);
  self->disagreements = g_list_store_new (SL_TYPE_CANDIDATE_ITEM);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* public API */

GtkWidget *
sl_review_view_new (SlAppContext *context)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  return g_object_new (SL_TYPE_REVIEW_VIEW, "context", context, NULL);
}
