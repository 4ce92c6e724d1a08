/* sl-cli-private.h: what the sightline-cli command files share.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "engine/sightline-engine.h"

G_BEGIN_DECLS

/* Exit codes, as DESIGN.md's CLI contract states them. */
typedef enum
{
  SL_EXIT_OK        = 0,
  SL_EXIT_FAILED    = 1,  /* failed, or a negative result */
  SL_EXIT_USAGE     = 2,
  SL_EXIT_REFUSED   = 3,  /* refused by policy */
  SL_EXIT_BAD_INPUT = 4,  /* a bad input file */
} SlExitCode;

/* SIGINT and SIGTERM (sl-cli-signals.c). A long command hands this
 * cancellable to the engine; the first signal cancels it, the command
 * reports what it completed and exits SL_EXIT_FAILED. Should it not have
 * stopped SL_CLI_INTERRUPT_GRACE_S seconds later, or at a second signal,
 * the process ends with 128 + the signal number. Commands that never ask
 * for it end at the first signal, as without a handler. */
#define SL_CLI_INTERRUPT_GRACE_S 10
void          sl_cli_signals_install        (void);
GCancellable *sl_cli_interrupt_cancellable  (void);
/* The signal that interrupted the command, 0 when none did. */
int           sl_cli_interrupt_signal       (void);
const char   *sl_cli_interrupt_signal_name  (void);

/* Options every command takes. */
typedef struct
{
  char     *db_path;
  char     *user;
  char     *model_dir;
  char     *witness;     /* the audit head witness; NULL: the engine's default */
  gboolean  json;
  gboolean  quiet;
} SlCliGlobals;

typedef int (*SlCliCommandFunc) (SlCliGlobals  *globals,
                                 int            argc,
                                 char         **argv);

/* Parses the command's own options together with the global ones. On a
 * usage error prints it and returns FALSE. */
gboolean  sl_cli_parse            (SlCliGlobals   *globals,
                                   const char     *parameter_string,
                                   const char     *summary,
                                   GOptionEntry   *entries,
                                   int            *argc,
                                   char         ***argv);
int       sl_cli_usage_error      (const char     *format,
                                   ...) G_GNUC_PRINTF (1, 2);
/* Prints the error for a person (stderr), and as {"error":...} on stdout
 * with --json; returns the exit code the error maps to. */
int       sl_cli_fail             (SlCliGlobals   *globals,
                                   const GError   *error);
SlExitCode sl_cli_exit_code_for   (const GError   *error);
void      sl_cli_print_json       (JsonBuilder    *builder);

/* One member of the object being built: its name, then its value. */
void      sl_cli_json_string      (JsonBuilder    *builder,
                                   const char     *name,
                                   const char     *value);
void      sl_cli_json_int         (JsonBuilder    *builder,
                                   const char     *name,
                                   gint64          value);
void      sl_cli_json_double      (JsonBuilder    *builder,
                                   const char     *name,
                                   double          value);
void      sl_cli_json_bool        (JsonBuilder    *builder,
                                   const char     *name,
                                   gboolean        value);
/* A one-line progress bar on stderr, only when stderr is a terminal or
 * SIGHTLINE_PROGRESS=1; quiet otherwise. */
void      sl_cli_progress         (SlCliGlobals   *globals,
                                   const char     *label,
                                   guint64         done,
                                   guint64         total);
void      sl_cli_progress_end     (SlCliGlobals   *globals);
/* A path argument as a person can read it (non-UTF-8 names escaped). */
char     *sl_cli_display_path     (const char     *path);

/* The case store commands share these (sl-cli-store.c). */
typedef struct _SlEngine SlEngine;
typedef struct _SlSession SlSession;

/* The store commands' name for sl_cli_fail, which maps every layer's
 * errors (engine, store, net, vision, files) to the exit codes. */
#define sl_cli_store_fail sl_cli_fail
/* A password from the environment variable, else a no-echo prompt on the
 * terminal (asked twice when confirm); NULL and an error without either. */
char     *sl_cli_read_password    (const char     *env_var,
                                   const char     *prompt,
                                   gboolean        confirm,
                                   GError        **error);
/* Opens the database --db names (or the default) and signs in --user with
 * SIGHTLINE_PASSWORD or a prompt. On failure prints why and returns the
 * exit code; SL_EXIT_OK otherwise. audit_key may be NULL. */
int       sl_cli_open_session     (SlCliGlobals   *globals,
                                   const char     *audit_key,
                                   SlEngine      **engine,
                                   SlSession     **session);
/* The same; when the database cannot be opened, the error goes to
 * open_error (not printed) for the caller to report. */
int       sl_cli_open_session_full (SlCliGlobals  *globals,
                                    const char    *audit_key,
                                    SlEngine     **engine,
                                    SlSession    **session,
                                    GError       **open_error);

/* sl-cli-recovery.c */
int       sl_cli_user_recover        (SlCliGlobals *globals,
                                      const char   *audit_key,
                                      const char   *name);
int       sl_cli_user_recovery_code  (SlCliGlobals *globals,
                                      const char   *audit_key);
void      sl_cli_print_recovery_code (const char   *code);

int sl_cli_models  (SlCliGlobals *globals, int argc, char **argv);

/* `models fairness` (sl-cli-fairness.c). */
typedef struct
{
  const char *labels;
  const char *images;
  const char *embedder;
  const char *threshold;    /* NULL: the policy's, else the calibration's */
  const char *target_fmr;   /* NULL: the policy's, else 1e-5 */
  const char *out;
  const char *dataset;
  const char *limits;
} SlCliFairnessArgs;

int  sl_cli_models_fairness  (SlCliGlobals            *globals,
                              SlModelManifest         *manifest,
                              const char              *model_dir,
                              const SlCliFairnessArgs *args);
/* A measurement's rates at threshold as `models fairness --json` prints
 * them. */
void sl_cli_fairness_to_json (JsonBuilder             *builder,
                              SlFairness              *fairness,
                              double                   threshold,
                              double                   target_fmr);
/* What `models list` shows of an embedder's per-group measurement: the
 * "fairness" member (null and "fairness_note" when there is none), or
 * lines under the model's row. */
void sl_cli_fairness_list_json     (JsonBuilder       *builder,
                                    const SlModelInfo *info,
                                    const char        *model_dir);
void sl_cli_fairness_print_summary (const SlModelInfo *info,
                                    const char        *model_dir);
int sl_cli_detect  (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_compare (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_bench   (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_init     (SlCliGlobals *globals, int argc, char **argv);
/* `store migrate | copy` (sl-cli-store-admin.c). */
int sl_cli_store    (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_user     (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_case     (SlCliGlobals *globals, int argc, char **argv);
/* `case members ...` (sl-cli-members.c), given the case command's argv. */
int sl_cli_case_members (SlCliGlobals *globals, int argc, char **argv);
/* sl-cli-persons.c: `case persons`, with the options sl_cli_case parsed;
 * argv holds what follows "persons". */
typedef struct
{
  char  *case_number;
  char **faces;
  char  *name;
  char  *audit_key;
} SlCliPersonsOptions;

void sl_cli_persons_options_clear (SlCliPersonsOptions *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlCliPersonsOptions, sl_cli_persons_options_clear)
int  sl_cli_case_persons (SlCliGlobals *globals, SlCliPersonsOptions *options, int argc, char **argv);
int sl_cli_evidence (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_audit    (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_policy   (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_gallery  (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_analyse  (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_search   (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_decide   (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_review   (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_outcome  (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_authorisation (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_report   (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_retention (SlCliGlobals *globals, int argc, char **argv);
/* `bench audit` and `bench ident`, for sl_cli_bench to dispatch to. */
int sl_cli_bench_audit (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_bench_ident (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_bench_report (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_bench_accountability (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_bench_startup (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_bench_persons (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_bench_viewer (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_bench_desks   (SlCliGlobals *globals, int argc, char **argv);
int sl_cli_bench_desk    (SlCliGlobals *globals, int argc, char **argv);
/* `gallery test` and `gallery tests`, for sl_cli_gallery (sl-cli-gallery-test.c). */
int sl_cli_gallery_test  (SlCliGlobals *globals, SlEngine *engine, SlSession *session, const char *gallery,
                          const char *probes, const char *images, guint n_threads);
int sl_cli_gallery_tests (SlCliGlobals *globals, SlEngine *engine, SlSession *session, const char *gallery);

G_END_DECLS
