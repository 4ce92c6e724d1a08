/* sl-case-page.c: one case in the Cases view: its facts, its evidence in a
 * grid with thumbnails decoded in workers, the imports and analyses under
 * way with their progress, its confirmed leads, and the evidence viewer.
 * The actions live in sl-case-page-actions.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-case-page"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "app/sl-case-page-private.h"
#include "app/sl-evidence-row.h"
#include "app/sl-evidence-viewer.h"
#include "app/sl-format.h"
#include "engine/sightline-engine.h"

#define THUMBNAIL_SIDE 256
#define THUMBNAIL_CACHE_MAX 500
#define PULSE_INTERVAL_MS 120

G_DEFINE_FINAL_TYPE (SlCasePage, sl_case_page, ADW_TYPE_BIN)

typedef struct
{
  SlCasePage     *page;      /* weak */
  SlEvidenceItem *item;
  char           *sha256;
} ThumbnailRequest;

/* helpers */

static void
thumbnail_request_free (ThumbnailRequest *request)
{
  g_clear_weak_pointer (&request->page);
  g_clear_object (&request->item);
  g_free (request->sha256);
  g_free (request);
}

static void
on_thumbnail_done (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ThumbnailRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  bytes = sl_engine_evidence_thumbnail_finish (SL_ENGINE (source_object), result, &error);
  if (bytes != NULL)
    texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture == NULL)
    {
      /* The row keeps its icon; the file's trouble shows when it is analysed. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No thumbnail for %s: %s", request->sha256, error->message);
    }
  else
    {
      if (request->page != NULL)
        {
          if (g_hash_table_size (request->page->thumbnails) >= THUMBNAIL_CACHE_MAX)
            g_hash_table_remove_all (request->page->thumbnails);
          g_hash_table_replace (request->page->thumbnails, g_strdup (request->sha256),
                                g_object_ref (texture));
        }
      sl_evidence_item_set_thumbnail (request->item, GDK_PAINTABLE (texture));
    }
  thumbnail_request_free (request);
}

static void
request_thumbnail (SlCasePage     *self,
                   SlEvidenceItem *item)
{
  SlEvidence *e = sl_evidence_item_get_evidence (item);
  SlSession *session = sl_app_context_get_session (self->context);
  GdkTexture *cached;
  ThumbnailRequest *request;

  if (sl_evidence_item_get_thumbnail (item) != NULL || session == NULL)
    return;
  if ((cached = g_hash_table_lookup (self->thumbnails, e->sha256)) != NULL)
    {
      sl_evidence_item_set_thumbnail (item, GDK_PAINTABLE (cached));
      return;
    }
  request = g_new0 (ThumbnailRequest, 1);
  g_set_weak_pointer (&request->page, self);
  request->item = g_object_ref (item);
  request->sha256 = g_strdup (e->sha256);
  sl_engine_evidence_thumbnail_async (sl_app_context_get_engine (self->context), session, e,
                                      THUMBNAIL_SIDE, self->thumbnail_cancellable,
                                      on_thumbnail_done, request);
}

/* What an earlier analysis found, so that a case opened again shows it. */
static void
show_findings (SlCasePage     *self,
               SlEvidenceItem *item)
{
  g_autoptr(GError) error = NULL;
  int n_faces, n_tracks;
  gboolean partial;

  if (!sl_engine_evidence_findings (sl_app_context_get_engine (self->context),
                                    sl_app_context_get_session (self->context),
                                    sl_evidence_item_get_evidence (item), &n_faces, &n_tracks, &partial, &error))
    g_debug ("Findings of evidence %" G_GINT64_FORMAT ": %s", sl_evidence_item_get_id (item), error->message);
  else if (n_faces >= 0 || n_tracks >= 0)
    sl_evidence_item_set_result (item, n_faces, n_tracks, partial);
}

/* The authorisation the policy asks for, and its clock, in the engine's
 * words; hidden when none is needed and none was asked for. */
static void
show_authorisation (SlCasePage *self)
{
  SlSession *session = sl_app_context_get_session (self->context);
  g_autoptr(SlAuthorisationStatus) status = NULL;
  g_autofree char *text = NULL;
  gboolean warn;

  if (self->case_number != NULL && session != NULL)
    status = sl_engine_authorisation_status (sl_app_context_get_engine (self->context), session, self->case_number,
                                             NULL);
  if (status == NULL || (status->mode == SL_AUTHORISATION_MODE_NONE && status->latest == NULL))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->authorisation_label), FALSE);
      return;
    }
  text = sl_authorisation_status_describe (status);
  /* Translators: the case's authorisation state, e.g. "Authorisation: Granted by …" */
  {
    g_autofree char *shown = g_strdup_printf (_("Authorisation: %s"), text);
    gtk_label_set_text (self->authorisation_label, shown);
  }
  warn = status->state != SL_CASE_AUTHORISATION_GRANTED && status->state != SL_CASE_AUTHORISATION_NOT_NEEDED;
  if (warn)
    gtk_widget_add_css_class (GTK_WIDGET (self->authorisation_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->authorisation_label), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self->authorisation_label), TRUE);
}

static gboolean
authorisation_tick (gpointer data)
{
  show_authorisation (SL_CASE_PAGE (data));
  return G_SOURCE_CONTINUE;
}

static void
show_facts (SlCasePage *self,
            const SlCase *c)
{
  g_autofree char *facts = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->evidence));
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u evidence file",
                                                         "%u evidence files", n), n);

  g_autofree char *opened_at = NULL;
  g_autofree char *closed_at = NULL;

  if (c == NULL)
    return;
  opened_at = sl_format_time (c->opened_at);
  closed_at = sl_format_time (c->closed_at);
  gtk_label_set_text (self->title_label, c->title);

  if (c->closed)
    /* Translators: case facts: who opened it when, who closed it when, evidence count */
    facts = g_strdup_printf (_("Case %s · opened by %s, %s · closed by %s, %s · %s"), c->number,
                             c->opened_by, opened_at, c->closed_by, closed_at, count);
  else
    /* Translators: case facts: number, who opened it when, evidence count */
    facts = g_strdup_printf (_("Case %s · opened by %s, %s · open · %s"), c->number, c->opened_by,
                             opened_at, count);
  gtk_label_set_text (self->facts_label, facts);
  show_authorisation (self);
}

static SlCase *
lookup_case (SlCasePage  *self,
             GError     **error)
{
  g_autoptr(GPtrArray) cases = sl_engine_case_list (sl_app_context_get_engine (self->context),
                                                     sl_app_context_get_session (self->context), error);

  if (cases == NULL)
    return NULL;
  for (guint i = 0; i < cases->len; i++)
    if (g_strcmp0 (((SlCase *) g_ptr_array_index (cases, i))->number, self->case_number) == 0)
      return g_ptr_array_steal_index (cases, i);
  g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND, _("There is no case “%s”"),
               self->case_number);
  return NULL;
}

/* Marks each evidence item with the confirmed leads found from its faces. */
static void
mark_leads (SlCasePage *self,
            GPtrArray  *leads)
{
  g_autoptr(GHashTable) by_evidence = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GListModel *model = G_LIST_MODEL (self->evidence);

  for (guint i = 0; leads != NULL && i < leads->len; i++)
    {
      SlCandidate *c = g_ptr_array_index (leads, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(SlProbeFace) face = sl_engine_probe_face_get (sl_app_context_get_engine (self->context),
                                                              sl_app_context_get_session (self->context),
                                                              c->face_id, FALSE, &error);
      GString *names;

      if (face == NULL)
        {
          g_debug ("Face %" G_GINT64_FORMAT " of lead %" G_GINT64_FORMAT ": %s", c->face_id, c->id,
                   error->message);
          continue;
        }
      if (!(names = g_hash_table_lookup (by_evidence, &face->evidence_id)))
        {
          names = g_string_new (NULL);
          g_hash_table_insert (by_evidence, g_memdup2 (&face->evidence_id, sizeof (gint64)), names);
        }
      else
        g_string_append (names, ", ");
      g_string_append (names, c->subject_external_id);
    }

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SlEvidenceItem) item = g_list_model_get_item (model, i);
      gint64 id = sl_evidence_item_get_id (item);
      GString *names = g_hash_table_lookup (by_evidence, &id);

      sl_evidence_item_set_leads (item, names != NULL ? names->str : NULL);
    }

  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, by_evidence);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_string_free (value, TRUE);
  }
}

/* The lead's outcome history under its subtitle, newest first, and the
 * button that records the next one. */
static void
add_outcomes (SlCasePage  *self,
              GtkWidget   *row,
              gint64       lead,
              const char  *subtitle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GString) text = g_string_new (subtitle);
  GtkWidget *button;
  g_autofree char *tooltip = NULL;

  history = sl_engine_outcome_history (sl_app_context_get_engine (self->context),
                                       sl_app_context_get_session (self->context), lead, &error);
  if (history == NULL)
    g_debug ("Outcomes of lead %" PRId64 ": %s", lead, error->message);
  for (guint i = history != NULL ? history->len : 0; i-- > 0;)
    {
      const SlOutcome *o = g_ptr_array_index (history, i);
      g_autofree char *when = sl_format_time (o->recorded_at);

      g_string_append_c (text, '\n');
      if (o->superseded_by == 0)
        /* Translators: the outcome in force of a lead: outcome, note, who, when */
        g_string_append_printf (text, _("Outcome: %s — %s (%s, %s)"), sl_outcome_kind_describe (o->outcome),
                                o->note, o->recorder, when);
      else
        /* Translators: an earlier, superseded outcome of a lead: outcome, note, who, when */
        g_string_append_printf (text, _("Superseded: %s — %s (%s, %s)"), sl_outcome_kind_describe (o->outcome),
                                o->note, o->recorder, when);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  button = gtk_button_new_with_mnemonic (_("Record _Outcome…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  tooltip = g_strdup (_("Record what happened after this lead. A lead alone is never grounds for arrest."));
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.record-outcome");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", lead);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}

void
_sl_case_page_reload_leads (SlCasePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->leads_list))) != NULL)
    gtk_list_box_remove (self->leads_list, child);
  gtk_widget_set_visible (self->leads_scroller, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->leads_empty_label), TRUE);
  if (self->case_number == NULL)
    return;

  leads = sl_engine_review_leads (sl_app_context_get_engine (self->context),
                                  sl_app_context_get_session (self->context), self->case_number, &error);
  if (leads == NULL)
    {
      g_debug ("Leads of %s: %s", self->case_number, error->message);
      return;
    }
  for (guint i = 0; i < leads->len; i++)
    {
      SlCandidate *c = g_ptr_array_index (leads, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      title = c->subject_name != NULL && *c->subject_name != '\0'
              ? g_strdup_printf ("%s · %s", c->subject_external_id, c->subject_name)
              : g_strdup (c->subject_external_id);
      /* Translators: a confirmed lead: gallery, search, rank, score, the two reviewers */
      subtitle = g_strdup_printf (_("Gallery %s · search %" PRId64 " · rank %u · similarity %.3f · "
                                    "confirmed by %s and %s"),
                                  c->gallery_name, c->search_id, c->rank, c->similarity,
                                  c->first != NULL ? c->first->reviewer : "?",
                                  c->second != NULL ? c->second->reviewer : "?");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("emblem-ok-symbolic"));
      add_outcomes (self, row, c->id, subtitle);
      gtk_list_box_append (self->leads_list, row);
    }
  gtk_widget_set_visible (self->leads_scroller, leads->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->leads_empty_label), leads->len == 0);
  mark_leads (self, leads);
}

static void
reload (SlCasePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(SlCase) c = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  SlSession *session = sl_app_context_get_session (self->context);

  if (self->case_number == NULL || session == NULL)
    {
      g_list_store_remove_all (self->evidence);
      _sl_case_page_reload_leads (self);
      return;
    }

  if (!(c = lookup_case (self, &error)) ||
      !(list = sl_engine_evidence_list (sl_app_context_get_engine (self->context), session,
                                        self->case_number, &error)))
    {
      /* Translators: the case whose evidence could not be listed */
      g_autofree char *what = g_strdup_printf (_("Cannot show case “%s”"), self->case_number);

      sl_app_context_error (self->context, what, error);
      return;
    }
  self->closed = c->closed;

  /* Items already shown keep their thumbnail and analysis state. */
  for (guint i = 0; i < list->len; i++)
    {
      SlEvidence *e = g_ptr_array_index (list, i);
      SlEvidenceItem *item = _sl_case_page_find_item (self, e->id);

      if (item != NULL)
        g_ptr_array_add (items, g_object_ref (item));
      else
        {
          item = sl_evidence_item_new (g_ptr_array_steal_index (list, i--));
          show_findings (self, item);
          g_ptr_array_add (items, item);
        }
    }
  g_list_store_splice (self->evidence, 0, g_list_model_get_n_items (G_LIST_MODEL (self->evidence)),
                       items->pdata, items->len);
  for (guint i = 0; i < items->len; i++)
    request_thumbnail (self, g_ptr_array_index (items, i));

  gtk_stack_set_visible_child_name (self->content_stack, items->len > 0 ? "grid" : "empty");
  show_facts (self, c);
  g_free (self->opened_by);
  self->opened_by = g_strdup (c->opened_by);
  _sl_case_page_reload_leads (self);
  _sl_case_page_update_actions (self);
}

/* Pulses the bar of a queue whose current job has no known fraction. */
static gboolean
pulse_bar (SlWorkQueue    *queue,
           GtkProgressBar *bar)
{
  if (!sl_work_queue_get_busy (queue) || sl_work_queue_get_fraction (queue) >= 0)
    return FALSE;
  gtk_progress_bar_pulse (bar);
  return TRUE;
}

static gboolean
pulse (gpointer user_data)
{
  SlCasePage *self = user_data;
  gboolean any = FALSE;

  any |= pulse_bar (SL_WORK_QUEUE (self->imports), self->import_bar);
  any |= pulse_bar (SL_WORK_QUEUE (self->analyses), self->analysis_bar);
  if (!any)
    self->pulse_id = 0;
  return any ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
ensure_pulse (SlCasePage *self)
{
  if (self->pulse_id == 0)
    self->pulse_id = g_timeout_add (PULSE_INTERVAL_MS, pulse, self);
}

/* The revealer, label and bar of a queue show its state. */
static void
show_queue (SlCasePage     *self,
            SlWorkQueue    *queue,
            GtkRevealer    *revealer,
            GtkLabel       *label,
            GtkProgressBar *bar)
{
  double fraction = sl_work_queue_get_fraction (queue);
  const char *text = sl_work_queue_get_label (queue);

  gtk_revealer_set_reveal_child (revealer, sl_work_queue_get_busy (queue));
  if (text != NULL)
    gtk_label_set_text (label, text);
  if (fraction >= 0)
    gtk_progress_bar_set_fraction (bar, fraction);
  else
    ensure_pulse (self);
  _sl_case_page_update_actions (self);
}

/* callbacks */

static void
on_imports_changed (SlCasePage *self)
{
  show_queue (self, SL_WORK_QUEUE (self->imports), self->import_revealer, self->import_label, self->import_bar);
}

static void
on_analyses_changed (SlCasePage *self)
{
  show_queue (self, SL_WORK_QUEUE (self->analyses), self->analysis_revealer, self->analysis_label,
              self->analysis_bar);
}

static void
on_evidence_changed (SlCasePage *self)
{
  reload (self);
}

static void
on_review_changed (SlCasePage *self)
{
  _sl_case_page_reload_leads (self);
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         SlCasePage    *self)
{
  GSList *files;
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_free);

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || self->case_number == NULL || self->closed)
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    {
      /* The path's bytes as they are: names need not be UTF-8. */
      char *path = g_file_get_path (l->data);

      g_ptr_array_add (sources, path != NULL ? path : g_file_get_uri (l->data));
    }
  g_slist_free (files);
  g_ptr_array_add (sources, NULL);
  sl_case_page_import (self, (const char * const *) sources->pdata);
  return sources->len > 1;
}

static void
on_grid_activate (SlCasePage *self,
                  guint       position)
{
  g_autoptr(SlEvidenceItem) item = g_list_model_get_item (G_LIST_MODEL (self->evidence), position);

  if (item != NULL)
    _sl_case_page_open_item (self, item);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, sl_evidence_row_new ());
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  sl_evidence_row_set_item (SL_EVIDENCE_ROW (gtk_list_item_get_child (list_item)),
                            gtk_list_item_get_item (list_item));
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  sl_evidence_row_set_item (SL_EVIDENCE_ROW (gtk_list_item_get_child (list_item)), NULL);
}

/* overrides */

static void
sl_case_page_dispose (GObject *object)
{
  SlCasePage *self = SL_CASE_PAGE (object);

  g_cancellable_cancel (self->thumbnail_cancellable);
  if (self->imports != NULL)
    sl_import_queue_cancel (self->imports);
  if (self->analyses != NULL)
    sl_analysis_queue_cancel (self->analyses);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_clear_handle_id (&self->authorisation_tick, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  /* The bin's child is a template child with an id: let the bin let go of
   * it before the template does. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_CASE_PAGE);
  g_clear_object (&self->thumbnail_cancellable);
  g_clear_object (&self->imports);
  g_clear_object (&self->analyses);
  g_clear_object (&self->evidence);
  g_clear_pointer (&self->thumbnails, g_hash_table_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_case_page_parent_class)->dispose (object);
}

static void
sl_case_page_finalize (GObject *object)
{
  SlCasePage *self = SL_CASE_PAGE (object);

  g_free (self->case_number);
  g_free (self->opened_by);
  g_free (self->members_shown);

  G_OBJECT_CLASS (sl_case_page_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_case_page_class_init (SlCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_case_page_dispose;
  object_class->finalize = sl_case_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, cases_button);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, facts_label);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, authorisation_label);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, import_label);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, import_bar);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, analysis_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, analysis_label);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, analysis_bar);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, grid_view);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, leads_list);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, leads_empty_label);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, leads_scroller);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, members_list);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, members_message);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, member_add_box);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, member_entry);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, viewer_title);
  gtk_widget_class_bind_template_child (widget_class, SlCasePage, viewer_bin);
  gtk_widget_class_bind_template_callback (widget_class, on_grid_activate);

  _sl_case_page_class_actions_init (widget_class);
  _sl_case_page_class_members_init (widget_class);
}

static void
sl_case_page_init (SlCasePage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->evidence = g_list_store_new (SL_TYPE_EVIDENCE_ITEM);
  self->thumbnails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->thumbnail_cancellable = g_cancellable_new ();
  /* The within-48h clock moves while the page is shown. */
  self->authorisation_tick = g_timeout_add_seconds (60, authorisation_tick, self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), NULL);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->evidence)));
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (selection));
  gtk_grid_view_set_factory (self->grid_view, factory);


  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  _sl_case_page_add_shortcuts (self);
}

/* private API */

SlEvidenceItem *
_sl_case_page_find_item (SlCasePage *self,
                         gint64      evidence_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->evidence));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlEvidenceItem) item = g_list_model_get_item (G_LIST_MODEL (self->evidence), i);

      if (sl_evidence_item_get_id (item) == evidence_id)
        return item;   /* the store keeps it */
    }
  return NULL;
}

void
_sl_case_page_open_item (SlCasePage     *self,
                         SlEvidenceItem *item)
{
  SlEvidence *e = sl_evidence_item_get_evidence (item);

  if (self->viewer == NULL)
    {
      self->viewer = sl_evidence_viewer_new (self->context);
      adw_bin_set_child (self->viewer_bin, self->viewer);
    }
  sl_evidence_viewer_set_evidence (SL_EVIDENCE_VIEWER (self->viewer), self->case_number, e);
  gtk_label_set_text (self->viewer_title, e->original_name);
  gtk_stack_set_visible_child_name (self->page_stack, "viewer");
  _sl_case_page_update_actions (self);
}

/* public API */

gboolean
sl_case_page_show_face (SlCasePage *self,
                        gint64      evidence_id,
                        gint64      face_id,
                        gint64      track_id,
                        gint64      time_ms)
{
  SlEvidenceItem *item;
  SlEvidence *e;

  g_return_val_if_fail (SL_IS_CASE_PAGE (self), FALSE);

  if (self->case_number == NULL || (item = _sl_case_page_find_item (self, evidence_id)) == NULL)
    return FALSE;
  e = sl_evidence_item_get_evidence (item);
  _sl_case_page_open_item (self, item);
  sl_evidence_viewer_show_face (SL_EVIDENCE_VIEWER (self->viewer), self->case_number, e, face_id, track_id, time_ms);
  return TRUE;
}

GtkWidget *
sl_case_page_get_viewer (SlCasePage *self)
{
  g_return_val_if_fail (SL_IS_CASE_PAGE (self), NULL);

  return self->viewer;
}

GtkWidget *
sl_case_page_new (SlAppContext *context)
{
  SlCasePage *self;

  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  self = g_object_new (SL_TYPE_CASE_PAGE, NULL);
  self->context = g_object_ref (context);
  self->imports = sl_import_queue_new (context);
  self->analyses = sl_analysis_queue_new (context);
  g_signal_connect_object (self->imports, "notify", G_CALLBACK (on_imports_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->analyses, "notify", G_CALLBACK (on_analyses_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "changed::evidence", G_CALLBACK (on_evidence_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "changed::review", G_CALLBACK (on_review_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "changed::searches", G_CALLBACK (on_review_changed), self,
                           G_CONNECT_SWAPPED);
  _sl_case_page_update_actions (self);
  return GTK_WIDGET (self);
}

void
sl_case_page_set_case (SlCasePage *self,
                       const char *case_number)
{
  g_return_if_fail (SL_IS_CASE_PAGE (self));

  if (g_strcmp0 (self->case_number, case_number) != 0)
    {
      /* Thumbnails of another case are not wanted any more; the analysis
       * and imports under way carry on, for the case they were started in. */
      g_cancellable_cancel (self->thumbnail_cancellable);
      g_clear_object (&self->thumbnail_cancellable);
      self->thumbnail_cancellable = g_cancellable_new ();
      g_free (self->case_number);
      self->case_number = g_strdup (case_number);
      g_list_store_remove_all (self->evidence);
      gtk_stack_set_visible_child_name (self->page_stack, "evidence");
    }
  reload (self);
  /* Not on every evidence change (many during an analysis, and each one
   * would cost the main loop): the section reloads after its own changes,
   * and a change made elsewhere shows when the case is selected again. */
  _sl_case_page_reload_members (self);
}

const char *
sl_case_page_get_case (SlCasePage *self)
{
  g_return_val_if_fail (SL_IS_CASE_PAGE (self), NULL);
  return self->case_number;
}

void
sl_case_page_import (SlCasePage          *self,
                     const char * const  *sources)
{
  g_return_if_fail (SL_IS_CASE_PAGE (self));
  g_return_if_fail (sources != NULL);

  if (self->case_number == NULL)
    return;
  for (guint i = 0; sources[i] != NULL; i++)
    sl_import_queue_add (self->imports, self->case_number, sources[i]);
}

GListModel *
sl_case_page_get_evidence (SlCasePage *self)
{
  g_return_val_if_fail (SL_IS_CASE_PAGE (self), NULL);
  return G_LIST_MODEL (self->evidence);
}

void
sl_case_page_set_show_cases_button (SlCasePage *self,
                                    gboolean    show)
{
  g_return_if_fail (SL_IS_CASE_PAGE (self));
  gtk_widget_set_visible (self->cases_button, show);
}
