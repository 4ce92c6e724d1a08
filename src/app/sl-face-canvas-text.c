/* sl-face-canvas-text.c: a face's quality and facts in words, for the
 * canvas' tooltips and the panels beside it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-face-canvas"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "app/sl-face-canvas.h"
#include "engine/sightline-engine.h"

/* public API */

const char *
sl_face_band_label (const char *band)
{
  if (g_strcmp0 (band, "good") == 0)
    return C_("quality", "Good");
  if (g_strcmp0 (band, "usable") == 0)
    return C_("quality", "Usable");
  return C_("quality", "Poor");
}

char *
sl_face_reasons_text (const SlProbeFace *face)
{
  static const struct { const char *name; const char *text; } reasons[] = {
    { "small_face",     N_("small face") },
    { "blurry",         N_("blurry") },
    { "extreme_pose",   N_("turned away") },
    { "too_dark",       N_("too dark") },
    { "too_bright",     N_("too bright") },
    { "low_confidence", N_("low detector confidence") },
  };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *array;

  g_return_val_if_fail (face != NULL, NULL);

  if (face->quality_json == NULL || !(node = json_from_string (face->quality_json, NULL)) ||
      !JSON_NODE_HOLDS_OBJECT (node) ||
      !json_object_has_member (json_node_get_object (node), "reasons") ||
      !(array = json_object_get_array_member (json_node_get_object (node), "reasons")))
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *name = json_array_get_string_element (array, i);
      const char *shown = name;

      for (guint k = 0; k < G_N_ELEMENTS (reasons); k++)
        if (g_strcmp0 (name, reasons[k].name) == 0)
          shown = _(reasons[k].text);
      if (shown == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, _(", "));
      g_string_append (text, shown);
    }
  return text->len > 0 ? g_strdup (text->str) : NULL;
}

char *
sl_face_describe (const SlProbeFace *face)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *reasons = NULL;

  g_return_val_if_fail (face != NULL, NULL);

  /* Translators: the quality band of a face: Good, Usable or Poor */
  g_string_append_printf (text, _("%s quality"), sl_face_band_label (face->quality_band));
  reasons = sl_face_reasons_text (face);
  g_string_append_c (text, '\n');
  if (reasons != NULL)
    g_string_append_printf (text, _("Why: %s"), reasons);
  else
    g_string_append (text, _("No quality concerns"));
  g_string_append_c (text, '\n');
  if (sl_probe_face_is_manual (face))
    g_string_append (text, _("Drawn by hand"));
  else
    g_string_append_printf (text, _("Detector score %.2f"), face->detector_score);
  g_string_append_c (text, '\n');
  /* Translators: the size of a face's box in the evidence, in pixels */
  g_string_append_printf (text, _("%.0f × %.0f pixels"), face->box[2], face->box[3]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}
