/* test_edit.c — the editing widgets as a workshop participant uses them,
 * without a terminal: Japanese arriving from the IME, the cursor moving over
 * double-width characters, the view scrolling, words across scripts, kills,
 * undo, limits, and a soft-wrapped document edited line by line. */
#include "testutil.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "text.h"

static void type(edit_line *e, const char *s)
{
	if (!edit_insert(e, s))
		fail_msg("edit_insert(\"%s\") refused", s);
}

static void ttype(edit_text *e, const char *s)
{
	if (!edit_text_insert(e, s))
		fail_msg("edit_text_insert(\"%s\") refused", s);
}

static void assert_line(const edit_line *e, const char *text, int col)
{
	assert_string_equal(edit_get_text(e), text);
	assert_int_equal(edit_cursor_col(e), col);
	assert_true(utf8_valid(edit_get_text(e), strlen(edit_get_text(e))));
}

static void assert_text_cursor(const edit_text *e, int line, size_t byte)
{
	int l;
	size_t b;
	edit_text_cursor(e, &l, &b);
	assert_int_equal(l, line);
	assert_int_equal(b, byte);
}

static void assert_rc(const edit_text *e, int width, int row, int col)
{
	int r, c;
	edit_text_cursor_rc(e, width, &r, &c);
	assert_int_equal(r, row);
	assert_int_equal(c, col);
}

/* Whether display column COL of S is where a character starts (or the end). */
static bool is_boundary(const char *s, int col)
{
	size_t n = strlen(s), i = 0;
	int w = 0;
	while (w < col && i < n) {
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		w += cp_width(cp);
	}
	return w == col;
}

/* --- single line --- */

static void test_type_japanese_ime_commits(void **state)
{
	(void)state;
	edit_line e;
	edit_init(&e, 0);
	assert_line(&e, "", 0);
	type(&e, "情報資産");
	assert_line(&e, "情報資産", 8);
	type(&e, "台帳");
	assert_line(&e, "情報資産台帳", 12);
	assert_int_equal(edit_cursor(&e), strlen("情報資産台帳"));
	edit_free(&e);
}

static void test_left_right_over_double_width(void **state)
{
	(void)state;
	edit_line e;
	edit_init(&e, 0);
	type(&e, "情報資産台帳");
	assert_true(edit_left(&e));
	assert_line(&e, "情報資産台帳", 10);
	assert_int_equal(edit_cursor(&e), strlen("情報資産台"));
	assert_true(edit_right(&e));
	assert_int_equal(edit_cursor_col(&e), 12);
	assert_false(edit_right(&e));

	edit_set_text(&e, "ab情");
	assert_int_equal(edit_cursor_col(&e), 4);
	assert_true(edit_left(&e));
	assert_int_equal(edit_cursor_col(&e), 2);
	assert_true(edit_left(&e));
	assert_int_equal(edit_cursor_col(&e), 1);
	assert_true(edit_home(&e));
	assert_false(edit_left(&e));
	assert_true(edit_end(&e));
	assert_int_equal(edit_cursor_col(&e), 4);

	/* a macOS NFD "が" (か + combining dakuten) is one character */
	edit_set_text(&e, "か\xE3\x82\x99");
	assert_int_equal(edit_cursor_col(&e), 2);
	assert_true(edit_left(&e));
	assert_int_equal(edit_cursor(&e), 0);
	assert_true(edit_right(&e));
	assert_int_equal(edit_cursor(&e), 6);
	edit_free(&e);
}

static void test_backspace_deletes_whole_character(void **state)
{
	(void)state;
	edit_line e;
	edit_init(&e, 0);
	type(&e, "情報a資");
	assert_true(edit_backspace(&e));
	assert_line(&e, "情報a", 5);
	assert_int_equal(strlen(edit_get_text(&e)), 7);
	assert_true(edit_backspace(&e));
	assert_true(edit_backspace(&e));
	assert_line(&e, "情", 2);
	assert_true(edit_backspace(&e));
	assert_line(&e, "", 0);
	assert_false(edit_backspace(&e));

	edit_set_text(&e, "情報");
	edit_home(&e);
	assert_true(edit_delete(&e));
	assert_line(&e, "報", 0);
	edit_end(&e);
	assert_false(edit_delete(&e));

	edit_set_text(&e, "かか\xE3\x82\x99");
	assert_true(edit_backspace(&e));
	assert_line(&e, "か", 2);
	edit_free(&e);
}

static void test_insert_in_the_middle(void **state)
{
	(void)state;
	edit_line e;
	edit_init(&e, 0);
	type(&e, "情報産");
	assert_true(edit_left(&e));
	type(&e, "資");
	assert_line(&e, "情報資産", 6);
	assert_int_equal(edit_cursor(&e), strlen("情報資"));
	edit_home(&e);
	type(&e, "IT");
	assert_line(&e, "IT情報資産", 2);
	edit_free(&e);
}

static void check_view(const edit_line *e, const char *text)
{
	int cur = edit_cursor_col(e), s = e->scroll;
	if (!is_boundary(text, s))
		fail_msg("scroll %d is inside a double-width character (cursor %d)", s, cur);
	if (cur - s < 0 || cur - s > 9)
		fail_msg("cursor column %d not visible from %d in 10 columns", cur, s);
	if (s > 0 && cur - s < 1)
		fail_msg("no margin: cursor %d at the left edge %d", cur, s);
	assert_int_equal(edit_view_scroll(e, 10), s); /* stable once set */
}

static void test_view_scroll_never_mid_character(void **state)
{
	(void)state;
	/* "a" first: characters start on odd columns, a half-way scroll shows */
	const char *text = "a情報セキュリティ基本方針は、全社員に周知し年に一度見直す";
	edit_line e;
	edit_init(&e, 0);
	edit_set_text(&e, text);
	edit_home(&e);
	edit_view(&e, 10);
	assert_int_equal(e.scroll, 0);
	int max_scroll = 0;
	do {
		edit_view(&e, 10);
		check_view(&e, text);
		if (e.scroll > max_scroll)
			max_scroll = e.scroll;
	} while (edit_right(&e));
	check_view(&e, text);
	assert_int_equal(edit_cursor_col(&e), text_width(text));
	assert_true(max_scroll > 0);
	/* the end and the cursor after it need TOTAL - 9; that is the second half
	 * of a character (TOTAL is odd), so one more */
	assert_int_equal(text_width(text) % 2, 1);
	assert_int_equal(e.scroll, text_width(text) - 8);

	/* deleting at the end pulls the view back: no empty columns on the right */
	for (int i = 0; i < 3; i++) {
		assert_true(edit_backspace(&e));
		check_view(&e, edit_get_text(&e));
		assert_int_equal(e.scroll, text_width(edit_get_text(&e)) - 8);
	}
	edit_set_text(&e, text);
	edit_view(&e, 10);

	/* moving back, the view stays until the cursor reaches its margin */
	int end_scroll = e.scroll;
	edit_left(&e);
	assert_int_equal(e.scroll, end_scroll);
	while (edit_left(&e))
		check_view(&e, text); /* edits keep the view of the last width */
	assert_int_equal(e.scroll, 0);

	/* a long line typed at once, and a jump to the end */
	edit_set_text(&e, "");
	edit_view(&e, 10);
	type(&e, text);
	check_view(&e, text);
	edit_home(&e);
	assert_int_equal(e.scroll, 0);
	edit_end(&e);
	check_view(&e, text);
	edit_free(&e);
}

static void test_word_movement_across_scripts(void **state)
{
	(void)state;
	edit_line e;
	edit_init(&e, 0);
	edit_set_text(&e, "情報セキュリティ対策abc");
	edit_home(&e);
	static const int right[] = {4, 16, 20, 23};
	for (size_t i = 0; i < 4; i++) {
		assert_true(edit_word_right(&e));
		assert_int_equal(edit_cursor_col(&e), right[i]);
	}
	assert_false(edit_word_right(&e));
	static const int left[] = {20, 16, 4, 0};
	for (size_t i = 0; i < 4; i++) {
		assert_true(edit_word_left(&e));
		assert_int_equal(edit_cursor_col(&e), left[i]);
	}
	assert_false(edit_word_left(&e));

	/* hiragana okurigana, punctuation, spaces and digits */
	edit_set_text(&e, "確認する、2024年 abc  def");
	static const int back[] = {22, 17, 14, 10, 8, 4, 0};
	for (size_t i = 0; i < 7; i++) {
		assert_true(edit_word_left(&e));
		assert_int_equal(edit_cursor_col(&e), back[i]);
	}
	assert_true(edit_word_right(&e));
	assert_int_equal(edit_cursor_col(&e), 4);
	edit_free(&e);
}

static void test_kill_and_yank(void **state)
{
	(void)state;
	edit_line e;
	edit_init(&e, 0);
	assert_false(edit_yank(&e)); /* nothing killed yet */
	type(&e, "情報資産台帳");
	edit_left(&e);
	edit_left(&e);
	assert_true(edit_kill_end(&e));
	assert_line(&e, "情報資産", 8);
	assert_false(edit_kill_end(&e));
	edit_home(&e);
	assert_true(edit_yank(&e));
	assert_line(&e, "台帳情報資産", 4);

	edit_set_text(&e, "情報資産台帳");
	edit_left(&e);
	edit_left(&e);
	assert_true(edit_kill_start(&e));
	assert_line(&e, "台帳", 0);
	assert_false(edit_kill_start(&e));
	edit_end(&e);
	assert_true(edit_yank(&e));
	assert_line(&e, "台帳情報資産", 12);

	/* Ctrl-W by script class, and two in a row yank back as one */
	edit_set_text(&e, "情報セキュリティ対策");
	assert_true(edit_kill_word(&e));
	assert_line(&e, "情報セキュリティ", 16);
	assert_true(edit_kill_word(&e));
	assert_line(&e, "情報", 4);
	assert_true(edit_yank(&e));
	assert_line(&e, "情報セキュリティ対策", 20);
	assert_true(edit_yank(&e)); /* the kill is still there */
	assert_line(&e, "情報セキュリティ対策セキュリティ対策", 36);
	edit_free(&e);
}

static void test_undo(void **state)
{
	(void)state;
	edit_line e;
	edit_init(&e, 0);
	assert_false(edit_undo(&e));
	type(&e, "情報資産");
	type(&e, "台帳");
	assert_true(edit_undo(&e));
	assert_line(&e, "情報資産", 8);
	assert_true(edit_undo(&e));
	assert_line(&e, "", 0);
	assert_false(edit_undo(&e));

	/* keys typed one by one undo a word at a time */
	const char *keys[] = {"a", "b", "c", " ", "d", "e"};
	for (size_t i = 0; i < 6; i++)
		type(&e, keys[i]);
	assert_true(edit_undo(&e));
	assert_line(&e, "abc ", 4);
	assert_true(edit_undo(&e));
	assert_line(&e, "", 0);

	/* a run of backspaces, and a kill, are one step each */
	edit_set_text(&e, "情報資産台帳");
	assert_false(edit_undo(&e)); /* set_text starts a new history */
	edit_backspace(&e);
	edit_backspace(&e);
	edit_backspace(&e);
	assert_line(&e, "情報資", 6);
	edit_home(&e);
	edit_right(&e);
	edit_kill_end(&e);
	assert_line(&e, "情", 2);
	assert_true(edit_undo(&e));
	assert_line(&e, "情報資", 2);
	assert_true(edit_undo(&e));
	assert_line(&e, "情報資産台帳", 12);
	assert_false(edit_undo(&e));

	/* only the last EDIT_UNDO_MAX steps are kept */
	edit_set_text(&e, "");
	for (int i = 0; i < EDIT_UNDO_MAX + 8; i++)
		type(&e, "情報");
	int undone = 0;
	while (edit_undo(&e))
		undone++;
	assert_int_equal(undone, EDIT_UNDO_MAX);
	assert_int_equal(edit_cursor_col(&e), 8 * 4);
	edit_free(&e);
}

static void test_control_characters_rejected(void **state)
{
	(void)state;
	edit_line e;
	edit_init(&e, 0);
	type(&e, "情報");
	static const char *const bad[] = {
		"a\tb", "\x1b[A", "\n", "\r", "\x7f", "\xC2\x85", "\xE6\x83", "a\xFF", "",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (edit_insert(&e, bad[i]))
			fail_msg("control or invalid text %zu was inserted", i);
		assert_line(&e, "情報", 4);
	}
	assert_false(edit_set_text(&e, "情報\t資産\n台帳\x01"));
	assert_line(&e, "情報 資産 台帳", 14);
	assert_false(edit_set_text(&e, "a\xFF" "b"));
	assert_string_equal(edit_get_text(&e), "a\xEF\xBF\xBD" "b");
	assert_true(edit_set_text(&e, "情報資産"));

	edit_text t;
	edit_text_init(&t, 0);
	ttype(&t, "情報\n資産");
	assert_false(edit_text_insert(&t, "\t"));
	assert_false(edit_text_insert(&t, "\r\n"));
	assert_string_equal(edit_text_get(&t), "情報\n資産");
	assert_false(edit_text_set(&t, "a\r\nb\rc\n\x02"));
	assert_string_equal(edit_text_get(&t), "a\nb\nc\n");
	edit_text_free(&t);
	edit_free(&e);
}

static void test_max_length_at_character_boundary(void **state)
{
	(void)state;
	edit_line e;
	edit_init(&e, 10);
	assert_true(edit_insert(&e, "情報資産")); /* 12 bytes: 3 characters fit */
	assert_line(&e, "情報資", 6);
	assert_false(edit_insert(&e, "台"));
	assert_true(edit_insert(&e, "a"));
	assert_false(edit_insert(&e, "b"));
	assert_line(&e, "情報資a", 7);
	assert_int_equal(strlen(edit_get_text(&e)), 10);
	edit_home(&e);
	assert_false(edit_yank(&e));
	assert_false(edit_set_text(&e, "情報資産台帳"));
	assert_line(&e, "情報資", 6);
	edit_free(&e);

	/* a base character and its combining mark are kept together */
	edit_init(&e, 5);
	assert_true(edit_insert(&e, "aか\xE3\x82\x99"));
	assert_line(&e, "a", 1);
	assert_true(edit_insert(&e, "か"));
	assert_line(&e, "aか", 3);
	edit_free(&e);

	edit_text t;
	edit_text_init(&t, 8);
	ttype(&t, "ab\ncd\nef");
	assert_false(edit_text_newline(&t));
	assert_string_equal(edit_text_get(&t), "ab\ncd\nef");
	edit_text_free(&t);
}

/* --- multi-line --- */

static void test_text_enter_splits_line(void **state)
{
	(void)state;
	edit_text t;
	edit_text_init(&t, 0);
	edit_text_set(&t, "情報資産台帳");
	assert_text_cursor(&t, 0, 0);
	edit_text_end(&t);
	edit_text_left(&t);
	edit_text_left(&t);
	assert_true(edit_text_newline(&t));
	assert_string_equal(edit_text_get(&t), "情報資産\n台帳");
	assert_text_cursor(&t, 1, 0);
	ttype(&t, "の");
	assert_string_equal(edit_text_get(&t), "情報資産\nの台帳");
	assert_text_cursor(&t, 1, 3);
	assert_true(edit_text_home(&t));
	assert_true(edit_text_left(&t)); /* to the end of the line above */
	assert_text_cursor(&t, 0, 12);
	assert_true(edit_text_undo(&t));
	assert_true(edit_text_undo(&t));
	assert_string_equal(edit_text_get(&t), "情報資産台帳");
	edit_text_free(&t);
}

static void test_text_up_down_keep_display_column(void **state)
{
	(void)state;
	edit_text t;
	edit_text_init(&t, 0);
	edit_text_set(&t, "日本語の文書\nabc\n情報資産台帳\nabcde");
	for (int i = 0; i < 3; i++)
		edit_text_right(&t);
	assert_text_cursor(&t, 0, 9); /* after 日本語, column 6 */
	assert_true(edit_text_down(&t));
	assert_text_cursor(&t, 1, 3);  /* the end of "abc" */
	assert_true(edit_text_down(&t));
	assert_text_cursor(&t, 2, 9);  /* back on column 6: after 情報資 */
	assert_rc(&t, 0, 2, 6);
	assert_true(edit_text_down(&t));
	assert_text_cursor(&t, 3, 5);
	assert_true(edit_text_up(&t));
	assert_text_cursor(&t, 2, 9);
	assert_true(edit_text_up(&t));
	assert_true(edit_text_up(&t));
	assert_text_cursor(&t, 0, 9);

	/* column 3 is the second half of 報: land on its start, column 2 */
	edit_text_doc_end(&t);
	edit_text_home(&t);
	for (int i = 0; i < 3; i++)
		edit_text_right(&t);
	assert_true(edit_text_up(&t));
	assert_text_cursor(&t, 2, 3);
	assert_rc(&t, 0, 2, 2);
	assert_true(edit_text_up(&t));
	assert_text_cursor(&t, 1, 3); /* still aiming for column 3 */

	/* the first row goes to the start, the last to the end */
	edit_text_doc_start(&t);
	edit_text_right(&t);
	assert_true(edit_text_up(&t));
	assert_text_cursor(&t, 0, 0);
	assert_false(edit_text_up(&t));
	edit_text_doc_end(&t);
	edit_text_left(&t);
	assert_true(edit_text_down(&t));
	assert_text_cursor(&t, 3, 5);
	assert_false(edit_text_down(&t));
	edit_text_free(&t);
}

static void test_text_backspace_and_delete_join_lines(void **state)
{
	(void)state;
	edit_text t;
	edit_text_init(&t, 0);
	edit_text_set(&t, "情報資産\n台帳");
	assert_true(edit_text_down(&t));
	assert_text_cursor(&t, 1, 0);
	assert_true(edit_text_backspace(&t));
	assert_string_equal(edit_text_get(&t), "情報資産台帳");
	assert_text_cursor(&t, 0, 12);
	assert_true(edit_text_undo(&t));
	assert_string_equal(edit_text_get(&t), "情報資産\n台帳");
	assert_text_cursor(&t, 1, 0);

	edit_text_doc_start(&t);
	edit_text_end(&t);
	assert_true(edit_text_delete(&t));
	assert_string_equal(edit_text_get(&t), "情報資産台帳");

	/* Ctrl-K at a line end joins too; Ctrl-U stops at the line start */
	edit_text_set(&t, "情報\n資産");
	edit_text_end(&t);
	assert_true(edit_text_kill_end(&t));
	assert_string_equal(edit_text_get(&t), "情報資産");
	edit_text_set(&t, "情報\n資産");
	edit_text_doc_end(&t);
	assert_true(edit_text_kill_start(&t));
	assert_string_equal(edit_text_get(&t), "情報\n");
	assert_false(edit_text_kill_start(&t));
	edit_text_free(&t);
}

static void test_text_soft_wrap_width(void **state)
{
	(void)state;
	const char *doc = "情報セキュリティ基本方針は、全社員が守るべきルールを定めたもので"
		"す。The security policy applies to everyone.\n\n短い行";
	edit_text t;
	edit_text_init(&t, 0);
	edit_text_set(&t, doc);
	const int widths[] = {10, 9, 7, 2};
	for (size_t w = 0; w < 4; w++) {
		edit_row *r;
		size_t n = edit_text_wrap(&t, widths[w], &r);
		assert_true(n > 8);
		size_t next = 0;
		int line = 0;
		bool has_empty_line = false;
		for (size_t k = 0; k < n; k++) {
			if (r[k].line != line) {
				/* a new line starts after its '\n' */
				assert_int_equal(r[k].line, line + 1);
				assert_int_equal(doc[next], '\n');
				next++;
				line++;
			}
			assert_int_equal(r[k].start, next);
			if (text_nwidth(doc + r[k].start, r[k].len) > widths[w])
				fail_msg("row %zu is wider than %d", k, widths[w]);
			assert_true(utf8_valid(doc + r[k].start, r[k].len));
			if (r[k].len == 0)
				has_empty_line = true;
			next += r[k].len;
		}
		assert_int_equal(next, strlen(doc));
		assert_int_equal(line, 2);
		assert_true(has_empty_line);
		assert_int_equal(r[n - 1].line, 2);
		if (widths[w] >= 6)
			assert_int_equal(r[n - 1].len, strlen("短い行"));
		/* latin words stay whole when they fit in a row */
		if (widths[w] >= 9) {
			static const char *const words[] = {"security", "policy", "applies", "everyone."};
			for (size_t i = 0; i < 4; i++) {
				bool whole = false;
				for (size_t k = 0; k < n; k++)
					whole = whole || (r[k].len >= strlen(words[i]) &&
						memmem(doc + r[k].start, r[k].len, words[i], strlen(words[i])));
				if (!whole)
					fail_msg("\"%s\" split at width %d", words[i], widths[w]);
			}
		}
		free(r);
	}
	/* an odd width over double-width text leaves a column free */
	edit_row *r;
	edit_text_set(&t, "情報資産台帳");
	assert_int_equal(edit_text_wrap(&t, 9, &r), 2);
	assert_int_equal(r[0].len, strlen("情報資産"));
	free(r);
	edit_text_free(&t);
}

static void test_text_wrapped_up_down_and_pages(void **state)
{
	(void)state;
	edit_text t;
	edit_text_init(&t, 0);
	/* rows at width 10: 情報セキュ / リティ基本 / 方針 / abcdefghij / kl */
	edit_text_set(&t, "情報セキュリティ基本方針\nabcdefghijkl");
	edit_text_view(&t, 10, 5);
	edit_text_right(&t);
	edit_text_right(&t);
	assert_rc(&t, 10, 0, 4);
	assert_true(edit_text_down(&t));
	assert_rc(&t, 10, 1, 4); /* one row down in the same logical line */
	assert_text_cursor(&t, 0, 21);
	assert_true(edit_text_down(&t));
	assert_rc(&t, 10, 2, 4);
	assert_text_cursor(&t, 0, 36);
	assert_true(edit_text_down(&t));
	assert_rc(&t, 10, 3, 4);
	assert_text_cursor(&t, 1, 4);
	assert_true(edit_text_down(&t));
	assert_rc(&t, 10, 4, 2);
	assert_true(edit_text_up(&t));
	assert_rc(&t, 10, 3, 4);
	assert_true(edit_text_up(&t));
	assert_true(edit_text_up(&t));
	assert_rc(&t, 10, 1, 4);

	/* from column 10 onto a full wrapped row: before its last character,
	 * since the row's end is where the next row starts */
	edit_text_set(&t, "abcdefghij\n情報セキュリティ");
	edit_text_end(&t);
	assert_rc(&t, 10, 0, 10);
	assert_true(edit_text_down(&t));
	assert_rc(&t, 10, 1, 8);
	assert_text_cursor(&t, 1, 12);
	assert_true(edit_text_down(&t));
	assert_rc(&t, 10, 2, 6);
	assert_true(edit_text_up(&t));
	assert_rc(&t, 10, 1, 8);
	assert_true(edit_text_up(&t));
	assert_rc(&t, 10, 0, 10);
	/* column 9 is the second half of ュ */
	assert_true(edit_text_left(&t));
	assert_true(edit_text_down(&t));
	assert_rc(&t, 10, 1, 8);

	/* pages of four rows less one, the view following the cursor */
	buf many = {0};
	for (int i = 0; i < 20; i++)
		buf_printf(&many, "%s第%d行", i ? "\n" : "", i + 1);
	edit_text_set(&t, buf_str(&many));
	buf_free(&many);
	edit_text_view(&t, 20, 4);
	assert_true(edit_text_page_down(&t));
	assert_text_cursor(&t, 3, 0);
	assert_int_equal(t.top, 3);
	assert_true(edit_text_page_down(&t));
	assert_text_cursor(&t, 6, 0);
	assert_int_equal(t.top, 6);
	assert_true(edit_text_page_up(&t));
	assert_text_cursor(&t, 3, 0);
	assert_int_equal(t.top, 3);
	edit_text_doc_end(&t);
	assert_int_equal(t.top, 16);
	for (int i = 0; i < 7; i++) {
		assert_true(edit_text_up(&t));
		int row, col;
		edit_text_cursor_rc(&t, 20, &row, &col);
		assert_true(row >= t.top && row < t.top + 4);
	}
	assert_int_equal(t.top, 12);
	edit_text_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_japanese_ime_commits),
		cmocka_unit_test(test_left_right_over_double_width),
		cmocka_unit_test(test_backspace_deletes_whole_character),
		cmocka_unit_test(test_insert_in_the_middle),
		cmocka_unit_test(test_view_scroll_never_mid_character),
		cmocka_unit_test(test_word_movement_across_scripts),
		cmocka_unit_test(test_kill_and_yank),
		cmocka_unit_test(test_undo),
		cmocka_unit_test(test_control_characters_rejected),
		cmocka_unit_test(test_max_length_at_character_boundary),
		cmocka_unit_test(test_text_enter_splits_line),
		cmocka_unit_test(test_text_up_down_keep_display_column),
		cmocka_unit_test(test_text_backspace_and_delete_join_lines),
		cmocka_unit_test(test_text_soft_wrap_width),
		cmocka_unit_test(test_text_wrapped_up_down_and_pages),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	tu_cleanup();
	return rc;
}
