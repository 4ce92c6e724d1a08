/* sl-persons-window.c: the persons of one case (issue 16). The engine
 * groups the case's faces and tracks in a worker (about 12 s at 5,000
 * faces) while a spinner turns; each person is a row with its best view,
 * its name or number, how often and where it was seen, and the
 * investigator's decisions, Name…, Merge With…, Not the Same Person… and
 * Move Out (a split), each recorded and audited by the engine in a worker,
 * after which the case is grouped again.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-persons-window"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-persons-window.h"
#include "app/sl-search-dialog.h"

#define THUMBNAIL_SIDE 48
#define KEY_FACE   "sl-person-face"
#define KEY_FACES  "sl-person-faces"

struct _SlPersonsWindow
{
  AdwWindow        parent_instance;
  SlAppContext    *context;
  char            *case_number;
  SlPersons       *persons;
  GHashTable      *evidence_names;  /* evidence id -> original name */
  GCancellable    *cancellable;
  gboolean         deciding;           /* a decision is being recorded */

  AdwToastOverlay *toasts;
  AdwWindowTitle  *window_title;
  GtkStack        *stack;
  GtkSpinner      *spinner;
  AdwStatusPage   *status_page;
  GtkLabel        *summary_label;
  GtkListBox      *persons_list;
};

G_DEFINE_FINAL_TYPE (SlPersonsWindow, sl_persons_window, ADW_TYPE_WINDOW)

/* One grouping under way; only the newest one is shown. */
typedef struct
{
  SlPersonsWindow *self;
  GCancellable    *cancellable;
} Load;

typedef enum
{
  DECISION_MERGE,
  DECISION_SEPARATE,
} Decision;

/* helpers */

static void
load_free (Load *load)
{
  g_object_unref (load->self);
  g_object_unref (load->cancellable);
  g_free (load);
}

static SlEngine *
engine_of (SlPersonsWindow *self)
{
  return sl_app_context_get_engine (self->context);
}

static SlPerson *
person_by_number (SlPersonsWindow *self,
                  guint            number)
{
  for (guint i = 0; self->persons != NULL && i < self->persons->persons->len; i++)
    {
      SlPerson *p = g_ptr_array_index (self->persons->persons, i);

      if (p->number == number)
        return p;
    }
  return NULL;
}

static void
toast (SlPersonsWindow *self,
       const char      *message)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

static void
load_evidence_names (SlPersonsWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = sl_engine_evidence_list (engine_of (self), sl_app_context_get_session (self->context),
                                                       self->case_number, &error);

  g_hash_table_remove_all (self->evidence_names);
  if (list == NULL)
    {
      g_debug ("Evidence of %s: %s", self->case_number, error->message);
      return;
    }
  for (guint i = 0; i < list->len; i++)
    {
      SlEvidence *e = g_ptr_array_index (list, i);

      g_hash_table_insert (self->evidence_names, g_memdup2 (&e->id, sizeof (gint64)),
                           g_strdup (e->original_name));
    }
}

static char *
sighting_label (SlPersonsWindow        *self,
                const SlPersonSighting *s)
{
  return sl_face_label (s->face_id, s->track_id, s->time_ms,
                        g_hash_table_lookup (self->evidence_names, &s->evidence_id));
}

static GtkWidget *
best_view (SlPersonsWindow *self,
           const SlPerson  *person)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlProbeFace) face = sl_engine_probe_face_get (engine_of (self), sl_app_context_get_session (self->context),
                                                          person->best.face_id, TRUE, &error);
  g_autoptr(GdkTexture) texture = NULL;
  GtkWidget *image;

  if (face != NULL && face->crop != NULL)
    texture = gdk_texture_new_from_bytes (face->crop, &error);
  if (texture == NULL)
    {
      /* A purged crop or a failure: the icon stands in. */
      if (error != NULL)
        g_debug ("Best view of person %u: %s", person->number, error->message);
      image = gtk_image_new_from_icon_name ("avatar-default-symbolic");
      gtk_image_set_pixel_size (GTK_IMAGE (image), THUMBNAIL_SIDE / 2);
    }
  else
    {
      image = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
      gtk_picture_set_can_shrink (GTK_PICTURE (image), TRUE);
      gtk_picture_set_content_fit (GTK_PICTURE (image), GTK_CONTENT_FIT_COVER);
    }
  gtk_widget_set_size_request (image, THUMBNAIL_SIDE, THUMBNAIL_SIDE);
  gtk_widget_set_valign (image, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (image, 6);
  gtk_widget_set_margin_bottom (image, 6);
  return image;
}

static GtkWidget *
actions_button (const SlPerson *person,
                gboolean        others)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *button = gtk_menu_button_new ();
  const struct { const char *label, *action; gboolean needs_others; } items[] = {
    { N_("_Name…"), "persons.name", FALSE },
    { N_("_Search Gallery…"), "persons.search-gallery", FALSE },
    { N_("_Merge With…"), "persons.merge", TRUE },
    { N_("N_ot the Same Person As…"), "persons.separate", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = NULL;

      if (items[i].needs_others && !others)
        continue;
      item = g_menu_item_new (_(items[i].label), NULL);
      g_menu_item_set_action_and_target_value (item, items[i].action, g_variant_new_uint32 (person->number));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Decisions on This Person"));
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static GtkWidget *
person_row (SlPersonsWindow *self,
            const SlPerson  *person)
{
  GtkWidget *row = adw_expander_row_new ();
  g_autofree char *title = sl_persons_window_title (person);
  g_autofree char *seen = NULL;
  g_autofree char *where = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *name = g_strdup_printf ("person-%u", person->number);

  seen = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sighting", "%u sightings", person->sightings->len),
                          person->sightings->len);
  where = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %u piece of evidence", "in %u pieces of evidence",
                                        person->n_evidence),
                           person->n_evidence);
  /* TRANSLATORS: "3 sightings · in 2 pieces of evidence" */
  subtitle = g_strdup_printf (_("%s · %s"), seen, where);
  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), best_view (self, person));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), actions_button (person, self->persons->persons->len > 1));

  for (guint i = 0; i < person->sightings->len; i++)
    {
      const SlPersonSighting *s = &g_array_index (person->sightings, SlPersonSighting, i);
      GtkWidget *sighting = adw_action_row_new ();
      g_autofree char *label = sighting_label (self, s);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (sighting), label);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (sighting), FALSE);
      if (s->face_id == person->best.face_id)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (sighting), _("Best view"));
      if (person->sightings->len > 1)
        {
          GtkWidget *button = gtk_button_new_with_mnemonic (_("Move _Out"));

          gtk_widget_set_tooltip_text (button, _("Split this sighting off into a person of its own"));
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "persons.split");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (s->face_id));
          adw_action_row_add_suffix (ADW_ACTION_ROW (sighting), button);
        }
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), sighting);
    }
  return row;
}

static void
show_persons (SlPersonsWindow *self)
{
  SlPersons *r = self->persons;
  GtkWidget *child;
  g_autofree char *summary = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->persons_list))) != NULL)
    gtk_list_box_remove (self->persons_list, child);
  adw_window_title_set_subtitle (self->window_title, self->case_number);
  if (r->persons->len == 0)
    {
      adw_status_page_set_title (self->status_page, _("No Persons Yet"));
      adw_status_page_set_description (self->status_page,
                                       _("Analyse the case’s evidence: the faces and tracks it finds are "
                                         "grouped into persons here."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  load_evidence_names (self);
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u person among %u faces and tracks, grouped strictly: %s",
                                          "%u persons among %u faces and tracks, grouped strictly: %s",
                                          r->persons->len),
                             r->persons->len, (guint) r->grouped, r->threshold_describe != NULL ? r->threshold_describe : "");
  gtk_label_set_text (self->summary_label, summary);
  for (guint i = 0; i < r->persons->len; i++)
    gtk_list_box_append (self->persons_list, person_row (self, g_ptr_array_index (r->persons, i)));
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
set_deciding (SlPersonsWindow *self,
              gboolean         deciding)
{
  static const char *actions[] = {
    "persons.name", "persons.merge", "persons.separate", "persons.split", "persons.reload",
  };

  self->deciding = deciding;
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], !deciding);
}

static void on_decided (GObject      *source_object,
                        GAsyncResult *result,
                        gpointer      user_data);

/* Recorded in a worker, so that the window never waits on the database
 * (not cancelled: a decision asked for is recorded even when the window
 * closes meanwhile); the case is grouped again when it is done. */
static void
decide (SlPersonsWindow   *self,
        SlPersonsDecision  decision,
        const gint64      *faces,
        guint              n_faces,
        const char        *name)
{
  SlSession *session = sl_app_context_get_session (self->context);

  if (session == NULL || self->deciding)
    return;
  set_deciding (self, TRUE);
  sl_engine_persons_decide_async (engine_of (self), session, self->case_number, decision, faces, n_faces, name,
                                  NULL, on_decided, g_object_ref (self));
}

/* callbacks */

static void
on_decided (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlPersonsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = sl_engine_persons_decide_finish (SL_ENGINE (source_object), result, &error);

  /* Closed meanwhile: the decision is recorded all the same. */
  if (self->stack == NULL)
    return;
  set_deciding (self, FALSE);
  if (!ok)
    {
      toast (self, error->message);
      return;
    }
  sl_persons_window_reload (self);
}

static void
on_persons_done (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Load *load = user_data;
  SlPersonsWindow *self = load->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlPersons) persons = sl_engine_case_persons_finish (SL_ENGINE (source_object), result, &error);
  /* Closed, or a newer grouping started (after a decision) since. */
  gboolean stale = self->stack == NULL || load->cancellable != self->cancellable;

  load_free (load);
  if (stale || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->spinner);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "persons.reload", TRUE);
  g_clear_pointer (&self->persons, sl_persons_free);
  if (persons == NULL)
    {
      adw_status_page_set_title (self->status_page, _("The Persons Could Not Be Listed"));
      adw_status_page_set_description (self->status_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  self->persons = g_steal_pointer (&persons);
  show_persons (self);
}

static void
on_name_response (AdwMessageDialog *dialog,
                  const char       *response,
                  SlPersonsWindow  *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gint64 face = *(gint64 *) g_object_get_data (G_OBJECT (dialog), KEY_FACE);
  g_autofree char *name = NULL;

  if (!g_str_equal (response, "name"))
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  decide (self, SL_PERSONS_NAME, &face, 1, name);
}

static void
on_choose_response (AdwMessageDialog *dialog,
                    const char       *response,
                    SlPersonsWindow  *self)
{
  GtkDropDown *drop_down = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  GArray *faces = g_object_get_data (G_OBJECT (dialog), KEY_FACES);
  gint64 face = *(gint64 *) g_object_get_data (G_OBJECT (dialog), KEY_FACE);
  guint chosen = gtk_drop_down_get_selected (drop_down);
  gint64 pair[2];

  if (chosen >= faces->len)
    return;
  pair[0] = face;
  pair[1] = g_array_index (faces, gint64, chosen);
  if (g_str_equal (response, "merge"))
    decide (self, SL_PERSONS_MERGE, pair, 2, NULL);
  else if (g_str_equal (response, "separate"))
    decide (self, SL_PERSONS_SEPARATE, pair, 2, NULL);
}

static void
present_choice (SlPersonsWindow *self,
                const SlPerson  *person,
                Decision         decision)
{
  g_autofree char *title = sl_persons_window_title (person);
  g_autofree char *body = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GArray *faces = g_array_new (FALSE, FALSE, sizeof (gint64));
  AdwMessageDialog *dialog;
  GtkWidget *drop_down;

  for (guint i = 0; i < self->persons->persons->len; i++)
    {
      SlPerson *other = g_ptr_array_index (self->persons->persons, i);
      g_autofree char *other_title = NULL;
      g_autofree char *label = NULL;

      if (other == person)
        continue;
      other_title = sl_persons_window_title (other);
      /* TRANSLATORS: a person and the number of its sightings: "Unknown person 2 (3)" */
      label = g_strdup_printf (_("%s (%u)"), other_title, other->sightings->len);
      gtk_string_list_append (names, label);
      g_array_append_val (faces, other->best.face_id);
    }
  if (decision == DECISION_MERGE)
    body = g_strdup_printf (_("%s and the person chosen are grouped as one from now on. The decision is "
                              "recorded in the audit log; a later split undoes it."),
                            title);
  else
    body = g_strdup_printf (_("%s and the person chosen are never grouped together again. The decision is "
                              "recorded in the audit log; a later merge undoes it."),
                            title);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       decision == DECISION_MERGE ? _("Merge With Another Person?")
                                                                                  : _("Not the Same Person?"),
                                                       body));
  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  gtk_widget_set_name (drop_down, "person_drop_down");
  adw_message_dialog_set_extra_child (dialog, drop_down);
  if (decision == DECISION_MERGE)
    adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "merge", _("_Merge"), NULL);
  else
    adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "separate", _("_Keep Apart"), NULL);
  adw_message_dialog_set_response_appearance (dialog, decision == DECISION_MERGE ? "merge" : "separate",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), KEY_FACES, faces, (GDestroyNotify) g_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), KEY_FACE, g_memdup2 (&person->best.face_id, sizeof (gint64)),
                          g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_choose_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sl_persons_window_reload (SL_PERSONS_WINDOW (widget));
}

static void
name_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlPersonsWindow *self = SL_PERSONS_WINDOW (widget);
  SlPerson *person = person_by_number (self, g_variant_get_uint32 (parameter));
  g_autofree char *title = NULL;
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (person == NULL)
    return;
  title = sl_persons_window_title (person);
  heading = g_strdup_printf (_("Name %s"), title);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _("The name is the investigator’s, recorded in the audit "
                                                         "log; an empty name makes the person unknown again.")));
  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "name_entry");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Name or alias"));
  if (person->name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), person->name);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "name", _("_Name"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "name", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "name");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), KEY_FACE, g_memdup2 (&person->best.face_id, sizeof (gint64)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_name_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
choice_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlPersonsWindow *self = SL_PERSONS_WINDOW (widget);
  SlPerson *person = person_by_number (self, g_variant_get_uint32 (parameter));

  if (person != NULL && self->persons->persons->len > 1)
    present_choice (self, person, g_str_equal (action_name, "persons.merge") ? DECISION_MERGE : DECISION_SEPARATE);
}

static void
search_gallery_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SlPersonsWindow *self = SL_PERSONS_WINDOW (widget);
  SlPerson *person = person_by_number (self, g_variant_get_uint32 (parameter));

  /* Its template or its best view: a justified, audited search like any. */
  if (person != NULL)
    sl_search_dialog_present_person (self->context, GTK_WINDOW (self), self->case_number, person->best.face_id,
                                     person->sightings->len);
}

static void
split_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlPersonsWindow *self = SL_PERSONS_WINDOW (widget);
  gint64 face = g_variant_get_int64 (parameter);

  decide (self, SL_PERSONS_SPLIT, &face, 1, NULL);
}

/* overrides */

static void
sl_persons_window_dispose (GObject *object)
{
  SlPersonsWindow *self = SL_PERSONS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_PERSONS_WINDOW);
  self->stack = NULL;
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->persons, sl_persons_free);
  g_clear_pointer (&self->evidence_names, g_hash_table_unref);
  g_clear_pointer (&self->case_number, g_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_persons_window_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_persons_window_class_init (SlPersonsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_persons_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-persons-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlPersonsWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, SlPersonsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SlPersonsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SlPersonsWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlPersonsWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, SlPersonsWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SlPersonsWindow, persons_list);

  gtk_widget_class_install_action (widget_class, "persons.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "persons.name", "u", name_action);
  gtk_widget_class_install_action (widget_class, "persons.merge", "u", choice_action);
  gtk_widget_class_install_action (widget_class, "persons.separate", "u", choice_action);
  gtk_widget_class_install_action (widget_class, "persons.split", "x", split_action);
  gtk_widget_class_install_action (widget_class, "persons.search-gallery", "u", search_gallery_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "persons.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_persons_window_init (SlPersonsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->evidence_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

/* public API */

GtkWindow *
sl_persons_window_new (SlAppContext *context,
                       GtkWindow    *parent,
                       const char   *case_number)
{
  SlPersonsWindow *self;

  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);
  g_return_val_if_fail (case_number != NULL, NULL);

  self = g_object_new (SL_TYPE_PERSONS_WINDOW, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->case_number = g_strdup (case_number);
  adw_window_title_set_subtitle (self->window_title, case_number);
  sl_persons_window_reload (self);
  return GTK_WINDOW (self);
}

void
sl_persons_window_reload (SlPersonsWindow *self)
{
  SlSession *session;
  Load *load;

  g_return_if_fail (SL_IS_PERSONS_WINDOW (self));

  if ((session = sl_app_context_get_session (self->context)) == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->persons, sl_persons_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "persons.reload", FALSE);
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  load = g_new0 (Load, 1);
  load->self = g_object_ref (self);
  load->cancellable = g_object_ref (self->cancellable);
  sl_engine_case_persons_async (engine_of (self), session, self->case_number, self->cancellable, on_persons_done,
                                load);
}

const SlPersons *
sl_persons_window_get_persons (SlPersonsWindow *self)
{
  g_return_val_if_fail (SL_IS_PERSONS_WINDOW (self), NULL);

  return self->persons;
}

char *
sl_persons_window_title (const SlPerson *person)
{
  g_return_val_if_fail (person != NULL, NULL);

  if (person->name != NULL && *person->name != '\0')
    return g_strdup (person->name);
  return g_strdup_printf (_("Unknown person %u"), person->number);
}
