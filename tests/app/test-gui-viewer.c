/* test-gui-viewer.c: the evidence viewer on a real X display (Xvfb), signed
 * in as an investigator, on evidence imported and analysed through the
 * engine: a still made of real LFW photos shows one outline per face
 * found, with the band in its tooltip; picking a face offers the search,
 * which opens the justification dialog; zooming changes the scale; a face
 * drawn by hand is added and audited; evidence not analysed yet is
 * analysed from the viewer; the shortcuts are the ones documented; signing
 * out clears the viewer. Footage written by the test from real photos
 * shows one bar per track, and clicking a bar moves the scrubber to the
 * track's time. The face picked is named as the justification dialog
 * names it. Footage plays, steps by frames and seconds from the keyboard,
 * and its lanes are labelled. Screenshots: evidence-viewer.png,
 * evidence-viewer-manual.png, evidence-viewer-label.png,
 * retract-face-box.png, footage-lanes.png, footage-player.png,
 * footage-player-360.png, search-dialog-track.png.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-gui-viewer"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <check.h>
#include <glib/gi18n.h>

#include "app/sl-evidence-viewer.h"
#include "app/sl-face-canvas.h"
#include "app/sl-footage-player.h"
#include "app/sl-track-lanes.h"
#include "core/sl-audit-query.h"
#include "core/sl-store.h"
#include "engine/sightline-engine.h"
#include "sl-test-gui.h"
#include "sl-test-lfw.h"
#include "vision/sl-image.h"
#include "vision/sl-video.h"

#define CASE "2026-VIEW-7"

typedef struct
{
  SlApplication *app;
  SlWindow      *window;
  SlAppContext  *context;
  SlEngine      *engine;
  SlSession     *session;
  GtkWidget     *viewer;
  GtkWindow     *viewer_window;
} Fixture;

/* helpers */

/* The first photo of a person of the LFW development set. */
static SlImage *
lfw_photo (const char *person)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("%s_0001.jpg", person);
  g_autofree char *path = g_build_filename (sl_test_lfw_dir (), person, name, NULL);
  SlImage *image = sl_image_load (path, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);

  ck_assert_msg (image != NULL, "%s", error ? error->message : "");
  return image;
}

/* The app signed in as ivy, with the case open, and the viewer in a
 * window of its own. */
static void
fixture_init (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCase) c = NULL;

  {
    g_autoptr(SlEngine) engine = sl_test_create_db ();

    sl_test_seed_users (engine);
  }
  f->app = sl_test_start_app ();
  f->window = sl_test_show_window (f->app);
  sl_test_sign_in (f->window, SL_TEST_GUI_INVESTIGATOR);
  f->context = sl_window_get_context (f->window);
  f->engine = sl_app_context_get_engine (f->context);
  f->session = sl_app_context_get_session (f->context);
  ck_assert_ptr_nonnull (f->session);
  c = sl_engine_case_open (f->engine, f->session, CASE, "Shop robbery", &error);
  ck_assert_msg (c != NULL, "%s", error ? error->message : "");

  f->viewer = sl_evidence_viewer_new (f->context);
  f->viewer_window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (f->viewer_window, "Evidence");
  gtk_window_set_default_size (f->viewer_window, 1100, 720);
  gtk_window_set_child (f->viewer_window, f->viewer);
  gtk_window_present (f->viewer_window);
  sl_test_wait_until_drawn (f->viewer);
}

static SlEvidence *
import_and_analyse (Fixture     *f,
                    const char  *path,
                    SlAnalysis **analysis)
{
  g_autoptr(GError) error = NULL;
  SlEvidence *e = sl_engine_evidence_import (f->engine, f->session, CASE, path, NULL, NULL, NULL, &error);

  ck_assert_msg (e != NULL, "import: %s", error ? error->message : "");
  *analysis = sl_engine_analyse (f->engine, f->session, CASE, e->id, NULL, NULL, &error);
  ck_assert_msg (*analysis != NULL, "analyse: %s", error ? error->message : "");
  return e;
}

/* The viewer's page, once the crossfade to it is over. */
static const char *
page_of (GtkWidget *viewer)
{
  GtkStack *stack = GTK_STACK (sl_test_find_by_id (viewer, "stack"));

  return gtk_stack_get_transition_running (stack) ? "" : gtk_stack_get_visible_child_name (stack);
}

static gint64
count_audit (Fixture    *f,
             const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_store_open (sl_engine_get_db_path (f->engine), &error);
  g_autoptr(SlAuditFilter) filter = sl_audit_filter_new ();
  g_autoptr(SlAuditCursor) cursor = NULL;
  gint64 n = 0;

  ck_assert_msg (store != NULL, "%s", error ? error->message : "");
  filter->action = g_strdup (action);
  filter->outcome = g_strdup ("success");
  cursor = sl_audit_cursor_new_filtered (store, filter, &error);
  ck_assert (cursor != NULL);
  while (sl_audit_cursor_next (cursor, &error) != NULL)
    n++;
  return n;
}

/* A 900x420 still: three people's photos side by side under an empty band. */
static char *
write_still (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImage) still = sl_image_new_filled (900, 420, 186, 190, 196);
  const char *people[] = { "AJ_Cook", "Aaron_Guiel", "Aaron_Peirsol" };
  char *path = g_build_filename (sl_test_fresh_dir (), "shop-till.jpg", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(SlImage) photo = lfw_photo (people[i]);

      sl_image_paste (still, photo, 25 + 300 * (int) i, 160);
    }
  ck_assert_msg (sl_image_save (still, path, SL_IMAGE_FORMAT_JPEG, 92, &error), "%s",
                 error ? error->message : "");
  return path;
}

/* n_frames at 10 frames a second (60: 6 s): one face from 0.5 to 3.5 s moving right,
 * another from 2 to 5.5 s, so that they overlap in time. */
static char *
write_clip (const char *name,
            int         n_frames)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlVideoWriter) writer = NULL;
  g_autoptr(SlImage) a_photo = lfw_photo ("AJ_Cook");
  g_autoptr(SlImage) b_photo = lfw_photo ("Aaron_Guiel");
  g_autoptr(SlImage) a = NULL;
  g_autoptr(SlImage) b = NULL;
  char *path = g_build_filename (sl_test_fresh_dir (), name, NULL);

  /* the middle of an LFW photo is the face */
  {
    g_autoptr(SlImage) ca = sl_image_crop (a_photo, 50, 40, 150, 170);
    g_autoptr(SlImage) cb = sl_image_crop (b_photo, 50, 40, 150, 170);

    a = sl_image_resize (ca, 150, 170);
    b = sl_image_resize (cb, 150, 170);
  }
  writer = sl_video_writer_new (path, SL_VIDEO_CODEC_MJPEG, 10, 640, 360, &error);
  ck_assert_msg (writer != NULL, "%s", error ? error->message : "");
  for (int i = 0; i < n_frames; i++)
    {
      double t = i / 10.0;
      g_autoptr(SlImage) frame = sl_image_new_filled (640, 360, 92, 98, 104);

      if (t >= 0.5 && t <= 3.5)
        sl_image_paste (frame, a, 40 + (int) ((t - 0.5) * 30), 90);
      if (t >= 2.0 && t <= 5.5)
        sl_image_paste (frame, b, 420 - (int) ((t - 2.0) * 20), 100);
      ck_assert (sl_video_writer_add_frame (writer, frame, &error));
    }
  ck_assert (sl_video_writer_close (writer, &error));
  return path;
}

static void
centre_of (SlFaceCanvas *canvas,
           guint         index,
           double       *x,
           double       *y)
{
  graphene_rect_t r;

  ck_assert (sl_face_canvas_get_face_area (canvas, index, &r));
  *x = r.origin.x + r.size.width / 2;
  *y = r.origin.y + r.size.height / 2;
}

/* The action the widget's own keyboard shortcut for accel names, or NULL. */
static char *
action_for_accel (GtkWidget  *widget,
                  const char *accel)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GdkModifierType mods;
  guint key;

  ck_assert (gtk_accelerator_parse (accel, &key, &mods));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) && GTK_IS_NAMED_ACTION (action) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == key &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods)
            return g_strdup (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
        }
    }
  return NULL;
}

/* What a key press does: the widget's own shortcut for accel, activated as
 * GTK activates it once the key matched its trigger. */
static void
press_key (GtkWidget  *widget,
           const char *accel)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GdkModifierType mods;
  guint key;

  ck_assert (gtk_accelerator_parse (accel, &key, &mods));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == key &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods)
            {
              ck_assert (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                       gtk_shortcut_get_arguments (shortcut)));
              return;
            }
        }
    }
  ck_abort_msg ("no shortcut for %s", accel);
}

/* The frame number and time the player's labels show, in the language of
 * the run. */
static void
assert_shows (GtkLabel   *frame_label,
              GtkLabel   *time_label,
              const char *number,
              const char *time)
{
  g_autofree char *frame = g_strdup_printf (_("Frame %s"), number);
  g_autofree char *times = g_strdup_printf (_("%s / %s"), time, "0:06.0");

  ck_assert_str_eq (gtk_label_get_text (frame_label), frame);
  ck_assert_str_eq (gtk_label_get_text (time_label), times);
}

/* What playback showed, read every 5 ms: the frames seen on screen and
 * the longest the main loop was held up. */
typedef struct
{
  SlFootagePlayer *player;
  gint64           last_index;
  guint            frames_seen;
  gint64           last_us;
  gint64           worst_gap_us;
} PlaybackProbe;

static gboolean
on_playback_tick (gpointer data)
{
  PlaybackProbe *p = data;
  gint64 now = g_get_monotonic_time ();
  gint64 index = sl_footage_player_get_frame_index (p->player);

  if (p->last_us > 0)
    p->worst_gap_us = MAX (p->worst_gap_us, now - p->last_us);
  p->last_us = now;
  if (index != p->last_index)
    p->frames_seen++;
  p->last_index = index;
  return G_SOURCE_CONTINUE;
}

static void
close_search_dialog (void)
{
  GtkWindow *dialog = NULL;

  sl_test_wait_for ((dialog = sl_test_find_toplevel (g_type_from_name ("SlSearchDialog"))) != NULL);
  sl_test_wait_until_drawn (GTK_WIDGET (dialog));
  gtk_window_destroy (dialog);
  sl_test_wait_for (sl_test_find_toplevel (g_type_from_name ("SlSearchDialog")) == NULL);
}

/* tests */

START_TEST (test_still_viewer)
{
  Fixture f = { 0 };
  g_autofree char *path = NULL;
  g_autoptr(SlEvidence) e = NULL;
  g_autoptr(SlAnalysis) a = NULL;
  SlFaceCanvas *canvas;
  GtkWidget *search_button;
  double x, y, zoom;
  guint n;

  fixture_init (&f);
  path = write_still ();
  e = import_and_analyse (&f, path, &a);
  n = a->faces->len;
  ck_assert_uint_ge (n, 3);

  sl_evidence_viewer_set_evidence (SL_EVIDENCE_VIEWER (f.viewer), CASE, e);
  sl_test_wait_for (g_strcmp0 (page_of (f.viewer), "still") == 0 &&
                     sl_evidence_viewer_is_idle (SL_EVIDENCE_VIEWER (f.viewer)));
  canvas = SL_FACE_CANVAS (sl_test_find_by_id (f.viewer, "canvas"));

  /* One outline per face the analysis found, each with its band. */
  ck_assert_uint_eq (sl_face_canvas_get_n_faces (canvas), n);
  sl_test_wait_until_drawn (GTK_WIDGET (canvas));
  for (guint i = 0; i < n; i++)
    {
      const SlProbeFace *face = sl_face_canvas_get_face (canvas, i);
      g_autofree char *tip = NULL;
      g_autofree char *band = g_strdup_printf ("%s quality", sl_face_band_label (face->quality_band));

      centre_of (canvas, i, &x, &y);
      tip = sl_face_canvas_tooltip_at (canvas, x, y);
      ck_assert_ptr_nonnull (tip);
      ck_assert_msg (strstr (tip, band) != NULL, "tooltip '%s' lacks '%s'", tip, band);
      ck_assert_msg (strstr (tip, "pixels") != NULL, "%s", tip);
    }
  ck_assert_ptr_null (sl_face_canvas_tooltip_at (canvas, 2, 2));

  /* Nothing picked: no search. Picking a face offers it. */
  search_button = sl_test_find_by_id (f.viewer, "search_button");
  ck_assert (!gtk_widget_is_sensitive (search_button));
  centre_of (canvas, 0, &x, &y);
  sl_face_canvas_pick_at (canvas, x, y);
  ck_assert_int_eq (sl_face_canvas_get_selected (canvas), sl_face_canvas_get_face (canvas, 0)->id);
  sl_test_wait_for (gtk_widget_is_sensitive (search_button) && gtk_widget_get_mapped (search_button));
  ck_assert_ptr_nonnull (gtk_picture_get_paintable (GTK_PICTURE (sl_test_find_by_id (f.viewer, "crop_picture"))));
  ck_assert_msg (strstr (gtk_label_get_text (GTK_LABEL (sl_test_find_by_id (f.viewer, "face_facts"))), "quality")
                 != NULL, "facts");
  sl_test_save_screenshot (GTK_WIDGET (f.viewer_window), "evidence-viewer.png");

  /* Search Gallery… opens the justification dialog. */
  ck_assert_ptr_null (sl_test_find_toplevel (g_type_from_name ("SlSearchDialog")));
  ck_assert (gtk_widget_activate_action (f.viewer, "viewer.search", NULL));
  close_search_dialog ();

  /* Zoom in, out, back to fitting. */
  ck_assert (sl_face_canvas_get_fit (canvas));
  zoom = sl_face_canvas_get_zoom (canvas);
  ck_assert (gtk_widget_activate_action (f.viewer, "viewer.zoom-in", NULL));
  ck_assert (!sl_face_canvas_get_fit (canvas));
  ck_assert_double_eq_tol (sl_face_canvas_get_zoom (canvas), zoom * 1.25, 1e-6);
  sl_test_wait_until_drawn (GTK_WIDGET (canvas));
  ck_assert_int_ge (gtk_widget_get_width (GTK_WIDGET (canvas)), (int) (900 * zoom * 1.25) - 1);
  ck_assert (gtk_widget_activate_action (f.viewer, "viewer.zoom-in", NULL));
  ck_assert (gtk_widget_activate_action (f.viewer, "viewer.zoom-out", NULL));
  ck_assert_double_eq_tol (sl_face_canvas_get_zoom (canvas), zoom * 1.25, 1e-6);
  ck_assert (gtk_widget_activate_action (f.viewer, "viewer.zoom-actual", NULL));
  ck_assert_double_eq_tol (sl_face_canvas_get_zoom (canvas), 1, 1e-6);
  ck_assert (gtk_widget_activate_action (f.viewer, "viewer.zoom-fit", NULL));
  ck_assert (sl_face_canvas_get_fit (canvas));
  sl_test_wait_until_drawn (GTK_WIDGET (canvas));
  ck_assert_double_eq_tol (sl_face_canvas_get_zoom (canvas), zoom, 1e-6);

  /* A face drawn by hand in the empty band above the photos, through the
   * path a drag takes: added, picked, audited. */
  ck_assert_int_eq (count_audit (&f, "face.manual"), 0);
  ck_assert (gtk_widget_activate_action (f.viewer, "viewer.draw-face", NULL));
  ck_assert (sl_face_canvas_get_drawing (canvas));
  ck_assert (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (sl_test_find_by_id (f.viewer, "draw_button"))));
  {
    double x0, y0, x1, y1;

    sl_face_canvas_image_to_canvas (canvas, 400, 20, &x0, &y0);
    sl_face_canvas_image_to_canvas (canvas, 470, 100, &x1, &y1);
    sl_face_canvas_finish_box (canvas, x0, y0, x1, y1);
  }
  ck_assert (!sl_face_canvas_get_drawing (canvas));
  sl_test_wait_for (sl_face_canvas_get_n_faces (canvas) == n + 1 &&
                     sl_evidence_viewer_is_idle (SL_EVIDENCE_VIEWER (f.viewer)));
  {
    const SlProbeFace *manual = sl_face_canvas_get_face (canvas, n);

    ck_assert (sl_face_canvas_get_selected (canvas) == manual->id);
    ck_assert_float_eq_tol (manual->box[0], 400, 1.5);
    ck_assert_float_eq_tol (manual->box[2], 70, 1.5);
    centre_of (canvas, n, &x, &y);
    {
      g_autofree char *tip = sl_face_canvas_tooltip_at (canvas, x, y);

      ck_assert_msg (strstr (tip, "Drawn by hand") != NULL, "%s", tip);
    }
  }
  ck_assert_int_eq (count_audit (&f, "face.manual"), 1);
  sl_test_wait_for (g_strcmp0 (page_of (f.viewer), "still") == 0);
  sl_test_save_screenshot (GTK_WIDGET (f.viewer_window), "evidence-viewer-manual.png");

  /* The drawn box is retracted with a reason, never erased: "Retract Face
   * Box…" is offered for it (and not for the detector's faces), asks the
   * reason, and the box is no longer shown. */
  {
    GtkWidget *retract = sl_test_find_by_id (f.viewer, "retract_button");
    GListModel *toplevels = gtk_window_get_toplevels ();
    GtkWidget *dialog = NULL;
    GtkWidget *entry;

    sl_test_wait_for (gtk_widget_get_mapped (retract));
    ck_assert (gtk_widget_activate_action (f.viewer, "viewer.retract-face", NULL));
    for (guint i = 0; dialog == NULL && i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (w))
          dialog = GTK_WIDGET (w);
      }
    ck_assert_ptr_nonnull (dialog);
    ck_assert (!adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "retract"));
    entry = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
    gtk_editable_set_text (GTK_EDITABLE (entry), "Drawn over a poster, not a person");
    sl_test_wait_until_drawn (dialog);
    sl_test_save_screenshot (dialog, "retract-face-box.png");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "retract");
    sl_test_wait_for (sl_face_canvas_get_n_faces (canvas) == n &&
                       sl_evidence_viewer_is_idle (SL_EVIDENCE_VIEWER (f.viewer)));
    ck_assert_int_eq (count_audit (&f, "face.retract"), 1);
    ck_assert (!gtk_widget_get_visible (retract));
    for (guint i = 0; i < n; i++)
      {
        sl_face_canvas_set_selected (canvas, sl_face_canvas_get_face (canvas, i)->id);
        ck_assert (!gtk_widget_get_visible (retract));
      }
  }

  gtk_window_destroy (f.viewer_window);
  g_object_unref (f.app);
}
END_TEST

/* Issue 15 item 1: the face picked in the viewer is named as the
 * justification dialog names it: by its number in the database and the
 * evidence file's name, never by its place on the picture. A first piece
 * of evidence makes the two differ. */
START_TEST (test_one_label_for_a_face)
{
  Fixture f = { 0 };
  g_autofree char *first = g_build_filename (sl_test_lfw_dir (), "AJ_Cook", "AJ_Cook_0001.jpg", NULL);
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(SlEvidence) e0 = NULL;
  g_autoptr(SlEvidence) e = NULL;
  g_autoptr(SlAnalysis) a0 = NULL;
  g_autoptr(SlAnalysis) a = NULL;
  SlFaceCanvas *canvas;
  GtkWindow *dialog;
  const SlProbeFace *face;
  const char *title;
  double x, y;

  fixture_init (&f);
  e0 = import_and_analyse (&f, first, &a0);
  ck_assert_uint_ge (a0->faces->len, 1);
  path = write_still ();
  e = import_and_analyse (&f, path, &a);
  ck_assert_uint_ge (a->faces->len, 3);

  sl_evidence_viewer_set_evidence (SL_EVIDENCE_VIEWER (f.viewer), CASE, e);
  sl_test_wait_for (g_strcmp0 (page_of (f.viewer), "still") == 0 &&
                     sl_evidence_viewer_is_idle (SL_EVIDENCE_VIEWER (f.viewer)));
  canvas = SL_FACE_CANVAS (sl_test_find_by_id (f.viewer, "canvas"));
  sl_test_wait_until_drawn (GTK_WIDGET (canvas));
  centre_of (canvas, 0, &x, &y);
  sl_face_canvas_pick_at (canvas, x, y);
  face = sl_face_canvas_get_face (canvas, 0);
  ck_assert_int_gt (face->id, 1);
  expected = g_strdup_printf ("Face %" G_GINT64_FORMAT " · shop-till.jpg", face->id);

  /* The viewer's title of the face... */
  sl_test_wait_for (g_strcmp0 (page_of (f.viewer), "still") == 0 &&
                     gtk_widget_get_mapped (sl_test_find_by_id (f.viewer, "face_title")));
  title = gtk_label_get_text (GTK_LABEL (sl_test_find_by_id (f.viewer, "face_title")));
  sl_test_save_screenshot (GTK_WIDGET (f.viewer_window), "evidence-viewer-label.png");
  ck_assert_str_eq (title, expected);
  /* 360 px wide: the label wraps, nothing is cut. */
  gtk_window_set_default_size (f.viewer_window, 360, 720);
  sl_test_spin (500);
  sl_test_save_screenshot (GTK_WIDGET (f.viewer_window), "evidence-viewer-label-360.png");
  gtk_window_set_default_size (f.viewer_window, 1100, 720);
  sl_test_spin (300);

  /* ...is the justification dialog's, for the same face. */
  ck_assert (gtk_widget_activate_action (f.viewer, "viewer.search", NULL));
  sl_test_wait_for ((dialog = sl_test_find_toplevel (g_type_from_name ("SlSearchDialog"))) != NULL);
  sl_test_wait_until_drawn (GTK_WIDGET (dialog));
  ck_assert_str_eq (gtk_label_get_text (GTK_LABEL (sl_test_find_by_id (GTK_WIDGET (dialog), "probe_label"))),
                    expected);
  gtk_window_destroy (dialog);

  gtk_window_destroy (f.viewer_window);
  g_object_unref (f.app);
}
END_TEST

START_TEST (test_still_not_analysed)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SlEvidence) e = NULL;
  SlFaceCanvas *canvas;

  fixture_init (&f);
  path = write_still ();
  e = sl_engine_evidence_import (f.engine, f.session, CASE, path, NULL, NULL, NULL, &error);
  ck_assert_msg (e != NULL, "%s", error ? error->message : "");

  sl_evidence_viewer_set_evidence (SL_EVIDENCE_VIEWER (f.viewer), CASE, e);
  sl_test_wait_for (g_strcmp0 (page_of (f.viewer), "analyse") == 0);
  ck_assert (gtk_widget_get_visible (sl_test_find_by_id (f.viewer, "analyse_button")));
  ck_assert_int_eq (count_audit (&f, "evidence.analyze"), 0);
  ck_assert (gtk_widget_activate_action (f.viewer, "viewer.analyse", NULL));
  sl_test_wait_for (g_strcmp0 (page_of (f.viewer), "still") == 0 &&
                     sl_evidence_viewer_is_idle (SL_EVIDENCE_VIEWER (f.viewer)));
  canvas = SL_FACE_CANVAS (sl_test_find_by_id (f.viewer, "canvas"));
  ck_assert_uint_ge (sl_face_canvas_get_n_faces (canvas), 3);
  ck_assert_int_eq (count_audit (&f, "evidence.analyze"), 1);

  /* The keyboard shortcuts the Keyboard Shortcuts window lists. */
  {
    static const char *accels[][2] = {
      { "<Control>plus", "viewer.zoom-in" },
      { "<Control>minus", "viewer.zoom-out" },
      { "<Control>0", "viewer.zoom-fit" },
      { "<Control>1", "viewer.zoom-actual" },
      { "d", "viewer.draw-face" },
      { "Escape", "viewer.stop" },
      { "<Control><Shift>f", "viewer.search" },
    };
    GtkWidget *player = sl_test_find_widget (f.viewer, SL_TYPE_FOOTAGE_PLAYER);

    for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
      {
        g_autofree char *action = action_for_accel (f.viewer, accels[i][0]);

        ck_assert_msg (g_strcmp0 (action, accels[i][1]) == 0, "%s: %s", accels[i][0], action);
      }
    {
      g_autofree char *left = action_for_accel (player, "Left");
      g_autofree char *right = action_for_accel (player, "Right");
      g_autofree char *shift_left = action_for_accel (player, "<Shift>Left");
      g_autofree char *shift_right = action_for_accel (player, "<Shift>Right");
      g_autofree char *space = action_for_accel (player, "space");

      ck_assert_str_eq (left, "footage.previous-frame");
      ck_assert_str_eq (right, "footage.next-frame");
      ck_assert_str_eq (shift_left, "footage.step-back");
      ck_assert_str_eq (shift_right, "footage.step-forward");
      ck_assert_str_eq (space, "footage.play");
    }
  }

  /* Signing out leaves nothing of the evidence on screen. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.sign-out", NULL));
  sl_test_wait_for (g_strcmp0 (page_of (f.viewer), "empty") == 0);
  ck_assert_uint_eq (sl_face_canvas_get_n_faces (canvas), 0);

  gtk_window_destroy (f.viewer_window);
  g_object_unref (f.app);
}
END_TEST

START_TEST (test_footage_lanes)
{
  Fixture f = { 0 };
  g_autofree char *path = NULL;
  g_autoptr(SlEvidence) e = NULL;
  g_autoptr(SlAnalysis) a = NULL;
  SlFootagePlayer *player;
  SlTrackLanes *lanes;
  GtkAdjustment *adjustment;
  const SlTrack *track;
  graphene_rect_t bar;
  guint last;

  fixture_init (&f);
  path = write_clip ("corridor.avi", 60);
  e = import_and_analyse (&f, path, &a);
  ck_assert_int_eq (e->kind, SL_EVIDENCE_FOOTAGE);
  ck_assert_ptr_nonnull (a->tracks);
  ck_assert_uint_ge (a->tracks->len, 2);

  sl_evidence_viewer_set_evidence (SL_EVIDENCE_VIEWER (f.viewer), CASE, e);
  sl_test_wait_for (g_strcmp0 (page_of (f.viewer), "footage") == 0 &&
                     sl_evidence_viewer_is_idle (SL_EVIDENCE_VIEWER (f.viewer)));
  player = SL_FOOTAGE_PLAYER (sl_test_find_widget (f.viewer, SL_TYPE_FOOTAGE_PLAYER));
  lanes = SL_TRACK_LANES (sl_test_find_by_id (GTK_WIDGET (player), "lanes"));
  adjustment = gtk_range_get_adjustment (GTK_RANGE (sl_test_find_by_id (GTK_WIDGET (player), "scrubber")));
  sl_test_wait_until_drawn (GTK_WIDGET (lanes));

  /* One bar per track; the two people overlap, so two lanes at least. */
  ck_assert_uint_eq (sl_track_lanes_get_n_bars (lanes), a->tracks->len);
  ck_assert_uint_ge (sl_track_lanes_get_n_lanes (lanes), 2);
  ck_assert_double_eq (gtk_adjustment_get_value (adjustment), 0);
  ck_assert_double_ge (gtk_adjustment_get_upper (adjustment), 5500);

  /* Clicking the last track's bar picks it and moves the scrubber there. */
  last = sl_track_lanes_get_n_bars (lanes) - 1;
  track = sl_track_lanes_get_track (lanes, last);
  ck_assert (sl_track_lanes_get_bar_area (lanes, last, &bar));
  {
    g_autofree char *tip = sl_track_lanes_tooltip_at (lanes, bar.origin.x + bar.size.width / 2,
                                                      bar.origin.y + bar.size.height / 2);
    g_autofree char *title = g_strdup_printf ("Track %" G_GINT64_FORMAT, track->id);

    ck_assert_msg (tip != NULL && strstr (tip, title) != NULL && strstr (tip, "sighting") != NULL, "%s", tip);
  }
  sl_track_lanes_activate_at (lanes, bar.origin.x + bar.size.width / 2, bar.origin.y + bar.size.height / 2);
  ck_assert_int_eq (sl_footage_player_get_selected_track (player), track->id);
  ck_assert_double_eq (gtk_adjustment_get_value (adjustment), (double) track->first_ms);
  ck_assert_int_eq (sl_track_lanes_get_position (lanes), track->first_ms);
  sl_test_wait_for (sl_footage_player_is_frame_shown (player));

  /* Its best views as thumbnails; one shows its frame with the box. */
  {
    GtkWidget *thumbnail = gtk_widget_get_first_child (sl_test_find_by_id (GTK_WIDGET (player), "thumbnails"));

    ck_assert_ptr_nonnull (thumbnail);
    g_signal_emit_by_name (thumbnail, "clicked");
    ck_assert_double_ne (gtk_adjustment_get_value (adjustment), 0);
    sl_test_wait_for (sl_footage_player_is_frame_shown (player));
  }
  ck_assert_uint_ge (sl_face_canvas_get_n_faces (SL_FACE_CANVAS (sl_test_find_by_id (GTK_WIDGET (player), "canvas"))),
                     1);
  ck_assert (gtk_widget_is_sensitive (sl_test_find_by_id (GTK_WIDGET (player), "search_button")));

  /* A step of a second forward, from the keyboard's action. */
  {
    double before = gtk_adjustment_get_value (adjustment);

    ck_assert (gtk_widget_activate_action (GTK_WIDGET (player), "footage.step-forward", NULL));
    ck_assert_double_eq (gtk_adjustment_get_value (adjustment), MIN (before + 1000,
                                                                      gtk_adjustment_get_upper (adjustment)));
  }
  sl_test_wait_for (sl_footage_player_is_frame_shown (player));
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (player), "footage.step-back", NULL));
  sl_test_wait_for (sl_footage_player_is_frame_shown (player));
  sl_test_save_screenshot (GTK_WIDGET (f.viewer_window), "footage-lanes.png");

  /* The track's Search Gallery… opens the justification dialog. */
  ck_assert (gtk_widget_activate_action (f.viewer, "viewer.search", NULL));
  close_search_dialog ();

  gtk_window_destroy (f.viewer_window);
  g_object_unref (f.app);
}
END_TEST

/* Issue 15 item 5: CCTV work on the footage. Frame steps with Left and
 * Right (several before a frame arrives all count), a second with Shift;
 * the frame number and time shown follow. Space plays (frames move on by
 * themselves) and pauses (they stop); playback stops at the end. Each
 * track has a lane with its label, span and quality, and clicking the lane
 * goes to the track's first frame, where its face box carries the track's
 * label. The justification dialog for the track shows its best view.
 * Screenshots: footage-player.png, footage-player-360.png,
 * search-dialog-track.png. */
START_TEST (test_footage_playback)
{
  Fixture f = { 0 };
  g_autofree char *path = NULL;
  g_autoptr(SlEvidence) e = NULL;
  g_autoptr(SlAnalysis) a = NULL;
  SlFootagePlayer *player;
  GtkWidget *w;
  SlTrackLanes *lanes;
  SlFaceCanvas *canvas;
  GtkLabel *time_label, *frame_label;
  const SlTrack *track;
  GtkWindow *dialog;
  gint64 index;

  fixture_init (&f);
  /* 10 frames a second, 6 s */
  path = write_clip ("platform.avi", 60);
  e = import_and_analyse (&f, path, &a);
  ck_assert_uint_ge (a->tracks->len, 2);

  sl_evidence_viewer_set_evidence (SL_EVIDENCE_VIEWER (f.viewer), CASE, e);
  sl_test_wait_for (g_strcmp0 (page_of (f.viewer), "footage") == 0 &&
                     sl_evidence_viewer_is_idle (SL_EVIDENCE_VIEWER (f.viewer)));
  player = SL_FOOTAGE_PLAYER (sl_test_find_widget (f.viewer, SL_TYPE_FOOTAGE_PLAYER));
  w = GTK_WIDGET (player);
  lanes = SL_TRACK_LANES (sl_test_find_by_id (w, "lanes"));
  canvas = SL_FACE_CANVAS (sl_test_find_by_id (w, "canvas"));
  time_label = GTK_LABEL (sl_test_find_by_id (w, "time_label"));
  frame_label = GTK_LABEL (sl_test_find_by_id (w, "frame_label"));
  ck_assert_int_eq (sl_footage_player_get_frame_index (player), 0);
  assert_shows (frame_label, time_label, "0", "0:00.0");

  /* Frame by frame, and a second at a time. */
  press_key (w, "Right");
  sl_test_wait_for (sl_footage_player_is_frame_shown (player));
  ck_assert_int_eq (sl_footage_player_get_frame_index (player), 1);
  ck_assert_int_eq (sl_footage_player_get_frame_time (player), 100);
  assert_shows (frame_label, time_label, "1", "0:00.1");
  press_key (w, "Right");
  press_key (w, "Right");
  sl_test_wait_for (sl_footage_player_is_frame_shown (player));
  ck_assert_int_eq (sl_footage_player_get_frame_index (player), 3);
  press_key (w, "<Shift>Right");
  sl_test_wait_for (sl_footage_player_is_frame_shown (player));
  ck_assert_int_eq (sl_footage_player_get_frame_index (player), 13);
  assert_shows (frame_label, time_label, "13", "0:01.3");
  press_key (w, "<Shift>Left");
  press_key (w, "Left");
  sl_test_wait_for (sl_footage_player_is_frame_shown (player));
  ck_assert_int_eq (sl_footage_player_get_frame_index (player), 2);
  ck_assert_int_eq (sl_footage_player_get_frame_time (player), 200);
  press_key (w, "Left");
  press_key (w, "Left");
  press_key (w, "Left");
  sl_test_wait_for (sl_footage_player_is_frame_shown (player));
  ck_assert_int_eq (sl_footage_player_get_frame_index (player), 0);

  /* Space plays: the frames move on by themselves, and the button says
   * Pause; Space again pauses, and they stay. */
  ck_assert (!sl_footage_player_get_playing (player));
  press_key (w, "space");
  ck_assert (sl_footage_player_get_playing (player));
  ck_assert_str_eq (gtk_widget_get_tooltip_text (sl_test_find_by_id (w, "play_button")), _("Pause (Space)"));
  sl_test_wait_for (sl_footage_player_get_frame_index (player) >= 8);
  press_key (w, "space");
  ck_assert (!sl_footage_player_get_playing (player));
  ck_assert_str_eq (gtk_widget_get_tooltip_text (sl_test_find_by_id (w, "play_button")), _("Play (Space)"));
  sl_test_wait_for (sl_footage_player_is_frame_shown (player));
  index = sl_footage_player_get_frame_index (player);
  ck_assert_int_lt (index, 40);
  sl_test_spin (400);
  ck_assert_int_eq (sl_footage_player_get_frame_index (player), index);
  /* About real time: 4.4 s of footage take about 4.4 s, most of its 44
   * frames are shown (a frame is skipped only when decoding falls behind
   * the clock), and the main loop keeps turning. */
  {
    PlaybackProbe probe = { player, -1, 0, 0, 0 };
    gint64 start, took_ms;
    guint tick;

    sl_footage_player_seek (player, 1500);
    sl_test_wait_for (sl_footage_player_is_frame_shown (player));
    ck_assert (gtk_widget_activate_action (w, "footage.play", NULL));
    start = g_get_monotonic_time ();
    tick = g_timeout_add (5, on_playback_tick, &probe);
    /* it stops by itself at the last frame */
    sl_test_wait_for (!sl_footage_player_get_playing (player));
    g_source_remove (tick);
    took_ms = (g_get_monotonic_time () - start) / 1000;
    fprintf (stderr, "# playback: 44 frames in %" G_GINT64_FORMAT " ms, %u shown, worst main-loop gap %"
             G_GINT64_FORMAT " ms\n", took_ms, probe.frames_seen, probe.worst_gap_us / 1000);
    ck_assert_int_eq (sl_footage_player_get_frame_index (player), 59);
    ck_assert_msg (took_ms > 3500 && took_ms < 6000, "4.4 s of footage played in %" G_GINT64_FORMAT " ms",
                   took_ms);
    ck_assert_msg (probe.frames_seen >= 30, "%u of 44 frames shown", probe.frames_seen);
  }

  /* A lane per track: its label, span and quality. */
  ck_assert_uint_eq (sl_track_lanes_get_n_lanes (lanes), a->tracks->len);
  for (guint i = 0; i < sl_track_lanes_get_n_lanes (lanes); i++)
    {
      g_autofree char *text = sl_track_lanes_get_lane_text (lanes, i);
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      g_autofree char *label = NULL;
      gboolean banded = FALSE;

      track = sl_track_lanes_get_track (lanes, i);
      from = sl_media_time_format (track->first_ms);
      to = sl_media_time_format (track->last_ms);
      /* "Track 3 · 0:02.0–0:05.4 · Good" */
      label = sl_track_label (track->id, track->first_ms, track->last_ms, NULL);
      for (guint b = 0; b < 3; b++)
        {
          g_autofree char *end = g_strdup_printf (" · %s", sl_face_band_label ((const char *[]) { "good", "usable",
                                                                                                  "poor" }[b]));
          banded = banded || g_str_has_suffix (text, end);
        }
      ck_assert_msg (g_str_has_prefix (text, label) && strstr (text, from) != NULL && strstr (text, to) != NULL &&
                     banded, "lane %u reads '%s'", i, text);
    }

  /* Clicking the second lane (on its label, away from its bar) goes to the
   * first frame of its track. */
  track = sl_track_lanes_get_track (lanes, 1);
  ck_assert_int_gt (track->first_ms, 0);
  {
    graphene_rect_t bar;

    ck_assert (sl_track_lanes_get_bar_area (lanes, 1, &bar));
    sl_track_lanes_activate_at (lanes, 2, bar.origin.y - 6);
  }
  ck_assert_int_eq (sl_footage_player_get_selected_track (player), track->id);
  sl_test_wait_for (sl_footage_player_is_frame_shown (player));
  ck_assert_int_eq (sl_footage_player_get_frame_time (player), track->first_ms);
  ck_assert_int_eq (sl_footage_player_get_frame_index (player), track->first_ms / 100);
  ck_assert_int_eq (sl_track_lanes_get_position (lanes), track->first_ms);

  /* The best view's frame shows the face box of the track. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) views = sl_engine_track_faces (f.engine, f.session, track->id, FALSE, &error);
    gboolean found = FALSE;

    ck_assert_msg (views != NULL && views->len > 0, "%s", error ? error->message : "no views");
    sl_footage_player_seek (player, ((SlProbeFace *) g_ptr_array_index (views, 0))->frame_ms);
    sl_test_wait_for (sl_footage_player_is_frame_shown (player));
    for (guint i = 0; i < sl_face_canvas_get_n_faces (canvas); i++)
      found = found || sl_face_canvas_get_face (canvas, i)->track_id == track->id;
    ck_assert_msg (found, "no box of track %" G_GINT64_FORMAT " at %" G_GINT64_FORMAT " ms", track->id,
                   sl_footage_player_get_frame_time (player));
  }
  sl_test_wait_until_drawn (GTK_WIDGET (canvas));
  sl_test_save_screenshot (GTK_WIDGET (f.viewer_window), "footage-player.png");
  gtk_window_set_default_size (f.viewer_window, 360, 720);
  sl_test_spin (500);
  sl_test_save_screenshot (GTK_WIDGET (f.viewer_window), "footage-player-360.png");
  gtk_window_set_default_size (f.viewer_window, 1100, 720);
  sl_test_spin (300);

  /* The justification shows the track's best view. */
  ck_assert (gtk_widget_activate_action (f.viewer, "viewer.search", NULL));
  sl_test_wait_for ((dialog = sl_test_find_toplevel (g_type_from_name ("SlSearchDialog"))) != NULL);
  sl_test_wait_until_drawn (GTK_WIDGET (dialog));
  {
    GtkPicture *picture = GTK_PICTURE (sl_test_find_by_id (GTK_WIDGET (dialog), "probe_picture"));
    GdkPaintable *paintable = gtk_picture_get_paintable (picture);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) views = sl_engine_track_faces (f.engine, f.session, track->id, FALSE, &error);
    g_autofree char *title = NULL;

    /* the track's best view and its one label: "Track 2 · platform.avi · 0:02.6" */
    ck_assert_msg (views != NULL && views->len > 0, "%s", error ? error->message : "no views");
    title = sl_probe_face_label (g_ptr_array_index (views, 0));
    ck_assert_msg (strstr (title, "platform.avi") != NULL, "%s", title);
    ck_assert_ptr_nonnull (paintable);
    ck_assert_int_gt (gdk_paintable_get_intrinsic_width (paintable), 32);
    ck_assert_str_eq (gtk_label_get_text (GTK_LABEL (sl_test_find_by_id (GTK_WIDGET (dialog), "probe_label"))),
                      title);
  }
  sl_test_save_screenshot (GTK_WIDGET (dialog), "search-dialog-track.png");
  gtk_window_destroy (dialog);

  /* Closing the viewer while playing stops the decoding. */
  ck_assert (gtk_widget_activate_action (w, "footage.play", NULL));
  ck_assert (sl_footage_player_get_playing (player));
  gtk_widget_set_visible (GTK_WIDGET (f.viewer_window), FALSE);
  ck_assert (!sl_footage_player_get_playing (player));

  gtk_window_destroy (f.viewer_window);
  g_object_unref (f.app);
}
END_TEST

/* Footage not analysed yet: analysed from the viewer, with its progress,
 * then shown with its tracks. */
START_TEST (test_footage_analysed_from_viewer)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SlEvidence) e = NULL;
  SlTrackLanes *lanes;

  fixture_init (&f);
  path = write_clip ("lobby.avi", 30);
  e = sl_engine_evidence_import (f.engine, f.session, CASE, path, NULL, NULL, NULL, &error);
  ck_assert_msg (e != NULL, "%s", error ? error->message : "");

  sl_evidence_viewer_set_evidence (SL_EVIDENCE_VIEWER (f.viewer), CASE, e);
  sl_test_wait_for (g_strcmp0 (page_of (f.viewer), "analyse") == 0);
  ck_assert (gtk_widget_activate_action (f.viewer, "viewer.analyse", NULL));
  sl_test_wait_for (g_strcmp0 (page_of (f.viewer), "footage") == 0 &&
                     sl_evidence_viewer_is_idle (SL_EVIDENCE_VIEWER (f.viewer)));
  lanes = SL_TRACK_LANES (sl_test_find_by_id (f.viewer, "lanes"));
  ck_assert_uint_ge (sl_track_lanes_get_n_bars (lanes), 1);
  ck_assert_int_eq (count_audit (&f, "evidence.analyze"), 1);

  gtk_window_destroy (f.viewer_window);
  g_object_unref (f.app);
}
END_TEST

static Suite *
viewer_suite (void)
{
  Suite *s = suite_create ("gui-viewer");
  TCase *tc = tcase_create ("viewer");

  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_still_viewer);
  tcase_add_test (tc, test_one_label_for_a_face);
  tcase_add_test (tc, test_still_not_analysed);
  tcase_add_test (tc, test_footage_lanes);
  tcase_add_test (tc, test_footage_playback);
  tcase_add_test (tc, test_footage_analysed_from_viewer);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_gui_run (viewer_suite ());
}
