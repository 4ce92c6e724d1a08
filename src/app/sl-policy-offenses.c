/* sl-policy-offenses.c: the offense list being edited. Each offense in
 * force is a row with its label in an entry and a button to withdraw it
 * (or keep it after all); new ones are added below. Nothing is written
 * here: the changes wait as "offense.CODE" policy values for Apply, and the
 * engine checks codes and labels then.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-policy-offenses"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-policy-offenses.h"

struct _SlPolicyOffenses
{
  AdwBin       parent_instance;
  GHashTable  *current;       /* code -> label in force */

  GtkListBox  *offenses_list;
  GtkEntry    *code_entry;
  GtkEntry    *label_entry;
};

G_DEFINE_FINAL_TYPE (SlPolicyOffenses, sl_policy_offenses, ADW_TYPE_BIN)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* helpers */

static void
emit_changed (SlPolicyOffenses *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static GtkEntry *
row_entry (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "label-entry");
}

static gboolean
row_withdrawn (GtkWidget *row)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "withdrawn"));
}

static void on_withdraw_clicked (GtkButton *button, GtkWidget *row);

static GtkWidget *
add_row (SlPolicyOffenses *self,
         const char       *code,
         const char       *label)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), code);
  g_object_set_data_full (G_OBJECT (row), "code", g_strdup (code), g_free);
  gtk_editable_set_text (GTK_EDITABLE (entry), label);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Withdraw this offense (earlier searches keep naming it)"));
  g_object_set_data (G_OBJECT (row), "label-entry", entry);
  g_object_set_data (G_OBJECT (row), "withdraw-button", button);
  g_signal_connect_object (entry, "changed", G_CALLBACK (emit_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect (button, "clicked", G_CALLBACK (on_withdraw_clicked), row);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  gtk_list_box_append (self->offenses_list, row);
  return row;
}

static void
clear_rows (SlPolicyOffenses *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->offenses_list))) != NULL)
    gtk_list_box_remove (self->offenses_list, child);
}

/* callbacks */

static void
on_withdraw_clicked (GtkButton *clicked,
                     GtkWidget *row)
{
  GtkButton *button = g_object_get_data (G_OBJECT (row), "withdraw-button");
  SlPolicyOffenses *self = SL_POLICY_OFFENSES (gtk_widget_get_ancestor (row, SL_TYPE_POLICY_OFFENSES));
  gboolean withdrawn = !row_withdrawn (row);

  g_object_set_data (G_OBJECT (row), "withdrawn", GINT_TO_POINTER (withdrawn));
  gtk_widget_set_sensitive (GTK_WIDGET (row_entry (row)), !withdrawn);
  gtk_button_set_icon_name (button, withdrawn ? "edit-undo-symbolic" : "user-trash-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), withdrawn ? _("Keep this offense")
                                                              : _("Withdraw this offense (earlier searches keep naming it)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), withdrawn ? _("To be withdrawn") : NULL);
  emit_changed (self);
}

static void
on_add (SlPolicyOffenses *self)
{
  g_autofree char *code = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->code_entry)), -1);
  const char *label = gtk_editable_get_text (GTK_EDITABLE (self->label_entry));

  g_strstrip (code);
  if (*code == '\0' || *label == '\0')
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  /* The same code again edits the row already there. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->offenses_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "code"), code) == 0)
      {
        if (row_withdrawn (row))
          on_withdraw_clicked (NULL, row);
        gtk_editable_set_text (GTK_EDITABLE (row_entry (row)), label);
        goto done;
      }
  gtk_editable_set_text (GTK_EDITABLE (row_entry (add_row (self, code, ""))), label);
done:
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->label_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
  emit_changed (self);
}

/* overrides */

static void
sl_policy_offenses_dispose (GObject *object)
{
  SlPolicyOffenses *self = SL_POLICY_OFFENSES (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_POLICY_OFFENSES);
  g_clear_pointer (&self->current, g_hash_table_unref);

  G_OBJECT_CLASS (sl_policy_offenses_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_policy_offenses_class_init (SlPolicyOffensesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_policy_offenses_dispose;

  /* Pending changes differ from what is in force. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-policy-offenses.ui");
  gtk_widget_class_bind_template_child (widget_class, SlPolicyOffenses, offenses_list);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyOffenses, code_entry);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyOffenses, label_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_add);
}

static void
sl_policy_offenses_init (SlPolicyOffenses *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* public API */

GtkWidget *
sl_policy_offenses_new (void)
{
  return g_object_new (SL_TYPE_POLICY_OFFENSES, NULL);
}

void
sl_policy_offenses_set (SlPolicyOffenses *self,
                        GPtrArray        *offenses)
{
  g_return_if_fail (SL_IS_POLICY_OFFENSES (self));

  clear_rows (self);
  g_hash_table_remove_all (self->current);
  for (guint i = 0; offenses != NULL && i < offenses->len; i++)
    {
      SlOffense *o = g_ptr_array_index (offenses, i);

      g_hash_table_insert (self->current, g_strdup (o->code), g_strdup (o->label));
      add_row (self, o->code, o->label);
    }
  emit_changed (self);
}

GPtrArray *
sl_policy_offenses_get_changes (SlPolicyOffenses  *self,
                                GPtrArray        **values)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (SL_IS_POLICY_OFFENSES (self), keys);

  *values = g_ptr_array_new_with_free_func (g_free);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->offenses_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *code = g_object_get_data (G_OBJECT (row), "code");
      const char *was = g_hash_table_lookup (self->current, code);
      const char *label = gtk_editable_get_text (GTK_EDITABLE (row_entry (row)));
      const char *value;

      if (row_withdrawn (row))
        value = was != NULL ? "" : NULL;      /* added and withdrawn again: nothing to do */
      else
        /* An emptied label is not a withdrawal: the button says that. */
        value = *label != '\0' && g_strcmp0 (was, label) != 0 ? label : NULL;
      if (value == NULL)
        continue;
      g_ptr_array_add (keys, g_strconcat ("offense.", code, NULL));
      g_ptr_array_add (*values, g_strdup (value));
    }
  return keys;
}
