/* test_svg.c — core/svg.c: each chart is well-formed SVG with a viewBox,
 * its text escaped, and every value where it should be drawn. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svg.h"
#include "text.h"
#include "testutil.h"
#include "xmlcheck.h"

#define PI_ 3.14159265358979323846

static void assert_wellformed(const char *s)
{
	const char *why = xc_check(s, false);
	if (why)
		fail_msg("not well formed: %s\n%s", why, s);
	assert_non_null(strstr(s, "viewBox=\"0 0 "));
	assert_non_null(strstr(s, "<title>"));
}

/* The Kth point ("x y" after M or L) of a path's d attribute. */
static void path_point(const char *tag, int k, double *x, double *y)
{
	char d[2048];
	xc_attr(tag, "d", d, sizeof d);
	const char *p = d;
	for (int i = 0; i <= k; i++) {
		p += strcspn(p, "ML");
		assert_true(*p);
		p++;
		*x = strtod(p, (char **)&p);
		*y = strtod(p, (char **)&p);
	}
}

static void test_radar_values_land_on_their_axes(void **state)
{
	(void)state;
	const char *axes[] = {"組織", "資産", "ネットワーク", "端末", "人", "R&D <x>"};
	double v1[] = {5, 2.5, 0, 1, 4, 3};
	double v4[] = {5, 5, 5, 5, 5, 5};
	svg_series s[] = {{"訪問1", v1}, {"訪問4", v4}};
	buf out = {0};
	svg_radar(&out, "セクション別の点数", axes, 6, 5, s, 2);
	const char *svg = buf_str(&out);
	assert_wellformed(svg);
	assert_non_null(strstr(svg, "R&amp;D &lt;x&gt;"));
	assert_non_null(strstr(svg, "ネットワーク"));
	assert_int_equal(xc_count(svg, "class=\"ring\""), 5);
	/* series 0: 5 of 5 on axis 0 is straight up at the full radius */
	const char *p0 = xc_find(svg, "class=\"series s0\"");
	assert_non_null(p0);
	double x, y;
	path_point(p0, 0, &x, &y);
	assert_true(fabs(x - SVG_RADAR_CX) < 0.06);
	assert_true(fabs(y - (SVG_RADAR_CY - SVG_RADAR_R)) < 0.06);
	/* 2.5 on axis 1 (60° clockwise): half the radius */
	path_point(p0, 1, &x, &y);
	assert_true(fabs(x - (SVG_RADAR_CX + SVG_RADAR_R / 2 * sin(PI_ / 3))) < 0.06);
	assert_true(fabs(y - (SVG_RADAR_CY - SVG_RADAR_R / 2 * cos(PI_ / 3))) < 0.06);
	/* 0 on axis 2: the centre */
	path_point(p0, 2, &x, &y);
	assert_true(fabs(x - SVG_RADAR_CX) < 0.06 && fabs(y - SVG_RADAR_CY) < 0.06);
	/* series 1 all at 5: every point at the radius */
	const char *p1 = xc_find(svg, "class=\"series s1\"");
	for (int k = 0; k < 6; k++) {
		path_point(p1, k, &x, &y);
		assert_true(fabs(hypot(x - SVG_RADAR_CX, y - SVG_RADAR_CY) - SVG_RADAR_R) < 0.1);
	}
	/* monochrome-safe: the second series is dashed, the first not, and the
	 * markers differ (circles for one, squares for the other) */
	char dash[64] = "";
	assert_true(isnan(xc_attr(p0, "stroke-dasharray", NULL, 0)));
	xc_attr(p1, "stroke-dasharray", dash, sizeof dash);
	assert_true(dash[0]);
	assert_int_equal(xc_count(svg, "<circle class=\"mark\""), 6 + 1); /* + legend */
	assert_int_equal(xc_count(svg, "<rect class=\"mark\""), 6 + 1);
	assert_non_null(strstr(svg, "訪問1"));
	assert_non_null(strstr(svg, "訪問4"));
	buf_free(&out);
}

static void test_radar_missing_value_breaks_the_line(void **state)
{
	(void)state;
	const char *axes[] = {"a", "b", "c", "d"};
	double v[] = {3, -1, 3, 3};
	svg_series s[] = {{"x", v}};
	buf out = {0};
	svg_radar(&out, "t", axes, 4, 5, s, 1);
	assert_wellformed(buf_str(&out));
	const char *p = xc_find(buf_str(&out), "class=\"series s0\"");
	char d[512];
	xc_attr(p, "d", d, sizeof d);
	assert_null(strchr(d, 'Z'));     /* not closed across the gap */
	assert_int_equal(xc_count(d, "M"), 2); /* the pen lifts once */
	assert_int_equal(xc_count(buf_str(&out), "class=\"mark\""), 3 + 1);
	buf_free(&out);
}

/* The text of the element whose start tag is at TAG (tspans joined with a
 * space), into OUT; the number of lines (1 without tspans). Checks each
 * line stays inside a WIDTH-wide viewBox (13px text: at most 7px a column). */
static int axis_text(const char *tag, char *out, size_t n, double width)
{
	const char *end = strstr(tag, "</text>");
	assert_non_null(end);
	double x = xc_attr(tag, "x", NULL, 0);
	char anchor[16] = "";
	xc_attr(tag, "text-anchor", anchor, sizeof anchor);
	out[0] = '\0';
	int lines = 0;
	const char *p = strchr(tag, '>') + 1;
	while (p < end) {
		if (strncmp(p, "<tspan", 6) == 0) {
			double tx = xc_attr(p, "x", NULL, 0);
			assert_true(fabs(tx - x) < 0.06); /* under the first line */
			p = strchr(p, '>') + 1;
			continue;
		}
		if (strncmp(p, "</tspan>", 8) == 0) {
			p += 8;
			continue;
		}
		size_t len = strcspn(p, "<");
		char line[256];
		snprintf(line, sizeof line, "%.*s", (int)len, p);
		double w = 7.0 * text_width(line);
		if (strcmp(anchor, "end") == 0)
			assert_true(x - w >= 0);
		else if (strcmp(anchor, "middle") == 0)
			assert_true(x - w / 2 >= 0 && x + w / 2 <= width);
		else
			assert_true(x + w <= width);
		size_t o = strlen(out), ll = strlen(line);
		assert_true(o + ll + 2 <= n);
		if (lines)
			out[o++] = ' ';
		memcpy(out + o, line, ll + 1);
		lines++;
		p += len;
	}
	return lines;
}

/* A long English axis label (the hearing's sixth section) is wrapped onto
 * two lines, whole, inside the viewBox; Japanese labels that fit stay one
 * line as before. */
static void test_radar_long_label_wraps(void **state)
{
	(void)state;
	const char *en[] = {"1 Organisation and rules", "2 Information assets", "3 Network",
		"4 Devices and accounts", "5 People and training",
		"6 Incident response and continuity"};
	double v[] = {1, 2, 3, 4, 5, 3};
	svg_series s[] = {{"visit 1", v}};
	buf out = {0};
	svg_radar(&out, "Scores by section", en, 6, 5, s, 1);
	const char *svg = buf_str(&out);
	assert_wellformed(svg);
	assert_null(strstr(svg, "…"));
	const char *tag = svg;
	for (int k = 0; k < 6; k++) {
		tag = xc_find(tag, "class=\"axis\"");
		assert_non_null(tag);
		char text[256];
		int lines = axis_text(tag, text, sizeof text, SVG_RADAR_W);
		assert_string_equal(text, en[k]);
		assert_int_equal(lines, k == 5 ? 2 : 1);
		tag = strstr(tag, "</text>");
	}
	buf_free(&out);

	const char *ja[] = {"1 組織とルール", "2 情報資産の管理", "3 ネットワーク", "4 端末とアカウント",
		"5 人と教育", "6 事故対応と事業継続"};
	svg_radar(&out, "セクション別の点数", ja, 6, 5, s, 1);
	svg = buf_str(&out);
	assert_wellformed(svg);
	assert_null(strstr(svg, "<tspan"));
	assert_non_null(strstr(svg, "class=\"axis\">6 事故対応と事業継続</text>"));
	buf_free(&out);
}

static void test_bars_length_band_and_missing(void **state)
{
	(void)state;
	svg_bar b[] = {
		{"第1部 基本的対策", 3, "3 / 5  中", BAND_YELLOW},
		{"第2部 従業員としての対策", 5, NULL, BAND_GREEN},
		{"第3部 組織としての対策", -1, NULL, BAND_NONE},
	};
	buf out = {0};
	svg_hbars(&out, "自社診断 <部ごと>", b, 3, 5);
	const char *svg = buf_str(&out);
	assert_wellformed(svg);
	assert_non_null(strstr(svg, "自社診断 &lt;部ごと&gt;"));
	assert_int_equal(xc_count(svg, "class=\"bar\""), 2);
	assert_int_equal(xc_count(svg, "class=\"track\""), 3);
	const char *bar = xc_find(svg, "class=\"bar\"");
	assert_true(fabs(xc_attr(bar, "width", NULL, 0) - SVG_BARS_LEN * 3 / 5) < 0.06);
	assert_true(fabs(xc_attr(bar, "x", NULL, 0) - SVG_BARS_X0) < 0.06);
	char fill[32];
	xc_attr(bar, "fill", fill, sizeof fill);
	bar = xc_find(strchr(bar, '>'), "class=\"bar\"");
	char fill2[32];
	xc_attr(bar, "fill", fill2, sizeof fill2);
	assert_string_not_equal(fill, fill2); /* the band's colour */
	assert_true(fabs(xc_attr(bar, "width", NULL, 0) - SVG_BARS_LEN) < 0.06);
	assert_non_null(strstr(svg, ">3 / 5  中</text>"));
	assert_non_null(strstr(svg, ">5</text>"));  /* no text given: the value */
	assert_non_null(strstr(svg, ">—</text>"));  /* no value: a dash, no bar */
	buf_free(&out);
}

static void test_heatmap_cells_on_real_axes(void **state)
{
	(void)state;
	/* x 1..3 (likelihood), y 1..9 (a wide axis) */
	int counts[9 * 3] = {0};
	band_color colors[9 * 3];
	const char *words[9 * 3];
	for (int k = 0; k < 27; k++) {
		colors[k] = BAND_BLUE;
		words[k] = "小";
	}
	counts[(9 - 1) * 3 + (3 - 1)] = 2; /* x 3, y 9 */
	colors[(9 - 1) * 3 + (3 - 1)] = BAND_RED;
	words[(9 - 1) * 3 + (3 - 1)] = "大";
	counts[(1 - 1) * 3 + 0] = 1;       /* x 1, y 1 */
	svg_heat h = {"被害発生可能性", "重要度", 1, 3, 1, 9, counts, colors, words};
	buf out = {0};
	svg_heatmap(&out, "リスク", &h);
	const char *svg = buf_str(&out);
	assert_wellformed(svg);
	assert_int_equal(xc_count(svg, "class=\"cell\""), 27);
	const char *c = xc_find(svg, "data-x=\"3\" data-y=\"9\"");
	assert_non_null(c);
	/* top right */
	assert_true(fabs(xc_attr(c, "x", NULL, 0) - (SVG_HEAT_X0 + 2 * SVG_HEAT_CELL_W)) < 0.06);
	assert_true(fabs(xc_attr(c, "y", NULL, 0) - SVG_HEAT_Y0) < 0.06);
	/* its count and word follow it */
	const char *count = strstr(c, "class=\"count\"");
	assert_non_null(count);
	assert_true(strncmp(strchr(count, '>') + 1, "2<", 2) == 0);
	const char *next = strstr(strchr(c, '>'), "class=\"cell\"");
	assert_true(strstr(c, ">大</text>") < (next ? next : c + strlen(c)));
	c = xc_find(svg, "data-x=\"1\" data-y=\"1\"");
	assert_true(fabs(xc_attr(c, "y", NULL, 0) - (SVG_HEAT_Y0 + 8 * SVG_HEAT_CELL_H)) < 0.06);
	/* exactly two counts drawn: empty cells stay blank */
	assert_int_equal(xc_count(svg, "class=\"count\""), 2);
	/* every y label 1..9 */
	assert_non_null(strstr(svg, ">9</text>"));
	assert_non_null(strstr(svg, ">5</text>"));
	buf_free(&out);
}

static void test_progress_parts_in_proportion(void **state)
{
	(void)state;
	const char *labels[] = {"未着手", "進行中", "完了"};
	svg_shade shades[] = {SHADE_TODO, SHADE_DOING, SHADE_DONE};
	int counts[] = {1, 2, 1};
	buf out = {0};
	svg_progress(&out, "改善計画の進み具合", labels, shades, 3, NULL, counts, 1);
	const char *svg = buf_str(&out);
	assert_wellformed(svg);
	double len = SVG_PROGRESS_END - SVG_PROGRESS_X0;
	const char *p = xc_find(svg, "class=\"part p0\"");
	assert_true(fabs(xc_attr(p, "width", NULL, 0) - len / 4) < 0.06);
	p = xc_find(svg, "class=\"part p1\"");
	assert_true(fabs(xc_attr(p, "width", NULL, 0) - len / 2) < 0.06);
	assert_true(fabs(xc_attr(p, "x", NULL, 0) - (SVG_PROGRESS_X0 + len / 4)) < 0.06);
	assert_non_null(strstr(svg, "進行中  2（50%）"));
	assert_non_null(strstr(svg, "完了  1（25%）"));
	/* the fill follows the shade, not the order: "done" listed first is
	 * still the done colour */
	char done_fill[16], first_fill[16];
	xc_attr(xc_find(svg, "class=\"part p2\""), "fill", done_fill, sizeof done_fill);
	svg_shade reordered[] = {SHADE_DONE, SHADE_DOING, SHADE_TODO};
	buf_clear(&out);
	svg_progress(&out, "t", labels, reordered, 3, NULL, counts, 1);
	xc_attr(xc_find(buf_str(&out), "class=\"part p0\""), "fill", first_fill, sizeof first_fill);
	assert_string_equal(done_fill, first_fill);
	/* a part with nothing in it has no rect but stays in the legend */
	int none[] = {0, 0, 3};
	buf_clear(&out);
	svg_progress(&out, "t", labels, shades, 3, NULL, none, 1);
	assert_wellformed(buf_str(&out));
	assert_int_equal(xc_count(buf_str(&out), "class=\"part"), 1);
	assert_non_null(strstr(buf_str(&out), "未着手  0（0%）"));
	/* one bar per visit, each in its own proportion; the legend the last */
	const char *rows[] = {"訪問2", "訪問4"};
	int two[] = {4, 0, 0, 1, 1, 2};
	buf_clear(&out);
	svg_progress(&out, "t", labels, shades, 3, rows, two, 2);
	svg = buf_str(&out);
	assert_wellformed(svg);
	assert_non_null(strstr(svg, ">訪問2</text>"));
	assert_non_null(strstr(svg, ">訪問4</text>"));
	len = SVG_PROGRESS_END - SVG_PROGRESS_LABEL;
	p = xc_find(svg, "class=\"part p0\"");
	assert_true(fabs(xc_attr(p, "width", NULL, 0) - len) < 0.06); /* visit 2: all 4 to do */
	p = xc_find(strchr(p, '>'), "class=\"part p0\"");
	assert_true(fabs(xc_attr(p, "width", NULL, 0) - len / 4) < 0.06);
	assert_non_null(strstr(svg, "完了  2（50%）"));
	buf_free(&out);
}

static void test_timeline_rows_times_and_cut_labels(void **state)
{
	(void)state;
	char longl[400] = "";
	for (int k = 0; k < 60; k++)
		strcat(longl, "長");
	svg_event ev[] = {
		{0, "月曜 8:50 画面に脅迫文", true},
		{300, "NASを\x01ネットワークから外す & 社長へ連絡", false},
		{905, longl, true},
	};
	buf out = {0};
	svg_timeline(&out, "訓練の流れ", ev, 3, "届いた状況", "決めたこと");
	const char *svg = buf_str(&out);
	assert_wellformed(svg);
	assert_non_null(strstr(svg, ">00:00</text>"));
	assert_non_null(strstr(svg, ">05:00</text>"));
	assert_non_null(strstr(svg, ">15:05</text>"));
	assert_non_null(strstr(svg, "NASを ネットワークから外す &amp; 社長へ連絡"));
	assert_non_null(strstr(svg, "…</text>"));
	assert_null(strstr(svg, longl));
	assert_int_equal(xc_count(svg, "class=\"event inject\""), 2);
	const char *d = xc_find(svg, "class=\"event decision\"");
	assert_true(fabs(xc_attr(d, "y", NULL, 0) - (SVG_TIMELINE_Y0 + SVG_TIMELINE_ROW - 5)) < 0.06);
	buf_free(&out);
}

/* The checker itself finds what it is there to find. */
static void test_checker_catches_broken_markup(void **state)
{
	(void)state;
	assert_null(xc_check("<svg><g><text>a &amp; b</text></g></svg>", false));
	assert_non_null(xc_check("<svg><g></svg>", false));
	assert_non_null(xc_check("<svg><text>a & b</text></svg>", false));
	assert_non_null(xc_check("<svg x=1></svg>", false));
	assert_non_null(xc_check("<svg><text>a < b</text></svg>", false));
	assert_null(xc_check("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head>"
		"<body><p>a<br>b</p></body></html>", true));
	assert_non_null(xc_check("<html><body><p>a</body></html>", true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_radar_values_land_on_their_axes),
		cmocka_unit_test(test_radar_missing_value_breaks_the_line),
		cmocka_unit_test(test_radar_long_label_wraps),
		cmocka_unit_test(test_bars_length_band_and_missing),
		cmocka_unit_test(test_heatmap_cells_on_real_axes),
		cmocka_unit_test(test_progress_parts_in_proportion),
		cmocka_unit_test(test_timeline_rows_times_and_cut_labels),
		cmocka_unit_test(test_checker_catches_broken_markup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
