/* sl-evidence-viewer.c: the evidence viewer: a still with every face found
 * in it outlined by quality, zoomed and panned; a face picked to see it
 * aligned and to search a gallery with it; a face the detector missed
 * drawn by hand. Footage goes to SlFootagePlayer. Everything slow (the
 * listing, the picture, an analysis, a drawn face) runs in the engine's
 * workers; this widget only shows what comes back.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-evidence-viewer"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-evidence-viewer.h"
#include "app/sl-face-canvas.h"
#include "app/sl-footage-player.h"
#include "app/sl-search-dialog.h"
#include "engine/sightline-engine.h"

/* Stills are shown at most this many pixels on their longer side: zooming
 * past it shows the scaled picture larger, the boxes stay exact. */
#define STILL_MAX_SIDE 4096
#define ZOOM_STEP 1.25

struct _SlEvidenceViewer
{
  AdwBin            parent_instance;
  SlAppContext     *context;
  GCancellable     *cancellable;
  char             *case_number;
  gint64            evidence_id;
  SlEvidenceFaces  *faces;          /* a still's, while shown */
  gint64            picture_of;     /* the evidence whose picture the canvas has */
  gint64            select_next;    /* a face to pick once listed */
  gint64            track_next;     /* footage: a track to pick once listed */
  gint64            time_next;      /* footage: the time to show then; -1: none */
  guint             busy;

  GtkInfoBar       *damage_banner;
  GtkLabel         *damage_label;
  GtkInfoBar       *error_banner;
  GtkLabel         *error_label;
  GtkStack         *stack;
  GtkSpinner       *spinner;
  GtkLabel         *loading_label;
  AdwStatusPage    *analyse_page;
  AdwStatusPage    *error_page;
  GtkToggleButton  *draw_button;
  GtkLabel         *hint_label;
  GtkLabel         *zoom_label;
  GtkScrolledWindow *scroller;
  SlFaceCanvas     *canvas;
  AdwFlap          *flap;
  GtkStack         *panel_stack;
  GtkPicture       *crop_picture;
  GtkLabel         *face_title;
  GtkLabel         *face_facts;
  GtkWidget        *retract_button;
  GtkWidget        *footage_player;
};

G_DEFINE_FINAL_TYPE (SlEvidenceViewer, sl_evidence_viewer, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void on_listed (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data);

/* helpers */

static SlSession *
get_session (SlEvidenceViewer *self)
{
  return sl_app_context_get_session (self->context);
}

static void
show_loading (SlEvidenceViewer *self,
              const char       *what)
{
  gtk_label_set_text (self->loading_label, what);
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

static void
show_error (SlEvidenceViewer *self,
            const GError     *error)
{
  gtk_spinner_stop (self->spinner);
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
show_page (SlEvidenceViewer *self,
           const char       *name)
{
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, name);
}

/* The canvas zooming acts on: the still's or the footage frame's. */
static SlFaceCanvas *
current_canvas (SlEvidenceViewer *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "footage") == 0)
    return SL_FACE_CANVAS (sl_footage_player_get_canvas (SL_FOOTAGE_PLAYER (self->footage_player)));
  return self->canvas;
}

/* The still's selected face when it was drawn by hand: only such a box is
 * retracted. */
static const SlProbeFace *
selected_manual (SlEvidenceViewer *self)
{
  gint64 id = sl_face_canvas_get_selected (self->canvas);

  for (guint i = 0; id > 0 && i < sl_face_canvas_get_n_faces (self->canvas); i++)
    {
      const SlProbeFace *face = sl_face_canvas_get_face (self->canvas, i);

      if (face->id == id)
        return sl_probe_face_is_manual (face) ? face : NULL;
    }
  return NULL;
}

static void
update_actions (SlEvidenceViewer *self)
{
  static const char *zoom_actions[] = {
    "viewer.zoom-in", "viewer.zoom-out", "viewer.zoom-fit", "viewer.zoom-actual",
  };
  SlSession *session = get_session (self);
  gboolean still = self->faces != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "still") == 0;
  gboolean footage = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "footage") == 0;
  gboolean may_analyse = session != NULL && sl_session_may (session, SL_PERMISSION_ANALYSE);
  gboolean may_search = session != NULL && sl_session_may (session, SL_PERMISSION_SEARCH);

  gboolean manual = still && selected_manual (self) != NULL;
  gboolean probe = (still && sl_face_canvas_get_selected (self->canvas) > 0) ||
                   (footage && sl_footage_player_get_selected_track (SL_FOOTAGE_PLAYER (self->footage_player)) > 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.search", may_search && probe);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.search-within", may_search && probe);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.draw-face", still && may_analyse);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.retract-face", still && may_analyse && manual);
  gtk_widget_set_visible (self->retract_button, still && may_analyse && manual);
  gtk_widget_set_sensitive (GTK_WIDGET (self->draw_button), still && may_analyse);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.analyse",
                                 may_analyse && self->evidence_id > 0 && self->busy == 0);
  for (guint i = 0; i < G_N_ELEMENTS (zoom_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), zoom_actions[i], still || footage);
}

static void
update_hint (SlEvidenceViewer *self)
{
  guint n = sl_face_canvas_get_n_faces (self->canvas);
  g_autofree char *text = NULL;

  if (sl_face_canvas_get_drawing (self->canvas))
    text = g_strdup (_("Drag a box around the face; Esc stops drawing"));
  else if (n == 0)
    text = g_strdup (_("No face was found"));
  else
    text = g_strdup_printf (ngettext ("%u face", "%u faces", n), n);
  gtk_label_set_text (self->hint_label, text);
  /* ellipsized in a narrow window: the whole hint on hover */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->hint_label), text);
}

static void
show_face (SlEvidenceViewer *self)
{
  gint64 face_id = sl_face_canvas_get_selected (self->canvas);
  g_autoptr(SlProbeFace) face = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *facts = NULL;
  g_autofree char *title = NULL;
  SlSession *session = get_session (self);

  update_actions (self);
  if (face_id <= 0 || session == NULL)
    {
      gtk_stack_set_visible_child_name (self->panel_stack, "none");
      return;
    }
  if (!(face = sl_engine_probe_face_get (sl_app_context_get_engine (self->context), session, face_id, TRUE,
                                         &error)))
    {
      sl_app_context_error (self->context, _("Cannot show the face"), error);
      gtk_stack_set_visible_child_name (self->panel_stack, "none");
      return;
    }
  if (face->crop != NULL)
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (face->crop, NULL);

      gtk_picture_set_paintable (self->crop_picture, GDK_PAINTABLE (texture));
    }
  else
    gtk_picture_set_paintable (self->crop_picture, NULL);
  title = sl_probe_face_label (face);
  gtk_label_set_text (self->face_title, title);
  facts = sl_face_describe (face);
  gtk_label_set_text (self->face_facts, facts);
  gtk_stack_set_visible_child_name (self->panel_stack, "face");
  /* Folded, the panel is out of sight: a face picked is a face to see. */
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, TRUE);
}

/* The evidence as given does not decode whole: said above it, with why. */
static void
show_damage (SlEvidenceViewer *self,
             SlEvidence       *evidence)
{
  const char *damage = evidence != NULL ? evidence->damage : NULL;

  if (damage != NULL)
    {
      /* Translators: above a damaged evidence file in the viewer: why it does not decode whole */
      g_autofree char *text = g_strdup_printf (_("This evidence is damaged: %s. It is kept as it was given; "
                                                 "what cannot be decoded cannot be analysed."), damage);

      gtk_label_set_text (self->damage_label, text);
    }
  gtk_info_bar_set_revealed (self->damage_banner, damage != NULL);
}

/* A failure with its whole reason, which names the file by its original
 * name: too long and too important for a toast. */
static void
show_analysis_error (SlEvidenceViewer *self,
                     const GError     *error)
{
  g_autofree char *text = NULL;

  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_info_bar_set_revealed (self->error_banner, FALSE);
      return;
    }
  g_warning ("Cannot analyse: %s", error->message);
  /* Translators: in the viewer's error banner: the engine's reason, naming the file */
  text = g_strdup_printf (_("The analysis failed. %s"), error->message);
  gtk_label_set_text (self->error_label, text);
  gtk_info_bar_set_revealed (self->error_banner, TRUE);
}

/* A track and a time asked for (sl_evidence_viewer_show_face ()): the
 * track picked, the scrubber at the time. */
static void
show_footage_at (SlEvidenceViewer *self)
{
  SlFootagePlayer *player = SL_FOOTAGE_PLAYER (self->footage_player);

  if (self->track_next > 0)
    sl_footage_player_select_track (player, self->track_next);
  if (self->time_next >= 0)
    sl_footage_player_seek (player, self->time_next);
  self->track_next = 0;
  self->time_next = -1;
}

static void
load (SlEvidenceViewer *self)
{
  SlSession *session = get_session (self);

  if (self->evidence_id <= 0 || session == NULL)
    {
      show_page (self, "empty");
      update_actions (self);
      return;
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "still") != 0)
    show_loading (self, _("Reading the faces…"));
  self->busy++;
  update_actions (self);
  sl_engine_faces_list_async (sl_app_context_get_engine (self->context), session, self->case_number,
                              self->evidence_id, self->cancellable, on_listed, g_object_ref (self));
}

static void
busy_done (SlEvidenceViewer *self)
{
  g_assert (self->busy > 0);
  self->busy--;
  update_actions (self);
}

/* callbacks */

static void
on_error_banner_response (SlEvidenceViewer *self,
                          int               response)
{
  if (response == GTK_RESPONSE_CLOSE)
    gtk_info_bar_set_revealed (self->error_banner, FALSE);
}

static void
on_picture (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlEvidenceViewer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlPicture) picture = sl_engine_picture_finish (SL_ENGINE (source), result, &error);
  g_autoptr(GdkTexture) texture = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  busy_done (self);
  if (picture == NULL || !(texture = gdk_texture_new_from_bytes (picture->jpeg, &error)))
    {
      show_error (self, error);
      return;
    }
  sl_face_canvas_set_picture (self->canvas, GDK_PAINTABLE (texture), picture->full_width, picture->full_height);
  self->picture_of = self->evidence_id;
  show_page (self, "still");
  update_actions (self);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlEvidenceViewer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEvidenceFaces) faces = sl_engine_faces_list_finish (SL_ENGINE (source), result, &error);
  SlSession *session = get_session (self);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  busy_done (self);
  if (faces == NULL)
    {
      show_error (self, error);
      return;
    }
  if (!faces->analysed)
    {
      gboolean may = session != NULL && sl_session_may (session, SL_PERMISSION_ANALYSE);

      adw_status_page_set_description (self->analyse_page,
                                       may ? _("Sightline has not looked for faces in this evidence yet. "
                                               "The analysis runs on this computer and is recorded in the audit log.")
                                           : _("Nobody has looked for faces in this evidence yet. "
                                               "An investigator or a supervisor can analyse it."));
      /* not a bound child: AdwStatusPage unparents its child itself */
      gtk_widget_set_visible (adw_status_page_get_child (self->analyse_page), may);
      show_page (self, "analyse");
      update_actions (self);
      return;
    }

  if (faces->evidence->kind == SL_EVIDENCE_FOOTAGE)
    {
      sl_footage_player_set_footage (SL_FOOTAGE_PLAYER (self->footage_player), self->case_number,
                                   g_steal_pointer (&faces));
      show_page (self, "footage");
      show_footage_at (self);
      update_actions (self);
      return;
    }

  g_clear_pointer (&self->faces, sl_evidence_faces_free);
  self->faces = g_steal_pointer (&faces);
  sl_face_canvas_set_faces (self->canvas, self->faces->faces);
  {
    gint64 keep = self->select_next > 0 ? self->select_next : sl_face_canvas_get_selected (self->canvas);
    gboolean found = FALSE;

    for (guint i = 0; i < self->faces->faces->len; i++)
      found |= ((SlProbeFace *) g_ptr_array_index (self->faces->faces, i))->id == keep;
    sl_face_canvas_set_selected (self->canvas, found ? keep : 0);
    self->select_next = 0;
    show_face (self);
  }
  update_hint (self);
  if (self->picture_of == self->evidence_id)
    {
      show_page (self, "still");
      update_actions (self);
      return;
    }
  show_loading (self, _("Decoding the picture…"));
  self->busy++;
  sl_engine_picture_async (sl_app_context_get_engine (self->context), session, self->faces->evidence, -1,
                           STILL_MAX_SIDE, self->cancellable, on_picture, g_object_ref (self));
}

static void
on_analysed (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlEvidenceViewer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAnalysis) analysis = sl_engine_analyse_full_finish (SL_ENGINE (source), result, &error);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  busy_done (self);
  if (analysis == NULL)
    {
      show_analysis_error (self, error);
      show_page (self, "analyse");
      return;
    }
  load (self);
  sl_app_context_changed (self->context, "evidence");
}

static void
on_analyse_progress (const SlFootageProgress *progress,
                     gpointer                 user_data)
{
  SlEvidenceViewer *self = user_data;
  g_autofree char *text = NULL;

  if (self->context == NULL)
    return;
  /* Translators: footage being analysed: how far, and the face tracks found so far */
  text = g_strdup_printf (ngettext ("Looking for faces… %.0f%%, %u track",
                                    "Looking for faces… %.0f%%, %u tracks", progress->tracks),
                          progress->fraction * 100, progress->tracks);
  gtk_label_set_text (self->loading_label, text);
}

static void
on_manual_face (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SlEvidenceViewer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlProbeFace) face = sl_engine_face_add_manual_finish (SL_ENGINE (source), result, &error);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  busy_done (self);
  if (face == NULL)
    {
      sl_app_context_error (self->context, _("Cannot add the face"), error);
      return;
    }
  sl_app_context_toast (self->context, _("Face drawn by hand added and recorded in the audit log"));
  self->select_next = face->id;
  load (self);
  sl_app_context_changed (self->context, "evidence");
}

static void
on_box_drawn (SlFaceCanvas     *canvas,
              double            x,
              double            y,
              double            width,
              double            height,
              SlEvidenceViewer *self)
{
  SlSession *session = get_session (self);
  float box[4] = { x, y, width, height };

  sl_face_canvas_set_drawing (canvas, FALSE);
  if (session == NULL || self->evidence_id <= 0)
    return;
  self->busy++;
  update_actions (self);
  sl_engine_face_add_manual_async (sl_app_context_get_engine (self->context), session, self->case_number,
                                   self->evidence_id, box, self->cancellable, on_manual_face,
                                   g_object_ref (self));
}

static void
on_selected (SlFaceCanvas     *canvas,
             GParamSpec       *pspec,
             SlEvidenceViewer *self)
{
  show_face (self);
}

static void
on_face_activated (SlFaceCanvas     *canvas,
                   gint64            face_id,
                   SlEvidenceViewer *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "viewer.search", NULL);
}

static void
on_zoom (SlFaceCanvas     *canvas,
         GParamSpec       *pspec,
         SlEvidenceViewer *self)
{
  g_autofree char *text = g_strdup_printf (_("%.0f%%"), sl_face_canvas_get_zoom (canvas) * 100);

  gtk_label_set_text (self->zoom_label, text);
}

static void
on_drawing (SlFaceCanvas     *canvas,
            GParamSpec       *pspec,
            SlEvidenceViewer *self)
{
  update_hint (self);
}

static void
on_footage_track (GObject          *footage_player,
                  GParamSpec       *pspec,
                  SlEvidenceViewer *self)
{
  update_actions (self);
}

static void
on_evidence_changed (SlAppContext     *context,
                     const char       *topic,
                     SlEvidenceViewer *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  /* Analysed or given a face elsewhere. Footage playing stays where it is. */
  if (self->evidence_id > 0 && self->busy == 0 &&
      (g_strcmp0 (page, "analyse") == 0 || g_strcmp0 (page, "still") == 0))
    load (self);
}

static void
on_session (SlAppContext     *context,
            GParamSpec       *pspec,
            SlEvidenceViewer *self)
{
  /* A new person sees nothing of the last one's evidence. */
  sl_evidence_viewer_set_evidence (self, NULL, NULL);
}

static void
zoom_in (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  sl_face_canvas_zoom_by (current_canvas (SL_EVIDENCE_VIEWER (widget)), ZOOM_STEP);
}

static void
zoom_out (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  sl_face_canvas_zoom_by (current_canvas (SL_EVIDENCE_VIEWER (widget)), 1 / ZOOM_STEP);
}

static void
zoom_fit (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  sl_face_canvas_set_fit (current_canvas (SL_EVIDENCE_VIEWER (widget)), TRUE);
}

static void
zoom_actual (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sl_face_canvas_set_zoom (current_canvas (SL_EVIDENCE_VIEWER (widget)), 1);
}

static void
draw_face (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  SlFaceCanvas *canvas = SL_EVIDENCE_VIEWER (widget)->canvas;

  sl_face_canvas_set_drawing (canvas, !sl_face_canvas_get_drawing (canvas));
  gtk_widget_grab_focus (GTK_WIDGET (canvas));
}

static void
stop (GtkWidget  *widget,
      const char *action_name,
      GVariant   *parameter)
{
  SlFaceCanvas *canvas = SL_EVIDENCE_VIEWER (widget)->canvas;

  if (sl_face_canvas_get_drawing (canvas))
    sl_face_canvas_set_drawing (canvas, FALSE);
  else
    sl_face_canvas_set_selected (canvas, 0);
}

static void
search (GtkWidget  *widget,
        const char *action_name,
        GVariant   *parameter)
{
  SlEvidenceViewer *self = SL_EVIDENCE_VIEWER (widget);
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (widget));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "footage") == 0)
    {
      gtk_widget_activate_action (self->footage_player, "footage.search-track", NULL);
      return;
    }
  if (sl_face_canvas_get_selected (self->canvas) > 0)
    sl_search_dialog_present (self->context, window, self->case_number, sl_face_canvas_get_selected (self->canvas),
                              0);
}

static void
search_within (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlEvidenceViewer *self = SL_EVIDENCE_VIEWER (widget);
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (widget));
  gint64 track_id = 0;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "footage") == 0)
    track_id = sl_footage_player_get_selected_track (SL_FOOTAGE_PLAYER (self->footage_player));
  if (track_id > 0)
    sl_search_dialog_present_within (self->context, window, self->case_number, 0, track_id);
  else if (sl_face_canvas_get_selected (self->canvas) > 0)
    sl_search_dialog_present_within (self->context, window, self->case_number,
                                     sl_face_canvas_get_selected (self->canvas), 0);
}

static void
on_retract_reason_changed (GtkEditable *entry,
                           gpointer     user_data)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (user_data), "retract", *text != '\0');
}

static void
on_retract_response (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  SlEvidenceViewer *self = SL_EVIDENCE_VIEWER (user_data);
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  gint64 face_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "face-id"));
  g_autoptr(GError) error = NULL;
  SlSession *session = get_session (self);

  if (!g_str_equal (response, "retract") || session == NULL)
    return;
  if (!sl_engine_face_retract (sl_app_context_get_engine (self->context), session, self->case_number, face_id,
                               gtk_editable_get_text (entry), &error))
    {
      sl_app_context_error (self->context, _("Cannot retract the face box"), error);
      sl_app_context_changed (self->context, "audit");
      return;
    }
  sl_app_context_toast (self->context, _("Face box retracted; the searches made with it keep their record"));
  sl_app_context_changed (self->context, "audit");
  sl_face_canvas_set_selected (self->canvas, 0);
  load (self);
}

static void
retract_face (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlEvidenceViewer *self = SL_EVIDENCE_VIEWER (widget);
  const SlProbeFace *face = selected_manual (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (face == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Retract This Face Box?"),
                                   _("The box drawn by hand is no longer offered for searches. It is not "
                                     "deleted: it and the searches made with it stay on record, with your "
                                     "reason."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason (required): what was wrong with the box"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "retract", _("_Retract"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "retract", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "retract", FALSE);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "face-id", GSIZE_TO_POINTER ((gsize) face->id));
  g_signal_connect (entry, "changed", G_CALLBACK (on_retract_reason_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_retract_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
analyse (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  SlEvidenceViewer *self = SL_EVIDENCE_VIEWER (widget);
  SlSession *session = get_session (self);

  if (session == NULL || self->evidence_id <= 0 || self->busy > 0)
    return;
  show_loading (self, _("Looking for faces…"));
  self->busy++;
  update_actions (self);
  sl_engine_analyse_full_async (sl_app_context_get_engine (self->context), session, self->case_number,
                                self->evidence_id, NULL, NULL, on_analyse_progress, g_object_ref (self),
                                g_object_unref, self->cancellable, on_analysed, g_object_ref (self));
}

/* overrides */

static void
sl_evidence_viewer_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SlEvidenceViewer *self = SL_EVIDENCE_VIEWER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_evidence_viewer_constructed (GObject *object)
{
  SlEvidenceViewer *self = SL_EVIDENCE_VIEWER (object);

  G_OBJECT_CLASS (sl_evidence_viewer_parent_class)->constructed (object);

  self->footage_player = sl_footage_player_new (self->context);
  gtk_stack_add_named (self->stack, self->footage_player, "footage");
  g_signal_connect_object (self->footage_player, "notify::selected-track", G_CALLBACK (on_footage_track), self, 0);
  g_signal_connect_object (self->context, "notify::session", G_CALLBACK (on_session), self, 0);
  g_signal_connect_object (self->context, "changed::evidence", G_CALLBACK (on_evidence_changed), self, 0);
  update_actions (self);
}

static void
sl_evidence_viewer_dispose (GObject *object)
{
  SlEvidenceViewer *self = SL_EVIDENCE_VIEWER (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_EVIDENCE_VIEWER);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->faces, sl_evidence_faces_free);
  g_clear_pointer (&self->case_number, g_free);

  G_OBJECT_CLASS (sl_evidence_viewer_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_evidence_viewer_class_init (SlEvidenceViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = sl_evidence_viewer_set_property;
  object_class->constructed = sl_evidence_viewer_constructed;
  object_class->dispose = sl_evidence_viewer_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SL_TYPE_APP_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SL_TYPE_FACE_CANVAS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-evidence-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, damage_banner);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, damage_label);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, error_banner);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_error_banner_response);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, loading_label);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, analyse_page);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, error_page);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, draw_button);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, hint_label);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, scroller);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, canvas);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, flap);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, panel_stack);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, crop_picture);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, face_title);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, face_facts);
  gtk_widget_class_bind_template_child (widget_class, SlEvidenceViewer, retract_button);

  gtk_widget_class_install_action (widget_class, "viewer.zoom-in", NULL, zoom_in);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-out", NULL, zoom_out);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-fit", NULL, zoom_fit);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-actual", NULL, zoom_actual);
  gtk_widget_class_install_action (widget_class, "viewer.draw-face", NULL, draw_face);
  gtk_widget_class_install_action (widget_class, "viewer.stop", NULL, stop);
  gtk_widget_class_install_action (widget_class, "viewer.search", NULL, search);
  gtk_widget_class_install_action (widget_class, "viewer.search-within", NULL, search_within);
  gtk_widget_class_install_action (widget_class, "viewer.analyse", NULL, analyse);
  gtk_widget_class_install_action (widget_class, "viewer.retract-face", NULL, retract_face);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "viewer.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "viewer.zoom-actual", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, 0, "viewer.draw-face", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "viewer.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "viewer.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "viewer.search-within", NULL);
}

static void
sl_evidence_viewer_init (SlEvidenceViewer *self)
{
  self->time_next = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  /* not bound children: AdwBin unparents its child itself; the stack is
   * that box's last child, below the banners */
  self->stack = GTK_STACK (gtk_widget_get_last_child (adw_bin_get_child (ADW_BIN (self))));
  self->cancellable = g_cancellable_new ();

  g_object_bind_property (self->canvas, "drawing", self->draw_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect (self->canvas, "box-drawn", G_CALLBACK (on_box_drawn), self);
  g_signal_connect (self->canvas, "notify::selected", G_CALLBACK (on_selected), self);
  g_signal_connect (self->canvas, "notify::zoom", G_CALLBACK (on_zoom), self);
  g_signal_connect (self->canvas, "notify::drawing", G_CALLBACK (on_drawing), self);
  g_signal_connect (self->canvas, "face-activated", G_CALLBACK (on_face_activated), self);
  on_zoom (self->canvas, NULL, self);
}

/* public API */

GtkWidget *
sl_evidence_viewer_new (SlAppContext *context)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  return g_object_new (SL_TYPE_EVIDENCE_VIEWER, "context", context, NULL);
}

void
sl_evidence_viewer_set_evidence (SlEvidenceViewer *self,
                                 const char       *case_number,
                                 SlEvidence       *evidence)
{
  g_return_if_fail (SL_IS_EVIDENCE_VIEWER (self));

  /* The same evidence again: its faces are read again, the picture, the
   * zoom and the pick stay. */
  if (evidence != NULL && case_number != NULL && evidence->id == self->evidence_id &&
      g_strcmp0 (case_number, self->case_number) == 0)
    {
      if (self->busy == 0 && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "footage") != 0)
        load (self);
      return;
    }

  /* what was on its way belongs to the evidence shown before */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = 0;
  g_free (self->case_number);
  self->case_number = g_strdup (case_number);
  self->evidence_id = evidence != NULL && case_number != NULL ? evidence->id : 0;
  self->select_next = 0;
  self->track_next = 0;
  self->time_next = -1;
  self->picture_of = 0;
  g_clear_pointer (&self->faces, sl_evidence_faces_free);
  sl_face_canvas_set_faces (self->canvas, NULL);
  sl_face_canvas_set_picture (self->canvas, NULL, 0, 0);
  sl_face_canvas_set_selected (self->canvas, 0);
  sl_face_canvas_set_drawing (self->canvas, FALSE);
  sl_face_canvas_set_fit (self->canvas, TRUE);
  show_damage (self, self->evidence_id > 0 ? evidence : NULL);
  show_analysis_error (self, NULL);
  load (self);
}

void
sl_evidence_viewer_show_face (SlEvidenceViewer *self,
                              const char       *case_number,
                              SlEvidence       *evidence,
                              gint64            face_id,
                              gint64            track_id,
                              gint64            time_ms)
{
  gboolean same;

  g_return_if_fail (SL_IS_EVIDENCE_VIEWER (self));
  g_return_if_fail (case_number != NULL && evidence != NULL);

  same = evidence->id == self->evidence_id && g_strcmp0 (case_number, self->case_number) == 0;
  sl_evidence_viewer_set_evidence (self, case_number, evidence);
  if (evidence->kind == SL_EVIDENCE_FOOTAGE)
    {
      self->track_next = track_id;
      self->time_next = time_ms;
      /* Footage already listed is not listed again: shown at once. */
      if (same && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "footage") == 0)
        show_footage_at (self);
      return;
    }
  self->select_next = face_id;
  /* A still already listed: picked now, as well as after the listing
   * under way. */
  if (same && self->faces != NULL)
    sl_face_canvas_set_selected (self->canvas, face_id);
}

gint64
sl_evidence_viewer_get_evidence_id (SlEvidenceViewer *self)
{
  g_return_val_if_fail (SL_IS_EVIDENCE_VIEWER (self), 0);

  return self->evidence_id;
}

gint64
sl_evidence_viewer_get_selected_face (SlEvidenceViewer *self)
{
  g_return_val_if_fail (SL_IS_EVIDENCE_VIEWER (self), 0);

  return sl_face_canvas_get_selected (self->canvas);
}

GtkWidget *
sl_evidence_viewer_get_footage_player (SlEvidenceViewer *self)
{
  g_return_val_if_fail (SL_IS_EVIDENCE_VIEWER (self), NULL);

  return self->footage_player;
}

void
sl_evidence_viewer_reload (SlEvidenceViewer *self)
{
  g_return_if_fail (SL_IS_EVIDENCE_VIEWER (self));

  load (self);
}

gboolean
sl_evidence_viewer_is_idle (SlEvidenceViewer *self)
{
  g_return_val_if_fail (SL_IS_EVIDENCE_VIEWER (self), FALSE);

  return self->busy == 0 &&
         (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "footage") != 0 ||
          sl_footage_player_is_frame_shown (SL_FOOTAGE_PLAYER (self->footage_player)));
}
