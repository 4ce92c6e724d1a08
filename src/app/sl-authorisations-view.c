/* sl-authorisations-view.c: the Authorisations view: the pending requests
 * for an authority's authorisation of a case's searches, for a supervisor
 * to record what the authority decided. Refusing asks for confirmation
 * first: it seals the case's searches and erases their results. The rules
 * (who may, what a refusal erases) are the engine's.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-authorisations-view"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-authorisations-view.h"
#include "app/sl-format.h"
#include "app/sl-evidence-row.h"
#include "engine/sightline-engine.h"

struct _SlAuthorisationsView
{
  AdwBin        parent_instance;
  SlAppContext *context;

  GtkStack     *stack;
  GtkListBox   *list;
};

G_DEFINE_FINAL_TYPE (SlAuthorisationsView, sl_authorisations_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define KEY_ID      "sl-authorisation-id"
#define KEY_GRANTED "sl-authorisation-granted"
#define KEY_ENTRY   "sl-authorisation-entry"

/* helpers */

static void on_decide_clicked (GtkButton *button, SlAuthorisationsView *self);

static void
reload (SlAuthorisationsView *self)
{
  SlSession *session = sl_app_context_get_session (self->context);
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  if (session != NULL &&
      !(pending = sl_engine_authorisation_list (sl_app_context_get_engine (self->context), session, NULL, TRUE,
                                                &error)))
    sl_app_context_error (self->context, _("Cannot list the pending authorisations"), error);

  for (guint i = 0; pending != NULL && i < pending->len; i++)
    {
      const SlAuthorisation *a = g_ptr_array_index (pending, i);
      g_autofree char *requested = sl_format_time (a->requested_at);
      /* Translators: an authorisation request: case, authority, reference */
      g_autofree char *title = g_strdup_printf (_("Case %s · %s · %s"), a->case_number, a->authority,
                                                a->reference);
      /* Translators: who requested it, and when (a date in words) */
      g_autofree char *subtitle = g_strdup_printf (_("Requested by %s, %s"), a->requested_by, requested);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *grant = gtk_button_new_with_mnemonic (_("_Grant…"));
      GtkWidget *refuse = gtk_button_new_with_mnemonic (_("_Refuse…"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      for (guint k = 0; k < 2; k++)
        {
          GtkWidget *button = k == 0 ? grant : refuse;

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          g_object_set_data (G_OBJECT (button), KEY_ID, GINT_TO_POINTER ((gint) a->id));
          g_object_set_data (G_OBJECT (button), KEY_GRANTED, GINT_TO_POINTER (k == 0));
          g_signal_connect (button, "clicked", G_CALLBACK (on_decide_clicked), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      gtk_widget_add_css_class (refuse, "destructive-action");
      gtk_list_box_append (self->list, row);
    }
  gtk_stack_set_visible_child_name (self->stack, pending != NULL && pending->len > 0 ? "list" : "empty");
}

/* callbacks */

static void
on_response (AdwMessageDialog     *dialog,
             const char           *response,
             SlAuthorisationsView *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), KEY_ENTRY);
  gint64 id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), KEY_ID));
  gboolean granted = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), KEY_GRANTED));
  g_autoptr(SlAuthorisation) a = NULL;
  g_autoptr(GError) error = NULL;
  SlSealCounts counts = { 0 };

  if (!g_str_equal (response, "decide"))
    return;
  a = sl_engine_authorisation_decide (sl_app_context_get_engine (self->context),
                                      sl_app_context_get_session (self->context), id, granted,
                                      gtk_editable_get_text (entry), &counts, &error);
  if (a == NULL)
    {
      sl_app_context_error (self->context, _("Cannot record the authority's decision"), error);
      return;
    }
  if (granted)
    sl_app_context_toast (self->context, _("Authorisation granted"));
  else
    {
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "Authorisation refused: %u search sealed",
                                                               "Authorisation refused: %u searches sealed",
                                                               counts.searches), counts.searches);
      sl_app_context_toast (self->context, message);
    }
  sl_app_context_changed (self->context, "authorisations");
  sl_app_context_changed (self->context, "searches");
  sl_app_context_changed (self->context, "review");
}

static void
on_entry_changed (GtkEditable      *entry,
                  AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "decide", *text != '\0');
}

static void
on_decide_clicked (GtkButton            *button,
                   SlAuthorisationsView *self)
{
  gboolean granted = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), KEY_GRANTED));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  GtkWidget *entry = gtk_entry_new ();

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (root),
                                                       granted ? _("Grant the Authorisation?")
                                                               : _("Refuse the Authorisation?"),
                                                       granted ? _("Record what the authority decided. The "
                                                                   "case's searches may then run.")
                                                               : _("Record what the authority decided. Every "
                                                                   "search of the case run without a grant is "
                                                                   "sealed: its candidates, decisions and probe "
                                                                   "images are erased for good.")));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("The authority's decision"));
  gtk_widget_set_name (entry, "decision_entry");
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "decide",
                                    granted ? _("_Grant") : _("_Refuse and Erase Results"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "decide",
                                              granted ? ADW_RESPONSE_SUGGESTED : ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (dialog, "decide", FALSE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), KEY_ENTRY, entry);
  g_object_set_data (G_OBJECT (dialog), KEY_ID, g_object_get_data (G_OBJECT (button), KEY_ID));
  g_object_set_data (G_OBJECT (dialog), KEY_GRANTED, GINT_TO_POINTER (granted));
  g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_changed (SlAuthorisationsView *self)
{
  reload (self);
}

/* overrides */

static void
sl_authorisations_view_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  SlAuthorisationsView *self = SL_AUTHORISATIONS_VIEW (object);

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
sl_authorisations_view_constructed (GObject *object)
{
  SlAuthorisationsView *self = SL_AUTHORISATIONS_VIEW (object);

  G_OBJECT_CLASS (sl_authorisations_view_parent_class)->constructed (object);

  g_signal_connect_object (self->context, "changed::authorisations", G_CALLBACK (on_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "changed::cases", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::session", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  reload (self);
}

static void
sl_authorisations_view_dispose (GObject *object)
{
  SlAuthorisationsView *self = SL_AUTHORISATIONS_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_AUTHORISATIONS_VIEW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_authorisations_view_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_authorisations_view_class_init (SlAuthorisationsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = sl_authorisations_view_set_property;
  object_class->constructed = sl_authorisations_view_constructed;
  object_class->dispose = sl_authorisations_view_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SL_TYPE_APP_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-authorisations-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlAuthorisationsView, stack);
  gtk_widget_class_bind_template_child (widget_class, SlAuthorisationsView, list);
}

static void
sl_authorisations_view_init (SlAuthorisationsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* public API */

GtkWidget *
sl_authorisations_view_new (SlAppContext *context)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  return g_object_new (SL_TYPE_AUTHORISATIONS_VIEW, "context", context, NULL);
}
