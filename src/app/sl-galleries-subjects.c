/* sl-galleries-subjects.c: a gallery's subjects as a GListModel that knows
 * its length from the first read and fetches the rest in pages of
 * PAGE_SIZE as a view asks for them, so a gallery of a million subjects
 * opens as fast as one of ten.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-galleries-subjects"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-admin-item.h"
#include "app/sl-galleries-subjects.h"
#include "engine/sightline-engine.h"

#define PAGE_SIZE 100

struct _SlGalleriesSubjects
{
  GObject       parent_instance;
  SlAppContext *context;
  char         *gallery;
  guint         n_items;
  GHashTable   *pages;      /* page number -> GPtrArray of SlAdminItem */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlGalleriesSubjects, sl_galleries_subjects, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* helpers */

static GPtrArray *
read_page (SlGalleriesSubjects  *self,
           guint                 page,
           guint                *total,
           GError              **error)
{
  g_autoptr(GPtrArray) subjects = NULL;
  GPtrArray *items;

  subjects = sl_engine_gallery_subjects (sl_app_context_get_engine (self->context),
                                         sl_app_context_get_session (self->context),
                                         self->gallery, page * PAGE_SIZE, PAGE_SIZE, total, error);
  if (subjects == NULL)
    return NULL;
  items = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_set_free_func (subjects, NULL);
  for (guint i = 0; i < subjects->len; i++)
    g_ptr_array_add (items, sl_admin_item_new (g_ptr_array_index (subjects, i),
                                               (GDestroyNotify) sl_gallery_subject_free));
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  return items;
}

/* GListModel */

static GType
get_item_type (GListModel *model)
{
  return SL_TYPE_ADMIN_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return SL_GALLERIES_SUBJECTS (model)->n_items;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  SlGalleriesSubjects *self = SL_GALLERIES_SUBJECTS (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *items;

  if (position >= self->n_items)
    return NULL;
  if (!(items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page))))
    {
      g_autoptr(GError) error = NULL;

      if (!(items = read_page (self, page, NULL, &error)))
        {
          sl_app_context_error (self->context, _("Cannot read the subjects"), error);
          return NULL;
        }
    }
  /* Subjects enrolled since the first read can shift a page short. */
  if (position % PAGE_SIZE >= items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (items, position % PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* overrides */

static void
sl_galleries_subjects_finalize (GObject *object)
{
  SlGalleriesSubjects *self = SL_GALLERIES_SUBJECTS (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_object (&self->context);
  g_free (self->gallery);

  G_OBJECT_CLASS (sl_galleries_subjects_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_galleries_subjects_class_init (SlGalleriesSubjectsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_galleries_subjects_finalize;
}

static void
sl_galleries_subjects_init (SlGalleriesSubjects *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
}

/* public API */

SlGalleriesSubjects *
sl_galleries_subjects_new (SlAppContext  *context,
                           const char    *gallery,
                           GError       **error)
{
  g_autoptr(SlGalleriesSubjects) self = NULL;
  guint total = 0;

  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);
  g_return_val_if_fail (gallery != NULL, NULL);

  self = g_object_new (SL_TYPE_GALLERIES_SUBJECTS, NULL);
  self->context = g_object_ref (context);
  self->gallery = g_strdup (gallery);
  if (!read_page (self, 0, &total, error))
    return NULL;
  self->n_items = total;
  return g_steal_pointer (&self);
}

guint
sl_galleries_subjects_get_n_pages_read (SlGalleriesSubjects *self)
{
  g_return_val_if_fail (SL_IS_GALLERIES_SUBJECTS (self), 0);

  return g_hash_table_size (self->pages);
}
