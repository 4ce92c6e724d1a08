/* sl-test-server.c: the https test server as a child process, a self-signed
 * certificate made with the openssl tool (see sl-test-server.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>
#include <glib/gstdio.h>

#include "sl-test-server.h"

/* helpers */

static void
die_with_parent (gpointer user_data)
{
  /* A test child that fails exits without its teardown; take the server
   * down with it. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* public API */

char *
sl_test_make_certificate (const char *dir)
{
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[] = {
    SL_TEST_OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
    "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
    "-keyout", key, "-out", cert, NULL
  };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &status, &error);
  ck_assert_msg (error == NULL, "cannot run openssl: %s", error ? error->message : "");
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "openssl failed: %s", err);
  return g_steal_pointer (&cert);
}

SlTestServer *
sl_test_server_start (const char *root,
                      const char *cert_dir,
                      const char *log_path,
                      ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  SlTestServer *server = g_new0 (SlTestServer, 1);
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  const char *arg;
  va_list args;
  int out_fd = -1;

  g_ptr_array_add (argv, g_strdup (SL_TEST_PYTHON));
  g_ptr_array_add (argv, g_strdup (SL_TEST_HTTPS_SERVER));
  g_ptr_array_add (argv, g_strdup ("--root"));
  g_ptr_array_add (argv, g_strdup (root));
  g_ptr_array_add (argv, g_strdup ("--cert"));
  g_ptr_array_add (argv, g_build_filename (cert_dir, "cert.pem", NULL));
  g_ptr_array_add (argv, g_strdup ("--key"));
  g_ptr_array_add (argv, g_build_filename (cert_dir, "key.pem", NULL));
  g_ptr_array_add (argv, g_strdup ("--log"));
  g_ptr_array_add (argv, g_strdup (log_path));
  va_start (args, log_path);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  server->log_path = g_strdup (log_path);
  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                            die_with_parent, NULL, &server->pid, NULL, &out_fd, NULL, &error);
  ck_assert_msg (error == NULL, "cannot start the test server: %s", error ? error->message : "");

  /* Its first line is the port. */
  while (!g_str_has_suffix (line->str, "\n"))
    {
      struct pollfd pfd = { .fd = out_fd, .events = POLLIN };
      int timeout_ms = (int) ((deadline - g_get_monotonic_time ()) / 1000);
      char c;

      ck_assert_msg (timeout_ms > 0 && poll (&pfd, 1, timeout_ms) > 0,
                     "the test server did not report its port");
      ck_assert_msg (read (out_fd, &c, 1) == 1, "the test server exited before listening");
      g_string_append_c (line, c);
    }
  close (out_fd);
  server->port = (guint) g_ascii_strtoull (line->str, NULL, 10);
  ck_assert_uint_gt (server->port, 0);
  return server;
}

void
sl_test_server_stop (SlTestServer *server)
{
  if (server == NULL)
    return;
  kill (server->pid, SIGTERM);
  waitpid (server->pid, NULL, 0);
  g_spawn_close_pid (server->pid);
  g_free (server->log_path);
  g_free (server);
}

char *
sl_test_server_url (SlTestServer *server,
                    const char   *name)
{
  return g_strdup_printf ("https://127.0.0.1:%u/%s", server->port, name);
}

char **
sl_test_server_requests (SlTestServer *server)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (server->log_path, &text, NULL, NULL))
    return g_new0 (char *, 1);
  g_strchomp (text);
  if (*text == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (text, "\n", -1);
}





