/* edit.h — the text editing widgets' state and their pure operations: a
 * single-line field (edit_line) and a multi-line document with soft wrap
 * (edit_text). No curses here: ui/editor.c binds keys and draws, the unit
 * tests type Japanese straight into these functions.
 *
 * Text is UTF-8, always valid, NUL-terminated. The cursor is a byte offset
 * that always sits on a character boundary; a "character" is a code point
 * with the combining marks that follow it (so the か + U+3099 of a macOS NFD
 * "が" moves and deletes as one). Widths come from text.h: double-width
 * characters count 2 columns.
 *
 * Every operation returns true when it changed the text or the cursor, false
 * when there was nothing to do or it was not allowed (a control character, a
 * full field). */
#ifndef MAMORI_EDIT_H
#define MAMORI_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define EDIT_LINE_MAX 4096   /* default limit of an edit_line, in bytes */
#define EDIT_TEXT_MAX 65536  /* default limit of an edit_text, in bytes */
#define EDIT_UNDO_MAX 32     /* undo levels kept */
#define EDIT_UNDO_GROUP 20   /* typed characters one undo step holds at most */

/* --- private: the buffer both editors share (use the functions below) --- */
typedef struct edit_snap {
	char *s;
	size_t len, cur;
} edit_snap;

typedef struct edit_core {
	char *s;          /* the text, valid UTF-8, NUL-terminated, never NULL */
	size_t len, cap;
	size_t cur;       /* cursor, a byte offset on a character boundary */
	size_t max;       /* limit of len in bytes */
	bool multiline;   /* '\n' allowed */
	buf kill;         /* the last kill, for yank */
	edit_snap undo[EDIT_UNDO_MAX];
	int nundo;
	int last;         /* previous operation: groups undo steps, appends kills */
	size_t last_cur;  /* cursor after it */
	int group;        /* characters typed into the current undo step */
	bool last_space;  /* the last typed character was a space */
} edit_core;

/* --- single line ------------------------------------------------------- */

typedef struct edit_line {
	edit_core c;
	int scroll; /* first display column shown; kept up to date by edit_view */
	int width;  /* the width last given to edit_view (0: none yet) */
} edit_line;

/* MAX_BYTES 0 means EDIT_LINE_MAX. Starts empty. */
void edit_init(edit_line *e, size_t max_bytes);
void edit_free(edit_line *e);

/* Replaces the text (cursor at the end, undo history cleared). Text from
 * elsewhere is made fit: invalid UTF-8 becomes U+FFFD, tabs and line breaks
 * become spaces, other control characters are dropped and the text is cut
 * at a character boundary at the limit. Returns false when it had to change
 * anything. */
bool edit_set_text(edit_line *e, const char *s);
const char *edit_get_text(const edit_line *e);
size_t edit_cursor(const edit_line *e);   /* byte offset */
int edit_cursor_col(const edit_line *e);  /* display column of the cursor */

/* Inserts UTF-8 at the cursor: one typed key or a whole IME commit. Text
 * with a control character or invalid UTF-8 is refused entirely; text that
 * does not fit is cut at a character boundary (false if nothing fits). */
bool edit_insert(edit_line *e, const char *utf8);
bool edit_backspace(edit_line *e);
bool edit_delete(edit_line *e);
bool edit_left(edit_line *e);
bool edit_right(edit_line *e);
bool edit_home(edit_line *e);
bool edit_end(edit_line *e);
/* Words: a run of one script class — kanji, hiragana, katakana, latin,
 * digits, punctuation — so "情報セキュリティ対策abc" has four. Right moves to
 * the start of the next word, left to the start of this or the previous one;
 * spaces are skipped. */
bool edit_word_left(edit_line *e);
bool edit_word_right(edit_line *e);
/* Kills (Ctrl-K, Ctrl-U, Ctrl-W) keep the text for edit_yank; kills in a
 * row without moving in between add up into one. */
bool edit_kill_end(edit_line *e);
bool edit_kill_start(edit_line *e);
bool edit_kill_word(edit_line *e);
bool edit_yank(edit_line *e);
/* Undoes the last edit: one IME commit or paste, a typed word (at most
 * EDIT_UNDO_GROUP characters), a run of backspaces or deletes, one kill. */
bool edit_undo(edit_line *e);

/* The scroll offset, in display columns, that shows the cursor in WIDTH
 * columns with a margin, starting from the current one; never in the middle
 * of a double-width character. */
int edit_view_scroll(const edit_line *e, int width);
/* Stores it (and WIDTH, so later edits keep the offset up to date). */
void edit_view(edit_line *e, int width);

/* --- multi-line, soft-wrapped ------------------------------------------ */

typedef struct edit_text {
	edit_core c;
	int width; /* wrap width from the last edit_text_view (0: no wrap yet) */
	int rows;  /* visible rows from the last edit_text_view */
	int top;   /* first display row shown */
	int goal;  /* display column up/down aim for, -1 when not moving vertically */
} edit_text;

/* One display row: bytes [start, start + len) of the text, which belong to
 * logical line LINE (0-based). The '\n' ending a line is in no row. */
typedef struct edit_row {
	size_t start, len;
	int line;
} edit_row;

/* MAX_BYTES 0 means EDIT_TEXT_MAX (the whole text, '\n' included). */
void edit_text_init(edit_text *e, size_t max_bytes);
void edit_text_free(edit_text *e);
/* Like edit_set_text, but line breaks are kept ("\r\n" and "\r" become
 * "\n"); the cursor goes to the start. */
bool edit_text_set(edit_text *e, const char *s);
const char *edit_text_get(const edit_text *e); /* lines joined with '\n' */
size_t edit_text_offset(const edit_text *e);   /* cursor, byte offset in the text */
/* Cursor as logical line (0-based) and byte offset in that line. */
void edit_text_cursor(const edit_text *e, int *line, size_t *byte);
/* Cursor as display row and column in the text wrapped at WIDTH. */
void edit_text_cursor_rc(const edit_text *e, int width, int *row, int *col);

/* Splits the text into display rows no wider than WIDTH columns (WIDTH <= 0:
 * no wrap), breaking between any two characters, or after a space rather
 * than inside a latin word. Every line has at least one row. Returns the
 * number of rows; *ROWS is malloc'd (caller frees). */
size_t edit_text_wrap(const edit_text *e, int width, edit_row **rows);

bool edit_text_insert(edit_text *e, const char *utf8); /* '\n' allowed */
bool edit_text_newline(edit_text *e);                  /* Enter: splits the line */
bool edit_text_backspace(edit_text *e);                /* joins at a line start */
bool edit_text_delete(edit_text *e);                   /* joins at a line end */
bool edit_text_left(edit_text *e);
bool edit_text_right(edit_text *e);
bool edit_text_home(edit_text *e);       /* start of the logical line */
bool edit_text_end(edit_text *e);        /* end of the logical line */
bool edit_text_doc_start(edit_text *e);
bool edit_text_doc_end(edit_text *e);
bool edit_text_word_left(edit_text *e);
bool edit_text_word_right(edit_text *e);
/* Up and down move by display row at the wrap width of the last
 * edit_text_view, keeping the display column they started from; they land
 * on the start of a double-width character that covers it. Up on the first
 * row goes to the start, down on the last row to the end. */
bool edit_text_up(edit_text *e);
bool edit_text_down(edit_text *e);
/* By the visible rows of the last edit_text_view, less one. */
bool edit_text_page_up(edit_text *e);
bool edit_text_page_down(edit_text *e);
bool edit_text_kill_end(edit_text *e);   /* at a line end, kills the '\n' */
bool edit_text_kill_start(edit_text *e);
bool edit_text_kill_word(edit_text *e);
bool edit_text_yank(edit_text *e);
bool edit_text_undo(edit_text *e);

/* The first display row to show so the cursor is in ROWS rows of text
 * wrapped at WIDTH, starting from the current one. */
int edit_text_view_top(const edit_text *e, int width, int rows);
/* Stores the geometry and that row; later edits keep it up to date. */
void edit_text_view(edit_text *e, int width, int rows);

#endif
