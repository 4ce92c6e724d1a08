/* sl-decision-bar.c: a person's decision on a candidate. Whether it is a
 * first decision or the second review, and whether this person may take it,
 * is the engine's to say: the bar sends it and shows the answer.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-decision-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-decision-bar.h"
#include "engine/sightline-engine.h"

struct _SlDecisionBar
{
  AdwBin           parent_instance;
  SlAppContext    *context;
  SlCandidateItem *candidate;
  GHashTable      *decided;        /* candidate ids this bar recorded a decision on */

  GtkLabel        *title_label;
  GtkEntry        *rationale_entry;
  GtkLabel        *message_label;
  GtkButton       *correct_button;
};

G_DEFINE_FINAL_TYPE (SlDecisionBar, sl_decision_bar, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum {
  DECIDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* helpers */

static void
show_message (SlDecisionBar *self,
              const char    *message,
              gboolean       is_error)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

/* Whether the signed-in person took a decision on the candidate: then it
 * is theirs to correct, and not to take again. */
static gboolean
decided_by_me (SlDecisionBar *self)
{
  SlSession *session;

  if (self->candidate == NULL)
    return FALSE;
  if (g_hash_table_contains (self->decided, &(gint64) { sl_candidate_item_get_id (self->candidate) }))
    return TRUE;
  session = sl_app_context_get_session (self->context);
  return session != NULL && sl_candidate_item_decided_by (self->candidate, sl_session_get_user_id (session));
}

static void
update_sensitivity (SlDecisionBar *self)
{
  gboolean mine = decided_by_me (self);
  gboolean open = self->candidate != NULL && !mine;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decision.decide", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decision.correct", mine);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rationale_entry), open);
  gtk_widget_set_visible (GTK_WIDGET (self->correct_button), mine);
}

static const char *
decision_words (const char *decision)
{
  SlDecisionKind kind = SL_DECISION_INCONCLUSIVE;

  sl_decision_kind_from_string (decision, &kind);
  return sl_decision_kind_describe (kind);
}

/* callbacks */

static void
decide_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sl_decision_bar_decide (SL_DECISION_BAR (widget), g_variant_get_string (parameter, NULL));
}

static void
on_reason_changed (GtkEditable *entry,
                   gpointer     user_data)
{
  AdwMessageDialog *dialog = user_data;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  gboolean has = *text != '\0';

  adw_message_dialog_set_response_enabled (dialog, "possible-lead", has);
  adw_message_dialog_set_response_enabled (dialog, "excluded", has);
  adw_message_dialog_set_response_enabled (dialog, "inconclusive", has);
}

static void
on_correct_response (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  SlDecisionBar *self = SL_DECISION_BAR (user_data);
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");

  if (g_str_equal (response, "cancel"))
    return;
  sl_decision_bar_correct (self, response, gtk_editable_get_text (entry));
}

static void
correct_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SlDecisionBar *self = SL_DECISION_BAR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Correct Your Decision?"),
                                   _("Your decision stays on record with its rationale; the correction is kept "
                                     "beside it and counts from now on. Say why, then choose the decision that "
                                     "stands."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason (required): what was wrong"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "possible-lead", _("Possible _Lead"),
                                    "excluded", _("_Excluded"),
                                    "inconclusive", _("_Inconclusive"),
                                    NULL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (on_reason_changed), dialog);
  on_reason_changed (GTK_EDITABLE (entry), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_correct_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* overrides */

static void
sl_decision_bar_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SlDecisionBar *self = SL_DECISION_BAR (object);

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
sl_decision_bar_dispose (GObject *object)
{
  SlDecisionBar *self = SL_DECISION_BAR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_DECISION_BAR);
  g_clear_object (&self->candidate);
  g_clear_object (&self->context);
  g_clear_pointer (&self->decided, g_hash_table_unref);

  G_OBJECT_CLASS (sl_decision_bar_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_decision_bar_class_init (SlDecisionBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = sl_decision_bar_set_property;
  object_class->dispose = sl_decision_bar_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SL_TYPE_APP_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DECIDED] = g_signal_new ("decided", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                   NULL, G_TYPE_NONE, 1, SL_TYPE_CANDIDATE_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-decision-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, SlDecisionBar, title_label);
  gtk_widget_class_bind_template_child (widget_class, SlDecisionBar, rationale_entry);
  gtk_widget_class_bind_template_child (widget_class, SlDecisionBar, message_label);
  gtk_widget_class_bind_template_child (widget_class, SlDecisionBar, correct_button);

  gtk_widget_class_install_action (widget_class, "decision.decide", "s", decide_action);
  gtk_widget_class_install_action (widget_class, "decision.correct", NULL, correct_action);
  /* The mnemonics give Alt+L, Alt+E and Alt+I window-wide; these keep them
   * working while the rationale entry has the focus. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_ALT_MASK, "decision.decide", "s",
                                       "possible-lead");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_ALT_MASK, "decision.decide", "s", "excluded");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_ALT_MASK, "decision.decide", "s",
                                       "inconclusive");
}

static void
sl_decision_bar_init (SlDecisionBar *self)
{
  self->decided = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  update_sensitivity (self);
}

/* public API */

GtkWidget *
sl_decision_bar_new (SlAppContext *context)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  return g_object_new (SL_TYPE_DECISION_BAR, "context", context, NULL);
}

void
sl_decision_bar_set_candidate (SlDecisionBar   *self,
                               SlCandidateItem *candidate)
{
  g_return_if_fail (SL_IS_DECISION_BAR (self));
  g_return_if_fail (candidate == NULL || SL_IS_CANDIDATE_ITEM (candidate));

  if (self->candidate == candidate)
    return;
  g_set_object (&self->candidate, candidate);
  gtk_editable_set_text (GTK_EDITABLE (self->rationale_entry), "");
  show_message (self, NULL, FALSE);
  update_sensitivity (self);
}

void
sl_decision_bar_set_title (SlDecisionBar *self,
                           const char    *title)
{
  g_return_if_fail (SL_IS_DECISION_BAR (self));
  gtk_label_set_text (self->title_label, title);
}

gboolean
sl_decision_bar_decide (SlDecisionBar *self,
                        const char    *decision)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCandidateItem) candidate = NULL;
  g_autofree char *message = NULL;
  SlSession *session;
  SlDecideResult result = { 0 };
  gint64 id;

  g_return_val_if_fail (SL_IS_DECISION_BAR (self), FALSE);
  g_return_val_if_fail (decision != NULL, FALSE);

  if (self->candidate == NULL || (session = sl_app_context_get_session (self->context)) == NULL)
    return FALSE;
  candidate = g_object_ref (self->candidate);
  id = sl_candidate_item_get_id (candidate);
  if (!sl_engine_decide (sl_app_context_get_engine (self->context), session, id, decision,
                         gtk_editable_get_text (GTK_EDITABLE (self->rationale_entry)), &result, &error))
    {
      show_message (self, error->message, TRUE);
      sl_app_context_changed (self->context, "audit");
      return FALSE;
    }

  g_hash_table_add (self->decided, g_memdup2 (&id, sizeof id));
  sl_candidate_item_set_status (candidate, result.status);
  /* TRANSLATORS: the decision in words, then where the candidate stands */
  message = g_strdup_printf (result.second ? _("Second review recorded: %s. The candidate is now: %s.")
                                           : _("Decision recorded: %s. The candidate is now: %s."),
                             decision_words (decision), sl_review_status_describe (result.status));
  gtk_editable_set_text (GTK_EDITABLE (self->rationale_entry), "");
  show_message (self, message, FALSE);
  update_sensitivity (self);
  sl_app_context_toast (self->context, message);
  sl_app_context_changed (self->context, "review");
  sl_app_context_changed (self->context, "audit");
  g_signal_emit (self, signals[DECIDED], 0, candidate);
  return TRUE;
}

gboolean
sl_decision_bar_correct (SlDecisionBar *self,
                         const char    *decision,
                         const char    *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCandidateItem) candidate = NULL;
  g_autofree char *message = NULL;
  SlSession *session;
  SlDecideResult result = { 0 };

  g_return_val_if_fail (SL_IS_DECISION_BAR (self), FALSE);
  g_return_val_if_fail (decision != NULL, FALSE);

  if (self->candidate == NULL || (session = sl_app_context_get_session (self->context)) == NULL)
    return FALSE;
  candidate = g_object_ref (self->candidate);
  if (!sl_engine_decision_correct (sl_app_context_get_engine (self->context), session,
                                   sl_candidate_item_get_id (candidate), decision, reason, &result, &error))
    {
      show_message (self, error->message, TRUE);
      sl_app_context_changed (self->context, "audit");
      return FALSE;
    }

  sl_candidate_item_set_status (candidate, result.status);
  /* TRANSLATORS: the decision in words, then where the candidate stands */
  message = g_strdup_printf (_("Decision corrected: it now stands as %s. The candidate is now: %s."),
                             decision_words (decision), sl_review_status_describe (result.status));
  show_message (self, message, FALSE);
  sl_app_context_toast (self->context, message);
  sl_app_context_changed (self->context, "review");
  sl_app_context_changed (self->context, "audit");
  g_signal_emit (self, signals[DECIDED], 0, candidate);
  return TRUE;
}
