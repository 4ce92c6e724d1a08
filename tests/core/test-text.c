/* test-text.c: the text rules (sl-text.h) and the CSV cell writer
 * (sl-csv-write.h) on the inputs an attack campaign used: invisible
 * characters, direction overrides, padding that is not words, formulas.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <string.h>

#include "core/sl-csv-write.h"
#include "core/sl-store.h"
#include "core/sl-text.h"

#define ZWSP "\xe2\x80\x8b"   /* U+200B ZERO WIDTH SPACE */
#define RLO  "\xe2\x80\xae"   /* U+202E RIGHT-TO-LEFT OVERRIDE */

static const char *const good_facts =
  "The man on the shop camera took the till at 21:40 and left on foot towards the station.";

START_TEST (test_normalize)
{
  g_autofree char *wide = sl_text_normalize ("\xef\xbc\xa3-\xef\xbc\x91");   /* full-width "C-1" */
  g_autofree char *decomposed = sl_text_normalize ("Mu\xcc\x88ller");           /* u + combining diaeresis */

  ck_assert_str_eq (wide, "C-1");
  ck_assert_str_eq (decomposed, "M\xc3\xbcller");
  ck_assert_ptr_null (sl_text_normalize ("bad \xff"));
  ck_assert_ptr_null (sl_text_normalize (NULL));
}
END_TEST

START_TEST (test_invisible_refused)
{
  const struct { const char *text; const char *code; } bad[] = {
    { ZWSP ZWSP, "U+200B" },
    { "Warrant" RLO "711/4202", "U+202E" },
    { "court\xe2\x81\xa6order", "U+2066" },        /* LEFT-TO-RIGHT ISOLATE */
    { "\xef\xbb\xbf" "court order", "U+FEFF" },    /* BOM */
    { "soft\xc2\xad" "hyphen", "U+00AD" },
    { "\xe3\x85\xa4\xe3\x85\xa4", "U+3164" },      /* HANGUL FILLER: a letter that shows nothing */
    { "bell\x07", "U+0007" },
    { "two\nlines", "U+000A" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      ck_assert_msg (!sl_text_check_chars ("legal basis", bad[i].text, 1000, SL_TEXT_ONE_LINE, &error),
                     "case %u accepted", i);
      ck_assert (g_error_matches (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID));
      ck_assert_msg (strstr (error->message, bad[i].code) != NULL && strstr (error->message, "legal basis"),
                     "case %u: %s", i, error->message);
    }
  /* Ordinary whitespace is text; line breaks where lines are allowed. */
  ck_assert (sl_text_check_chars ("facts", "one\ttwo\nthree\r\n", 100, SL_TEXT_MULTI_LINE, NULL));
  ck_assert (sl_text_check_chars ("title", "Ünïcødé — 顔 👁 'quoted' %s", 100, SL_TEXT_ONE_LINE, NULL));
}
END_TEST

START_TEST (test_counts)
{
  SlTextCounts k;

  sl_text_count ("a a a a", &k);
  ck_assert_uint_eq (k.words, 4);
  ck_assert_uint_eq (k.distinct_words, 1);
  sl_text_count ("The THE the tHe", &k);
  ck_assert_uint_eq (k.distinct_words, 1);
  sl_text_count ("§ 163 StPO", &k);
  ck_assert_uint_eq (k.words, 1);
  ck_assert_uint_eq (k.numbers, 1);
  ck_assert_uint_eq (k.distinct_terms, 2);
  sl_text_count ("Don't stop O'Brien", &k);
  ck_assert_uint_eq (k.words, 3);
  sl_text_count ("... !!! 123 --- ,,,", &k);
  ck_assert_uint_eq (k.words, 0);
  ck_assert_uint_eq (k.letters, 0);
  /* A sentence without spaces between words still has its words. */
  sl_text_count ("男子在商店里拿走了收银机然后步行离开", &k);
  ck_assert_uint_ge (k.words, 8);
  ck_assert_uint_ge (k.distinct_words, 5);
}
END_TEST

START_TEST (test_facts_rule)
{
  g_autofree char *thirty_five_a = g_strnfill (35, 'a');
  const char *padded[] = {
    "a a a a a a a a a a a a a a a a a a",
    thirty_five_a,
    "seen seen seen seen seen seen seen seen seen seen",
    "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
    "Seen on the camera at the shop.",
  };

  ck_assert (sl_text_check_facts (good_facts, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (padded); i++)
    {
      g_autoptr(GError) error = NULL;

      ck_assert_msg (!sl_text_check_facts (padded[i], &error), "'%s' accepted", padded[i]);
      ck_assert_msg (strstr (error->message, "at least 8 words") != NULL, "%s", error->message);
    }
  {
    g_autoptr(GError) error = NULL;

    ck_assert (!sl_text_check_facts ("a a a", &error));
    ck_assert_msg (strstr (error->message, "'a a a' has 3 words, 1 of them different") != NULL, "%s",
                   error->message);
  }
}
END_TEST

START_TEST (test_legal_basis_rule)
{
  const char *good[] = { "§ 163 StPO", "warrant 2024-117", "Warrant 2024/117 of the district court",
                         "court order" };
  const char *bad[] = { "a a", "warrant", "2024 117", "§§ !!", "x x x x x x" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    ck_assert_msg (sl_text_check_legal_basis (good[i], NULL), "'%s' refused", good[i]);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      ck_assert_msg (!sl_text_check_legal_basis (bad[i], &error), "'%s' accepted", bad[i]);
      ck_assert_msg (strstr (error->message, "legal basis") != NULL, "%s", error->message);
    }
}
END_TEST

START_TEST (test_label_rule)
{
  g_autoptr(GError) error = NULL;

  ck_assert (sl_text_check_label ("case title", "t", 200, NULL));
  ck_assert (sl_text_check_label ("case number", "2024-0042", 64, NULL));
  ck_assert (!sl_text_check_label ("case title", "--- ...", 200, &error));
  ck_assert_msg (strstr (error->message, "at least one letter or digit") != NULL, "%s", error->message);
  g_clear_error (&error);
  ck_assert (!sl_text_check_label ("display name", ZWSP "Eve", 200, &error));
  ck_assert_msg (strstr (error->message, "U+200B") != NULL, "%s", error->message);
}
END_TEST

START_TEST (test_csv_cells)
{
  const struct { const char *in; const char *out; } cells[] = {
    { "=1+1", "\"'=1+1\"" },
    { "+SUM(A1)", "\"'+SUM(A1)\"" },
    { "-2+3", "\"'-2+3\"" },
    { "@cmd", "\"'@cmd\"" },
    { "\tx", "\"'\tx\"" },
    { "\rx", "\"'\rx\"" },
    { "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
    { "plain", "plain" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      sl_csv_append_cell (out, cells[i].in);
      ck_assert_str_eq (out->str, cells[i].out);
    }
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("text");
  TCase *tc = tcase_create ("rules");
  SRunner *runner;
  int failed;

  tcase_add_test (tc, test_normalize);
  tcase_add_test (tc, test_invisible_refused);
  tcase_add_test (tc, test_counts);
  tcase_add_test (tc, test_facts_rule);
  tcase_add_test (tc, test_legal_basis_rule);
  tcase_add_test (tc, test_label_rule);
  tcase_add_test (tc, test_csv_cells);
  suite_add_tcase (s, tc);
  runner = srunner_create (s);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
