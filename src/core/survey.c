/* survey.c — the survey activity kind: the format and its checks, the
 * storage table, answering, the anonymous aggregate and the exports. */
#include "survey.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "kind.h"
#include "text.h"

/* ---- the format ------------------------------------------------------ */

static const char *const qtype_values[] = {"scale", "choice", "multi", "text", NULL};

static const field survey_fields[] = {
	ACTIVITY_COMMON,
	{"questions", F_ARRAY, true, 0, 0, NULL},
	{"summary", F_ARRAY, false, 0, 0, NULL},
	FIELD_END,
};

static const field question_fields[] = {
	{"id", F_STRING, true, 0, 0, NULL},
	{"type", F_ENUM, true, 0, 0, qtype_values, M_V_WHAT_QUESTION_TYPE},
	{"text", F_LSTR, true, 0, 0, NULL},
	{"options", F_ARRAY, false, 0, 0, NULL},
	{"required", F_BOOL, false, 0, 0, NULL},
	FIELD_END,
};

static const field option_fields[] = {
	{"value", F_STRING, true, 0, 0, NULL},
	{"label", F_LSTR, true, 0, 0, NULL},
	FIELD_END,
};

static const field summary_fields[] = {
	{"question", F_STRING, true, 0, 0, NULL},
	{"values", F_ARRAY, true, 0, 0, NULL},
	{"label", F_LSTR, true, 0, 0, NULL},
	FIELD_END,
};

const char *survey_qtype_name(survey_qtype t)
{
	return (unsigned)t <= SQ_TEXT ? qtype_values[t] : "?";
}

static survey_qtype qtype_of(const char *s)
{
	for (int k = 0; qtype_values[k]; k++)
		if (strcmp(qtype_values[k], s) == 0)
			return (survey_qtype)k;
	return SQ_TEXT;
}

/* Question ids name storage columns: the column id rule. */
static bool valid_question_id(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z') || strlen(s) > 63)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static const char *option_value_of(const cJSON *o)
{
	if (cJSON_IsString(o))
		return o->valuestring;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "value");
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int line_of(vctx *v, const char *path)
{
	int line, col;
	jsonpos_find(&v->pos, path, 0, &line, &col);
	return line;
}

static void check_options(vctx *v, const cJSON *q, const char *qp, const char *type)
{
	const cJSON *opts = cJSON_GetObjectItemCaseSensitive(q, "options");
	bool wants = strcmp(type, "text") != 0;
	if (!wants) {
		if (opts)
			verr(v, sub_key(qp, "options").s, 1, "%s", tr(M_V_A_TEXT_QUESTION_TAKES_NO));
		return;
	}
	if (!opts) {
		verr(v, qp, 0, tr(M_V_A_QUESTION_NEEDS_OPTIONS), type);
		return;
	}
	if (!cJSON_IsArray(opts))
		return; /* reported by check_object */
	jpath op = sub_key(qp, "options");
	int n = cJSON_GetArraySize(opts);
	if (n < 2)
		verr(v, op.s, 0, tr(M_V_A_QUESTION_NEEDS_AT_LEAST), type);
	if (n > SURVEY_MAX_OPTIONS)
		verr(v, op.s, 0, tr(M_V_OPTIONS_A_QUESTION_TAKES_AT), n, SURVEY_MAX_OPTIONS);
	size_t k = 0;
	for (const cJSON *o = opts->child; o; o = o->next, k++) {
		jpath p = sub_index(op.s, k);
		if (cJSON_IsString(o)) {
			if (!*o->valuestring)
				verr(v, p.s, 0, "%s", tr(M_V_TEXT_IS_EMPTY));
		} else if (!check_object(v, o, p.s, option_fields)) {
			continue;
		}
		const char *val = option_value_of(o);
		if (!val)
			continue;
		jpath vp = cJSON_IsString(o) ? p : sub_key(p.s, "value");
		if (!*val && !cJSON_IsString(o))
			verr(v, vp.s, 0, "%s", tr(M_V_AN_OPTION_VALUE_CANNOT_BE));
		else if (strchr(val, ','))
			verr(v, vp.s, 0, tr(M_V_AN_OPTION_VALUE_CANNOT_CONTAIN), val);
		size_t j = 0;
		for (const cJSON *e = opts->child; e != o; e = e->next, j++) {
			const char *ev = option_value_of(e);
			if (ev && strcmp(ev, val) == 0) {
				verr(v, vp.s, 0, tr(M_V_DUPLICATE_OPTION_VALUE_FIRST_USED), val,
					line_of(v, sub_index(op.s, j).s));
				break;
			}
		}
	}
}

static const cJSON *find_question(const cJSON *qs, const char *id)
{
	for (const cJSON *q = cJSON_IsArray(qs) ? qs->child : NULL; q; q = q->next) {
		const cJSON *qid = cJSON_GetObjectItemCaseSensitive(q, "id");
		if (cJSON_IsString(qid) && strcmp(qid->valuestring, id) == 0)
			return q;
	}
	return NULL;
}

/* {percent}, {count} and {total} are the placeholders a headline knows. */
static void check_placeholders(vctx *v, const char *s, const char *p)
{
	static const char *const names[] = {"{percent}", "{count}", "{total}", NULL};
	for (const char *c = strchr(s, '{'); c; c = strchr(c + 1, '{')) {
		bool ok = false;
		for (int k = 0; names[k]; k++)
			ok |= strncmp(c, names[k], strlen(names[k])) == 0;
		if (!ok) {
			const char *end = strchr(c, '}');
			int len = end ? (int)(end - c + 1) : (int)strlen(c);
			if (len > 40)
				len = 40;
			verr_in_string(v, p, s, (size_t)(c - s), tr(M_V_UNKNOWN_PLACEHOLDER_USE_PERCENT_COUNT), len, c);
		}
	}
}

static void check_summary(vctx *v, const cJSON *act, const char *path)
{
	const cJSON *sums = cJSON_GetObjectItemCaseSensitive(act, "summary");
	if (!cJSON_IsArray(sums))
		return;
	const cJSON *qs = cJSON_GetObjectItemCaseSensitive(act, "questions");
	jpath sp = sub_key(path, "summary");
	size_t i = 0;
	for (const cJSON *s = sums->child; s; s = s->next, i++) {
		jpath p = sub_index(sp.s, i);
		if (!check_object(v, s, p.s, summary_fields))
			continue;
		const char *qid = cJSON_GetObjectItemCaseSensitive(s, "question")->valuestring;
		const cJSON *q = find_question(qs, qid);
		const cJSON *type = q ? cJSON_GetObjectItemCaseSensitive(q, "type") : NULL;
		const cJSON *vals = cJSON_GetObjectItemCaseSensitive(s, "values");
		if (!q) {
			verr(v, sub_key(p.s, "question").s, 0, tr(M_V_NO_QUESTION_IN_THIS_SURVEY), qid);
		} else if (cJSON_IsString(type) && strcmp(type->valuestring, "text") == 0) {
			verr(v, sub_key(p.s, "question").s, 0, tr(M_V_QUESTION_IS_A_TEXT_QUESTION), qid);
		} else if (cJSON_GetArraySize(vals) == 0) {
			verr(v, sub_key(p.s, "values").s, 0, "%s", tr(M_V_NAME_AT_LEAST_ONE_OPTION));
		} else {
			const cJSON *opts = cJSON_GetObjectItemCaseSensitive(q, "options");
			size_t k = 0;
			for (const cJSON *val = vals->child; val; val = val->next, k++) {
				jpath vp = sub_index(sub_key(p.s, "values").s, k);
				if (!cJSON_IsString(val)) {
					verr(v, vp.s, 0, tr(M_V_EXPECTED_A_STRING_FOUND), json_type_word(val));
					continue;
				}
				bool found = false;
				buf list = {0};
				for (const cJSON *o = cJSON_IsArray(opts) ? opts->child : NULL; o; o = o->next) {
					const char *ov = option_value_of(o);
					if (!ov)
						continue;
					found |= strcmp(ov, val->valuestring) == 0;
					buf_printf(&list, "%s\"%s\"", list.len ? ", " : "", ov);
				}
				if (!found && cJSON_IsArray(opts))
					verr(v, vp.s, 0, tr(M_V_IS_NOT_AN_OPTION_OF), val->valuestring, qid, buf_str(&list));
				buf_free(&list);
			}
		}
		const cJSON *label = cJSON_GetObjectItemCaseSensitive(s, "label");
		jpath lp = sub_key(p.s, "label");
		if (cJSON_IsString(label)) {
			check_placeholders(v, label->valuestring, lp.s);
		} else {
			for (const cJSON *l = label->child; l; l = l->next)
				if (cJSON_IsString(l))
					check_placeholders(v, l->valuestring, sub_key(lp.s, l->string).s);
		}
	}
}

static void survey_check(vctx *v, const cJSON *act, const char *path)
{
	const cJSON *scope = cJSON_GetObjectItemCaseSensitive(act, "scope");
	if (!scope)
		verr(v, path, 0, "%s", tr(M_V_A_SURVEY_NEEDS_SCOPE_PERSON));
	else if (cJSON_IsString(scope) && strcmp(scope->valuestring, "person") != 0)
		verr(v, sub_key(path, "scope").s, 0, tr(M_V_A_SURVEY_SCOPE_MUST_BE), scope->valuestring);
	const cJSON *qs = cJSON_GetObjectItemCaseSensitive(act, "questions");
	jpath qsp = sub_key(path, "questions");
	if (cJSON_GetArraySize(qs) == 0)
		verr(v, qsp.s, 0, "%s", tr(M_V_A_SURVEY_NEEDS_AT_LEAST));
	size_t i = 0;
	for (const cJSON *q = qs->child; q; q = q->next, i++) {
		jpath qp = sub_index(qsp.s, i);
		if (!check_object(v, q, qp.s, question_fields))
			continue;
		const char *id = cJSON_GetObjectItemCaseSensitive(q, "id")->valuestring;
		if (!valid_question_id(id))
			verr(v, sub_key(qp.s, "id").s, 0, tr(M_V_QUESTION_ID_MUST_START_WITH), id);
		size_t j = 0;
		for (const cJSON *e = qs->child; e != q; e = e->next, j++) {
			const cJSON *eid = cJSON_GetObjectItemCaseSensitive(e, "id");
			if (cJSON_IsString(eid) && strcmp(eid->valuestring, id) == 0) {
				verr(v, sub_key(qp.s, "id").s, 0, tr(M_V_DUPLICATE_QUESTION_ID_FIRST_USED), id, line_of(v, sub_key(sub_index(qsp.s, j).s, "id").s));
				break;
			}
		}
		check_options(v, q, qp.s, cJSON_GetObjectItemCaseSensitive(q, "type")->valuestring);
	}
	check_summary(v, act, path);
}

/* ---- building -------------------------------------------------------- */

static void build_question(const cJSON *q, survey_question *out)
{
	out->id = read_str(q, "id");
	char *t = read_str(q, "type");
	out->type = qtype_of(t);
	free(t);
	read_lstr(q, "text", &out->text);
	out->required = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(q, "required"));
	const cJSON *opts = cJSON_GetObjectItemCaseSensitive(q, "options");
	out->noptions = cJSON_GetArraySize(opts);
	out->options = xcalloc((size_t)out->noptions + 1, sizeof *out->options);
	int k = 0;
	for (const cJSON *o = opts ? opts->child : NULL; o; o = o->next, k++) {
		survey_option *so = &out->options[k];
		if (cJSON_IsString(o)) {
			so->value = xstrdup(o->valuestring);
			so->label.ja = xstrdup(o->valuestring);
		} else {
			so->value = read_str(o, "value");
			read_lstr(o, "label", &so->label);
		}
	}
}

static void lstr_copy(lstr *dst, const lstr *src)
{
	dst->ja = src->ja ? xstrdup(src->ja) : NULL;
	dst->en = src->en ? xstrdup(src->en) : NULL;
}

static table_def *build_storage(const char *activity_id, const survey_def *d)
{
	table_def *t = xcalloc(1, sizeof *t);
	t->activity_id = xstrdup(activity_id);
	t->ncols = d->nquestions;
	t->cols = xcalloc((size_t)t->ncols + 1, sizeof *t->cols);
	t->heat_x = t->heat_y = -1;
	t->private_person = true; /* the answers are the person's alone */
	for (int k = 0; k < d->nquestions; k++) {
		const survey_question *q = &d->questions[k];
		column *c = &t->cols[k];
		c->id = xstrdup(q->id);
		lstr_copy(&c->title, &q->text);
		c->type = q->type == SQ_TEXT ? COL_LONGTEXT : q->type == SQ_MULTI ? COL_FLAGS
			: COL_CHOICE;
		c->noptions = q->noptions;
		c->options = xcalloc((size_t)q->noptions + 1, sizeof *c->options);
		for (int o = 0; o < q->noptions; o++) {
			c->options[o].value = xstrdup(q->options[o].value);
			lstr_copy(&c->options[o].label, &q->options[o].label);
		}
	}
	return t;
}

static void *survey_build(const cJSON *act)
{
	survey_def *d = xcalloc(1, sizeof *d);
	const cJSON *qs = cJSON_GetObjectItemCaseSensitive(act, "questions");
	d->nquestions = cJSON_GetArraySize(qs);
	d->questions = xcalloc((size_t)d->nquestions + 1, sizeof *d->questions);
	int k = 0;
	for (const cJSON *q = qs ? qs->child : NULL; q; q = q->next)
		build_question(q, &d->questions[k++]);
	const cJSON *sums = cJSON_GetObjectItemCaseSensitive(act, "summary");
	d->nsummaries = cJSON_GetArraySize(sums);
	d->summaries = xcalloc((size_t)d->nsummaries + 1, sizeof *d->summaries);
	k = 0;
	for (const cJSON *s = sums ? sums->child : NULL; s; s = s->next, k++) {
		survey_summary *ss = &d->summaries[k];
		char *qid = read_str(s, "question");
		ss->question = 0;
		for (int i = 0; i < d->nquestions; i++)
			if (strcmp(d->questions[i].id, qid) == 0)
				ss->question = i;
		free(qid);
		const survey_question *q = &d->questions[ss->question];
		ss->on = xcalloc((size_t)q->noptions + 1, sizeof *ss->on);
		const cJSON *vals = cJSON_GetObjectItemCaseSensitive(s, "values");
		for (const cJSON *val = vals ? vals->child : NULL; val; val = val->next)
			for (int o = 0; cJSON_IsString(val) && o < q->noptions; o++)
				if (strcmp(q->options[o].value, val->valuestring) == 0)
					ss->on[o] = true;
		read_lstr(s, "label", &ss->label);
	}
	char *id = read_str(act, "id");
	d->table = build_storage(id, d);
	free(id);
	return d;
}

static void survey_free(void *p)
{
	survey_def *d = p;
	if (!d)
		return;
	for (int k = 0; k < d->nquestions; k++) {
		survey_question *q = &d->questions[k];
		free(q->id);
		free_lstr(&q->text);
		for (int o = 0; o < q->noptions; o++) {
			free(q->options[o].value);
			free_lstr(&q->options[o].label);
		}
		free(q->options);
	}
	free(d->questions);
	for (int k = 0; k < d->nsummaries; k++) {
		free(d->summaries[k].on);
		free_lstr(&d->summaries[k].label);
	}
	free(d->summaries);
	table_def_free(d->table);
	free(d);
}

static const table_def *survey_storage(const void *def)
{
	return ((const survey_def *)def)->table;
}


const survey_def *survey_of(const activity *act)
{
	return act && act->kind == KIND_SURVEY ? act->def : NULL;
}

/* ---- answering ------------------------------------------------------- */

int survey_percent(int count, int total)
{
	if (total <= 0)
		return 0;
	return (int)((200LL * count + total) / (2LL * total));
}

int survey_row(const sheet *s)
{
	return s && s->nrows > 0 ? 0 : -1;
}

mm_status survey_answer(store *st, const activity *act, int64_t person, const char *qid,
	const char *input, mm_error *err)
{
	const survey_def *d = survey_of(act);
	if (!d)
		return mm_fail(err, MM_EUSER, tr(M_SURVEY_NOT_SURVEY), act ? act->id : "?");
	int col = table_col_index(d->table, qid);
	if (col < 0)
		return mm_fail(err, MM_EUSER, tr(M_SURVEY_NO_QUESTION), qid);
	char *stored = NULL;
	mm_status rc = column_parse(&d->table->cols[col], input, &stored, err);
	if (rc != MM_OK)
		return rc;
	sheet *s = NULL;
	rc = sheet_open(st, d->table, OWNER_PERSON, person, &s, err);
	if (rc == MM_OK) {
		int r = survey_row(s);
		if (r < 0) {
			const char **vals = xcalloc((size_t)d->table->ncols + 1, sizeof *vals);
			vals[col] = stored;
			rc = sheet_insert(st, s, 0, vals, NULL, NULL, err);
			free(vals);
		} else {
			rc = sheet_set(st, s, s->rows[r].id, col, stored, s->rows[r].cells[col].version,
				NULL, NULL, err);
		}
	}
	sheet_free(s);
	free(stored);
	return rc;
}

/* ---- the aggregate --------------------------------------------------- */

/* One respondent's answers, per question (NULL: none). */
typedef struct answers {
	char **v;
} answers;

typedef struct answer_set {
	answers *a;
	int n, cap;
} answer_set;

static void answer_set_free(answer_set *s, int nq)
{
	for (int k = 0; k < s->n; k++) {
		for (int q = 0; q < nq; q++)
			free(s->a[k].v[q]);
		free(s->a[k].v);
	}
	free(s->a);
	memset(s, 0, sizeof *s);
}

static int option_index(const survey_question *q, const char *value)
{
	for (int o = 0; o < q->noptions; o++)
		if (strcmp(q->options[o].value, value) == 0)
			return o;
	return -1;
}

/* Does the stored VALUE answer Q (a known option, some known flag, text
 * that is not only blanks)? */
static bool is_answer(const survey_question *q, const char *value)
{
	if (!value || !*value)
		return false;
	switch (q->type) {
	case SQ_SCALE:
	case SQ_CHOICE:
		return option_index(q, value) >= 0;
	case SQ_MULTI: {
		bool any = false;
		char *copy = xstrdup(value), *save = NULL;
		for (char *t = strtok_r(copy, ",", &save); t && !any; t = strtok_r(NULL, ",", &save))
			any = option_index(q, t) >= 0;
		free(copy);
		return any;
	}
	case SQ_TEXT:
		for (const char *p = value; *p; p++)
			if (!isspace((unsigned char)*p))
				return true;
		return false;
	}
	return false;
}

typedef struct answer_load {
	const survey_def *d;
	answer_set *out;
	int64_t cur; /* the sheet of the last answer */
} answer_load;

static void add_answer(void *ctx, int64_t sid, const char *col, const char *val)
{
	answer_load *l = ctx;
	const survey_def *d = l->d;
	answer_set *out = l->out;
	int k = col ? table_col_index(d->table, col) : -1;
	if (k < 0 || !is_answer(&d->questions[k], val))
		return;
	if (out->n == 0 || sid != l->cur) {
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 32;
			out->a = xrealloc(out->a, (size_t)out->cap * sizeof *out->a);
		}
		out->a[out->n].v = xcalloc((size_t)d->nquestions + 1, sizeof(char *));
		out->n++;
		l->cur = sid;
	}
	free(out->a[out->n - 1].v[k]);
	out->a[out->n - 1].v[k] = xstrdup(val);
}

/* Every person's answers: the first live row of each person's sheet. */
static mm_status load_answers(store *st, const survey_def *d, answer_set *out, mm_error *err)
{
	memset(out, 0, sizeof *out);
	answer_load l = {d, out, 0};
	mm_status rc = sheet_first_row_cells(st, d->table->activity_id, OWNER_PERSON, add_answer,
		&l, err);
	if (rc != MM_OK)
		answer_set_free(out, d->nquestions);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Fewer than three answers: nothing but the number of respondents, or the
 * results would tell who answered what. */
static void hide_results(const survey_def *d, survey_result *r)
{
	r->hidden = true;
	for (int k = 0; k < r->nquestions; k++) {
		survey_qresult *qr = &r->q[k];
		for (int t = 0; t < qr->ntexts; t++)
			free(qr->texts[t]);
		free(qr->texts);
		qr->texts = NULL;
		qr->ntexts = 0;
		qr->answered = 0;
		qr->mean = 0;
		memset(qr->counts, 0, (size_t)d->questions[k].noptions * sizeof *qr->counts);
	}
	free(r->headlines);
	r->headlines = xcalloc(1, sizeof *r->headlines);
	r->nheadlines = 0;
}

mm_status survey_results(store *st, const activity *act, survey_result *out, mm_error *err)
{
	memset(out, 0, sizeof *out);
	const survey_def *d = survey_of(act);
	if (!d)
		return mm_fail(err, MM_EUSER, tr(M_SURVEY_NOT_SURVEY), act ? act->id : "?");
	out->nquestions = d->nquestions;
	out->q = xcalloc((size_t)d->nquestions + 1, sizeof *out->q);
	for (int k = 0; k < d->nquestions; k++)
		out->q[k].counts = xcalloc((size_t)d->questions[k].noptions + 1, sizeof(int));
	out->nheadlines = d->nsummaries;
	out->headlines = xcalloc((size_t)d->nsummaries + 1, sizeof *out->headlines);
	int people = store_count(st, "person");
	out->people = people > 0 ? people : 0;
	answer_set as;
	mm_status rc = load_answers(st, d, &as, err);
	if (rc != MM_OK)
		return rc;
	out->respondents = as.n;
	for (int k = 0; k < d->nquestions; k++) {
		const survey_question *q = &d->questions[k];
		survey_qresult *qr = &out->q[k];
		double points = 0;
		for (int p = 0; p < as.n; p++) {
			const char *v = as.a[p].v[k];
			if (!v)
				continue;
			qr->answered++;
			if (q->type == SQ_TEXT) {
				qr->texts = xrealloc(qr->texts, (size_t)(qr->ntexts + 1) * sizeof *qr->texts);
				qr->texts[qr->ntexts++] = xstrdup(v);
			} else if (q->type == SQ_MULTI) {
				char *copy = xstrdup(v), *save = NULL;
				for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
					int o = option_index(q, t);
					if (o >= 0)
						qr->counts[o]++;
				}
				free(copy);
			} else {
				int o = option_index(q, v);
				qr->counts[o]++;
				points += q->noptions - o;
			}
		}
		if (q->type == SQ_SCALE && qr->answered)
			qr->mean = points / qr->answered;
		if (qr->ntexts)
			qsort(qr->texts, (size_t)qr->ntexts, sizeof *qr->texts, cmp_str);
	}
	for (int k = 0; k < d->nsummaries; k++) {
		const survey_summary *s = &d->summaries[k];
		const survey_question *q = &d->questions[s->question];
		survey_headline *h = &out->headlines[k];
		for (int p = 0; p < as.n; p++) {
			const char *v = as.a[p].v[s->question];
			if (!v)
				continue;
			h->total++;
			bool hit = false;
			char *copy = xstrdup(v), *save = NULL;
			for (char *t = strtok_r(copy, ",", &save); t && !hit; t = strtok_r(NULL, ",", &save)) {
				int o = option_index(q, t);
				hit = o >= 0 && s->on[o];
			}
			free(copy);
			h->count += hit;
		}
		h->percent = survey_percent(h->count, h->total);
	}
	answer_set_free(&as, d->nquestions);
	if (out->respondents < SURVEY_MIN_RESPONDENTS)
		hide_results(d, out);
	return MM_OK;
}

void survey_result_free(survey_result *r)
{
	for (int k = 0; r->q && k < r->nquestions; k++) {
		free(r->q[k].counts);
		for (int t = 0; t < r->q[k].ntexts; t++)
			free(r->q[k].texts[t]);
		free(r->q[k].texts);
	}
	free(r->q);
	free(r->headlines);
	memset(r, 0, sizeof *r);
}

void survey_headline_buf(const survey_def *d, const survey_result *r, int k, buf *out)
{
	if (k < 0 || k >= d->nsummaries || k >= r->nheadlines)
		return;
	const survey_headline *h = &r->headlines[k];
	const char *label = L(&d->summaries[k].label);
	char pct[16], cnt[16], tot[16];
	snprintf(pct, sizeof pct, "%d%%", h->percent);
	snprintf(cnt, sizeof cnt, "%d", h->count);
	snprintf(tot, sizeof tot, "%d", h->total);
	for (const char *p = label; *p;) {
		if (strncmp(p, "{percent}", 9) == 0) {
			buf_puts(out, pct);
			p += 9;
		} else if (strncmp(p, "{count}", 7) == 0) {
			buf_puts(out, cnt);
			p += 7;
		} else if (strncmp(p, "{total}", 7) == 0) {
			buf_puts(out, tot);
			p += 7;
		} else {
			buf_putc(out, *p++);
		}
	}
	if (!strstr(label, "{percent}"))
		buf_printf(out, tr(M_SURVEY_HEADLINE_PCT), pct);
}

void survey_headline_text(const survey_def *d, const survey_result *r, int k, char *out,
	size_t n)
{
	buf b = {0};
	survey_headline_buf(d, r, k, &b);
	snprintf(out, n, "%s", buf_str(&b));
	buf_free(&b);
}

/* ---- exports --------------------------------------------------------- */

static bool multi_has(const char *stored, const char *value)
{
	bool on = false;
	char *copy = xstrdup(stored), *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t && !on; t = strtok_r(NULL, ",", &save))
		on = strcmp(t, value) == 0;
	free(copy);
	return on;
}

static void export_csv(const survey_def *d, const answer_set *as, buf *out)
{
	const table_def *t = d->table;
	const char **fields = xcalloc((size_t)d->nquestions + 1, sizeof *fields);
	for (int k = 0; k < d->nquestions; k++)
		fields[k] = L(&d->questions[k].text);
	csv_write_record(out, fields, (size_t)d->nquestions);
	char **lines = xcalloc((size_t)as->n + 1, sizeof *lines);
	buf *cells = xcalloc((size_t)d->nquestions + 1, sizeof *cells);
	for (int p = 0; p < as->n; p++) {
		for (int k = 0; k < d->nquestions; k++) {
			const char *v = as->a[p].v[k];
			buf_clear(&cells[k]);
			const survey_question *q = &d->questions[k];
			if (v && q->type == SQ_TEXT) {
				buf_puts(&cells[k], v);
			} else if (v && q->type == SQ_MULTI) {
				/* labels may hold 、 and ・ themselves: " / " between them */
				for (int o = 0; o < q->noptions; o++)
					if (multi_has(v, q->options[o].value))
						buf_printf(&cells[k], "%s%s", cells[k].len ? " / " : "",
							L(&q->options[o].label));
			} else if (v) {
				column_format_buf(&t->cols[k], v, &cells[k]);
			}
			fields[k] = buf_str(&cells[k]);
		}
		buf line = {0};
		csv_write_record(&line, fields, (size_t)d->nquestions);
		lines[p] = buf_steal(&line);
	}
	for (int k = 0; k < d->nquestions; k++)
		buf_free(&cells[k]);
	/* sorted by the answers: the order of the lines says nothing about who */
	qsort(lines, (size_t)as->n, sizeof *lines, cmp_str);
	for (int p = 0; p < as->n; p++) {
		buf_puts(out, lines[p]);
		free(lines[p]);
	}
	free(lines);
	free(cells);
	free(fields);
}

/* A table cell of Markdown: no line breaks, '|' escaped. */
static void md_cell(buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			buf_puts(b, "\\|");
		else if (*s == '\n' || *s == '\r')
			buf_putc(b, ' ');
		else
			buf_putc(b, *s);
	}
}

static void export_md(const activity *act, const survey_def *d, const survey_result *r,
	buf *out)
{
	buf_printf(out, "# ");
	buf_printf(out, tr(M_SURVEY_RESULTS_OF), L(&act->title));
	buf_puts(out, "\n\n");
	buf_printf(out, tr(M_SURVEY_RESPONDENTS), r->respondents, r->people);
	buf_puts(out, "\n\n");
	if (r->hidden) {
		buf_printf(out, "%s\n", tr(M_PRIV_MIN_RESPONDENTS));
		return;
	}
	if (d->nsummaries) {
		for (int k = 0; k < d->nsummaries; k++) {
			buf_puts(out, "- **");
			survey_headline_buf(d, r, k, out);
			buf_puts(out, "**\n");
		}
		buf_puts(out, "\n");
	}
	for (int k = 0; k < d->nquestions; k++) {
		const survey_question *q = &d->questions[k];
		const survey_qresult *qr = &r->q[k];
		buf_printf(out, "## %d. %s\n\n", k + 1, L(&q->text));
		if (q->type == SQ_TEXT) {
			buf_printf(out, tr(M_SURVEY_TEXT_COUNT), qr->ntexts);
			buf_puts(out, "\n\n");
			for (int t = 0; t < qr->ntexts; t++) {
				buf_puts(out, "- ");
				for (const char *p = qr->texts[t]; *p; p++) {
					if (*p == '\r')
						continue;
					buf_putc(out, *p);
					if (*p == '\n')
						buf_puts(out, "  ");
				}
				buf_puts(out, "\n");
			}
			if (qr->ntexts)
				buf_puts(out, "\n");
			continue;
		}
		buf_printf(out, tr(M_SURVEY_ANSWERED), qr->answered);
		if (q->type == SQ_SCALE && qr->answered) {
			buf_puts(out, " / ");
			buf_printf(out, tr(M_SURVEY_MEAN), qr->mean, L(&q->options[0].label), q->noptions,
				L(&q->options[q->noptions - 1].label));
		}
		if (q->type == SQ_MULTI) {
			buf_puts(out, " / ");
			buf_puts(out, tr(M_SURVEY_MULTI_NOTE));
		}
		buf_puts(out, "\n\n");
		buf_printf(out, "| %s | %s | %s |\n|---|---:|---:|\n", tr(M_SURVEY_COL_ANSWER),
			tr(M_SURVEY_COL_COUNT), tr(M_SURVEY_COL_SHARE));
		for (int o = 0; o < q->noptions; o++) {
			buf_puts(out, "| ");
			md_cell(out, L(&q->options[o].label));
			buf_printf(out, " | %d | %d%% |\n", qr->counts[o],
				survey_percent(qr->counts[o], qr->answered));
		}
		buf_puts(out, "\n");
	}
}

mm_status survey_export(const activity *act, store *st, sheet *s, const char *format, buf *out,
	mm_error *err)
{
	(void)s;
	const survey_def *d = survey_of(act);
	if (!d)
		return mm_fail(err, MM_EUSER, tr(M_SURVEY_NOT_SURVEY), act ? act->id : "?");
	bool csv = strcmp(format, "csv") == 0;
	if (!csv && strcmp(format, "md") != 0)
		return mm_fail(err, MM_EUSER, tr(M_SURVEY_FORMATS), format);
	mm_status rc;
	if (csv) {
		answer_set as;
		rc = load_answers(st, d, &as, err);
		if (rc == MM_OK && as.n < SURVEY_MIN_RESPONDENTS) {
			/* too few to say nothing about who: the header alone */
			answer_set_free(&as, d->nquestions);
		}
		if (rc == MM_OK)
			export_csv(d, &as, out);
		answer_set_free(&as, d->nquestions);
		return rc;
	}
	survey_result r;
	rc = survey_results(st, act, &r, err);
	if (rc == MM_OK)
		export_md(act, d, &r, out);
	survey_result_free(&r);
	return rc;
}

/* ---- the kind's row in the table of kinds ---- */

/* Has this person answered anything? */
static bool survey_has_work(const activity *act, const sheet *s)
{
	(void)act;
	for (int r = 0; r < s->nrows; r++)
		for (int k = 0; k < s->def->ncols; k++)
			if (s->rows[r].cells[k].value && *s->rows[r].cells[k].value)
				return true;
	return false;
}

/* People who answered, of the group's people: counted in the database, as
 * a group's terminal may not read the answers themselves. */
static mm_status survey_progress(store *st, const activity *act, owner_kind ok, int64_t owner,
	kind_tally *t, mm_error *err)
{
	bool any = false;
	mm_status rc = sheet_has_values(st, act->storage->activity_id, ok, owner, &any, err);
	if (rc != MM_OK)
		return rc;
	t->done += any;
	t->total++;
	return MM_OK;
}

/* People who answered, of the group's people. */
static void survey_tally(const activity *act, const sheet *s, kind_tally *t)
{
	t->done += survey_has_work(act, s);
	t->total++;
}

/* ---- the person's code ----------------------------------------------- */

/* No 0/O, 1/I/L: read aloud or off a slip of paper without doubt. */
static const char code_alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

static void new_code(char out[SURVEY_CODE_LEN + 1])
{
	unsigned char raw[SURVEY_CODE_LEN];
	FILE *f = fopen("/dev/urandom", "rb");
	size_t got = f ? fread(raw, 1, sizeof raw, f) : 0;
	if (f)
		fclose(f);
	for (size_t k = got; k < sizeof raw; k++)
		raw[k] = (unsigned char)rand();
	size_t n = sizeof code_alphabet - 1;
	for (int k = 0; k < SURVEY_CODE_LEN; k++)
		out[k] = code_alphabet[raw[k] % n];
	out[SURVEY_CODE_LEN] = '\0';
}

static mm_status read_code(store *st, const char *act_id, int64_t person, char **out,
	mm_error *err)
{
	*out = NULL;
	sqlite3_stmt *q = store_prep(st, "SELECT code FROM person_code WHERE activity = ?1 "
		"AND person = ?2", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_text(q, 1, act_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, person);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*out = store_col_text(q, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(q);
	return store_step_error(st, rc, err);
}

mm_status survey_code(store *st, const activity *act, int64_t person, char **out, mm_error *err)
{
	*out = NULL;
	const survey_def *d = survey_of(act);
	if (!d)
		return mm_fail(err, MM_EUSER, tr(M_SURVEY_NOT_SURVEY), act ? act->id : "?");
	if (store_get_role(st) != ROLE_FACILITATOR)
		return mm_fail(err, MM_EDENIED, "%s", tr(M_PRIV_CODES_ONLY_FACILITATOR));
	mm_status rc = read_code(st, act->id, person, out, err);
	if (rc != MM_OK || *out)
		return rc;
	if ((rc = store_check_writable(st, err)) != MM_OK)
		return rc;
	char code[SURVEY_CODE_LEN + 1];
	new_code(code);
	sqlite3_stmt *q = store_prep(st, "INSERT OR IGNORE INTO person_code(activity, person, code) "
		"VALUES (?1, ?2, ?3)", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_text(q, 1, act->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, person);
	sqlite3_bind_text(q, 3, code, -1, SQLITE_STATIC);
	int src = sqlite3_step(q);
	sqlite3_finalize(q);
	if ((rc = store_step_error(st, src, err)) != MM_OK)
		return rc;
	/* another facilitator terminal may have made one first: that one */
	return read_code(st, act->id, person, out, err);
}

mm_status survey_unlock(store *st, const activity *act, int64_t person, const char *code,
	mm_error *err)
{
	const survey_def *d = survey_of(act);
	if (!d)
		return mm_fail(err, MM_EUSER, tr(M_SURVEY_NOT_SURVEY), act ? act->id : "?");
	char typed[32];
	size_t n = 0;
	for (const char *p = code ? code : ""; *p && n + 1 < sizeof typed; p++)
		if (!isspace((unsigned char)*p) && *p != '-')
			typed[n++] = (char)toupper((unsigned char)*p);
	typed[n] = '\0';
	char *stored = NULL;
	mm_status rc = read_code(st, act->id, person, &stored, err);
	if (rc != MM_OK)
		return rc;
	bool ok = stored && n > 0 && strcmp(stored, typed) == 0;
	free(stored);
	if (!ok)
		return mm_fail(err, MM_EUSER, "%s", tr(M_PRIV_CODE_WRONG));
	store_hold(st, act->id, person);
	return MM_OK;
}

static void survey_progress_text(const activity *act, const kind_tally *t, char *out, size_t n)
{
	(void)act;
	snprintf(out, n, tr(M_PROGRESS_PEOPLE), t->done, t->total);
}

const kind_ops survey_kind = {
	.fields = survey_fields,
	.check = survey_check,
	.build = survey_build,
	.free = survey_free,
	.storage = survey_storage,
	.export = survey_export,
	.export_format = "csv",
	.export_whole = true,
	.progress = survey_progress,
	.tally = survey_tally,
	.progress_text = survey_progress_text,
	.has_work = survey_has_work,
};
