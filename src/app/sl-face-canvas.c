/* sl-face-canvas.c: a picture of evidence with its faces outlined in the
 * colour of their quality band. It sits in a GtkScrolledWindow: while
 * fitting it takes the window's size, zoomed it asks for the picture's
 * size and the window scrolls; a drag pans (or draws a face's box), Ctrl
 * and the wheel zoom about the pointer.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-face-canvas"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "app/sl-face-canvas-private.h"

/* A drag shorter than this is a click. */
#define CLICK_SLOP 4.0
/* The largest side the zoomed canvas takes. */
#define MAX_CANVAS_PX 32000.0

G_DEFINE_FINAL_TYPE (SlFaceCanvas, sl_face_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ZOOM,
  PROP_FIT,
  PROP_DRAWING,
  PROP_SELECTED,
  N_PROPS
};

enum {
  BOX_DRAWN,
  FACE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* helpers */

static GtkScrolledWindow *
get_scroller (SlFaceCanvas *self)
{
  return (GtkScrolledWindow *) gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
}

/* While fitting, the scrolled window says the size: the canvas may still
 * have the size of the last zoom until it is allocated again. */
double
sl_face_canvas_get_layout (SlFaceCanvas *self,
                           double       *ox,
                           double       *oy)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double s;

  if (self->full_width == 0 || self->full_height == 0)
    {
      *ox = *oy = 0;
      return 1;
    }
  if (self->fit)
    {
      GtkScrolledWindow *scroller = get_scroller (self);

      /* the window's size, not ours: we may still carry a zoomed size */
      if (scroller != NULL)
        {
          w = MIN (w, gtk_widget_get_width (GTK_WIDGET (scroller)));
          h = MIN (h, gtk_widget_get_height (GTK_WIDGET (scroller)));
        }
      s = MIN (w / self->full_width, h / self->full_height);
      s = CLAMP (s, SL_FACE_CANVAS_MIN_ZOOM, SL_FACE_CANVAS_MAX_ZOOM);
    }
  else
    s = self->zoom;
  *ox = MAX (0, (gtk_widget_get_width (GTK_WIDGET (self)) - self->full_width * s) / 2);
  *oy = MAX (0, (gtk_widget_get_height (GTK_WIDGET (self)) - self->full_height * s) / 2);
  return s;
}

static int
face_at (SlFaceCanvas *self,
         double        x,
         double        y)
{
  int best = -1;
  double best_area = G_MAXDOUBLE;

  if (self->faces == NULL)
    return -1;
  /* the smallest box under the pointer: a face inside another's box */
  for (guint i = 0; i < self->faces->len; i++)
    {
      graphene_rect_t r;
      graphene_point_t p = GRAPHENE_POINT_INIT (x, y);

      if (sl_face_canvas_get_face_area (self, i, &r) && graphene_rect_contains_point (&r, &p) &&
          r.size.width * r.size.height < best_area)
        {
          best = (int) i;
          best_area = r.size.width * r.size.height;
        }
    }
  return best;
}

static void
set_drag_scroll (SlFaceCanvas *self)
{
  GtkScrolledWindow *scroller = get_scroller (self);

  if (scroller == NULL)
    return;
  gtk_adjustment_set_value (gtk_scrolled_window_get_hadjustment (scroller), self->drag_h - self->drag_dx);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), self->drag_v - self->drag_dy);
}

/* Zooms keeping the image point under (vx, vy) of the scrolled window. */
static void
zoom_about (SlFaceCanvas *self,
            double        zoom,
            double        vx,
            double        vy)
{
  GtkScrolledWindow *scroller = get_scroller (self);
  double ox, oy, s = sl_face_canvas_get_layout (self, &ox, &oy);

  zoom = CLAMP (zoom, SL_FACE_CANVAS_MIN_ZOOM, SL_FACE_CANVAS_MAX_ZOOM);
  /* widgets and textures stay within what renderers take */
  if (self->full_width > 0)
    zoom = MIN (zoom, MAX_CANVAS_PX / MAX (self->full_width, self->full_height));
  if (scroller != NULL && self->full_width > 0)
    {
      double h = gtk_adjustment_get_value (gtk_scrolled_window_get_hadjustment (scroller));
      double v = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (scroller));

      self->anchor_ix = (vx + h - ox) / s;
      self->anchor_iy = (vy + v - oy) / s;
      self->anchor_vx = vx;
      self->anchor_vy = vy;
      self->anchored = TRUE;
    }
  self->zoom = zoom;
  if (self->fit)
    {
      self->fit = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* callbacks */

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               SlFaceCanvas   *self)
{
  GtkScrolledWindow *scroller = get_scroller (self);

  self->dragging = TRUE;
  self->drag_x = x;
  self->drag_y = y;
  self->drag_dx = self->drag_dy = 0;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (scroller != NULL)
    {
      gtk_widget_translate_coordinates (GTK_WIDGET (self), GTK_WIDGET (scroller), x, y,
                                        &self->drag_sx, &self->drag_sy);
      self->drag_h = gtk_adjustment_get_value (gtk_scrolled_window_get_hadjustment (scroller));
      self->drag_v = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (scroller));
    }
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                SlFaceCanvas   *self)
{
  GtkScrolledWindow *scroller = get_scroller (self);

  if (self->drawing || scroller == NULL)
    {
      self->drag_dx = dx;
      self->drag_dy = dy;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  /* Measured in the scrolled window, which does not move as we scroll. */
  {
    double sx, sy;

    gtk_widget_translate_coordinates (GTK_WIDGET (self), GTK_WIDGET (scroller),
                                      self->drag_x + dx, self->drag_y + dy, &sx, &sy);
    self->drag_dx = sx - self->drag_sx;
    self->drag_dy = sy - self->drag_sy;
    set_drag_scroll (self);
  }
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             SlFaceCanvas   *self)
{
  gboolean click = fabs (dx) < CLICK_SLOP && fabs (dy) < CLICK_SLOP;

  self->dragging = FALSE;
  if (click)
    sl_face_canvas_pick_at (self, self->drag_x, self->drag_y);
  else if (self->drawing)
    sl_face_canvas_finish_box (self, self->drag_x, self->drag_y, self->drag_x + dx, self->drag_y + dy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            SlFaceCanvas    *self)
{
  int index;

  if (n_press != 2 || (index = face_at (self, x, y)) < 0)
    return;
  sl_face_canvas_set_selected (self, ((SlProbeFace *) g_ptr_array_index (self->faces, index))->id);
  g_signal_emit (self, signals[FACE_ACTIVATED], 0, self->selected);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           SlFaceCanvas             *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  GtkScrolledWindow *scroller = get_scroller (self);
  double ox, oy, s, px = 0, py = 0, vx = 0, vy = 0;
  GdkEvent *event;

  if (!(state & GDK_CONTROL_MASK) || dy == 0)
    return FALSE;
  s = sl_face_canvas_get_layout (self, &ox, &oy);
  event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  if (event != NULL && gdk_event_get_position (event, &px, &py) && scroller != NULL)
    {
      GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
      double nx, ny;

      gtk_native_get_surface_transform (native, &nx, &ny);
      gtk_widget_translate_coordinates (GTK_WIDGET (native), GTK_WIDGET (scroller), px - nx, py - ny,
                                        &vx, &vy);
    }
  zoom_about (self, s * pow (1.15, -dy), vx, vy);
  return TRUE;
}

static gboolean
on_query_tooltip (GtkWidget    *widget,
                  int           x,
                  int           y,
                  gboolean      keyboard,
                  GtkTooltip   *tooltip,
                  SlFaceCanvas *self)
{
  g_autofree char *text = sl_face_canvas_tooltip_at (self, x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static gboolean
notify_fit_zoom (gpointer data)
{
  SlFaceCanvas *self = data;
  double ox, oy, zoom = sl_face_canvas_get_layout (self, &ox, &oy);

  self->notify_source = 0;
  if (self->fit && zoom != self->fit_zoom_told)
    {
      self->fit_zoom_told = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  return G_SOURCE_REMOVE;
}

/* overrides */

static void
sl_face_canvas_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  SlFaceCanvas *self = SL_FACE_CANVAS (widget);
  guint full = orientation == GTK_ORIENTATION_HORIZONTAL ? self->full_width : self->full_height;

  if (self->fit || full == 0)
    {
      *minimum = 0;
      *natural = MIN ((int) full, 640);
    }
  else
    *minimum = *natural = (int) ceil (full * self->zoom);
}

static void
sl_face_canvas_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  SlFaceCanvas *self = SL_FACE_CANVAS (widget);
  GtkScrolledWindow *scroller;

  if (self->anchored && (scroller = get_scroller (self)) != NULL)
    {
      double ox, oy, s = sl_face_canvas_get_layout (self, &ox, &oy);

      self->anchored = FALSE;
      gtk_adjustment_set_value (gtk_scrolled_window_get_hadjustment (scroller),
                                self->anchor_ix * s + ox - self->anchor_vx);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller),
                                self->anchor_iy * s + oy - self->anchor_vy);
    }
  /* Told after the allocation: those who show the scale would otherwise
   * resize widgets while GTK lays them out. */
  if (self->fit && self->notify_source == 0)
    self->notify_source = g_idle_add (notify_fit_zoom, self);
}

static void
sl_face_canvas_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  sl_face_canvas_draw (SL_FACE_CANVAS (widget), snapshot);
}

static void
sl_face_canvas_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SlFaceCanvas *self = SL_FACE_CANVAS (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, sl_face_canvas_get_zoom (self));
      break;
    case PROP_FIT:
      g_value_set_boolean (value, self->fit);
      break;
    case PROP_DRAWING:
      g_value_set_boolean (value, self->drawing);
      break;
    case PROP_SELECTED:
      g_value_set_int64 (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_face_canvas_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SlFaceCanvas *self = SL_FACE_CANVAS (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      sl_face_canvas_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_FIT:
      sl_face_canvas_set_fit (self, g_value_get_boolean (value));
      break;
    case PROP_DRAWING:
      sl_face_canvas_set_drawing (self, g_value_get_boolean (value));
      break;
    case PROP_SELECTED:
      sl_face_canvas_set_selected (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_face_canvas_dispose (GObject *object)
{
  SlFaceCanvas *self = SL_FACE_CANVAS (object);

  g_clear_handle_id (&self->notify_source, g_source_remove);
  g_clear_object (&self->picture);
  g_clear_pointer (&self->faces, g_ptr_array_unref);

  G_OBJECT_CLASS (sl_face_canvas_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_face_canvas_class_init (SlFaceCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sl_face_canvas_get_property;
  object_class->set_property = sl_face_canvas_set_property;
  object_class->dispose = sl_face_canvas_dispose;
  widget_class->measure = sl_face_canvas_measure;
  widget_class->size_allocate = sl_face_canvas_size_allocate;
  widget_class->snapshot = sl_face_canvas_snapshot;

  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, SL_FACE_CANVAS_MIN_ZOOM, SL_FACE_CANVAS_MAX_ZOOM, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIT] =
    g_param_spec_boolean ("fit", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAWING] =
    g_param_spec_boolean ("drawing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_int64 ("selected", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* x, y, width, height in image pixels */
  signals[BOX_DRAWN] =
    g_signal_new ("box-drawn", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[FACE_ACTIVATED] =
    g_signal_new ("face-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "sl-face-canvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sl_face_canvas_init (SlFaceCanvas *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

  self->zoom = 1;
  self->fit = TRUE;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), self);

  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
}

/* public API */

GtkWidget *
sl_face_canvas_new (void)
{
  return g_object_new (SL_TYPE_FACE_CANVAS, NULL);
}

void
sl_face_canvas_set_picture (SlFaceCanvas *self,
                            GdkPaintable *picture,
                            guint         full_width,
                            guint         full_height)
{
  g_return_if_fail (SL_IS_FACE_CANVAS (self));
  g_return_if_fail (picture == NULL || GDK_IS_PAINTABLE (picture));

  g_set_object (&self->picture, picture);
  self->full_width = picture != NULL ? full_width : 0;
  self->full_height = picture != NULL ? full_height : 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
sl_face_canvas_set_faces (SlFaceCanvas *self,
                          GPtrArray    *faces)
{
  g_return_if_fail (SL_IS_FACE_CANVAS (self));

  if (faces != NULL)
    g_ptr_array_ref (faces);
  g_clear_pointer (&self->faces, g_ptr_array_unref);
  self->faces = faces;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
sl_face_canvas_get_n_faces (SlFaceCanvas *self)
{
  g_return_val_if_fail (SL_IS_FACE_CANVAS (self), 0);

  return self->faces != NULL ? self->faces->len : 0;
}

const SlProbeFace *
sl_face_canvas_get_face (SlFaceCanvas *self,
                         guint         index)
{
  g_return_val_if_fail (SL_IS_FACE_CANVAS (self), NULL);
  g_return_val_if_fail (index < sl_face_canvas_get_n_faces (self), NULL);

  return g_ptr_array_index (self->faces, index);
}

gint64
sl_face_canvas_get_selected (SlFaceCanvas *self)
{
  g_return_val_if_fail (SL_IS_FACE_CANVAS (self), 0);

  return self->selected;
}

void
sl_face_canvas_set_selected (SlFaceCanvas *self,
                             gint64        face_id)
{
  g_return_if_fail (SL_IS_FACE_CANVAS (self));

  if (self->selected == face_id)
    return;
  self->selected = face_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
sl_face_canvas_get_zoom (SlFaceCanvas *self)
{
  double ox, oy;

  g_return_val_if_fail (SL_IS_FACE_CANVAS (self), 1);

  return self->fit ? sl_face_canvas_get_layout (self, &ox, &oy) : self->zoom;
}

void
sl_face_canvas_set_zoom (SlFaceCanvas *self,
                         double        zoom)
{
  GtkScrolledWindow *scroller;

  g_return_if_fail (SL_IS_FACE_CANVAS (self));

  /* about the middle of what is in view */
  scroller = get_scroller (self);
  zoom_about (self, zoom,
              scroller != NULL ? gtk_widget_get_width (GTK_WIDGET (scroller)) / 2.0 : 0,
              scroller != NULL ? gtk_widget_get_height (GTK_WIDGET (scroller)) / 2.0 : 0);
}

void
sl_face_canvas_zoom_by (SlFaceCanvas *self,
                        double        factor)
{
  g_return_if_fail (SL_IS_FACE_CANVAS (self));

  sl_face_canvas_set_zoom (self, sl_face_canvas_get_zoom (self) * factor);
}

gboolean
sl_face_canvas_get_fit (SlFaceCanvas *self)
{
  g_return_val_if_fail (SL_IS_FACE_CANVAS (self), FALSE);

  return self->fit;
}

void
sl_face_canvas_set_fit (SlFaceCanvas *self,
                        gboolean      fit)
{
  g_return_if_fail (SL_IS_FACE_CANVAS (self));

  fit = !!fit;
  if (self->fit == fit)
    return;
  if (!fit)
    {
      double ox, oy;

      self->zoom = sl_face_canvas_get_layout (self, &ox, &oy);
    }
  self->fit = fit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

gboolean
sl_face_canvas_get_drawing (SlFaceCanvas *self)
{
  g_return_val_if_fail (SL_IS_FACE_CANVAS (self), FALSE);

  return self->drawing;
}

void
sl_face_canvas_set_drawing (SlFaceCanvas *self,
                            gboolean      drawing)
{
  g_return_if_fail (SL_IS_FACE_CANVAS (self));

  drawing = !!drawing;
  if (self->drawing == drawing)
    return;
  self->drawing = drawing;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), drawing ? "crosshair" : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAWING]);
}

gboolean
sl_face_canvas_get_face_area (SlFaceCanvas    *self,
                              guint            index,
                              graphene_rect_t *area)
{
  const SlProbeFace *face;
  double ox, oy, s;

  g_return_val_if_fail (SL_IS_FACE_CANVAS (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (index >= sl_face_canvas_get_n_faces (self) || self->full_width == 0)
    return FALSE;
  face = g_ptr_array_index (self->faces, index);
  s = sl_face_canvas_get_layout (self, &ox, &oy);
  graphene_rect_init (area, face->box[0] * s + ox, face->box[1] * s + oy, face->box[2] * s, face->box[3] * s);
  return TRUE;
}

void
sl_face_canvas_image_to_canvas (SlFaceCanvas *self,
                                double        ix,
                                double        iy,
                                double       *x,
                                double       *y)
{
  double ox, oy, s;

  g_return_if_fail (SL_IS_FACE_CANVAS (self));

  s = sl_face_canvas_get_layout (self, &ox, &oy);
  *x = ix * s + ox;
  *y = iy * s + oy;
}

void
sl_face_canvas_pick_at (SlFaceCanvas *self,
                        double        x,
                        double        y)
{
  int index;

  g_return_if_fail (SL_IS_FACE_CANVAS (self));

  index = face_at (self, x, y);
  sl_face_canvas_set_selected (self, index >= 0 ? ((SlProbeFace *) g_ptr_array_index (self->faces, index))->id
                                                : 0);
}

char *
sl_face_canvas_tooltip_at (SlFaceCanvas *self,
                           double        x,
                           double        y)
{
  int index;

  g_return_val_if_fail (SL_IS_FACE_CANVAS (self), NULL);

  if ((index = face_at (self, x, y)) < 0)
    return NULL;
  return sl_face_describe (g_ptr_array_index (self->faces, index));
}

void
sl_face_canvas_finish_box (SlFaceCanvas *self,
                           double        x0,
                           double        y0,
                           double        x1,
                           double        y1)
{
  double ox, oy, s;
  double ix0, iy0, ix1, iy1;

  g_return_if_fail (SL_IS_FACE_CANVAS (self));

  if (self->full_width == 0)
    return;
  s = sl_face_canvas_get_layout (self, &ox, &oy);
  ix0 = CLAMP ((MIN (x0, x1) - ox) / s, 0, self->full_width);
  iy0 = CLAMP ((MIN (y0, y1) - oy) / s, 0, self->full_height);
  ix1 = CLAMP ((MAX (x0, x1) - ox) / s, 0, self->full_width);
  iy1 = CLAMP ((MAX (y0, y1) - oy) / s, 0, self->full_height);
  g_signal_emit (self, signals[BOX_DRAWN], 0, ix0, iy0, ix1 - ix0, iy1 - iy0);
}
