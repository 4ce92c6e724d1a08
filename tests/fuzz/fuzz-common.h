/* fuzz-common.h: what the fuzz targets share: GLib's criticals and
 * warnings abort (a failed precondition is a bug the fuzzer must see), the
 * log stays quiet otherwise, and an input can be handed over as a file.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

/* A critical or a warning is a bug here: abort, which libFuzzer catches
 * and keeps the input of (a breakpoint trap it would not). */
static void
fuzz_log (const char     *domain,
          GLogLevelFlags  level,
          const char     *message,
          gpointer        data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      fprintf (stderr, "%s: %s\n", domain != NULL ? domain : "", message);
      abort ();
    }
}

/* Once per process: criticals and warnings abort, the rest stays quiet. */
static void
fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  g_log_set_default_handler (fuzz_log, NULL);
}

/* Writes the input to one file of this process (the same path each time,
 * under $TMPDIR) and returns its path, for entry points that read files. */
static G_GNUC_UNUSED const char *
fuzz_write_file (const uint8_t *data,
                 size_t         size,
                 const char    *suffix)
{
  static char *path;
  int fd;

  if (path == NULL)
    path = g_strdup_printf ("%s/sl-fuzz-%d%s", g_get_tmp_dir (), (int) getpid (), suffix);
  /* Plainly written: g_file_set_contents() would sync it each time. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0 || (size > 0 && write (fd, data, size) != (ssize_t) size) || close (fd) != 0)
    abort ();
  return path;
}
