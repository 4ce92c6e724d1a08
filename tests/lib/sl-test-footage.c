/* sl-test-footage.c: renders scripted footage from real stills and writes it
 * with SlVideoWriter.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "sl-test-footage.h"

/* Noise comes from one tile at a new offset each frame: prime sides, so it
 * never lines up with itself. */
#define NOISE_TILE_W   509
#define NOISE_TILE_H   251

/* The part of a 250x250 LFW photo that is the face and a little around it. */
#define LFW_CROP_X     65
#define LFW_CROP_Y     62
#define LFW_CROP_SIDE  120

/* helpers */

static void
appearance_clear (gpointer data)
{
  SlTestAppearance *a = data;
  g_free (a->person);
}

static char *
photo_path (const char *images_dir,
            const char *person,
            int         photo)
{
  g_autofree char *file = g_strdup_printf ("%s_%04d.jpg", person, photo);
  return g_build_filename (images_dir, person, file, NULL);
}

/* A room of flat shapes: a wall, a floor, doors and furniture, different in
 * colour and layout for each scene. */
static SlImage *
make_background (guint width,
                 guint height,
                 guint seed,
                 guint scene)
{
  static const guint8 walls[][3] = {
    { 196, 182, 160 }, { 52, 62, 92 }, { 128, 150, 112 }, { 176, 118, 84 }, { 96, 96, 100 }, { 210, 208, 220 },
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed * 7919u + scene * 104729u + 1);
  const guint8 *wall = walls[(scene + seed) % G_N_ELEMENTS (walls)];
  SlImage *bg = sl_image_new_filled (width, height, wall[0], wall[1], wall[2]);
  guint floor_y = (guint) (height * g_rand_double_range (rand, 0.6, 0.8));
  g_autoptr(SlImage) floor_img = sl_image_new_filled (width, height - floor_y,
                                                      wall[0] / 2, wall[1] / 2, wall[2] / 3);

  sl_image_paste (bg, floor_img, 0, (int) floor_y);
  /* Clutter at every scale, so the picture has detail to encode. */
  for (int i = 0; i < 60; i++)
    {
      guint side = (guint) g_rand_int_range (rand, 4, (int) MAX (width / 24, 8));
      g_autoptr(SlImage) bit = sl_image_new_filled (side, (guint) g_rand_int_range (rand, 4, (int) side * 2 + 5),
                                                    (guint8) g_rand_int_range (rand, 0, 256),
                                                    (guint8) g_rand_int_range (rand, 0, 256),
                                                    (guint8) g_rand_int_range (rand, 0, 256));
      sl_image_paste (bg, bit, g_rand_int_range (rand, 0, (int) width), g_rand_int_range (rand, 0, (int) height));
    }
  for (int i = 0; i < 9; i++)
    {
      guint w = (guint) g_rand_int_range (rand, (int) width / 16, (int) width / 4);
      guint h = (guint) g_rand_int_range (rand, (int) height / 10, (int) height / 2);
      g_autoptr(SlImage) shape = sl_image_new_filled (w, h,
                                                      (guint8) g_rand_int_range (rand, 0, 256),
                                                      (guint8) g_rand_int_range (rand, 0, 256),
                                                      (guint8) g_rand_int_range (rand, 0, 256));
      sl_image_paste (bg, shape, g_rand_int_range (rand, 0, (int) width), g_rand_int_range (rand, 0, (int) height));
    }
  return bg;
}

static SlImage *
load_patch (GHashTable  *cache,
            const char  *images_dir,
            const char  *person,
            int          photo,
            GError     **error)
{
  g_autofree char *path = photo_path (images_dir, person, photo);
  g_autoptr(SlImage) image = NULL;
  SlImage *patch;

  if ((patch = g_hash_table_lookup (cache, path)) != NULL)
    return patch;
  if (!(image = sl_image_load (path, 0, error)))
    return NULL;
  patch = sl_image_crop (image, LFW_CROP_X, LFW_CROP_Y, LFW_CROP_SIDE, LFW_CROP_SIDE);
  g_hash_table_insert (cache, g_steal_pointer (&path), patch);
  return patch;
}

static int
cmp_int (gconstpointer a,
         gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

static double
lerp (double a,
      double b,
      double f)
{
  return a + (b - a) * f;
}

static void
add_noise (SlTestScript  *script,
           SlImage      **frame,
           double         t)
{
  guint w = sl_image_get_width (*frame), h = sl_image_get_height (*frame);
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) llround (t * 1000) + 17);
  guint ox = (guint) g_rand_int_range (rand, 0, NOISE_TILE_W), oy = (guint) g_rand_int_range (rand, 0, NOISE_TILE_H);
  g_autofree guint8 *pixels = g_malloc ((gsize) w * h * 3);
  const guint8 *src;
  gsize stride;

  if (script->noise_tile == NULL)
    {
      g_autoptr(GRand) tile_rand = g_rand_new_with_seed (script->seed);
      script->noise_tile = g_new (gint8, NOISE_TILE_W * NOISE_TILE_H * 3);
      for (guint i = 0; i < NOISE_TILE_W * NOISE_TILE_H * 3; i++)
        {
          /* Roughly Gaussian: the sum of four uniforms. */
          double u = 0;
          for (int k = 0; k < 4; k++)
            u += g_rand_double (tile_rand) - 0.5;
          script->noise_tile[i] = (gint8) CLAMP (lround (u * script->noise * 3.46), -127, 127);
        }
    }
  src = sl_image_get_pixels (*frame, &stride);
  for (guint y = 0; y < h; y++)
    {
      const guint8 *in = src + y * stride;
      guint8 *out = pixels + (gsize) y * w * 3;
      const gint8 *noise = script->noise_tile + (gsize) ((y + oy) % NOISE_TILE_H) * NOISE_TILE_W * 3;
      guint nx = ox;

      for (guint x = 0; x < w * 3; x++)
        {
          int v = in[x] + noise[nx];
          out[x] = (guint8) CLAMP (v, 0, 255);
          if (++nx == NOISE_TILE_W * 3)
            nx = 0;
        }
    }
  sl_image_free (*frame);
  *frame = sl_image_new_from_bgr (pixels, w, h, (gsize) w * 3);
}

/* public API */

SlTestScript *
sl_test_script_new (guint  width,
                    guint  height,
                    double fps,
                    double seconds,
                    guint  seed)
{
  SlTestScript *script = g_new0 (SlTestScript, 1);

  script->width = width;
  script->height = height;
  script->fps = fps;
  script->seconds = seconds;
  script->seed = seed;
  script->appearances = g_array_new (FALSE, TRUE, sizeof (SlTestAppearance));
  g_array_set_clear_func (script->appearances, appearance_clear);
  script->cuts = g_array_new (FALSE, FALSE, sizeof (double));
  script->blurs = g_array_new (FALSE, FALSE, sizeof (SlTestBlur));
  script->patches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) sl_image_free);
  script->background_scene = G_MAXUINT;
  return script;
}

void
sl_test_script_free (SlTestScript *script)
{
  if (script == NULL)
    return;
  g_array_unref (script->appearances);
  g_array_unref (script->cuts);
  g_array_unref (script->blurs);
  g_hash_table_unref (script->patches);
  g_clear_pointer (&script->background, sl_image_free);
  g_free (script->noise_tile);
  g_free (script);
}

void
sl_test_script_add (SlTestScript *script,
                    const char   *person,
                    int           photo,
                    double        t_in,
                    double        t_out,
                    double        x0,
                    double        y0,
                    double        x1,
                    double        y1,
                    double        size0,
                    double        size1)
{
  SlTestAppearance a = { g_strdup (person), photo, t_in, t_out, x0, y0, x1, y1, size0, size1 };
  g_array_append_val (script->appearances, a);
}

void
sl_test_script_add_cut (SlTestScript *script,
                        double        t)
{
  g_array_append_val (script->cuts, t);
}

void
sl_test_script_add_blur (SlTestScript *script,
                         double        t0,
                         double        t1,
                         double        sigma)
{
  SlTestBlur b = { t0, t1, sigma };
  g_array_append_val (script->blurs, b);
}

SlTestScript *
sl_test_script_new_random (guint        width,
                           guint        height,
                           double       fps,
                           double       seconds,
                           guint        seed,
                           const char  *images_dir,
                           GError     **error)
{
  g_autoptr(SlTestScript) script = sl_test_script_new (width, height, fps, seconds, seed);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  static const double lanes[] = { 0.2, 0.5, 0.8 };
  const char *name;

  if (!(dir = g_dir_open (images_dir, 0, error)))
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  if (names->len == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "No people in %s", images_dir);
      return NULL;
    }
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);

  for (guint lane = 0; lane < G_N_ELEMENTS (lanes); lane++)
    {
      double t = g_rand_double_range (rand, 0, 4);
      while (t + 3 < seconds)
        {
          const char *person = g_ptr_array_index (names, g_rand_int_range (rand, 0, (int) names->len));
          double t_out = MIN (t + g_rand_double_range (rand, 3, 12), seconds);
          int photo = sl_test_person_photo (images_dir, person, 0);

          if (photo > 0)
            sl_test_script_add (script, person, photo, t, t_out,
                           g_rand_double_range (rand, 0.15, 0.85), lanes[lane],
                           g_rand_double_range (rand, 0.15, 0.85), lanes[lane] + g_rand_double_range (rand, -0.03, 0.03),
                           g_rand_double_range (rand, 0.08, 0.2), g_rand_double_range (rand, 0.08, 0.2));
          t = t_out + g_rand_double_range (rand, 0.5, 6);
        }
    }
  for (double t = g_rand_double_range (rand, 30, 90); t < seconds; t += g_rand_double_range (rand, 30, 90))
    sl_test_script_add_cut (script, t);
  for (double t = g_rand_double_range (rand, 10, 40); t < seconds; t += g_rand_double_range (rand, 20, 60))
    sl_test_script_add_blur (script, t, t + 0.6, 2.5);
  return g_steal_pointer (&script);
}

int
sl_test_person_photo (const char *images_dir,
                      const char *person,
                      guint       nth)
{
  g_autofree char *dir_path = g_build_filename (images_dir, person, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (int));
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      int n = g_str_has_prefix (name, person) ? atoi (name + strlen (person) + 1) : 0;
      if (n > 0)
        g_array_append_val (numbers, n);
    }
  if (nth >= numbers->len)
    return 0;
  g_array_sort (numbers, cmp_int);
  return g_array_index (numbers, int, nth);
}

gboolean
sl_test_appearance_box (const SlTestScript     *script,
                        const SlTestAppearance *a,
                        double                  t,
                        float                  *box)
{
  double f, side, cx, cy;
  guint shorter = MIN (script->width, script->height);

  if (t < a->t_in || t > a->t_out)
    return FALSE;
  f = a->t_out > a->t_in ? (t - a->t_in) / (a->t_out - a->t_in) : 0;
  side = lerp (a->size0, a->size1, f) * shorter;
  cx = lerp (a->x0, a->x1, f) * script->width;
  cy = lerp (a->y0, a->y1, f) * script->height;
  box[0] = (float) floor (cx - side / 2);
  box[1] = (float) floor (cy - side / 2);
  box[2] = box[3] = (float) MAX (1, round (side));
  return TRUE;
}

guint
sl_test_script_scene_at (const SlTestScript *script,
                         double              t)
{
  guint scene = 0;

  for (guint i = 0; i < script->cuts->len; i++)
    if (t >= g_array_index (script->cuts, double, i))
      scene++;
  return scene;
}

SlImage *
sl_test_script_render (SlTestScript  *script,
                       const char    *images_dir,
                       double         t,
                       GError       **error)
{
  g_autoptr(SlImage) frame = NULL;
  guint scene = sl_test_script_scene_at (script, t);

  if (scene != script->background_scene)
    {
      g_clear_pointer (&script->background, sl_image_free);
      script->background = make_background (script->width, script->height, script->seed, scene);
      script->background_scene = scene;
    }
  frame = sl_image_copy (script->background);
  for (guint k = 0; k < script->appearances->len; k++)
    {
      const SlTestAppearance *a = &g_array_index (script->appearances, SlTestAppearance, k);
      SlImage *patch;
      g_autoptr(SlImage) sized = NULL;
      float box[4];

      if (!sl_test_appearance_box (script, a, t, box))
        continue;
      if (!(patch = load_patch (script->patches, images_dir, a->person, a->photo, error)))
        return NULL;
      sized = sl_image_resize (patch, (guint) box[2], (guint) box[3]);
      sl_image_paste (frame, sized, (int) box[0], (int) box[1]);
    }
  for (guint k = 0; k < script->blurs->len; k++)
    {
      const SlTestBlur *b = &g_array_index (script->blurs, SlTestBlur, k);
      if (t >= b->t0 && t < b->t1)
        {
          SlImage *blurred = sl_image_blur (frame, b->sigma);
          g_clear_pointer (&frame, sl_image_free);
          frame = blurred;
        }
    }
  if (script->noise > 0)
    add_noise (script, &frame, t);
  return g_steal_pointer (&frame);
}

gboolean
sl_test_script_write (SlTestScript        *script,
                      const char          *images_dir,
                      const char          *path,
                      SlVideoCodec         codec,
                      SlTestProgressFunc   progress,
                      gpointer             user_data,
                      GError             **error)
{
  g_autoptr(SlVideoWriter) writer = NULL;
  gboolean sideways = script->quarter_turns % 2 != 0;
  gint64 n_frames = (gint64) llround (script->seconds * script->fps);

  if (!(writer = sl_video_writer_new (path, codec, script->fps,
                                      sideways ? script->height : script->width,
                                      sideways ? script->width : script->height, error)))
    return FALSE;

  for (gint64 i = 0; i < n_frames; i++)
    {
      g_autoptr(SlImage) frame = sl_test_script_render (script, images_dir, i / script->fps, error);

      if (frame == NULL)
        return FALSE;
      if (script->quarter_turns != 0)
        {
          SlImage *turned = sl_image_rotate (frame, -script->quarter_turns);
          g_clear_pointer (&frame, sl_image_free);
          frame = turned;
        }
      if (!sl_video_writer_add_frame (writer, frame, error))
        return FALSE;
      if (progress != NULL && (i % 250 == 0 || i + 1 == n_frames))
        progress (i + 1, n_frames, user_data);
    }
  return sl_video_writer_close (writer, error);
}
