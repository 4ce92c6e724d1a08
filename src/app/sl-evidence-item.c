/* sl-evidence-item.c: an evidence file of the open case with its thumbnail
 * and analysis state, as the case page's grid shows it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-evidence-item"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-evidence-item.h"

struct _SlEvidenceItem
{
  GObject       parent_instance;
  SlEvidence   *evidence;
  GdkPaintable *thumbnail;
  int           n_faces;
  int           n_tracks;
  gboolean      busy;
  double        fraction;
  char         *status;
  char         *leads;
};

G_DEFINE_FINAL_TYPE (SlEvidenceItem, sl_evidence_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_THUMBNAIL,
  PROP_N_FACES,
  PROP_N_TRACKS,
  PROP_BUSY,
  PROP_FRACTION,
  PROP_STATUS,
  PROP_LEADS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* helpers */

static void
set_status (SlEvidenceItem *self,
            const char     *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/* overrides */

static void
sl_evidence_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SlEvidenceItem *self = SL_EVIDENCE_ITEM (object);

  switch (prop_id)
    {
    case PROP_THUMBNAIL:
      g_value_set_object (value, self->thumbnail);
      break;
    case PROP_N_FACES:
      g_value_set_int (value, self->n_faces);
      break;
    case PROP_N_TRACKS:
      g_value_set_int (value, self->n_tracks);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_LEADS:
      g_value_set_string (value, self->leads);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_evidence_item_dispose (GObject *object)
{
  SlEvidenceItem *self = SL_EVIDENCE_ITEM (object);

  g_clear_object (&self->thumbnail);

  G_OBJECT_CLASS (sl_evidence_item_parent_class)->dispose (object);
}

static void
sl_evidence_item_finalize (GObject *object)
{
  SlEvidenceItem *self = SL_EVIDENCE_ITEM (object);

  g_clear_pointer (&self->evidence, sl_evidence_free);
  g_free (self->status);
  g_free (self->leads);

  G_OBJECT_CLASS (sl_evidence_item_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_evidence_item_class_init (SlEvidenceItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_evidence_item_get_property;
  object_class->dispose = sl_evidence_item_dispose;
  object_class->finalize = sl_evidence_item_finalize;

  properties[PROP_THUMBNAIL] =
    g_param_spec_object ("thumbnail", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_FACES] =
    g_param_spec_int ("n-faces", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_TRACKS] =
    g_param_spec_int ("n-tracks", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEADS] =
    g_param_spec_string ("leads", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_evidence_item_init (SlEvidenceItem *self)
{
  self->n_faces = -1;
  self->n_tracks = -1;
}

/* public API */

SlEvidenceItem *
sl_evidence_item_new (SlEvidence *evidence)
{
  SlEvidenceItem *self;

  g_return_val_if_fail (evidence != NULL, NULL);

  self = g_object_new (SL_TYPE_EVIDENCE_ITEM, NULL);
  self->evidence = evidence;
  return self;
}

SlEvidence *
sl_evidence_item_get_evidence (SlEvidenceItem *self)
{
  g_return_val_if_fail (SL_IS_EVIDENCE_ITEM (self), NULL);
  return self->evidence;
}

gint64
sl_evidence_item_get_id (SlEvidenceItem *self)
{
  g_return_val_if_fail (SL_IS_EVIDENCE_ITEM (self), 0);
  return self->evidence->id;
}

GdkPaintable *
sl_evidence_item_get_thumbnail (SlEvidenceItem *self)
{
  g_return_val_if_fail (SL_IS_EVIDENCE_ITEM (self), NULL);
  return self->thumbnail;
}

void
sl_evidence_item_set_thumbnail (SlEvidenceItem *self,
                                GdkPaintable   *thumbnail)
{
  g_return_if_fail (SL_IS_EVIDENCE_ITEM (self));

  if (g_set_object (&self->thumbnail, thumbnail))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL]);
}

int
sl_evidence_item_get_n_faces (SlEvidenceItem *self)
{
  g_return_val_if_fail (SL_IS_EVIDENCE_ITEM (self), -1);
  return self->n_faces;
}

int
sl_evidence_item_get_n_tracks (SlEvidenceItem *self)
{
  g_return_val_if_fail (SL_IS_EVIDENCE_ITEM (self), -1);
  return self->n_tracks;
}

void
sl_evidence_item_set_result (SlEvidenceItem *self,
                             int             n_faces,
                             int             n_tracks,
                             gboolean        partial)
{
  g_autofree char *status = NULL;

  g_return_if_fail (SL_IS_EVIDENCE_ITEM (self));

  self->n_faces = n_faces;
  self->n_tracks = n_tracks;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FACES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TRACKS]);

  if (n_tracks >= 0)
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d track", "%d tracks", n_tracks), n_tracks);
  else if (n_faces == 0)
    status = g_strdup (_("No face found"));
  else
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d face", "%d faces", n_faces), n_faces);
  if (partial)
    {
      /* Translators: an analysis result of footage whose decoding stopped early */
      g_autofree char *with = g_strdup_printf (_("%s (partial)"), status);

      g_free (status);
      status = g_steal_pointer (&with);
    }
  set_status (self, status);
}

gboolean
sl_evidence_item_get_busy (SlEvidenceItem *self)
{
  g_return_val_if_fail (SL_IS_EVIDENCE_ITEM (self), FALSE);
  return self->busy;
}

void
sl_evidence_item_set_busy (SlEvidenceItem *self,
                           gboolean        busy)
{
  g_return_if_fail (SL_IS_EVIDENCE_ITEM (self));

  busy = !!busy;
  if (self->busy == busy)
    return;
  self->busy = busy;
  self->fraction = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  if (busy)
    set_status (self, _("Waiting to be analysed…"));
  else if (self->n_faces < 0 && self->n_tracks < 0)
    set_status (self, NULL);
}

double
sl_evidence_item_get_fraction (SlEvidenceItem *self)
{
  g_return_val_if_fail (SL_IS_EVIDENCE_ITEM (self), 0);
  return self->fraction;
}

void
sl_evidence_item_set_progress (SlEvidenceItem *self,
                               double          fraction,
                               const char     *status)
{
  g_return_if_fail (SL_IS_EVIDENCE_ITEM (self));

  self->fraction = CLAMP (fraction, 0.0, 1.0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  set_status (self, status);
}

const char *
sl_evidence_item_get_status (SlEvidenceItem *self)
{
  g_return_val_if_fail (SL_IS_EVIDENCE_ITEM (self), NULL);
  return self->status;
}

const char *
sl_evidence_item_get_leads (SlEvidenceItem *self)
{
  g_return_val_if_fail (SL_IS_EVIDENCE_ITEM (self), NULL);
  return self->leads;
}

void
sl_evidence_item_set_leads (SlEvidenceItem *self,
                            const char     *leads)
{
  g_return_if_fail (SL_IS_EVIDENCE_ITEM (self));

  if (g_strcmp0 (self->leads, leads) == 0)
    return;
  g_free (self->leads);
  self->leads = g_strdup (leads);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEADS]);
}
