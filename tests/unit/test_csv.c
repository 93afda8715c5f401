/* test_csv.c — CSV import and export as a workshop user meets them: files
 * from Japanese Excel, tables written back out, and the messages for files
 * that cannot be read. */
#include "testutil.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "i18n.h"
#include "status.h"

/* Converts a NUL-terminated UTF-8 string to CODE with iconv, independently of
 * csv.c; the result is malloc'd and its length stored in *N. */
static char *iconv_to(const char *code, const char *utf8, size_t *n)
{
	iconv_t cd = iconv_open(code, "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t il = strlen(utf8), cap = il * 2 + 1, ol = cap;
	char *out = malloc(cap), *op = out, *ip = (char *)utf8;
	assert_non_null(out);
	assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
	iconv_close(cd);
	*n = (size_t)(op - out);
	return out;
}

static void parse_ok(const char *text, csv_doc *doc)
{
	mm_error err = {0};
	mm_status st = csv_parse(text, strlen(text), doc, &err);
	if (st != MM_OK)
		fail_msg("csv_parse failed: %s", err.msg);
}

static void assert_record(const csv_doc *doc, size_t i, int line, size_t n, const char *const *want)
{
	assert_true(i < doc->nrecords);
	const csv_record *r = &doc->records[i];
	assert_int_equal(r->line, line);
	assert_int_equal(r->nfields, n);
	for (size_t k = 0; k < n; k++)
		assert_string_equal(r->fields[k], want[k]);
}

static void assert_parse_error_n(const char *text, size_t n, const char *msg)
{
	csv_doc doc;
	mm_error err = {0};
	assert_int_equal(csv_parse(text, n, &doc, &err), MM_EUSER);
	assert_string_equal(err.msg, msg);
	assert_int_equal(doc.nrecords, 0);
	assert_null(doc.records);
}

static void assert_parse_error(const char *text, const char *msg)
{
	assert_parse_error_n(text, strlen(text), msg);
}

static void assert_decode_error(const char *data, size_t n, const char *msg)
{
	char *out = NULL;
	mm_error err = {0};
	assert_int_equal(csv_decode(data, n, &out, NULL, NULL, &err), MM_EUSER);
	assert_string_equal(err.msg, msg);
	assert_null(out);
}

/* --- writing and reading back --- */

static void test_round_trip_tricky_records(void **state)
{
	(void)state;
	static const char *const recs[][4] = {
		{"情報資産名称", "機密性", "保管場所", "備考"},
		{"顧客名簿, 2024年版", "3", "", "\"社外秘\"と押印"},
		{"見積書", "", "", ""},
		{"複数行の\n説明文です\r\nCRLF も含む", "2", "本社\r2階", " 前後に空白 "},
		{"\"", "\"\"", ",", "\t"},
		{"　全角空白で始まる", "=SUM(A1:A3)", "@担当者", "-"},
	};
	const size_t nrec = sizeof recs / sizeof recs[0];
	buf out = {0};
	for (size_t i = 0; i < nrec; i++)
		csv_write_record(&out, recs[i], 4);
	static const char *const lone[] = {""};
	csv_write_record(&out, lone, 1);

	/* A few bytes a spreadsheet will see */
	const char *s = buf_str(&out);
	assert_non_null(strstr(s, "\"顧客名簿, 2024年版\",3,,\"\"\"社外秘\"\"と押印\"\r\n"));
	assert_non_null(strstr(s, "\r\n見積書,,,\r\n"));
	assert_non_null(strstr(s, "\"\"\"\",\"\"\"\"\"\",\",\",\"'\t\"\r\n"));
	/* the formula guard (on by default): a ' before what a spreadsheet would run */
	assert_non_null(strstr(s, ",'=SUM(A1:A3),'@担当者,'-\r\n"));
	assert_non_null(strstr(s, "\r\n\"\"\r\n"));

	csv_doc doc;
	parse_ok(s, &doc);
	assert_int_equal(doc.nrecords, nrec + 1);
	int line = 1;
	for (size_t i = 0; i < nrec; i++) {
		assert_record(&doc, i, line, 4, recs[i]);
		line += i == 3 ? 4 : 1; /* record 4 holds three line breaks */
	}
	assert_record(&doc, nrec, line, 1, lone);
	csv_doc_free(&doc);
	assert_int_equal(doc.nrecords, 0);
	buf_free(&out);
}

static void test_write_quotes_only_when_needed(void **state)
{
	(void)state;
	static const char *const rec[] = {"abc", "a b", " a", "a ", "a,b", "a\"b", "a\nb", "", NULL};
	buf out = {0};
	csv_write_record(&out, rec, 9);
	assert_string_equal(buf_str(&out),
		"abc,a b,\" a\",\"a \",\"a,b\",\"a\"\"b\",\"a\nb\",,\r\n");
	buf_free(&out);
}


/* --- the formula guard (OWASP "CSV injection") --- */

/* Values a spreadsheet would run as a formula get a ' in front on export;
 * numbers stay numbers; reading the file back gives every value exactly. */
static void test_formula_guard_round_trip(void **state)
{
	(void)state;
	assert_true(csv_formula_guard());
	static const char *const rec[] = {"=1+1", "'=x", "-", "@a", "+81-3-1234-5678", "-5",
		"\t=1", "\r=2", "''=y", "'plain", "-3.5", "+", "=", "1e5", "-1e-3", "', x",
		"=HYPERLINK(\"http://x\")", "普通の文", "'", "-2+3+cmd|' /C calc'!A0"};
	const size_t n = sizeof rec / sizeof rec[0];
	buf out = {0};
	csv_write_record(&out, rec, n);
	assert_string_equal(buf_str(&out),
		"'=1+1,''=x,'-,'@a,'+81-3-1234-5678,-5,"
		"\"'\t=1\",\"'\r=2\",'''=y,'plain,-3.5,'+,'=,1e5,-1e-3,\"', x\","
		"\"'=HYPERLINK(\"\"http://x\"\")\",普通の文,','-2+3+cmd|' /C calc'!A0\r\n");
	csv_doc doc;
	parse_ok(buf_str(&out), &doc);
	assert_record(&doc, 0, 1, n, rec);
	csv_doc_free(&doc);
	buf_free(&out);
	/* a file typed by hand: the ' is taken off only where export puts one */
	parse_ok("'=a,'b,''c,'-,'7\r\n", &doc);
	static const char *const want[] = {"=a", "'b", "''c", "-", "'7"};
	assert_record(&doc, 0, 1, 5, want);
	csv_doc_free(&doc);
}

/* --plain-csv: the bytes are the data, both ways. */
static void test_formula_guard_off(void **state)
{
	(void)state;
	csv_set_formula_guard(false);
	static const char *const rec[] = {"=1+1", "'=x", "-", "@a", "+81-3", "-5"};
	buf out = {0};
	csv_write_record(&out, rec, 6);
	assert_string_equal(buf_str(&out), "=1+1,'=x,-,@a,+81-3,-5\r\n");
	csv_doc doc;
	parse_ok(buf_str(&out), &doc);
	assert_record(&doc, 0, 1, 6, rec);
	csv_doc_free(&doc);
	buf_free(&out);
	csv_set_formula_guard(true);
}

/* --- decoding --- */

static void test_decode_strips_bom(void **state)
{
	(void)state;
	const char data[] = "\xEF\xBB\xBF情報資産名称,機密性\r\n顧客名簿,3\r\n";
	char *text;
	size_t len;
	csv_encoding enc = CSV_CP932;
	mm_error err = {0};
	assert_int_equal(csv_decode(data, sizeof data - 1, &text, &len, &enc, &err), MM_OK);
	assert_int_equal(enc, CSV_UTF8_BOM);
	assert_string_equal(text, "情報資産名称,機密性\r\n顧客名簿,3\r\n");
	assert_int_equal(len, strlen(text));

	csv_doc doc;
	parse_ok(text, &doc);
	static const char *const head[] = {"情報資産名称", "機密性"};
	assert_record(&doc, 0, 1, 2, head); /* first header is not "\uFEFF情報資産名称" */
	csv_doc_free(&doc);
	free(text);
}

static void test_decode_plain_utf8_unchanged(void **state)
{
	(void)state;
	const char data[] = "名称,値\nＡ,1\rB,2\r\n";
	char *text;
	size_t len;
	csv_encoding enc = CSV_CP932;
	assert_int_equal(csv_decode(data, sizeof data - 1, &text, &len, &enc, NULL), MM_OK);
	assert_int_equal(enc, CSV_UTF8);
	assert_int_equal(len, sizeof data - 1);
	assert_memory_equal(text, data, len); /* line endings kept as found */
	free(text);

	assert_int_equal(csv_decode("", 0, &text, &len, &enc, NULL), MM_OK);
	assert_int_equal(len, 0);
	assert_string_equal(text, "");
	free(text);
}

static void test_decode_shift_jis_from_excel(void **state)
{
	(void)state;
	const char *utf8 = "情報資産名称,機密性\r\n顧客名簿,3\r\nｱﾝｹｰﾄ用紙,1\r\n";
	size_t n;
	char *sjis = iconv_to("SHIFT_JIS", utf8, &n);
	assert_true(n < strlen(utf8)); /* really two-byte text, not UTF-8 */

	char *text;
	size_t len;
	csv_encoding enc = CSV_UTF8;
	mm_error err = {0};
	assert_int_equal(csv_decode(sjis, n, &text, &len, &enc, &err), MM_OK);
	assert_int_equal(enc, CSV_CP932);
	assert_string_equal(text, utf8);
	assert_int_equal(len, strlen(utf8));

	csv_doc doc;
	parse_ok(text, &doc);
	static const char *const row[] = {"顧客名簿", "3"};
	assert_int_equal(doc.nrecords, 3);
	assert_record(&doc, 1, 2, 2, row);
	csv_doc_free(&doc);
	free(text);
	free(sjis);
}

static void test_cp932_round_trip(void **state)
{
	(void)state;
	/* NEC and IBM extensions, the full-width tilde and the dash Excel writes */
	const char *utf8 = "①～㈱髙―ⅰ\r\n";
	char *sjis;
	size_t n;
	mm_error err = {0};
	assert_int_equal(csv_encode(utf8, strlen(utf8), CSV_CP932, &sjis, &n, &err), MM_OK);
	assert_int_equal(n, 14);
	assert_memory_equal(sjis, "\x87\x40\x81\x60\x87\x8A\xFB\xFC\x81\x5C\xFA\x40\r\n", 14);

	char *text;
	size_t len;
	csv_encoding enc = CSV_UTF8;
	assert_int_equal(csv_decode(sjis, n, &text, &len, &enc, &err), MM_OK);
	assert_int_equal(enc, CSV_CP932);
	assert_string_equal(text, utf8);
	free(text);
	free(sjis);

	/* A wave dash typed on a Mac is written as the CP932 tilde */
	assert_int_equal(csv_encode("10〜20", strlen("10〜20"), CSV_CP932, &sjis, &n, &err), MM_OK);
	assert_int_equal(n, 6);
	assert_memory_equal(sjis, "10\x81\x60" "20", 6);
	free(sjis);
}

static void test_encode_utf8_with_and_without_bom(void **state)
{
	(void)state;
	const char *utf8 = "名称,備考\r\n顧客名簿,😀\r\n";
	char *out;
	size_t n;
	assert_int_equal(csv_encode(utf8, strlen(utf8), CSV_UTF8_BOM, &out, &n, NULL), MM_OK);
	assert_int_equal(n, strlen(utf8) + 3);
	assert_memory_equal(out, "\xEF\xBB\xBF", 3);
	assert_string_equal(out + 3, utf8);
	free(out);

	assert_int_equal(csv_encode(utf8, strlen(utf8), CSV_UTF8, &out, &n, NULL), MM_OK);
	assert_int_equal(n, strlen(utf8));
	assert_string_equal(out, utf8);
	free(out);
}

static void test_encode_cp932_names_the_emoji(void **state)
{
	(void)state;
	const char *utf8 = "名称,備考\r\n顧客名簿,大事😀です\r\n";
	char *out = NULL;
	size_t n = 0;
	mm_error err = {0};
	assert_int_equal(csv_encode(utf8, strlen(utf8), CSV_CP932, &out, &n, &err), MM_EUSER);
	assert_string_equal(err.msg, "line 2, column 8: \"😀\" (U+1F600) has no Shift_JIS "
		"form; remove it or export as UTF-8");
	assert_null(out);

	/* an invisible character is named by its code point only */
	const char *zw = "a\nb\xE2\x80\x8B";
	assert_int_equal(csv_encode(zw, strlen(zw), CSV_CP932, &out, &n, &err), MM_EUSER);
	assert_string_equal(err.msg, "line 2, column 2: the character U+200B has no "
		"Shift_JIS form; remove it or export as UTF-8");
	assert_null(out);
	/* so is a control character: a bidi override or a C1 control never
	 * goes into the message itself */
	const char *rlo = "a\xE2\x80\xAE" "b";
	assert_int_equal(csv_encode(rlo, strlen(rlo), CSV_CP932, &out, &n, &err), MM_EUSER);
	assert_string_equal(err.msg, "line 1, column 2: the character U+202E has no "
		"Shift_JIS form; remove it or export as UTF-8");
	const char *c1 = "a\xC2\x9B" "b";
	if (csv_encode(c1, strlen(c1), CSV_CP932, &out, &n, &err) == MM_OK)
		free(out);
	else
		assert_null(strstr(err.msg, "\xC2\x9B"));
}

static void test_decode_error_names_byte(void **state)
{
	(void)state;
	/* 0xFF is neither UTF-8 nor Shift_JIS */
	const char data[] = "a,b\r\nc,d\r\nxxxxxxxxxxx\xFF\r\n";
	assert_decode_error(data, sizeof data - 1,
		"line 3, column 12: not UTF-8 or Shift_JIS text");

	/* A Shift_JIS file with one broken byte: the place in Shift_JIS terms */
	size_t n;
	char *sjis = iconv_to("SHIFT_JIS", "名称,値\n顧客名簿,3\n", &n);
	char *broken = malloc(n + 2);
	memcpy(broken, sjis, n);
	memcpy(broken + n, "\xA0", 2); /* 0xA0 is unused in CP932 */
	assert_decode_error(broken, n + 1, "line 3, column 1: not UTF-8 or Shift_JIS text");
	broken[n - 4] = '\x7F'; /* the second byte of 簿 */
	assert_decode_error(broken, n, "line 2, column 7: not UTF-8 or Shift_JIS text");
	free(broken);
	free(sjis);

	/* After a UTF-8 mark, the file must be UTF-8 */
	const char bom[] = "\xEF\xBB\xBF名称\n\x82\xA0";
	assert_decode_error(bom, sizeof bom - 1, "line 2, column 1: not UTF-8 text");
}

static void test_decode_refuses_non_text(void **state)
{
	(void)state;
	const char utf16[] = "\xFF\xFE" "a\0,\0b\0";
	assert_decode_error(utf16, sizeof utf16 - 1, "the file is UTF-16 text (Excel's "
		"\"Unicode Text\"); save it as \"CSV UTF-8\" or \"CSV (comma delimited)\"");
	const char nul[] = "a,b\nc\0d";
	assert_decode_error(nul, sizeof nul - 1,
		"line 2, column 2: contains a NUL byte, so this is not a CSV text file");
}

/* --- parsing --- */

static void test_parse_malformed_messages(void **state)
{
	(void)state;
	assert_parse_error("h1,h2\r\n1,2\r\n3,4\r\n5,\"open\r\nmore\r\n",
		"line 4, column 2: quoted field is not closed");
	assert_parse_error("a,b,c\r\nx,y,z\"w\r\n", "line 2, column 3: unexpected '\"'");
	assert_parse_error("a,b\r\n\"x\"y,z\r\n", "line 2, column 1: unexpected '\"'");
	/* text after a closing quote that spans lines: the line of the quote */
	assert_parse_error("a,b\n1,\"two\nlines\" ,3\n", "line 3, column 2: unexpected '\"'");
	/* text csv_decode would not have produced */
	assert_parse_error_n("a,b\nc,d\0e\n", 10, "line 2, column 2: contains a NUL byte");
	assert_parse_error_n("a,\"x\ny\xFF\"\n", 9, "line 2, column 2: not UTF-8 text");
	/* in the interface's language (these tests run in English) */
	i18n_set_lang(LANG_JA);
	assert_parse_error("a,b,c\r\nx,y,z\"w\r\n", "2 行目 3 列: ここに「\"」は置けません");
	assert_parse_error("h1,h2\r\n5,\"open\r\nmore\r\n",
		"2 行目 2 列: 引用符で始まる欄が閉じていません");
	i18n_set_lang(LANG_EN);
}

static void test_parse_line_numbers_after_multiline_field(void **state)
{
	(void)state;
	const char *text = "名称,説明\r\n"
		"顧客名簿,\"一行目\r\n二行目\n三行目\r四行目\"\r\n"
		"見積書,\"\"\"引用\"\"\"\r\n"
		"\n"
		"契約書,最後\r\n";
	csv_doc doc;
	parse_ok(text, &doc);
	assert_int_equal(doc.nrecords, 5);
	static const char *const r1[] = {"顧客名簿", "一行目\r\n二行目\n三行目\r四行目"};
	static const char *const r2[] = {"見積書", "\"引用\""};
	static const char *const r3[] = {""};
	static const char *const r4[] = {"契約書", "最後"};
	assert_record(&doc, 1, 2, 2, r1);
	assert_record(&doc, 2, 6, 2, r2);
	assert_record(&doc, 3, 7, 1, r3); /* an empty line inside the file is kept */
	assert_record(&doc, 4, 8, 2, r4);
	csv_doc_free(&doc);

	/* and an error after it reports the physical line */
	assert_parse_error("a,\"1\r\n2\r\n3\"\r\nb,c\"\r\n", "line 4, column 2: unexpected '\"'");
}

static void test_parse_record_ends(void **state)
{
	(void)state;
	csv_doc doc;
	static const char *const ab[] = {"a", "b"};
	static const char *const cd[] = {"c", "d"};
	const char *texts[] = {"a,b\r\nc,d", "a,b\nc,d\n", "a,b\rc,d\r", "a,b\r\nc,d\r\n\r\n\n"};
	for (size_t i = 0; i < 4; i++) {
		parse_ok(texts[i], &doc);
		assert_int_equal(doc.nrecords, 2);
		assert_record(&doc, 0, 1, 2, ab);
		assert_record(&doc, 1, 2, 2, cd); /* final record, newline or not */
		csv_doc_free(&doc);
	}
}

static void test_parse_empty_fields_and_whitespace(void **state)
{
	(void)state;
	csv_doc doc;
	parse_ok(",,\n a , b \n\"\",x,\n", &doc);
	static const char *const empty[] = {"", "", ""};
	static const char *const spaced[] = {" a ", " b "};
	static const char *const mixed[] = {"", "x", ""};
	assert_int_equal(doc.nrecords, 3);
	assert_record(&doc, 0, 1, 3, empty);
	assert_record(&doc, 1, 2, 2, spaced);
	assert_record(&doc, 2, 3, 3, mixed);
	csv_doc_free(&doc);
}

static void test_parse_empty_input(void **state)
{
	(void)state;
	const char *texts[] = {"", "\r\n", "\n\n"};
	for (size_t i = 0; i < 3; i++) {
		csv_doc doc;
		parse_ok(texts[i], &doc);
		assert_int_equal(doc.nrecords, 0);
		csv_doc_free(&doc);
	}
	csv_doc doc;
	assert_int_equal(csv_parse(NULL, 0, &doc, NULL), MM_OK);
	assert_int_equal(doc.nrecords, 0);
}

static void test_limits(void **state)
{
	(void)state;
	mm_error err = {0};
	char *out = NULL;
	char *big = calloc(CSV_MAX_FILE + 1, 1);
	assert_non_null(big);
	assert_int_equal(csv_decode(big, CSV_MAX_FILE + 1, &out, NULL, NULL, &err), MM_EUSER);
	assert_string_equal(err.msg, "the file is too large (64.0 MiB); the limit is 64 MiB");
	assert_null(out);
	free(big);

	/* a field just over 1 MiB, in a quoted field on line 2, column 3 */
	size_t n = CSV_MAX_FIELD + 64;
	char *text = malloc(n + 1);
	memset(text, 'x', n);
	memcpy(text, "a\nb,c,\"", 7);
	memcpy(text + n - 2, "\"\n", 2);
	text[n] = '\0';
	csv_doc doc;
	assert_int_equal(csv_parse(text, n, &doc, &err), MM_EUSER);
	assert_string_equal(err.msg, "line 2, column 3: field is longer than 1 MiB");
	/* exactly 1 MiB is fine */
	memcpy(text + 7 + CSV_MAX_FIELD, "\"\n", 2);
	assert_int_equal(csv_parse(text, 7 + CSV_MAX_FIELD + 2, &doc, &err), MM_OK);
	assert_int_equal(doc.nrecords, 2);
	assert_int_equal(strlen(doc.records[1].fields[2]), CSV_MAX_FIELD);
	csv_doc_free(&doc);
	free(text);
}

int main(void)
{
	i18n_set_lang(LANG_EN); /* the messages below are checked in English */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_tricky_records),
		cmocka_unit_test(test_write_quotes_only_when_needed),
		cmocka_unit_test(test_formula_guard_round_trip),
		cmocka_unit_test(test_formula_guard_off),
		cmocka_unit_test(test_decode_strips_bom),
		cmocka_unit_test(test_decode_plain_utf8_unchanged),
		cmocka_unit_test(test_decode_shift_jis_from_excel),
		cmocka_unit_test(test_cp932_round_trip),
		cmocka_unit_test(test_encode_utf8_with_and_without_bom),
		cmocka_unit_test(test_encode_cp932_names_the_emoji),
		cmocka_unit_test(test_decode_error_names_byte),
		cmocka_unit_test(test_decode_refuses_non_text),
		cmocka_unit_test(test_parse_malformed_messages),
		cmocka_unit_test(test_parse_line_numbers_after_multiline_field),
		cmocka_unit_test(test_parse_record_ends),
		cmocka_unit_test(test_parse_empty_fields_and_whitespace),
		cmocka_unit_test(test_parse_empty_input),
		cmocka_unit_test(test_limits),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	tu_cleanup();
	return rc;
}
