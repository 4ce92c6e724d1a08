/* sl-model-manifest.c: reads models/manifest and verifies model files.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-models"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vision/sl-model-manifest.h"
#include "vision/sl-vision-error.h"

struct _SlModelManifest
{
  gatomicrefcount  ref_count;
  char            *path;
  GPtrArray       *models;           /* SlModelInfo* */
  char            *default_detector;
  char            *default_embedder;
  double           align_template[10];
};

/* helpers */

static void
model_info_free (SlModelInfo *info)
{
  g_free (info->id);
  g_free (info->name);
  g_free (info->file);
  g_free (info->sha256);
  g_free (info->license);
  g_free (info->license_file);
  g_free (info->normalization);
  g_free (info->output);
  g_free (info->npm_package);
  g_free (info->npm_path);
  g_strfreev (info->urls);
  g_free (info->note);
  g_free (info);
}

static char *
get_required (GKeyFile    *kf,
              const char  *group,
              const char  *key,
              const char  *path,
              GError     **error)
{
  char *value = g_key_file_get_string (kf, group, key, NULL);

  if (value == NULL || *value == '\0')
    {
      g_autofree char *display = g_filename_display_name (path);
      g_free (value);
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_MANIFEST,
                   "Model manifest '%s': model '%s' has no '%s'", display, group, key);
      return NULL;
    }
  return value;
}

static gboolean
is_sha256_hex (const char *s)
{
  if (strlen (s) != 64)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isxdigit (*s) || g_ascii_isupper (*s))
      return FALSE;
  return TRUE;
}

static SlModelInfo *
parse_model (GKeyFile    *kf,
             const char  *group,
             const char  *path,
             GError     **error)
{
  g_autofree char *role = NULL;
  g_autofree char *color = NULL;
  g_autofree char *size = NULL;
  SlModelInfo *info = g_new0 (SlModelInfo, 1);
  g_autofree char *display = g_filename_display_name (path);

  info->id = g_strdup (group);
  if (!(role = get_required (kf, group, "role", path, error)) ||
      !(info->file = get_required (kf, group, "file", path, error)) ||
      !(info->sha256 = get_required (kf, group, "sha256", path, error)) ||
      !(size = get_required (kf, group, "size", path, error)) ||
      !(info->license = get_required (kf, group, "license", path, error)))
    goto fail;

  if (g_strcmp0 (role, "detector") == 0)
    info->role = SL_MODEL_ROLE_DETECTOR;
  else if (g_strcmp0 (role, "embedder") == 0)
    info->role = SL_MODEL_ROLE_EMBEDDER;
  else
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_MANIFEST,
                   "Model manifest '%s': model '%s' has an unknown role '%s'",
                   display, group, role);
      goto fail;
    }

  if (!is_sha256_hex (info->sha256) ||
      strchr (info->file, '/') != NULL ||
      !g_ascii_string_to_unsigned (size, 10, 1, G_MAXUINT64, &info->size, NULL))
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_MANIFEST,
                   "Model manifest '%s': model '%s' has a malformed file name, size or SHA-256",
                   display, group);
      goto fail;
    }

  info->name = g_key_file_get_string (kf, group, "name", NULL);
  if (info->name == NULL)
    info->name = g_strdup (group);
  info->license_file = g_key_file_get_string (kf, group, "license-file", NULL);
  info->input_width = g_key_file_get_integer (kf, group, "input-width", NULL);
  info->input_height = g_key_file_get_integer (kf, group, "input-height", NULL);
  color = g_key_file_get_string (kf, group, "color-order", NULL);
  info->rgb = g_strcmp0 (color, "RGB") == 0;
  info->mean = g_key_file_get_double (kf, group, "mean", NULL);
  info->scale = g_key_file_get_double (kf, group, "scale", NULL);
  if (info->scale == 0)
    info->scale = 1.0;
  info->normalization = g_key_file_get_string (kf, group, "normalization", NULL);
  info->output_size = g_key_file_get_integer (kf, group, "output-size", NULL);
  info->output = g_key_file_get_string (kf, group, "output", NULL);
  info->npm_package = g_key_file_get_string (kf, group, "npm-package", NULL);
  info->npm_path = g_key_file_get_string (kf, group, "npm-path", NULL);
  info->urls = g_key_file_get_string_list (kf, group, "urls", NULL, NULL);
  if (info->urls == NULL)
    info->urls = g_new0 (char *, 1);
  info->note = g_key_file_get_string (kf, group, "note", NULL);

  if (info->role == SL_MODEL_ROLE_EMBEDDER &&
      (info->input_width <= 0 || info->input_height <= 0 || info->output_size <= 0))
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_MANIFEST,
                   "Model manifest '%s': embedder '%s' needs input-width, input-height and output-size",
                   display, group);
      goto fail;
    }

  return info;

fail:
  model_info_free (info);
  return NULL;
}

/* public API */

SlModelManifest *
sl_model_manifest_load (const char  *path,
                        GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(SlModelManifest) self = NULL;
  g_auto(GStrv) groups = NULL;
  g_autofree double *tmpl = NULL;
  g_autofree char *display = NULL;
  gsize n_tmpl = 0;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "Cannot read model manifest '%s': ", display);
      return NULL;
    }

  self = g_new0 (SlModelManifest, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->path = g_strdup (path);
  self->models = g_ptr_array_new_with_free_func ((GDestroyNotify) model_info_free);
  self->default_detector = g_key_file_get_string (kf, "Manifest", "default-detector", NULL);
  self->default_embedder = g_key_file_get_string (kf, "Manifest", "default-embedder", NULL);

  tmpl = g_key_file_get_double_list (kf, "Manifest", "align-template", &n_tmpl, NULL);
  if (tmpl == NULL || n_tmpl != 10)
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_MANIFEST,
                   "Model manifest '%s': align-template must hold 5 x,y points", display);
      return NULL;
    }
  memcpy (self->align_template, tmpl, sizeof self->align_template);

  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      SlModelInfo *info;

      if (g_str_equal (groups[i], "Manifest"))
        continue;
      if (!(info = parse_model (kf, groups[i], path, error)))
        return NULL;
      g_ptr_array_add (self->models, info);
    }

  if (sl_model_manifest_get_default (self, SL_MODEL_ROLE_DETECTOR) == NULL ||
      sl_model_manifest_get_default (self, SL_MODEL_ROLE_EMBEDDER) == NULL)
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_MANIFEST,
                   "Model manifest '%s': the default detector or embedder is not listed", display);
      return NULL;
    }

  return g_steal_pointer (&self);
}

SlModelManifest *
sl_model_manifest_load_default (GError **error)
{
  const char *env = g_getenv ("SIGHTLINE_MANIFEST");
  g_autofree char *source = g_build_filename (SL_SOURCE_MODELS_DIR, "manifest", NULL);
  g_autofree char *installed = g_build_filename (SL_INSTALLED_MODELS_DIR, "manifest", NULL);

  if (env != NULL && *env != '\0')
    return sl_model_manifest_load (env, error);
  if (g_file_test (source, G_FILE_TEST_IS_REGULAR))
    return sl_model_manifest_load (source, error);
  return sl_model_manifest_load (installed, error);
}

const char *
sl_model_manifest_get_path (SlModelManifest *self)
{
  return self->path;
}

guint
sl_model_manifest_get_n_models (SlModelManifest *self)
{
  return self->models->len;
}

const SlModelInfo *
sl_model_manifest_get_model (SlModelManifest *self,
                             guint            index)
{
  g_return_val_if_fail (index < self->models->len, NULL);
  return g_ptr_array_index (self->models, index);
}

const SlModelInfo *
sl_model_manifest_lookup (SlModelManifest *self,
                          const char      *id)
{
  for (guint i = 0; i < self->models->len; i++)
    {
      const SlModelInfo *info = g_ptr_array_index (self->models, i);
      if (g_strcmp0 (info->id, id) == 0)
        return info;
    }
  return NULL;
}

const SlModelInfo *
sl_model_manifest_get_default (SlModelManifest *self,
                               SlModelRole      role)
{
  const char *id = role == SL_MODEL_ROLE_DETECTOR ? self->default_detector : self->default_embedder;
  const SlModelInfo *info = sl_model_manifest_lookup (self, id);

  return info != NULL && info->role == role ? info : NULL;
}

const double *
sl_model_manifest_get_align_template (SlModelManifest *self)
{
  return self->align_template;
}

SlModelManifest *
sl_model_manifest_ref (SlModelManifest *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sl_model_manifest_unref (SlModelManifest *self)
{
  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->path);
      g_ptr_array_unref (self->models);
      g_free (self->default_detector);
      g_free (self->default_embedder);
      g_free (self);
    }
}

const char *
sl_model_role_to_string (SlModelRole role)
{
  return role == SL_MODEL_ROLE_DETECTOR ? "detector" : "embedder";
}

char *
sl_model_dir_default (void)
{
  const char *env = g_getenv ("SIGHTLINE_MODEL_DIR");
  g_autofree char *source_manifest = g_build_filename (SL_SOURCE_MODELS_DIR, "manifest", NULL);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (g_file_test (source_manifest, G_FILE_TEST_IS_REGULAR))
    return g_strdup (SL_SOURCE_MODELS_DIR);
  return g_build_filename (g_get_user_data_dir (), "sightline", "models", NULL);
}

char *
sl_sha256_file (const char  *path,
                GError     **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buf = g_malloc (1 << 16);
  FILE *fp = g_fopen (path, "rb");
  size_t n;

  if (fp == NULL)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot read '%s': %s", display, g_strerror (saved));
      return NULL;
    }
  while ((n = fread (buf, 1, 1 << 16, fp)) > 0)
    g_checksum_update (sum, buf, n);
  if (ferror (fp))
    {
      g_autofree char *display = g_filename_display_name (path);
      fclose (fp);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "Cannot read '%s': read error", display);
      return NULL;
    }
  fclose (fp);
  return g_strdup (g_checksum_get_string (sum));
}

static gboolean
check_hash (const SlModelInfo *info,
            const char        *path,
            const char        *actual,
            GError           **error)
{
  if (g_strcmp0 (actual, info->sha256) != 0)
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_MODEL_HASH,
                   "Model file '%s' (%s) does not match its recorded SHA-256: expected %s, got %s; refusing to use it",
                   display, info->id, info->sha256, actual);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_model_verify_file (const SlModelInfo *info,
                      const char        *path,
                      GError           **error)
{
  g_autofree char *actual = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_MODEL,
                   "Model file '%s' (%s) is not installed; run 'sightline-cli models install'",
                   display, info->id);
      return FALSE;
    }
  if (!(actual = sl_sha256_file (path, error)))
    return FALSE;
  return check_hash (info, path, actual, error);
}

GBytes *
sl_model_read_verified (const SlModelInfo *info,
                        const char        *model_dir,
                        GError           **error)
{
  g_autofree char *path = g_build_filename (model_dir, info->file, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *actual = NULL;
  gsize len = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return sl_model_verify_file (info, path, error), NULL;

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  actual = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  if (!check_hash (info, path, actual, error))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}
