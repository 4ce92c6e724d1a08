/* sl-policy-purge.c: carrying out the retention policy from the policy
 * page: a dry run first, so that the person sees which cases and how much
 * probe data would go, then the purge itself on confirmation. The engine
 * decides what is due and audits both.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-policy-purge"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "app/sl-policy-purge.h"
#include "engine/sightline-engine.h"

/* helpers */

/* The store's "2025-11-22T19:11:03.190686Z" as "2025-11-22 19:11 UTC". */
static char *
format_cutoff (const char *cutoff)
{
  if (cutoff == NULL || strlen (cutoff) < 16)
    return g_strdup (cutoff != NULL ? cutoff : "");
  /* Translators: a date and time in UTC, e.g. "2025-11-22 19:11 UTC" */
  return g_strdup_printf (_("%.10s %.5s UTC"), cutoff, cutoff + 11);
}

/* callbacks */

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             SlAppContext     *context)
{
  SlRetentionSummary summary = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_str_equal (response, "purge"))
    return;
  if (!sl_engine_retention_purge (sl_app_context_get_engine (context),
                                  sl_app_context_get_session (context), FALSE, &summary, &error))
    {
      sl_retention_summary_clear (&summary);
      sl_app_context_error (context, _("Cannot purge expired probe data"), error);
      return;
    }
  {
    g_autofree char *cases = g_strdup_printf (ngettext ("Purged the probe data of %u case",
                                                        "Purged the probe data of %u cases", summary.cases),
                                              summary.cases);

    /* Translators: the sentence above, then the counts of what was purged */
    message = g_strdup_printf (_("%s: %u faces, %u crops, %u tracks"),
                               cases, summary.faces, summary.crops, summary.tracks);
  }
  sl_retention_summary_clear (&summary);
  sl_app_context_toast (context, message);
  sl_app_context_changed (context, "evidence");
  sl_app_context_changed (context, "audit");
}

/* public API */

void
sl_policy_purge_ask (GtkWindow    *parent,
                     SlAppContext *context)
{
  SlRetentionSummary summary = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *cutoff = NULL;
  AdwMessageDialog *dialog;
  gboolean nothing;

  /* A dry run first: the person sees what would go before it goes. */
  if (!sl_engine_retention_purge (sl_app_context_get_engine (context),
                                  sl_app_context_get_session (context), TRUE, &summary, &error))
    {
      sl_retention_summary_clear (&summary);
      sl_app_context_error (context, _("Cannot check for expired probe data"), error);
      return;
    }
  sl_app_context_changed (context, "audit");
  nothing = summary.retention_days == 0 || summary.cases == 0;
  cutoff = format_cutoff (summary.cutoff);
  if (summary.retention_days == 0)
    body = g_strdup (_("The policy keeps probe data of closed cases: there is nothing to purge."));
  else if (summary.cases == 0)
    body = g_strdup_printf (_("No case closed before %s has probe data left to purge."), cutoff);
  else
    {
      g_autofree char *cases = summary.case_numbers != NULL ? g_strjoinv (", ", summary.case_numbers) : g_strdup ("");

      body = g_strdup_printf (_("Cases closed before %s: %u (%s).\n\nTheir probe data will be purged: %u face "
                                "embeddings, %u aligned crops and %u track templates. Search records, decisions "
                                "and the audit log stay. This cannot be undone."),
                              cutoff, summary.cases, cases, summary.faces, summary.crops, summary.tracks);
    }
  sl_retention_summary_clear (&summary);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent,
                                                       _("Purge Expired Probe Data?"), body));
  if (nothing)
    adw_message_dialog_add_response (dialog, "close", _("_Close"));
  else
    {
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "purge", _("_Purge"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "purge", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (dialog, "cancel");
      adw_message_dialog_set_close_response (dialog, "cancel");
    }
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_response), context, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
