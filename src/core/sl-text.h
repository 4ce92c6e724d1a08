/* sl-text.h: the rules for text people type that the record keeps and
 * others read (justifications, case numbers, titles, names): one
 * normal form, no invisible or direction-changing characters, and, where
 * the text must say something, real words rather than bytes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Articulable facts: at least this many words (runs of letters, see
 * sl_text_count), of which at least SL_TEXT_FACTS_MIN_DISTINCT differ. */
#define SL_TEXT_FACTS_MIN_WORDS       8
#define SL_TEXT_FACTS_MIN_DISTINCT    5
/* A legal basis: at least this many different words or numbers ("§ 163
 * StPO", "warrant 2024-117"), one of them a word. */
#define SL_TEXT_LEGAL_BASIS_MIN_TERMS 2

typedef enum
{
  SL_TEXT_ONE_LINE   = 0,
  SL_TEXT_MULTI_LINE = 1 << 0,   /* tabs and line breaks allowed */
} SlTextFlags;

/* What a text holds, counted after NFKC. A term is a run of letters,
 * digits and marks (an apostrophe between two letters stays inside it);
 * every character of a script written without spaces between words (Han,
 * kana, Thai, Lao, Khmer, Myanmar) is a term of its own. A word is a term
 * with at least one letter; a number is one of digits only. */
typedef struct
{
  guint letters;
  guint words;
  guint distinct_words;   /* case and compatibility forms ignored */
  guint numbers;
  guint distinct_terms;   /* words and numbers */
} SlTextCounts;

/* The text in NFKC (compatibility forms such as full-width letters
 * folded, composed); NULL when it is NULL or not valid UTF-8. */
char     *sl_text_normalize        (const char    *text);

/* Valid UTF-8, at most max_chars characters, and none of: control
 * characters (Unicode Cc; tab and line breaks only with
 * SL_TEXT_MULTI_LINE), format characters (Cf: zero-width spaces and
 * joiners, direction overrides and isolates, soft hyphen, byte-order
 * mark...), line and paragraph separators in one line, and the Hangul
 * fillers that are letters but show nothing. `what` names the field in
 * the message (SL_STORE_ERROR_INVALID), which names the character and
 * where it is. Check the normalised text: NFKC may add or fold some. */
gboolean  sl_text_check_chars      (const char    *what,
                                    const char    *text,
                                    gsize          max_chars,
                                    SlTextFlags    flags,
                                    GError       **error);
void      sl_text_count            (const char    *text,
                                    SlTextCounts  *counts);

/* The content rules (SL_STORE_ERROR_INVALID, in words a person reads). */
gboolean  sl_text_check_facts      (const char    *facts,
                                    GError       **error);
gboolean  sl_text_check_legal_basis (const char   *legal_basis,
                                    GError       **error);
/* One line (sl_text_check_chars) that holds at least one letter or digit:
 * a case number, a title, a display name. */
gboolean  sl_text_check_label      (const char    *what,
                                    const char    *text,
                                    gsize          max_chars,
                                    GError       **error);

/* The time as g_date_time_format () writes it, but the month's name (%b,
 * %B) from the program's own catalogue, in the language of its text:
 * the C library takes it from LC_TIME, which may speak another language
 * than the screens ("7. Dec 2026" on a German desk under C.UTF-8). */
char     *sl_text_format_time      (GDateTime     *time,
                                    const char    *format);
/* A stored time (UTC ISO 8601) in local time as sl_text_format_time ()
 * writes it; NULL gives NULL, what does not parse is given back as it is. */
char     *sl_text_format_stored_time (const char  *iso8601,
                                      const char  *format);
/* The text with every stored time in it (UTC ISO 8601, as
 * "2026-11-22T16:35:07.013942Z") replaced by what format makes of it: a
 * stored description such as a search's calibration carries its time, and
 * a screen or the report shows it as people read times. */
char     *sl_text_map_times        (const char    *text,
                                    char        *(*format) (const char *iso8601));

G_END_DECLS
