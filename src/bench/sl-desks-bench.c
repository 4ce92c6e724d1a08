/* sl-desks-bench.c: several desks on one database (see sl-desks-bench.h).
 * Each desk is a process of its own (sightline-cli bench desk), so that the
 * database, not a lock in one process, is what serialises their writes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-bench"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "bench/sl-desks-bench.h"
#include "engine/sightline-engine.h"

#define FACTS "The person on the shop camera took the till at 21:40 and left on foot."
#define RATIONALE "Compared ears, nose and hairline with the probe"

/* helpers */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* The visible entries of dir, sorted. */
static GPtrArray *
sorted_entries (const char  *dir,
                GError     **error)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return NULL;
  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (out, g_strdup (name));
  g_ptr_array_sort (out, compare_strings);
  return g_steal_pointer (&out);
}

/* The identities with two photos or more: one to enrol, one to search. */
static GPtrArray *
identities (const char  *images,
            GError     **error)
{
  g_autoptr(GPtrArray) all = sorted_entries (images, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    {
      g_autofree char *sub = g_build_filename (images, g_ptr_array_index (all, i), NULL);
      g_autoptr(GPtrArray) files = sorted_entries (sub, NULL);

      if (files != NULL && files->len >= 2)
        g_ptr_array_add (out, g_strdup (g_ptr_array_index (all, i)));
    }
  if (out->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No folder in '%s' holds two photos of one person"), images);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static char *
photo (const char *images,
       const char *identity,
       guint       index)
{
  g_autofree char *sub = g_build_filename (images, identity, NULL);
  g_autoptr(GPtrArray) files = sorted_entries (sub, NULL);

  return g_build_filename (sub, g_ptr_array_index (files, index), NULL);
}

static void G_GNUC_PRINTF (2, 3)
log_line (FILE       *log,
          const char *format,
          ...)
{
  va_list args;

  if (log == NULL)
    return;
  va_start (args, format);
  vfprintf (log, format, args);
  va_end (args);
  fputc ('\n', log);
  fflush (log);
}

/* The message on one line, for the log. */
static char *
one_line (const char *message)
{
  char *line = g_strdup (message);

  g_strdelimit (line, "\t\r\n", ' ');
  return line;
}

typedef struct
{
  SlEngine  *engine;
  SlSession *inv;
  SlSession *sup;
  SlSession *adm;
  char      *case_number;
  gboolean   case_open;
} Desk;

static void
desk_clear (Desk *d)
{
  g_clear_object (&d->inv);
  g_clear_object (&d->sup);
  g_clear_object (&d->adm);
  g_clear_object (&d->engine);
  g_clear_pointer (&d->case_number, g_free);
}

static SlSession *
sign_in (SlEngine    *engine,
         const char  *role,
         guint        desk,
         GError     **error)
{
  g_autofree char *name = g_strdup_printf ("%s-%u", role, desk);
  return sl_engine_sign_in (engine, name, SL_DESKS_PASSWORD, error);
}

/* One round of the mix; FALSE with error at the first action that failed
 * (its step in *step). */
static gboolean
round_run (Desk                *d,
           const SlDeskOptions *o,
           const char          *identity,
           guint                round,
           FILE                *log,
           SlDeskResult        *result,
           const char         **step,
           GError             **error)
{
  g_autofree char *probe = photo (o->images, identity, 1);
  g_autofree char *enrol_photo = photo (o->images, identity, 0);
  g_autofree char *list = g_strdup_printf ("%s/round-%u", o->scratch, round);
  g_autofree char *subject = g_build_filename (list, identity, NULL);
  g_autofree char *base = g_path_get_basename (enrol_photo);
  g_autofree char *link = g_build_filename (subject, base, NULL);
  g_autoptr(SlEvidence) e = NULL;
  g_autoptr(SlAnalysis) a = NULL;
  g_autoptr(SlEnrolSummary) s = NULL;
  g_autoptr(SlSearchResult) r = NULL;
  SlEnrolOptions enrol = { .dir = list, .n_threads = 1 };
  SlSearchRequest req = { 0 };
  SlDecideResult decided = { 0 };
  gint64 face = 0, enrolled = 0;
  float best = -1;
  gint64 t0;

  if (!d->case_open)
    {
      g_autoptr(SlCase) c = NULL;

      g_autoptr(GError) local_error = NULL;

      /* The case's number is this process's own: when it exists, this
       * desk opened it in an action whose answer the connection lost. */
      *step = "case.open";
      c = sl_engine_case_open (d->engine, d->inv, d->case_number, "Desk case", &local_error);
      if (c == NULL && !g_error_matches (local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (c != NULL)
        {
          log_line (log, "ok\tcase.open\t%" G_GINT64_FORMAT, c->id);
          result->actions++;
        }
      d->case_open = TRUE;
    }

  *step = "evidence.import";
  if (!(e = sl_engine_evidence_import (d->engine, d->inv, d->case_number, probe, NULL, NULL, NULL, error)))
    return FALSE;
  log_line (log, "ok\tevidence.import\t%" G_GINT64_FORMAT, e->id);
  result->actions++;

  *step = "evidence.analyze";
  if (!(a = sl_engine_analyse (d->engine, d->inv, d->case_number, e->id, NULL, NULL, error)))
    return FALSE;
  for (guint i = 0; i < a->faces->len; i++)
    {
      SlProbeFace *f = g_ptr_array_index (a->faces, i);

      if (f->box[2] * f->box[3] > best)
        {
          best = f->box[2] * f->box[3];
          face = f->id;
        }
    }
  log_line (log, "ok\tevidence.analyze\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT, e->id, face);
  result->actions++;

  /* A list of one subject, the identity's first photo, as a link. */
  *step = "gallery.enroll";
  if (g_mkdir_with_parents (subject, 0700) != 0 || (symlink (enrol_photo, link) != 0 && errno != EEXIST))
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), _("Cannot make the enrolment list '%s': %s"),
                   subject, g_strerror (errno));
      return FALSE;
    }
  if (!(s = sl_engine_gallery_enrol (d->engine, d->adm, SL_DESKS_GALLERY, &enrol, NULL, error)))
    return FALSE;
  for (guint i = 0; i < s->outcomes->len; i++)
    {
      SlEnrolOutcome *out = g_ptr_array_index (s->outcomes, i);

      if (out->face_id > 0)
        enrolled = out->face_id;
    }
  log_line (log, "ok\tgallery.enroll\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT, s->gallery_id, enrolled);
  result->actions++;

  if (face == 0)
    return TRUE;   /* no face in the probe: nothing to search with */

  /* The supervisor searches, so that the investigator may decide. */
  *step = "search";
  req.case_number = d->case_number;
  req.face_id = face;
  req.gallery = SL_DESKS_GALLERY;
  req.offense = "ROBBERY";
  req.legal_basis = "Warrant 2024/117 of the district court";
  req.purpose = "suspect";
  req.facts = FACTS;
  req.top_k = 3;
  req.show_below_threshold = TRUE;
  t0 = g_get_monotonic_time ();
  if (!(r = sl_engine_search (d->engine, d->sup, &req, NULL, error)))
    return FALSE;
  {
    double ms = (g_get_monotonic_time () - t0) / 1000.0;
    g_array_append_val (result->search_ms, ms);
  }
  log_line (log, "ok\tsearch\t%" G_GINT64_FORMAT, r->search_id);
  result->actions++;
  if (r->candidates->len == 0)
    return TRUE;

  *step = "candidate.decide";
  if (!sl_engine_decide (d->engine, d->inv,
                         ((SlSearchCandidate *) g_ptr_array_index (r->candidates, 0))->candidate_id,
                         round % 2 == 0 ? "excluded" : "inconclusive", RATIONALE, &decided, error))
    return FALSE;
  log_line (log, "ok\tcandidate.decide\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT, decided.candidate_id,
            decided.decision_id);
  result->actions++;
  return TRUE;
}

/* public API */

gboolean
sl_desks_prepare (const char  *init_db,
                  const char  *desk_db,
                  guint        n_desks,
                  GError     **error)
{
  g_autoptr(SlEngine) owner = sl_engine_new (init_db);
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) root = NULL;
  g_autoptr(SlGallery) gallery = NULL;
  static const struct { const char *prefix; const char *title; SlRole role; } roles[] = {
    { "adm", "Administrator", SL_ROLE_ADMIN },
    { "inv", "Investigator", SL_ROLE_INVESTIGATOR },
    { "sup", "Supervisor", SL_ROLE_SUPERVISOR },
  };

  if (!sl_engine_init_database (owner, "root", "Root Admin", SL_DESKS_PASSWORD, NULL, error))
    return FALSE;
  g_clear_object (&owner);
  engine = sl_engine_new (desk_db);
  if (!sl_engine_open (engine, error) ||
      !(root = sl_engine_sign_in (engine, "root", SL_DESKS_PASSWORD, error)))
    return FALSE;
  for (guint d = 1; d <= n_desks; d++)
    for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
      {
        g_autofree char *name = g_strdup_printf ("%s-%u", roles[i].prefix, d);
        g_autofree char *display = g_strdup_printf ("%s of desk %u", roles[i].title, d);

        if (!sl_engine_user_add (engine, root, name, display, roles[i].role, SL_DESKS_PASSWORD, error))
          return FALSE;
      }
  gallery = sl_engine_gallery_create (engine, root, SL_DESKS_GALLERY, "Shared by every desk", NULL, error);
  return gallery != NULL;
}

void
sl_desk_result_clear (SlDeskResult *result)
{
  g_clear_pointer (&result->search_ms, g_array_unref);
}

gboolean
sl_desk_run (const SlDeskOptions  *o,
             FILE                 *log,
             SlDeskResult         *result,
             GError              **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  Desk d = { 0 };
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + (gint64) (o->seconds * G_USEC_PER_SEC);
  gboolean ok = FALSE;

  g_return_val_if_fail (o->desk >= 1 && o->desk <= o->n_desks, FALSE);

  memset (result, 0, sizeof *result);
  result->search_ms = g_array_new (FALSE, FALSE, sizeof (double));
  if (!(ids = identities (o->images, error)))
    return FALSE;
  d.engine = sl_engine_new (o->db);
  sl_engine_set_model_dir (d.engine, o->model_dir);
  d.case_number = g_strdup_printf ("DESK-%u-%d", o->desk, (int) getpid ());
  if (!sl_engine_open (d.engine, error) ||
      !(d.inv = sign_in (d.engine, "inv", o->desk, error)) ||
      !(d.sup = sign_in (d.engine, "sup", o->desk, error)) ||
      !(d.adm = sign_in (d.engine, "adm", o->desk, error)))
    goto out;

  for (guint round = 0; g_get_monotonic_time () < end; round++)
    {
      /* Desks take turns through the identities, never the same one. */
      const char *identity = g_ptr_array_index (ids, (round * o->n_desks + o->desk - 1) % ids->len);
      g_autoptr(GError) local_error = NULL;
      const char *step = NULL;

      if (round_run (&d, o, identity, round, log, result, &step, &local_error))
        {
          result->rounds++;
          continue;
        }
      {
        g_autofree char *message = one_line (local_error->message);
        log_line (log, "fail\t%s\t%s", step, message);
        /* Whoever runs the benchmark sees why its numbers are low. */
        g_printerr ("desk %u: %s failed: %s\n", o->desk, step, message);
      }
      result->failed++;
      g_usleep (200 * 1000);
    }
  ok = TRUE;

out:
  result->wall_s = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  desk_clear (&d);
  return ok;
}

double
sl_desks_percentile (GArray *values,
                     double  q)
{
  guint rank;

  if (values == NULL || values->len == 0)
    return 0;
  g_array_sort (values, compare_doubles);
  rank = (guint) (q * values->len + 0.999999);
  rank = CLAMP (rank, 1, values->len);
  return g_array_index (values, double, rank - 1);
}

char *
sl_desks_cluster_start (const char  *script,
                        const char  *dir,
                        GError     **error)
{
  const char *argv[] = { "/bin/sh", script, "start", dir, NULL };
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, error))
    return NULL;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot start a PostgreSQL cluster with '%s': %s"),
                   script, g_strstrip (err));
      g_free (out);
      return NULL;
    }
  return g_strstrip (out);
}

void
sl_desks_cluster_stop (const char *script,
                       const char *dir)
{
  const char *argv[] = { "/bin/sh", script, "stop", dir, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                     &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_warning ("Cannot stop the PostgreSQL cluster in '%s': %s", dir, error->message);
}

gboolean
sl_desks_server_database (const char  *super_uri,
                          const char  *name,
                          char       **owner_uri,
                          char       **desk_uri,
                          GError     **error)
{
  PQconninfoOption *options = PQconninfoParse (super_uri, NULL);
  const char *host = "127.0.0.1", *port = "5432";
  g_autofree char *sql = NULL;
  PGconn *conn;
  PGresult *res;
  gboolean ok;

  for (PQconninfoOption *o = options; o != NULL && o->keyword != NULL; o++)
    if (o->val != NULL && strcmp (o->keyword, "host") == 0)
      host = o->val;
    else if (o->val != NULL && strcmp (o->keyword, "port") == 0)
      port = o->val;
  *owner_uri = g_strdup_printf ("postgresql://sightline_owner@%s:%s/%s", host, port, name);
  *desk_uri = g_strdup_printf ("postgresql://sightline_desk@%s:%s/%s", host, port, name);
  PQconninfoFree (options);

  conn = PQconnectdb (super_uri);
  sql = g_strdup_printf ("CREATE DATABASE %s OWNER sightline_owner TEMPLATE template0 ENCODING 'UTF8' "
                         "LC_COLLATE 'C' LC_CTYPE 'C'", name);
  res = PQexec (conn, sql);
  ok = PQresultStatus (res) == PGRES_COMMAND_OK;
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot make the database %s: %s"), name,
                 PQerrorMessage (conn));
  PQclear (res);
  PQfinish (conn);
  return ok;
}
