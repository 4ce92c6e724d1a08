/* sl-text.c: the rules for text people type that the record keeps; the
 * engine applies them to every such field, so that the GUI's live check
 * and the CLI refuse the same text with the same words.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-text"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-store.h"
#include "core/sl-text.h"

/* How much of a refused text a message quotes. */
#define QUOTED_CHARS 40

/* helpers */

static gboolean
is_direction_control (gunichar c)
{
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

/* Letters by their category that draw nothing: they would make an empty
 * text look like words. */
static gboolean
is_invisible_letter (gunichar c)
{
  return c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0;
}

/* Scripts written without spaces between words: each character counts as
 * a term, so a sentence in Chinese is not one word. */
static gboolean
is_unspaced_script (gunichar c)
{
  GUnicodeScript script = g_unichar_get_script (c);

  return script == G_UNICODE_SCRIPT_HAN || script == G_UNICODE_SCRIPT_HIRAGANA ||
         script == G_UNICODE_SCRIPT_KATAKANA || script == G_UNICODE_SCRIPT_THAI ||
         script == G_UNICODE_SCRIPT_LAO || script == G_UNICODE_SCRIPT_KHMER ||
         script == G_UNICODE_SCRIPT_MYANMAR;
}

static gboolean
is_term_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static char *
quoted (const char *text)
{
  g_autofree char *one_line = g_strdup (text);

  for (char *p = one_line; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
  return sl_store_text_shown (g_strstrip (one_line), QUOTED_CHARS);
}

typedef struct
{
  GString    *term;
  gboolean    has_letter;
  GHashTable *words;
  GHashTable *terms;
  SlTextCounts *counts;
} Counter;

static void
end_term (Counter *k)
{
  g_autofree char *folded = NULL;

  if (k->term->len == 0)
    return;
  folded = g_utf8_casefold (k->term->str, (gssize) k->term->len);
  if (k->has_letter)
    {
      k->counts->words++;
      g_hash_table_add (k->words, g_strdup (folded));
    }
  else
    k->counts->numbers++;
  g_hash_table_add (k->terms, g_steal_pointer (&folded));
  g_string_truncate (k->term, 0);
  k->has_letter = FALSE;
}

/* public API */

char *
sl_text_normalize (const char *text)
{
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;
  return g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
}

gboolean
sl_text_check_chars (const char   *what,
                     const char   *text,
                     gsize         max_chars,
                     SlTextFlags   flags,
                     GError      **error)
{
  gsize n = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID, _("The %s is not valid UTF-8 text"), what);
      return FALSE;
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);
      gboolean multi = (flags & SL_TEXT_MULTI_LINE) != 0;

      if (++n > max_chars)
        {
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                       _("The %s is too long (more than %lu characters)"), what, (unsigned long) max_chars);
          return FALSE;
        }
      if (type == G_UNICODE_CONTROL && !(multi && (c == '\t' || c == '\n' || c == '\r')))
        {
          /* TRANSLATORS: the field, the code point, its place (1 = first) */
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                       _("The %s contains a control character (U+%04X) at character %lu"), what, c,
                       (unsigned long) n);
          return FALSE;
        }
      if (is_direction_control (c))
        {
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                       _("The %s contains an invisible character that changes the direction of the text "
                         "(U+%04X) at character %lu; type the text without it"), what, c, (unsigned long) n);
          return FALSE;
        }
      if (type == G_UNICODE_FORMAT || is_invisible_letter (c) ||
          (!multi && (type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR)))
        {
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                       _("The %s contains an invisible character (U+%04X) at character %lu; type the text "
                         "without it"), what, c, (unsigned long) n);
          return FALSE;
        }
    }
  return TRUE;
}

void
sl_text_count (const char   *text,
               SlTextCounts *counts)
{
  g_autoptr(GHashTable) words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) terms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *norm = sl_text_normalize (text);
  g_autoptr(GString) term = g_string_new (NULL);
  Counter k = { term, FALSE, words, terms, counts };

  memset (counts, 0, sizeof *counts);
  if (norm == NULL)
    return;
  for (const char *p = norm; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalpha (c))
        counts->letters++;
      if (is_term_char (c) && is_unspaced_script (c))
        {
          end_term (&k);
          g_string_append_unichar (term, c);
          k.has_letter = g_unichar_isalpha (c);
          end_term (&k);
        }
      else if (is_term_char (c))
        {
          g_string_append_unichar (term, c);
          k.has_letter = k.has_letter || g_unichar_isalpha (c);
        }
      else if ((c == '\'' || c == 0x2019) && term->len > 0 &&
               g_unichar_isalpha (g_utf8_get_char (g_utf8_next_char (p))))
        /* "don't", "O'Brien" */
        g_string_append_unichar (term, c);
      else
        end_term (&k);
    }
  end_term (&k);
  counts->distinct_words = g_hash_table_size (words);
  counts->distinct_terms = g_hash_table_size (terms);
}

gboolean
sl_text_check_facts (const char  *facts,
                     GError     **error)
{
  SlTextCounts k;

  sl_text_count (facts, &k);
  if (k.words >= SL_TEXT_FACTS_MIN_WORDS && k.distinct_words >= SL_TEXT_FACTS_MIN_DISTINCT)
    return TRUE;
  {
    g_autofree char *shown = quoted (facts);
    g_autofree char *has = NULL;

    /* TRANSLATORS: what a text holds, e.g. "3 words, 1 of them different" */
    has = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u word", "%u words", k.words), k.words);
    if (k.words > 0)
      {
        g_autofree char *distinct =
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of them different", "%u of them different",
                                        k.distinct_words), k.distinct_words);
        g_autofree char *both = g_strdup_printf ("%s, %s", has, distinct);
        g_free (has);
        has = g_steal_pointer (&both);
      }
    g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                 /* TRANSLATORS: the minimum of words, of different words, the text quoted, what it holds */
                 _("The articulable facts must describe the situation in at least %u words, at least %u of them "
                   "different (words with letters; numbers and signs do not count); '%s' has %s"),
                 SL_TEXT_FACTS_MIN_WORDS, SL_TEXT_FACTS_MIN_DISTINCT, shown, has);
    return FALSE;
  }
}

gboolean
sl_text_check_legal_basis (const char  *legal_basis,
                           GError     **error)
{
  g_autofree char *shown = NULL;
  SlTextCounts k;

  sl_text_count (legal_basis, &k);
  if (k.words >= 1 && k.distinct_terms >= SL_TEXT_LEGAL_BASIS_MIN_TERMS)
    return TRUE;
  shown = quoted (legal_basis);
  g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
               /* TRANSLATORS: the minimum, the text quoted, then how many it has */
               _("The legal basis must name the law or the authorisation in at least %u different words or "
                 "numbers, one of them a word (e.g. '§ 163 StPO' or 'warrant 2024-117'); '%s' has %u"),
               SL_TEXT_LEGAL_BASIS_MIN_TERMS, shown, k.words >= 1 ? k.distinct_terms : 0);
  return FALSE;
}

gboolean
sl_text_check_label (const char  *what,
                     const char  *text,
                     gsize        max_chars,
                     GError     **error)
{
  SlTextCounts k;

  if (!sl_text_check_chars (what, text, max_chars, SL_TEXT_ONE_LINE, error))
    return FALSE;
  sl_text_count (text, &k);
  if (k.words + k.numbers > 0)
    return TRUE;
  g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
               _("The %s must contain at least one letter or digit"), what);
  return FALSE;
}

static const char *
month_name (gint     month,
            gboolean abbreviated)
{
  static const char *const full[] = {
    NC_("month", "January"), NC_("month", "February"), NC_("month", "March"), NC_("month", "April"),
    NC_("month", "May"), NC_("month", "June"), NC_("month", "July"), NC_("month", "August"),
    NC_("month", "September"), NC_("month", "October"), NC_("month", "November"), NC_("month", "December"),
  };
  /* Translators: a month's name in a date, e.g. "7 Dec 2026"; German "Dez." */
  static const char *const abbr[] = {
    NC_("abbreviated month", "Jan"), NC_("abbreviated month", "Feb"), NC_("abbreviated month", "Mar"),
    NC_("abbreviated month", "Apr"), NC_("abbreviated month", "May"), NC_("abbreviated month", "Jun"),
    NC_("abbreviated month", "Jul"), NC_("abbreviated month", "Aug"), NC_("abbreviated month", "Sep"),
    NC_("abbreviated month", "Oct"), NC_("abbreviated month", "Nov"), NC_("abbreviated month", "Dec"),
  };

  g_assert (month >= 1 && month <= 12);
  return abbreviated ? g_dpgettext2 (GETTEXT_PACKAGE, "abbreviated month", abbr[month - 1])
                     : g_dpgettext2 (GETTEXT_PACKAGE, "month", full[month - 1]);
}

char *
sl_text_format_time (GDateTime  *time,
                     const char *format)
{
  g_autoptr(GString) named = g_string_new (NULL);

  g_return_val_if_fail (time != NULL && format != NULL, NULL);
  for (const char *p = format; *p != '\0'; p++)
    {
      if (p[0] == '%' && (p[1] == 'b' || p[1] == 'B' || p[1] == 'h'))
        {
          /* The name goes in as literal text: a '%' in it doubled. */
          for (const char *c = month_name (g_date_time_get_month (time), p[1] != 'B'); *c != '\0'; c++)
            {
              if (*c == '%')
                g_string_append_c (named, '%');
              g_string_append_c (named, *c);
            }
          p++;
        }
      else if (p[0] == '%' && p[1] != '\0')
        {
          g_string_append_len (named, p, 2);
          p++;
        }
      else
        g_string_append_c (named, *p);
    }
  return g_date_time_format (time, named->str);
}

char *
sl_text_format_stored_time (const char *iso8601,
                            const char *format)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (format != NULL, NULL);
  if (iso8601 == NULL)
    return NULL;
  if (!(utc = g_date_time_new_from_iso8601 (iso8601, NULL)))
    return g_strdup (iso8601);
  local = g_date_time_to_local (utc);
  return sl_text_format_time (local, format);
}

static gboolean
map_time (const GMatchInfo *match,
          GString          *out,
          gpointer          user_data)
{
  char *(*format) (const char *) = user_data;
  g_autofree char *iso = g_match_info_fetch (match, 0);
  g_autofree char *shown = format (iso);

  g_string_append (out, shown != NULL ? shown : iso);
  return FALSE;
}

char *
sl_text_map_times (const char *text,
                   char     *(*format) (const char *iso8601))
{
  static GRegex *stored_time;

  g_return_val_if_fail (format != NULL, NULL);
  if (text == NULL)
    return NULL;
  if (g_once_init_enter (&stored_time))
    g_once_init_leave (&stored_time, g_regex_new ("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
                                                  "(\\.[0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})",
                                                  G_REGEX_OPTIMIZE, 0, NULL));
  return g_regex_replace_eval (stored_time, text, -1, 0, 0, map_time, (gpointer) format, NULL);
}
