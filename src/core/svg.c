/* svg.c — small charts as inline SVG (see svg.h). */
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

#define PI 3.14159265358979323846
#define FONT "'Noto Sans CJK JP','Hiragino Sans','Yu Gothic','Meiryo',sans-serif"

void svg_escape(buf *out, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '"': buf_puts(out, "&quot;"); break;
		case '\'': buf_puts(out, "&#39;"); break;
		default:
			/* XML 1.0 holds no C0 control but tab and line ends */
			buf_putc(out, c < 0x20 || c == 0x7f ? ' ' : (char)c);
		}
	}
}

/* A coordinate or length with one decimal, independent of the C locale. */
static void num(buf *out, double v)
{
	if (!isfinite(v))
		v = 0;
	long t = lround(v * 10);
	if (t < 0) {
		buf_putc(out, '-');
		t = -t;
	}
	if (t % 10)
		buf_printf(out, "%ld.%ld", t / 10, t % 10);
	else
		buf_printf(out, "%ld", t / 10);
}

/* S cut to COLS display columns, with "…" when cut, escaped. */
static void fitted(buf *out, const char *s, int cols)
{
	if (!s)
		return;
	if (text_width(s) <= cols) {
		svg_escape(out, s);
		return;
	}
	size_t n = text_fit(s, cols - 1, NULL);
	buf part = {0};
	buf_append(&part, s, n);
	svg_escape(out, buf_str(&part));
	buf_puts(out, "…");
	buf_free(&part);
}

static void open_svg(buf *out, const char *cls, double w, double h, const char *title)
{
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart %s\" viewBox=\"0 0 ",
		cls);
	num(out, w);
	buf_putc(out, ' ');
	num(out, h);
	buf_puts(out, "\" width=\"");
	num(out, w);
	buf_puts(out, "\" height=\"");
	num(out, h);
	buf_puts(out, "\" role=\"img\" style=\"font-family:" FONT ";font-size:13px\"><title>");
	svg_escape(out, title);
	buf_puts(out, "</title>\n");
	buf_puts(out, "<text class=\"caption\" x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">");
	svg_escape(out, title);
	buf_puts(out, "</text>\n");
}

/* <text x y [anchor]>S</text> with S fitted to COLS columns (0: whole). */
static void text_at(buf *out, double x, double y, const char *anchor, const char *attrs,
	const char *s, int cols)
{
	buf_puts(out, "<text x=\"");
	num(out, x);
	buf_puts(out, "\" y=\"");
	num(out, y);
	buf_putc(out, '"');
	if (anchor)
		buf_printf(out, " text-anchor=\"%s\"", anchor);
	if (attrs)
		buf_printf(out, " %s", attrs);
	buf_putc(out, '>');
	if (cols > 0)
		fitted(out, s, cols);
	else
		svg_escape(out, s);
	buf_puts(out, "</text>\n");
}

static const char *band_fill(band_color c)
{
	switch (c) {
	case BAND_RED: return "#e57373";
	case BAND_YELLOW: return "#f2c94c";
	case BAND_BLUE: return "#64a0dc";
	case BAND_GREEN: return "#5cb870";
	default: return "#9e9e9e";
	}
}

static const char *band_fill_light(band_color c)
{
	switch (c) {
	case BAND_RED: return "#f8c4c4";
	case BAND_YELLOW: return "#fbe9a6";
	case BAND_BLUE: return "#c6dcf3";
	case BAND_GREEN: return "#c3e8cb";
	default: return "#f2f2f2";
	}
}

/* ---- radar ---- */

static const char *const series_stroke[SVG_RADAR_MAX_SERIES] = {
	"#1f4e9c", "#c0392b", "#2e7d32", "#6a1b9a", "#e67e22", "#455a64",
};
static const char *const series_dash[SVG_RADAR_MAX_SERIES] = {
	"none", "8 4", "2 3", "10 3 2 3", "4 4", "1 2",
};

static void radar_point(int k, int n, double v, double max, double *x, double *y)
{
	double a = 2 * PI * k / n;
	double r = max > 0 ? v / max * SVG_RADAR_R : 0;
	*x = SVG_RADAR_CX + r * sin(a);
	*y = SVG_RADAR_CY - r * cos(a);
}

/* Marker M (by series) centred on X, Y. */
static void marker(buf *out, int m, double x, double y, const char *stroke, bool filled)
{
	const char *fill = filled ? stroke : "#fff";
	switch (m % 4) {
	case 0:
		buf_puts(out, "<circle class=\"mark\" cx=\"");
		num(out, x);
		buf_puts(out, "\" cy=\"");
		num(out, y);
		buf_printf(out, "\" r=\"4.5\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>\n", fill,
			stroke);
		break;
	case 1:
		buf_puts(out, "<rect class=\"mark\" x=\"");
		num(out, x - 4);
		buf_puts(out, "\" y=\"");
		num(out, y - 4);
		buf_printf(out, "\" width=\"8\" height=\"8\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>\n",
			fill, stroke);
		break;
	default: {
		/* triangle (2) or diamond (3) */
		buf_puts(out, "<polygon class=\"mark\" points=\"");
		if (m % 4 == 2) {
			num(out, x); buf_putc(out, ','); num(out, y - 5.5); buf_putc(out, ' ');
			num(out, x + 5); buf_putc(out, ','); num(out, y + 4); buf_putc(out, ' ');
			num(out, x - 5); buf_putc(out, ','); num(out, y + 4);
		} else {
			num(out, x); buf_putc(out, ','); num(out, y - 6); buf_putc(out, ' ');
			num(out, x + 5); buf_putc(out, ','); num(out, y); buf_putc(out, ' ');
			num(out, x); buf_putc(out, ','); num(out, y + 6); buf_putc(out, ' ');
			num(out, x - 5); buf_putc(out, ','); num(out, y);
		}
		buf_printf(out, "\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>\n", fill, stroke);
	}
	}
}

#define AXIS_COLS 30      /* an axis label on one line */
#define AXIS_WRAP_COLS 26 /* each of the two lines of a longer one */
#define AXIS_LINE 15.0    /* between those two lines */

/* Axis label S (wider than AXIS_COLS) on two lines of at most
 * AXIS_WRAP_COLS, the first at X, Y: split at the last space that leaves
 * the first line short enough (else at that width, as for Japanese); the
 * second line cut with "…" only if it is still too long. */
static void axis_two_lines(buf *out, double x, double y, const char *anchor, const char *s)
{
	size_t fit = text_fit(s, AXIS_WRAP_COLS, NULL);
	size_t cut = fit, next = fit;
	for (size_t k = fit; k > 0; k--)
		if (s[k] == ' ' || s[k] == '\0') {
			cut = k;
			next = s[k] ? k + 1 : k;
			break;
		}
	if (cut == 0 || cut == fit) { /* no space: cut at the width */
		cut = next = fit;
		if (s[fit] == ' ')
			next = fit + 1;
	}
	buf first = {0};
	buf_append(&first, s, cut);
	buf_puts(out, "<text x=\"");
	num(out, x);
	buf_puts(out, "\" y=\"");
	num(out, y);
	buf_printf(out, "\" text-anchor=\"%s\" class=\"axis\"><tspan x=\"", anchor);
	num(out, x);
	buf_puts(out, "\">");
	svg_escape(out, buf_str(&first));
	buf_puts(out, "</tspan><tspan x=\"");
	num(out, x);
	buf_puts(out, "\" dy=\"");
	num(out, AXIS_LINE);
	buf_puts(out, "\">");
	fitted(out, s + next, AXIS_WRAP_COLS);
	buf_puts(out, "</tspan></text>\n");
	buf_free(&first);
}

void svg_radar(buf *out, const char *title, const char *const *axes, int naxes, double max,
	const svg_series *series, int nseries)
{
	if (nseries > SVG_RADAR_MAX_SERIES)
		nseries = SVG_RADAR_MAX_SERIES;
	if (nseries < 0)
		nseries = 0;
	double legend_h = 22.0 * nseries;
	double h = SVG_RADAR_CY + SVG_RADAR_R + 70 + legend_h;
	open_svg(out, "radar", SVG_RADAR_W, h, title);
	if (naxes < 3 || max <= 0) {
		buf_puts(out, "</svg>\n");
		return;
	}
	/* rings at every whole number, and the spokes */
	int rings = (int)floor(max);
	for (int r = 1; r <= rings; r++) {
		buf_puts(out, "<polygon class=\"ring\" fill=\"none\" stroke=\"#ccc\" stroke-width=\"1\" points=\"");
		for (int k = 0; k < naxes; k++) {
			double x, y;
			radar_point(k, naxes, r, max, &x, &y);
			if (k)
				buf_putc(out, ' ');
			num(out, x);
			buf_putc(out, ',');
			num(out, y);
		}
		buf_puts(out, "\"/>\n");
		double x, y;
		radar_point(0, naxes, r, max, &x, &y);
		char lab[16];
		snprintf(lab, sizeof lab, "%d", r);
		text_at(out, x + 4, y + 4, NULL, "font-size=\"10\" fill=\"#777\"", lab, 0);
	}
	for (int k = 0; k < naxes; k++) {
		double x, y;
		radar_point(k, naxes, max, max, &x, &y);
		buf_puts(out, "<line class=\"spoke\" stroke=\"#bbb\" x1=\"");
		num(out, SVG_RADAR_CX);
		buf_puts(out, "\" y1=\"");
		num(out, SVG_RADAR_CY);
		buf_puts(out, "\" x2=\"");
		num(out, x);
		buf_puts(out, "\" y2=\"");
		num(out, y);
		buf_puts(out, "\"/>\n");
		/* the axis label just outside the outer ring */
		double lx, ly;
		radar_point(k, naxes, max * 1.12, max, &lx, &ly);
		double dx = lx - SVG_RADAR_CX;
		const char *anchor = fabs(dx) < 8 ? "middle" : dx > 0 ? "start" : "end";
		ly += (ly > SVG_RADAR_CY + 8) ? 12 : (ly < SVG_RADAR_CY - 8 ? -2 : 4);
		if (text_width(axes[k]) <= AXIS_COLS) {
			text_at(out, lx, ly, anchor, "class=\"axis\"", axes[k], AXIS_COLS);
			continue;
		}
		/* too long for one line: two, the block growing away from the
		 * chart (up above it, down below it, both ways beside it) */
		double y1 = ly < SVG_RADAR_CY - 8 ? ly - AXIS_LINE
			: ly > SVG_RADAR_CY + 8 ? ly : ly - AXIS_LINE / 2;
		axis_two_lines(out, lx, y1, anchor, axes[k]);
	}
	for (int s = 0; s < nseries; s++) {
		const double *v = series[s].values;
		const char *stroke = series_stroke[s];
		/* the path: pen up across a missing value */
		buf_printf(out, "<path class=\"series s%d\" fill=\"%s\" fill-opacity=\"0.08\" stroke=\"%s\" "
			"stroke-width=\"2.2\"", s, stroke, stroke);
		if (strcmp(series_dash[s], "none") != 0)
			buf_printf(out, " stroke-dasharray=\"%s\"", series_dash[s]);
		buf_puts(out, " d=\"");
		bool all = true, pen = false;
		for (int k = 0; k < naxes; k++) {
			if (v[k] < 0) {
				all = false;
				pen = false;
				continue;
			}
			double x, y;
			radar_point(k, naxes, v[k] > max ? max : v[k], max, &x, &y);
			buf_puts(out, pen ? " L " : (k ? " M " : "M "));
			num(out, x);
			buf_putc(out, ' ');
			num(out, y);
			pen = true;
		}
		if (all)
			buf_puts(out, " Z");
		else if (pen && v[0] >= 0) { /* wrap around to the first axis */
			double x, y;
			radar_point(0, naxes, v[0] > max ? max : v[0], max, &x, &y);
			buf_puts(out, " L ");
			num(out, x);
			buf_putc(out, ' ');
			num(out, y);
		}
		buf_puts(out, "\"/>\n");
		for (int k = 0; k < naxes; k++) {
			if (v[k] < 0)
				continue;
			double x, y;
			radar_point(k, naxes, v[k] > max ? max : v[k], max, &x, &y);
			marker(out, s, x, y, stroke, s % 2 == 0);
		}
	}
	/* legend: the same line and marker as the series */
	for (int s = 0; s < nseries; s++) {
		double y = SVG_RADAR_CY + SVG_RADAR_R + 62 + 22.0 * s;
		const char *stroke = series_stroke[s];
		buf_printf(out, "<line class=\"legend s%d\" x1=\"210\" x2=\"260\" y1=\"", s);
		num(out, y - 4);
		buf_puts(out, "\" y2=\"");
		num(out, y - 4);
		buf_printf(out, "\" stroke=\"%s\" stroke-width=\"2.2\"", stroke);
		if (strcmp(series_dash[s], "none") != 0)
			buf_printf(out, " stroke-dasharray=\"%s\"", series_dash[s]);
		buf_puts(out, "/>\n");
		marker(out, s, 235, y - 4, stroke, s % 2 == 0);
		text_at(out, 270, y, NULL, NULL, series[s].name, 40);
	}
	buf_puts(out, "</svg>\n");
}

/* ---- horizontal bars ---- */

void svg_hbars(buf *out, const char *title, const svg_bar *bars, int n, double max)
{
	const double row = 28, top = 40;
	double h = top + row * (n > 0 ? n : 1) + 30;
	open_svg(out, "bars", SVG_BARS_W, h, title);
	for (int k = 0; k < n; k++) {
		double y = top + row * k;
		text_at(out, SVG_BARS_X0 - 8, y + 17, "end", "class=\"label\"", bars[k].label, 40);
		buf_puts(out, "<rect class=\"track\" fill=\"#f0f0f0\" stroke=\"#ccc\" x=\"");
		num(out, SVG_BARS_X0);
		buf_puts(out, "\" y=\"");
		num(out, y + 4);
		buf_puts(out, "\" width=\"");
		num(out, SVG_BARS_LEN);
		buf_puts(out, "\" height=\"18\"/>\n");
		double v = bars[k].value;
		char valtext[32];
		if (v >= 0 && max > 0) {
			double len = (v > max ? max : v) / max * SVG_BARS_LEN;
			buf_printf(out, "<rect class=\"bar\" fill=\"%s\" stroke=\"#333\" stroke-width=\"0.6\" x=\"",
				band_fill(bars[k].color));
			num(out, SVG_BARS_X0);
			buf_puts(out, "\" y=\"");
			num(out, y + 4);
			buf_puts(out, "\" width=\"");
			num(out, len);
			buf_puts(out, "\" height=\"18\"/>\n");
			buf tmp = {0};
			num(&tmp, v);
			snprintf(valtext, sizeof valtext, "%s", buf_str(&tmp));
			buf_free(&tmp);
		} else {
			snprintf(valtext, sizeof valtext, "—");
		}
		text_at(out, SVG_BARS_X0 + SVG_BARS_LEN + 8, y + 17, NULL, "class=\"value\"",
			bars[k].text ? bars[k].text : valtext, 24);
	}
	/* the scale under the bars: 0, the middle, max */
	double y = top + row * (n > 0 ? n : 1) + 14;
	for (int t = 0; t <= 4; t++) {
		double x = SVG_BARS_X0 + SVG_BARS_LEN * t / 4;
		double v = max * t / 4;
		if (t % 4 && fabs(v - round(v)) > 1e-9)
			continue; /* only whole numbers between the ends: 0 .. 29, not 7.3 */
		buf tick = {0};
		num(&tick, max * t / 4);
		text_at(out, x, y, "middle", "font-size=\"10\" fill=\"#666\"", buf_str(&tick), 0);
		buf_free(&tick);
	}
	buf_puts(out, "</svg>\n");
}

/* ---- heat map ---- */

void svg_heatmap(buf *out, const char *title, const svg_heat *hm)
{
	int nx = hm->xmax - hm->xmin + 1, ny = hm->ymax - hm->ymin + 1;
	if (nx < 1)
		nx = 1;
	if (ny < 1)
		ny = 1;
	if (nx > 12)
		nx = 12;
	if (ny > 12)
		ny = 12;
	double w = SVG_HEAT_X0 + nx * SVG_HEAT_CELL_W + 20;
	if (w < 360)
		w = 360;
	double h = SVG_HEAT_Y0 + ny * SVG_HEAT_CELL_H + 50;
	open_svg(out, "heat", w, h, title);
	for (int j = 0; j < ny; j++) {
		int yv = hm->ymax - j;
		double y = SVG_HEAT_Y0 + j * SVG_HEAT_CELL_H;
		char lab[16];
		snprintf(lab, sizeof lab, "%d", yv);
		text_at(out, SVG_HEAT_X0 - 8, y + SVG_HEAT_CELL_H / 2 + 5, "end", NULL, lab, 0);
		for (int i = 0; i < nx; i++) {
			int idx = (yv - hm->ymin) * (hm->xmax - hm->xmin + 1) + i;
			int c = hm->counts ? hm->counts[idx] : 0;
			band_color bc = hm->colors ? hm->colors[idx] : BAND_NONE;
			double x = SVG_HEAT_X0 + i * SVG_HEAT_CELL_W;
			buf_printf(out, "<rect class=\"cell\" data-x=\"%d\" data-y=\"%d\" fill=\"%s\" "
				"stroke=\"#fff\" stroke-width=\"2\" x=\"", hm->xmin + i, yv,
				c ? band_fill(bc) : band_fill_light(bc));
			num(out, x);
			buf_puts(out, "\" y=\"");
			num(out, y);
			buf_puts(out, "\" width=\"");
			num(out, SVG_HEAT_CELL_W);
			buf_puts(out, "\" height=\"");
			num(out, SVG_HEAT_CELL_H);
			buf_puts(out, "\"/>\n");
			if (c) {
				char cnt[16];
				snprintf(cnt, sizeof cnt, "%d", c);
				text_at(out, x + SVG_HEAT_CELL_W / 2, y + 24, "middle",
					"class=\"count\" font-size=\"17\" font-weight=\"bold\"", cnt, 0);
			}
			const char *word = hm->words ? hm->words[idx] : NULL;
			if (word && *word)
				text_at(out, x + SVG_HEAT_CELL_W / 2, y + 42, "middle",
					"class=\"word\" font-size=\"11\" fill=\"#333\"", word, 10);
		}
	}
	double by = SVG_HEAT_Y0 + ny * SVG_HEAT_CELL_H;
	for (int i = 0; i < nx; i++) {
		char lab[16];
		snprintf(lab, sizeof lab, "%d", hm->xmin + i);
		text_at(out, SVG_HEAT_X0 + (i + 0.5) * SVG_HEAT_CELL_W, by + 16, "middle", NULL, lab, 0);
	}
	text_at(out, SVG_HEAT_X0 + nx * SVG_HEAT_CELL_W / 2, by + 36, "middle", "class=\"xtitle\"",
		hm->xtitle, 40);
	/* the y axis' title, above its numbers */
	text_at(out, SVG_HEAT_X0 - 8, SVG_HEAT_Y0 - 6, "end", "class=\"ytitle\" font-size=\"11\"",
		hm->ytitle, 14);
	buf_puts(out, "</svg>\n");
}

/* ---- progress ---- */

static const char *const shade_fill[] = {"#ffffff", "#f2c94c", "#3d8b4f", "#9e9e9e"};
static const char *const shade_ink[] = {"#222", "#222", "#fff", "#fff"};

void svg_progress(buf *out, const char *title, const char *const *labels,
	const svg_shade *shades, int nparts, const char *const *rows, const int *counts,
	int nrows)
{
	if (nparts > SVG_PROGRESS_MAX_PARTS)
		nparts = SVG_PROGRESS_MAX_PARTS;
	if (nrows < 1)
		nrows = 1;
	const double bar_h = 28, gap = 10, top = 36;
	double x0 = rows ? SVG_PROGRESS_LABEL : SVG_PROGRESS_X0;
	double len = SVG_PROGRESS_END - x0;
	double legend_y = top + nrows * (bar_h + gap) + 14;
	double h = legend_y + 24.0 * nparts + 6;
	open_svg(out, "progress", SVG_PROGRESS_W, h, title);
	int last_total = 0;
	for (int r = 0; r < nrows; r++) {
		const int *c = counts + r * nparts;
		double y = top + r * (bar_h + gap);
		int total = 0;
		for (int k = 0; k < nparts; k++)
			total += c[k] > 0 ? c[k] : 0;
		last_total = total;
		if (rows)
			text_at(out, x0 - 8, y + 19, "end", "class=\"row\"", rows[r], 12);
		buf_puts(out, "<rect class=\"frame\" fill=\"none\" stroke=\"#333\" x=\"");
		num(out, x0);
		buf_puts(out, "\" y=\"");
		num(out, y);
		buf_puts(out, "\" width=\"");
		num(out, len);
		buf_printf(out, "\" height=\"%d\"/>\n", (int)bar_h);
		double x = x0;
		for (int k = 0; k < nparts && total > 0; k++) {
			if (c[k] <= 0)
				continue;
			int sh = shades ? (int)shades[k] & 3 : k & 3;
			double w = len * c[k] / total;
			buf_printf(out, "<rect class=\"part p%d\" fill=\"%s\" stroke=\"#333\" x=\"", k,
				shade_fill[sh]);
			num(out, x);
			buf_puts(out, "\" y=\"");
			num(out, y);
			buf_puts(out, "\" width=\"");
			num(out, w);
			buf_printf(out, "\" height=\"%d\"/>\n", (int)bar_h);
			if (w >= 24) {
				char lab[16];
				snprintf(lab, sizeof lab, "%d", c[k]);
				buf ink = {0};
				buf_printf(&ink, "fill=\"%s\" font-weight=\"bold\"", shade_ink[sh]);
				text_at(out, x + w / 2, y + 19, "middle", buf_str(&ink), lab, 0);
				buf_free(&ink);
			}
			x += w;
		}
	}
	/* legend: swatch, name, count and share in the last row */
	const int *last = counts + (nrows - 1) * nparts;
	for (int k = 0; k < nparts; k++) {
		double ly = legend_y + 24.0 * k;
		int sh = shades ? (int)shades[k] & 3 : k & 3;
		buf_printf(out, "<rect class=\"swatch\" fill=\"%s\" stroke=\"#333\" x=\"20\" y=\"",
			shade_fill[sh]);
		num(out, ly - 12);
		buf_puts(out, "\" width=\"16\" height=\"16\"/>\n");
		buf line = {0};
		buf_printf(&line, "%s  %d", labels[k] ? labels[k] : "", last[k]);
		if (last_total > 0)
			buf_printf(&line, "（%d%%）", (last[k] * 100 + last_total / 2) / last_total);
		text_at(out, 44, ly + 1, NULL, NULL, buf_str(&line), 60);
		buf_free(&line);
	}
	buf_puts(out, "</svg>\n");
}

/* ---- timeline ---- */

void svg_timeline(buf *out, const char *title, const svg_event *ev, int n,
	const char *legend_filled, const char *legend_hollow)
{
	double h = SVG_TIMELINE_Y0 + SVG_TIMELINE_ROW * (n > 0 ? n : 1) + 10;
	open_svg(out, "timeline", SVG_TIMELINE_W, h, title);
	const double lx = 78;
	if (legend_filled && legend_hollow) {
		buf_puts(out, "<circle cx=\"20\" cy=\"36\" r=\"5\" fill=\"#1f4e9c\"/>\n");
		text_at(out, 30, 40, NULL, "font-size=\"11\"", legend_filled, 30);
		buf_puts(out, "<rect x=\"215\" y=\"31\" width=\"10\" height=\"10\" fill=\"#fff\" "
			"stroke=\"#c0392b\" stroke-width=\"2\"/>\n");
		text_at(out, 232, 40, NULL, "font-size=\"11\"", legend_hollow, 30);
	}
	if (n > 0) {
		buf_puts(out, "<line class=\"axis\" stroke=\"#999\" stroke-width=\"2\" x1=\"");
		num(out, lx);
		buf_puts(out, "\" x2=\"");
		num(out, lx);
		buf_puts(out, "\" y1=\"");
		num(out, SVG_TIMELINE_Y0 - 10);
		buf_puts(out, "\" y2=\"");
		num(out, SVG_TIMELINE_Y0 + SVG_TIMELINE_ROW * (n - 1) + 10);
		buf_puts(out, "\"/>\n");
	}
	for (int k = 0; k < n; k++) {
		double y = SVG_TIMELINE_Y0 + SVG_TIMELINE_ROW * k;
		int s = ev[k].seconds < 0 ? 0 : ev[k].seconds;
		char t[32];
		snprintf(t, sizeof t, "%02d:%02d", s / 60, s % 60);
		text_at(out, lx - 12, y + 4, "end", "class=\"time\" font-family=\"monospace\"", t, 0);
		if (ev[k].filled) {
			buf_puts(out, "<circle class=\"event inject\" r=\"5\" fill=\"#1f4e9c\" cx=\"");
			num(out, lx);
			buf_puts(out, "\" cy=\"");
			num(out, y);
			buf_puts(out, "\"/>\n");
		} else {
			buf_puts(out, "<rect class=\"event decision\" width=\"10\" height=\"10\" fill=\"#fff\" "
				"stroke=\"#c0392b\" stroke-width=\"2\" x=\"");
			num(out, lx - 5);
			buf_puts(out, "\" y=\"");
			num(out, y - 5);
			buf_puts(out, "\"/>\n");
		}
		text_at(out, lx + 14, y + 4, NULL, ev[k].filled ? "font-weight=\"bold\"" : NULL,
			ev[k].label, 78);
	}
	buf_puts(out, "</svg>\n");
}
