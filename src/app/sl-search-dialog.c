/* sl-search-dialog.c: the justification dialog of a gallery search, and
 * of a search within the case ("Find in This Case…"). Why the Search
 * button is off is the engine's own answer (sl_engine_search_request_check),
 * asked again as every field changes; the search runs in a worker and
 * opens its results window, or, within the case, lists what it found and
 * shows it by evidence item on a timeline, each one opening the main
 * window's viewer at that face or time. The
 * legal basis, offense and purpose of the person's previous search in the
 * case are offered again; a typed justification is never closed away
 * without asking.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-search-dialog"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "app/sl-format.h"
#include "app/sl-results-window.h"
#include "app/sl-search-dialog.h"
#include "app/sl-within-timeline.h"
#include "engine/sightline-engine.h"

struct _SlSearchDialog
{
  AdwWindow      parent_instance;
  SlAppContext  *context;
  char          *case_number;
  gint64         face_id;
  gint64         track_id;
  gboolean       within_case;      /* the case's own faces, no gallery */
  gboolean       person;           /* face_id names a person of the case */
  GtkStringList *within_found;     /* "title\nsubtitle" a candidate, best first */
  SlWithinResult *found;           /* what the search within the case found */
  GtkWindow     *main_window;      /* where the viewer opens (weak) */
  SlPolicy      *policy;
  GPtrArray     *galleries;        /* names, by position in gallery_row after the placeholder */
  GCancellable  *cancellable;      /* while a search runs */
  char          *offered_basis;    /* the previous search's legal basis, as offered */
  gboolean       discard_confirmed;
  gboolean       recorded;         /* searched within the case: this justification is spent */

  GtkPicture    *probe_picture;
  GtkLabel      *probe_label;
  AdwActionRow  *case_row;
  AdwComboRow   *gallery_row;
  AdwComboRow   *offense_row;
  AdwComboRow   *purpose_row;
  AdwEntryRow   *legal_basis_row;
  GtkTextView   *facts_view;
  GtkLabel      *facts_count_label;
  GtkAdjustment *top_k_adjustment;
  GtkSwitch     *below_switch;
  AdwComboRow   *track_probe_row;
  GtkLabel      *reason_label;
  AdwPreferencesGroup *justification_group;
  GtkWidget     *options_group;
  GtkWidget     *facts_box;
  GtkButton     *cancel_button;
  GtkSpinner    *spinner;
  GtkWidget     *form_box;
  GtkWidget     *within_results_group;
  GtkListBox    *within_list;
  GtkWidget     *timeline_group;
  SlWithinTimeline *within_timeline;
};

G_DEFINE_FINAL_TYPE (SlSearchDialog, sl_search_dialog, ADW_TYPE_WINDOW)

/* helpers */

static char *
dup_facts (SlSearchDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->facts_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The request as the form stands; strings are the form's, facts is
 * returned for the caller to free. NULL for an unchosen dropdown. */
static void
read_request (SlSearchDialog  *self,
              SlSearchRequest *r,
              char           **facts)
{
  guint gallery = adw_combo_row_get_selected (self->gallery_row);
  guint offense = adw_combo_row_get_selected (self->offense_row);
  guint purpose = adw_combo_row_get_selected (self->purpose_row);

  memset (r, 0, sizeof *r);
  r->case_number = self->case_number;
  r->face_id = self->track_id > 0 ? 0 : self->face_id;
  r->track_id = self->track_id;
  r->track_probe = adw_combo_row_get_selected (self->track_probe_row) == 1 ? SL_TRACK_PROBE_BEST
                                                                            : SL_TRACK_PROBE_TEMPLATE;
  if (gallery != GTK_INVALID_LIST_POSITION && gallery > 0 && gallery <= self->galleries->len)
    r->gallery = g_ptr_array_index (self->galleries, gallery - 1);
  if (self->policy != NULL && offense != GTK_INVALID_LIST_POSITION && offense > 0 &&
      offense <= self->policy->offenses->len)
    r->offense = ((SlOffense *) g_ptr_array_index (self->policy->offenses, offense - 1))->code;
  if (self->policy != NULL && purpose != GTK_INVALID_LIST_POSITION && purpose > 0 &&
      purpose <= g_strv_length (self->policy->purposes))
    r->purpose = self->policy->purposes[purpose - 1];
  r->legal_basis = gtk_editable_get_text (GTK_EDITABLE (self->legal_basis_row));
  r->facts = *facts = dup_facts (self);
  r->top_k = (guint) gtk_adjustment_get_value (self->top_k_adjustment);
  r->show_below_threshold = gtk_switch_get_active (self->below_switch);
  r->within_case = self->within_case;
  r->person = self->person;
  if (self->within_case)
    r->gallery = NULL;
}

static void
update_facts_count (SlSearchDialog *self,
                    const char     *facts)
{
  g_autofree char *stripped = g_strstrip (g_strdup (facts));
  glong length = g_utf8_strlen (stripped, -1);
  guint minimum = self->policy == NULL ? 0
                  : self->within_case ? self->policy->within_case_min_facts_length
                  : self->policy->min_facts_length;
  g_autofree char *text = NULL;
  SlTextCounts counts;

  /* The engine's own count (sl-text.h): words, not bytes. */
  sl_text_count (stripped, &counts);
  /* TRANSLATORS: characters typed, words and different words typed, then
   * the policy's minimum of characters and the minimum of words */
  text = g_strdup_printf (_("%ld characters, %u words (%u different); at least %u characters and %u words "
                            "are needed"), length, counts.words, counts.distinct_words, minimum,
                          SL_TEXT_FACTS_MIN_WORDS);
  gtk_label_set_text (self->facts_count_label, text);
  if (length < (glong) minimum || counts.words < SL_TEXT_FACTS_MIN_WORDS ||
      counts.distinct_words < SL_TEXT_FACTS_MIN_DISTINCT)
    gtk_widget_add_css_class (GTK_WIDGET (self->facts_count_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->facts_count_label), "warning");
}

static void
set_reason (SlSearchDialog *self,
            const char     *text,
            const char     *style)
{
  gtk_label_set_text (self->reason_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_label), "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->reason_label), style);
}

/* Asks the engine whether the search would run, as the form stands. */
static void
revalidate (SlSearchDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *facts = NULL;
  SlSession *session = sl_app_context_get_session (self->context);
  SlSearchRequest request;
  gboolean ok;

  read_request (self, &request, &facts);
  update_facts_count (self, facts);
  if (self->cancellable != NULL || self->recorded)
    return;
  if (session == NULL)
    {
      set_reason (self, _("Nobody is signed in."), "error");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.run", FALSE);
      return;
    }
  ok = sl_engine_search_request_check (sl_app_context_get_engine (self->context), session, &request, &error);
  set_reason (self, ok ? _("Ready: the search will be recorded with this justification, then run.")
                       : error->message,
              ok ? "success" : "warning");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.run", ok);
}

static void
set_running (SlSearchDialog *self,
             gboolean        running)
{
  gtk_widget_set_sensitive (self->form_box, !running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.run", !running);
  if (running)
    set_reason (self, _("Searching…"), "dim-label");
}

static void
fill_probe (SlSearchDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlProbeFace) face = NULL;
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *text = NULL;
  SlSession *session = sl_app_context_get_session (self->context);
  SlEngine *engine = sl_app_context_get_engine (self->context);
  const SlProbeFace *shown = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->track_probe_row), self->track_id > 0 || self->person);
  if (session != NULL && self->face_id > 0)
    shown = face = sl_engine_probe_face_get (engine, session, self->face_id, TRUE, &error);
  /* A track is shown by its best view, the frame its search starts from by
   * default, so the person justifying it sees who is searched for. */
  else if (session != NULL && self->track_id > 0 &&
           (views = sl_engine_track_faces (engine, session, self->track_id, TRUE, &error)) != NULL &&
           views->len > 0)
    shown = g_ptr_array_index (views, 0);
  /* The face's one label (a track is named by its best view's track and time) */
  text = shown != NULL ? sl_probe_face_label (shown) : sl_face_label (self->face_id, self->track_id, -1, NULL);
  if (self->person)
    {
      g_autofree char *face_text = g_steal_pointer (&text);

      /* TRANSLATORS: a person of the case, named by its best view's label */
      text = g_strdup_printf (_("The person seen in %s"), face_text);
    }
  gtk_label_set_text (self->probe_label, text);
  if (shown != NULL && shown->crop != NULL)
    texture = gdk_texture_new_from_bytes (shown->crop, &error);
  if (texture != NULL)
    gtk_picture_set_paintable (self->probe_picture, GDK_PAINTABLE (texture));
  else if (error != NULL)
    g_debug ("No picture for the probe (face %" PRId64 ", track %" PRId64 "): %s", self->face_id,
             self->track_id, error->message);
}

static void
fill_choices (SlSearchDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) galleries = NULL;
  g_autoptr(GtkStringList) gallery_list = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) offense_list = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) purpose_list = gtk_string_list_new (NULL);
  SlEngine *engine = sl_app_context_get_engine (self->context);
  SlSession *session = sl_app_context_get_session (self->context);

  if (session == NULL)
    return;
  gtk_string_list_append (gallery_list, _("Choose a gallery…"));
  gtk_string_list_append (offense_list, _("Choose an offense…"));
  gtk_string_list_append (purpose_list, _("Choose a purpose…"));

  if (!(galleries = sl_engine_gallery_list (engine, session, &error)))
    sl_app_context_error (self->context, _("Cannot list the galleries"), error);
  for (guint i = 0; galleries != NULL && i < galleries->len; i++)
    {
      SlGallery *g = g_ptr_array_index (galleries, i);
      g_autofree char *label = NULL;

      /* TRANSLATORS: gallery name, its subjects and faces, the model it was enrolled with */
      label = g_strdup_printf (_("%s (%" PRId64 " subjects, %" PRId64 " faces, %s)"), g->name,
                               g->n_subjects, g->n_faces, g->model_id);
      gtk_string_list_append (gallery_list, label);
      g_ptr_array_add (self->galleries, g_strdup (g->name));
    }
  g_clear_error (&error);

  if (!(self->policy = sl_engine_policy_get (engine, session, &error)))
    sl_app_context_error (self->context, _("Cannot read the search policy"), error);
  for (guint i = 0; self->policy != NULL && i < self->policy->offenses->len; i++)
    {
      SlOffense *o = g_ptr_array_index (self->policy->offenses, i);
      g_autofree char *label = g_strdup_printf ("%s — %s", o->code, o->label);

      gtk_string_list_append (offense_list, label);
    }
  for (guint i = 0; self->policy != NULL && self->policy->purposes[i] != NULL; i++)
    gtk_string_list_append (purpose_list, sl_format_purpose (self->policy->purposes[i]));
  if (self->policy != NULL)
    {
      gtk_adjustment_set_upper (self->top_k_adjustment, self->policy->max_top_k);
      gtk_adjustment_set_value (self->top_k_adjustment, MIN (10, self->policy->max_top_k));
    }

  adw_combo_row_set_model (self->gallery_row, G_LIST_MODEL (gallery_list));
  adw_combo_row_set_model (self->offense_row, G_LIST_MODEL (offense_list));
  adw_combo_row_set_model (self->purpose_row, G_LIST_MODEL (purpose_list));
  /* One gallery is the one to search; with several, a person chooses. */
  adw_combo_row_set_selected (self->gallery_row, self->galleries->len == 1 ? 1 : 0);
  adw_combo_row_set_selected (self->offense_row, 0);
  adw_combo_row_set_selected (self->purpose_row, 0);
}

/* The previous search's legal basis, offense and purpose, when they still
 * fit the policy; the facts are this search's own and are typed anew. */
static void
offer_previous (SlSearchDialog *self)
{
  g_auto(SlJustification) previous = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean offered = FALSE;

  if (self->policy == NULL ||
      !sl_engine_search_last_justification (sl_app_context_get_engine (self->context),
                                            sl_app_context_get_session (self->context), self->case_number,
                                            &previous, &error))
    {
      if (error != NULL)
        g_debug ("No previous justification: %s", error->message);
      return;
    }
  for (guint i = 0; previous.offense != NULL && i < self->policy->offenses->len; i++)
    if (g_str_equal (((SlOffense *) g_ptr_array_index (self->policy->offenses, i))->code, previous.offense))
      {
        adw_combo_row_set_selected (self->offense_row, i + 1);
        offered = TRUE;
      }
  for (guint i = 0; previous.purpose != NULL && self->policy->purposes[i] != NULL; i++)
    if (g_str_equal (self->policy->purposes[i], previous.purpose))
      {
        adw_combo_row_set_selected (self->purpose_row, i + 1);
        offered = TRUE;
      }
  if (previous.legal_basis != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->legal_basis_row), previous.legal_basis);
      self->offered_basis = g_steal_pointer (&previous.legal_basis);
      offered = TRUE;
    }
  if (offered)
    gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->facts_view));
  if (offered)
    adw_preferences_group_set_description (self->justification_group,
                                           _("Legal basis, offense and purpose are those of your previous "
                                             "search in this case: check they still apply. The facts are "
                                             "this search's own."));
}

/* Whether closing would lose something typed: facts, or a legal basis
 * other than the one offered. */
static gboolean
has_typed_justification (SlSearchDialog *self)
{
  g_autofree char *facts = g_strstrip (dup_facts (self));
  g_autofree char *basis = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->legal_basis_row))));

  return *facts != '\0' || (*basis != '\0' && g_strcmp0 (basis, self->offered_basis) != 0);
}

/* callbacks */

static gboolean
close_discarded (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
on_discard_response (AdwMessageDialog *dialog,
                     const char       *response,
                     SlSearchDialog   *self)
{
  if (!g_str_equal (response, "discard"))
    return;
  self->discard_confirmed = TRUE;
  /* After the question has closed itself: closing its parent now would
   * destroy it under its own response. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_discarded, g_object_ref (self), g_object_unref);
}

static void
on_field_changed (SlSearchDialog *self)
{
  revalidate (self);
}

static void
search_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlSearchDialog) self = user_data;
  g_autoptr(SlSearchResult) search = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *results;

  search = sl_engine_search_finish (SL_ENGINE (source), result, &error);
  g_clear_object (&self->cancellable);
  sl_app_context_changed (self->context, "audit");
  if (search == NULL)
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      set_running (self, FALSE);
      revalidate (self);
      set_reason (self, error->message, cancelled ? "warning" : "error");
      if (!cancelled)
        sl_app_context_error (self->context,
                              g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED)
                                ? _("Search refused") : _("Search failed"), error);
      return;
    }

  sl_app_context_changed (self->context, "searches");
  results = sl_results_window_new (self->context, search);
  gtk_window_set_application (results, gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_present (results);
  gtk_window_destroy (GTK_WINDOW (self));
}

static GtkWidget *
create_found_row (gpointer item,
                  gpointer user_data)
{
  g_auto(GStrv) lines = g_strsplit (gtk_string_object_get_string (GTK_STRING_OBJECT (item)), "\n", 2);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *go = gtk_image_new_from_icon_name ("go-next-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lines[0]);
  if (lines[0] != NULL && lines[1] != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), lines[1]);
  /* Opens the viewer at that face or time (on_found_row_activated). */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Open in the viewer"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), go);
  return row;
}

static void
on_found_row_activated (SlSearchDialog *self,
                        GtkListBoxRow  *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "search.show-found", "u",
                              (guint) gtk_list_box_row_get_index (row));
}

static void
on_timeline_activated (SlSearchDialog *self,
                       guint           index)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "search.show-found", "u", index);
}

/* The viewer of the main window at the candidate's face (a still) or its
 * track and time (footage). */
static void
show_found_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SlSearchDialog *self = SL_SEARCH_DIALOG (widget);
  guint index = g_variant_get_uint32 (parameter);
  const SlWithinCandidate *k;

  if (self->found == NULL || index >= self->found->candidates->len || self->main_window == NULL)
    return;
  k = g_ptr_array_index (self->found->candidates, index);
  if (!gtk_widget_activate_action (GTK_WIDGET (self->main_window), "win.show-face", "(sxxxx)", self->case_number,
                                   k->evidence_id, k->face_id, k->track_id, k->time_ms))
    gtk_widget_error_bell (widget);
}

static char *
found_text (const SlWithinCandidate *k)
{
  /* TRANSLATORS: rank, the face's or track's label, similarity, its false-match rate in words */
  return g_strdup_printf (_("%u. %s\nSimilarity %.3f: %s%s"), k->rank, k->label, k->similarity, k->describe,
                          k->above_threshold ? "" : _(" (below the threshold)"));
}

static void
within_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlSearchDialog) self = user_data;
  g_autoptr(SlWithinResult) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *summary = NULL;

  found = sl_engine_search_within_finish (SL_ENGINE (source), result, &error);
  g_clear_object (&self->cancellable);
  sl_app_context_changed (self->context, "audit");
  set_running (self, FALSE);
  if (found == NULL)
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      revalidate (self);
      set_reason (self, error->message, cancelled ? "warning" : "error");
      if (!cancelled)
        sl_app_context_error (self->context,
                              g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED)
                                ? _("Search refused") : _("Search failed"), error);
      return;
    }

  sl_app_context_changed (self->context, "searches");
  for (guint i = 0; i < found->candidates->len; i++)
    g_ptr_array_add (texts, found_text (g_ptr_array_index (found->candidates, i)));
  g_ptr_array_add (texts, NULL);
  gtk_string_list_splice (self->within_found, 0, g_list_model_get_n_items (G_LIST_MODEL (self->within_found)),
                          (const char *const *) texts->pdata);
  gtk_widget_set_visible (self->within_results_group, found->candidates->len > 0);
  {
    g_autoptr(GError) listing_error = NULL;
    g_autoptr(GPtrArray) evidence = sl_engine_evidence_list (sl_app_context_get_engine (self->context),
                                                             sl_app_context_get_session (self->context),
                                                             self->case_number, &listing_error);

    if (evidence == NULL)
      g_debug ("No timeline: %s", listing_error->message);
    sl_within_timeline_set_found (self->within_timeline, found->candidates, evidence);
    gtk_widget_set_visible (self->timeline_group, sl_within_timeline_get_n_rows (self->within_timeline) > 0);
  }
  g_clear_pointer (&self->found, sl_within_result_free);
  self->found = g_steal_pointer (&found);
  /* The justification is on record with the search: nothing to lose, and
   * nothing to search with again. The form stays as the record of what was
   * searched for; another search is another dialog, its facts typed anew. */
  self->discard_confirmed = TRUE;
  self->recorded = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->justification_group), FALSE);
  gtk_widget_set_sensitive (self->facts_box, FALSE);
  gtk_widget_set_sensitive (self->options_group, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.run", FALSE);
  gtk_button_set_label (self->cancel_button, _("_Close"));
  /* The results stay beside the main window, whose viewer opens at what
   * is clicked here: no longer modal, nor kept above it. */
  if (self->found->candidates->len > 0)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

      if (parent != NULL)
        g_set_weak_pointer (&self->main_window, parent);
      gtk_window_set_modal (GTK_WINDOW (self), FALSE);
      gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
    }
  /* TRANSLATORS: search id, candidates at or above the threshold, faces
   * and tracks compared, the threshold */
  summary = g_strdup_printf (_("Search %" PRId64 " recorded: %u of the case's %" PRId64 " other faces and tracks "
                               "reach the threshold %.3f."),
                             self->found->search_id, self->found->above_threshold, self->found->compared,
                             self->found->threshold);
  set_reason (self, summary, self->found->above_threshold > 0 ? "success" : "warning");
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SlSearchDialog *self = SL_SEARCH_DIALOG (widget);
  g_autofree char *facts = NULL;
  SlSession *session = sl_app_context_get_session (self->context);
  SlSearchRequest request;

  if (self->cancellable != NULL || session == NULL || self->recorded)
    return;
  read_request (self, &request, &facts);
  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);
  /* The search checks everything again, and audits a refusal. */
  if (self->within_case)
    {
      sl_engine_search_within_async (sl_app_context_get_engine (self->context), session, &request,
                                     self->cancellable, within_done, g_object_ref (self));
      return;
    }
  sl_engine_search_async (sl_app_context_get_engine (self->context), session, &request, self->cancellable,
                          search_done, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlSearchDialog *self = SL_SEARCH_DIALOG (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* overrides */

static gboolean
sl_search_dialog_close_request (GtkWindow *window)
{
  SlSearchDialog *self = SL_SEARCH_DIALOG (window);
  AdwMessageDialog *dialog;

  if (self->discard_confirmed || self->cancellable != NULL || !has_typed_justification (self))
    return GTK_WINDOW_CLASS (sl_search_dialog_parent_class)->close_request (window);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Discard this justification?"),
                                                       _("The legal basis and the articulable facts "
                                                         "typed here will be lost.")));
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
sl_search_dialog_dispose (GObject *object)
{
  SlSearchDialog *self = SL_SEARCH_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_SEARCH_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->policy, sl_policy_free);
  g_clear_pointer (&self->galleries, g_ptr_array_unref);
  g_clear_object (&self->within_found);
  g_clear_pointer (&self->found, sl_within_result_free);
  g_clear_weak_pointer (&self->main_window);

  G_OBJECT_CLASS (sl_search_dialog_parent_class)->dispose (object);
}

static void
sl_search_dialog_finalize (GObject *object)
{
  SlSearchDialog *self = SL_SEARCH_DIALOG (object);

  g_free (self->case_number);
  g_free (self->offered_basis);

  G_OBJECT_CLASS (sl_search_dialog_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_search_dialog_class_init (SlSearchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sl_search_dialog_dispose;
  object_class->finalize = sl_search_dialog_finalize;
  window_class->close_request = sl_search_dialog_close_request;

  g_type_ensure (SL_TYPE_WITHIN_TIMELINE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-search-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, probe_picture);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, probe_label);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, case_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, gallery_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, offense_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, purpose_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, legal_basis_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, facts_view);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, facts_count_label);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, top_k_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, below_switch);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, track_probe_row);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, reason_label);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, justification_group);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, options_group);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, facts_box);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, within_results_group);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, within_list);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, timeline_group);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDialog, within_timeline);

  gtk_widget_class_install_action (widget_class, "search.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "search.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "search.show-found", "u", show_found_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "search.cancel", NULL);
}

static void
sl_search_dialog_init (SlSearchDialog *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  self->galleries = g_ptr_array_new_with_free_func (g_free);
  self->within_found = gtk_string_list_new (NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_bind_model (self->within_list, G_LIST_MODEL (self->within_found), create_found_row, NULL, NULL);
  g_signal_connect_swapped (self->within_list, "row-activated", G_CALLBACK (on_found_row_activated), self);
  g_signal_connect_swapped (self->within_timeline, "candidate-activated", G_CALLBACK (on_timeline_activated), self);

  /* Caught before the facts view would take Ctrl+Return as a new line. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("search.run")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

/* helpers of the public API */

static void
present (SlAppContext *context,
         GtkWindow    *parent,
         const char   *case_number,
         gint64        face_id,
         gint64        track_id,
         gboolean      within_case,
         guint         person_sightings)
{
  SlSearchDialog *self;

  g_return_if_fail (SL_IS_APP_CONTEXT (context));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (case_number != NULL);
  g_return_if_fail (face_id > 0 || track_id > 0);

  self = g_object_new (SL_TYPE_SEARCH_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->case_number = g_strdup (case_number);
  self->face_id = face_id;
  self->track_id = track_id;
  self->within_case = within_case;
  self->person = person_sightings > 0;
  if (self->person)
    {
      g_autoptr(GtkStringList) probes = gtk_string_list_new (NULL);
      g_autofree char *about = NULL;

      /* TRANSLATORS: what a person's template is: the mean of all its sightings */
      about = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Its template is the mean of its %u sighting",
                                            "Its template is the mean of its %u sightings", person_sightings),
                               person_sightings);
      gtk_string_list_append (probes, _("Its template"));
      gtk_string_list_append (probes, _("Its best view"));
      adw_combo_row_set_model (self->track_probe_row, G_LIST_MODEL (probes));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->track_probe_row), _("_Person Searched As"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->track_probe_row), about);
    }
  if (within_case)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Find in This Case"));
      gtk_widget_set_visible (GTK_WIDGET (self->gallery_row), FALSE);
    }
  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
    }
  adw_action_row_set_subtitle (self->case_row, case_number);
  fill_probe (self);
  fill_choices (self);
  offer_previous (self);

  g_signal_connect_object (self->gallery_row, "notify::selected", G_CALLBACK (on_field_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->offense_row, "notify::selected", G_CALLBACK (on_field_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->purpose_row, "notify::selected", G_CALLBACK (on_field_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->track_probe_row, "notify::selected", G_CALLBACK (on_field_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->legal_basis_row, "changed", G_CALLBACK (on_field_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->facts_view), "changed", G_CALLBACK (on_field_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->top_k_adjustment, "value-changed", G_CALLBACK (on_field_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->below_switch, "notify::active", G_CALLBACK (on_field_changed), self,
                           G_CONNECT_SWAPPED);
  revalidate (self);
  gtk_window_present (GTK_WINDOW (self));
}

/* public API */

void
sl_search_dialog_present (SlAppContext *context,
                          GtkWindow    *parent,
                          const char   *case_number,
                          gint64        face_id,
                          gint64        track_id)
{
  present (context, parent, case_number, face_id, track_id, FALSE, 0);
}

void
sl_search_dialog_present_within (SlAppContext *context,
                                 GtkWindow    *parent,
                                 const char   *case_number,
                                 gint64        face_id,
                                 gint64        track_id)
{
  present (context, parent, case_number, face_id, track_id, TRUE, 0);
}

void
sl_search_dialog_present_person (SlAppContext *context,
                                 GtkWindow    *parent,
                                 const char   *case_number,
                                 gint64        best_face_id,
                                 guint         n_sightings)
{
  g_return_if_fail (n_sightings > 0);

  present (context, parent, case_number, best_face_id, 0, FALSE, n_sightings);
}
