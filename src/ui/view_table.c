/* view_table.c — a shared table: a grid with the first column frozen, in-place
 * editing, pickers for choices, a row form with every column's help, sorting,
 * filtering, search, a heat map, undo/redo and a conflict dialog. Edits of
 * other terminals appear as soon as they are committed. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <poll.h>
#include <unistd.h>

#include "buf.h"
#include "export.h"
#include "sheet.h"
#include "sheetedit.h"
#include "text.h"
#include "ui.h"
#include "vstate.h"

#define ROWNUM_W 6 /* the row number column: 5 digits and a space, wider past 99,999 */
/* A long table's rest is read between keys: not within KEYS_FIRST_MS of a
 * key (keys come in runs), nor within OPEN_GRACE_MS of opening */
#define KEYS_FIRST_MS 40
#define OPEN_GRACE_MS 150

typedef enum tmode { TM_GRID, TM_FORM, TM_HEAT } tmode;

enum { P_SEARCH = 1, P_FILTER, P_IMPORT, Q_EXAMPLE };

typedef struct tview {
	const activity *act;
	const table_def *def;
	sheet *s;
	owner_sel own;
	int *order, norder; /* visible rows: indices into s->rows */
	int cur, col, top, left;
	int *widths;
	bool *hidden; /* columns left out (the projector shows the summary ones) */
	int *porder;  /* the columns in the order the projector shows them */
	int *disp;    /* the columns in the order they are shown */
	int pshown;   /* how many of them it shows (+ / - on the facilitator's) */
	int sort_col, sort_dir;
	buf filter;
	int heat_x, heat_y;   /* heat filter values; 0 = none */
	int hx, hy;           /* heat map selection */
	buf search;
	int64_t pinned;       /* a row added here stays in view whatever the filter */
	/* per row of the sheet (index into s->rows), kept across remote edits */
	struct skey *keys;    /* sort keys of sort_col, worked out once a sort */
	int nkeys;
	struct smemo *smemo;  /* search: the answers for one needle by value shown */
	/* a search that reached rows not read yet goes on between keys: from
	 * row SRCH_START of the order, SRCH_STEP rows on in direction SRCH_DIR */
	bool srch_on;
	int srch_dir, srch_start, srch_step;
	bool load_failed;     /* reading the rest failed: keys complete() it instead */
	/* between keys once every row is read: the computed columns worked out
	 * (a first search or sort by them then need not), for this generation */
	int warm_next;
	unsigned long long warm_gen;
	double last_key;      /* when the last key came (idle work waits while keys come) */
	bool repin;           /* another row was pinned: the order is worked out whole */
	sheet_history *hist;  /* the app's, for this sheet */
	tmode mode;
	sedit se;
	rect area;
	int form_y;           /* the form's selected line, for the editor */
	int form_sel;
	int page;
	bool intro_open; /* this terminal shows the table's body in full (z) */
	buf example_note; /* while the example is offered: the other tables' rows */
} tview;

/* ---- owners ------------------------------------------------------------ */

static const char *owner_name(const tview *t)
{
	return owner_sel_name(&t->own);
}


/* ---- row order: filter, heat filter, sort -------------------------------- */

static int heat_val(const sheet *s, int r, int col)
{
	if (col < 0)
		return 0;
	expr_value v = sheet_value(s, r, col);
	return v.kind == EXPR_NUM ? (int)v.num : 0;
}

static double idle_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ---- per-row caches: search text, sort keys ------------------------------- */

typedef struct skey {
	signed char kind; /* 0 blank, 1 number, 2 text */
	bool owned;       /* STR is this key's copy, else the sheet's own text */
	double num;
	char *str;        /* the display text (kind 2) */
} skey;

static void key_clear(skey *k)
{
	if (k->owned)
		free(k->str);
	k->str = NULL;
	k->owned = false;
}

/* ---- search and filter: does a row show a needle? ----------------------- */

/* A cell matches when the text it shows holds the needle (ASCII letters in
 * any case). Most cells show one of few values (a department, a choice, a
 * rating, a short name kept once per sheet): the answer for one needle is
 * kept by the stored value, so a scan of 100,000 rows looks at each value
 * once, not once a row. A computed number is kept by its value. */
#define SMEMO_SLOTS 1024 /* per column (a power of 2) */
#define SMEMO_WAYS 4     /* the slots a value may take, from its hash on */
#define SMEMO_TRY 512    /* values looked up in a column before it may stop keeping them */

typedef struct smemo_slot {
	uint64_t key;     /* the stored value's address, or a computed number's bits */
	unsigned char on; /* 0 empty, 1 address, 2 number */
	bool hit;
} smemo_slot;

struct smemo {
	char *needle;     /* lowercased */
	size_t len;
	bool letters;     /* it has ASCII letters (case matters to strstr) */
	/* with letters: its longest run without them (2 bytes or more, else
	 * NULL), found by strstr, the whole needle then compared around it */
	char *anchor;
	size_t aoff;
	unsigned evict;   /* which of a value's full slots goes next */
	int ncols;
	smemo_slot *slots; /* ncols x SMEMO_SLOTS */
	/* per column: values looked up and not found kept; a column of values
	 * all different (names) is then looked at without keeping them */
	int *seen, *missed;
};

static void lower_ascii(char *p)
{
	for (; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
}

static void smemo_free(tview *t)
{
	if (t->smemo) {
		free(t->smemo->needle);
		free(t->smemo->anchor);
		free(t->smemo->slots);
		free(t->smemo->seen);
		free(t->smemo->missed);
		free(t->smemo);
		t->smemo = NULL;
	}
}

static void smemo_clear(struct smemo *m)
{
	memset(m->slots, 0, (size_t)m->ncols * SMEMO_SLOTS * sizeof *m->slots);
	memset(m->seen, 0, (size_t)m->ncols * sizeof *m->seen);
	memset(m->missed, 0, (size_t)m->ncols * sizeof *m->missed);
}

/* The memo for NEEDLE (lowercased), emptied when the needle changed. */
static struct smemo *smemo_for(tview *t, const char *needle)
{
	struct smemo *m = t->smemo;
	if (m && m->ncols == t->def->ncols && strcmp(m->needle, needle) == 0)
		return m;
	if (!m || m->ncols != t->def->ncols) {
		smemo_free(t);
		m = t->smemo = xcalloc(1, sizeof *m);
		m->ncols = t->def->ncols;
		m->slots = xcalloc((size_t)m->ncols * SMEMO_SLOTS + 1, sizeof *m->slots);
		m->seen = xcalloc((size_t)m->ncols + 1, sizeof *m->seen);
		m->missed = xcalloc((size_t)m->ncols + 1, sizeof *m->missed);
	} else {
		smemo_clear(m);
	}
	free(m->needle);
	m->needle = xstrdup(needle);
	m->len = strlen(needle);
	m->letters = false;
	for (const char *p = needle; *p && !m->letters; p++)
		m->letters = *p >= 'a' && *p <= 'z';
	free(m->anchor);
	m->anchor = NULL;
	size_t best = 1, run = 0;
	for (size_t i = 0; m->letters && i <= m->len; i++) {
		char c = needle[i];
		if (c && !(c >= 'a' && c <= 'z')) {
			run++;
			continue;
		}
		if (run > best) {
			best = run;
			m->aoff = i - run;
			free(m->anchor);
			m->anchor = xstrndup(needle + m->aoff, run);
		}
		run = 0;
	}
	return m;
}

/* Between two searches (or filters) the rows may change: the answers go. */
static void smemo_forget(tview *t)
{
	if (t->smemo)
		t->smemo->needle[0] = '\0'; /* no needle is empty: the next one clears */
}

/* Is column K searched in its stored text (shown as stored)? The others
 * (choices, flags, ratings, refs, computed values) are shown otherwise. */
static bool plain_col(const tview *t, int k)
{
	int ty = t->def->cols[k].type;
	return ty == COL_TEXT || ty == COL_LONGTEXT;
}

/* The LEN bytes at P equal NEEDLE (lowercased) but for the case of ASCII
 * letters. */
static bool same_folded(const char *p, const char *needle, size_t len)
{
	for (size_t k = 0; k < len; k++) {
		char c = p[k];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != needle[k])
			return false; /* also at P's end: the needle has no NUL */
	}
	return true;
}

/* Does the stored text V hold the needle? With ASCII letters in it: its
 * run without letters found by strstr (fast), the rest compared around it;
 * strcasestr (slower, it studies the needle at every call) only for a
 * needle of letters. */
static bool text_shows(const struct smemo *m, const char *v)
{
	if (!m->letters)
		return strstr(v, m->needle) != NULL;
	if (!m->anchor)
		return strcasestr(v, m->needle) != NULL;
	for (const char *p = v; (p = strstr(p, m->anchor)) != NULL; p++)
		if ((size_t)(p - v) >= m->aoff && same_folded(p - m->aoff, m->needle, m->len))
			return true;
	return false;
}

/* Does cell K of row R show the needle? Worked out, not remembered. */
static bool cell_shows(tview *t, const struct smemo *m, int r, int k)
{
	if (plain_col(t, k))
		return text_shows(m, t->s->rows[r].cells[k].value);
	buf b = {0};
	sheet_display_buf(t->s, r, k, &b);
	if (!b.len) { /* shows nothing */
		buf_free(&b);
		return false;
	}
	lower_ascii(b.s);
	bool hit = strstr(b.s, m->needle) != NULL;
	buf_free(&b);
	return hit;
}

static bool row_matches(tview *t, int r, const char *needle)
{
	struct smemo *m = smemo_for(t, needle);
	const sheet_row *row = &t->s->rows[r];
	for (int k = 0; k < t->def->ncols; k++) {
		const sheet_cell *c = &row->cells[k];
		uint64_t key;
		unsigned char on;
		if (t->def->cols[k].type == COL_COMPUTED) {
			expr_value v = sheet_value(t->s, r, k);
			if (v.kind == EXPR_BLANK)
				continue;
			if (v.kind != EXPR_NUM) {
				if (cell_shows(t, m, r, k))
					return true;
				continue;
			}
			memcpy(&key, &v.num, sizeof key);
			on = 2;
		} else {
			if (!c->value || !*c->value)
				continue; /* a blank cell shows nothing */
			if (!c->shared) { /* a long text: its own value */
				if (cell_shows(t, m, r, k))
					return true;
				continue;
			}
			key = (uint64_t)(uintptr_t)c->value;
			on = 1;
		}
		if (m->seen[k] >= SMEMO_TRY && m->missed[k] * 2 > m->seen[k]) {
			if (cell_shows(t, m, r, k)) /* values mostly different: no use keeping */
				return true;
			continue;
		}
		if (m->seen[k] < SMEMO_TRY)
			m->seen[k]++;
		/* four slots a value may take (two values of a column meeting in
		 * one slot would each push the other out, every other row) */
		smemo_slot *set = &m->slots[(size_t)k * SMEMO_SLOTS];
		size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 54), i = 0;
		smemo_slot *sl = NULL;
		for (; i < SMEMO_WAYS; i++) {
			sl = &set[(h + i) & (SMEMO_SLOTS - 1)];
			if (!sl->on || (sl->on == on && sl->key == key))
				break;
		}
		if (i == SMEMO_WAYS)
			sl = &set[(h + m->evict++ % SMEMO_WAYS) & (SMEMO_SLOTS - 1)];
		if (sl->on != on || sl->key != key) {
			sl->key = key;
			sl->on = on;
			sl->hit = cell_shows(t, m, r, k);
			if (m->seen[k] < SMEMO_TRY || m->missed[k] < m->seen[k])
				m->missed[k]++;
		}
		if (sl->hit)
			return true;
	}
	return false;
}

static char *lowered(const char *s)
{
	char *l = xstrdup(s);
	lower_ascii(l);
	return l;
}

static void keys_free(tview *t)
{
	for (int r = 0; r < t->nkeys; r++)
		key_clear(&t->keys[r]);
	free(t->keys);
	t->keys = NULL;
	t->nkeys = 0;
}

static void key_make(tview *t, int r, skey *k)
{
	key_clear(k);
	expr_value v = sheet_value(t->s, r, t->sort_col);
	k->kind = v.kind == EXPR_BLANK ? 0 : v.kind == EXPR_NUM ? 1 : 2;
	k->num = v.num;
	const sheet_cell *c = &t->s->rows[r].cells[t->sort_col];
	if (k->kind == 2 && plain_col(t, t->sort_col) && c->shared) {
		/* a text shown as stored, kept once in the sheet's string store
		 * until the sheet is read again (and the keys made again): no
		 * copy (100,000 names: 3 MB) */
		k->str = c->value;
	} else if (k->kind == 2) {
		k->owned = true;
		buf b = {0};
		sheet_display_buf(t->s, r, t->sort_col, &b);
		k->str = xstrdup(buf_str(&b));
		buf_free(&b);
	}
}

static int cmp_keyed(const tview *t, int a, int b)
{
	const skey *ka = &t->keys[a], *kb = &t->keys[b];
	int c;
	/* blanks last in either direction */
	if (ka->kind == 0 || kb->kind == 0) {
		c = (ka->kind == 0) - (kb->kind == 0);
		if (c)
			return c;
	}
	if (ka->kind == 1 && kb->kind == 1) {
		c = (ka->num > kb->num) - (ka->num < kb->num);
	} else if (ka->kind == 2 && kb->kind == 2) {
		c = strcmp(ka->str, kb->str);
	} else { /* a number and a text (or two blanks): as shown */
		buf x = {0}, y = {0};
		sheet_display_buf(t->s, a, t->sort_col, &x);
		sheet_display_buf(t->s, b, t->sort_col, &y);
		c = strcmp(buf_str(&x), buf_str(&y));
		buf_free(&x);
		buf_free(&y);
	}
	c *= t->sort_dir;
	return c ? c : (a > b) - (a < b);
}

static int cmp_rows(const void *pa, const void *pb, void *ctx)
{
	return cmp_keyed(ctx, *(const int *)pa, *(const int *)pb);
}

static void keys_build(tview *t)
{
	keys_free(t);
	t->keys = xcalloc((size_t)t->s->nrows + 1, sizeof *t->keys);
	t->nkeys = t->s->nrows;
	for (int r = 0; r < t->s->nrows; r++)
		key_make(t, r, &t->keys[r]);
}

static bool row_shown(tview *t, int r, const char *needle)
{
	bool pinned = t->pinned && t->s->rows[r].id == t->pinned;
	if (!pinned && needle && !row_matches(t, r, needle))
		return false;
	if (!pinned && t->heat_x && (heat_val(t->s, r, t->def->heat_x) != t->heat_x
		|| heat_val(t->s, r, t->def->heat_y) != t->heat_y))
		return false;
	return true;
}

static void put_cursor(tview *t, int64_t keep_row)
{
	if (keep_row) {
		for (int k = 0; k < t->norder; k++)
			if (t->s->rows[t->order[k]].id == keep_row)
				t->cur = k;
	}
	if (t->cur >= t->norder)
		t->cur = t->norder - 1;
	if (t->cur < 0)
		t->cur = 0;
}

/* The order again for another sort or filter. */
static void reorder(tview *t, int64_t keep_row)
{
	free(t->order);
	t->order = xmalloc(((size_t)t->s->nrows + 1) * sizeof *t->order);
	t->norder = 0;
	smemo_forget(t);
	if (t->srch_on && t->sort_dir)
		t->srch_on = false; /* a search going on counted rows of another order */
	keys_free(t);
	char *needle = t->filter.len ? lowered(buf_str(&t->filter)) : NULL;
	for (int r = 0; r < t->s->nrows; r++)
		if (row_shown(t, r, needle))
			t->order[t->norder++] = r;
	free(needle);
	if (t->sort_dir) {
		keys_build(t);
		qsort_r(t->order, (size_t)t->norder, sizeof *t->order, cmp_rows, t);
	}
	put_cursor(t, keep_row);
}

/* The order after rows changed here (a write, a reload): every cache is
 * worked out again. */
static void rebuild_order(tview *t, int64_t keep_row)
{
	reorder(t, keep_row);
	sheet_delta_clear(t->s); /* whatever it said is in the order now */
}

/* Does a change to one row change what another row shows? A ref column to
 * its own table makes a row show (and compute from) another row's cells. */
static bool rows_depend(const tview *t)
{
	for (int k = 0; k < t->def->ncols; k++)
		if (t->def->cols[k].type == COL_REF && !t->s->ref[k])
			return true;
	return false;
}

/* After sheet_refresh: the rows it names are taken out of the order and
 * put back where they belong now (binary search in the sorted order), the
 * other rows stay where they are: O(changed rows x log n), no sort. */
static void apply_delta(tview *t, int64_t keep_row)
{
	const sheet_delta *d = &t->s->delta;
	bool sorted = t->sort_dir != 0, filtered = t->filter.len || t->heat_x;
	if (d->full || !t->order || t->repin || ((d->refs || rows_depend(t)) && (sorted || filtered))
		|| (sorted && t->nkeys != (d->remap ? d->nremap : t->s->nrows))) {
		t->repin = false;
		rebuild_order(t, keep_row);
		return;
	}
	int n = t->s->nrows;
	smemo_forget(t); /* values and labels shown may have changed */
	if (d->remap) {
		if (t->keys) {
			skey *nk = xcalloc((size_t)n + 1, sizeof *nk);
			for (int i = 0; i < d->nremap && i < t->nkeys; i++) {
				if (d->remap[i] >= 0)
					nk[d->remap[i]] = t->keys[i];
				else
					key_clear(&t->keys[i]);
			}
			free(t->keys);
			t->keys = nk;
			t->nkeys = n;
		}
		int m = 0;
		for (int k = 0; k < t->norder; k++) {
			int r = t->order[k] < d->nremap ? d->remap[t->order[k]] : -1;
			if (r >= 0)
				t->order[m++] = r;
		}
		t->norder = m;
	}
	t->order = xrealloc(t->order, ((size_t)n + 1) * sizeof *t->order);
	unsigned char *dirty = xcalloc((size_t)n + 1, 1);
	for (int k = 0; k < d->nchanged; k++) {
		int r = sheet_row_index(t->s, d->rows[k]);
		if (r < 0)
			continue;
		dirty[r] = 1;
	}
	int m = 0;
	for (int k = 0; k < t->norder; k++)
		if (!dirty[t->order[k]])
			t->order[m++] = t->order[k];
	t->norder = m;
	char *needle = t->filter.len ? lowered(buf_str(&t->filter)) : NULL;
	for (int k = 0; k < d->nchanged; k++) {
		int r = sheet_row_index(t->s, d->rows[k]);
		if (r < 0 || dirty[r] != 1)
			continue;
		dirty[r] = 2; /* placed once */
		if (sorted)
			key_make(t, r, &t->keys[r]);
		if (!row_shown(t, r, needle))
			continue;
		int lo = 0, hi = t->norder;
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			bool before = sorted ? cmp_keyed(t, t->order[mid], r) < 0 : t->order[mid] < r;
			if (before)
				lo = mid + 1;
			else
				hi = mid;
		}
		memmove(t->order + lo + 1, t->order + lo, (size_t)(t->norder - lo) * sizeof *t->order);
		t->order[lo] = r;
		t->norder++;
	}
	free(needle);
	free(dirty);
	put_cursor(t, keep_row);
	sheet_delta_clear(t->s); /* taken in: never applied twice */
}

static int64_t cur_row_id(const tview *t)
{
	return t->norder ? t->s->rows[t->order[t->cur]].id : 0;
}

/* ---- loading ----------------------------------------------------------- */

static int default_width(const column *c)
{
	int w;
	switch (c->type) {
	case COL_TEXT: w = 18; break;
	case COL_LONGTEXT: w = 24; break;
	case COL_NUMBER: w = 10; break;
	case COL_SCALE: w = 6; break;
	case COL_CHOICE: w = 12; break;
	case COL_FLAGS: w = 16; break;
	case COL_BOOL: w = 6; break;
	case COL_DATE: w = 10; break;
	case COL_REF: w = 18; break;
	default: w = 8;
	}
	if (c->nbands)
		w += 4;
	return w;
}

static void compute_widths(tview *t)
{
	for (int k = 0; k < t->def->ncols; k++) {
		const column *c = &t->def->cols[k];
		int w = c->width ? c->width : default_width(c);
		int tw = text_width(L(&c->title));
		if (!c->width && tw > w)
			w = tw > 24 ? 24 : tw;
		t->widths[k] = w;
	}
}

static void open_owner(app *a, tview *t)
{
	sheet_free(t->s);
	t->s = NULL;
	sedit_close(a, &t->se);
	mm_error err;
	int64_t owner = owner_sel_id(&t->own);
	t->hist = app_history(a, t->def->activity_id, (int)t->own.okind, owner);
	t->pinned = 0;
	t->load_failed = false;
	/* the first keys, if they come at once, before the rest (which waits
	 * OPEN_GRACE_MS, not only KEYS_FIRST_MS) */
	t->last_key = idle_ms() + OPEN_GRACE_MS - KEYS_FIRST_MS;
	char prefix[200];
	snprintf(prefix, sizeof prefix, "table:%s:%d:%lld:", t->def->activity_id,
		(int)t->own.okind, (long long)owner);
	sedit_set_draft_prefix(&t->se, prefix);
	/* the first screen's rows now, the rest right after it is drawn */
	int first = LINES > 0 ? LINES : 50;
	if (sheet_open_first(a->st, t->def, t->own.okind, owner, first, &t->s, &err) != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return;
	}
	t->cur = t->top = 0;
	rebuild_order(t, 0);
}

/* Reads the ids of the rows after those read (sheet_open_first) until
 * there are N (all: N < 0); the order takes the new rows in. */
static void more_ids(app *a, tview *t, int n)
{
	if (!t->s || !t->s->ids_more)
		return;
	int64_t keep = cur_row_id(t);
	int before = t->s->nrows;
	mm_error err;
	if (sheet_load_ids(a->st, t->s, n, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	if (t->s->nrows != before || t->s->delta.full)
		rebuild_order(t, keep);
}

/* Loads the rows not yet loaded (a no-op once done). */
static void complete(app *a, tview *t)
{
	if (!t->s || !t->s->partial)
		return;
	int64_t keep = cur_row_id(t);
	mm_error err;
	if (sheet_complete(a->st, t->s, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	else
		t->load_failed = false;
	rebuild_order(t, keep);
}

static void table_reload(app *a, view *v)
{
	tview *t = v->data;
	if (!t->s)
		return;
	int64_t keep = cur_row_id(t);
	mm_error err;
	bool changed = false;
	if (sheet_refresh(a->st, t->s, &changed, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	if (!changed)
		return; /* another sheet or the room changed, not this one */
	apply_delta(t, keep);
	/* a picker over a row that is gone closes (typed text stays: its save
	 * says the row is gone, and the draft keeps it) */
	if (t->se.mode == SE_PICK && !t->se.purpose && !t->se.t.new_row
		&& sheet_row_index(t->s, t->se.t.row) < 0)
		sedit_close(a, &t->se);
	if (t->mode == TM_FORM && !t->norder)
		t->mode = TM_GRID;
}

/* ---- drawing ----------------------------------------------------------- */

static theme_role band_role(const band *b)
{
	if (!b)
		return R_NORMAL;
	switch (b->color) {
	case BAND_RED: return R_BAND_RED;
	case BAND_YELLOW: return R_BAND_YELLOW;
	case BAND_BLUE: return R_BAND_BLUE;
	case BAND_GREEN: return R_BAND_GREEN;
	default: return R_NORMAL;
	}
}

/* Columns in the order they are shown: the row's label column first and
 * frozen (scrolled right, a row keeps its name), then the others (on the
 * projector those it shows first, in their order). */
static int disp_col(const tview *t, int i)
{
	return t->disp[i];
}

static int disp_pos(const tview *t, int col)
{
	for (int i = 0; i < t->def->ncols; i++)
		if (t->disp[i] == col)
			return i;
	return 0;
}

/* The display order: the label column, then FIRST (N of them), then the
 * other columns in the table's order. */
static void set_disp(tview *t, const int *first, int n)
{
	int f = t->def->label_col, m = 0;
	bool *used = xcalloc((size_t)t->def->ncols + 1, sizeof *used);
	t->disp[m++] = f;
	used[f] = true;
	for (int k = 0; k < n; k++)
		if (!used[first[k]]) {
			t->disp[m++] = first[k];
			used[first[k]] = true;
		}
	for (int k = 0; k < t->def->ncols; k++)
		if (!used[k])
			t->disp[m++] = k;
	free(used);
}

/* The row number column's width: a number of the last row whole. */
static int rownum_w(const tview *t)
{
	int n = t->s && t->s->total > t->s->nrows ? t->s->total : t->s ? t->s->nrows : 0;
	int w = ROWNUM_W;
	for (int lim = 100000; n >= lim && w < 12; lim *= 10)
		w++;
	return w;
}

/* The last shown position right of the frozen column, for a grid W wide. */
static int last_visible(const tview *t, int w)
{
	int x = rownum_w(t) + t->widths[disp_col(t, 0)] + 1;
	int last = t->left - 1;
	for (int i = t->left; i < t->def->ncols; i++) {
		int k = disp_col(t, i);
		if (t->hidden[k]) {
			last = i; /* takes no room */
			continue;
		}
		if (x + t->widths[k] > w && i > t->left)
			break;
		x += t->widths[k] + 1;
		last = i;
	}
	return last;
}

static void keep_col_visible(tview *t, int w)
{
	int p = disp_pos(t, t->col);
	if (t->left < 1)
		t->left = 1;
	if (t->hidden[t->col])
		return; /* the projector's cursor on a column it leaves out */
	if (p >= 1 && p < t->left)
		t->left = p;
	while (p > last_visible(t, w) && t->left < t->def->ncols - 1)
		t->left++;
}

/* The columns the heat map takes: 4 for the y axis, 8 per x value. */
static int heat_width(const table_def *d)
{
	int w = 4 + (d->heat_xmax - d->heat_xmin + 1) * 8;
	return w > 32 ? w : 32;
}

static void draw_heatmap(tview *t, int y, int x, int w, bool focus)
{
	const table_def *d = t->def;
	if (d->heat_x < 0 || d->heat_y < 0 || !t->s)
		return;
	const column *cx = &d->cols[d->heat_x], *cy = &d->cols[d->heat_y];
	/* axes over the columns' whole ranges (the scenario check sets them) */
	int xmin = d->heat_xmin, xmax = d->heat_xmax, ymin = d->heat_ymin, ymax = d->heat_ymax;
	int nx = xmax - xmin + 1, ny = ymax - ymin + 1;
	int counts[12][12] = {{0}};
	for (int r = 0; r < t->s->nrows; r++) {
		int vx = heat_val(t->s, r, d->heat_x), vy = heat_val(t->s, r, d->heat_y);
		if (vx >= xmin && vx <= xmax && vy >= ymin && vy <= ymax && nx <= 12 && ny <= 12)
			counts[vy - ymin][vx - xmin]++;
	}
	/* the heat map's "color" column colours the cells by x*y (the risk value) */
	const column *banded = d->heat_color >= 0 ? &d->cols[d->heat_color] : NULL;
	draw_text(y++, x, w, d->heat_title.ja ? L(&d->heat_title) : "", R_HEADING);
	buf lbl = {0};
	buf_puts(&lbl, L(&cy->title));
	draw_text(y++, x, w, buf_str(&lbl), R_DIM);
	for (int yy = ymax; yy >= ymin; yy--, y++) {
		char n[16];
		snprintf(n, sizeof n, "%3d ", yy);
		draw_text(y, x, 4, n, R_DIM);
		for (int xx = xmin; xx <= xmax; xx++) {
			int c = counts[yy - ymin][xx - xmin];
			const band *b = banded ? column_band(banded, (double)xx * yy) : NULL;
			buf cell = {0};
			if (b && b->label.ja)
				buf_printf(&cell, "%3d %s ", c, L(&b->label));
			else
				buf_printf(&cell, "%3d ", c);
			bool sel = focus && xx == t->hx && yy == t->hy;
			bool on = t->heat_x == xx && t->heat_y == yy;
			theme_role role = sel ? R_SELECTED : band_role(b);
			int cw = 8;
			draw_text(y, x + 4 + (xx - xmin) * cw, cw - 1, buf_str(&cell), role);
			buf_free(&cell);
			if (on)
				draw_text_at(y, x + 4 + (xx - xmin) * cw + cw - 1, 1, "*", R_EMPH);
		}
	}
	char axis[128] = "    ";
	size_t len = strlen(axis);
	for (int xx = xmin; xx <= xmax; xx++) {
		snprintf(axis + len, sizeof axis - len, "%3d     ", xx);
		len = strlen(axis);
	}
	draw_text(y++, x, w, axis, R_DIM);
	buf_clear(&lbl);
	buf_printf(&lbl, "    %s", L(&cx->title));
	draw_text(y, x, w, buf_str(&lbl), R_DIM);
	buf_free(&lbl);
}

/* The table's body once it has rows (an empty table shows it in full under
 * the "no rows yet" line): folded, its first line after the info line on
 * row Y - 1; open (z, this terminal only), laid out from Y on, at most a
 * third of the area so the table stays in view. Returns the next free row. */
static int draw_intro(app *a, tview *t, rect area, int y, int info_w, int gw)
{
	if (!t->act->body.ja || !t->s->nrows)
		return y;
	bool projector = app_on_projector(a);
	bool open = t->intro_open && !projector;
	int x = area.x + info_w + 2;
	int room = area.x + gw - x;
	const char *tag = tr(projector ? M_INTRO_TAG_PLAIN : open ? M_INTRO_TAG_OPEN
		: M_INTRO_TAG_FOLDED);
	int tw = text_width(tag);
	mdoc doc;
	int w = gw - 4 > 100 ? 100 : gw - 4;
	markup_layout(L(&t->act->body), open ? w : 1000, &doc);
	if (room > tw + 4) {
		draw_text(y - 1, x, tw, tag, R_EMPH);
		if (!open && doc.n)
			markup_draw_line(&doc.lines[0], y - 1, x + tw + 1, room - tw - 1);
	}
	if (open) {
		int max = (area.h - 4) / 3;
		if (max < 1)
			max = 1;
		int k = 0;
		for (; k < doc.n && k < max; k++) {
			if (k == max - 1 && doc.n > max) {
				draw_text(y + k, area.x + 2, w, "…", R_DIM);
				break;
			}
			draw_text(y + k, area.x, gw, "", R_NORMAL);
			markup_draw_line(&doc.lines[k], y + k, area.x + 2, w);
		}
		y += k < doc.n ? k + 1 : k;
	}
	markup_free(&doc);
	return y;
}

static void draw_grid(app *a, tview *t, rect area)
{
	const table_def *d = t->def;
	buf b = {0};
	int y = area.y;
	/* info line */
	buf info = {0};
	char rows[64];
	if (t->norder != t->s->nrows)
		snprintf(rows, sizeof rows, tr(t->s->nrows == 1 ? M_ROWS_OF1 : M_ROWS_OF), t->norder,
			t->s->nrows);
	else {
		int n = t->s->total > t->s->nrows ? t->s->total : t->s->nrows;
		snprintf(rows, sizeof rows, tr(n == 1 ? M_ROWS1 : M_ROWS), n);
	}
	buf_printf(&info, tr(t->own.okind == OWNER_COMPANY ? M_OWNER_COMPANY
		: t->own.okind == OWNER_PERSON ? M_OWNER_PERSON : M_OWNER_GROUP), owner_name(t));
	buf_printf(&info, "  |  %s", rows);
	if (t->sort_dir) {
		buf_puts(&info, "  |  ");
		buf_printf(&info, tr(t->sort_dir > 0 ? M_SORTED_UP : M_SORTED_DOWN),
			L(&d->cols[t->sort_col].title));
	}
	if (t->filter.len || t->heat_x) {
		char hv[64] = "";
		if (t->heat_x)
			snprintf(hv, sizeof hv, "%s%d×%d", t->filter.len ? " " : "", t->heat_y, t->heat_x);
		buf both = {0};
		buf_printf(&both, "%s%s", buf_str(&t->filter), hv);
		buf_puts(&info, "  |  ");
		buf_printf(&info, tr(M_FILTERED), buf_str(&both));
		buf_free(&both);
	}
	if (app_on_projector(a) && t->search.len) {
		buf_puts(&info, "  |  ");
		buf_printf(&info, tr(M_PRESENT_SEARCH), buf_str(&t->search));
	}
	if (sheet_may_write(a->st, t->own.okind, owner_sel_id(&t->own), NULL)
		!= MM_OK)
		buf_printf(&info, "  |  %s", tr(M_READONLY_VIEW));
	int info_w = text_width(buf_str(&info));
	draw_text(y++, area.x, area.w, buf_str(&info), R_DIM);
	buf_free(&info);

	int hw = heat_width(d);
	bool side_heat = d->heat_x >= 0 && area.w >= 78 + hw;
	int gw = side_heat ? area.w - hw - 2 : area.w;
	y = draw_intro(a, t, area, y, info_w, gw);
	keep_col_visible(t, gw);
	int bottom = area.y + area.h - 2; /* two lines for the cell's full text and help */
	/* header */
	int x = area.x;
	int nw = rownum_w(t);
	draw_text(y, x, nw, "    #", R_HEAD);
	x += nw;
	int last = last_visible(t, gw);
	for (int i = 0; i <= last; i = (i == 0 ? t->left : i + 1)) {
		int k = disp_col(t, i);
		if (i && t->hidden[k])
			continue;
		int w = t->widths[k];
		if (x + w > area.x + gw)
			w = area.x + gw - x;
		if (w <= 0)
			break;
		draw_text(y, x, w, L(&d->cols[k].title), k == t->col ? R_SELECTED : R_HEAD);
		x += w + 1;
		if (i == 0 && t->left > 1)
			draw_text_at(y, x - 1, 1, "<", R_EMPH);
	}
	if (last < d->ncols - 1)
		draw_text_at(y, area.x + gw - 1, 1, ">", R_EMPH);
	y++;
	t->page = bottom - y;
	if (t->page < 1)
		t->page = 1;
	if (t->cur < t->top)
		t->top = t->cur;
	if (t->cur >= t->top + t->page)
		t->top = t->cur - t->page + 1;
	/* the projector, taller than the facilitator's screen, shows more rows
	 * above rather than blank lines below */
	if (app_on_projector(a) && t->top > t->norder - t->page)
		t->top = t->norder - t->page > 0 ? t->norder - t->page : 0;
	if (t->s->partial) {
		/* still reading the rest: the rows shown now (in the sheet's order
		 * one read for them all, sorted one at a time) */
		mm_error err;
		if (t->norder == t->s->nrows && !t->sort_dir)
			sheet_load_rows(a->st, t->s, t->top, t->page + 1, &err);
		else
			for (int k = t->top; k < t->norder && k <= t->top + t->page; k++)
				if (!t->s->rows[t->order[k]].loaded
					&& sheet_load_rows(a->st, t->s, t->order[k], 1, &err) != MM_OK)
					break;
	}
	if (t->norder == 0) {
		bool writable = sheet_may_write(a->st, t->own.okind,
			owner_sel_id(&t->own), NULL) == MM_OK;
		draw_text(y + 1, area.x + 2, gw - 2, t->s->nrows ? tr(app_on_projector(a)
			? M_PRESENT_NO_ROWS_MATCH : M_NO_ROWS_MATCH)
			: tr(writable ? M_EMPTY_TABLE : M_EMPTY_READONLY), R_DIM);
		/* an empty table: what the group is asked to do, and how */
		if (!t->s->nrows) {
			buf intro = {0};
			if (t->act->prompt.ja)
				buf_printf(&intro, "**%s**\n\n", L(&t->act->prompt));
			if (t->act->body.ja)
				buf_puts(&intro, L(&t->act->body));
			mdoc doc;
			int w = gw - 4 > 100 ? 100 : gw - 4;
			markup_layout(buf_str(&intro), w, &doc);
			for (int k = 0; k < doc.n && y + 3 + k < bottom; k++)
				markup_draw_line(&doc.lines[k], y + 3 + k, area.x + 2, w);
			markup_free(&doc);
			buf_free(&intro);
		}
	}
	for (int n = t->top; n < t->norder && y < bottom; n++, y++) {
		int r = t->order[n];
		bool cur_row = n == t->cur;
		x = area.x;
		char num[16];
		snprintf(num, sizeof num, "%*d ", nw - 1, r + 1);
		draw_text(y, x, nw, num, cur_row ? R_CURSOR_ROW : R_GRID);
		x += nw;
		for (int i = 0; i <= last; i = (i == 0 ? t->left : i + 1)) {
			int k = disp_col(t, i);
			if (i && t->hidden[k])
				continue;
			int w = t->widths[k];
			if (x + w > area.x + gw)
				w = area.x + gw - x;
			if (w <= 0)
				break;
			buf_clear(&b);
			sheet_display_buf(t->s, r, k, &b);
			/* one line in the grid: line breaks shown as a space */
			for (char *p = b.s; p && *p; p++)
				if (*p == '\n' || *p == '\r' || *p == '\t')
					*p = ' ';
			theme_role role = cur_row ? R_CURSOR_ROW : R_NORMAL;
			const band *bd = sheet_band(t->s, r, k);
			if (bd)
				role = band_role(bd);
			if (cur_row && k == t->col)
				role = R_SELECTED;
			draw_text(y, x, w, buf_str(&b), role);
			x += w + 1;
		}
	}
	/* the current cell in full, and its column's help */
	if (t->norder) {
		const column *c = &d->cols[t->col];
		buf line = {0};
		buf_printf(&line, "%s: ", L(&c->title));
		sheet_display_buf(t->s, t->order[t->cur], t->col, &line);
		for (char *p = line.s; p && *p; p++)
			if (*p == '\n')
				*p = ' ';
		draw_text(area.y + area.h - 2, area.x, area.w, buf_str(&line), R_EMPH);
		buf_clear(&line);
		if (c->help.ja) {
			buf_puts(&line, L(&c->help));
			for (char *p = line.s; p && *p; p++)
				if (*p == '\n')
					*p = ' ';
			draw_text(area.y + area.h - 1, area.x, area.w, buf_str(&line), R_DIM);
		} else if (c->type == COL_COMPUTED) {
			buf_printf(&line, "%s: %s", tr(M_COMPUTED_HINT), c->expr_src);
			draw_text(area.y + area.h - 1, area.x, area.w, buf_str(&line), R_DIM);
		}
		buf_free(&line);
	}
	buf_free(&b);
	if (side_heat)
		draw_heatmap(t, area.y + 2, area.x + area.w - hw, hw, t->mode == TM_HEAT);
}

typedef struct help_ctx {
	int y, x, w, end;
} help_ctx;

/* One wrapped line of a column's help, while there is room. */
static void help_line(const char *line, size_t len, void *vctx)
{
	help_ctx *c = vctx;
	if (c->y >= c->end)
		return;
	char *piece = xstrndup(line, len);
	draw_text(c->y++, c->x, c->w, piece, R_DIM);
	free(piece);
}

static void draw_form(app *a, tview *t, rect area)
{
	(void)a;
	const table_def *d = t->def;
	if (!t->norder)
		return;
	int r = t->order[t->cur];
	buf b = {0};
	buf_printf(&b, "#%d  %s", r + 1, sheet_label(t->s, t->s->rows[r].id));
	draw_text(area.y, area.x, area.w, buf_str(&b), R_TITLE);
	int tw = 20;
	int y = area.y + 2;
	int help_lines = area.h >= 30 ? 6 : 4;
	int rows_avail = area.h - 2 - help_lines - 1;
	int top = t->form_sel >= rows_avail ? t->form_sel - rows_avail + 1 : 0;
	for (int k = top; k < d->ncols && y < area.y + 2 + rows_avail; k++, y++) {
		const column *c = &d->cols[k];
		bool sel = k == t->form_sel;
		draw_text(y, area.x, tw, L(&c->title), sel ? R_SELECTED : R_HEADING);
		buf_clear(&b);
		sheet_display_buf(t->s, r, k, &b);
		for (char *p = b.s; p && *p; p++)
			if (*p == '\n')
				*p = ' ';
		const band *bd = sheet_band(t->s, r, k);
		draw_text(y, area.x + tw + 1, area.w - tw - 1, buf_str(&b),
			bd ? band_role(bd) : R_NORMAL);
		if (sel)
			t->form_y = y;
	}
	const column *c = &d->cols[t->form_sel];
	int hy = area.y + area.h - help_lines;
	draw_text(hy - 1, area.x, area.w, "", R_NORMAL);
	if (c->help.ja || c->type == COL_COMPUTED) {
		buf_clear(&b);
		if (c->help.ja)
			buf_printf(&b, "%s: %s", tr(M_HELP_LABEL), L(&c->help));
		else
			buf_printf(&b, "%s: %s", tr(M_COMPUTED_HINT), c->expr_src);
		help_ctx hc = {hy, area.x, area.w, area.y + area.h};
		text_wrap(buf_str(&b), area.w, help_line, &hc);
	}
	buf_free(&b);
}

/* ---- the screen --------------------------------------------------------- */

static void table_draw(app *a, view *v, rect area)
{
	tview *t = v->data;
	t->area = area;
	if (!t->s) {
		draw_text(area.y, area.x, area.w, tr(app_on_projector(a) ? M_EMPTY_READONLY
			: M_EMPTY_TABLE), R_DIM);
		return;
	}
	if (t->mode == TM_FORM && t->norder)
		draw_form(a, t, area);
	else
		draw_grid(a, t, area);
	if (t->mode == TM_HEAT && area.w < 78 + heat_width(t->def)) {
		int hw = heat_width(t->def) + 4;
		rect r = popup_rect(area, hw > 36 ? hw : 36, t->def->heat_y >= 0
			? t->def->heat_ymax - t->def->heat_ymin + 8 : 4);
		draw_fill(r, R_NORMAL);
		draw_heatmap(t, r.y, r.x + 1, r.w - 2, true);
	}
	/* the example's picker or question: what it also adds elsewhere, on
	 * the line under the picker or above the question */
	if (t->example_note.len && ((t->se.mode == SE_PICK && t->se.purpose == Q_EXAMPLE)
		|| (t->se.mode == SE_CONFIRM && t->se.purpose == Q_EXAMPLE)))
		draw_text(area.y + area.h - (t->se.mode == SE_PICK ? 1 : 2), area.x, area.w,
			buf_str(&t->example_note), R_EMPH);
	sedit_draw(a, &t->se, area);
}

static void table_cursor(app *a, view *v)
{
	tview *t = v->data;
	sedit_cursor(a, &t->se);
}

/* ---- editing: the callbacks of the editing layer ------------------------- */

static mm_status ed_save(app *a, void *ctx, se_target *tg, const char *stored, int expected,
	sheet_conflict *cf, mm_error *err)
{
	tview *t = ctx;
	if (!tg->new_row)
		return sheet_set(a->st, t->s, tg->row, tg->col, stored, expected, cf, t->hist, err);
	/* a new row is made with its first value: one write, one undo step */
	const char **values = xcalloc((size_t)t->def->ncols + 1, sizeof *values);
	values[tg->col] = stored;
	int at = tg->at > t->s->nrows ? t->s->nrows : tg->at;
	int64_t id = 0;
	mm_status rc = sheet_insert(a->st, t->s, at, values, &id, t->hist, err);
	free(values);
	if (rc == MM_OK) {
		tg->row = id;
		tg->new_row = false;
		t->repin = t->pinned != 0; /* the row pinned before may leave the view */
		t->pinned = id;
	}
	return rc;
}

static mm_status ed_parse(void *ctx, const se_target *tg, const char *text, char **stored,
	mm_error *err)
{
	tview *t = ctx;
	return column_parse(&t->def->cols[tg->col], text, stored, err);
}

static void ed_discard(app *a, void *ctx, const se_target *tg, const char *stored)
{
	tview *t = ctx;
	mm_error err;
	sheet_log_discarded(a->st, t->s, tg->row, tg->col, stored, &err);
	sheet_reload(a->st, t->s, &err);
}

static void ed_show(void *ctx, const se_target *tg, const char *stored, buf *out)
{
	tview *t = ctx;
	const column *c = &t->def->cols[tg->col];
	if (c->type == COL_REF) {
		const sheet *target = t->s->ref[tg->col] ? t->s->ref[tg->col] : t->s;
		buf_puts(out, sheet_label(target, strtoll(stored, NULL, 10)));
		return;
	}
	column_format_buf(c, stored, out);
}

static void ed_after(app *a, void *ctx, const se_target *tg, bool saved, wint_t key)
{
	(void)a;
	tview *t = ctx;
	apply_delta(t, tg->row ? tg->row : cur_row_id(t)); /* what the write changed only */
	if (saved && key == '\t' && disp_pos(t, t->col) < t->def->ncols - 1)
		t->col = disp_col(t, disp_pos(t, t->col) + 1);
}

/* The line editor sits over the cell in the grid, or on the form's line; a
 * new row's name is typed on the bottom line, under the table. */
static bool ed_line_at(app *a, void *ctx, const se_target *tg, int *y, int *x, int *w)
{
	(void)a;
	tview *t = ctx;
	rect area = t->area;
	if (tg->new_row || !t->norder)
		return false;
	if (t->mode == TM_FORM) {
		*y = t->form_y, *x = area.x + 21, *w = area.w - 21;
		return true;
	}
	int xx = area.x + rownum_w(t);
	for (int i = 0; i < t->def->ncols; i = (i == 0 ? t->left : i + 1)) {
		int k = disp_col(t, i);
		if (k == tg->col)
			break;
		if (i && t->hidden[k])
			continue;
		xx += t->widths[k] + 1;
	}
	int ww = t->widths[tg->col] < 30 ? 30 : t->widths[tg->col];
	if (xx + ww > area.x + area.w)
		ww = area.x + area.w - xx;
	if (ww < 10) {
		xx = area.x + area.w - 30;
		ww = 30;
	}
	*y = area.y + 2 + (t->cur - t->top);
	*x = xx;
	*w = ww;
	return true;
}

static void target_of(tview *t, int64_t row, int col, se_target *tg)
{
	const column *c = &t->def->cols[col];
	*tg = (se_target){.row = row, .col = col};
	int r = row ? sheet_row_index(t->s, row) : -1;
	tg->version = r >= 0 ? t->s->rows[r].cells[col].version : 0;
	if (row) {
		snprintf(tg->key, sizeof tg->key, "%lld:%s", (long long)row, c->id);
		se_target_label(tg, "%s — %s", sheet_label(t->s, row), L(&c->title));
	} else {
		tg->new_row = true;
		snprintf(tg->key, sizeof tg->key, "new:%s", c->id);
		se_target_label(tg, tr(M_TABLE_NEW_ROW), L(&c->title));
	}
}

static bool may_edit(app *a, tview *t)
{
	mm_error err;
	if (sheet_may_write(a->st, t->own.okind, owner_sel_id(&t->own), &err) != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return false;
	}
	return true;
}

/* Opens the editor that suits the column, on the cell TG. */
static void open_editor(app *a, tview *t, const se_target *tg, const char *cur)
{
	const column *c = &t->def->cols[tg->col];
	switch (c->type) {
	case COL_CHOICE:
	case COL_SCALE:
	case COL_BOOL:
	case COL_REF:
	case COL_FLAGS:
		sedit_pick_column(a, &t->se, tg, c, t->s->ref[tg->col] ? t->s->ref[tg->col] : t->s,
			cur);
		break;
	case COL_LONGTEXT:
		sedit_text(a, &t->se, tg, cur);
		break;
	default:
		sedit_line(a, &t->se, tg, cur);
		break;
	}
}

static void begin_edit(app *a, tview *t, int col)
{
	if (!t->norder) {
		app_message(a, true, "%s", tr(M_EMPTY_TABLE));
		return;
	}
	if (!may_edit(a, t))
		return;
	if (t->def->cols[col].type == COL_COMPUTED) {
		app_message(a, true, "%s", tr(M_ERR_COMPUTED));
		return;
	}
	int r = t->order[t->cur];
	se_target tg;
	target_of(t, t->s->rows[r].id, col, &tg);
	const char *cur = t->s->rows[r].cells[col].value;
	open_editor(a, t, &tg, cur ? cur : "");
	se_target_free(&tg);
}

/* `a` / `i`: the new row's name is typed first; the row is made only when
 * it is saved, so Esc leaves nothing behind, and what is typed can never
 * land in another row. */
static void begin_new_row(app *a, tview *t, int at)
{
	if (!may_edit(a, t))
		return;
	se_target tg;
	target_of(t, 0, t->def->label_col, &tg);
	tg.at = at;
	t->col = t->def->label_col;
	open_editor(a, t, &tg, "");
	se_target_free(&tg);
}

static void restore_draft(app *a, tview *t)
{
	char *key = NULL, *text = NULL;
	int base = -1;
	if (!sedit_take_draft(a, &t->se, &key, &text, &base))
		return;
	complete(a, t); /* the draft's row may be past the rows read so far */
	long long row = 0;
	char colid[64] = "";
	int col = -1;
	if (strncmp(key, "new:", 4) == 0) {
		col = table_col_index(t->def, key + 4);
		if (col >= 0) {
			begin_new_row(a, t, t->s->nrows);
			sedit_restored(a, &t->se, text, -1);
		}
	} else if (sscanf(key, "%lld:%63s", &row, colid) == 2
		&& (col = table_col_index(t->def, colid)) >= 0) {
		for (int k = 0; k < t->norder; k++)
			if (t->s->rows[t->order[k]].id == row) {
				t->cur = k;
				t->col = col;
				begin_edit(a, t, col);
				sedit_restored(a, &t->se, text, base);
				break;
			}
	}
	free(key);
	free(text);
}

/* ---- searching --------------------------------------------------------- */

#define SEARCH_SPAN 512 /* rows read at once as a search reaches them */
#define SEARCH_BUDGET_MS 12 /* reading them for a key; the rest between keys */
#define WARM_MIN 2000   /* rows: a shorter table computes on the spot */

enum { SCAN_FOUND, SCAN_NONE, SCAN_PAUSED, SCAN_FAILED };

/* Goes on with the search from row SRCH_STEP: the cursor (and the column)
 * on the first match, SCAN_NONE when no row shows it, SCAN_PAUSED when
 * BUDGET_MS (< 0: none) is spent before rows not read yet (each read with
 * the span of the sheet's rows the search goes on into: in the sheet's own
 * order, or sorted by a column written as the rows were added, those are
 * the next ones looked at). */
static int search_scan(app *a, tview *t, double budget_ms)
{
	double t0 = idle_ms();
	const char *shown = buf_str(&t->search);
	char *needle = lowered(shown);
	int rc = SCAN_NONE;
	for (; t->srch_step <= t->norder; t->srch_step++) {
		int step = t->srch_step;
		int i = ((t->srch_start + t->srch_dir * step) % t->norder + t->norder) % t->norder;
		if (!t->s->rows[t->order[i]].loaded) {
			if (budget_ms >= 0 && idle_ms() - t0 >= budget_ms) {
				rc = SCAN_PAUSED;
				break;
			}
			/* the span of the sheet's rows the search goes on into: on
			 * down from this row, or up to it (a table sorted down) */
			int r = t->order[i];
			int next = t->order[((i + t->srch_dir) % t->norder + t->norder) % t->norder];
			int from = next >= r ? r : r - SEARCH_SPAN + 1;
			mm_error err;
			if (sheet_load_rows(a->st, t->s, from < 0 ? 0 : from, SEARCH_SPAN, &err) != MM_OK) {
				app_message(a, true, "%s", err.msg);
				rc = SCAN_FAILED;
				break;
			}
		}
		if (row_matches(t, t->order[i], needle)) {
			t->cur = i;
			/* put the column on the match */
			buf b = {0};
			for (int k = 0; k < t->def->ncols; k++) {
				buf_clear(&b);
				sheet_display_buf(t->s, t->order[i], k, &b);
				if (strcasestr(buf_str(&b), shown)) {
					t->col = k;
					break;
				}
			}
			buf_free(&b);
			rc = SCAN_FOUND;
			break;
		}
	}
	free(needle);
	return rc;
}

static void search_step(app *a, tview *t, int dir, bool include_current)
{
	if (!t->search.len || !t->norder)
		return;
	/* rows not read yet (a long table just opened): they are read as the
	 * search reaches them, a span of the sheet at a time, so a match near
	 * the cursor is found at once; filtered, the rest is read first */
	bool gradual = false;
	if (t->s->partial) {
		if (t->filter.len || t->heat_x || t->norder != t->s->nrows)
			complete(a, t);
		else
			gradual = true;
		if (!t->norder)
			return;
	}
	/* the first match from here on: as the query grows, the rows before
	 * the cursor did not match it shorter and are not looked at again */
	t->srch_dir = dir;
	t->srch_start = t->cur;
	t->srch_step = include_current ? 0 : 1;
	t->srch_on = false;
	/* the ids of every row first (between keys: the loader reads them) */
	int rc = gradual && t->s->ids_more ? SCAN_PAUSED
		: search_scan(a, t, gradual ? SEARCH_BUDGET_MS : -1);
	if (rc == SCAN_PAUSED) {
		t->srch_on = true; /* table_idle goes on with it */
		app_message(a, false, tr(M_SEARCHING), buf_str(&t->search));
	} else if (rc == SCAN_NONE) {
		app_message(a, true, tr(M_NO_MATCH), buf_str(&t->search));
	}
}

/* ---- prompts and questions ------------------------------------------------ */

static void import_file(app *a, tview *t, const char *path)
{
	size_t len;
	char *data = ui_read_file(a, path, &len);
	if (!data)
		return;
	int n = 0;
	mm_error err;
	if (import_sheet_csv(a->st, t->s, data, len, false, &n, t->hist, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	else
		app_message(a, false, tr(n == 1 ? M_IMPORTED_UNDO1 : M_IMPORTED_UNDO), n);
	free(data);
	rebuild_order(t, cur_row_id(t));
}

static void ed_prompted(app *a, void *ctx, int purpose, const char *text, bool final)
{
	tview *t = ctx;
	int64_t rid = cur_row_id(t);
	switch (purpose) {
	case P_SEARCH:
		buf_clear(&t->search);
		buf_puts(&t->search, text);
		search_step(a, t, 1, true); /* jumps as the user types */
		break;
	case P_FILTER:
		if (final) {
			buf_clear(&t->filter);
			buf_puts(&t->filter, text);
			t->pinned = 0;
			complete(a, t); /* every row is looked at */
			reorder(t, rid);
		}
		break;
	case P_IMPORT:
		if (final)
			import_file(a, t, text);
		break;
	}
}

static void ed_confirmed(app *a, void *ctx, int purpose)
{
	tview *t = ctx;
	mm_error err;
	if (purpose != Q_EXAMPLE)
		return;
	if (sheet_load_example(a->st, t->s, t->hist, &err) != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return;
	}
	rebuild_order(t, 0);
	app_message(a, false, tr(t->def->nexample == 1 ? M_EXAMPLE_LOADED1 : M_EXAMPLE_LOADED),
		t->def->nexample);
}

/* The rows loading the example adds to other tables, as a sentence into
 * OUT (empty when none). */
static void example_note(app *a, const example_plan *p, buf *out)
{
	buf_clear(out);
	if (!p->nother)
		return;
	buf items = {0};
	for (int k = 0; k < p->nother; k++) {
		const activity *act = scenario_find_activity(a->sc, p->other[k].def->activity_id);
		if (k)
			buf_puts(&items, tr(M_LIST_SEP));
		buf_printf(&items, tr(M_EXAMPLE_ALSO_ITEM), act ? L(&act->title)
			: p->other[k].def->activity_id, p->other[k].rows);
	}
	buf_printf(out, tr(M_EXAMPLE_ALSO), buf_str(&items));
	buf_free(&items);
}

/* E: say what loading the example does; on a table with rows, replace or
 * add (a picker), on an empty one a yes/no question. */
static void offer_example(app *a, tview *t)
{
	example_plan p;
	sheet_example_plan(t->s, &p);
	example_note(a, &p, &t->example_note);
	if (p.current == 0) {
		sedit_confirm(&t->se, Q_EXAMPLE, tr(M_EXAMPLE_CONFIRM));
		return;
	}
	picklist pl = {0};
	picklist_add(&pl, "replace", tr(M_EXAMPLE_REPLACE));
	picklist_add(&pl, "add", tr(M_EXAMPLE_ADD));
	picklist_add(&pl, "", tr(M_EXAMPLE_CANCEL));
	char title[256];
	snprintf(title, sizeof title, tr(M_EXAMPLE_PICK_TITLE), p.rows, p.current);
	sedit_pick(a, &t->se, NULL, Q_EXAMPLE, &pl, false, title);
}

static void load_example(app *a, tview *t, bool replace)
{
	mm_error err;
	if (sheet_load_example_as(a->st, t->s, replace, t->hist, &err) != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return;
	}
	rebuild_order(t, 0);
	bool one = t->def->nexample == 1;
	app_message(a, false, tr(replace ? (one ? M_EXAMPLE_REPLACED1 : M_EXAMPLE_REPLACED)
		: one ? M_EXAMPLE_LOADED1 : M_EXAMPLE_LOADED), t->def->nexample);
}

static void ed_picked(app *a, void *ctx, int purpose, const picklist *p, int k)
{
	tview *t = ctx;
	if (purpose != Q_EXAMPLE || k < 0 || k >= p->n || !p->values[k][0])
		return;
	load_example(a, t, strcmp(p->values[k], "replace") == 0);
}

static const sedit_ops table_edit_ops = {
	.save = ed_save,
	.parse = ed_parse,
	.discard = ed_discard,
	.show = ed_show,
	.after = ed_after,
	.prompted = ed_prompted,
	.confirmed = ed_confirmed,
	.picked = ed_picked,
	.line_at = ed_line_at,
};

/* ---- keys -------------------------------------------------------------- */

static void after_write(app *a, tview *t, mm_status rc, mm_error *err, int64_t keep,
	msg_id ok_msg)
{
	if (rc != MM_OK) {
		app_message(a, true, "%s", err->msg);
		return;
	}
	apply_delta(t, keep); /* what the write changed only */
	if (ok_msg)
		app_message(a, false, "%s", tr(ok_msg));
}

static void export_csv(app *a, tview *t)
{
	buf out = {0};
	export_sheet_csv(t->s, &out);
	ui_export(a, t->def->activity_id, owner_name(t), "csv", &out);
	buf_free(&out);
}

/* ---- the projector ------------------------------------------------------ */

/* Shows the first N columns of the projector's order there. */
static void present_show(tview *t, int n)
{
	if (n < 1)
		n = 1;
	if (n > t->def->ncols)
		n = t->def->ncols;
	t->pshown = n;
	for (int k = 0; k < t->def->ncols; k++)
		t->hidden[k] = true;
	for (int k = 0; k < n; k++)
		t->hidden[t->porder[k]] = false;
	t->hidden[t->def->label_col] = false;
	set_disp(t, t->porder, n);
	t->left = 1;
}

/* + / - on the facilitator's table: a column more or less on the projector
 * (published with the view state; the facilitator's own grid stays). */
static void present_step(app *a, tview *t, int dir)
{
	if (a->role != ROLE_FACILITATOR) {
		app_message(a, true, "%s", tr(M_ONLY_FACILITATOR));
		return;
	}
	int n = t->pshown + dir;
	if (n < 1 || n > t->def->ncols) {
		app_message(a, true, tr(dir > 0 ? M_PRESENT_COLS_ALL : M_PRESENT_COLS_ONE),
			t->pshown);
		return;
	}
	t->pshown = n;
	const column *c = &t->def->cols[t->porder[dir > 0 ? n - 1 : n]];
	app_message(a, false, tr(dir > 0 ? M_PRESENT_COL_ADDED : M_PRESENT_COL_REMOVED),
		L(&c->title), n, t->def->ncols);
}

static void table_publish(app *a, view *v, buf *out)
{
	(void)a;
	tview *t = v->data;
	if (!t->s)
		return;
	const table_def *d = t->def;
	vstate_int(out, "mode", t->mode);
	vstate_int(out, "row", cur_row_id(t));
	vstate_int(out, "top", t->norder && t->top < t->norder
		? t->s->rows[t->order[t->top]].id : 0);
	vstate_str(out, "col", d->cols[t->col].id);
	vstate_str(out, "field", d->cols[t->form_sel].id);
	vstate_str(out, "sort", t->sort_dir ? d->cols[t->sort_col].id : "");
	vstate_int(out, "dir", t->sort_dir);
	vstate_str(out, "filter", buf_str(&t->filter));
	vstate_int(out, "heat_x", t->heat_x);
	vstate_int(out, "heat_y", t->heat_y);
	vstate_int(out, "hx", t->hx);
	vstate_int(out, "hy", t->hy);
	vstate_str(out, "search", buf_str(&t->search));
	vstate_int(out, "pinned", t->pinned);
	vstate_int(out, "pcols", t->pshown);
}

static void table_mirror(app *a, view *v, const char *st)
{
	tview *t = v->data;
	if (!t->s)
		return;
	complete(a, t);
	const table_def *d = t->def;
	buf b = {0};
	present_show(t, (int)vstate_get_int(st, "pcols", t->pshown));
	int k;
	vstate_get_str(st, "sort", &b);
	t->sort_dir = (k = table_col_index(d, buf_str(&b))) >= 0
		? (int)vstate_get_int(st, "dir", 0) : 0;
	if (t->sort_dir)
		t->sort_col = k;
	vstate_get_str(st, "filter", &t->filter);
	vstate_get_str(st, "search", &t->search);
	t->heat_x = (int)vstate_get_int(st, "heat_x", 0);
	t->heat_y = (int)vstate_get_int(st, "heat_y", 0);
	t->hx = (int)vstate_get_int(st, "hx", 0);
	t->hy = (int)vstate_get_int(st, "hy", 0);
	t->pinned = vstate_get_int(st, "pinned", 0);
	vstate_get_str(st, "col", &b);
	if ((k = table_col_index(d, buf_str(&b))) >= 0)
		t->col = k;
	vstate_get_str(st, "field", &b);
	if ((k = table_col_index(d, buf_str(&b))) >= 0)
		t->form_sel = k;
	buf_free(&b);
	if (t->s->ids_more) { /* the row mirrored may be past the first ones read */
		mm_error err;
		if (sheet_load_ids(a->st, t->s, -1, &err) != MM_OK)
			app_message(a, true, "%s", err.msg);
	}
	rebuild_order(t, vstate_get_int(st, "row", 0));
	int64_t top = vstate_get_int(st, "top", 0);
	for (int n = 0; n < t->norder; n++)
		if (t->s->rows[t->order[n]].id == top)
			t->top = n;
	int mode = (int)vstate_get_int(st, "mode", TM_GRID);
	t->mode = mode == TM_FORM && t->norder ? TM_FORM
		: mode == TM_HEAT && d->heat_x >= 0 ? TM_HEAT : TM_GRID;
}

static bool heat_act(app *a, tview *t, action act)
{
	(void)a;
	const table_def *d = t->def;
	switch (act) {
	case A_COL_LEFT: if (t->hx > d->heat_xmin) t->hx--; return true;
	case A_COL_RIGHT: if (t->hx < d->heat_xmax) t->hx++; return true;
	case A_UP: if (t->hy < d->heat_ymax) t->hy++; return true;
	case A_DOWN: if (t->hy > d->heat_ymin) t->hy--; return true;
	case A_EDIT:
	case A_OPEN:
		if (t->heat_x == t->hx && t->heat_y == t->hy)
			t->heat_x = t->heat_y = 0;
		else
			t->heat_x = t->hx, t->heat_y = t->hy;
		t->cur = 0;
		t->pinned = 0;
		reorder(t, 0);
		t->mode = TM_GRID;
		return true;
	case A_BACK:
	case A_HEATMAP:
		t->mode = TM_GRID;
		return true;
	default:
		return act != A_QUIT && act != A_HELP;
	}
}

static bool form_act(app *a, tview *t, action act)
{
	switch (act) {
	case A_UP: if (t->form_sel > 0) t->form_sel--; return true;
	case A_DOWN: if (t->form_sel < t->def->ncols - 1) t->form_sel++; return true;
	case A_HOME: t->form_sel = 0; return true;
	case A_END: t->form_sel = t->def->ncols - 1; return true;
	case A_EDIT: case A_OPEN: begin_edit(a, t, t->form_sel); return true;
	case A_BACK: case A_FORM: t->mode = TM_GRID; t->col = t->form_sel; return true;
	case A_PGDN: if (t->cur < t->norder - 1) t->cur++; return true;
	case A_PGUP: if (t->cur > 0) t->cur--; return true;
	default: return act != A_QUIT && act != A_HELP && act != A_LANG;
	}
}

static bool table_act(app *a, view *v, action act)
{
	tview *t = v->data;
	if (!t->s)
		return false;
	t->last_key = idle_ms();
	t->srch_on = false; /* the cursor is the user's again */
	switch (act) { /* moving in the grid needs only the rows it shows */
	case A_UP: case A_DOWN: case A_PGUP: case A_PGDN: case A_HOME: case A_END:
	case A_COL_LEFT: case A_COL_RIGHT:
	/* a sort reads its column only; a search or filter prompt opens at
	 * once (the rest is read while it is typed, and before it is used) */
	case A_SORT: case A_SEARCH: case A_FILTER:
		if (t->mode == TM_GRID && !t->load_failed)
			break;
		/* fall through */
	default:
		complete(a, t);
		break;
	/* nor do keys that leave or look elsewhere (q must not wait for the rest) */
	case A_QUIT: case A_HELP: case A_LANG: case A_INTRO: case A_NEXT_OWNER:
	case A_PREV_OWNER: case A_PRESENT_MORE: case A_PRESENT_LESS:
		break;
	case A_BACK: /* clears a filter (then every row is read) or leaves */
		if (!t->filter.len && !t->heat_x && t->mode == TM_GRID)
			break;
		complete(a, t);
		break;
	}
	if (t->s && t->s->ids_more && t->mode == TM_GRID) {
		/* only the first rows are here yet: those the move reaches now */
		if (act == A_END)
			more_ids(a, t, -1);
		else if ((act == A_DOWN || act == A_PGDN)
			&& t->cur + 2 * (t->page > 1 ? t->page : 1) + 2 > t->s->nrows)
			more_ids(a, t, t->cur + 4 * (t->page > 1 ? t->page : 1) + 64); /* ahead */
	}
	mm_error err;
	int64_t rid = cur_row_id(t);
	if (t->mode == TM_HEAT)
		return heat_act(a, t, act);
	if (t->mode == TM_FORM)
		return form_act(a, t, act);
	switch (act) {
	case A_UP: if (t->cur > 0) t->cur--; return true;
	case A_DOWN: if (t->cur < t->norder - 1) t->cur++; return true;
	case A_PGUP: t->cur -= t->page > 1 ? t->page - 1 : 1; if (t->cur < 0) t->cur = 0; return true;
	case A_PGDN:
		t->cur += t->page > 1 ? t->page - 1 : 1;
		if (t->cur >= t->norder)
			t->cur = t->norder ? t->norder - 1 : 0;
		return true;
	case A_HOME: t->cur = 0; return true;
	case A_END: t->cur = t->norder ? t->norder - 1 : 0; return true;
	case A_COL_LEFT:
		if (disp_pos(t, t->col) > 0)
			t->col = disp_col(t, disp_pos(t, t->col) - 1);
		return true;
	case A_COL_RIGHT:
		if (disp_pos(t, t->col) < t->def->ncols - 1)
			t->col = disp_col(t, disp_pos(t, t->col) + 1);
		return true;
	case A_EDIT: begin_edit(a, t, t->col); return true;
	case A_FORM:
		if (t->norder) {
			t->mode = TM_FORM;
			t->form_sel = t->col;
		}
		return true;
	case A_CLEAR:
		if (t->norder && t->def->cols[t->col].type != COL_COMPUTED && may_edit(a, t)) {
			se_target tg;
			target_of(t, rid, t->col, &tg);
			sheet_conflict cf = {0};
			se_target_free(&tg);
			mm_status rc = sheet_set(a->st, t->s, rid, t->col, "", tg.version, &cf, t->hist,
				&err);
			if (rc == MM_ECONFLICT)
				app_message(a, true, "%s", tr(M_CONFLICT_TITLE));
			sheet_conflict_free(&cf);
			after_write(a, t, rc == MM_ECONFLICT ? MM_OK : rc, &err, rid, 0);
		}
		return true;
	case A_ADD_ROW:
	case A_INSERT_ROW:
		begin_new_row(a, t, t->norder ? t->order[t->cur] + (act == A_ADD_ROW) : t->s->nrows);
		return true;
	case A_DELETE_ROW:
		if (rid && may_edit(a, t)) {
			int keep_at = t->cur;
			mm_status rc = sheet_delete(a->st, t->s, rid, t->hist, &err);
			after_write(a, t, rc, &err, 0, M_DELETED_ROW);
			t->cur = keep_at < t->norder ? keep_at : t->norder - 1;
			if (t->cur < 0)
				t->cur = 0;
		}
		return true;
	case A_DUP_ROW:
		if (rid && may_edit(a, t)) {
			int64_t id = 0;
			mm_status rc = sheet_duplicate(a->st, t->s, rid, &id, t->hist, &err);
			after_write(a, t, rc, &err, id, 0);
		}
		return true;
	case A_MOVE_UP:
	case A_MOVE_DOWN:
		if (rid && !t->sort_dir && !t->filter.len && !t->heat_x) {
			int r = t->order[t->cur];
			mm_status rc = sheet_move(a->st, t->s, rid, r + (act == A_MOVE_DOWN ? 1 : -1),
				t->hist, &err);
			after_write(a, t, rc, &err, rid, 0);
		} else if (rid) {
			app_message(a, true, "%s", tr(M_TABLE_MOVE_NEEDS_ORDER));
		}
		return true;
	case A_UNDO:
	case A_REDO: {
		mm_status rc = sheet_undo(a->st, t->s, t->hist, act == A_REDO, &err);
		after_write(a, t, rc, &err, rid, act == A_REDO ? M_REDONE : M_UNDONE);
		return true;
	}
	case A_SORT:
		if (t->sort_col != t->col) {
			t->sort_col = t->col;
			t->sort_dir = 1;
		} else {
			t->sort_dir = t->sort_dir == 1 ? -1 : t->sort_dir == -1 ? 0 : 1;
		}
		if (t->sort_dir && t->s->partial) {
			/* the column's cells of the rows not read yet; a computed
			 * one needs their other cells too */
			if (t->def->cols[t->sort_col].type == COL_COMPUTED) {
				complete(a, t);
			} else if (sheet_load_column(a->st, t->s, t->sort_col, &err) != MM_OK) {
				app_message(a, true, "%s", err.msg);
				complete(a, t);
			}
			rebuild_order(t, rid);
			return true;
		}
		reorder(t, rid);
		return true;
	case A_SEARCH:
		sedit_prompt(&t->se, P_SEARCH, tr(M_SEARCH_PROMPT), "");
		return true;
	case A_FILTER:
		sedit_prompt(&t->se, P_FILTER, tr(M_FILTER_PROMPT), buf_str(&t->filter));
		return true;
	case A_IMPORT:
		if (may_edit(a, t))
			sedit_prompt(&t->se, P_IMPORT, tr(M_IMPORT_PROMPT), "");
		return true;
	case A_SEARCH_NEXT: search_step(a, t, 1, false); return true;
	case A_SEARCH_PREV: search_step(a, t, -1, false); return true;
	case A_INTRO:
		t->intro_open = !t->intro_open;
		return true;
	case A_HEATMAP:
		if (t->def->heat_x >= 0) {
			t->mode = TM_HEAT;
			if (!t->hx) /* the top right: the highest x and y */
				t->hx = t->def->heat_xmax, t->hy = t->def->heat_ymax;
		}
		return true;
	case A_NEXT_OWNER:
	case A_PREV_OWNER:
		if (owner_sel_step(&t->own, act == A_NEXT_OWNER ? 1 : -1))
			open_owner(a, t);
		return true;
	case A_EXAMPLE:
		if (t->def->nexample == 0)
			app_message(a, true, "%s", tr(M_TABLE_NO_EXAMPLE));
		else if (may_edit(a, t))
			offer_example(a, t);
		return true;
	case A_EXPORT:
		export_csv(a, t);
		return true;
	case A_PRESENT_MORE:
	case A_PRESENT_LESS:
		present_step(a, t, act == A_PRESENT_MORE ? 1 : -1);
		return true;
	case A_BACK:
		if (t->filter.len || t->heat_x) {
			buf_clear(&t->filter);
			t->heat_x = t->heat_y = 0;
			t->pinned = 0;
			reorder(t, rid);
			return true;
		}
		return false;
	default:
		return false;
	}
}

/* Keys while a picker, editor, prompt or dialog is open. */
static bool table_raw(app *a, view *v, int r, wint_t ch)
{
	tview *t = v->data;
	if (!sedit_busy(&t->se))
		return false;
	t->last_key = idle_ms();
	t->srch_on = false; /* a key while a search goes on: it stops (or starts again) */
	if (t->se.mode != SE_PROMPT) /* a search reads what it needs itself */
		complete(a, t);
	return sedit_key(a, &t->se, r, ch);
}

static msg_id table_footer(app *a, view *v)
{
	(void)a;
	tview *t = v->data;
	msg_id m = sedit_footer(&t->se);
	if (m)
		return m;
	switch (t->mode) {
	case TM_FORM: return M_FOOTER_FORM;
	case TM_HEAT: return M_FOOTER_HEAT;
	default: return 0;
	}
}

static bool table_modal(view *v)
{
	tview *t = v->data;
	return sedit_busy(&t->se);
}

static void table_free(view *v)
{
	tview *t = v->data;
	sheet_free(t->s);
	owner_sel_free(&t->own);
	free(t->order);
	free(t->widths);
	free(t->hidden);
	free(t->porder);
	free(t->disp);
	buf_free(&t->filter);
	buf_free(&t->search);
	buf_free(&t->example_note);
	smemo_free(t);
	keys_free(t);
	sedit_free(&t->se);
	free(t);
	free(v);
}

/* Keeps the draft current on every tick, and loads the rest of a long
 * table once the first screen is up. */
static void table_tick(app *a, view *v)
{
	tview *t = v->data;
	sedit_tick(a, &t->se);
}



/* Has the user typed something not read yet? */
static bool key_waiting(void)
{
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	return poll(&p, 1, 0) > 0;
}

/* Is there a computed column for table_idle to work out ahead? */
static bool warm_left(tview *t)
{
	if (t->s->partial || t->s->nrows < WARM_MIN)
		return false;
	if (t->warm_gen != t->s->gen) {
		t->warm_gen = t->s->gen;
		t->warm_next = 0;
	}
	if (t->warm_next >= t->s->nrows)
		return false;
	for (int k = 0; k < t->def->ncols; k++)
		if (t->def->cols[k].type == COL_COMPUTED)
			return true;
	t->warm_next = t->s->nrows; /* none */
	return false;
}

/* Between keys: the rest of a long table's cells, a little at a time, then
 * its computed values. */
static bool table_idle(app *a, view *v, int budget_ms)
{
	tview *t = v->data;
	if (!t->s)
		return false;
	bool loading = t->s->partial && !t->load_failed;
	bool more = t->srch_on || loading || warm_left(t);
	if (!more || budget_ms <= 0)
		return more;
	double t0 = idle_ms();
	if (t0 - t->last_key < KEYS_FIRST_MS)
		return true; /* keys are coming (scrolling, typing): they go first */
	if (t->srch_on && !t->s->ids_more) { /* a search reached rows not read yet */
		int rc = search_scan(a, t, budget_ms);
		if (rc == SCAN_PAUSED)
			return true;
		t->srch_on = false;
		if (rc == SCAN_NONE)
			app_message(a, true, tr(M_NO_MATCH), buf_str(&t->search));
		else if (rc == SCAN_FOUND)
			buf_clear(&a->message);
		a->redraw = true;
		return t->s->partial || warm_left(t);
	}
	if (loading) {
		/* a chunk at a time, until the budget is spent or a key is waiting */
		mm_error err;
		int before = t->s->nrows;
		int64_t keep = cur_row_id(t);
		do {
			if (sheet_load_more(a->st, t->s, 0, &more, &err) != MM_OK) {
				t->load_failed = true; /* the next key reads it all, or says why not */
				if (t->s->nrows != before)
					rebuild_order(t, keep);
				return false;
			}
		} while (more && idle_ms() - t0 < budget_ms && !key_waiting());
		if (t->s->nrows != before) /* more rows' ids (sheet_open_first): in the order */
			rebuild_order(t, keep);
		return more || warm_left(t);
	}
	while (t->warm_next < t->s->nrows && idle_ms() - t0 < budget_ms && !key_waiting()) {
		for (int n = 0; n < 256 && t->warm_next < t->s->nrows; n++, t->warm_next++)
			for (int k = 0; k < t->def->ncols; k++)
				if (t->def->cols[k].type == COL_COMPUTED)
					(void)sheet_value(t->s, t->warm_next, k);
	}
	return warm_left(t);
}

static void table_hangup(app *a, view *v)
{
	tview *t = v->data;
	sedit_hangup(a, &t->se);
}

static void table_reopen(app *a, view *v)
{
	open_owner(a, v->data);
}

static const view_key table_keys[] = {
	{A_EDIT, 0, M_BRIEF_EDIT, KEYS_WRITERS, NULL},
	{A_FORM, 0, M_BRIEF_FORM, 0, NULL},
	{A_ADD_ROW, 0, M_BRIEF_ADD, KEYS_WRITERS, NULL},
	{A_INSERT_ROW, 0, 0, KEYS_WRITERS, NULL},
	{A_DELETE_ROW, 0, M_BRIEF_DELETE, KEYS_WRITERS, NULL},
	{A_CLEAR, 0, 0, KEYS_WRITERS, NULL},
	{A_DUP_ROW, 0, 0, KEYS_WRITERS, NULL},
	{A_MOVE_UP, 0, 0, KEYS_WRITERS, NULL},
	{A_MOVE_DOWN, 0, 0, KEYS_WRITERS, NULL},
	{A_UNDO, 0, M_BRIEF_UNDO, KEYS_WRITERS, NULL},
	{A_REDO, 0, 0, KEYS_WRITERS, NULL},
	{A_COL_LEFT, 0, 0, 0, NULL},
	{A_COL_RIGHT, 0, 0, 0, NULL},
	{A_SORT, 0, 0, 0, NULL},
	{A_SEARCH, 0, M_BRIEF_SEARCH, 0, NULL},
	{A_SEARCH_NEXT, 0, 0, 0, NULL},
	{A_SEARCH_PREV, 0, 0, 0, NULL},
	{A_FILTER, 0, 0, 0, NULL},
	{A_HEATMAP, 0, 0, 0, NULL},
	{A_NEXT_OWNER, 0, 0, 0, NULL},
	{A_PREV_OWNER, 0, 0, 0, NULL},
	{A_EXAMPLE, 0, 0, KEYS_WRITERS, NULL},
	{A_INTRO, 0, 0, 0, NULL},
	{A_EXPORT, 0, 0, KEYS_WRITERS, NULL},
	{A_IMPORT, 0, 0, KEYS_WRITERS, NULL},
	{A_PRESENT_MORE, 0, 0, KEYS_FAC, NULL},
	{A_PRESENT_LESS, 0, 0, KEYS_FAC, NULL},
	VIEW_KEYS_END,
};

static bool table_key_works(const view *v, action act)
{
	const tview *t = v->data;
	switch (act) {
	case A_HEATMAP: return t->def->heat_x >= 0;
	case A_EXAMPLE: return t->def->nexample > 0;
	case A_INTRO: return t->act->body.ja && t->s && t->s->nrows;
	default: return true;
	}
}

static const view_ops table_ops = {
	.name = "table",
	.draw = table_draw,
	.act = table_act,
	.reload = table_reload,
	.free = table_free,
	.title = activity_view_title,
	.footer = M_FOOTER_TABLE,
	.ctx = C_TABLE,
	.keys = table_keys,
	.key_works = table_key_works,
	.reopen = table_reopen,
	.raw = table_raw,
	.footer_now = table_footer,
	.cursor = table_cursor,
	.tick = table_tick,
	.idle = table_idle,
	.hangup = table_hangup,
	.modal = table_modal,
	.publish = table_publish,
	.mirror = table_mirror,
};

view *view_table_new(app *a, const activity *act)
{
	tview *t = xcalloc(1, sizeof *t);
	t->act = act;
	t->def = act->table;
	t->widths = xcalloc((size_t)t->def->ncols + 1, sizeof *t->widths);
	t->left = 1;
	t->col = t->def->label_col;
	sedit_init(&t->se, &table_edit_ops, t);
	compute_widths(t);
	t->hidden = xcalloc((size_t)t->def->ncols + 1, sizeof *t->hidden);
	t->porder = xcalloc((size_t)t->def->ncols + 1, sizeof *t->porder);
	t->pshown = table_present_order(t->def, t->porder);
	t->disp = xcalloc((size_t)t->def->ncols + 1, sizeof *t->disp);
	set_disp(t, NULL, 0);
	if (app_on_projector(a))
		/* from the back of the room: the columns the scenario names, or the
		 * row's name and the results, ratings and choices; free text stays
		 * on the groups' screens */
		present_show(t, t->pshown);
	owner_sel_init(a, act, &t->own);
	open_owner(a, t);
	if (t->s)
		restore_draft(a, t);
	view *v = xcalloc(1, sizeof *v);
	v->ops = &table_ops;
	v->own = &t->own;
	v->act = act;
	v->data = t;
	return v;
}
