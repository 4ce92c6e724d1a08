/* sl-engine-records-private.h: what the engine's other readers of search
 * records (the report) share with sl-engine-records.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/sl-store.h"
#include "engine/sl-engine-records.h"

G_BEGIN_DECLS

/* Withholds, from a reader who may give the second review, the first
 * decision of every candidate of record that waits for it, unless the
 * reader took that first decision. */
void     sl_engine_records_withhold (SlSearchRecord *record,
                                     SlSession      *session);

G_END_DECLS
