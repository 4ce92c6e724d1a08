/* sl-test-util.h: what every test suite shares: the runner, the shared data
 * in ../shared (SIGHTLINE_SHARED_DIR), temp folders and plain file helpers.
 * Only GLib and Check: the core suites link it without the engine.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>
#include <glib.h>

G_BEGIN_DECLS

/* Runs every test of the suite (forking as CK_FORK says); the exit status
 * of main(). */
int     sl_test_run_suite     (Suite       *suite);
/* Whether this run keeps its databases on PostgreSQL (meson test --setup
 * postgresql): suites leave out the tests about the SQLite file itself. */
gboolean sl_test_backend_pg   (void);

/* SIGHTLINE_SHARED_DIR/first/...: NULL-terminated parts. Fails the test when
 * the variable is not set (the tests run through meson test). */
char   *sl_test_shared_path   (const char *first,
                               ...) G_GNUC_NULL_TERMINATED;
/* A hand-labelled photo with faces: datasets/faces-detection/2008_002506.jpg. */
char   *sl_test_shared_image  (void);
/* The real model files: SIGHTLINE_SHARED_DIR/models. */
char   *sl_test_shared_models (void);

/* A new folder under the system temp dir (template ends in XXXXXX). */
char   *sl_test_make_tmp_dir  (const char  *tmpl);
/* Removes path and, when it is a folder (not a link to one), what it holds. */
void    sl_test_rm_rf         (const char  *path);
GBytes *sl_test_read_file     (const char  *path);
char   *sl_test_sha256_file   (const char  *path);
void    sl_test_copy_file     (const char *src,
                               const char *dest);
/* Flips one byte in the middle of the file, like `--corrupt` does. */
void    sl_test_corrupt_file  (const char  *path);

G_END_DECLS
