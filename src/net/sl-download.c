/* sl-download.c: libcurl downloads into a .part file that is resumed with a
 * range request, hashed as it arrives and renamed into place only once its
 * size and SHA-256 are right.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-download"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "net/sl-download.h"

G_DEFINE_QUARK (sl-net-error-quark, sl_net_error)

#define DEFAULT_CONNECT_TIMEOUT 30
#define DEFAULT_STALL_TIMEOUT   60
#define DEFAULT_MAX_REDIRECTS   10

/* The state of one request; the .part file stays open across a restart. */
typedef struct
{
  const SlDownloadOptions *opts;
  GCancellable            *cancellable;
  int                      fd;
  guint64                  offset;       /* bytes of the .part before this request */
  guint64                  written;      /* bytes this request appended */
  GChecksum               *sum;          /* over the whole file so far */
  guint64                  last_done;
  guint64                  last_total;
  guint64                  last_received;
  gint64                   last_activity; /* monotonic µs of the last byte */
  gint64                   stall_us;
  int                      write_errno;
  gboolean                 too_large;
  gboolean                 stalled;
} Transfer;

typedef struct
{
  char                   *url;
  char                   *dest_path;
  char                   *sha256;
  char                   *ca_file;
  SlDownloadOptions       opts;
  SlDownloadProgressFunc  progress;
  gpointer                progress_data;
  GMainContext           *context;
  GTask                  *task;          /* not a reference: the task owns us */
  GMutex                  lock;
  guint64                 done;
  guint64                 total;
  gboolean                pending;
} AsyncDownload;

/* helpers */

static void
ensure_curl (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      CURLcode res = curl_global_init (CURL_GLOBAL_DEFAULT);

      if (res != CURLE_OK)
        g_warning ("libcurl failed to initialise: %s", curl_easy_strerror (res));
      g_once_init_leave (&initialized, 1);
    }
}

/* Models come from https; file:// serves local mirrors. Plain http is only
 * for a server on this machine (the test suite's), where nobody sits in the
 * middle to tamper with it. Returns the curl protocol list to allow. */
static const char *
check_url (const char  *url,
           GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme;
  const char *host;

  if (uri == NULL)
    {
      g_set_error (error, SL_NET_ERROR, SL_NET_ERROR_UNSUPPORTED_URL,
                   _("'%s' is not a valid URL"), url);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return "https";
  if (g_ascii_strcasecmp (scheme, "file") == 0)
    return "file";
  if (g_ascii_strcasecmp (scheme, "http") == 0 &&
      (g_strcmp0 (host, "127.0.0.1") == 0 ||
       g_strcmp0 (host, "::1") == 0 ||
       g_ascii_strcasecmp (host != NULL ? host : "", "localhost") == 0))
    return "http";

  g_set_error (error, SL_NET_ERROR, SL_NET_ERROR_UNSUPPORTED_URL,
               _("Refusing to download '%s': only https:// and file:// URLs are allowed "
                 "(plain http only to 127.0.0.1 or localhost)"), url);
  return NULL;
}

static gboolean
set_io_error (GError     **error,
              int          saved_errno,
              const char  *what,
              const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, SL_NET_ERROR, SL_NET_ERROR_IO,
               "%s '%s': %s", what, display, g_strerror (saved_errno));
  return FALSE;
}

/* Feeds the bytes already in the .part into the checksum, so the hash
 * covers the whole file and not only what this request fetches. */
static gboolean
hash_prefix (int          fd,
             guint64      length,
             GChecksum   *sum,
             const char  *part_path,
             GError     **error)
{
  g_autofree guchar *buf = g_malloc (1 << 16);
  guint64 pos = 0;

  while (pos < length)
    {
      ssize_t n = pread (fd, buf, MIN ((guint64) (1 << 16), length - pos), (off_t) pos);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return set_io_error (error, errno, _("Cannot read"), part_path);
      if (n == 0)
        break;
      g_checksum_update (sum, buf, (gsize) n);
      pos += (guint64) n;
    }
  return TRUE;
}

static gboolean
start_over (Transfer    *t,
            const char  *part_path,
            GError     **error)
{
  if (ftruncate (t->fd, 0) != 0)
    return set_io_error (error, errno, _("Cannot truncate"), part_path);
  g_checksum_reset (t->sum);
  t->offset = 0;
  t->written = 0;
  return TRUE;
}

static void
sync_parent_dir (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

static gboolean
checksum_matches (GChecksum  *sum,
                  const char *expected)
{
  g_autoptr(GChecksum) copy = g_checksum_copy (sum);

  return expected != NULL && g_ascii_strcasecmp (g_checksum_get_string (copy), expected) == 0;
}

/* Turns a failed transfer into an error a person can act on. */
static void
set_curl_error (GError     **error,
                CURL        *curl,
                CURLcode     res,
                Transfer    *t,
                const char  *url,
                const char  *part_path,
                const char  *errbuf)
{
  const char *detail = errbuf[0] != '\0' ? errbuf : curl_easy_strerror (res);
  long status = 0;

  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);

  /* An if chain, not a switch: CURLcode has a hundred values. */
  if (res == CURLE_ABORTED_BY_CALLBACK && t->stalled)
    {
      g_set_error (error, SL_NET_ERROR, SL_NET_ERROR_TIMEOUT,
                   _("Download of '%s' stalled: no data for %u s after %" PRIu64
                     " bytes; run it again to resume"), url,
                   (guint) (t->stall_us / G_USEC_PER_SEC), t->offset + t->written);
    }
  else if (res == CURLE_ABORTED_BY_CALLBACK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   _("Download of '%s' was cancelled"), url);
    }
  else if (res == CURLE_HTTP_RETURNED_ERROR)
    {
      g_set_error (error, SL_NET_ERROR, SL_NET_ERROR_HTTP,
                   _("Download of '%s' failed: the server answered HTTP %ld"), url, status);
    }
  else if (res == CURLE_OPERATION_TIMEDOUT)
    {
      g_set_error (error, SL_NET_ERROR, SL_NET_ERROR_TIMEOUT,
                   _("Download of '%s' timed out: no connection within %u s"), url,
                   t->opts->connect_timeout ? t->opts->connect_timeout : DEFAULT_CONNECT_TIMEOUT);
    }
  else if (res == CURLE_WRITE_ERROR && t->too_large)
    {
      g_set_error (error, SL_NET_ERROR, SL_NET_ERROR_SIZE_MISMATCH,
                   _("Download of '%s' is larger than the expected %" PRIu64
                     " bytes; refused"), url, t->opts->size);
    }
  else if (res == CURLE_WRITE_ERROR && t->write_errno != 0)
    {
      set_io_error (error, t->write_errno, _("Cannot write"), part_path);
    }
  else if (res == CURLE_UNSUPPORTED_PROTOCOL)
    {
      g_set_error (error, SL_NET_ERROR, SL_NET_ERROR_UNSUPPORTED_URL,
                   _("Download of '%s' failed: %s (redirects may only lead to https)"), url, detail);
    }
  else if (res == CURLE_PEER_FAILED_VERIFICATION ||
           res == CURLE_SSL_CONNECT_ERROR ||
           res == CURLE_SSL_CACERT_BADFILE ||
           res == CURLE_SSL_CERTPROBLEM ||
           res == CURLE_SSL_ISSUER_ERROR)
    {
      g_set_error (error, SL_NET_ERROR, SL_NET_ERROR_TLS,
                   _("Cannot verify the server of '%s': %s"), url, detail);
    }
  else if (res == CURLE_PARTIAL_FILE ||
           res == CURLE_RECV_ERROR ||
           res == CURLE_SEND_ERROR ||
           res == CURLE_GOT_NOTHING)
    {
      g_set_error (error, SL_NET_ERROR, SL_NET_ERROR_FAILED,
                   _("Download of '%s' was interrupted after %" PRIu64
                     " bytes (%s); run it again to resume"), url, t->offset + t->written, detail);
    }
  else
    {
      g_set_error (error, SL_NET_ERROR, SL_NET_ERROR_FAILED,
                   _("Download of '%s' failed: %s"), url, detail);
    }
}

static void
async_download_free (AsyncDownload *d)
{
  g_free (d->url);
  g_free (d->dest_path);
  g_free (d->sha256);
  g_free (d->ca_file);
  g_main_context_unref (d->context);
  g_mutex_clear (&d->lock);
  g_free (d);
}

static CURL *
new_request (const char  *url,
             const char  *protocols,
             Transfer    *t,
             char        *errbuf)
{
  const SlDownloadOptions *opts = t->opts;
  CURL *curl = curl_easy_init ();

  if (curl == NULL)
    return NULL;

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, protocols);
  /* A redirect never downgrades to plain http or wanders to file://. */
  curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt (curl, CURLOPT_MAXREDIRS,
                    (long) (opts->max_redirects ? opts->max_redirects : DEFAULT_MAX_REDIRECTS));
  curl_easy_setopt (curl, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT,
                    (long) (opts->connect_timeout ? opts->connect_timeout : DEFAULT_CONNECT_TIMEOUT));
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "Sightline/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  if (opts->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, opts->ca_file);
  if (t->offset > 0)
    curl_easy_setopt (curl, CURLOPT_RESUME_FROM_LARGE, (curl_off_t) t->offset);
  return curl;
}

/* callbacks */

static size_t
on_write (char   *data,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  Transfer *t = user_data;
  size_t len = size * nmemb;
  size_t off = 0;

  /* Stops a server that sends more than the model can be. */
  if (t->opts->size > 0 && t->offset + t->written + len > t->opts->size)
    {
      t->too_large = TRUE;
      return 0;
    }

  while (off < len)
    {
      ssize_t n = write (t->fd, data + off, len - off);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          t->write_errno = errno;
          return 0;
        }
      off += (size_t) n;
    }

  g_checksum_update (t->sum, (const guchar *) data, len);
  t->written += len;
  return len;
}

static int
on_xferinfo (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  Transfer *t = user_data;
  gint64 now = g_get_monotonic_time ();

  if (g_cancellable_is_cancelled (t->cancellable))
    return 1;

  /* curl calls us about once a second even when nothing arrives; its own
   * low-speed limit averages over several seconds and fires late. */
  if ((guint64) dlnow != t->last_received)
    {
      t->last_received = (guint64) dlnow;
      t->last_activity = now;
    }
  else if (now - t->last_activity > t->stall_us)
    {
      t->stalled = TRUE;
      return 1;
    }

  if (t->opts->progress != NULL)
    {
      guint64 done = t->offset + t->written;
      /* curl's total is what this request fetches: the rest of the file. */
      guint64 total = dltotal > 0 ? t->offset + (guint64) dltotal : t->opts->size;

      if (done != t->last_done || total != t->last_total)
        {
          t->last_done = done;
          t->last_total = total;
          t->opts->progress (done, total, t->opts->progress_data);
        }
    }

  /* The progress callback may itself have cancelled. */
  return g_cancellable_is_cancelled (t->cancellable) ? 1 : 0;
}

static gboolean
deliver_progress (gpointer user_data)
{
  GTask *task = user_data;
  AsyncDownload *d = g_task_get_task_data (task);
  guint64 done, total;

  g_mutex_lock (&d->lock);
  done = d->done;
  total = d->total;
  d->pending = FALSE;
  g_mutex_unlock (&d->lock);

  /* Once the caller has its result, its user data may be gone. */
  if (!g_task_get_completed (task))
    d->progress (done, total, d->progress_data);
  return G_SOURCE_REMOVE;
}

/* Runs in the worker; coalesces updates into at most one pending idle. */
static void
relay_progress (guint64  done,
                guint64  total,
                gpointer user_data)
{
  AsyncDownload *d = user_data;

  g_mutex_lock (&d->lock);
  d->done = done;
  d->total = total;
  if (!d->pending)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      d->pending = TRUE;
      /* GTask's completion source has this priority too and is attached
       * after us, so progress never arrives after the result. */
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver_progress, g_object_ref (d->task), g_object_unref);
      g_source_set_static_name (source, "[sightline] download progress");
      g_source_attach (source, d->context);
    }
  g_mutex_unlock (&d->lock);
}

static void
download_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  AsyncDownload *d = task_data;
  GError *error = NULL;

  if (sl_download_file (d->url, d->dest_path, &d->opts, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* public API */

gboolean
sl_download_file (const char               *url,
                  const char               *dest_path,
                  const SlDownloadOptions  *opts,
                  GCancellable             *cancellable,
                  GError                  **error)
{
  static const SlDownloadOptions defaults = { 0 };
  g_autofree char *part_path = NULL;
  g_autofree char *dest_display = NULL;
  g_autoptr(GChecksum) sum = NULL;
  char errbuf[CURL_ERROR_SIZE];
  const char *protocols;
  Transfer t = { 0 };
  struct stat st;
  gboolean ok = FALSE;

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (opts == NULL)
    opts = &defaults;
  ensure_curl ();

  if (!(protocols = check_url (url, error)))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  part_path = g_strconcat (dest_path, ".part", NULL);
  dest_display = g_filename_display_name (dest_path);
  sum = g_checksum_new (G_CHECKSUM_SHA256);

  t.opts = opts;
  t.cancellable = cancellable;
  t.sum = sum;
  t.stall_us = (gint64) (opts->stall_timeout ? opts->stall_timeout : DEFAULT_STALL_TIMEOUT) * G_USEC_PER_SEC;
  t.fd = g_open (part_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (t.fd < 0)
    return set_io_error (error, errno, _("Cannot write"), part_path);

  /* Two downloads appending to one .part would corrupt it. */
  if (flock (t.fd, LOCK_EX | LOCK_NB) != 0)
    {
      g_autofree char *display = g_filename_display_name (part_path);
      g_set_error (error, SL_NET_ERROR, SL_NET_ERROR_IO,
                   _("Cannot download into '%s': another download is writing it"), display);
      goto out;
    }
  if (fstat (t.fd, &st) != 0)
    {
      set_io_error (error, errno, _("Cannot read"), part_path);
      goto out;
    }
  t.offset = (guint64) st.st_size;

  /* A .part longer than the file can be is not a prefix of it. */
  if (opts->size > 0 && t.offset > opts->size && !start_over (&t, part_path, error))
    goto out;
  if (t.offset > 0 && !hash_prefix (t.fd, t.offset, sum, part_path, error))
    goto out;

  /* A complete .part (a rename that never happened) needs no request. */
  if (!(opts->size > 0 && t.offset == opts->size &&
        (opts->sha256 == NULL || checksum_matches (sum, opts->sha256))))
    {
      for (guint attempt = 0; ; attempt++)
        {
          CURL *curl;
          CURLcode res;
          long status = 0;
          gboolean resumed = t.offset > 0;
          gboolean got_416;
          gboolean restart;

          if (lseek (t.fd, (off_t) t.offset, SEEK_SET) < 0)
            {
              set_io_error (error, errno, _("Cannot write"), part_path);
              goto out;
            }

          errbuf[0] = '\0';
          t.written = 0;
          t.last_received = 0;
          t.last_activity = g_get_monotonic_time ();
          if (!(curl = new_request (url, protocols, &t, errbuf)))
            {
              g_set_error (error, SL_NET_ERROR, SL_NET_ERROR_FAILED,
                           _("Download of '%s' failed: libcurl could not be initialised"), url);
              goto out;
            }
          curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_write);
          curl_easy_setopt (curl, CURLOPT_WRITEDATA, &t);
          curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_xferinfo);
          curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &t);

          g_debug ("GET %s into %s from byte %" G_GUINT64_FORMAT, url, part_path, t.offset);
          res = curl_easy_perform (curl);
          curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);

          /* 416: the range starts at or past the end of the file, so the
           * .part may already be all of it; only its hash can tell. */
          got_416 = resumed && status == 416 &&
                    (res == CURLE_OK || res == CURLE_HTTP_RETURNED_ERROR);
          if (got_416 && checksum_matches (sum, opts->sha256))
            {
              curl_easy_cleanup (curl);
              break;
            }

          /* The server would not resume: it ignored the range (curl then
           * refuses to append a whole file to our prefix), or the .part is
           * not a prefix of its file. Fetch it again from 0, once. */
          restart = resumed && attempt == 0 &&
                    (res == CURLE_RANGE_ERROR || res == CURLE_BAD_DOWNLOAD_RESUME || got_416);
          if (restart)
            {
              curl_easy_cleanup (curl);
              g_debug ("%s: cannot resume (curl %d, HTTP %ld); starting over", url, res, status);
              if (!start_over (&t, part_path, error))
                goto out;
              continue;
            }

          if (res != CURLE_OK)
            {
              set_curl_error (error, curl, res, &t, url, part_path, errbuf);
              curl_easy_cleanup (curl);
              /* Keep a partial file to resume, but not a refused or empty one. */
              if (t.too_large || t.offset + t.written == 0)
                g_unlink (part_path);
              goto out;
            }
          curl_easy_cleanup (curl);

          if (status != 0 && status != 416 && (status < 200 || status > 299))
            {
              g_set_error (error, SL_NET_ERROR, SL_NET_ERROR_HTTP,
                           _("Download of '%s' failed: the server answered HTTP %ld"), url, status);
              g_unlink (part_path);
              goto out;
            }
          break;
        }
    }

  if (fsync (t.fd) != 0)
    {
      set_io_error (error, errno, _("Cannot write"), part_path);
      goto out;
    }

  if (opts->size > 0 && t.offset + t.written != opts->size)
    {
      g_set_error (error, SL_NET_ERROR, SL_NET_ERROR_SIZE_MISMATCH,
                   _("Download of '%s' into '%s' is %" PRIu64 " bytes, expected %"
                     PRIu64 "; the file was deleted"),
                   url, dest_display, t.offset + t.written, opts->size);
      g_unlink (part_path);
      goto out;
    }

  if (opts->sha256 != NULL && !checksum_matches (sum, opts->sha256))
    {
      g_set_error (error, SL_NET_ERROR, SL_NET_ERROR_HASH_MISMATCH,
                   _("Download of '%s' into '%s' does not match its expected SHA-256: "
                     "expected %s, got %s; the file was deleted"),
                   url, dest_display, opts->sha256, g_checksum_get_string (sum));
      g_unlink (part_path);
      goto out;
    }

  if (close (t.fd) != 0)
    {
      t.fd = -1;
      set_io_error (error, errno, _("Cannot write"), part_path);
      goto out;
    }
  t.fd = -1;

  if (g_rename (part_path, dest_path) != 0)
    {
      set_io_error (error, errno, _("Cannot rename the download to"), dest_path);
      goto out;
    }
  sync_parent_dir (dest_path);
  ok = TRUE;

out:
  if (t.fd >= 0)
    close (t.fd);
  return ok;
}

void
sl_download_file_async (const char              *url,
                        const char              *dest_path,
                        const SlDownloadOptions *opts,
                        GCancellable            *cancellable,
                        GAsyncReadyCallback      callback,
                        gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncDownload *d;

  g_return_if_fail (url != NULL);
  g_return_if_fail (dest_path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_download_file_async);

  d = g_new0 (AsyncDownload, 1);
  g_mutex_init (&d->lock);
  d->url = g_strdup (url);
  d->dest_path = g_strdup (dest_path);
  d->context = g_main_context_ref_thread_default ();
  d->task = task;
  if (opts != NULL)
    {
      d->opts = *opts;
      d->sha256 = g_strdup (opts->sha256);
      d->ca_file = g_strdup (opts->ca_file);
      d->opts.sha256 = d->sha256;
      d->opts.ca_file = d->ca_file;
      d->progress = opts->progress;
      d->progress_data = opts->progress_data;
    }
  d->opts.progress = d->progress != NULL ? relay_progress : NULL;
  d->opts.progress_data = d;
  g_task_set_task_data (task, d, (GDestroyNotify) async_download_free);

  g_task_run_in_thread (task, download_thread);
}

gboolean
sl_download_file_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_download_file_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
