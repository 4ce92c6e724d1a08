/* sl-case-item.c: a case as an item of the Cases sidebar's list model;
 * its properties are what the sidebar's rows bind to.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-case-item"

#include "config.h"

#include "app/sl-case-item.h"

struct _SlCaseItem
{
  GObject  parent_instance;
  SlCase  *case_;
};

G_DEFINE_FINAL_TYPE (SlCaseItem, sl_case_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_TITLE,
  PROP_CLOSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* overrides */

static void
sl_case_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SlCaseItem *self = SL_CASE_ITEM (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_string (value, self->case_->number);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->case_->title);
      break;
    case PROP_CLOSED:
      g_value_set_boolean (value, self->case_->closed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_case_item_finalize (GObject *object)
{
  SlCaseItem *self = SL_CASE_ITEM (object);

  g_clear_pointer (&self->case_, sl_case_free);

  G_OBJECT_CLASS (sl_case_item_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_case_item_class_init (SlCaseItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_case_item_get_property;
  object_class->finalize = sl_case_item_finalize;

  properties[PROP_NUMBER] =
    g_param_spec_string ("number", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOSED] =
    g_param_spec_boolean ("closed", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_case_item_init (SlCaseItem *self)
{
}

/* public API */

SlCaseItem *
sl_case_item_new (SlCase *case_)
{
  SlCaseItem *self;

  g_return_val_if_fail (case_ != NULL, NULL);

  self = g_object_new (SL_TYPE_CASE_ITEM, NULL);
  self->case_ = case_;
  return self;
}

const SlCase *
sl_case_item_get_case (SlCaseItem *self)
{
  g_return_val_if_fail (SL_IS_CASE_ITEM (self), NULL);
  return self->case_;
}

const char *
sl_case_item_get_number (SlCaseItem *self)
{
  g_return_val_if_fail (SL_IS_CASE_ITEM (self), NULL);
  return self->case_->number;
}

const char *
sl_case_item_get_title (SlCaseItem *self)
{
  g_return_val_if_fail (SL_IS_CASE_ITEM (self), NULL);
  return self->case_->title;
}

gboolean
sl_case_item_is_closed (SlCaseItem *self)
{
  g_return_val_if_fail (SL_IS_CASE_ITEM (self), FALSE);
  return self->case_->closed;
}
