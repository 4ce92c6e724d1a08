/* sl-test-server.h: a self-signed certificate and the https test server
 * (https-server.py, Python standard library) as a child process, for the
 * tests of downloads, the model installer and imports from a URL.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sl-test-util.h"

G_BEGIN_DECLS

typedef struct
{
  GPid   pid;
  guint  port;
  char  *log_path;
} SlTestServer;

/* Writes cert.pem and key.pem for 127.0.0.1/localhost into dir with the
 * openssl tool; returns the path of cert.pem. */
char          *sl_test_make_certificate (const char *dir);

/* Starts https-server.py serving root, with the certificate made in
 * cert_dir; extra arguments (NULL-terminated) select its faults. */
SlTestServer  *sl_test_server_start     (const char *root,
                                         const char *cert_dir,
                                         const char *log_path,
                                         ...) G_GNUC_NULL_TERMINATED;
void           sl_test_server_stop      (SlTestServer *server);
char          *sl_test_server_url       (SlTestServer *server,
                                         const char   *name);
/* The requests the server has seen, one "METHOD PATH RANGE" per line. */
char         **sl_test_server_requests  (SlTestServer *server);


G_END_DECLS
