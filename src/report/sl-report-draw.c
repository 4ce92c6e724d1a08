/* sl-report-draw.c: the case report's pages, drawn with Cairo and laid out
 * with Pango on A4: text wraps, long sections and tables flow onto new
 * pages (a table's header repeats), every page carries the leads-only
 * statement and "Page N of M". The pages are laid out twice: once to count
 * them, once to draw them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "core/sl-text.h"
#include "report/sl-report.h"
#include "vision/sl-image.h"

#define TOP          64.0
#define BODY_BOTTOM  (SL_REPORT_PAGE_H - 78.0)
#define LABEL_W      132.0
#define CELL_PAD     3.0
#define PAGE_W       SL_REPORT_PAGE_W
#define PAGE_H       SL_REPORT_PAGE_H
#define MARGIN_X     SL_REPORT_MARGIN_X
#define BODY_W       SL_REPORT_BODY_W
#define THUMB        SL_REPORT_THUMB


/* helpers */

const char *
sl_report_leads_statement (void)
{
  return _("Candidates are investigative leads, not identifications. A candidate is never, on its own, "
           "evidence of who a person is: every lead needs independent corroboration by the investigator.");
}

/* A user name ("m.schneider-hoffmann") is read and searched for as one
 * word: Pango would break it after a hyphen, or mid-word when a column is
 * narrow. Each occurrence of a known name, standing alone, is marked as
 * allowing no break; a table cell too narrow for it shrinks its type
 * instead (sl_flow_table_row). */
static gboolean
name_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '_' || c == '-';
}

static void
keep_names_whole (SlFlow        *f,
                  const char    *text,
                  PangoAttrList *attrs)
{
  GPtrArray *names = f->data != NULL ? f->data->user_names : NULL;

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      gsize len = strlen (name);

      for (const char *p = text; len > 0 && (p = strstr (p, name)) != NULL; p += len)
        if ((p == text || !name_char (p[-1])) && !name_char (p[len]))
          {
            PangoAttribute *whole = pango_attr_allow_breaks_new (FALSE);

            whole->start_index = (guint) (p - text);
            whole->end_index = (guint) (p - text + len);
            pango_attr_list_insert (attrs, whole);
          }
    }
}

PangoLayout *
sl_flow_layout_new (SlFlow       *f,
             const char *font,
             double      width,
             const char *text,
             gboolean    markup)
{
  PangoLayout *layout = pango_layout_new (f->pango);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (markup)
    pango_layout_set_markup (layout, text, -1);
  else
    pango_layout_set_text (layout, text != NULL ? text : "", -1);
  /* A hash or an identifier broken across lines must not gain a hyphen. */
  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  keep_names_whole (f, pango_layout_get_text (layout), attrs);
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

char *
sl_report_format_time (const char *iso8601)
{
  /* Translators: a time in the report as g_date_time_format () writes it,
   * with its time zone, e.g. "22 Nov 2026, 20:03:40 CET"; use your
   * language's usual order */
  /* xgettext:no-c-format */
  return sl_text_format_stored_time (iso8601, _("%-d %b %Y, %H:%M:%S %Z"));
}

double
sl_flow_layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

void
sl_flow_show (SlFlow        *f,
             PangoLayout *layout,
             double       x,
             double       y)
{
  if (!f->draw)
    return;
  cairo_move_to (f->cr, x, y);
  pango_cairo_show_layout (f->cr, layout);
}

static void
text_at (SlFlow       *f,
         const char *font,
         double      x,
         double      y,
         double      width,
         const char *text,
         PangoAlignment align)
{
  g_autoptr(PangoLayout) layout = NULL;

  if (!f->draw)
    return;
  layout = sl_flow_layout_new (f, font, width, text, FALSE);
  pango_layout_set_alignment (layout, align);
  sl_flow_show (f, layout, x, y);
}

static void
draw_table_header (SlFlow *f);

static void
page_begin (SlFlow *f)
{
  g_autofree char *header = NULL;

  f->page++;
  f->y = TOP;
  if (f->draw)
    {
      header = g_strdup_printf (_("Sightline case report · Case %s"), f->data->c->number);
      cairo_set_source_rgb (f->cr, 0.35, 0.35, 0.35);
      text_at (f, SL_FONT_SMALL, MARGIN_X, 30, BODY_W, header, PANGO_ALIGN_LEFT);
      cairo_set_line_width (f->cr, 0.5);
      cairo_move_to (f->cr, MARGIN_X, 44);
      cairo_line_to (f->cr, PAGE_W - MARGIN_X, 44);
      cairo_stroke (f->cr);
      cairo_set_source_rgb (f->cr, 0, 0, 0);
    }
  if (f->columns != NULL)
    draw_table_header (f);
}

static void
page_end (SlFlow *f)
{
  if (f->draw)
    {
      g_autofree char *number = g_strdup_printf (_("Page %u of %u"), f->page, f->n_pages);

      cairo_set_source_rgb (f->cr, 0.35, 0.35, 0.35);
      cairo_set_line_width (f->cr, 0.5);
      cairo_move_to (f->cr, MARGIN_X, BODY_BOTTOM + 10);
      cairo_line_to (f->cr, PAGE_W - MARGIN_X, BODY_BOTTOM + 10);
      cairo_stroke (f->cr);
      text_at (f, SL_FONT_SMALL, MARGIN_X, BODY_BOTTOM + 14, BODY_W - 70, sl_report_leads_statement (), PANGO_ALIGN_LEFT);
      text_at (f, SL_FONT_SMALL, PAGE_W - MARGIN_X - 70, BODY_BOTTOM + 14, 70, number, PANGO_ALIGN_RIGHT);
      cairo_set_source_rgb (f->cr, 0, 0, 0);
    }
  cairo_show_page (f->cr);
}

void
sl_flow_new_page (SlFlow *f)
{
  page_end (f);
  page_begin (f);
}

/* Starts a new page unless `height` more fits on this one. */
void
sl_flow_ensure (SlFlow   *f,
        double  height)
{
  if (f->y + height > BODY_BOTTOM && f->y > TOP + 1)
    sl_flow_new_page (f);
}

/* Places a layout line by line, breaking pages between lines. */
void
sl_flow_lines (SlFlow        *f,
             PangoLayout *layout,
             double       x)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double origin = f->y;

  do
    {
      PangoRectangle logical;
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      double top, bottom, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      top = (double) logical.y / PANGO_SCALE;
      bottom = (double) (logical.y + logical.height) / PANGO_SCALE;
      baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      if (origin + bottom > BODY_BOTTOM)
        {
          sl_flow_new_page (f);
          origin = f->y - top;
        }
      if (f->draw)
        {
          cairo_move_to (f->cr, x + (double) logical.x / PANGO_SCALE, origin + baseline);
          pango_cairo_show_layout_line (f->cr, line);
        }
      f->y = origin + bottom;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

void
sl_flow_para (SlFlow       *f,
      const char *font,
      double      indent,
      const char *text,
      gboolean    markup,
      double      after)
{
  g_autoptr(PangoLayout) layout = sl_flow_layout_new (f, font, BODY_W - indent, text, markup);

  sl_flow_lines (f, layout, MARGIN_X + indent);
  f->y += after;
}

void
sl_flow_heading (SlFlow       *f,
         const char *font,
         const char *text,
         double      keep)
{
  g_autoptr(PangoLayout) layout = sl_flow_layout_new (f, font, BODY_W, text, FALSE);
  double h = sl_flow_layout_height (layout);

  sl_flow_ensure (f, h + keep);
  sl_flow_show (f, layout, MARGIN_X, f->y);
  f->y += h + 4;
}

/* A label and its value, the value wrapping (and flowing) beside it. */
void
sl_flow_field (SlFlow       *f,
       const char *label,
       const char *value,
       const char *font)
{
  g_autoptr(PangoLayout) l = sl_flow_layout_new (f, SL_FONT_BOLD, LABEL_W - 6, label, FALSE);
  g_autoptr(PangoLayout) v = sl_flow_layout_new (f, font != NULL ? font : SL_FONT_BODY, BODY_W - LABEL_W,
                                          value != NULL && *value != '\0' ? value : "—", FALSE);
  double start;

  sl_flow_ensure (f, sl_flow_layout_height (l));
  start = f->y;
  sl_flow_show (f, l, MARGIN_X, start);
  sl_flow_lines (f, v, MARGIN_X + LABEL_W);
  if (f->y < start + sl_flow_layout_height (l))
    f->y = start + sl_flow_layout_height (l);
  f->y += 2;
}

void
sl_flow_image (SlFlow            *f,
            cairo_surface_t *surface,
            double           x,
            double           y,
            double           size)
{
  double w, h, scale;

  if (!f->draw || surface == NULL)
    return;
  w = cairo_image_surface_get_width (surface);
  h = cairo_image_surface_get_height (surface);
  scale = size / MAX (w, h);
  cairo_save (f->cr);
  cairo_translate (f->cr, x + (size - w * scale) / 2, y + (size - h * scale) / 2);
  cairo_scale (f->cr, scale, scale);
  cairo_set_source_surface (f->cr, surface, 0, 0);
  cairo_paint (f->cr);
  cairo_restore (f->cr);
}

/* A cell's text; when a word kept whole (a user name) is wider than the
 * column, the cell's type shrinks until it fits rather than run into the
 * next column. */
static PangoLayout *
cell_layout (SlFlow     *f,
             const char *font,
             double      width,
             const char *text)
{
  PangoLayout *layout = sl_flow_layout_new (f, font, width, text, FALSE);

  for (guint tries = 0; tries < 4; tries++)
    {
      g_autoptr(PangoFontDescription) desc = NULL;
      double wide = 0;

      for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL; l = l->next)
        {
          PangoRectangle logical;

          pango_layout_line_get_extents (l->data, NULL, &logical);
          wide = MAX (wide, (double) logical.width / PANGO_SCALE);
        }
      if (wide <= width)
        break;
      desc = pango_font_description_copy (pango_layout_get_font_description (layout));
      pango_font_description_set_size (desc, (int) (pango_font_description_get_size (desc) * 0.98 * width / wide));
      pango_layout_set_font_description (layout, desc);
    }
  return layout;
}

/* One row of cells (NULL: empty); with an image in column image_column. */
void
sl_flow_table_row (SlFlow             *f,
           const char *const *cells,
           const char       *font,
           int               image_column,
           cairo_surface_t  *image,
           gboolean          header)
{
  PangoLayout *layouts[8] = { NULL, };
  double height = 0, x = MARGIN_X;

  g_assert (f->n_columns <= G_N_ELEMENTS (layouts));
  for (guint i = 0; i < f->n_columns; i++)
    if (cells[i] != NULL)
      {
        layouts[i] = cell_layout (f, !header && f->columns[i].font != NULL ? f->columns[i].font : font,
                                  f->columns[i].width - 2 * CELL_PAD, cells[i]);
        height = MAX (height, sl_flow_layout_height (layouts[i]));
      }
  if (image_column >= 0)
    height = MAX (height, THUMB);
  height += 2 * CELL_PAD;
  if (!header)
    sl_flow_ensure (f, height);
  if (f->draw)
    {
      if (header)
        {
          cairo_set_source_rgb (f->cr, 0.9, 0.9, 0.9);
          cairo_rectangle (f->cr, MARGIN_X, f->y, BODY_W, height);
          cairo_fill (f->cr);
          cairo_set_source_rgb (f->cr, 0, 0, 0);
        }
      for (guint i = 0; i < f->n_columns; i++)
        {
          if (layouts[i] != NULL)
            sl_flow_show (f, layouts[i], x + CELL_PAD, f->y + CELL_PAD);
          if ((int) i == image_column)
            sl_flow_image (f, image, x + CELL_PAD, f->y + CELL_PAD, THUMB);
          x += f->columns[i].width;
        }
      cairo_set_source_rgb (f->cr, 0.7, 0.7, 0.7);
      cairo_set_line_width (f->cr, 0.4);
      cairo_move_to (f->cr, MARGIN_X, f->y + height);
      cairo_line_to (f->cr, MARGIN_X + BODY_W, f->y + height);
      cairo_stroke (f->cr);
      cairo_set_source_rgb (f->cr, 0, 0, 0);
    }
  f->y += height;
  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    g_clear_object (&layouts[i]);
}

static void
draw_table_header (SlFlow *f)
{
  const char *titles[8];

  for (guint i = 0; i < f->n_columns; i++)
    titles[i] = _(f->columns[i].title);
  sl_flow_table_row (f, titles, SL_FONT_HEAD, -1, NULL, TRUE);
}

void
sl_flow_table_begin (SlFlow         *f,
             const SlReportColumn *columns,
             guint         n_columns)
{
  f->columns = NULL;
  f->n_columns = n_columns;
  sl_flow_ensure (f, 50);
  f->columns = columns;
  draw_table_header (f);
}

void
sl_flow_table_end (SlFlow *f)
{
  f->columns = NULL;
  f->n_columns = 0;
  f->y += 8;
}

const char *
sl_report_status_words (const SlCandidate *k)
{
  switch (k->status)
    {
    case SL_REVIEW_UNDECIDED:
      return _("undecided");
    case SL_REVIEW_AWAITING_SECOND:
      return _("awaiting second review");
    case SL_REVIEW_CONFIRMED_LEAD:
      return _("confirmed lead");
    case SL_REVIEW_AGREED_EXCLUDED:
      return _("excluded by both");
    case SL_REVIEW_AGREED_INCONCLUSIVE:
      return _("inconclusive");
    case SL_REVIEW_DISAGREEMENT:
      return _("reviewers disagree");
    default:
      return "";
    }
}

void
sl_flow_decision (SlFlow             *f,
               const char       *stage,
               const SlDecision *d)
{
  g_autofree char *when = sl_report_format_time (d->decided_at);
  g_autofree char *text = g_strdup_printf (_("%s: %s by %s on %s. Rationale: %s"), stage,
                                           sl_decision_kind_describe (d->original), d->reviewer, when,
                                           d->rationale);

  sl_flow_para (f, SL_FONT_SMALL, 30, text, FALSE, 1);
  /* A correction never replaces the decision in the record: both show,
   * the newest counting. */
  for (guint i = 0; d->corrections != NULL && i < d->corrections->len; i++)
    {
      const SlDecisionCorrection *x = g_ptr_array_index (d->corrections, i);
      g_autofree char *at = sl_report_format_time (x->corrected_at);
      g_autofree char *line = g_strdup_printf (_("Corrected to %s by %s on %s. Reason: %s"),
                                               sl_decision_kind_describe (x->decision), x->corrected_by,
                                               at, x->reason);

      sl_flow_para (f, SL_FONT_SMALL, 42, line, FALSE, 1);
    }
}

/* Lays out (and, when drawing, draws) the whole report; the page count. */
static guint
run (const SlReportData *data,
     cairo_t            *cr,
     gboolean            draw,
     guint               n_pages,
     GCancellable       *cancellable,
     GError            **error)
{
  SlFlow f = { data, cr, pango_cairo_create_context (cr), draw, 0, n_pages, TOP, NULL, 0 };
  gboolean ok;

  pango_cairo_context_set_resolution (f.pango, 72);
  page_begin (&f);
  ok = sl_report_draw_sections (&f, cancellable, error);
  if (ok)
    page_end (&f);
  g_object_unref (f.pango);
  return ok ? f.page : 0;
}

static cairo_status_t
discard (void                *closure,
         const unsigned char *data,
         unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

static void
jpeg_release (void *bytes)
{
  g_bytes_unref (bytes);
}

/* public API */

cairo_surface_t *
sl_report_jpeg_surface (GBytes *jpeg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImage) image = sl_image_load_bytes (jpeg, "thumbnail", SL_IMAGE_DEFAULT_MAX_PIXELS, &error);
  cairo_surface_t *surface;
  const guint8 *pixels;
  guint8 *out;
  gsize stride;
  int out_stride;
  guint w, h;

  if (image == NULL)
    {
      g_debug ("A stored face image does not decode: %s", error->message);
      return NULL;
    }
  w = sl_image_get_width (image);
  h = sl_image_get_height (image);
  pixels = sl_image_get_pixels (image, &stride);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) w, (int) h);
  cairo_surface_flush (surface);
  out = cairo_image_surface_get_data (surface);
  out_stride = cairo_image_surface_get_stride (surface);
  for (guint y = 0; y < h; y++)
    {
      const guint8 *src = pixels + y * stride;
      guint32 *dst = (guint32 *) (gpointer) (out + (gsize) y * (gsize) out_stride);

      for (guint x = 0; x < w; x++)
        dst[x] = ((guint32) src[3 * x + 2] << 16) | ((guint32) src[3 * x + 1] << 8) | src[3 * x];
    }
  cairo_surface_mark_dirty (surface);
  /* The PDF embeds the stored JPEG as it is, not a re-encoding. */
  {
    gsize len;
    const guint8 *bytes = g_bytes_get_data (jpeg, &len);

    cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG, bytes, len, jpeg_release, g_bytes_ref (jpeg));
  }
  return surface;
}

gboolean
sl_report_render (const SlReportData  *data,
                  cairo_write_func_t   write_func,
                  gpointer             closure,
                  GCancellable        *cancellable,
                  guint               *n_pages,
                  GError             **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  guint counted, drawn;

  surface = cairo_pdf_surface_create_for_stream (discard, NULL, PAGE_W, PAGE_H);
  cr = cairo_create (surface);
  counted = run (data, cr, FALSE, 0, cancellable, error);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  if (counted == 0)
    return FALSE;

  surface = cairo_pdf_surface_create_for_stream (write_func, closure, PAGE_W, PAGE_H);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Sightline " PACKAGE_VERSION);
  {
    g_autofree char *title = g_strdup_printf (_("Case report %s"), data->c->number);
    /* In the document information, where `audit verify --against` finds
     * it in the file's bytes (the pages' text is compressed). */
    g_autofree char *keywords =
      g_strdup_printf ("sightline-audit-head %" G_GINT64_FORMAT ":%s mode=%s key-id=%s", data->audit_head_seq,
                       data->audit_head_hash, data->audit_mode,
                       data->audit_key_id != NULL ? data->audit_key_id : "-");
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_KEYWORDS, keywords);
  }
  cr = cairo_create (surface);
  drawn = run (data, cr, TRUE, counted, cancellable, error);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (drawn == 0)
    return FALSE;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot draw the report: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  g_warn_if_fail (drawn == counted);
  *n_pages = drawn;
  return TRUE;
}
