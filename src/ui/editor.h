/* editor.h — the text editing widgets on screen: key dispatch and drawing
 * for core/edit.h's edit_line and edit_text.
 *
 * Use: feed every get_wch() result to editor_*_key until it returns
 * ED_ACCEPT or ED_CANCEL; before each draw call editor_*_fit with the same
 * geometry (it makes scrolling, wrapping for Up/Down and PgUp/PgDn match the
 * screen); the draw functions place the terminal cursor and make it visible,
 * so set curs_set(0) again when editing ends. */
#ifndef MAMORI_EDITOR_H
#define MAMORI_EDITOR_H

#include <wchar.h>

#include "edit.h"
#include "ui.h"

typedef enum { ED_CONTINUE, ED_ACCEPT, ED_CANCEL } ed_result;

/* R and CH as get_wch() returned them (KEY_CODE_YES and a KEY_* code, or OK
 * and a character). Enter, Tab and Shift-Tab accept (the caller looks at the
 * key to tell them apart), Esc, Ctrl-G and Ctrl-C cancel; printable
 * characters are inserted; editing keys:
 *   Left/Ctrl-B  Right/Ctrl-F  Home/Ctrl-A  End/Ctrl-E  Ctrl-Left  Ctrl-Right
 *   Backspace/Ctrl-H  Delete/Ctrl-D  Ctrl-K  Ctrl-U  Ctrl-W  Ctrl-Y
 *   Ctrl-_ / Ctrl-Z (undo) */
ed_result editor_line_key(edit_line *e, int r, wint_t ch);
/* Keeps E's scroll offset for a field W columns wide. */
void editor_line_fit(edit_line *e, int w);
/* Draws the visible part of the field at (Y, X), W columns, and puts the
 * terminal cursor on it. */
void editor_line_draw(const edit_line *e, int y, int x, int w, theme_role role);

/* Like editor_line_key, but Enter inserts a line break; Ctrl-S, F2 and
 * Ctrl-X accept, Esc, Ctrl-G and Ctrl-C cancel; also Up/Ctrl-P, Down/Ctrl-N,
 * PgUp, PgDn, Ctrl-Home, Ctrl-End. */
ed_result editor_text_key(edit_text *e, int r, wint_t ch);
/* Keeps E's wrap width and scroll row for AREA (HINT as given to draw). */
void editor_text_fit(edit_text *e, rect area, const char *hint);
/* Draws the text soft-wrapped in AREA with HINT (the key help, in the
 * caller's language; NULL for none) on its bottom row, and puts the
 * terminal cursor on it. */
void editor_text_draw(const edit_text *e, rect area, theme_role role, const char *hint);

#endif
