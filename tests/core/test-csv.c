/* test-csv.c: the CSV reader on well-formed and malformed text.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <string.h>

#include "core/sl-csv.h"
#include "sl-test-util.h"

static GPtrArray *
parse (const char  *text,
       GError     **error)
{
  return sl_csv_parse (text, strlen (text), "gallery.csv", error);
}

#define ROW(rows, i) ((SlCsvRow *) g_ptr_array_index ((rows), (i)))

START_TEST (test_plain_and_quoted)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = parse ("\xef\xbb\xbf" "external_id,name,image_path\r\n"
                                     "B-1001,\"Doe, John\",b1001.jpg\r\n"
                                     "\n"
                                     "B-1002,\"Said \"\"Sam\"\" Roe\",\"two\nlines.jpg\",extra\n"
                                     "B-1003,,c.jpg", &error);

  ck_assert_msg (rows != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (rows->len, 4);
  ck_assert_str_eq (ROW (rows, 0)->fields[0], "external_id");
  ck_assert_str_eq (ROW (rows, 1)->fields[1], "Doe, John");
  ck_assert_uint_eq (ROW (rows, 1)->line, 2);
  ck_assert_str_eq (ROW (rows, 2)->fields[1], "Said \"Sam\" Roe");
  ck_assert_str_eq (ROW (rows, 2)->fields[2], "two\nlines.jpg");
  ck_assert_str_eq (ROW (rows, 2)->fields[3], "extra");
  ck_assert_uint_eq (ROW (rows, 2)->line, 4);
  ck_assert_uint_eq (ROW (rows, 3)->line, 6);
  ck_assert_str_eq (ROW (rows, 3)->fields[1], "");
  ck_assert_uint_eq (g_strv_length (ROW (rows, 3)->fields), 3);
}
END_TEST

START_TEST (test_malformed)
{
  const struct { const char *text; int code; const char *where; } cases[] = {
    { "a,b\nc,\"unterminated\n", SL_CSV_ERROR_QUOTE, "line 2" },
    { "a,b\nc,d\"e\n", SL_CSV_ERROR_QUOTE, "line 2" },
    { "a,\"b\"c\n", SL_CSV_ERROR_QUOTE, "line 1" },
    { "a,b\nok,\xff\xfe\n", SL_CSV_ERROR_ENCODING, "line 2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = parse (cases[i].text, &error);
      ck_assert_msg (rows == NULL, "case %u accepted", i);
      ck_assert_msg (g_error_matches (error, SL_CSV_ERROR, cases[i].code), "case %u: %s", i, error->message);
      ck_assert_msg (strstr (error->message, "gallery.csv") && strstr (error->message, cases[i].where),
                     "case %u: %s", i, error->message);
    }
}
END_TEST

START_TEST (test_empty)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = parse ("", &error);
  g_autoptr(GPtrArray) blank = parse ("\n\n\r\n", &error);

  ck_assert_ptr_nonnull (rows);
  ck_assert_uint_eq (rows->len, 0);
  ck_assert_ptr_nonnull (blank);
  ck_assert_uint_eq (blank->len, 0);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("csv");
  TCase *tc = tcase_create ("parse");

  tcase_add_test (tc, test_plain_and_quoted);
  tcase_add_test (tc, test_malformed);
  tcase_add_test (tc, test_empty);
  suite_add_tcase (s, tc);
  return sl_test_run_suite (s);
}
