/* sl-cli-bench-desks.c: `bench desks [--desks N] [--seconds S] [--db URI]`:
 * N desk processes doing the same mix of audited actions (import, analyse,
 * enrol into one gallery, search, decide) against one PostgreSQL server,
 * beside the same work of one desk on a SQLite file; audited actions a
 * second and search latency, as JSON. `bench desk` is one such desk, the
 * process the others start.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "bench/sl-desks-bench.h"
#include "cli/sl-cli-private.h"
#include "engine/sightline-engine.h"

/* helpers */

typedef struct
{
  guint   desks;
  guint   actions;
  guint   failed;
  double  wall_s;
  GArray *search_ms;
  JsonNode *per_desk;   /* array */
} RunSummary;

static void
run_summary_clear (RunSummary *s)
{
  g_clear_pointer (&s->search_ms, g_array_unref);
  g_clear_pointer (&s->per_desk, json_node_unref);
}

static char *
default_images (void)
{
  const char *shared = g_getenv ("SIGHTLINE_SHARED_DIR");

  return shared != NULL ? g_build_filename (shared, "datasets", "lfw-view1", "images", NULL) : NULL;
}

/* Starts n_desks `bench desk` processes of this program on db, waits for
 * them all and adds up what they printed. */
static gboolean
run_desks (SlCliGlobals  *globals,
           const char    *db,
           guint          n_desks,
           double         seconds,
           const char    *images,
           const char    *dir,
           RunSummary    *out,
           GError       **error)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", error);
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *seconds_text = g_strdup_printf ("%.3f", seconds);
  g_autofree char *n_text = g_strdup_printf ("%u", n_desks);
  gboolean ok = TRUE;

  if (self == NULL)
    return FALSE;
  out->desks = n_desks;
  out->search_ms = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint d = 1; d <= n_desks; d++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_autofree char *desk = g_strdup_printf ("%u", d);
      g_autofree char *scratch = g_strdup_printf ("%s/desk-%u", dir, d);
      g_autofree char *data = g_strdup_printf ("%s/desk-%u-data", dir, d);
      g_autofree char *log = g_strdup_printf ("%s/desk-%u.log", dir, d);
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      GSubprocess *child;

      g_mkdir_with_parents (scratch, 0700);
      /* What a desk keeps of its own (the audit head witness) is its own,
       * as on separate machines. */
      g_subprocess_launcher_setenv (launcher, "SIGHTLINE_DATA_DIR", data, TRUE);
      g_ptr_array_add (argv, self);
      g_ptr_array_add (argv, (gpointer) "--db");
      g_ptr_array_add (argv, (gpointer) db);
      if (globals->model_dir != NULL)
        {
          g_ptr_array_add (argv, (gpointer) "--model-dir");
          g_ptr_array_add (argv, globals->model_dir);
        }
      g_ptr_array_add (argv, (gpointer) "bench");
      g_ptr_array_add (argv, (gpointer) "desk");
      g_ptr_array_add (argv, (gpointer) "--desk");
      g_ptr_array_add (argv, desk);
      g_ptr_array_add (argv, (gpointer) "--desks");
      g_ptr_array_add (argv, n_text);
      g_ptr_array_add (argv, (gpointer) "--seconds");
      g_ptr_array_add (argv, seconds_text);
      g_ptr_array_add (argv, (gpointer) "--images");
      g_ptr_array_add (argv, (gpointer) images);
      g_ptr_array_add (argv, (gpointer) "--scratch");
      g_ptr_array_add (argv, scratch);
      g_ptr_array_add (argv, (gpointer) "--log");
      g_ptr_array_add (argv, log);
      g_ptr_array_add (argv, NULL);
      if (!(child = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, error)))
        return FALSE;
      g_ptr_array_add (children, child);
    }

  json_builder_begin_array (b);
  for (guint i = 0; i < children->len; i++)
    {
      GSubprocess *child = g_ptr_array_index (children, i);
      g_autofree char *text = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;
      JsonArray *ms;

      /* Each prints a few hundred bytes at its end: reading them in turn
       * never blocks a desk. */
      if (!g_subprocess_communicate_utf8 (child, NULL, NULL, &text, NULL, &local_error) ||
          !g_subprocess_get_successful (child) ||
          !json_parser_load_from_data (parser, text != NULL ? text : "", -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          if (ok)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Desk %u failed: %s"), i + 1,
                         local_error != NULL ? local_error->message : text != NULL ? text : "");
          ok = FALSE;
          continue;
        }
      o = json_node_get_object (json_parser_get_root (parser));
      out->actions += json_object_get_int_member (o, "actions");
      out->failed += json_object_get_int_member (o, "failed");
      out->wall_s = MAX (out->wall_s, json_object_get_double_member (o, "wall_s"));
      ms = json_object_get_array_member (o, "search_ms");
      for (guint k = 0; k < json_array_get_length (ms); k++)
        {
          double v = json_array_get_double_element (ms, k);
          g_array_append_val (out->search_ms, v);
        }
      json_builder_begin_object (b);
      sl_cli_json_int (b, "desk", i + 1);
      sl_cli_json_int (b, "actions", json_object_get_int_member (o, "actions"));
      sl_cli_json_int (b, "failed", json_object_get_int_member (o, "failed"));
      sl_cli_json_int (b, "rounds", json_object_get_int_member (o, "rounds"));
      sl_cli_json_double (b, "actions_per_s",
                          json_object_get_int_member (o, "actions") /
                          MAX (json_object_get_double_member (o, "wall_s"), 1e-9));
      sl_cli_json_int (b, "searches", json_array_get_length (ms));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  out->per_desk = json_builder_get_root (b);
  return ok;
}

static void
summary_to_json (JsonBuilder *b,
                 const char  *name,
                 const char  *backend,
                 RunSummary  *s)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  sl_cli_json_string (b, "backend", backend);
  sl_cli_json_int (b, "desks", s->desks);
  sl_cli_json_double (b, "wall_s", s->wall_s);
  sl_cli_json_int (b, "actions", s->actions);
  sl_cli_json_int (b, "failed", s->failed);
  sl_cli_json_double (b, "actions_per_s", s->actions / MAX (s->wall_s, 1e-9));
  sl_cli_json_double (b, "actions_per_s_per_desk", s->actions / MAX (s->wall_s, 1e-9) / MAX (s->desks, 1));
  sl_cli_json_int (b, "searches", s->search_ms->len);
  sl_cli_json_double (b, "search_p50_ms", sl_desks_percentile (s->search_ms, 0.50));
  sl_cli_json_double (b, "search_p95_ms", sl_desks_percentile (s->search_ms, 0.95));
  json_builder_set_member_name (b, "per_desk");
  json_builder_add_value (b, json_node_ref (s->per_desk));
  json_builder_end_object (b);
}

/* public API */

int
sl_cli_bench_desk (SlCliGlobals  *globals,
                   int            argc,
                   char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *images = NULL;
  g_autofree char *scratch = NULL;
  g_autofree char *log_path = NULL;
  SlDeskResult r = { 0 };
  SlDeskOptions o = { 0 };
  FILE *log = NULL;
  int desk = 0, desks = 0;
  double seconds = 60;
  gboolean ok;
  GOptionEntry entries[] = {
    { "desk", 0, 0, G_OPTION_ARG_INT, &desk, N_("This desk's number, from 1"), N_("D") },
    { "desks", 0, 0, G_OPTION_ARG_INT, &desks, N_("Desks in all"), N_("N") },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, N_("How long to work (default 60)"), N_("S") },
    { "images", 0, 0, G_OPTION_ARG_FILENAME, &images, N_("Folder of Name/Name_NNNN.jpg images"), N_("DIR") },
    { "scratch", 0, 0, G_OPTION_ARG_FILENAME, &scratch, N_("A folder of this desk's own"), N_("DIR") },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &log_path, N_("Write every action reported done to FILE"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "desk",
                     _("One desk of `bench desks`: the accounts inv-D, sup-D and adm-D of a database "
                       "prepared by it import, analyse, enrol, search and decide for the given seconds."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (globals->db_path == NULL || images == NULL || scratch == NULL || desks < 1 || desk < 1 || desk > desks ||
      seconds <= 0)
    return sl_cli_usage_error (_("bench desk needs --db, --desk D, --desks N (D from 1 to N), --seconds above 0, "
                                 "--images DIR and --scratch DIR"));
  if (log_path != NULL && (log = fopen (log_path, "a")) == NULL)
    {
      g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (errno), _("Cannot write '%s': %s"), log_path,
                   g_strerror (errno));
      return sl_cli_fail (globals, error);
    }
  o.db = globals->db_path;
  o.model_dir = globals->model_dir;
  o.images = images;
  o.scratch = scratch;
  o.desk = (guint) desk;
  o.n_desks = (guint) desks;
  o.seconds = seconds;
  ok = sl_desk_run (&o, log, &r, &error);
  if (log != NULL)
    fclose (log);
  if (!ok)
    {
      sl_desk_result_clear (&r);
      return sl_cli_fail (globals, error);
    }

  json_builder_begin_object (b);
  sl_cli_json_int (b, "desk", desk);
  sl_cli_json_int (b, "actions", r.actions);
  sl_cli_json_int (b, "failed", r.failed);
  sl_cli_json_int (b, "rounds", r.rounds);
  sl_cli_json_double (b, "wall_s", r.wall_s);
  json_builder_set_member_name (b, "search_ms");
  json_builder_begin_array (b);
  for (guint i = 0; i < r.search_ms->len; i++)
    json_builder_add_double_value (b, g_array_index (r.search_ms, double, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  sl_cli_print_json (b);
  sl_desk_result_clear (&r);
  return SL_EXIT_OK;
}

int
sl_cli_bench_desks (SlCliGlobals  *globals,
                    int            argc,
                    char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *images = NULL;
  g_autofree char *script = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cluster = NULL;
  g_autofree char *super_uri = NULL;
  g_autofree char *owner_uri = NULL;
  g_autofree char *desk_uri = NULL;
  g_autofree char *sqlite_db = NULL;
  g_autofree char *pg_dir = NULL;
  g_autofree char *sqlite_dir = NULL;
  RunSummary pg = { 0 }, lite = { 0 };
  int desks = 8;
  double seconds = 60;
  gboolean ok = FALSE;
  GOptionEntry entries[] = {
    { "desks", 0, 0, G_OPTION_ARG_INT, &desks, N_("Desk processes on the server (default 8)"), N_("N") },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, N_("How long each run lasts (default 60)"), N_("S") },
    { "images", 0, 0, G_OPTION_ARG_FILENAME, &images,
      N_("Folder of Name/Name_NNNN.jpg images (default: the shared LFW development set)"), N_("DIR") },
    { "pg-cluster-script", 0, 0, G_OPTION_ARG_FILENAME, &script,
      N_("Start a throwaway server with this pg-cluster.sh when no --db is given"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "desks",
                     _("N desk processes import, analyse, enrol into one gallery, search and decide against one "
                       "PostgreSQL server (--db, an empty database, or else a throwaway cluster), then one desk "
                       "does the same on a SQLite file: audited actions a second and search latency."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (desks < 1 || desks > 64 || seconds <= 0)
    return sl_cli_usage_error (_("--desks must be from 1 to 64 and --seconds above 0"));
  if (globals->db_path != NULL && !g_str_has_prefix (globals->db_path, "postgresql://") &&
      !g_str_has_prefix (globals->db_path, "postgres://"))
    return sl_cli_usage_error (_("bench desks takes a PostgreSQL URI as --db (an empty database)"));
  if (images == NULL && (images = default_images ()) == NULL)
    return sl_cli_usage_error (_("bench desks needs --images DIR (or SIGHTLINE_SHARED_DIR)"));
  if (script == NULL)
    script = g_strdup (SL_PG_CLUSTER_SCRIPT);

  if (!(dir = g_dir_make_tmp ("sl-desks-XXXXXX", &error)))
    return sl_cli_fail (globals, error);
  pg_dir = g_build_filename (dir, "postgresql", NULL);
  sqlite_dir = g_build_filename (dir, "sqlite", NULL);
  g_mkdir_with_parents (pg_dir, 0700);
  g_mkdir_with_parents (sqlite_dir, 0700);
  /* What this process keeps of the databases it prepares (the audit head
   * witness) stays in the temp folder, never in the person's own data. */
  {
    g_autofree char *data = g_build_filename (dir, "prepare-data", NULL);
    g_setenv ("SIGHTLINE_DATA_DIR", data, TRUE);
  }

  if (globals->db_path != NULL)
    {
      owner_uri = g_strdup (globals->db_path);
      desk_uri = g_strdup (globals->db_path);
    }
  else
    {
      /* A folder of its own, directly under the temp dir: the script hands
       * it to the postgres user when run as root, who must reach it. */
      if (!(cluster = g_dir_make_tmp ("sl-desks-pg-XXXXXX", &error)))
        goto out;
      if (!(super_uri = sl_desks_cluster_start (script, cluster, &error)))
        {
          g_clear_pointer (&cluster, g_free);
          goto out;
        }
      if (!sl_desks_server_database (super_uri, "sightline_bench", &owner_uri, &desk_uri, &error))
        goto out;
    }

  if (!sl_desks_prepare (owner_uri, desk_uri, (guint) desks, &error) ||
      !run_desks (globals, desk_uri, (guint) desks, seconds, images, pg_dir, &pg, &error))
    goto out;
  sqlite_db = g_build_filename (sqlite_dir, "sightline.db", NULL);
  if (!sl_desks_prepare (sqlite_db, sqlite_db, 1, &error) ||
      !run_desks (globals, sqlite_db, 1, seconds, images, sqlite_dir, &lite, &error))
    goto out;
  ok = TRUE;

out:
  if (cluster != NULL)
    sl_desks_cluster_stop (script, cluster);
  sl_remove_tree (dir);
  if (!ok)
    {
      run_summary_clear (&pg);
      run_summary_clear (&lite);
      return sl_cli_fail (globals, error);
    }

  json_builder_begin_object (b);
  sl_cli_json_int (b, "desks", desks);
  sl_cli_json_double (b, "seconds", seconds);
  summary_to_json (b, "postgresql", "postgresql", &pg);
  summary_to_json (b, "sqlite", "sqlite", &lite);
  json_builder_end_object (b);
  /* A benchmark's output is JSON whether or not --json was given. */
  sl_cli_print_json (b);
  run_summary_clear (&pg);
  run_summary_clear (&lite);
  return SL_EXIT_OK;
}
