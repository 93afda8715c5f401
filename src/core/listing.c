/* listing.c — `mamori list`, see listing.h. */
#include "listing.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo.h"
#include "i18n.h"
#include "kind.h"
#include "text.h"

#define ID_MAX 24 /* an id wider than this pushes its line's title right */

static const char *scope_word(activity_scope s)
{
	return tr(s == SCOPE_COMPANY ? M_V_SCOPE_COMPANY
		: s == SCOPE_PERSON ? M_V_SCOPE_PERSON : M_V_SCOPE_GROUP);
}

static int imax(int a, int b)
{
	return a > b ? a : b;
}

/* S padded (or cut with '~') to COLS columns, then GAP spaces. */
static void cell(buf *out, const char *s, int cols, int gap)
{
	char *tmp = malloc(strlen(s) + (size_t)cols + 4);
	if (!tmp)
		abort();
	text_fit_pad(s, cols, tmp);
	buf_puts(out, tmp);
	free(tmp);
	buf_printf(out, "%*s", gap, "");
}

/* S cut to COLS columns (with '~'), without padding, then a line end. */
static void last_cell(buf *out, const char *s, int cols)
{
	if (cols < 1)
		cols = 1;
	if (text_width(s) <= cols) {
		buf_puts(out, s);
	} else {
		int w;
		size_t n = text_fit(s, cols - 1, &w);
		buf_append(out, s, n);
		buf_putc(out, '~');
	}
	buf_putc(out, '\n');
}

typedef struct wrap_ctx {
	buf *out;
	int indent;
	bool first;
} wrap_ctx;

static void wrap_emit(const char *line, size_t len, void *ctx)
{
	wrap_ctx *w = ctx;
	if (!w->first)
		buf_printf(w->out, "%*s", w->indent, "");
	w->first = false;
	buf_append(w->out, line, len);
	buf_putc(w->out, '\n');
}

/* S in lines of at most WIDTH columns, the lines after the first INDENT
 * columns in: a long title goes on, never cut (the id after it is needed). */
static void wrapped(buf *out, const char *s, int width, int indent)
{
	wrap_ctx w = {out, indent, true};
	text_wrap(s, width - indent, wrap_emit, &w);
}

void listing_scenario(const scenario *sc, int width, buf *out)
{
	/* the columns' widths: the widest id (up to ID_MAX), kind and scope */
	int idw = text_width(tr(M_LIST_H_ID)), kw = text_width(tr(M_LIST_H_KIND));
	int sw = text_width(tr(M_LIST_H_SCOPE));
	for (size_t t = 0; t < sc->ntracks; t++)
		for (size_t s = 0; s < sc->tracks[t].nsessions; s++) {
			const session *se = &sc->tracks[t].sessions[s];
			for (size_t a = 0; a < se->nactivities; a++) {
				const activity *act = &se->activities[a];
				idw = imax(idw, text_width(act->id));
				kw = imax(kw, text_width(activity_kind_word(act)));
				if (act->storage)
					sw = imax(sw, text_width(scope_word(act->scope)));
			}
		}
	if (idw > ID_MAX)
		idw = ID_MAX;
	int ew = text_width(tr(M_LIST_H_EXPORT)), iw = text_width(tr(M_LIST_H_IMPORT));
	const int indent = 4;
	int title_col = indent + idw + 2 + kw + 2 + sw + 2 + ew + 1 + iw + 2;

	buf head = {0};
	buf_printf(&head, tr(M_LIST_SCENARIO), L(&sc->title), sc->id);
	wrapped(out, buf_str(&head), width, 2);
	buf_free(&head);
	wrap_ctx w = {out, 0, true};
	text_wrap(tr(M_LIST_HINT), width, wrap_emit, &w);
	buf_putc(out, '\n');
	buf_printf(out, "%*s", indent, "");
	cell(out, tr(M_LIST_H_ID), idw, 2);
	cell(out, tr(M_LIST_H_KIND), kw, 2);
	cell(out, tr(M_LIST_H_SCOPE), sw, 2);
	cell(out, tr(M_LIST_H_EXPORT), ew, 1);
	cell(out, tr(M_LIST_H_IMPORT), iw, 2);
	last_cell(out, tr(M_LIST_H_TITLE), width - title_col);

	for (size_t t = 0; t < sc->ntracks; t++) {
		const track *tr_ = &sc->tracks[t];
		buf line = {0};
		buf_printf(&line, tr(M_LIST_TRACK), tr_->id, L(&tr_->title));
		buf_putc(out, '\n');
		wrapped(out, buf_str(&line), width, 2);
		for (size_t s = 0; s < tr_->nsessions; s++) {
			const session *se = &tr_->sessions[s];
			buf_clear(&line);
			buf_printf(&line, "  %s  ", se->id);
			if (se->number > 0) {
				buf_printf(&line, tr(M_SESSION_N), se->number);
				buf_puts(&line, "  ");
			}
			buf_puts(&line, L(&se->title));
			if (se->minutes > 0) {
				buf_puts(&line, "  (");
				buf_printf(&line, tr(M_LIST_MINUTES), se->minutes);
				buf_putc(&line, ')');
			}
			wrapped(out, buf_str(&line), width, 8);
			for (size_t a = 0; a < se->nactivities; a++) {
				const activity *act = &se->activities[a];
				const kind_ops *k = kind_of(act->kind);
				bool ex = act->storage && k->export, im = act->storage && k->import;
				int used = indent;
				buf_printf(out, "%*s", indent, "");
				if (text_width(act->id) > idw) {
					/* a long id keeps every character: the command needs it */
					buf_puts(out, act->id);
					buf_puts(out, "  ");
					used += text_width(act->id) + 2;
				} else {
					cell(out, act->id, idw, 2);
					used += idw + 2;
				}
				cell(out, activity_kind_word(act), kw, 2);
				cell(out, act->storage ? scope_word(act->scope) : "", sw, 2);
				cell(out, ex ? "+" : "", ew, 1);
				cell(out, im ? "+" : "", iw, 2);
				used += kw + 2 + sw + 2 + ew + 1 + iw + 2;
				const char *title = L(&act->title);
				if (text_width(title) <= width - used) {
					last_cell(out, title, width - used);
				} else {
					/* too long for the row: whole, on the line below */
					while (out->len && out->s[out->len - 1] == ' ')
						out->s[--out->len] = '\0';
					buf_putc(out, '\n');
					wrap_ctx tw = {out, indent + 4, false};
					text_wrap(title, width - indent - 4, wrap_emit, &tw);
				}
			}
		}
		buf_free(&line);
	}
}

/* "LEAD name、name…" wrapped to WIDTH; nothing when there are no names.
 * KIND as store_owners: 0 groups, 1 companies. */
static mm_status owner_line(store *st, int kind, msg_id lead, int width, buf *out,
	mm_error *err)
{
	owner_info *own = NULL;
	int n = 0;
	if (store_owners(st, kind, 0, &own, &n, err) != MM_OK)
		return MM_EUSER;
	if (n > 0) {
		buf line = {0};
		buf_puts(&line, tr(lead));
		for (int k = 0; k < n; k++)
			buf_printf(&line, "%s%s", k ? tr(M_LIST_NAME_SEP) : "", own[k].name);
		wrap_ctx w = {out, 2, true};
		text_wrap(buf_str(&line), width - 2, wrap_emit, &w);
		buf_free(&line);
	}
	owner_list_free(own, n);
	return MM_OK;
}

mm_status listing_owners(store *st, int width, buf *out, mm_error *err)
{
	buf part = {0};
	mm_status rc = owner_line(st, 0, M_LIST_GROUPS, width, &part, err);
	if (rc == MM_OK)
		rc = owner_line(st, 1, M_LIST_COMPANIES, width, &part, err);
	if (rc == MM_OK && part.len) {
		buf_putc(out, '\n');
		buf_append(out, part.s, part.len);
	}
	buf_free(&part);
	return rc;
}

mm_status preview_create(const char *scenario_json, int ngroups, char **dir, store **out,
	mm_error *err)
{
	*dir = NULL;
	*out = NULL;
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	buf path = {0};
	buf_printf(&path, "%s/mamori-preview-XXXXXX", tmp);
	if (!mkdtemp(path.s)) {
		mm_status rc = mm_fail(err, MM_EUSER, tr(M_CLI_CANNOT_WRITE), buf_str(&path));
		buf_free(&path);
		return rc;
	}
	char *d = buf_steal(&path);
	buf db = {0};
	buf_printf(&db, "%s/preview.db", d);
	store *st = NULL;
	mm_status rc = store_create(buf_str(&db), &st, err);
	if (rc == MM_OK)
		rc = workshop_init(st, NULL, scenario_json, ngroups, err);
	buf_free(&db);
	if (rc != MM_OK) {
		store_close(st);
		preview_remove(d);
		return rc;
	}
	*dir = d;
	*out = st;
	return MM_OK;
}

void preview_remove(char *dir)
{
	if (!dir)
		return;
	DIR *dp = opendir(dir);
	if (dp) {
		struct dirent *e;
		while ((e = readdir(dp)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			buf f = {0};
			buf_printf(&f, "%s/%s", dir, e->d_name);
			unlink(buf_str(&f));
			buf_free(&f);
		}
		closedir(dp);
	}
	rmdir(dir);
	free(dir);
}
