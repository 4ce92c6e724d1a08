/* sl-test-server.h: what the net tests share: a self-signed certificate, the
 * https test server (https-server.py) as a child process, and file helpers.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  GPid   pid;
  guint  port;
  char  *log_path;
} SlTestServer;

/* Writes cert.pem and key.pem for 127.0.0.1/localhost into dir with the
 * openssl tool; returns the path of cert.pem. */
char          *sl_test_make_certificate (const char   *dir);

/* Starts https-server.py serving root, with the certificate made in
 * cert_dir; extra arguments (NULL-terminated) select its faults. */
SlTestServer  *sl_test_server_start     (const char   *root,
                                         const char   *cert_dir,
                                         const char   *log_path,
                                         ...) G_GNUC_NULL_TERMINATED;
void           sl_test_server_stop      (SlTestServer *server);
char          *sl_test_server_url       (SlTestServer *server,
                                         const char   *name);
/* The requests the server has seen, one "METHOD PATH RANGE" per line. */
char         **sl_test_server_requests  (SlTestServer *server);

char          *sl_test_sha256_file      (const char   *path);
void           sl_test_copy_file        (const char   *src,
                                         const char   *dest);
/* Flips one byte in the middle of the file, like `--corrupt` does. */
void           sl_test_corrupt_file     (const char   *path);
void           sl_test_rm_rf            (const char   *path);
/* $SIGHTLINE_SHARED_DIR/models: the real model files. */
char          *sl_test_shared_models    (void);

G_END_DECLS
