/* sl-search-detail.c: one search as a supervisor reviews it, read through
 * the engine's search records (a read: not audited, but only for those who
 * may read cases or the audit log).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-search-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-format.h"
#include "app/sl-search-detail.h"
#include "engine/sightline-engine.h"

struct _SlSearchDetail
{
  AdwWindow             parent_instance;

  AdwWindowTitle       *window_title;
  AdwPreferencesGroup  *justification_group;
  AdwPreferencesGroup  *probe_group;
  GtkPicture           *probe_picture;
  AdwPreferencesGroup  *run_group;
  AdwPreferencesGroup  *candidates_group;
};

G_DEFINE_FINAL_TYPE (SlSearchDetail, sl_search_detail, ADW_TYPE_WINDOW)

/* helpers */

static GdkTexture *
texture_from_jpeg (GBytes *jpeg)
{
  return jpeg != NULL ? gdk_texture_new_from_bytes (jpeg, NULL) : NULL;
}

static double
seconds_between (const char *from,
                 const char *to)
{
  g_autoptr(GDateTime) a = from != NULL ? g_date_time_new_from_iso8601 (from, NULL) : NULL;
  g_autoptr(GDateTime) b = to != NULL ? g_date_time_new_from_iso8601 (to, NULL) : NULL;

  return a != NULL && b != NULL ? g_date_time_difference (b, a) / 1e6 : -1;
}

static char *
describe_decision (const SlDecision *d)
{
  GString *text;

  if (d == NULL)
    return NULL;
  /* Translators: a reviewer's decision: "possible-lead by sam at <time>: <rationale>" */
  text = g_string_new (NULL);
  g_string_append_printf (text, _("%s by %s at %s: %s"), sl_decision_kind_to_string (d->original), d->reviewer,
                          d->decided_at, d->rationale);
  /* A correction never replaces the decision: both show, the newest last. */
  for (guint i = 0; d->corrections != NULL && i < d->corrections->len; i++)
    {
      const SlDecisionCorrection *x = g_ptr_array_index (d->corrections, i);

      g_string_append_c (text, '\n');
      /* Translators: a correction of that decision: "corrected to excluded by sam at <time>: <reason>" */
      g_string_append_printf (text, _("corrected to %s by %s at %s: %s"), sl_decision_kind_to_string (x->decision),
                              x->corrected_by, x->corrected_at, x->reason);
    }
  return g_string_free (text, FALSE);
}

static void
add_candidate (SlSearchDetail    *self,
               SlAppContext      *context,
               const SlCandidate *c)
{
  SlEngine *engine = sl_app_context_get_engine (context);
  SlSession *session = sl_app_context_get_session (context);
  g_autoptr(GBytes) thumb = sl_engine_gallery_face_thumbnail (engine, session, c->gallery_face_id, NULL);
  g_autoptr(GdkTexture) texture = texture_from_jpeg (thumb);
  g_autofree char *title = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *first = describe_decision (c->first);
  g_autofree char *second = describe_decision (c->second);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *status = gtk_label_new (sl_review_status_to_string (c->status));

  title = g_strdup_printf ("#%u  %s%s%s", c->rank, c->subject_external_id,
                           c->subject_name != NULL ? " · " : "", c->subject_name != NULL ? c->subject_name : "");
  if (c->beyond_range)
    rate = g_strdup (_("beyond the measured range"));
  else if (c->false_match_rate > 0)
    /* Translators: an estimated false-match rate, e.g. "1 in 40,000" */
    rate = g_strdup_printf (_("1 in %'.0f"), 1.0 / c->false_match_rate);
  else
    rate = g_strdup (_("below any measured rate"));
  /* Translators: a candidate's score, its false-match rate, the false
   * candidates expected in the gallery, and whether it is above the threshold */
  subtitle = g_strdup_printf (_("Similarity %.3f · false-match rate %s · %.2f false expected · %s"),
                              c->similarity, rate, c->expected_false,
                              c->above_threshold ? _("above threshold") : _("below threshold"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (texture));
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_set_size_request (picture, 56, 56);
  gtk_widget_set_valign (picture, GTK_ALIGN_CENTER);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), picture);
  gtk_widget_add_css_class (status, "dim-label");
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), status);

  {
    GtkWidget *r1 = adw_action_row_new ();
    GtkWidget *r2 = adw_action_row_new ();

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r1), _("First decision"));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (r1), first != NULL ? first : _("None yet"));
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r2), _("Second review"));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (r2), second != NULL ? second : _("None yet"));
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), r1);
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), r2);
  }
  adw_preferences_group_add (self->candidates_group, row);
}

static void
fill (SlSearchDetail       *self,
      SlAppContext         *context,
      const SlSearchRecord *r)
{
  SlEngine *engine = sl_app_context_get_engine (context);
  SlSession *session = sl_app_context_get_session (context);
  g_autofree char *title = g_strdup_printf (_("Search %lld"), (long long) r->id);
  g_autofree char *subtitle = g_strdup_printf (_("Case %s"), r->case_number);
  g_autofree char *offense = g_strdup_printf ("%s (%s)", r->offense_label, r->offense_code);
  g_autofree char *run_by = g_strdup_printf ("%s (%s)", r->run_by_name, r->run_by);
  g_autofree char *gallery = NULL;
  g_autofree char *took = NULL;
  g_autofree char *model = g_strdup_printf ("%s (%.12s…)", r->model_id, r->model_sha256);
  g_autofree char *settings = NULL;
  g_autofree char *probe = NULL;
  g_autofree char *label = NULL;
  g_autoptr(SlProbeFace) face = sl_engine_probe_face_get (engine, session, r->face_id, TRUE, NULL);
  double seconds = seconds_between (r->started_at, r->ended_at);
  g_autofree char *started = sl_format_time_seconds (r->started_at);
  g_autofree char *ended = sl_format_time_seconds (r->ended_at);
  g_autofree char *calibration = sl_text_map_times (r->calibration, sl_format_time);

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);

  sl_search_detail_add_fact (self->justification_group, _("Case"), r->case_number);
  sl_search_detail_add_fact (self->justification_group, _("Offense"), offense);
  sl_search_detail_add_fact (self->justification_group, _("Legal basis"), r->legal_basis);
  sl_search_detail_add_fact (self->justification_group, _("Purpose"), sl_format_purpose (r->purpose));
  sl_search_detail_add_fact (self->justification_group, _("Articulable facts"), r->facts);

  label = sl_face_label (r->face_id, r->track_id, r->probe_time_ms, r->evidence_name);
  /* Translators: the face searched with: its label, e.g. "Face 9 · IMG_0042.jpg", then how */
  probe = g_strdup_printf (_("%s (%s)"), label, sl_format_probe (r->probe != NULL ? r->probe : "face"));
  sl_search_detail_add_fact (self->probe_group, _("Searched with"), probe);
  if (face != NULL && face->crop != NULL)
    {
      g_autoptr(GdkTexture) texture = texture_from_jpeg (face->crop);
      gtk_picture_set_paintable (self->probe_picture, GDK_PAINTABLE (texture));
    }
  else
    {
      g_autofree char *purged = sl_format_time (r->probe_purged_at);

      gtk_widget_set_visible (GTK_WIDGET (self->probe_picture), FALSE);

      if (purged != NULL)
        sl_search_detail_add_fact (self->probe_group, _("Probe purged"), purged);
    }

  /* Translators: gallery name, faces and subjects searched */
  gallery = g_strdup_printf (_("%s: %'lld faces of %'lld subjects"), r->gallery_name, (long long) r->gallery_size,
                             (long long) r->gallery_subjects);
  took = seconds >= 0 ? g_strdup_printf (_("%s to %s (%.3f s)"), started, ended, seconds)
                      : g_strdup_printf (_("%s to %s"), started, ended);
  /* Translators: threshold, top-k, candidates at or above the threshold */
  settings = g_strdup_printf (_("Threshold %.3f · top %u · %u above the threshold"), r->threshold, r->top_k,
                              r->above_threshold);
  sl_search_detail_add_fact (self->run_group, _("Run by"), run_by);
  sl_search_detail_add_fact (self->run_group, _("Time"), took);
  sl_search_detail_add_fact (self->run_group, _("Gallery"), gallery);
  sl_search_detail_add_fact (self->run_group, _("Model"), model);
  sl_search_detail_add_fact (self->run_group, _("Settings"), settings);
  sl_search_detail_add_fact (self->run_group, _("Calibration"), calibration);

  for (guint i = 0; r->candidates != NULL && i < r->candidates->len; i++)
    add_candidate (self, context, g_ptr_array_index (r->candidates, i));
  if (r->candidates == NULL || r->candidates->len == 0)
    sl_search_detail_add_fact (self->candidates_group, _("No candidate above the threshold"), NULL);
}

/* class_init / init */

static void
sl_search_detail_class_init (SlSearchDetailClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-search-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, SlSearchDetail, window_title);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDetail, justification_group);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDetail, probe_group);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDetail, probe_picture);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDetail, run_group);
  gtk_widget_class_bind_template_child (widget_class, SlSearchDetail, candidates_group);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_search_detail_init (SlSearchDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* public API */

void
sl_search_detail_present (SlAppContext *context,
                          GtkWindow    *parent,
                          gint64        search_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSearchRecord) record = NULL;
  SlSession *session;
  SlSearchDetail *self;

  g_return_if_fail (SL_IS_APP_CONTEXT (context));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  if (!(session = sl_app_context_get_session (context)))
    return;
  /* One search and its few candidates: a few milliseconds. */
  if (!(record = sl_engine_search_record_get (sl_app_context_get_engine (context), session, search_id, &error)))
    {
      g_autofree char *what = g_strdup_printf (_("Cannot show search %lld"), (long long) search_id);
      sl_app_context_error (context, what, error);
      return;
    }
  self = g_object_new (SL_TYPE_SEARCH_DETAIL, "transient-for", parent, "modal", FALSE, NULL);
  fill (self, context, record);
  gtk_window_present (GTK_WINDOW (self));
}

void
sl_search_detail_add_fact (AdwPreferencesGroup *group,
                           const char          *title,
                           const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL && *value != '\0' ? value : "—");
  adw_preferences_group_add (group, row);
}
