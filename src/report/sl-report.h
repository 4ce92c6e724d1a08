/* sl-report.h: what the report's gathering (engine/sl-engine-report.c)
 * hands to its drawing (sl-report-draw.c): everything read from the database and
 * decoded before the first page is drawn.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pangocairo.h>

#include "core/sl-case.h"
#include "core/sl-case-search.h"
#include "core/sl-evidence.h"
#include "core/sl-files.h"
#include "core/sl-outcome.h"
#include "core/sl-search-record.h"

G_BEGIN_DECLS

typedef struct
{
  SlSearchRecord  *record;
  cairo_surface_t *probe;            /* the aligned probe crop; NULL when none or purged */
  char            *retracted;        /* the probe, drawn by hand, was retracted since:
                                      * "<when> by <who>: <reason>"; NULL when not */
  GPtrArray       *thumbnails;       /* cairo_surface_t or NULL, one per candidate */
  gboolean         fmr_known;        /* the calibration of the model is at hand */
  double           fmr_at_threshold;
  gboolean         fmr_beyond;       /* the rate is a bound, beyond the measured range */
} SlReportSearch;

/* One person of the case as the grouping found it (sl-engine-persons.c). */
typedef struct
{
  guint            number;
  char            *name;             /* the investigator's; NULL: unnamed */
  cairo_surface_t *best_view;        /* the best view's aligned crop; NULL when none or purged */
  char            *best;             /* "face 12" or "track 3 at 0:01.5 (best view face 12)" */
  guint            n_sightings;
  guint            n_evidence;
  GPtrArray       *appearances;      /* char *: "3. clip.avi: track 3 at 0:01.5 (best view face 12)",
                                      * the first twelve, then "and N more" */
} SlReportPerson;

typedef struct
{
  char *id;
  char *sha256;
  char *name;                        /* from the manifest; NULL when not listed there */
  char *license;
  guint n_searches;
} SlReportModel;

typedef struct
{
  gint64  seq;
  char   *time;
  char   *actor;
  char   *action;
  char   *outcome;
  char   *hash;
} SlReportAuditRow;

typedef struct
{
  SlCase     *c;
  char       *opened_by_name;        /* display names */
  char       *closed_by_name;
  GPtrArray  *evidence;              /* SlEvidence */
  GPtrArray  *searches;              /* SlReportSearch, oldest first */
  GPtrArray  *within;                /* SlCaseSearchRecord, oldest first */
  GPtrArray  *persons;               /* SlReportPerson, most sightings first; NULL: not grouped */
  char       *persons_about;         /* model, threshold and decisions; or why there is no grouping */
  GPtrArray  *leads;                 /* SlCandidate */
  GPtrArray  *outcomes;              /* SlOutcome of the leads, by lead, oldest first */
  GPtrArray  *models;                /* SlReportModel */
  GPtrArray  *audit;                 /* SlReportAuditRow, by seq */
  gint64      audit_head_seq;        /* the whole log's head as the report was made */
  char       *audit_head_hash;
  const char *audit_mode;            /* SL_AUDIT_MODE_PLAIN or _KEYED */
  char       *audit_key_id;          /* NULL when not keyed */
  char       *generated_by;          /* "name (display name)" */
  char       *generated_at;
  guint       n_withheld;            /* first decisions withheld from this reader */
  char       *profile_name;          /* the policy's profile; NULL: none */
  char       *authorisation;         /* the case's authorisation in words;
                                      * NULL when the policy asks for none
                                      * and there is none */
  GPtrArray  *user_names;            /* char *: every account's user name, which
                                      * the layout never breaks across lines */
} SlReportData;

void      sl_report_search_free    (SlReportSearch   *search);
void      sl_report_model_free     (SlReportModel    *model);
void      sl_report_person_free    (SlReportPerson   *person);
void      sl_report_audit_row_free (SlReportAuditRow *row);
void      sl_report_data_free      (SlReportData     *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlReportData, sl_report_data_free)

/* The pages: A4 in points. */
#define SL_REPORT_PAGE_W    595.276
#define SL_REPORT_PAGE_H    841.890
#define SL_REPORT_MARGIN_X  56.0
#define SL_REPORT_BODY_W    (SL_REPORT_PAGE_W - 2 * SL_REPORT_MARGIN_X)
#define SL_REPORT_THUMB     34.0
#define SL_REPORT_PROBE     84.0

#define SL_FONT_BODY   "DejaVu Sans 9.5"
#define SL_FONT_BOLD   "DejaVu Sans Bold 9.5"
#define SL_FONT_SMALL  "DejaVu Sans 8"
#define SL_FONT_HEAD   "DejaVu Sans Bold 8"
#define SL_FONT_DENSE  "DejaVu Sans 7.5"
#define SL_FONT_MONO   "DejaVu Sans Mono 8"
#define SL_FONT_TINY_MONO "DejaVu Sans Mono 6.5"
#define SL_FONT_H1     "DejaVu Sans Bold 26"
#define SL_FONT_H2     "DejaVu Sans Bold 16"
#define SL_FONT_H3     "DejaVu Sans Bold 12"

typedef struct
{
  const char *title;             /* N_() */
  double      width;
  const char *font;              /* NULL: the row's */
} SlReportColumn;

/* Where the next thing goes: the page, the height used on it, and the
 * table whose header repeats on a new page. */
typedef struct
{
  const SlReportData   *data;
  cairo_t              *cr;
  PangoContext         *pango;         /* at 72 dpi: a font's points are the page's */
  gboolean              draw;          /* FALSE while counting pages */
  guint                 page;
  guint                 n_pages;       /* known when drawing */
  double                y;
  const SlReportColumn *columns;
  guint                 n_columns;
} SlFlow;

/* Layout primitives (sl-report-draw.c). */
const char  *sl_report_leads_statement (void);
/* A stored time (UTC ISO 8601) as the report shows it: local time to the
 * second with its zone, "7 Dec 2026, 01:33:17 UTC", never microseconds;
 * NULL gives NULL, what does not parse is given back as it is. */
char        *sl_report_format_time  (const char      *iso8601);
/* A layout of text; every user name of f->data in it stays on one line. */
PangoLayout *sl_flow_layout_new     (SlFlow          *f,
                                     const char      *font,
                                     double           width,
                                     const char      *text,
                                     gboolean         markup);
double       sl_flow_layout_height  (PangoLayout     *layout);
void         sl_flow_show           (SlFlow          *f,
                                     PangoLayout     *layout,
                                     double           x,
                                     double           y);
void         sl_flow_new_page       (SlFlow          *f);
/* Starts a new page unless height more fits on this one. */
void         sl_flow_ensure         (SlFlow          *f,
                                     double           height);
/* Places a layout line by line at x, breaking pages between lines. */
void         sl_flow_lines          (SlFlow          *f,
                                     PangoLayout     *layout,
                                     double           x);
void         sl_flow_para           (SlFlow          *f,
                                     const char      *font,
                                     double           indent,
                                     const char      *text,
                                     gboolean         markup,
                                     double           after);
/* Kept on one page with keep points of what follows. */
void         sl_flow_heading        (SlFlow          *f,
                                     const char      *font,
                                     const char      *text,
                                     double           keep);
/* A label and its value, wrapping and flowing beside it; font NULL: body. */
void         sl_flow_field          (SlFlow          *f,
                                     const char      *label,
                                     const char      *value,
                                     const char      *font);
void         sl_flow_image          (SlFlow          *f,
                                     cairo_surface_t *surface,
                                     double           x,
                                     double           y,
                                     double           size);
void         sl_flow_table_begin    (SlFlow               *f,
                                     const SlReportColumn *columns,
                                     guint                 n_columns);
/* One row; cells[i] NULL is empty; the image goes in image_column (-1:
 * none). A row never breaks across pages. */
void         sl_flow_table_row      (SlFlow            *f,
                                     const char *const *cells,
                                     const char        *font,
                                     int                image_column,
                                     cairo_surface_t   *image,
                                     gboolean           header);
void         sl_flow_table_end      (SlFlow          *f);
void         sl_flow_decision       (SlFlow          *f,
                                     const char      *stage,
                                     const SlDecision *decision);
const char  *sl_report_status_words (const SlCandidate *candidate);

/* The sections, in order (sl-report-sections.c). */
gboolean     sl_report_draw_sections (SlFlow         *f,
                                      GCancellable   *cancellable,
                                      GError        **error);

/* The searches within the case (sl-report-within.c). */
void         sl_report_within_section (SlFlow        *f);
/* The persons of the case (sl-report-persons.c). */
void         sl_report_persons_section (SlFlow       *f);

/* A JPEG as an image surface (with the JPEG attached, so the PDF embeds it
 * as it is); NULL when it cannot be decoded. */
cairo_surface_t *sl_report_jpeg_surface (GBytes *jpeg);

/* A cairo write function into an SlFileOut (the closure): the PDF is
 * hashed and written whole or not at all (sl-report-data.c). */
cairo_status_t sl_report_write_file (void                *closure,
                                     const unsigned char *data,
                                     unsigned int         length);
/* Draws the report as PDF into write_func: the pages are laid out once to
 * count them, then drawn with "Page N of M". */
gboolean  sl_report_render    (const SlReportData   *data,
                               cairo_write_func_t    write_func,
                               gpointer              closure,
                               GCancellable         *cancellable,
                               guint                *n_pages,
                               GError              **error);

G_END_DECLS
