/* sl-model-cards-page.c: a card for every model of the manifest, read
 * through the engine; the policy's threshold is marked on the curves and
 * follows policy changes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-model-cards-page"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-model-card.h"
#include "app/sl-model-cards-page.h"
#include "engine/sightline-engine.h"

struct _SlModelCardsPage
{
  AdwBin        parent_instance;
  SlAppContext *context;

  GtkBox       *cards_box;
};

G_DEFINE_FINAL_TYPE (SlModelCardsPage, sl_model_cards_page, ADW_TYPE_BIN)

/* helpers */

static double
policy_threshold (SlModelCardsPage *self)
{
  g_autoptr(SlPolicy) policy = NULL;

  policy = sl_engine_policy_get (sl_app_context_get_engine (self->context),
                                 sl_app_context_get_session (self->context), NULL);
  return policy != NULL ? policy->threshold : -1;
}

/* callbacks */

static void
on_models_changed (SlModelCardsPage *self)
{
  sl_model_cards_page_reload (self);
}

static void
on_policy_changed (SlModelCardsPage *self)
{
  double threshold = policy_threshold (self);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    sl_model_card_set_threshold (SL_MODEL_CARD (child), threshold);
}

/* overrides */

static void
sl_model_cards_page_dispose (GObject *object)
{
  SlModelCardsPage *self = SL_MODEL_CARDS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_MODEL_CARDS_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_model_cards_page_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_model_cards_page_class_init (SlModelCardsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_model_cards_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-model-cards-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlModelCardsPage, cards_box);
}

static void
sl_model_cards_page_init (SlModelCardsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* public API */

GtkWidget *
sl_model_cards_page_new (SlAppContext *context)
{
  SlModelCardsPage *self;

  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  self = g_object_new (SL_TYPE_MODEL_CARDS_PAGE, NULL);
  self->context = g_object_ref (context);
  g_signal_connect_object (context, "changed::models", G_CALLBACK (on_models_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "changed::policy", G_CALLBACK (on_policy_changed),
                           self, G_CONNECT_SWAPPED);
  sl_model_cards_page_reload (self);
  return GTK_WIDGET (self);
}

void
sl_model_cards_page_reload (SlModelCardsPage *self)
{
  g_autoptr(GPtrArray) details = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  double threshold;

  g_return_if_fail (SL_IS_MODEL_CARDS_PAGE (self));

  if (sl_app_context_get_session (self->context) == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box))) != NULL)
    gtk_box_remove (self->cards_box, child);
  if (!(details = sl_engine_model_details (sl_app_context_get_engine (self->context),
                                           sl_app_context_get_session (self->context), &error)))
    {
      sl_app_context_error (self->context, _("Cannot read the model manifest"), error);
      return;
    }
  threshold = policy_threshold (self);
  /* The cards take the details over. */
  g_ptr_array_set_free_func (details, NULL);
  for (guint i = 0; i < details->len; i++)
    gtk_box_append (self->cards_box, sl_model_card_new (self->context, g_ptr_array_index (details, i), threshold));
}
