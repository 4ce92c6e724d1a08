/* sl-evidence.h: evidence rows: a file of a case, by its SHA-256, with what
 * the file is (a still or footage) and where it came from.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

typedef enum
{
  SL_EVIDENCE_STILL,
  SL_EVIDENCE_FOOTAGE,
} SlEvidenceKind;

typedef struct
{
  gint64          id;
  gint64          case_id;
  char           *case_number;
  SlEvidenceKind  kind;
  char           *sha256;
  guint64         size;
  char           *original_name;      /* UTF-8 for display; escaped when the name was not */
  GBytes         *original_name_raw;  /* the name's bytes as the file system gave them */
  char           *source;             /* absolute path (display form) or URL */
  GBytes         *source_raw;         /* a local path's bytes; NULL for a URL */
  char           *stored_path;        /* relative to the evidence store */
  char           *format;             /* "jpeg", "png", ... for a still; the codec for footage */
  guint           width;
  guint           height;
  double          duration_s;         /* footage: 0 when unknown */
  double          fps;
  gint64          frame_count;        /* footage: -1 when unknown */
  char           *codec;
  char           *imported_by;
  char           *imported_at;
  char           *damage;             /* why it does not decode whole, in words;
                                       * NULL: it does */
} SlEvidence;

void            sl_evidence_free            (SlEvidence      *evidence);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEvidence, sl_evidence_free)

const char     *sl_evidence_kind_to_string  (SlEvidenceKind   kind);

/* Inside the caller's transaction; the id of the new row. imported_by and
 * imported_at of `evidence` are ignored: user_id and now are written. */
gint64          sl_evidence_insert          (SlStore          *store,
                                             const SlEvidence *evidence,
                                             gint64            user_id,
                                             GError          **error);
/* The evidence with this SHA-256 in the case; NULL with no error when
 * there is none. */
SlEvidence     *sl_evidence_find            (SlStore          *store,
                                             gint64            case_id,
                                             const char       *sha256,
                                             GError          **error);
/* SlEvidence of a case, in import order. */
GPtrArray      *sl_evidence_list            (SlStore          *store,
                                             gint64            case_id,
                                             GError          **error);
/* Every stored_path with its SHA-256, for consistency checks. */
GPtrArray      *sl_evidence_list_all        (SlStore          *store,
                                             GError          **error);

G_END_DECLS
