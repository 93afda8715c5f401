/* sheetedit.h — the editing layer every activity view shares.
 *
 * One modal at a time sits over a view: a line editor, a multi-line editor,
 * a picker (one choice, or several), a prompt, a yes/no question or the
 * conflict dialog. Each owns its keys and its drawing, so a view supplies
 * only its layout and a few callbacks (sedit_ops), the way htop's panels sit
 * on one screen manager.
 *
 * An edit session writes one cell: it begins at the cell's version, keeps
 * what is typed as a draft in the database (a growable buffer, never cut),
 * saves through the view's callback, and meets a conflict in one dialog that
 * means the same everywhere: 1 keeps yours, 2 keeps theirs, Esc goes back to
 * what you were typing. A new row is made only when its first value is
 * saved, so an abandoned `a` leaves nothing behind. */
#ifndef MAMORI_SHEETEDIT_H
#define MAMORI_SHEETEDIT_H

#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "edit.h"
#include "sheet.h"
#include "ui.h"

typedef enum se_mode {
	SE_NONE,     /* nothing open: the view has the keys */
	SE_LINE,     /* one line of text */
	SE_TEXT,     /* several lines */
	SE_PICK,     /* a list of choices (PICK_MULTI: tick several) */
	SE_PROMPT,   /* a line at the bottom: search, filter, file name */
	SE_CONFIRM,  /* y / n */
	SE_CONFLICT, /* someone saved the same cell meanwhile */
} se_mode;

/* The cell an edit session writes. */
typedef struct se_target {
	int64_t row;     /* the row's id (0 with new_row) */
	int col;         /* the column index in the view's table definition */
	int version;     /* the cell's version when editing began */
	bool new_row;    /* the row is made when the value is saved */
	int at;          /* with new_row: the index it goes before */
	char key[128];   /* the view's name for the cell (a draft's place) */
	char *label;     /* shown over the editor and in the dialog; malloc'd (the
	                  * editor keeps its own copy: se_target_free after use) */
} se_target;

/* Sets T's label, replacing what it had. */
void se_target_label(se_target *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees T's label. */
void se_target_free(se_target *t);

struct sedit;

typedef struct sedit_ops {
	/* Saves STORED into T. EXPECTED is the version it must still have (< 0:
	 * whatever it has). MM_ECONFLICT fills *CF. A new row gets its id in T. */
	mm_status (*save)(app *a, void *ctx, se_target *t, const char *stored, int expected,
		sheet_conflict *cf, mm_error *err);
	/* Typed text into the stored form; NULL keeps it as typed. */
	mm_status (*parse)(void *ctx, const se_target *t, const char *text, char **stored,
		mm_error *err);
	/* The user kept the other value: record STORED as discarded. */
	void (*discard)(app *a, void *ctx, const se_target *t, const char *stored);
	/* A stored value as people read it (the dialog); NULL shows it raw. */
	void (*show)(void *ctx, const se_target *t, const char *stored, buf *out);
	/* After a cell was saved (KEY: the key that accepted, e.g. Tab) or the
	 * dialog closed. May be NULL. */
	void (*after)(app *a, void *ctx, const se_target *t, bool saved, wint_t key);
	/* A picker that is not a cell's (a lane, a variant, a person) chose K. */
	void (*picked)(app *a, void *ctx, int purpose, const picklist *p, int k);
	/* A prompt's text: FINAL on Enter, else as it is typed. */
	void (*prompted)(app *a, void *ctx, int purpose, const char *text, bool final);
	/* Yes to a question. */
	void (*confirmed)(app *a, void *ctx, int purpose);
	/* Where a line editor goes (in place over a cell); false: the bottom line. */
	bool (*line_at)(app *a, void *ctx, const se_target *t, int *y, int *x, int *w);
	/* Where a multi-line editor's text goes (the view drew around it);
	 * false: a box over the view. */
	bool (*text_at)(app *a, void *ctx, const se_target *t, rect *box);
} sedit_ops;

typedef struct sedit {
	const sedit_ops *ops;
	void *ctx;
	se_mode mode;
	se_mode back;   /* the editor a conflict returns to */
	se_target t;
	edit_line ed;
	edit_text edt;
	picklist pick;
	bool multi;
	int purpose;    /* 0: the picker is the cell's; else the view's own */
	char *title;    /* the picker's title, the prompt's label, the question */
	sheet_conflict cf;
	char *mine;
	rect area;      /* where the view was last drawn */
	rect text_box;
	int line_y, line_x, line_w;
	/* the draft of what is being typed */
	char *draft_prefix; /* the view's part of every draft place */
	buf draft_saved;
	bool drafted;
	int64_t draft_at;
	/* the undo history of the sheet being edited (owned by the app) */
	sheet_history *hist;
} sedit;

void sedit_init(sedit *se, const sedit_ops *ops, void *ctx);
void sedit_free(sedit *se);
/* The draft places of this view start with PREFIX (activity and owner). */
void sedit_set_draft_prefix(sedit *se, const char *prefix);
bool sedit_busy(const sedit *se); /* a modal is open */
bool sedit_editing(const sedit *se); /* a cell's value is being typed or picked */

/* Opens an editor on T with TEXT. */
void sedit_line(app *a, sedit *se, const se_target *t, const char *text);
void sedit_text(app *a, sedit *se, const se_target *t, const char *text);
/* Opens the picker P (taken over) for T, or for PURPOSE when T is NULL.
 * MULTI: several can be ticked (P's `on`). The selection starts on the
 * current value, or on the first choice, never on an empty "clear" one. */
void sedit_pick(app *a, sedit *se, const se_target *t, int purpose, picklist *p, bool multi,
	const char *title);
/* A picker of column C's choices for T; CUR is the stored value; REF is the
 * sheet a ref column points at. */
void sedit_pick_column(app *a, sedit *se, const se_target *t, const column *c,
	const sheet *ref, const char *cur);
void sedit_prompt(sedit *se, int purpose, const char *label, const char *initial);
/* A yes/no question; asked over an open editor, n goes back to it and y
 * closes it (the typing is dropped). */
void sedit_confirm(sedit *se, int purpose, const char *question);
void sedit_close(app *a, sedit *se); /* drops the draft too */

/* Keys while a modal is open; false when none is (the view's turn). */
bool sedit_key(app *a, sedit *se, int r, wint_t ch);
/* Draws the open modal's box over AREA (call after the view drew). */
void sedit_draw(app *a, sedit *se, rect area);
/* Draws the editor last, so the terminal cursor stays on it. */
void sedit_cursor(app *a, sedit *se);
/* The footer while a modal is open; 0 when none is. */
msg_id sedit_footer(const sedit *se);
/* Keeps the draft current (a few times a second), and at once on hang-up. */
void sedit_tick(app *a, sedit *se);
void sedit_hangup(app *a, sedit *se);

/* A draft this view's terminal left (its process is gone): the key of the
 * cell, the text and the version the cell had when the typing began. */
bool sedit_take_draft(app *a, sedit *se, char **key, char **text, int *base);
/* After sedit_take_draft: puts the text into the editor just opened, and
 * keeps the version it was typed against (so a save meets any conflict). */
void sedit_restored(app *a, sedit *se, const char *text, int base);

/* Saves STORED into T at once (a digit or a clear in the view, no editor
 * open): a conflict opens the dialog; `after` gets KEY as from an editor. */
void sedit_save(app *a, sedit *se, const se_target *t, const char *stored, wint_t key);

/* Who changed a cell, as people say it ("グループ 1", "ファシリテーター"). */
void who_label(const char *who, buf *out);

#endif
