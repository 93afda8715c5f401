/* test_i18n.c — the message catalogue: every message in both languages, and
 * the same printf conversions in the same order in each (a message is a
 * format string: a %d in one language and %s in the other would crash). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "scenario.h"
#include "testutil.h"

/* The conversions of FMT ("%d", "%zu", "%.*s", ...) joined, "%%" left out. */
static void conversions(const char *fmt, char *out, size_t n)
{
	size_t o = 0;
	out[0] = '\0';
	for (const char *p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		if (p[1] == '%') {
			p++;
			continue;
		}
		const char *start = p++;
		while (*p && strchr("0123456789.*-+ #'", *p))
			p++;
		while (*p && strchr("hlLzjt", *p))
			p++;
		if (!*p)
			break;
		/* the flags and width may differ; the length and type may not */
		const char *t = start + 1;
		while (strchr("0123456789.-+ #'", *t))
			t++;
		o += (size_t)snprintf(out + o, n - o, "%%%.*s", (int)(p - t + 1), t);
		if (o >= n)
			break;
	}
}

static void test_every_message_in_both_languages(void **state)
{
	(void)state;
	for (int id = 0; id < MSG_COUNT; id++) {
		const char *ja = tr_in(LANG_JA, (msg_id)id), *en = tr_in(LANG_EN, (msg_id)id);
		if (!ja || !en)
			fail_msg("message %d has no %s text", id, ja ? "English" : "Japanese");
		char cj[128], ce[128];
		conversions(ja, cj, sizeof cj);
		conversions(en, ce, sizeof ce);
		if (strcmp(cj, ce) != 0)
			fail_msg("message %d: \"%s\" has %s but \"%s\" has %s", id, ja, cj, en, ce);
	}
}

static void test_language_switch(void **state)
{
	(void)state;
	i18n_set_lang(LANG_EN);
	assert_string_equal(tr(M_LANG_CODE), "en");
	assert_string_equal(tr(M_AT_CELL), "line %d, column %zu: ");
	i18n_set_lang(LANG_JA);
	assert_string_equal(tr(M_LANG_CODE), "ja");
}

/* A scenario of one session whose activities are ACTS; the validator's
 * messages for it in language L. */
static char *validate_in(lang l, const char *acts)
{
	buf text = {0};
	buf_printf(&text, "{\"format\": \"mamori-scenario/1\", \"id\": \"t\", \"title\": \"t\",\n"
		"\"tracks\": [{\"id\": \"w\", \"title\": \"w\", \"sessions\": [{\"id\": \"s\", "
		"\"number\": 1,\n\"title\": \"s\", \"minutes\": 90, \"activities\": [\n%s]}]}]}\n", acts);
	lang was = i18n_lang();
	i18n_set_lang(l);
	scenario *sc = NULL;
	buf errs = {0};
	int n = 0;
	mm_status rc = scenario_parse("bad.json", text.s, text.len, &sc, &errs, &n);
	i18n_set_lang(was);
	buf_free(&text);
	if (rc == MM_OK) {
		scenario_free(sc);
		fail_msg("expected errors for %s", acts);
	}
	return buf_steal(&errs);
}

static const char *bad_enums =
	"{\"id\": \"t1\", \"kind\": \"table\", \"title\": \"t\", \"scope\": \"team\", \"report\": "
	"\"all\", \"columns\": [{\"id\": \"c\", \"type\": \"rating\", \"title\": \"c\"}]},\n"
	"{\"id\": \"sv\", \"kind\": \"survey\", \"title\": \"t\", \"scope\": \"person\", "
	"\"questions\": [{\"id\": \"q\", \"type\": \"rating\", \"text\": \"x\"}]}";

/* An unknown value of an enumerated key says, in Japanese, what the value
 * was meant to be (a column's type, a question's type, ...), not only the
 * JSON key; the English names the key as before. */
static void test_validate_names_the_thing(void **state)
{
	(void)state;
	char *e = validate_in(LANG_JA, bad_enums);
	const char *want_ja[] = {
		"columns[0].type: 列の型「rating」はありません（\"text\", \"longtext\"",
		"questions[0].type: 質問の種類「rating」はありません（\"scale\", \"choice\"",
		"activities[0].scope: 記入の単位「team」はありません（\"group\", \"company\", \"person\" のどれか）",
		"activities[0].report: 報告書での扱い「all」はありません",
	};
	for (size_t k = 0; k < sizeof want_ja / sizeof want_ja[0]; k++)
		if (!strstr(e, want_ja[k]))
			fail_msg("no \"%s\" in:\n%s", want_ja[k], e);
	assert_null(strstr(e, " type「"));
	/* one line each, FILE:LINE:COL: first */
	for (const char *l = e; *l; l = strchr(l, '\n') + 1) {
		assert_true(strncmp(l, "bad.json:", 9) == 0);
		if (!strchr(l, '\n'))
			break;
	}
	free(e);
	e = validate_in(LANG_EN, bad_enums);
	assert_non_null(strstr(e, "columns[0].type: unknown type \"rating\" (expected one of "));
	assert_non_null(strstr(e, "activities[0].scope: unknown scope \"team\""));
	free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_message_in_both_languages),
		cmocka_unit_test(test_language_switch),
		cmocka_unit_test(test_validate_names_the_thing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
