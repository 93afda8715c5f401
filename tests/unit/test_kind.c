/* test_kind.c — every kind is one row of operations: export (with a clear
 * error for a format it does not write), import where the kind reads CSV,
 * progress and "has this owner written anything". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "i18n.h"
#include "kind.h"
#include "progress.h"
#include "scenario.h"
#include "sheet.h"
#include "store.h"
#include "testutil.h"

typedef struct fix {
	store *st;
	scenario *sc;
	int64_t group;
} fix;

static int setup(void **state)
{
	fix *f = calloc(1, sizeof *f);
	char *text;
	mm_error err;
	buf errs = {0};
	if (bundled_program(&text, &err) != MM_OK
		|| scenario_parse("p", text, strlen(text), &f->sc, &errs, NULL) != MM_OK
		|| store_create(tu_path("k.db"), &f->st, &err) != MM_OK
		|| store_workshop_create(f->st, "t", text, 2, &err) != MM_OK)
		fail_msg("setup: %s %s", err.msg, buf_str(&errs));
	free(text);
	buf_free(&errs);
	owner_info *g;
	int ng;
	assert_int_equal(store_owners(f->st, 0, 0, &g, &ng, &err), MM_OK);
	f->group = g[0].id;
	owner_list_free(g, ng);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fix *f = *state;
	store_close(f->st);
	scenario_free(f->sc);
	free(f);
	tu_cleanup();
	i18n_set_lang(LANG_JA);
	return 0;
}

static const activity *act_of(fix *f, const char *id)
{
	const activity *a = scenario_find_activity(f->sc, id);
	assert_non_null(a);
	return a;
}

static void test_every_kind_has_a_row(void **state)
{
	(void)state;
	for (int k = 0; k < KIND_COUNT; k++) {
		const kind_ops *ops = kind_of((activity_kind)k);
		assert_non_null(ops);
		/* a kind that keeps work can export it and tell progress and work */
		if (ops->storage || k == KIND_TABLE) {
			assert_non_null(ops->export);
			assert_non_null(ops->export_format);
			assert_true(ops->progress || ops->tally);
			assert_non_null(ops->progress_text);
			assert_non_null(ops->has_work);
		}
	}
	assert_non_null(kind_of(KIND_BRIEFING)->fields);
	assert_null(kind_of(KIND_BRIEFING)->export);
	assert_non_null(kind_of(KIND_DRILL)->fields);
	assert_non_null(kind_of(KIND_DRILL)->export);
	assert_null(kind_of(KIND_COUNT)->fields);
	assert_non_null(kind_of(KIND_TABLE)->import);
	assert_non_null(kind_of(KIND_CHECKLIST)->import);
	assert_null(kind_of(KIND_DOCUMENT)->import);
	assert_true(kind_of(KIND_SURVEY)->export_whole);
	assert_false(kind_of(KIND_TABLE)->export_whole);
}

static void test_export_names_an_unknown_format(void **state)
{
	fix *f = *state;
	static const char *const ids[] = {"asset-ledger", "isms-procedure", "ws01-problems",
		"self-check", "participant-survey"};
	i18n_set_lang(LANG_EN);
	for (size_t k = 0; k < sizeof ids / sizeof *ids; k++) {
		const activity *a = act_of(f, ids[k]);
		const kind_ops *ops = kind_of(a->kind);
		sheet *s = NULL;
		mm_error err;
		if (!ops->export_whole) {
			owner_kind ok = a->scope == SCOPE_COMPANY ? OWNER_COMPANY : OWNER_GROUP;
			assert_int_equal(sheet_peek(f->st, a->storage, ok, f->group, &s, &err), MM_OK);
		}
		buf out = {0};
		assert_int_equal(activity_export(a, f->st, s, "xlsx", &out, &err), MM_EUSER);
		assert_non_null(strstr(err.msg, "xlsx"));
		/* and its own format by default */
		buf_clear(&out);
		assert_int_equal(activity_export(a, f->st, s, NULL, &out, &err), MM_OK);
		buf_free(&out);
		sheet_free(s);
	}
	mm_error err;
	buf out = {0};
	assert_int_equal(activity_export(act_of(f, "asset-ledger"), f->st, NULL, "pdf", &out,
		&err), MM_EUSER);
	assert_string_equal(err.msg, "a table exports as csv or md, not \"pdf\"");
	assert_int_equal(activity_export(act_of(f, "ws01-intro"), f->st, NULL, "md", &out, &err),
		MM_EUSER);
	assert_string_equal(err.msg, "activity \"ws01-intro\" is a briefing: nothing to export");
	i18n_set_lang(LANG_JA);
	assert_int_equal(activity_export(act_of(f, "ws01-intro"), f->st, NULL, "md", &out, &err),
		MM_EUSER);
	assert_non_null(strstr(err.msg, "説明"));
	buf_free(&out);
}

static void test_has_work_and_import(void **state)
{
	fix *f = *state;
	mm_error err;
	const activity *ledger = act_of(f, "asset-ledger");
	const activity *doc = act_of(f, "isms-procedure");
	sheet *s = NULL;
	assert_int_equal(sheet_peek(f->st, doc->storage, OWNER_GROUP, f->group, &s, &err), MM_OK);
	assert_false(activity_has_work(doc, s));
	sheet_free(s);
	assert_false(activity_has_work(ledger, NULL));

	assert_int_equal(sheet_open(f->st, ledger->storage, OWNER_GROUP, f->group, &s, &err),
		MM_OK);
	assert_false(activity_has_work(ledger, s));
	/* a table imports rows through its kind */
	const column *c0 = &ledger->storage->cols[table_col_index(ledger->storage, "name")];
	char csv[256];
	snprintf(csv, sizeof csv, "%s\n顧客名簿\n見積書\n", L(&c0->title));
	int count = 0;
	if (kind_of(ledger->kind)->import(f->st, ledger, s, csv, strlen(csv), false, &count, &err)
		!= MM_OK)
		fail_msg("import: %s", err.msg);
	assert_int_equal(count, 2);
	assert_true(activity_has_work(ledger, s));
	sheet_free(s);
}

static void test_progress_through_the_kinds(void **state)
{
	fix *f = *state;
	mm_error err;
	char out[64];
	i18n_set_lang(LANG_EN);
	assert_int_equal(activity_progress(f->st, act_of(f, "ws01-problems"), f->group, out,
		sizeof out, &err), MM_OK);
	assert_string_equal(out, "0 notes");
	assert_int_equal(activity_progress(f->st, act_of(f, "self-check"), f->group, out,
		sizeof out, &err), MM_OK);
	assert_string_equal(out, "0/0 co."); /* no companies in this workshop */
	assert_int_equal(activity_progress(f->st, act_of(f, "participant-survey"), f->group, out,
		sizeof out, &err), MM_OK);
	assert_string_equal(out, "0/0 ppl");
	assert_int_equal(activity_progress(f->st, act_of(f, "isms-procedure"), f->group, out,
		sizeof out, &err), MM_OK);
	assert_true(strncmp(out, "0/", 2) == 0);
	assert_int_equal(activity_progress(f->st, act_of(f, "ws01-intro"), f->group, out,
		sizeof out, &err), MM_OK);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_kind_has_a_row),
		cmocka_unit_test_setup_teardown(test_export_names_an_unknown_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_has_work_and_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress_through_the_kinds, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
