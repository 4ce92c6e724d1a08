/* sl-cli-signals.c: SIGINT and SIGTERM for every command, in one place.
 * A long command asks for the interrupt cancellable and hands it to the
 * engine: the first signal cancels it, the engine stops at its next
 * check and keeps what it completed, and the command reports that and
 * exits 1. A command that has not finished SL_CLI_INTERRUPT_GRACE_S
 * seconds later (a decoder that does not look at the cancellable), or a
 * second signal, ends the process at once with 128 + the signal's
 * number, as a shell reports a process the signal killed; the database,
 * written in WAL transactions, is intact either way. A command that never
 * asked for the cancellable (a short one) ends at the first signal.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "cli/sl-cli-private.h"

/* The signal thread owns these once installed; the rest only read. */
static GMainContext *signal_context;
static GCancellable *interrupt;
static gint          armed;      /* atomic */
static gint          received;   /* atomic: the first signal, 0 before */

/* helpers */

static const char *
signal_name (int signo)
{
  return signo == SIGINT ? "SIGINT" : signo == SIGTERM ? "SIGTERM" : "signal";
}

static void G_GNUC_NORETURN
die_by (int signo)
{
  /* Killed by it, as without a handler: the parent sees WIFSIGNALED. */
  signal (signo, SIG_DFL);
  kill (getpid (), signo);
  _exit (128 + signo);
}

/* callbacks */

static gboolean
on_grace_over (gpointer user_data)
{
  int signo = GPOINTER_TO_INT (user_data);

  fprintf (stderr, _("\nsightline-cli: still not stopped %d s after %s; stopping now (committed work is "
                     "kept, the step under way is not)\n"), SL_CLI_INTERRUPT_GRACE_S, signal_name (signo));
  fflush (stderr);
  die_by (signo);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal (gpointer user_data)
{
  int signo = GPOINTER_TO_INT (user_data);

  if (!g_atomic_int_get (&armed) || !g_atomic_int_compare_and_exchange (&received, 0, signo))
    die_by (signo);

  fprintf (stderr, _("\nsightline-cli: %s received: stopping after the work under way (send it again to stop "
                     "at once)\n"), signal_name (signo));
  fflush (stderr);
  g_cancellable_cancel (interrupt);
  {
    g_autoptr(GSource) grace = g_timeout_source_new_seconds (SL_CLI_INTERRUPT_GRACE_S);

    g_source_set_callback (grace, on_grace_over, GINT_TO_POINTER (signo), NULL);
    g_source_attach (grace, signal_context);
  }
  return G_SOURCE_CONTINUE;
}

static gpointer
signal_thread (gpointer user_data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (signal_context, FALSE);

  g_main_loop_run (loop);
  return NULL;
}

/* public API */

void
sl_cli_signals_install (void)
{
  const int signals[] = { SIGINT, SIGTERM };

  if (signal_context != NULL)
    return;
  signal_context = g_main_context_new ();
  interrupt = g_cancellable_new ();
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      g_autoptr(GSource) source = g_unix_signal_source_new (signals[i]);

      g_source_set_callback (source, on_signal, GINT_TO_POINTER (signals[i]), NULL);
      g_source_attach (source, signal_context);
    }
  /* Its own thread, so that a signal is acted on whatever the command's
   * thread is doing: a synchronous engine call runs no main loop. */
  g_thread_unref (g_thread_new ("sl-cli-signals", signal_thread, NULL));
}

GCancellable *
sl_cli_interrupt_cancellable (void)
{
  sl_cli_signals_install ();
  g_atomic_int_set (&armed, 1);
  return interrupt;
}

int
sl_cli_interrupt_signal (void)
{
  return g_atomic_int_get (&received);
}

const char *
sl_cli_interrupt_signal_name (void)
{
  int signo = sl_cli_interrupt_signal ();

  return signo != 0 ? signal_name (signo) : NULL;
}
