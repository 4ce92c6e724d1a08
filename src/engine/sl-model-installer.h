/* sl-model-installer.h: fills a model directory with the manifest's models,
 * from a mirror directory, an npm package or https, verifying every file.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vision/sl-model-manifest.h"

G_BEGIN_DECLS

#define SL_MODEL_INSTALL_ERROR (sl_model_install_error_quark ())

/* Cancellation is reported as G_IO_ERROR_CANCELLED. */
typedef enum
{
  SL_MODEL_INSTALL_ERROR_FAILED,         /* no source could provide a model */
  SL_MODEL_INSTALL_ERROR_UNKNOWN_MODEL,  /* an id asked for is not in the manifest */
  SL_MODEL_INSTALL_ERROR_IO,             /* the model directory cannot be written */
} SlModelInstallError;

GQuark sl_model_install_error_quark (void);

typedef enum
{
  SL_MODEL_INSTALL_PRESENT,        /* already installed and verified; left alone */
  SL_MODEL_INSTALL_INSTALLED,      /* fetched from `source`, verified, moved into place */
  SL_MODEL_INSTALL_SOURCE_FAILED,  /* `source` failed or was skipped (`message` says why);
                                    * the next source is tried */
  SL_MODEL_INSTALL_FAILED,         /* every source failed; `message` lists them */
} SlModelInstallStatus;

/* source is a description a person can read, e.g. "mirror '/srv/models'",
 * "npm package faceplugin-face-recognition-js@0.0.1" or a URL. */
typedef void (*SlModelInstallProgressFunc) (const char *model_id,
                                            const char *source,
                                            guint64     done,
                                            guint64     total,
                                            gpointer    user_data);
typedef void (*SlModelInstallReportFunc)   (const char           *model_id,
                                            SlModelInstallStatus  status,
                                            const char           *source,
                                            const char           *message,
                                            gpointer              user_data);

/* A zeroed struct installs every model from local mirrors only. */
typedef struct
{
  const char                 *mirror_dir;             /* tried first; NULL = none */
  gboolean                    no_default_mirrors;     /* skip $SIGHTLINE_MODEL_MIRROR and the
                                                       * source tree's ../shared/models */
  const char * const         *only;                   /* ids to install; NULL = all */
  gboolean                    allow_npm;              /* `npm pack` from the registry */
  gboolean                    allow_https;            /* the manifest's URLs */
  const char                 *ca_file;                /* extra CA certificates for https */
  guint                       stall_timeout;          /* seconds; 0 = the downloader's default */
  SlModelInstallProgressFunc  progress;
  SlModelInstallReportFunc    report;
  gpointer                    user_data;              /* for progress and report */
} SlModelInstallOptions;

/* Installs the models into model_dir (created if needed). A model already
 * there with the right SHA-256 is left alone; otherwise the sources are
 * tried in order (--mirror, $SIGHTLINE_MODEL_MIRROR, ../shared/models, npm,
 * https) and the first file whose size and SHA-256 match the manifest is
 * moved into place. Every model is attempted; FALSE if any could not be
 * installed, with an error listing each source tried and why it failed.
 * Callbacks run in the calling thread. */
gboolean sl_model_installer_install        (SlModelManifest              *manifest,
                                            const char                   *model_dir,
                                            const SlModelInstallOptions  *opts,
                                            GCancellable                 *cancellable,
                                            GError                      **error);

/* The same in a worker thread; opts is copied, and its callbacks run in the
 * caller's thread-default main context, never after the GAsyncReadyCallback. */
void     sl_model_installer_install_async  (SlModelManifest              *manifest,
                                            const char                   *model_dir,
                                            const SlModelInstallOptions  *opts,
                                            GCancellable                 *cancellable,
                                            GAsyncReadyCallback           callback,
                                            gpointer                      user_data);
gboolean sl_model_installer_install_finish (GAsyncResult                 *result,
                                            GError                      **error);

const char *sl_model_install_status_to_string (SlModelInstallStatus status);

G_END_DECLS
