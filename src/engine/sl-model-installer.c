/* sl-model-installer.c: installs the manifest's models into a model
 * directory from the first source that has a file with the right SHA-256:
 * mirror directories, then an npm package, then https.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-model-installer"

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/sl-files.h"
#include "engine/sl-engine-private.h"
#include "engine/sl-model-installer.h"
#include "net/sl-download.h"

G_DEFINE_QUARK (sl-model-install-error-quark, sl_model_install_error)

typedef enum
{
  SOURCE_MIRROR,
  SOURCE_NPM,
  SOURCE_URL,
} SourceKind;

/* One place a model may come from, in the order they are tried. */
typedef struct
{
  SourceKind  kind;
  char       *location;     /* mirror directory, NAME@VERSION or URL */
  char       *label;        /* how a person reads it */
  char       *skip_reason;  /* set when the source is not tried at all */
} Source;

typedef struct
{
  const char                  *model_dir;
  const SlModelInstallOptions *opts;
  GCancellable                *cancellable;
  const SlModelInfo           *info;       /* the model being installed */
  const char                  *label;      /* the source being tried */
} Installer;

typedef struct
{
  SlModelManifest       *manifest;
  char                  *model_dir;
  char                  *mirror_dir;
  char                  *ca_file;
  GStrv                  only;
  SlModelInstallOptions  opts;
  SlModelInstallOptions  caller;           /* the caller's callbacks */
  GMainContext          *context;
  GTask                 *task;             /* not a reference: the task owns us */
  GMutex                 lock;
  char                  *progress_id;
  char                  *progress_source;
  guint64                progress_done;
  guint64                progress_total;
  gboolean               progress_pending;
} AsyncInstall;

typedef struct
{
  GTask                *task;
  char                 *model_id;
  SlModelInstallStatus  status;
  char                 *source;
  char                 *message;
} QueuedReport;

/* helpers */

static void
source_free (Source *source)
{
  g_free (source->location);
  g_free (source->label);
  g_free (source->skip_reason);
  g_free (source);
}

static void
queued_report_free (QueuedReport *q)
{
  g_object_unref (q->task);
  g_free (q->model_id);
  g_free (q->source);
  g_free (q->message);
  g_free (q);
}

static void
async_install_free (AsyncInstall *a)
{
  sl_model_manifest_unref (a->manifest);
  g_free (a->model_dir);
  g_free (a->mirror_dir);
  g_free (a->ca_file);
  g_strfreev (a->only);
  g_free (a->progress_id);
  g_free (a->progress_source);
  g_main_context_unref (a->context);
  g_mutex_clear (&a->lock);
  g_free (a);
}

static Source *
source_new (SourceKind  kind,
            const char *location,
            char       *label,
            const char *skip_reason)
{
  Source *source = g_new0 (Source, 1);

  source->kind = kind;
  source->location = g_strdup (location);
  source->label = label;
  source->skip_reason = g_strdup (skip_reason);
  return source;
}

static void
report (Installer            *inst,
        SlModelInstallStatus  status,
        const char           *source,
        const char           *message)
{
  if (inst->opts->report != NULL)
    inst->opts->report (inst->info->id, status, source, message, inst->opts->user_data);
}

static void
progress (Installer *inst,
          guint64    done,
          guint64    total)
{
  if (inst->opts->progress != NULL)
    inst->opts->progress (inst->info->id, inst->label, done, total, inst->opts->user_data);
}

static void
add_mirror (GPtrArray  *sources,
            const char *dir,
            const char *origin)
{
  g_autofree char *canonical = g_canonicalize_filename (dir, NULL);
  g_autofree char *display = g_filename_display_name (canonical);

  for (guint i = 0; i < sources->len; i++)
    {
      Source *other = g_ptr_array_index (sources, i);
      if (other->kind == SOURCE_MIRROR && g_str_equal (other->location, canonical))
        return;
    }

  g_ptr_array_add (sources, source_new (SOURCE_MIRROR, canonical,
                                        g_strdup_printf (_("mirror '%s' (%s)"), display, origin),
                                        g_file_test (canonical, G_FILE_TEST_IS_DIR)
                                        ? NULL : _("no such directory")));
}

static GPtrArray *
list_sources (Installer *inst)
{
  const SlModelInstallOptions *opts = inst->opts;
  const SlModelInfo *info = inst->info;
  GPtrArray *sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  const char *offline = _("skipped: network sources are disabled");

  if (opts->mirror_dir != NULL)
    add_mirror (sources, opts->mirror_dir, "--mirror");

  if (!opts->no_default_mirrors)
    {
      const char *env = g_getenv ("SIGHTLINE_MODEL_MIRROR");
      g_autofree char *shared = g_build_filename (SL_SOURCE_MODELS_DIR, "..", "..",
                                                  "shared", "models", NULL);

      if (env != NULL && *env != '\0')
        add_mirror (sources, env, "$SIGHTLINE_MODEL_MIRROR");
      /* The mirror beside a development checkout; absent anywhere else. */
      if (g_file_test (shared, G_FILE_TEST_IS_DIR))
        add_mirror (sources, shared, _("beside the source tree"));
    }

  if (info->npm_package != NULL)
    {
      g_autofree char *npm = g_find_program_in_path ("npm");
      const char *skip = NULL;

      if (!opts->allow_npm)
        skip = offline;
      else if (npm == NULL)
        skip = _("skipped: npm is not on PATH");
      g_ptr_array_add (sources, source_new (SOURCE_NPM, info->npm_package,
                                            g_strdup_printf (_("npm package %s"), info->npm_package),
                                            skip));
    }

  for (guint i = 0; info->urls[i] != NULL; i++)
    g_ptr_array_add (sources, source_new (SOURCE_URL, info->urls[i], g_strdup (info->urls[i]),
                                          opts->allow_https ? NULL : offline));

  return sources;
}

/* Checks the candidate that landed in the .part; `what` names where it came
 * from, so a refusal points at the bad file and not at our copy of it. */
static gboolean
verify_candidate (const SlModelInfo  *info,
                  const char         *part_path,
                  const char         *what,
                  GError            **error)
{
  g_autofree char *actual = NULL;
  GStatBuf st;

  if (g_stat (part_path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, SL_MODEL_INSTALL_ERROR, SL_MODEL_INSTALL_ERROR_IO,
                   _("%s: cannot read the copy: %s"), what, g_strerror (saved));
      return FALSE;
    }
  if ((guint64) st.st_size != info->size)
    {
      g_set_error (error, SL_MODEL_INSTALL_ERROR, SL_MODEL_INSTALL_ERROR_FAILED,
                   _("%s is %" PRIu64 " bytes, expected %" PRIu64 "; refused"),
                   what, (guint64) st.st_size, info->size);
      return FALSE;
    }
  if (!(actual = sl_sha256_file (part_path, error)))
    return FALSE;
  if (g_ascii_strcasecmp (actual, info->sha256) != 0)
    {
      g_set_error (error, SL_MODEL_INSTALL_ERROR, SL_MODEL_INSTALL_ERROR_FAILED,
                   _("%s does not match the manifest's SHA-256: expected %s, got %s; refused"),
                   what, info->sha256, actual);
      return FALSE;
    }
  return TRUE;
}

static void
on_copy_progress (goffset  current,
                  goffset  total,
                  gpointer user_data)
{
  progress (user_data, (guint64) current, (guint64) total);
}

/* Copies to "dest.part", verifies the copy, then renames it into place, so
 * the model directory never holds a file that was not checked. */
static gboolean
install_file (Installer   *inst,
              const char  *src_path,
              const char  *dest_name,
              const char  *what,
              gboolean     verify,
              GError     **error)
{
  g_autofree char *dest = g_build_filename (inst->model_dir, dest_name, NULL);
  g_autofree char *part = g_strconcat (dest, ".part", NULL);
  g_autoptr(GFile) src = g_file_new_for_path (src_path);
  g_autoptr(GFile) part_file = g_file_new_for_path (part);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_copy (src, part_file, G_FILE_COPY_OVERWRITE | G_FILE_COPY_TARGET_DEFAULT_PERMS,
                    inst->cancellable, verify ? on_copy_progress : NULL, inst, &local_error))
    {
      g_unlink (part);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, SL_MODEL_INSTALL_ERROR, SL_MODEL_INSTALL_ERROR_IO,
                     _("%s: cannot copy it: %s"), what, local_error->message);
      return FALSE;
    }

  if (verify && !verify_candidate (inst->info, part, what, error))
    {
      g_unlink (part);
      return FALSE;
    }

  if (g_rename (part, dest) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (dest);
      g_unlink (part);
      g_set_error (error, SL_MODEL_INSTALL_ERROR, SL_MODEL_INSTALL_ERROR_IO,
                   _("Cannot write '%s': %s"), display, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
try_mirror (Installer   *inst,
            const char  *dir,
            GError     **error)
{
  const SlModelInfo *info = inst->info;
  g_autofree char *path = g_build_filename (dir, info->file, NULL);
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *what = g_strdup_printf (_("Mirror file '%s'"), display);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SL_MODEL_INSTALL_ERROR, SL_MODEL_INSTALL_ERROR_FAILED,
                   _("no file '%s' there"), info->file);
      return FALSE;
    }
  if (!install_file (inst, path, info->file, what, TRUE, error))
    return FALSE;

  /* The licence travels with the model when the mirror has it. */
  if (info->license_file != NULL && strchr (info->license_file, '/') == NULL)
    {
      g_autofree char *license = g_build_filename (dir, info->license_file, NULL);
      g_autoptr(GError) license_error = NULL;

      if (g_file_test (license, G_FILE_TEST_IS_REGULAR) &&
          !install_file (inst, license, info->license_file, license, FALSE, &license_error))
        g_warning ("Model '%s' installed, but its licence file was not: %s",
                   info->id, license_error->message);
    }
  return TRUE;
}

/* Runs a command in dir; on failure the error quotes its last words. */
static gboolean
run_tool (Installer   *inst,
          const char  *dir,
          char       **out_stdout,
          GError     **error,
          const char  *argv0,
          ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) argv0);
  va_start (args, argv0);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_setenv (launcher, "npm_config_update_notifier", "false", TRUE);
  g_subprocess_launcher_setenv (launcher, "npm_config_fund", "false", TRUE);
  g_subprocess_launcher_setenv (launcher, "npm_config_audit", "false", TRUE);
  g_subprocess_launcher_setenv (launcher, "npm_config_loglevel", "error", TRUE);

  if (!(proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error)))
    return FALSE;
  if (!g_subprocess_communicate_utf8 (proc, NULL, inst->cancellable, &out, &err, error))
    {
      g_subprocess_force_exit (proc);
      return FALSE;
    }
  if (!g_subprocess_get_successful (proc))
    {
      g_autofree char *last = g_strstrip (g_strdup (err != NULL ? err : ""));
      const char *nl = strrchr (last, '\n');

      g_set_error (error, SL_MODEL_INSTALL_ERROR, SL_MODEL_INSTALL_ERROR_FAILED,
                   _("'%s' failed: %s"), argv0,
                   *last ? (nl != NULL ? nl + 1 : last) : _("no message"));
      return FALSE;
    }
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  return TRUE;
}

/* `npm pack NAME@VERSION` into a temp dir, then only the model's file is
 * taken out of the tarball; nothing of the package is ever run. */
static gboolean
try_npm (Installer   *inst,
         const char  *package,
         GError     **error)
{
  const SlModelInfo *info = inst->info;
  g_autofree char *npm = g_find_program_in_path ("npm");
  g_autofree char *tmp = NULL;
  g_autofree char *out = NULL;
  g_autofree char *tarball = NULL;
  g_autofree char *extracted = NULL;
  g_autofree char *what = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean ok = FALSE;

  if (info->npm_path == NULL || g_path_is_absolute (info->npm_path) ||
      strstr (info->npm_path, "..") != NULL)
    {
      g_set_error (error, SL_MODEL_INSTALL_ERROR, SL_MODEL_INSTALL_ERROR_FAILED,
                   _("the manifest gives no usable npm-path for it"));
      return FALSE;
    }
  if (!(tmp = g_dir_make_tmp ("sightline-npm-XXXXXX", error)))
    return FALSE;

  progress (inst, 0, 0);
  if (!run_tool (inst, tmp, &out, error, npm, "pack", "--silent", package, NULL))
    goto out;

  /* npm prints the tarball's name last. */
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  if (lines[0] != NULL)
    tarball = g_strdup (g_strstrip (lines[g_strv_length (lines) - 1]));
  if (tarball == NULL || strchr (tarball, '/') != NULL || !g_str_has_suffix (tarball, ".tgz"))
    {
      g_set_error (error, SL_MODEL_INSTALL_ERROR, SL_MODEL_INSTALL_ERROR_FAILED,
                   _("'npm pack' did not name a tarball"));
      goto out;
    }

  if (!run_tool (inst, tmp, NULL, error, "tar", "-xzmf", tarball, "-C", tmp, "--",
                 info->npm_path, NULL))
    goto out;

  extracted = g_build_filename (tmp, info->npm_path, NULL);
  what = g_strdup_printf (_("File '%s' of npm package %s"), info->npm_path, package);
  ok = install_file (inst, extracted, info->file, what, TRUE, error);

out:
  sl_remove_tree (tmp);
  return ok;
}

static void
on_download_progress (guint64  done,
                      guint64  total,
                      gpointer user_data)
{
  progress (user_data, done, total);
}

static gboolean
try_url (Installer   *inst,
         const char  *url,
         GError     **error)
{
  const SlModelInfo *info = inst->info;
  g_autofree char *dest = g_build_filename (inst->model_dir, info->file, NULL);
  SlDownloadOptions dl = {
    .sha256 = info->sha256,
    .size = info->size,
    .ca_file = inst->opts->ca_file,
    .stall_timeout = inst->opts->stall_timeout,
    .progress = on_download_progress,
    .progress_data = inst,
  };

  return sl_download_file (url, dest, &dl, inst->cancellable, error);
}

/* Returns FALSE with error set only when cancelled; a model no source could
 * provide is returned in *failure. */
static gboolean
install_model (Installer  *inst,
               char      **failure,
               GError    **error)
{
  const SlModelInfo *info = inst->info;
  g_autofree char *dest = g_build_filename (inst->model_dir, info->file, NULL);
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GString) tried = g_string_new (NULL);
  g_autoptr(GError) present_error = NULL;

  if (g_file_test (dest, G_FILE_TEST_EXISTS))
    {
      if (sl_model_verify_file (info, dest, &present_error))
        {
          report (inst, SL_MODEL_INSTALL_PRESENT, NULL, NULL);
          return TRUE;
        }
      report (inst, SL_MODEL_INSTALL_SOURCE_FAILED, _("installed copy"), present_error->message);
    }

  sources = list_sources (inst);
  for (guint i = 0; i < sources->len; i++)
    {
      Source *source = g_ptr_array_index (sources, i);
      g_autoptr(GError) local_error = NULL;
      gboolean ok = FALSE;

      if (source->skip_reason == NULL)
        {
          inst->label = source->label;
          switch (source->kind)
            {
            case SOURCE_MIRROR:
              ok = try_mirror (inst, source->location, &local_error);
              break;
            case SOURCE_NPM:
              ok = try_npm (inst, source->location, &local_error);
              break;
            case SOURCE_URL:
              ok = try_url (inst, source->location, &local_error);
              break;
            default:
              g_assert_not_reached ();
            }
          inst->label = NULL;

          if (ok)
            {
              report (inst, SL_MODEL_INSTALL_INSTALLED, source->label, NULL);
              return TRUE;
            }
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
        }

      report (inst, SL_MODEL_INSTALL_SOURCE_FAILED, source->label,
              source->skip_reason != NULL ? source->skip_reason : local_error->message);
      g_string_append_printf (tried, "\n  - %s: %s", source->label,
                              source->skip_reason != NULL ? source->skip_reason : local_error->message);
    }

  if (sources->len == 0)
    g_string_append_printf (tried, "\n  - %s", _("the manifest lists no npm package or URL for it, "
                                                "and no mirror directory was given"));
  *failure = g_strdup_printf (_("Cannot install model '%s' (%s); sources tried:%s"),
                              info->id, info->file, tried->str);
  report (inst, SL_MODEL_INSTALL_FAILED, NULL, *failure);
  return TRUE;
}

/* callbacks */

static gboolean
deliver_report (gpointer user_data)
{
  QueuedReport *q = user_data;
  AsyncInstall *a = g_task_get_task_data (q->task);

  if (!g_task_get_completed (q->task))
    a->caller.report (q->model_id, q->status, q->source, q->message, a->caller.user_data);
  return G_SOURCE_REMOVE;
}

static void
relay_report (const char           *model_id,
              SlModelInstallStatus  status,
              const char           *source,
              const char           *message,
              gpointer              user_data)
{
  AsyncInstall *a = user_data;
  g_autoptr(GSource) idle = g_idle_source_new ();
  QueuedReport *q = g_new0 (QueuedReport, 1);

  q->task = g_object_ref (a->task);
  q->model_id = g_strdup (model_id);
  q->status = status;
  q->source = g_strdup (source);
  q->message = g_strdup (message);
  /* The priority of GTask's completion source, attached later: reports
   * arrive in order and before the result. */
  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, deliver_report, q, (GDestroyNotify) queued_report_free);
  g_source_set_static_name (idle, "[sightline] model install report");
  g_source_attach (idle, a->context);
}

static gboolean
deliver_progress (gpointer user_data)
{
  GTask *task = user_data;
  AsyncInstall *a = g_task_get_task_data (task);
  g_autofree char *id = NULL;
  g_autofree char *source = NULL;
  guint64 done, total;

  g_mutex_lock (&a->lock);
  id = g_steal_pointer (&a->progress_id);
  source = g_steal_pointer (&a->progress_source);
  done = a->progress_done;
  total = a->progress_total;
  a->progress_pending = FALSE;
  g_mutex_unlock (&a->lock);

  if (!g_task_get_completed (task))
    a->caller.progress (id, source, done, total, a->caller.user_data);
  return G_SOURCE_REMOVE;
}

/* Runs in the worker; coalesces updates into at most one pending idle. */
static void
relay_progress (const char *model_id,
                const char *source,
                guint64     done,
                guint64     total,
                gpointer    user_data)
{
  AsyncInstall *a = user_data;

  g_mutex_lock (&a->lock);
  g_free (a->progress_id);
  g_free (a->progress_source);
  a->progress_id = g_strdup (model_id);
  a->progress_source = g_strdup (source);
  a->progress_done = done;
  a->progress_total = total;
  if (!a->progress_pending)
    {
      g_autoptr(GSource) idle = g_idle_source_new ();

      a->progress_pending = TRUE;
      g_source_set_priority (idle, G_PRIORITY_DEFAULT);
      g_source_set_callback (idle, deliver_progress, g_object_ref (a->task), g_object_unref);
      g_source_set_static_name (idle, "[sightline] model install progress");
      g_source_attach (idle, a->context);
    }
  g_mutex_unlock (&a->lock);
}

static void
install_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  AsyncInstall *a = task_data;
  GError *error = NULL;

  if (sl_model_installer_install (a->manifest, a->model_dir, &a->opts, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* public API */

const char *
sl_model_install_status_to_string (SlModelInstallStatus status)
{
  switch (status)
    {
    case SL_MODEL_INSTALL_PRESENT:
      return "present";
    case SL_MODEL_INSTALL_INSTALLED:
      return "installed";
    case SL_MODEL_INSTALL_SOURCE_FAILED:
      return "source-failed";
    case SL_MODEL_INSTALL_FAILED:
      return "failed";
    default:
      g_return_val_if_reached ("unknown");
    }
}

gboolean
sl_model_installer_install (SlModelManifest              *manifest,
                            const char                   *model_dir,
                            const SlModelInstallOptions  *opts,
                            GCancellable                 *cancellable,
                            GError                      **error)
{
  SL_ENGINE_BOUNDARY (error);
  static const SlModelInstallOptions defaults = { 0 };
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  Installer inst = { 0 };

  g_return_val_if_fail (manifest != NULL, FALSE);
  g_return_val_if_fail (model_dir != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (opts == NULL)
    opts = &defaults;

  if (opts->only != NULL)
    {
      for (guint i = 0; opts->only[i] != NULL; i++)
        {
          const SlModelInfo *info = sl_model_manifest_lookup (manifest, opts->only[i]);

          if (info == NULL)
            {
              g_autofree char *display = g_filename_display_name (sl_model_manifest_get_path (manifest));
              g_set_error (error, SL_MODEL_INSTALL_ERROR, SL_MODEL_INSTALL_ERROR_UNKNOWN_MODEL,
                           _("No model '%s' in the manifest '%s'"), opts->only[i], display);
              return FALSE;
            }
          if (!g_ptr_array_find (chosen, info, NULL))
            g_ptr_array_add (chosen, (gpointer) info);
        }
    }
  else
    {
      for (guint i = 0; i < sl_model_manifest_get_n_models (manifest); i++)
        g_ptr_array_add (chosen, (gpointer) sl_model_manifest_get_model (manifest, i));
    }

  if (g_mkdir_with_parents (model_dir, 0755) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (model_dir);
      g_set_error (error, SL_MODEL_INSTALL_ERROR, SL_MODEL_INSTALL_ERROR_IO,
                   _("Cannot create the model directory '%s': %s"), display, g_strerror (saved));
      return FALSE;
    }

  inst.model_dir = model_dir;
  inst.opts = opts;
  inst.cancellable = cancellable;

  for (guint i = 0; i < chosen->len; i++)
    {
      char *failure = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      inst.info = g_ptr_array_index (chosen, i);
      if (!install_model (&inst, &failure, error))
        return FALSE;
      if (failure != NULL)
        g_ptr_array_add (failures, failure);
    }

  if (failures->len == 1)
    {
      g_set_error_literal (error, SL_MODEL_INSTALL_ERROR, SL_MODEL_INSTALL_ERROR_FAILED,
                           g_ptr_array_index (failures, 0));
      return FALSE;
    }
  if (failures->len > 1)
    {
      g_autoptr(GString) msg = g_string_new (NULL);

      g_string_printf (msg, _("%u of %u models could not be installed."), failures->len, chosen->len);
      for (guint i = 0; i < failures->len; i++)
        g_string_append_printf (msg, "\n%s", (const char *) g_ptr_array_index (failures, i));
      g_set_error_literal (error, SL_MODEL_INSTALL_ERROR, SL_MODEL_INSTALL_ERROR_FAILED, msg->str);
      return FALSE;
    }
  return TRUE;
}

void
sl_model_installer_install_async (SlModelManifest             *manifest,
                                  const char                  *model_dir,
                                  const SlModelInstallOptions *opts,
                                  GCancellable                *cancellable,
                                  GAsyncReadyCallback          callback,
                                  gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncInstall *a;

  g_return_if_fail (manifest != NULL);
  g_return_if_fail (model_dir != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_model_installer_install_async);

  a = g_new0 (AsyncInstall, 1);
  g_mutex_init (&a->lock);
  a->manifest = sl_model_manifest_ref (manifest);
  a->model_dir = g_strdup (model_dir);
  a->context = g_main_context_ref_thread_default ();
  a->task = task;
  if (opts != NULL)
    {
      a->caller = *opts;
      a->opts = *opts;
      a->mirror_dir = g_strdup (opts->mirror_dir);
      a->ca_file = g_strdup (opts->ca_file);
      a->only = g_strdupv ((char **) opts->only);
    }
  a->opts.mirror_dir = a->mirror_dir;
  a->opts.ca_file = a->ca_file;
  a->opts.only = (const char * const *) a->only;
  a->opts.progress = a->caller.progress != NULL ? relay_progress : NULL;
  a->opts.report = a->caller.report != NULL ? relay_report : NULL;
  a->opts.user_data = a;
  g_task_set_task_data (task, a, (GDestroyNotify) async_install_free);

  g_task_run_in_thread (task, install_thread);
}

gboolean
sl_model_installer_install_finish (GAsyncResult  *result,
                                   GError       **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_model_installer_install_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
