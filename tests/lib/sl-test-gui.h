/* sl-test-gui.h: what the GUI suites share: starting the application on
 * a fresh database in a temporary directory, seeding it with galleries and
 * analysed photos of real LFW people, signing in through the page a person
 * uses, waiting for the main loop, finding widgets and saving screenshots
 * as test artefacts.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>
#include <adwaita.h>

#include "app/sl-application.h"
#include "app/sl-window.h"
#include "engine/sightline-engine.h"
#include "sl-test-util.h"

G_BEGIN_DECLS

#define SL_TEST_GUI_TIMEOUT_S 60

/* Accounts sl_test_seed_users() creates; every password is SL_TEST_GUI_PASSWORD. */
#define SL_TEST_GUI_PASSWORD      "correct horse battery staple"
#define SL_TEST_GUI_ADMIN         "admin"
#define SL_TEST_GUI_INVESTIGATOR  "ivy"      /* Ivy Investigator */
#define SL_TEST_GUI_INVESTIGATOR2 "ian"      /* Ian Investigator */
#define SL_TEST_GUI_SUPERVISOR    "sam"      /* Sam Supervisor */

/* Runs the main loop until COND holds, failing the test after
 * SL_TEST_GUI_TIMEOUT_S. */
#define sl_test_wait_for(cond)                                                  \
  G_STMT_START {                                                                 \
    gint64 deadline_ = g_get_monotonic_time () + SL_TEST_GUI_TIMEOUT_S * G_USEC_PER_SEC; \
    guint tick_ = g_timeout_add (10, sl_test_tick, NULL);                       \
    while (!(cond))                                                              \
      {                                                                          \
        ck_assert_msg (g_get_monotonic_time () < deadline_,                      \
                       "timed out waiting for %s", #cond);                       \
        g_main_context_iteration (NULL, TRUE);                                   \
      }                                                                          \
    g_source_remove (tick_);                                                     \
  } G_STMT_END

gboolean        sl_test_tick                 (gpointer      data);
/* Runs the main loop for about ms milliseconds. */
void            sl_test_spin                 (guint         ms);

/* A new temporary directory for this test's database and evidence
 * ($SIGHTLINE_DB, $SIGHTLINE_DATA_DIR point into it); returns its path. */
const char     *sl_test_fresh_dir            (void);
/* Creates the database in sl_test_fresh_dir() with the administrator and
 * opens an engine on it (owned by the caller). */
SlEngine       *sl_test_create_db            (void);
/* Adds ivy, ian (investigators) and sam (supervisor). */
void            sl_test_seed_users           (SlEngine     *engine);
SlSession      *sl_test_engine_sign_in       (SlEngine   *engine,
                                              const char *username);

/* What sl_test_seed_case_with_probe() seeded. */
typedef struct
{
  char   *mated;          /* the identity in the gallery and in the evidence */
  gint64  face_id;        /* its face in the evidence */
  gint64  stranger_id;    /* a face of someone not in the gallery */
} SlTestCaseSeed;

/* The gallery enrolled by admin from sl_test_fresh_dir()/gallery: links
 * to the first `images` LFW photos of each of people. Fails the test
 * otherwise. */
SlEnrolSummary *sl_test_seed_gallery         (SlEngine   *engine,
                                              SlSession  *admin,
                                              const char *gallery,
                                              const char *description,
                                              GPtrArray  *people,
                                              guint       images);
/* A fresh database with the users, a gallery "county" of eight LFW people
 * (two photos each, through the engine's enrolment), and ivy's case with a
 * third photo of the first of them and a photo of someone not enrolled,
 * both analysed. */
void            sl_test_seed_case_with_probe (const char     *case_number,
                                              SlTestCaseSeed *out);

SlApplication  *sl_test_start_app            (void);
/* Activates the application and waits until its window has drawn. */
SlWindow       *sl_test_show_window          (SlApplication *app);
/* Types the name and password into the sign-in page, presses Sign In and
 * waits for the workspace. */
void            sl_test_sign_in              (SlWindow   *window,
                                              const char *username);

void            sl_test_wait_until_drawn     (GtkWidget    *widget);
GtkWidget      *sl_test_find_widget          (GtkWidget *root,
                                              GType      type);
/* The descendant of root built from a .ui file with this id. */
GtkWidget      *sl_test_find_by_id           (GtkWidget  *root,
                                              const char *id);
/* A visible GtkButton whose label (after mnemonics) is label. */
GtkWidget      *sl_test_find_button          (GtkWidget  *root,
                                              const char *label);
/* The descendant of root (or root) given this name with
 * gtk_widget_set_name (), for widgets built in code. */
GtkWidget      *sl_test_find_widget_named    (GtkWidget  *root,
                                              const char *name);
/* Appends the text of every mapped label under root, one a line. */
/* Prints (as TAP comments) the deepest visible widgets under widget whose
 * minimum width is above limit, with their ancestors up to the nearest of
 * our own classes: what makes a view too wide. */
void            sl_test_report_wide          (GtkWidget  *widget,
                                              int         limit);
void            sl_test_collect_labels       (GtkWidget  *root,
                                              GString    *out);
/* A toplevel of this type other than the main window, or NULL. */
GtkWindow      *sl_test_find_toplevel        (GType         type);
/* The search dialog for a face of the case, as the viewer opens it, once
 * it is drawn. */
GtkWidget      *sl_test_open_search_dialog   (SlWindow     *window,
                                              const char   *case_number,
                                              gint64        face_id);
/* Saves what widget shows to $SIGHTLINE_TEST_OUTPUT_DIR/name (PNG). */
void            sl_test_save_screenshot      (GtkWidget  *widget,
                                              const char *name);
/* The screens in language ("de") from here on: the catalogue the build
 * compiled (SIGHTLINE_LOCALEDIR), under C.UTF-8. */
void            sl_test_use_language         (const char   *language);
/* Checks for a display, keeps the X server up across forked tests, runs
 * the suite; the exit status of main(). */
int             sl_test_gui_run              (Suite        *suite);

G_END_DECLS
