/* sl-download.h: fetches one file over https (or file://) with resume,
 * SHA-256 verification, progress and cancellation.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SL_NET_ERROR (sl_net_error_quark ())

/* Cancellation is reported as G_IO_ERROR_CANCELLED, like the rest of GIO. */
typedef enum
{
  SL_NET_ERROR_FAILED,            /* the transfer failed (connection reset, DNS, ...) */
  SL_NET_ERROR_UNSUPPORTED_URL,   /* not https/file, or http to a host other than this one */
  SL_NET_ERROR_HTTP,              /* the server answered with a non-2xx status */
  SL_NET_ERROR_TIMEOUT,           /* connecting took too long, or the transfer stalled */
  SL_NET_ERROR_TLS,               /* the server's certificate could not be verified */
  SL_NET_ERROR_HASH_MISMATCH,     /* the file does not have the expected SHA-256 */
  SL_NET_ERROR_SIZE_MISMATCH,     /* the file does not have the expected size */
  SL_NET_ERROR_IO,                /* the local file could not be written */
} SlNetError;

GQuark sl_net_error_quark (void);

/* done and total are bytes of the whole file (a resumed prefix counts as
 * done); total is 0 while unknown. */
typedef void (*SlDownloadProgressFunc) (guint64  done,
                                        guint64  total,
                                        gpointer user_data);

/* All fields are optional; a zeroed struct (or NULL) gives the defaults. */
typedef struct
{
  const char             *sha256;           /* expected SHA-256, hex; NULL = not checked */
  guint64                 size;             /* expected size in bytes; 0 = not checked */
  guint                   connect_timeout;  /* seconds to connect (TCP + TLS); 0 = 30 */
  guint                   stall_timeout;    /* seconds without any data before giving up; 0 = 60 */
  const char             *ca_file;          /* PEM file of CA certificates to trust, e.g. a
                                             * test server's self-signed one; NULL = system */
  guint                   max_redirects;    /* 0 = 10 */
  SlDownloadProgressFunc  progress;
  gpointer                progress_data;
} SlDownloadOptions;

/* Downloads url into dest_path. The bytes go to "dest_path.part"; an existing
 * .part is resumed with a range request. Only a complete file whose size and
 * SHA-256 match the options is renamed to dest_path (after fsync); a file
 * that does not match is deleted. An interrupted or cancelled transfer keeps
 * its .part for the next attempt.
 *
 * Allowed URLs: https://, file://, and http:// to 127.0.0.1 or localhost
 * only. The progress callback runs in the calling thread. */
gboolean sl_download_file        (const char               *url,
                                  const char               *dest_path,
                                  const SlDownloadOptions  *opts,
                                  GCancellable             *cancellable,
                                  GError                  **error);

/* The same in a worker thread. opts is copied; its progress callback is
 * called in the thread-default main context of the caller, never after the
 * GAsyncReadyCallback has run. */
void     sl_download_file_async  (const char               *url,
                                  const char               *dest_path,
                                  const SlDownloadOptions  *opts,
                                  GCancellable             *cancellable,
                                  GAsyncReadyCallback       callback,
                                  gpointer                  user_data);
gboolean sl_download_file_finish (GAsyncResult             *result,
                                  GError                  **error);

G_END_DECLS
