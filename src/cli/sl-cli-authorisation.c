/* sl-cli-authorisation.c: `sightline-cli authorisation request | grant |
 * refuse | list`: an outside authority's authorisation of a case's
 * searches, as the policy's "authorisation" asks for it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

/* helpers */

static void
authorisation_to_json (JsonBuilder           *b,
                       const SlAuthorisation *a)
{
  json_builder_begin_object (b);
  sl_cli_json_int (b, "id", a->id);
  sl_cli_json_string (b, "case", a->case_number);
  sl_cli_json_string (b, "authority", a->authority);
  sl_cli_json_string (b, "reference", a->reference);
  sl_cli_json_string (b, "state", sl_authorisation_state_to_string (a->state));
  sl_cli_json_string (b, "requested_by", a->requested_by);
  sl_cli_json_string (b, "requested_at", a->requested_at);
  sl_cli_json_string (b, "decided_by", a->decided_by);
  sl_cli_json_string (b, "decided_at", a->decided_at);
  sl_cli_json_string (b, "decision", a->decision);
  json_builder_end_object (b);
}

static const char *
state_shown (SlAuthorisationState state)
{
  switch (state)
    {
    case SL_AUTHORISATION_GRANTED:
      return _("granted");
    case SL_AUTHORISATION_REFUSED:
      return _("refused");
    case SL_AUTHORISATION_PENDING:
    default:
      return _("pending");
    }
}

static void
print_authorisation (const SlAuthorisation *a)
{
  printf (_("%" PRId64 "  case %s  %s  %s (%s)  requested by %s at %s\n"), a->id, a->case_number,
          state_shown (a->state), a->authority, a->reference, a->requested_by, a->requested_at);
  if (a->state != SL_AUTHORISATION_PENDING)
    printf (_("    decided by %s at %s: %s\n"), a->decided_by, a->decided_at, a->decision);
}

static int
list (SlCliGlobals *globals,
      SlEngine     *engine,
      SlSession    *session,
      const char   *case_number,
      gboolean      pending)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = sl_engine_authorisation_list (engine, session, case_number, pending, &error);
  g_autoptr(SlAuthorisationStatus) status = NULL;
  g_autofree char *described = NULL;

  if (items == NULL)
    return sl_cli_fail (globals, error);
  if (case_number != NULL)
    {
      if (!(status = sl_engine_authorisation_status (engine, session, case_number, &error)))
        return sl_cli_fail (globals, error);
      described = sl_authorisation_status_describe (status);
    }
  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      if (status != NULL)
        {
          sl_cli_json_string (b, "mode", sl_authorisation_mode_to_string (status->mode));
          sl_cli_json_string (b, "status", described);
          sl_cli_json_string (b, "deadline", status->deadline);
          sl_cli_json_int (b, "seconds_left", status->seconds_left);
        }
      json_builder_set_member_name (b, "authorisations");
      json_builder_begin_array (b);
      for (guint i = 0; i < items->len; i++)
        authorisation_to_json (b, g_ptr_array_index (items, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      sl_cli_print_json (b);
      return SL_EXIT_OK;
    }
  if (described != NULL)
    printf (_("Case %s: %s\n"), case_number, described);
  for (guint i = 0; i < items->len; i++)
    print_authorisation (g_ptr_array_index (items, i));
  if (items->len == 0 && !globals->quiet)
    printf ("%s\n", pending ? _("No authorisation is pending.") : _("No authorisations."));
  return SL_EXIT_OK;
}

/* The case's one pending authorisation. */
static gint64
pending_of (SlEngine    *engine,
            SlSession   *session,
            const char  *case_number,
            GError     **error)
{
  g_autoptr(GPtrArray) items = sl_engine_authorisation_list (engine, session, case_number, TRUE, error);

  if (items == NULL)
    return 0;
  if (items->len == 0)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND,
                   _("Case '%s' has no pending authorisation to decide on"), case_number);
      return 0;
    }
  return ((SlAuthorisation *) g_ptr_array_index (items, 0))->id;
}

/* public API */

int
sl_cli_authorisation (SlCliGlobals  *globals,
                      int            argc,
                      char         **argv)
{
  g_autofree char *case_number = NULL;
  g_autofree char *authority = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *decision = NULL;
  g_autofree char *audit_key = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(SlAuthorisation) a = NULL;
  g_autoptr(GError) error = NULL;
  gboolean pending = FALSE;
  SlSealCounts counts = { 0 };
  const char *action;
  gint64 id;
  int ret;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_number, N_("The case"), N_("NUMBER") },
    { "authority", 0, 0, G_OPTION_ARG_STRING, &authority, N_("request: the authority asked (a court, a prosecutor)"),
      N_("TEXT") },
    { "reference", 0, 0, G_OPTION_ARG_STRING, &reference, N_("request: the authority's reference"), N_("TEXT") },
    { "decision", 0, 0, G_OPTION_ARG_STRING, &decision, N_("grant, refuse: what the authority decided"),
      N_("TEXT") },
    { "pending", 0, 0, G_OPTION_ARG_NONE, &pending, N_("list: only the pending ones"), NULL },
    { "audit-key", 0, 0, G_OPTION_ARG_FILENAME, &audit_key, N_("The audit key file, if not where the database says"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "request|grant|refuse|list --case N [--authority T --reference T] [--decision T]",
                     _("Requests an authority's authorisation of a case's searches, records its grant or refusal "
                       "(a refusal seals the searches run without it), and lists them."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc != 2)
    return sl_cli_usage_error (_("authorisation: expected request, grant, refuse or list (try --help)"));
  action = argv[1];
  if (!g_strv_contains ((const char *const[]) { "request", "grant", "refuse", "list", NULL }, action))
    return sl_cli_usage_error (_("authorisation: unknown action '%s' (expected request, grant, refuse or list)"),
                               action);
  if (!g_str_equal (action, "list") && case_number == NULL)
    return sl_cli_usage_error (_("authorisation %s needs --case NUMBER"), action);
  if (g_str_equal (action, "request") && (authority == NULL || reference == NULL))
    return sl_cli_usage_error (_("authorisation request needs --authority TEXT and --reference TEXT"));
  if ((g_str_equal (action, "grant") || g_str_equal (action, "refuse")) && decision == NULL)
    return sl_cli_usage_error (_("authorisation %s needs --decision TEXT: what the authority decided"), action);

  if ((ret = sl_cli_open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
    return ret;

  if (g_str_equal (action, "list"))
    return list (globals, engine, session, case_number, pending);
  if (g_str_equal (action, "request"))
    a = sl_engine_authorisation_request (engine, session, case_number, authority, reference, &error);
  else if ((id = pending_of (engine, session, case_number, &error)) > 0)
    a = sl_engine_authorisation_decide (engine, session, id, g_str_equal (action, "grant"), decision, &counts,
                                        &error);
  if (a == NULL)
    return sl_cli_fail (globals, error);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      authorisation_to_json (b, a);
      sl_cli_print_json (b);
      return SL_EXIT_OK;
    }
  print_authorisation (a);
  if (a->state == SL_AUTHORISATION_REFUSED)
    printf (_("Sealed %u searches: %u candidates and %u decisions erased, the data of %u probe faces and %u "
              "tracks erased.\n"), counts.searches, counts.candidates, counts.decisions, counts.faces, counts.tracks);
  return SL_EXIT_OK;
}
