/* sl-desks-bench.h: several desks on one database (`bench desks`, and the
 * 4-desk test): the accounts and shared gallery they work with, and one
 * desk's loop of audited actions (import, analyse, enrol, search, decide)
 * for a given time, each action it was told succeeded written to a log.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

/* The password of every account sl_desks_prepare () makes. */
#define SL_DESKS_PASSWORD "desk-password-1"
/* The gallery every desk enrols into and searches. */
#define SL_DESKS_GALLERY  "office"

/* Makes the database at init_db (the owner's URI, or a SQLite file) with
 * administrator "root", then, connected as the desks are (desk_db), for
 * each desk d in 1..n_desks: administrator adm-d (enrols), investigator
 * inv-d (imports, analyses, decides) and supervisor sup-d (searches, so
 * that whoever decides on a candidate never ran its search), and the
 * gallery SL_DESKS_GALLERY. */
gboolean sl_desks_prepare (const char  *init_db,
                           const char  *desk_db,
                           guint        n_desks,
                           GError     **error);

typedef struct
{
  const char *db;          /* the desks' URI or the SQLite file */
  const char *model_dir;   /* NULL: the default */
  const char *images;      /* Name/Name_NNNN.jpg folders (LFW) */
  const char *scratch;     /* a folder of this desk's own for enrolment lists */
  guint       desk;        /* 1..n_desks */
  guint       n_desks;
  double      seconds;
} SlDeskOptions;

typedef struct
{
  guint   actions;         /* audited actions reported done */
  guint   failed;          /* actions that failed (logged with their error) */
  guint   rounds;          /* rounds of the whole mix finished */
  double  wall_s;
  GArray *search_ms;       /* double: every successful search's time */
} SlDeskResult;

void     sl_desk_result_clear (SlDeskResult *result);

/* Runs one desk for options->seconds. Every action the engine reported
 * done goes to log as "ok ACTION OBJECT_ID [DETAIL]" (the audit's action
 * name and object id, tab-separated), every failure as "fail STEP
 * MESSAGE"; each line flushed as written. A failed action ends the round,
 * and the next round starts after a short pause, as a person would try
 * again. Fails only when the desk cannot start (sign-in, images). */
gboolean sl_desk_run          (const SlDeskOptions *options,
                               FILE                *log,
                               SlDeskResult        *result,
                               GError             **error);

/* The value at fraction q (0..1) of the sorted values (nearest rank); 0
 * when there are none. Sorts values. */
double   sl_desks_percentile  (GArray *values,
                               double  q);

/* A throwaway cluster (build-aux/pg-cluster.sh) in dir, which the script
 * makes: its superuser URI. */
char    *sl_desks_cluster_start   (const char  *script,
                                   const char  *dir,
                                   GError     **error);
void     sl_desks_cluster_stop    (const char  *script,
                                   const char  *dir);
/* A new empty database name on the server of super_uri, owned by
 * sightline_owner, as build-aux/pg-setup.sh makes an office's: the URIs of
 * its owner and of the desks' role. */
gboolean sl_desks_server_database (const char  *super_uri,
                                   const char  *name,
                                   char       **owner_uri,
                                   char       **desk_uri,
                                   GError     **error);

G_END_DECLS
