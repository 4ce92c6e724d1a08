/* sl-candidate-item.c: one candidate of a search as the lists show it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-candidate-item"

#include "config.h"

#include <inttypes.h>

#include <math.h>

#include <glib/gi18n.h>

#include "app/sl-candidate-item.h"
#include "app/sl-format.h"
#include "engine/sightline-engine.h"

struct _SlCandidateItem
{
  GObject         parent_instance;

  gint64          id;
  guint           rank;
  gint64          probe_face_id;
  gint64          gallery_face_id;
  char           *external_id;
  char           *name;
  char           *case_number;
  char           *gallery;
  char           *searched_by;
  char           *searched_at;
  double          similarity;
  double          false_match_rate;
  gboolean        beyond_range;
  double          expected_false;
  gboolean        above_threshold;
  char           *describe;
  SlReviewStatus  status;
  SlDecision     *first;
  SlDecision     *second;

  GdkTexture     *thumbnail;
  guint           thumbnail_source;
  SlAppContext   *thumbnail_context;
  gboolean        thumbnail_tried;
};

G_DEFINE_FINAL_TYPE (SlCandidateItem, sl_candidate_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_THUMBNAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* helpers */

static SlDecision *
decision_copy (const SlDecision *d)
{
  SlDecision *copy;

  if (d == NULL)
    return NULL;
  copy = g_new0 (SlDecision, 1);
  *copy = *d;
  copy->reviewer = g_strdup (d->reviewer);
  copy->rationale = g_strdup (d->rationale);
  copy->decided_at = g_strdup (d->decided_at);
  /* The corrections are never changed once read: shared. */
  copy->corrections = d->corrections != NULL ? g_ptr_array_ref (d->corrections) : NULL;
  return copy;
}

/* A corrected decision shows with every correction, the newest last. */
static void
append_corrections (GString          *text,
                    const SlDecision *d)
{
  for (guint i = 0; d->corrections != NULL && i < d->corrections->len; i++)
    {
      const SlDecisionCorrection *x = g_ptr_array_index (d->corrections, i);
      g_autofree char *at = sl_format_time (x->corrected_at);

      g_string_append_c (text, '\n');
      /* TRANSLATORS: decision, who, when, reason */
      g_string_append_printf (text, _("  Corrected to %s by %s at %s: “%s”"), sl_decision_kind_describe (x->decision),
                              x->corrected_by, at, x->reason);
    }
}

/* callbacks */

static gboolean
load_thumbnail (gpointer user_data)
{
  SlCandidateItem *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  SlSession *session = sl_app_context_get_session (self->thumbnail_context);

  self->thumbnail_source = 0;
  if (session == NULL)
    return G_SOURCE_REMOVE;
  jpeg = sl_engine_gallery_face_thumbnail (sl_app_context_get_engine (self->thumbnail_context), session,
                                           self->gallery_face_id, &error);
  if (jpeg != NULL)
    self->thumbnail = gdk_texture_new_from_bytes (jpeg, &error);
  if (self->thumbnail == NULL)
    g_debug ("No thumbnail for gallery face %" PRId64 ": %s", self->gallery_face_id, error->message);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL]);
  return G_SOURCE_REMOVE;
}

/* overrides */

static void
sl_candidate_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SlCandidateItem *self = SL_CANDIDATE_ITEM (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case PROP_THUMBNAIL:
      g_value_set_object (value, self->thumbnail);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_candidate_item_dispose (GObject *object)
{
  SlCandidateItem *self = SL_CANDIDATE_ITEM (object);

  g_clear_handle_id (&self->thumbnail_source, g_source_remove);
  g_clear_object (&self->thumbnail);
  g_clear_object (&self->thumbnail_context);

  G_OBJECT_CLASS (sl_candidate_item_parent_class)->dispose (object);
}

static void
sl_candidate_item_finalize (GObject *object)
{
  SlCandidateItem *self = SL_CANDIDATE_ITEM (object);

  g_free (self->external_id);
  g_free (self->name);
  g_free (self->case_number);
  g_free (self->gallery);
  g_free (self->searched_by);
  g_free (self->searched_at);
  g_free (self->describe);
  g_clear_pointer (&self->first, sl_decision_free);
  g_clear_pointer (&self->second, sl_decision_free);

  G_OBJECT_CLASS (sl_candidate_item_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_candidate_item_class_init (SlCandidateItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_candidate_item_get_property;
  object_class->dispose = sl_candidate_item_dispose;
  object_class->finalize = sl_candidate_item_finalize;

  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, SL_REVIEW_UNDECIDED, SL_REVIEW_DISAGREEMENT, SL_REVIEW_UNDECIDED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_THUMBNAIL] =
    g_param_spec_object ("thumbnail", NULL, NULL, GDK_TYPE_TEXTURE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_candidate_item_init (SlCandidateItem *self)
{
}

/* public API */

SlCandidateItem *
sl_candidate_item_new_from_search (const SlSearchCandidate *k,
                                   gint64                   probe_face_id,
                                   const char              *case_number)
{
  SlCandidateItem *self;

  g_return_val_if_fail (k != NULL, NULL);

  self = g_object_new (SL_TYPE_CANDIDATE_ITEM, NULL);
  self->id = k->candidate_id;
  self->rank = k->rank;
  self->probe_face_id = probe_face_id;
  self->gallery_face_id = k->gallery_face_id;
  self->external_id = g_strdup (k->external_id);
  self->name = g_strdup (k->name);
  self->case_number = g_strdup (case_number);
  self->similarity = k->similarity;
  self->false_match_rate = k->false_match_rate;
  self->beyond_range = k->beyond_range;
  self->expected_false = k->expected_false;
  self->above_threshold = k->above_threshold;
  self->describe = g_strdup (k->describe);
  self->status = SL_REVIEW_UNDECIDED;
  return self;
}

SlCandidateItem *
sl_candidate_item_new_from_candidate (const SlCandidate *k)
{
  SlCandidateItem *self;

  g_return_val_if_fail (k != NULL, NULL);

  self = g_object_new (SL_TYPE_CANDIDATE_ITEM, NULL);
  self->id = k->id;
  self->rank = k->rank;
  self->probe_face_id = k->face_id;
  self->gallery_face_id = k->gallery_face_id;
  self->external_id = g_strdup (k->subject_external_id);
  self->name = g_strdup (k->subject_name);
  self->case_number = g_strdup (k->case_number);
  self->gallery = g_strdup (k->gallery_name);
  self->searched_by = g_strdup (k->searched_by);
  self->searched_at = g_strdup (k->searched_at);
  self->similarity = k->similarity;
  self->false_match_rate = k->false_match_rate;
  self->beyond_range = k->beyond_range;
  self->expected_false = k->expected_false;
  self->above_threshold = k->above_threshold;
  self->status = k->status;
  self->first = decision_copy (k->first);
  self->second = decision_copy (k->second);
  return self;
}

gint64
sl_candidate_item_get_id (SlCandidateItem *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE_ITEM (self), 0);
  return self->id;
}

guint
sl_candidate_item_get_rank (SlCandidateItem *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE_ITEM (self), 0);
  return self->rank;
}

gint64
sl_candidate_item_get_probe_face_id (SlCandidateItem *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE_ITEM (self), 0);
  return self->probe_face_id;
}

gint64
sl_candidate_item_get_gallery_face_id (SlCandidateItem *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE_ITEM (self), 0);
  return self->gallery_face_id;
}

const char *
sl_candidate_item_get_case_number (SlCandidateItem *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE_ITEM (self), NULL);
  return self->case_number;
}

gboolean
sl_candidate_item_get_above_threshold (SlCandidateItem *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE_ITEM (self), FALSE);
  return self->above_threshold;
}

SlReviewStatus
sl_candidate_item_get_status (SlCandidateItem *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE_ITEM (self), SL_REVIEW_UNDECIDED);
  return self->status;
}

void
sl_candidate_item_set_status (SlCandidateItem *self,
                              SlReviewStatus   status)
{
  g_return_if_fail (SL_IS_CANDIDATE_ITEM (self));

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

char *
sl_candidate_item_dup_subject_text (SlCandidateItem *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE_ITEM (self), NULL);

  if (self->name == NULL || *self->name == '\0')
    return g_strdup (self->external_id);
  /* TRANSLATORS: a gallery subject: external id (booking number) and name */
  return g_strdup_printf (_("%s · %s"), self->external_id, self->name);
}

char *
sl_candidate_item_dup_similarity_text (SlCandidateItem *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE_ITEM (self), NULL);
  return g_strdup_printf ("%.2f", self->similarity);
}

char *
sl_candidate_item_dup_rate_text (SlCandidateItem *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE_ITEM (self), NULL);
  return sl_rate_in_words (self->false_match_rate, self->beyond_range, SL_RATE_WORDS_SHARE);
}

char *
sl_candidate_item_dup_rate_sentence (SlCandidateItem *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE_ITEM (self), NULL);

  if (self->describe != NULL)
    return g_strdup (self->describe);
  return sl_rate_in_words (self->false_match_rate, self->beyond_range, SL_RATE_WORDS_SHARE);
}

char *
sl_candidate_item_dup_expected_text (SlCandidateItem *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE_ITEM (self), NULL);

  /* One way for every rate: "1 in N", never "under 0.01" or 5.6e-05. */
  return sl_format_expected_false (self->expected_false);
}

const char *
sl_candidate_item_get_threshold_text (SlCandidateItem *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE_ITEM (self), NULL);
  return self->above_threshold ? _("Above") : _("Below");
}

const char *
sl_candidate_item_get_status_text (SlCandidateItem *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE_ITEM (self), NULL);
  return sl_review_status_describe (self->status);
}

char *
sl_candidate_item_dup_origin_text (SlCandidateItem *self)
{
  g_autofree char *when = NULL;

  g_return_val_if_fail (SL_IS_CANDIDATE_ITEM (self), NULL);

  when = sl_format_time (self->searched_at);

  /* TRANSLATORS: case number, gallery, who searched, when */
  return g_strdup_printf (_("Case %s · gallery %s · searched by %s at %s"),
                          self->case_number ? self->case_number : "?", self->gallery ? self->gallery : "?",
                          self->searched_by ? self->searched_by : "?", when ? when : "?");
}

char *
sl_candidate_item_dup_decisions_text (SlCandidateItem *self)
{
  g_autoptr(GString) text = NULL;
  g_autofree char *first_at = NULL;

  g_return_val_if_fail (SL_IS_CANDIDATE_ITEM (self), NULL);

  if (self->first == NULL)
    return NULL;
  text = g_string_new (NULL);
  first_at = sl_format_time (self->first->decided_at);
  /* TRANSLATORS: decision, who, when, rationale */
  g_string_append_printf (text, _("First: %s by %s at %s: “%s”"), sl_decision_kind_describe (self->first->original),
                          self->first->reviewer, first_at, self->first->rationale);
  append_corrections (text, self->first);
  if (self->second != NULL)
    {
      g_autofree char *second_at = sl_format_time (self->second->decided_at);

      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Second: %s by %s at %s: “%s”"),
                              sl_decision_kind_describe (self->second->original),
                              self->second->reviewer, second_at, self->second->rationale);
      append_corrections (text, self->second);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
sl_candidate_item_decided_by (SlCandidateItem *self,
                              gint64           user_id)
{
  g_return_val_if_fail (SL_IS_CANDIDATE_ITEM (self), FALSE);

  return (self->first != NULL && self->first->reviewer_id == user_id) ||
         (self->second != NULL && self->second->reviewer_id == user_id);
}

GdkPaintable *
sl_candidate_item_get_thumbnail (SlCandidateItem *self,
                                 SlAppContext    *context)
{
  g_return_val_if_fail (SL_IS_CANDIDATE_ITEM (self), NULL);

  if (self->thumbnail == NULL && !self->thumbnail_tried && context != NULL)
    {
      /* Read when a row first shows it, not for the whole list at once. */
      self->thumbnail_tried = TRUE;
      g_set_object (&self->thumbnail_context, context);
      self->thumbnail_source = g_idle_add_full (G_PRIORITY_LOW, load_thumbnail, self, NULL);
    }
  return GDK_PAINTABLE (self->thumbnail);
}

const char *
sl_review_status_describe (SlReviewStatus status)
{
  switch (status)
    {
    case SL_REVIEW_UNDECIDED:
      return _("Not decided");
    case SL_REVIEW_AWAITING_SECOND:
      return _("Awaiting second review");
    case SL_REVIEW_CONFIRMED_LEAD:
      return _("Confirmed lead");
    case SL_REVIEW_AGREED_EXCLUDED:
      return _("Excluded");
    case SL_REVIEW_AGREED_INCONCLUSIVE:
      return _("Inconclusive");
    case SL_REVIEW_DISAGREEMENT:
      return _("Reviewers disagree");
    default:
      g_return_val_if_reached (_("Not decided"));
    }
}
