/* sl-cases-view.c: the Cases view: a sidebar of cases, filtered by number
 * or title and by status, beside the selected case's page. Selecting a case
 * makes it the context's current case. Reloads on "changed::cases".
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cases-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "app/sl-case-item.h"
#include "app/sl-case-new-dialog.h"
#include "app/sl-case-page.h"
#include "app/sl-cases-view.h"

enum {
  SHOW_OPEN,
  SHOW_CLOSED,
  SHOW_ALL,
};

struct _SlCasesView
{
  AdwBin              parent_instance;
  SlAppContext       *context;
  GListStore         *cases;      /* SlCaseItem, newest first */
  GtkCustomFilter    *filter;
  GtkSingleSelection *selection;
  GtkWidget          *case_page;
  gboolean            selecting;

  AdwLeaflet         *leaflet;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  GtkStack           *list_stack;
  AdwStatusPage      *empty_page;
  GtkListView        *case_list;
  GtkStack           *content_stack;
};

G_DEFINE_FINAL_TYPE (SlCasesView, sl_cases_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* helpers */

static gboolean
case_matches (gpointer item,
              gpointer user_data)
{
  SlCasesView *self = user_data;
  SlCaseItem *c = item;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint show = gtk_drop_down_get_selected (self->status_dropdown);
  g_autofree char *needle = NULL;
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;

  if ((show == SHOW_OPEN && sl_case_item_is_closed (c)) || (show == SHOW_CLOSED && !sl_case_item_is_closed (c)))
    return FALSE;
  if (text == NULL || *text == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  number = g_utf8_casefold (sl_case_item_get_number (c), -1);
  title = g_utf8_casefold (sl_case_item_get_title (c), -1);
  return strstr (number, needle) != NULL || strstr (title, needle) != NULL;
}

static SlCaseItem *
selected_case (SlCasesView *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static gboolean
select_number (SlCasesView *self,
               const char  *number)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; number != NULL && i < n; i++)
    {
      g_autoptr(SlCaseItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (sl_case_item_get_number (item), number) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

static void
update_actions (SlCasesView *self)
{
  SlSession *session = sl_app_context_get_session (self->context);
  SlCaseItem *item = selected_case (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cases.new",
                                 session != NULL && sl_session_may (session, SL_PERMISSION_CASE_OPEN));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cases.close",
                                 item != NULL && !sl_case_item_is_closed (item) &&
                                 session != NULL && sl_session_may (session, SL_PERMISSION_CASE_CLOSE));
}

static void
show_selected (SlCasesView *self)
{
  SlCaseItem *item = selected_case (self);
  const char *number = item != NULL ? sl_case_item_get_number (item) : NULL;

  sl_app_context_set_case (self->context, number);
  if (number != NULL)
    {
      sl_case_page_set_case (SL_CASE_PAGE (self->case_page), number);
      gtk_stack_set_visible_child_name (self->content_stack, "case");
      adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
    }
  else
    {
      sl_case_page_set_case (SL_CASE_PAGE (self->case_page), NULL);
      gtk_stack_set_visible_child_name (self->content_stack, "none");
    }
  update_actions (self);
}

static void
reload (SlCasesView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *current = g_strdup (sl_app_context_get_case (self->context));
  SlSession *session = sl_app_context_get_session (self->context);

  if (session == NULL)
    return;
  if (!(list = sl_engine_case_list (sl_app_context_get_engine (self->context), session, &error)))
    {
      sl_app_context_error (self->context, _("Cannot list the cases"), error);
      return;
    }
  /* The items take the cases. */
  g_ptr_array_set_free_func (list, NULL);
  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (items, sl_case_item_new (g_ptr_array_index (list, i)));

  self->selecting = TRUE;
  g_list_store_splice (self->cases, 0, g_list_model_get_n_items (G_LIST_MODEL (self->cases)),
                       items->pdata, items->len);
  if (!select_number (self, current))
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->selecting = FALSE;
  show_selected (self);
}

static void
update_empty (SlCasesView *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0;
  gboolean filtered = g_list_model_get_n_items (G_LIST_MODEL (self->cases)) > 0;

  adw_status_page_set_title (self->empty_page, filtered ? _("No Matching Case") : _("No Cases"));
  gtk_stack_set_visible_child_name (self->list_stack, empty ? "empty" : "list");
}

/* callbacks */

static void
on_filter_changed (SlCasesView *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_selection_changed (SlCasesView *self)
{
  if (!self->selecting)
    show_selected (self);
}

static void
on_cases_changed (SlCasesView *self)
{
  reload (self);
}

static void
on_folded (SlCasesView *self)
{
  sl_case_page_set_show_cases_button (SL_CASE_PAGE (self->case_page), adw_leaflet_get_folded (self->leaflet));
}

static void
on_context_case (SlCasesView *self)
{
  const char *number = sl_app_context_get_case (self->context);
  SlCaseItem *item = selected_case (self);

  if (number != NULL && (item == NULL || g_strcmp0 (sl_case_item_get_number (item), number) != 0))
    select_number (self, number);
}

static void
on_case_created (SlCasesView *self,
                 const char  *number)
{
  /* Shown whatever the filter said, so that the new case is there. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  if (gtk_drop_down_get_selected (self->status_dropdown) == SHOW_CLOSED)
    gtk_drop_down_set_selected (self->status_dropdown, SHOW_OPEN);
  select_number (self, number);
}

static void
on_close_response (AdwMessageDialog *dialog,
                   const char       *response,
                   SlCasesView      *self)
{
  const char *number = g_object_get_data (G_OBJECT (dialog), "case-number");
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "close"))
    return;
  if (!sl_engine_case_close (sl_app_context_get_engine (self->context),
                             sl_app_context_get_session (self->context), number, &error))
    {
      /* Translators: the case that could not be closed */
      g_autofree char *what = g_strdup_printf (_("Cannot close case “%s”"), number);

      sl_app_context_error (self->context, what, error);
      return;
    }
  sl_app_context_changed (self->context, "cases");
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *number = gtk_label_new (NULL);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_label_set_ellipsize (GTK_LABEL (number), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (number, "heading");
  gtk_label_set_max_width_chars (GTK_LABEL (number), 24);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  /* A long title must not widen the sidebar. */
  gtk_label_set_max_width_chars (GTK_LABEL (title), 24);
  gtk_widget_add_css_class (title, "dim-label");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "caption-heading");
  gtk_box_append (GTK_BOX (labels), number);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), badge);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  SlCaseItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *labels = gtk_widget_get_first_child (box);
  GtkWidget *number = gtk_widget_get_first_child (labels);
  GtkWidget *title = gtk_widget_get_next_sibling (number);
  GtkWidget *badge = gtk_widget_get_next_sibling (labels);
  gboolean closed = sl_case_item_is_closed (item);

  gtk_label_set_text (GTK_LABEL (number), sl_case_item_get_number (item));
  gtk_label_set_text (GTK_LABEL (title), sl_case_item_get_title (item));
  /* Both are cut at 24 characters: each has its whole on hover. */
  gtk_widget_set_tooltip_text (number, sl_case_item_get_number (item));
  gtk_widget_set_tooltip_text (title, sl_case_item_get_title (item));
  gtk_label_set_text (GTK_LABEL (badge), closed ? _("Closed") : _("Open"));
  if (closed)
    {
      gtk_widget_remove_css_class (badge, "success");
      gtk_widget_add_css_class (badge, "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (badge, "dim-label");
      gtk_widget_add_css_class (badge, "success");
    }
}

/* actions */

static void
new_case_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SlCasesView *self = SL_CASES_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog = sl_case_new_dialog_new (self->context, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);

  g_signal_connect_object (dialog, "created", G_CALLBACK (on_case_created), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_case_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SlCasesView *self = SL_CASES_VIEW (widget);
  SlCaseItem *item = selected_case (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  if (item == NULL)
    return;
  /* Translators: the case to close */
  heading = g_strdup_printf (_("Close Case “%s”?"), sl_case_item_get_number (item));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("A closed case takes no new evidence, analyses or searches. "
                                     "Its records stay, and closing it is audited."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "close", _("C_lose Case"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "case-number", g_strdup (sl_case_item_get_number (item)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
select_case_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlCasesView *self = SL_CASES_VIEW (widget);
  const char *number = g_variant_get_string (parameter, NULL);

  if (!select_number (self, number))
    {
      gtk_drop_down_set_selected (self->status_dropdown, SHOW_ALL);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      if (!select_number (self, number))
        gtk_widget_error_bell (widget);
    }
}

/* The case selected, then its evidence opened in the viewer at a face
 * or a track's time: "(sxxxx)" case number, evidence, face, track, time. */
static void
show_face_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlCasesView *self = SL_CASES_VIEW (widget);
  g_autoptr(GVariant) select = NULL;
  const char *number;
  gint64 evidence_id, face_id, track_id, time_ms;

  g_variant_get (parameter, "(&sxxxx)", &number, &evidence_id, &face_id, &track_id, &time_ms);
  select = g_variant_ref_sink (g_variant_new_string (number));
  select_case_action (widget, "cases.select", select);
  if (g_strcmp0 (sl_case_page_get_case (SL_CASE_PAGE (self->case_page)), number) != 0 ||
      !sl_case_page_show_face (SL_CASE_PAGE (self->case_page), evidence_id, face_id, track_id, time_ms))
    gtk_widget_error_bell (widget);
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlCasesView *self = SL_CASES_VIEW (widget);

  adw_leaflet_set_visible_child (self->leaflet, gtk_widget_get_first_child (GTK_WIDGET (self->leaflet)));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlCasesView *self = SL_CASES_VIEW (widget);

  adw_leaflet_set_visible_child (self->leaflet, gtk_widget_get_first_child (GTK_WIDGET (self->leaflet)));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static gboolean
on_shortcut (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  return gtk_widget_activate_action (widget, user_data, NULL);
}

/* overrides */

static void
sl_cases_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SlCasesView *self = SL_CASES_VIEW (object);

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
sl_cases_view_constructed (GObject *object)
{
  SlCasesView *self = SL_CASES_VIEW (object);

  G_OBJECT_CLASS (sl_cases_view_parent_class)->constructed (object);

  self->case_page = sl_case_page_new (self->context);
  gtk_stack_add_named (self->content_stack, self->case_page, "case");
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (on_folded), self, G_CONNECT_SWAPPED);
  on_folded (self);
  g_signal_connect_object (self->context, "changed::cases", G_CALLBACK (on_cases_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::case", G_CALLBACK (on_context_case), self,
                           G_CONNECT_SWAPPED);
  reload (self);
}

static void
sl_cases_view_dispose (GObject *object)
{
  SlCasesView *self = SL_CASES_VIEW (object);

  /* The bin's child is a template child with an id: let the bin let go of
   * it before the template does. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_CASES_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->cases);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_cases_view_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_cases_view_class_init (SlCasesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = sl_cases_view_set_property;
  object_class->constructed = sl_cases_view_constructed;
  object_class->dispose = sl_cases_view_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SL_TYPE_APP_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-cases-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCasesView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SlCasesView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SlCasesView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlCasesView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SlCasesView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SlCasesView, case_list);
  gtk_widget_class_bind_template_child (widget_class, SlCasesView, content_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);

  gtk_widget_class_install_action (widget_class, "cases.new", NULL, new_case_action);
  gtk_widget_class_install_action (widget_class, "cases.close", NULL, close_case_action);
  gtk_widget_class_install_action (widget_class, "cases.select", "s", select_case_action);
  gtk_widget_class_install_action (widget_class, "cases.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "cases.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "cases.show-face", "(sxxxx)", show_face_action);
}

static void
sl_cases_view_init (SlCasesView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkFilterListModel *filtered;
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cases = g_list_store_new (SL_TYPE_CASE_ITEM);
  self->filter = gtk_custom_filter_new (case_matches, self, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->cases)), GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (update_empty), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->case_list, factory);
  gtk_list_view_set_model (self->case_list, GTK_SELECTION_MODEL (self->selection));
  update_empty (self);

  /* Wherever the focus is while the view is on screen. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_n, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (on_shortcut, "cases.new", NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (on_shortcut, "cases.search", NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

/* public API */

GtkWidget *
sl_cases_view_new (SlAppContext *context)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  return g_object_new (SL_TYPE_CASES_VIEW, "context", context, NULL);
}
