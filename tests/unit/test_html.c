/* test_html.c — the printable HTML report: structure kept, text escaped. */
#include <string.h>

#include "buf.h"
#include "html.h"
#include "testutil.h"

static void test_structure_and_escaping(void **state)
{
	(void)state;
	const char *md =
		"# 報告 <1>\n\n"
		"## 第5回\n\n"
		"| 名称 | 値 |\n| --- | --- |\n| 顧客<script>alert(1)</script> | a \\| b<br>c |\n\n"
		"- **重要** な点\n- 二つ目\n\n"
		"一行目\n二行目 & more\n";
	buf out = {0};
	md_to_html(md, "t<>", "ja", &out);
	const char *h = buf_str(&out);
	assert_non_null(strstr(h, "<html lang=\"ja\">"));
	assert_non_null(strstr(h, "<title>t&lt;&gt;</title>"));
	assert_non_null(strstr(h, "<h1>報告 &lt;1&gt;</h1>"));
	assert_non_null(strstr(h, "<h2>第5回</h2>"));
	assert_non_null(strstr(h, "<tr><th>名称</th><th>値</th></tr>"));
	/* user text never becomes markup */
	assert_null(strstr(h, "<script>"));
	assert_non_null(strstr(h, "顧客&lt;script&gt;alert(1)&lt;/script&gt;"));
	/* an escaped bar stays in its cell; a <br> from a multi-line cell is a break */
	assert_non_null(strstr(h, "<td>a | b<br>c</td>"));
	assert_non_null(strstr(h, "<ul>\n<li><strong>重要</strong> な点</li>\n<li>二つ目</li>\n</ul>"));
	assert_non_null(strstr(h, "<p>一行目<br>\n二行目 &amp; more</p>"));
	/* the separator row is not a table row */
	assert_null(strstr(h, "<td>---</td>"));
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure_and_escaping),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
