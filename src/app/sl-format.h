/* sl-format.h: times and stored codes as people read them, in the desk's
 * language: codes ("missing-person", "refused") become words. Stored
 * times are UTC ISO 8601 ("2026-11-22T19:03:40.631204Z"); the screens show
 * them in local time, in the form the translation chooses ("22 Nov 2026,
 * 20:03"; German "22. Nov. 2026, 20:03"), never with microseconds.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Day and time to the minute. NULL gives NULL; what does not parse is
 * given back as it is. */
char *sl_format_time         (const char *iso8601);
/* Day and time to the second (the audit trail). */
char *sl_format_time_seconds (const char *iso8601);
/* The day alone, in words: "6 December 2026". */
char *sl_format_date         (const char *iso8601);

/* False candidates expected in a search, one way everywhere: "about 1 in
 * 9,268 searches" below one, "2.4 per search" from one on, "none" at 0. */
char       *sl_format_expected_false (double      expected);
/* "suspect" -> "Suspect", "missing-person" -> "Missing person"; an
 * unknown code is given back as it is. */
const char *sl_format_purpose        (const char *purpose);
/* What a search compared: "face" -> "the face", "track-best" -> "the
 * track's best view", "person-template" and the others in words. */
const char *sl_format_probe          (const char *probe);
/* A measured attribute or group as labels files name it ("gender",
 * "female") in the screens' language; another is given back as it is. */
const char *sl_format_group          (const char *name);
/* An audit row's outcome: "success" -> "Done", "refused", "failed". */
const char *sl_format_audit_outcome  (const char *outcome);

G_END_DECLS
