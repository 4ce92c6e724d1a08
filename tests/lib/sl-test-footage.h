/* sl-test-footage.h: writes real footage from real stills, to a script:
 * people (LFW photos, read from ../shared, never copied) appear at known
 * times, move and change size over scenes with hard cuts between them, and
 * some stretches are blurred. The script is the ground truth the footage
 * tests and the footage benchmark check against.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "vision/sl-video.h"
#include "sl-test-util.h"

G_BEGIN_DECLS

typedef struct
{
  char   *person;      /* LFW name: images/<person>/<person>_NNNN.jpg */
  int     photo;       /* the NNNN of the photo shown */
  double  t_in;        /* seconds: the face is in view from t_in ... */
  double  t_out;       /* ... to t_out, wholly inside the frame */
  double  x0, y0;      /* centre of the face at t_in, fractions of the frame */
  double  x1, y1;      /* and at t_out; it moves in a straight line */
  double  size0;       /* side of the face patch at t_in, fraction of the */
  double  size1;       /* frame's shorter side; and at t_out */
} SlTestAppearance;

typedef struct
{
  double t0, t1;       /* seconds */
  double sigma;        /* Gaussian blur, in pixels */
} SlTestBlur;

typedef struct
{
  guint      width;
  guint      height;
  double     fps;
  double     seconds;
  guint      seed;         /* the look of the scenes */
  GArray    *appearances;  /* SlTestAppearance */
  GArray    *cuts;         /* double: a new scene starts at each time */
  GArray    *blurs;        /* SlTestBlur */
  int        quarter_turns;/* stored frames are the picture turned this many
                            * quarter turns anticlockwise (a phone's sensor
                            * orientation); see sl_test_remux_rotated */
  double     noise;        /* sensor noise, grey levels (0: none) */
  /* what rendering keeps between frames */
  GHashTable *patches;     /* photo path -> SlImage face patch */
  SlImage    *background;
  guint       background_scene;
  gint8      *noise_tile;
} SlTestScript;

SlTestScript *sl_test_script_new        (guint  width,
                                         guint  height,
                                         double fps,
                                         double seconds,
                                         guint  seed);
void          sl_test_script_free       (SlTestScript        *script);
void          sl_test_script_add        (SlTestScript *script,
                                         const char   *person,
                                         int           photo,
                                         double        t_in,
                                         double        t_out,
                                         double        x0,
                                         double        y0,
                                         double        x1,
                                         double        y1,
                                         double        size0,
                                         double        size1);
void          sl_test_script_add_cut    (SlTestScript *script,
                                         double        t);
void          sl_test_script_add_blur   (SlTestScript *script,
                                         double        t0,
                                         double        t1,
                                         double        sigma);
/* A random script for a long benchmark clip: up to three people at once in
 * lanes, each in view for 3 to 12 s, a cut every 30 to 90 s, now and then a
 * blurred second; people from the LFW folder `images_dir`. */
SlTestScript *sl_test_script_new_random (guint        width,
                                         guint        height,
                                         double       fps,
                                         double       seconds,
                                         guint        seed,
                                         const char  *images_dir,
                                         GError     **error);

/* The number of the `nth` (0, 1, ...) photo of `person`, in order; 0 when
 * there is none. */
int           sl_test_person_photo      (const char *images_dir,
                                         const char *person,
                                         guint       nth);

/* Whether appearance `a` is in view at `t`, and the patch it fills (x, y, w, h). */
gboolean      sl_test_appearance_box    (const SlTestScript     *script,
                                         const SlTestAppearance *a,
                                         double                  t,
                                         float                  *box);
/* The scene (0, 1, ...) at `t`. */
guint         sl_test_script_scene_at   (const SlTestScript *script,
                                         double              t);

/* The picture at `t`, upright (before any quarter turns). */
SlImage      *sl_test_script_render     (SlTestScript  *script,
                                         const char    *images_dir,
                                         double         t,
                                         GError       **error);

typedef void (*SlTestProgressFunc) (gint64   frame,
                                    gint64   total,
                                    gpointer user_data);

/* Renders and writes the clip. */
gboolean      sl_test_script_write      (SlTestScript        *script,
                                         const char          *images_dir,
                                         const char          *path,
                                         SlVideoCodec         codec,
                                         SlTestProgressFunc   progress,
                                         gpointer             user_data,
                                         GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlTestScript, sl_test_script_free)

G_END_DECLS
