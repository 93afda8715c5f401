/* test_i18n.c — the message catalogue: every message in both languages, and
 * the same printf conversions in the same order in each (a message is a
 * format string: a %d in one language and %s in the other would crash). */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_message_in_both_languages),
		cmocka_unit_test(test_language_switch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
