/* board.c — the board activity kind: lanes of sticky notes, dot votes with a
 * per-person limit, notes addressed to another group's company, and the
 * inbox where the addressed group sees them. */
#include "board.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "jsonpos.h"
#include "kind.h"
#include "text.h"

/* ---- the format -------------------------------------------------------- */

static const field board_fields[] = {
	ACTIVITY_COMMON,
	{"lanes", F_ARRAY, true, 0, 0, NULL},
	{"votes", F_INT, false, 0, BOARD_MAX_VOTES, NULL},
	{"address", F_BOOL, false, 0, 0, NULL},
	FIELD_END,
};

static const field lane_fields[] = {
	{"id", F_ID, true, 0, 0, NULL},
	{"title", F_LSTR, true, 0, 0, NULL},
	{"help", F_LSTR, false, 0, 0, NULL},
	FIELD_END,
};

static void board_check(vctx *v, const cJSON *act, const char *p)
{
	const cJSON *scope = cJSON_GetObjectItemCaseSensitive(act, "scope");
	if (cJSON_IsString(scope) && strcmp(scope->valuestring, "group") != 0)
		verr(v, sub_key(p, "scope").s, 0, "%s", tr(M_V_A_BOARD_IS_SHARED_BY));
	const cJSON *lanes = cJSON_GetObjectItemCaseSensitive(act, "lanes");
	if (!cJSON_IsArray(lanes))
		return;
	jpath lp = sub_key(p, "lanes");
	int n = cJSON_GetArraySize(lanes);
	if (n == 0) {
		verr(v, lp.s, 0, "%s", tr(M_V_A_BOARD_NEEDS_AT_LEAST));
		return;
	}
	if (n > BOARD_MAX_LANES)
		verr(v, lp.s, 0, tr(M_V_A_BOARD_HAS_AT_MOST), BOARD_MAX_LANES, n);
	int i = 0;
	for (const cJSON *l = lanes->child; l; l = l->next, i++) {
		jpath ip = sub_index(lp.s, (size_t)i);
		if (!check_object(v, l, ip.s, lane_fields))
			continue;
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(l, "id");
		int k = 0;
		for (const cJSON *m = lanes->child; m != l; m = m->next, k++) {
			const cJSON *mid = cJSON_GetObjectItemCaseSensitive(m, "id");
			if (cJSON_IsString(mid) && strcmp(mid->valuestring, id->valuestring) == 0) {
				int line, col;
				jsonpos_find(&v->pos, sub_key(sub_index(lp.s, (size_t)k).s, "id").s, 0,
					&line, &col);
				verr(v, sub_key(ip.s, "id").s, 0,
					tr(M_V_DUPLICATE_LANE_ID_FIRST_USED), id->valuestring, line);
				break;
			}
		}
	}
}

/* Boards alive now, so a sheet can find its board's rules (the vote limit)
 * from its table definition. */
static const board_def **live;
static int nlive;

static void *board_build(const cJSON *act)
{
	board_def *d = xcalloc(1, sizeof *d);
	d->activity_id = read_str(act, "id");
	const cJSON *lanes = cJSON_GetObjectItemCaseSensitive(act, "lanes");
	d->nlanes = cJSON_GetArraySize(lanes);
	d->lanes = xcalloc((size_t)d->nlanes + 1, sizeof *d->lanes);
	int i = 0;
	for (const cJSON *l = lanes ? lanes->child : NULL; l; l = l->next, i++) {
		d->lanes[i].id = read_str(l, "id");
		read_lstr(l, "title", &d->lanes[i].title);
		read_lstr(l, "help", &d->lanes[i].help);
	}
	const cJSON *votes = cJSON_GetObjectItemCaseSensitive(act, "votes");
	d->votes = cJSON_IsNumber(votes) ? (int)votes->valuedouble : BOARD_DEFAULT_VOTES;
	d->address = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(act, "address"));

	table_def *t = xcalloc(1, sizeof *t);
	t->activity_id = xstrdup(d->activity_id);
	t->ncols = BOARD_NCOLS;
	t->cols = xcalloc(BOARD_NCOLS, sizeof *t->cols);
	t->label_col = BOARD_COL_TEXT;
	t->heat_x = t->heat_y = -1;
	static const struct {
		const char *id, *ja, *en;
		col_type type;
	} cols[BOARD_NCOLS] = {
		[BOARD_COL_LANE] = {"lane", "レーン", "Lane", COL_CHOICE},
		[BOARD_COL_TEXT] = {"text", "付箋", "Note", COL_TEXT},
		[BOARD_COL_AUTHOR] = {"author", "書いた人", "Author", COL_TEXT},
		[BOARD_COL_TO] = {"to_company", "あて先の会社", "To company", COL_TEXT},
		[BOARD_COL_VOTERS] = {"voters", "投票した人", "Voters", COL_TEXT},
	};
	for (int k = 0; k < BOARD_NCOLS; k++) {
		column *c = &t->cols[k];
		c->id = xstrdup(cols[k].id);
		c->type = cols[k].type;
		c->title.ja = xstrdup(cols[k].ja);
		c->title.en = xstrdup(cols[k].en);
	}
	column *lane = &t->cols[BOARD_COL_LANE];
	lane->required = true;
	lane->noptions = d->nlanes;
	lane->options = xcalloc((size_t)d->nlanes + 1, sizeof *lane->options);
	for (int k = 0; k < d->nlanes; k++) {
		lane->options[k].value = xstrdup(d->lanes[k].id);
		lane->options[k].label.ja = xstrdup(d->lanes[k].title.ja ? d->lanes[k].title.ja : "");
		if (d->lanes[k].title.en)
			lane->options[k].label.en = xstrdup(d->lanes[k].title.en);
	}
	t->cols[BOARD_COL_TEXT].required = true;
	d->storage = t;
	live = xrealloc(live, (size_t)(nlive + 1) * sizeof *live);
	live[nlive++] = d;
	return d;
}

static void board_free(void *p)
{
	board_def *d = p;
	if (!d)
		return;
	for (int k = 0; k < nlive; k++)
		if (live[k] == d) {
			live[k] = live[--nlive];
			break;
		}
	if (nlive == 0) {
		free(live);
		live = NULL;
	}
	for (int k = 0; k < d->nlanes; k++) {
		free(d->lanes[k].id);
		free_lstr(&d->lanes[k].title);
		free_lstr(&d->lanes[k].help);
	}
	free(d->lanes);
	table_def_free(d->storage);
	free(d->activity_id);
	free(d);
}

static const table_def *board_storage(const void *p)
{
	return ((const board_def *)p)->storage;
}


const board_def *board_of_sheet(const sheet *s)
{
	for (int k = 0; s && k < nlive; k++)
		if (live[k]->storage == s->def)
			return live[k];
	return NULL;
}

int board_lane_index(const board_def *d, const char *lane_id)
{
	for (int k = 0; lane_id && k < d->nlanes; k++)
		if (strcmp(d->lanes[k].id, lane_id) == 0)
			return k;
	return -1;
}

/* ---- reading ----------------------------------------------------------- */

/* Entries of a voters list equal to PERSON (any entry when PERSON is 0). */
static int count_votes(const char *voters, int64_t person)
{
	int n = 0;
	const char *p = voters ? voters : "";
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > 0) {
			char tok[32];
			if (len < sizeof tok) {
				memcpy(tok, p, len);
				tok[len] = '\0';
				if (!person || strtoll(tok, NULL, 10) == person)
					n++;
			}
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return n;
}

static const char *cell(const sheet *s, int r, int col)
{
	const char *v = s->rows[r].cells[col].value;
	return v ? v : "";
}

int board_note_votes(const sheet *s, int r)
{
	return count_votes(cell(s, r, BOARD_COL_VOTERS), 0);
}

int board_note_votes_by(const sheet *s, int r, int64_t person)
{
	return person ? count_votes(cell(s, r, BOARD_COL_VOTERS), person) : 0;
}

int board_person_votes(const sheet *s, int64_t person)
{
	int n = 0;
	for (int r = 0; person && r < s->nrows; r++)
		n += count_votes(cell(s, r, BOARD_COL_VOTERS), person);
	return n;
}

static const sheet *sort_sheet;

static int cmp_votes(const void *pa, const void *pb)
{
	int a = *(const int *)pa, b = *(const int *)pb;
	int va = board_note_votes(sort_sheet, a), vb = board_note_votes(sort_sheet, b);
	if (va != vb)
		return vb - va;
	return (a > b) - (a < b);
}

int board_lane_notes(const sheet *s, int lane, bool by_votes, int *out)
{
	const board_def *d = board_of_sheet(s);
	int n = 0;
	for (int r = 0; r < s->nrows; r++) {
		int li = d ? board_lane_index(d, cell(s, r, BOARD_COL_LANE)) : 0;
		if (li < 0)
			li = 0; /* a lane the scenario no longer has: keep the note visible */
		if (li == lane)
			out[n++] = r;
	}
	if (by_votes && n > 1) {
		sort_sheet = s;
		qsort(out, (size_t)n, sizeof *out, cmp_votes);
	}
	return n;
}

/* The group a sheet belongs to (0 if none). */
static int64_t owner_group(store *st, const sheet *s)
{
	int64_t g = 0;
	store_owner_group(st, (int)s->okind, s->owner, &g, NULL);
	return g;
}

/* ---- writing notes ------------------------------------------------------- */

static bool is_space_at(const char *s, size_t *len)
{
	if (*s == ' ' || *s == '\t') {
		*len = 1;
		return true;
	}
	if (strncmp(s, "\xE3\x80\x80", 3) == 0) { /* the ideographic space */
		*len = 3;
		return true;
	}
	return false;
}

/* TEXT without spaces (ASCII or ideographic) at either end, checked as a
 * note: not empty, not too long, one line. *OUT is malloc'd. */
static mm_status clean_text(const board_def *d, const char *text, char **out, mm_error *err)
{
	*out = NULL;
	if (!text)
		text = "";
	size_t k;
	while (*text && is_space_at(text, &k))
		text += k;
	size_t len = strlen(text), end = 0;
	for (size_t i = 0; i < len;) {
		if (is_space_at(text + i, &k)) {
			i += k;
		} else {
			i++;
			while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
				i++;
			end = i;
		}
	}
	if (end == 0)
		return mm_fail(err, MM_EUSER, "%s", tr(M_BOARD_ERR_EMPTY));
	if (end > BOARD_TEXT_MAX)
		return mm_fail(err, MM_EUSER, tr(M_BOARD_ERR_LONG), BOARD_TEXT_MAX / 3);
	char *trimmed = xstrndup(text, end);
	mm_status rc = column_parse(&d->storage->cols[BOARD_COL_TEXT], trimmed, out, err);
	free(trimmed);
	return rc;
}

mm_status board_add(store *st, sheet *s, const char *lane_id, const char *text,
	const char *author, int after, int64_t *id, sheet_history *h, mm_error *err)
{
	const board_def *d = board_of_sheet(s);
	if (!d)
		return mm_fail(err, MM_EUSER, "%s", tr(M_BOARD_ERR_NOT_BOARD));
	if (board_lane_index(d, lane_id) < 0)
		return mm_fail(err, MM_EUSER, tr(M_BOARD_ERR_NO_LANE), lane_id ? lane_id : "");
	char *stored = NULL;
	mm_status rc = clean_text(d, text, &stored, err);
	if (rc != MM_OK)
		return rc;
	const char *vals[BOARD_NCOLS] = {0};
	vals[BOARD_COL_LANE] = lane_id;
	vals[BOARD_COL_TEXT] = stored;
	vals[BOARD_COL_AUTHOR] = author && *author ? author : NULL;
	int at = after >= 0 && after < s->nrows ? after + 1 : s->nrows;
	rc = sheet_insert(st, s, at, vals, id, h, err);
	free(stored);
	return rc;
}

mm_status board_set_text(store *st, sheet *s, int64_t row, const char *text, int expected,
	sheet_conflict *conflict, sheet_history *h, mm_error *err)
{
	const board_def *d = board_of_sheet(s);
	if (!d)
		return mm_fail(err, MM_EUSER, "%s", tr(M_BOARD_ERR_NOT_BOARD));
	char *stored = NULL;
	mm_status rc = clean_text(d, text, &stored, err);
	if (rc != MM_OK)
		return rc;
	rc = sheet_set(st, s, row, BOARD_COL_TEXT, stored, expected, conflict, h, err);
	free(stored);
	return rc;
}

/* Sets one cell of a note at the version this terminal has loaded. */
static mm_status set_note_cell(store *st, sheet *s, int64_t row, int col, const char *value,
	sheet_history *h, mm_error *err)
{
	int r = sheet_row_index(s, row);
	if (r < 0)
		return mm_fail(err, MM_ENOTFOUND, "%s", tr(M_BOARD_ERR_GONE));
	if (strcmp(cell(s, r, col), value) == 0)
		return MM_OK;
	mm_status rc = sheet_set(st, s, row, col, value, s->rows[r].cells[col].version, NULL, h,
		err);
	if (rc == MM_ECONFLICT) {
		mm_error ignore;
		sheet_reload(st, s, &ignore);
		return mm_fail(err, MM_ECONFLICT, "%s", tr(M_BOARD_ERR_CHANGED));
	}
	return rc;
}

mm_status board_move_lane(store *st, sheet *s, int64_t row, const char *lane_id,
	sheet_history *h, mm_error *err)
{
	const board_def *d = board_of_sheet(s);
	if (!d)
		return mm_fail(err, MM_EUSER, "%s", tr(M_BOARD_ERR_NOT_BOARD));
	if (board_lane_index(d, lane_id) < 0)
		return mm_fail(err, MM_EUSER, tr(M_BOARD_ERR_NO_LANE), lane_id ? lane_id : "");
	return set_note_cell(st, s, row, BOARD_COL_LANE, lane_id, h, err);
}

mm_status board_address(store *st, sheet *s, int64_t row, int64_t company,
	sheet_history *h, mm_error *err)
{
	const board_def *d = board_of_sheet(s);
	if (!d)
		return mm_fail(err, MM_EUSER, "%s", tr(M_BOARD_ERR_NOT_BOARD));
	if (!d->address)
		return mm_fail(err, MM_EUSER, "%s", tr(M_BOARD_ERR_NO_ADDRESS));
	char value[32] = "";
	if (company) {
		int64_t g = 0;
		mm_status rc = store_owner_group(st, 1, company, &g, err);
		if (rc == MM_ENOTFOUND)
			return mm_fail(err, MM_ENOTFOUND, "%s", tr(M_BOARD_ERR_NO_COMPANY));
		if (rc != MM_OK)
			return rc;
		if (g == owner_group(st, s))
			return mm_fail(err, MM_EUSER, "%s", tr(M_BOARD_ERR_OWN_COMPANY));
		snprintf(value, sizeof value, "%lld", (long long)company);
	}
	return set_note_cell(st, s, row, BOARD_COL_TO, value, h, err);
}

/* ---- votes --------------------------------------------------------------- */

/* VOTERS with one more entry for PERSON, or one of PERSON's entries removed
 * (false when PERSON has none). */
static bool edit_voters(const char *voters, int64_t person, int delta, buf *out)
{
	bool removed = false;
	const char *p = voters;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char tok[32] = "";
		if (len > 0 && len < sizeof tok) {
			memcpy(tok, p, len);
			tok[len] = '\0';
		}
		bool mine = tok[0] && strtoll(tok, NULL, 10) == person;
		if (len > 0 && !(delta < 0 && mine && !removed)) {
			if (out->len)
				buf_putc(out, ',');
			buf_append(out, p, len);
		} else if (len > 0) {
			removed = true;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	if (delta > 0)
		buf_printf(out, "%s%lld", out->len ? "," : "", (long long)person);
	return delta > 0 || removed;
}

/* One vote through the sheet's write path, on the board exactly as loaded
 * (so the limit for the whole board holds against every other terminal). */
static mm_status vote_once(store *st, sheet *s, const board_def *d, int64_t row,
	int64_t person, const char *name, int delta, mm_error *err)
{
	mm_status rc = sheet_reload(st, s, err);
	if (rc != MM_OK)
		return rc;
	int r = sheet_row_index(s, row);
	if (r < 0)
		return mm_fail(err, MM_ENOTFOUND, "%s", tr(M_BOARD_ERR_GONE));
	if (delta > 0 && board_person_votes(s, person) >= d->votes)
		return mm_fail(err, MM_EUSER, tr(M_BOARD_ERR_NO_VOTES_LEFT), name, d->votes);
	buf next = {0};
	if (!edit_voters(cell(s, r, BOARD_COL_VOTERS), person, delta, &next)) {
		buf_free(&next);
		return mm_fail(err, MM_EUSER, tr(M_BOARD_ERR_NOT_VOTED), name);
	}
	rc = sheet_set_if_unchanged(st, s, row, BOARD_COL_VOTERS, buf_str(&next), NULL, err);
	buf_free(&next);
	return rc;
}

mm_status board_vote(store *st, sheet *s, int64_t row_id, int64_t person_id, int delta,
	mm_error *err)
{
	const board_def *d = board_of_sheet(s);
	if (!d)
		return mm_fail(err, MM_EUSER, "%s", tr(M_BOARD_ERR_NOT_BOARD));
	if (delta != 1 && delta != -1)
		return mm_fail(err, MM_EUSER, "%s", tr(M_BOARD_VOTE_DELTA));
	if (d->votes == 0)
		return mm_fail(err, MM_EUSER, "%s", tr(M_BOARD_ERR_NO_VOTING));
	if (!person_id)
		return mm_fail(err, MM_EUSER, "%s", tr(M_BOARD_ERR_NO_PERSON));
	mm_status rc = sheet_may_write_in(st, s->activity, s->okind, s->owner, err);
	if (rc != MM_OK)
		return rc;
	if (!s->id)
		return mm_fail(err, MM_ENOTFOUND, "%s", tr(M_BOARD_ERR_GONE));
	/* who is voting: a member of the board's group, and on a group's
	 * terminal a member of that terminal's group */
	int64_t pgroup = 0;
	rc = store_owner_group(st, 2, person_id, &pgroup, err);
	if (rc == MM_ENOTFOUND)
		return mm_fail(err, MM_ENOTFOUND, "%s", tr(M_BOARD_ERR_NO_SUCH_PERSON));
	if (rc != MM_OK)
		return rc;
	char *name = store_name_of(st, 2, person_id);
	if (pgroup != owner_group(st, s)
		|| (store_get_role(st) == ROLE_GROUP && pgroup != store_group_id(st))) {
		rc = mm_fail(err, MM_EDENIED, tr(M_BOARD_ERR_NOT_MEMBER), name);
		free(name);
		return rc;
	}
	/* another terminal writing the board meanwhile: read it again and retry */
	for (int attempt = 0; attempt < 3; attempt++)
		if ((rc = vote_once(st, s, d, row_id, person_id, name, delta, err)) != MM_ECONFLICT)
			break;
	if (rc == MM_ECONFLICT)
		rc = mm_fail(err, MM_ECONFLICT, "%s", tr(M_BOARD_ERR_CHANGED));
	free(name);
	mm_error ignore;
	sheet_reload(st, s, rc == MM_OK ? err : &ignore);
	return rc;
}

/* ---- the inbox and companies ------------------------------------------- */

mm_status board_inbox(store *st, const char *activity_id, int64_t group_id,
	board_inbox_item **out, int *n, mm_error *err)
{
	static const char *const cols[] = {"lane", "text", "author", "voters"};
	*out = NULL;
	*n = 0;
	sheet_addressed *rows;
	int nrows;
	mm_status rc = sheet_addressed_rows(st, activity_id, "to_company", group_id, cols, 4,
		&rows, &nrows, err);
	if (rc != MM_OK)
		return rc;
	*out = xcalloc((size_t)nrows + 1, sizeof **out);
	for (int k = 0; k < nrows; k++) {
		sheet_addressed *a = &rows[k];
		board_inbox_item *it = &(*out)[k];
		it->row_id = a->row_id;
		it->from_group = a->from_group;
		it->from_group_name = a->from_group_name;
		it->company_id = a->company_id;
		it->company_name = a->company_name;
		it->lane = a->values[0];
		it->text = a->values[1];
		it->author = a->values[2];
		it->votes = count_votes(a->values[3], 0);
		free(a->values[3]);
		free(a->values);
	}
	free(rows); /* its strings now belong to the items */
	*n = nrows;
	return MM_OK;
}

void board_inbox_free(board_inbox_item *items, int n)
{
	for (int k = 0; k < n; k++) {
		free(items[k].from_group_name);
		free(items[k].company_name);
		free(items[k].lane);
		free(items[k].text);
		free(items[k].author);
	}
	free(items);
}

mm_status board_companies(store *st, int64_t group_id, board_company **out, int *n,
	mm_error *err)
{
	return store_companies(st, group_id, out, n, err);
}

void board_companies_free(board_company *c, int n)
{
	company_list_free(c, n);
}

char *board_company_name(store *st, int64_t id)
{
	return store_name_of(st, 1, id);
}

void board_short_company_buf(const char *name, buf *out)
{
	static const char *const forms[] = {
		"株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "一般社団法人",
		"一般財団法人", "特定非営利活動法人", "（株）", "(株)", "（有）", "(有)", "㈱", "㈲",
		NULL,
	};
	const char *s = name;
	size_t len = strlen(s);
	for (const char *const *f = forms; *f; f++) {
		size_t fl = strlen(*f);
		if (len > fl && strncmp(s, *f, fl) == 0) {
			s += fl;
			len -= fl;
			break;
		}
	}
	for (const char *const *f = forms; *f; f++) {
		size_t fl = strlen(*f);
		if (len > fl && strncmp(s + len - fl, *f, fl) == 0) {
			len -= fl;
			break;
		}
	}
	/* spaces left between the name and the form */
	while (len && s[0] == ' ')
		s++, len--;
	while (len >= 3 && strncmp(s, "\xE3\x80\x80", 3) == 0)
		s += 3, len -= 3;
	while (len && s[len - 1] == ' ')
		len--;
	while (len >= 3 && strncmp(s + len - 3, "\xE3\x80\x80", 3) == 0)
		len -= 3;
	if (!len) {
		s = name;
		len = strlen(name);
	}
	buf_append(out, s, len);
}

void board_short_company(const char *name, char *out, size_t n)
{
	buf b = {0};
	board_short_company_buf(name, &b);
	snprintf(out, n, "%s", buf_str(&b));
	buf_free(&b);
}

/* ---- export -------------------------------------------------------------- */

/* One line of text for Markdown: line breaks become spaces. */
static void md_text(buf *out, const char *s)
{
	for (; *s; s++)
		buf_putc(out, *s == '\n' || *s == '\r' ? ' ' : *s);
}

/* "（3票、書いた人: 佐藤、あて先: 株式会社さくら精密）" for a note. */
static void note_details(buf *out, const board_def *d, int votes, const char *author,
	const char *to)
{
	const char *sep = tr(M_LIST_SEP);
	int parts = 0;
	buf b = {0};
	if (d->votes > 0) {
		buf_printf(&b, votes == 1 ? tr(M_BOARD_VOTE_1) : tr(M_BOARD_VOTES_N), votes);
		parts++;
	}
	if (author && *author) {
		buf_printf(&b, "%s", parts++ ? sep : "");
		buf_printf(&b, tr(M_BOARD_MD_BY), author);
	}
	if (to && *to) {
		buf_printf(&b, "%s", parts++ ? sep : "");
		buf_printf(&b, tr(M_BOARD_MD_TO), to);
	}
	if (parts)
		buf_printf(out, tr(M_PAREN), buf_str(&b));
	buf_free(&b);
}

static void export_md(const activity *act, const board_def *d, store *st, sheet *s, buf *out)
{
	char *gname = s->okind == OWNER_GROUP ? store_name_of(st, 0, s->owner) : xstrdup("");
	buf_printf(out, "# %s", L(&act->title));
	if (*gname) {
		buf_puts(out, tr(M_PAREN_OPEN));
		buf_printf(out, tr(M_BOARD_GROUP), gname);
		buf_puts(out, tr(M_PAREN_CLOSE));
	}
	buf_puts(out, "\n");
	int *idx = xmalloc(((size_t)s->nrows + 1) * sizeof *idx);
	for (int l = 0; l < d->nlanes; l++) {
		buf_printf(out, "\n## %s\n\n", L(&d->lanes[l].title));
		int n = board_lane_notes(s, l, true, idx);
		if (n == 0)
			buf_printf(out, "%s\n", tr(M_BOARD_MD_NONE));
		for (int k = 0; k < n; k++) {
			int r = idx[k];
			buf_puts(out, "- ");
			md_text(out, cell(s, r, BOARD_COL_TEXT));
			char *to = NULL;
			const char *tov = cell(s, r, BOARD_COL_TO);
			if (*tov)
				to = board_company_name(st, strtoll(tov, NULL, 10));
			buf b = {0};
			note_details(&b, d, board_note_votes(s, r), cell(s, r, BOARD_COL_AUTHOR), to);
			md_text(out, buf_str(&b));
			buf_free(&b);
			free(to);
			buf_puts(out, "\n");
		}
	}
	free(idx);
	if (d->address && s->okind == OWNER_GROUP) {
		board_inbox_item *items = NULL;
		int n = 0;
		if (board_inbox(st, d->activity_id, s->owner, &items, &n, NULL) == MM_OK) {
			buf_printf(out, "\n## %s\n\n", tr(M_BOARD_INBOX));
			if (n == 0)
				buf_printf(out, "%s\n", tr(M_BOARD_MD_NONE));
			for (int k = 0; k < n; k++) {
				buf_puts(out, "- ");
				md_text(out, items[k].text);
				buf b = {0};
				buf_printf(&b, tr(M_BOARD_MD_FROM), items[k].from_group_name,
					items[k].company_name);
				buf_puts(out, tr(M_PAREN_OPEN));
				md_text(out, buf_str(&b));
				if (items[k].author[0]) {
					buf_puts(out, tr(M_LIST_SEP));
					buf_clear(&b);
					buf_printf(&b, tr(M_BOARD_MD_BY), items[k].author);
					md_text(out, buf_str(&b));
				}
				buf_printf(out, "%s\n", tr(M_PAREN_CLOSE));
				buf_free(&b);
			}
		}
		board_inbox_free(items, n);
	}
	free(gname);
}

static void export_csv(const board_def *d, store *st, sheet *s, buf *out)
{
	const char *head[] = {tr(M_BOARD_CSV_LANE), tr(M_BOARD_CSV_TEXT), tr(M_BOARD_CSV_VOTES),
		tr(M_BOARD_CSV_AUTHOR), tr(M_BOARD_CSV_TO)};
	csv_write_record(out, head, 5);
	int *idx = xmalloc(((size_t)s->nrows + 1) * sizeof *idx);
	for (int l = 0; l < d->nlanes; l++) {
		int n = board_lane_notes(s, l, true, idx);
		for (int k = 0; k < n; k++) {
			int r = idx[k];
			char votes[16];
			snprintf(votes, sizeof votes, "%d", board_note_votes(s, r));
			const char *tov = cell(s, r, BOARD_COL_TO);
			char *to = *tov ? board_company_name(st, strtoll(tov, NULL, 10)) : xstrdup("");
			const char *f[] = {L(&d->lanes[l].title), cell(s, r, BOARD_COL_TEXT), votes,
				cell(s, r, BOARD_COL_AUTHOR), to};
			csv_write_record(out, f, 5);
			free(to);
		}
	}
	free(idx);
}

mm_status board_export(const activity *act, store *st, sheet *s, const char *format, buf *out,
	mm_error *err)
{
	const board_def *d = board_of_sheet(s);
	if (!d || !act || act->def != d)
		return mm_fail(err, MM_EUSER, tr(M_NOT_A_KIND), act ? act->id : "?",
			tr(M_KIND_board));
	if (format && strcmp(format, "md") == 0)
		export_md(act, d, st, s, out);
	else if (format && strcmp(format, "csv") == 0)
		export_csv(d, st, s, out);
	else
		return mm_fail(err, MM_EUSER, tr(M_BOARD_FORMATS), format ? format : "");
	return MM_OK;
}

/* ---- the kind's row in the table of kinds ---- */

static void board_progress_text(const activity *act, const kind_tally *t, char *out, size_t n)
{
	(void)act;
	snprintf(out, n, tr(t->rows == 1 ? M_PROGRESS_NOTE1 : M_PROGRESS_NOTES), t->rows);
}

const kind_ops board_kind = {
	.fields = board_fields,
	.check = board_check,
	.build = board_build,
	.free = board_free,
	.storage = board_storage,
	.export = board_export,
	.export_format = "md",
	.progress = kind_count_rows,
	.progress_text = board_progress_text,
	.has_work = kind_has_rows,
};
