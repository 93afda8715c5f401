/* test_text.c — UTF-8 and display width as a Japanese workshop screen needs
 * them: how wide a title is, where it is cut, and how a long Japanese or
 * English text is wrapped into the columns a terminal has. */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"

/* --- decoding and encoding --- */

static void assert_decodes(const char *s, size_t n, uint32_t want, size_t want_len)
{
	uint32_t cp = 0x12345;
	assert_int_equal(utf8_decode(s, n, &cp), want_len);
	assert_int_equal(cp, want);
}

static void test_utf8_round_trip(void **state)
{
	(void)state;
	/* one code point of every length, and the edges of each length */
	static const uint32_t cps[] = {
		0x00, 0x41, 0x7F, 0x80, 0xE9, 0x7FF, 0x800, 0x3042, 0x6F22, 0xFF21,
		0xFF71, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x20B9F, 0x10FFFF,
	};
	static const size_t lens[] = {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4};
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		char out[8];
		memset(out, 'x', sizeof out);
		size_t n = utf8_encode(cps[i], out);
		assert_int_equal(n, lens[i]);
		assert_int_equal(out[n], 'x'); /* nothing written past the character */
		assert_decodes(out, n, cps[i], n);
		assert_true(utf8_valid(out, n));
	}

	/* the bytes every editor writes for these characters */
	char out[4];
	assert_int_equal(utf8_encode(0x3042, out), 3);
	assert_memory_equal(out, "あ", 3);
	assert_int_equal(utf8_encode(0x1F600, out), 4);
	assert_memory_equal(out, "😀", 4);
	assert_decodes("漢字", 6, 0x6F22, 3);
	assert_decodes("ｱ", 3, 0xFF71, 3);

	/* nothing to decode */
	uint32_t cp = 7;
	assert_int_equal(utf8_decode("abc", 0, &cp), 0);
}

static void test_utf8_invalid_is_replacement(void **state)
{
	(void)state;
	/* each broken sequence uses one byte and yields U+FFFD, so the caller
	 * resynchronises at the next byte */
	assert_decodes("\x80", 1, 0xFFFD, 1);          /* lone continuation byte */
	assert_decodes("\xBF" "A", 2, 0xFFFD, 1);
	assert_decodes("\xC3", 1, 0xFFFD, 1);          /* truncated 2-byte */
	assert_decodes("\xE3\x81", 2, 0xFFFD, 1);      /* truncated あ */
	assert_decodes("\xE3\x81" "A", 3, 0xFFFD, 1);  /* あ cut by an ASCII byte */
	assert_decodes("\xE3\x81\x82", 2, 0xFFFD, 1);  /* N stops it inside the character */
	assert_decodes("\xC0\xAF", 2, 0xFFFD, 1);      /* overlong '/' */
	assert_decodes("\xE0\x80\xAF", 3, 0xFFFD, 1);  /* overlong '/' */
	assert_decodes("\xF0\x80\x80\xAF", 4, 0xFFFD, 1);
	assert_decodes("\xED\xA0\x80", 3, 0xFFFD, 1);  /* UTF-16 surrogate D800 */
	assert_decodes("\xED\xBF\xBF", 3, 0xFFFD, 1);  /* surrogate DFFF */
	assert_decodes("\xF4\x90\x80\x80", 4, 0xFFFD, 1); /* above U+10FFFF */
	assert_decodes("\xF5\x80\x80\x80", 4, 0xFFFD, 1);
	assert_decodes("\xF8\x88\x80\x80\x80", 5, 0xFFFD, 1);
	assert_decodes("\xFE", 1, 0xFFFD, 1);
	assert_decodes("\xFF", 1, 0xFFFD, 1);
	assert_decodes("\x82\xA0", 2, 0xFFFD, 1);      /* Shift_JIS あ */

	assert_false(utf8_valid("\x82\xA0", 2));
	assert_false(utf8_valid("abc\xE3\x81", 5));
	assert_false(utf8_valid("\xED\xA0\x80", 3));
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("日本語 and English", strlen("日本語 and English")));
	/* a real U+FFFD in the text is valid, not an error */
	assert_true(utf8_valid("a\xEF\xBF\xBD" "b", 5));

	/* a Shift_JIS string is measured as it is drawn, each invalid byte as
	 * "<0x93>" (text_escape_controls), never as a crash or a negative width */
	assert_int_equal(text_width("\x93\xFA\x96\x7B"), 19); /* 日本 in Shift_JIS: <0x93><0xFA><0x96>{ */
	assert_int_equal(text_nwidth("\xE6\x97", 2), 12);         /* half of 日: <0xE6><0x97> */
}

/* --- width --- */

static void test_cp_width(void **state)
{
	(void)state;
	assert_int_equal(cp_width('A'), 1);
	assert_int_equal(cp_width(' '), 1);
	assert_int_equal(cp_width('~'), 1);
	assert_int_equal(cp_width(0xE9), 1);    /* é */
	assert_int_equal(cp_width(0x3042), 2);  /* あ hiragana */
	assert_int_equal(cp_width(0x30A2), 2);  /* ア katakana */
	assert_int_equal(cp_width(0x30FC), 2);  /* ー long vowel mark */
	assert_int_equal(cp_width(0x6F22), 2);  /* 漢 */
	assert_int_equal(cp_width(0x9AD9), 2);  /* 髙 */
	assert_int_equal(cp_width(0x20B9F), 2); /* 𠮟, outside the BMP */
	assert_int_equal(cp_width(0x3000), 2);  /* ideographic space */
	assert_int_equal(cp_width(0x3001), 2);  /* 、 */
	assert_int_equal(cp_width(0x300C), 2);  /* 「 */
	assert_int_equal(cp_width(0xFF21), 2);  /* Ａ full-width */
	assert_int_equal(cp_width(0xFF10), 2);  /* ０ full-width */
	assert_int_equal(cp_width(0xFF08), 2);  /* （ */
	assert_int_equal(cp_width(0xFF5E), 2);  /* ～ */
	assert_int_equal(cp_width(0xFF71), 1);  /* ｱ half-width katakana */
	assert_int_equal(cp_width(0xFF9E), 1);  /* ﾞ half-width voiced mark */
	assert_int_equal(cp_width(0xFF61), 1);  /* ｡ half-width full stop */
	assert_int_equal(cp_width(0xAC00), 2);  /* 가 Hangul */
	assert_int_equal(cp_width(0x1F600), 2); /* 😀 */
	assert_int_equal(cp_width(0x0301), 0);  /* combining acute */
	assert_int_equal(cp_width(0x3099), 0);  /* combining dakuten */
	assert_int_equal(cp_width(0x200B), 0);  /* zero width space */
	assert_int_equal(cp_width(0xFE0F), 0);  /* variation selector */
	assert_int_equal(cp_width(0xFEFF), 0);  /* byte order mark */
	/* controls as they are drawn (text_escape_controls): ^I, ^?, <U+009B> */
	assert_int_equal(cp_width('\t'), 2);
	assert_int_equal(cp_width('\n'), 0);
	assert_int_equal(cp_width(0x7F), 2);
	assert_int_equal(cp_width(0x9B), 8);
	assert_int_equal(cp_width(0xFFFD), 1);
}

static void test_text_width(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("mamori"), 6);
	assert_int_equal(text_width("日本語"), 6);
	assert_int_equal(text_width("第1回の進め方"), 13);
	assert_int_equal(text_width("ＩＴ投資 (IT)"), 13);
	assert_int_equal(text_width("ｱﾝｹｰﾄ用紙"), 9);
	assert_int_equal(text_width("カ\xE3\x82\x99"), 2); /* カ + combining dakuten = ガ */
	assert_int_equal(text_width("e\xCC\x81te\xCC\x81"), 3); /* été, decomposed */
	assert_int_equal(text_width("📎 添付"), 7);
	assert_int_equal(text_nwidth("日本語", 6), 4);
	assert_int_equal(text_nwidth("abc", 0), 0);
}

/* --- fitting into columns --- */

static void test_text_fit_keeps_characters_whole(void **state)
{
	(void)state;
	int w = -1;
	assert_int_equal(text_fit("日本語", 3, &w), 3); /* "日", not half of 本 */
	assert_int_equal(w, 2);
	assert_int_equal(text_fit("日本語", 4, &w), 6);
	assert_int_equal(w, 4);
	assert_int_equal(text_fit("日本語", 1, &w), 0);
	assert_int_equal(w, 0);
	assert_int_equal(text_fit("日本語", 0, &w), 0);
	assert_int_equal(w, 0);
	assert_int_equal(text_fit("日本語", 80, &w), strlen("日本語"));
	assert_int_equal(w, 6);
	assert_int_equal(text_fit("ab日本", 3, &w), 2);
	assert_int_equal(w, 2);
	assert_int_equal(text_fit("ab日本", 4, &w), 5);
	assert_int_equal(w, 4);
	assert_int_equal(text_fit("", 5, &w), 0);
	assert_int_equal(w, 0);
	/* a combining mark stays with its letter */
	assert_int_equal(text_fit("e\xCC\x81x", 1, &w), 3);
	assert_int_equal(w, 1);
	assert_int_equal(text_fit("ｱｲｳ", 2, NULL), 6); /* half-width kana: 1 column each */
}

/* text_fit_pad into COLS columns: the exact text and that it is COLS wide */
static void assert_fit_pad(const char *s, int cols, const char *want)
{
	char *out = malloc(strlen(s) + (size_t)(cols > 0 ? cols : 0) + 4);
	assert_non_null(out);
	text_fit_pad(s, cols, out);
	assert_string_equal(out, want);
	assert_int_equal(text_width(out), cols > 0 ? cols : 0);
	free(out);
}

static void test_text_fit_pad(void **state)
{
	(void)state;
	/* short: padded with spaces */
	assert_fit_pad("abc", 6, "abc   ");
	assert_fit_pad("日本", 5, "日本 ");
	assert_fit_pad("日本", 4, "日本");
	assert_fit_pad("", 3, "   ");
	/* long: cut with '~' in the last column, never half a character */
	assert_fit_pad("abcdefgh", 5, "abcd~");
	assert_fit_pad("日本語テキスト", 5, "日本~");  /* odd: 4 + '~' */
	assert_fit_pad("日本語テキスト", 6, "日本~ "); /* even: 4 + '~' + pad */
	assert_fit_pad("日本語テキスト", 7, "日本語~");
	assert_fit_pad("日本語テキスト", 2, "~ ");
	assert_fit_pad("日本語テキスト", 1, "~");
	assert_fit_pad("a日本語", 4, "a日~");
	assert_fit_pad("a日本語", 3, "a~ ");
	assert_fit_pad("第1回の進め方", 12, "第1回の進め~");
	assert_fit_pad("第1回の進め方", 13, "第1回の進め方");
	assert_fit_pad("ｱﾝｹｰﾄ用紙", 6, "ｱﾝｹｰﾄ~");
	assert_fit_pad("anything", 0, "");

	/* every odd and even width from 1 to 20 for a long Japanese title */
	const char *title = "中小企業サイバーセキュリティ実践プログラム";
	for (int cols = 1; cols <= 20; cols++) {
		char out[256];
		text_fit_pad(title, cols, out);
		assert_int_equal(text_width(out), cols);
		assert_true(utf8_valid(out, strlen(out)));
		size_t n = strlen(out);
		size_t body = n;
		while (body > 0 && out[body - 1] == ' ')
			body--;
		assert_int_equal(out[body - 1], '~');
		assert_memory_equal(out, title, body - 1); /* a prefix of the title */
	}
}

static void test_text_offset_at_col(void **state)
{
	(void)state;
	/* 日 covers columns 0-1, 本 2-3, 語 4-5 */
	assert_int_equal(text_offset_at_col("日本語", 0), 0);
	assert_int_equal(text_offset_at_col("日本語", 1), 0); /* right half of 日 */
	assert_int_equal(text_offset_at_col("日本語", 2), 3);
	assert_int_equal(text_offset_at_col("日本語", 3), 3);
	assert_int_equal(text_offset_at_col("日本語", 4), 6);
	assert_int_equal(text_offset_at_col("日本語", 5), 6);
	assert_int_equal(text_offset_at_col("日本語", 6), 9); /* past the end */
	assert_int_equal(text_offset_at_col("日本語", 40), 9);
	assert_int_equal(text_offset_at_col("ab日c", 1), 1);
	assert_int_equal(text_offset_at_col("ab日c", 2), 2);
	assert_int_equal(text_offset_at_col("ab日c", 3), 2);
	assert_int_equal(text_offset_at_col("ab日c", 4), 5);
	assert_int_equal(text_offset_at_col("", 3), 0);
	/* column 1 of "éx" (decomposed) is the x, after the combining mark */
	assert_int_equal(text_offset_at_col("e\xCC\x81x", 1), 3);
}

/* --- wrapping --- */

typedef struct lines {
	char *v[64];
	size_t n;
} lines;

static void collect(const char *line, size_t len, void *ctx)
{
	lines *l = ctx;
	assert_true(l->n < sizeof l->v / sizeof l->v[0]);
	l->v[l->n++] = xstrndup(line, len);
}

static void wrap(const char *s, int cols, lines *l)
{
	memset(l, 0, sizeof *l);
	text_wrap(s, cols, collect, l);
}

static void lines_free(lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	l->n = 0;
}

static void assert_lines(const char *s, int cols, size_t n, const char *const *want)
{
	lines l;
	wrap(s, cols, &l);
	assert_int_equal(l.n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(l.v[i], want[i]);
	lines_free(&l);
}

static void test_wrap_japanese_without_spaces(void **state)
{
	(void)state;
	const char *s = "自社で使っているITと実施中の対策を棚卸しし、課題と対策を整理する";
	lines l;
	wrap(s, 10, &l);
	buf all = {0};
	for (size_t i = 0; i < l.n; i++) {
		assert_true(text_width(l.v[i]) <= 10);
		if (i + 1 < l.n) /* full lines, not one character each */
			assert_int_equal(text_width(l.v[i]), 10);
		assert_true(utf8_valid(l.v[i], strlen(l.v[i])));
		buf_puts(&all, l.v[i]);
	}
	assert_string_equal(buf_str(&all), s); /* nothing lost, nothing doubled */
	assert_int_equal(l.n, 7); /* 63 columns in 10-column lines, never a split kanji */
	assert_string_equal(l.v[0], "自社で使っ");
	assert_string_equal(l.v[1], "ているITと");
	lines_free(&l);
	buf_free(&all);

	/* an odd width leaves the last column free rather than splitting */
	static const char *const odd[] = {"日本", "語で", "す"};
	assert_lines("日本語です", 5, 3, odd);
}

static void test_wrap_english_at_spaces(void **state)
{
	(void)state;
	static const char *const want[] = {"Take stock of", "the IT your", "company uses"};
	assert_lines("Take stock of the IT your company uses", 14, 3, want);

	/* a word longer than the line is cut */
	static const char *const longword[] = {"see", "multi-fact", "or"};
	assert_lines("see multi-factor", 10, 3, longword);

	/* every line fits, and only spaces are lost */
	const char *s = "Reused or short passwords are a way in for attackers.";
	lines l;
	wrap(s, 12, &l);
	buf all = {0};
	for (size_t i = 0; i < l.n; i++) {
		assert_true(text_width(l.v[i]) <= 12);
		assert_true(l.v[i][0] != ' ');
		buf_printf(&all, "%s%s", i ? " " : "", l.v[i]);
	}
	assert_string_equal(buf_str(&all), s);
	lines_free(&l);
	buf_free(&all);

	/* text that fits is one line */
	static const char *const one[] = {"fits"};
	assert_lines("fits", 10, 1, one);
}

/* 禁則: 。 would fall at the start of the second line at width 16, so the
 * character before it moves down too; no line starts with 。 or 、. */
static void test_wrap_kinsoku(void **state)
{
	(void)state;
	lines l;
	wrap("これはテストです。句読点、かっこ）は行頭に来ません。", 16, &l);
	assert_true(l.n >= 2);
	assert_string_equal(l.v[0], "これはテストで");
	for (size_t k = 0; k < l.n; k++) {
		assert_true(strncmp(l.v[k], "。", 3) != 0);
		assert_true(strncmp(l.v[k], "、", 3) != 0);
		assert_true(strncmp(l.v[k], "）", 3) != 0);
		assert_true(text_width(l.v[k]) <= 16);
	}
	lines_free(&l);
}

static void test_wrap_explicit_newlines(void **state)
{
	(void)state;
	static const char *const want[] = {"## 進め方", "1. 書き出す", "", "2. 共有"};
	assert_lines("## 進め方\n1. 書き出す\n\n2. 共有", 40, 4, want);

	/* a break inside a paragraph and a newline together */
	static const char *const mixed[] = {"一二三四", "五", "六七"};
	assert_lines("一二三四五\n六七", 8, 3, mixed);

	/* a trailing newline adds no empty line; nothing is emitted for "" */
	static const char *const trail[] = {"abc"};
	assert_lines("abc\n", 10, 1, trail);
	assert_lines("", 10, 0, NULL);
}

/* --- control characters on screen --- */

/* Cell text is drawn with its controls shown as text (text_escape_controls:
 * "<U+202E>", "^[", "<0xFF>"); every width, cut and cursor column measured
 * on the text itself agrees with what is drawn, so an editor's cursor stays
 * on the character it is on and columns stay aligned. */
static void test_widths_agree_with_escaped_text(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"abc\xe2\x80\xae" "def\xe2\x80\xac" "ghi", /* RLO ... PDF */
		"\xe2\x81\xa6" "isolate\xe2\x81\xa9", "mark\xe2\x80\x8f\xe2\x80\x8e\xd8\x9c",
		"esc\x1b[31mred\x07", "tab\there", "del\x7f", "c1\xc2\x9b" "31m\xc2\x85",
		"bad\xff\xfe byte", "日本語\xe2\x80\xae漢字",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *t = texts[i];
		buf b = {0};
		text_escape_controls(t, strlen(t), "", &b);
		if (text_width(t) != text_width(buf_str(&b)))
			fail_msg("text %zu: width %d, drawn as \"%s\" (%d columns)", i, text_width(t),
				buf_str(&b), text_width(buf_str(&b)));
		/* every character boundary: the columns before it agree */
		for (size_t k = 0; k <= strlen(t);) {
			buf p = {0};
			text_escape_controls(t, k, "", &p);
			assert_int_equal(text_nwidth(t, k), text_width(buf_str(&p)));
			assert_int_equal(text_offset_at_col(t, text_nwidth(t, k)), k);
			buf_free(&p);
			if (k == strlen(t))
				break;
			uint32_t cp;
			k += utf8_decode(t + k, strlen(t) - k, &cp);
		}
		buf_free(&b);
	}
	assert_int_equal(cp_width(0x202E), 8); /* <U+202E> */
	assert_int_equal(cp_width(0x1B), 2);   /* ^[ */
	assert_int_equal(cp_width(0x85), 8);   /* <U+0085> */
	assert_int_equal(text_width("a\xff"), 7); /* a<0xFF> */
	/* a cut never splits a marker: it is one character */
	int w = 0;
	assert_int_equal(text_fit("ab\xe2\x80\xae" "cd", 5, &w), 2);
	assert_int_equal(w, 2);
	assert_int_equal(text_fit("ab\xe2\x80\xae" "cd", 10, &w), 5);
	assert_int_equal(w, 10);
}

/* Names as people mean them (the roster): NFKC for full-width ASCII and
 * half-width katakana, spaces trimmed and collapsed. */
static void test_normalize_name(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"山田", "山田"}, {"山田 ", "山田"}, {"山田　", "山田"}, {"　山田　太郎　", "山田 太郎"},
		{"\t山田  \t 太郎\n", "山田 太郎"}, {"ＡＢＣ商事１２３", "ABC商事123"},
		{"ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"}, {"ﾊﾟｿｺﾝ", "パソコン"}, {"ｳﾞｧ", "ヴァ"},
		{" 　 ", ""}, {"", ""}, {"ﾞ", "\xe3\x82\x99"}, {"a\xc2\xa0" "b", "a b"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf b = {0};
		text_normalize_name(cases[i][0], strlen(cases[i][0]), &b);
		if (strcmp(buf_str(&b), cases[i][1]) != 0)
			fail_msg("\"%s\" -> \"%s\", want \"%s\"", cases[i][0], buf_str(&b), cases[i][1]);
		buf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_round_trip),
		cmocka_unit_test(test_utf8_invalid_is_replacement),
		cmocka_unit_test(test_cp_width),
		cmocka_unit_test(test_text_width),
		cmocka_unit_test(test_text_fit_keeps_characters_whole),
		cmocka_unit_test(test_text_fit_pad),
		cmocka_unit_test(test_text_offset_at_col),
		cmocka_unit_test(test_wrap_japanese_without_spaces),
		cmocka_unit_test(test_wrap_english_at_spaces),
		cmocka_unit_test(test_wrap_explicit_newlines),
		cmocka_unit_test(test_wrap_kinsoku),
		cmocka_unit_test(test_widths_agree_with_escaped_text),
		cmocka_unit_test(test_normalize_name),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	tu_cleanup();
	return rc;
}
