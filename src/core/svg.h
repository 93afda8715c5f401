/* svg.h — small charts as inline SVG for the reports: a radar, horizontal
 * bars with a band colour, a heat map grid, a progress stacked bar and a
 * timeline. Pure functions: each appends one complete <svg> element (with a
 * viewBox, a <title> and every text escaped) to a buf and reads nothing
 * else. Every chart reads without colour: series differ by dash and marker,
 * bands and statuses are written out beside their colour. */
#ifndef MAMORI_SVG_H
#define MAMORI_SVG_H

#include <stdbool.h>

#include "buf.h"
#include "table.h"

/* Appends S escaped for XML text or an attribute value (& < > " ' as
 * entities, control characters XML cannot hold as spaces). */
void svg_escape(buf *out, const char *s);

/* ---- radar ---- */
/* The geometry of the radar, for whoever needs to know where a value lands
 * (the tests): axis K of N points from the centre at angle 2*pi*K/N
 * clockwise from straight up; a value V of MAX lies V/MAX*SVG_RADAR_R from
 * the centre. */
#define SVG_RADAR_W 640
#define SVG_RADAR_CX 320.0
#define SVG_RADAR_CY 200.0
#define SVG_RADAR_R 130.0
#define SVG_RADAR_MAX_SERIES 6

typedef struct svg_series {
	const char *name;     /* shown in the legend */
	const double *values; /* one per axis; a negative value is missing */
} svg_series;

/* A radar of NAXES axes (at least 3) named AXES, 0..MAX (rings at every
 * whole number), with up to SVG_RADAR_MAX_SERIES series: each its own dash
 * and marker (circle, square, triangle, diamond...), drawn as a closed path
 * "M x y L x y ... Z" through its values (a missing value breaks the line
 * and has no marker). */
void svg_radar(buf *out, const char *title, const char *const *axes, int naxes, double max,
	const svg_series *series, int nseries);

/* ---- horizontal bars ---- */
#define SVG_BARS_W 700
#define SVG_BARS_X0 290.0   /* where a bar starts */
#define SVG_BARS_LEN 280.0  /* the length of a bar at MAX */

typedef struct svg_bar {
	const char *label;
	double value;       /* negative: no value ("—", no bar) */
	const char *text;   /* shown after the bar (e.g. "3 / 5  高"); NULL: the value */
	band_color color;   /* the bar's fill */
} svg_bar;

/* One bar per entry, 0..MAX, each on a light track of the full length, with
 * its text after it; each bar is <rect class="bar" x=X0 width=V/MAX*LEN>. */
void svg_hbars(buf *out, const char *title, const svg_bar *bars, int n, double max);

/* ---- heat map ---- */
#define SVG_HEAT_CELL_W 72.0
#define SVG_HEAT_CELL_H 52.0
#define SVG_HEAT_X0 90.0   /* left edge of the column xmin */
#define SVG_HEAT_Y0 40.0   /* top edge of the row ymax */

typedef struct svg_heat {
	const char *xtitle, *ytitle;
	int xmin, xmax, ymin, ymax;  /* the axes' real ranges (at most 12 steps each) */
	const int *counts;  /* (ymax-ymin+1) rows of (xmax-xmin+1): counts[(y-ymin)*nx + x-xmin] */
	const band_color *colors;  /* per cell as counts; NULL: none */
	const char *const *words;  /* per cell: the band's word shown under the count; may be NULL */
} svg_heat;

/* A grid, x growing to the right and y upwards, every cell labelled with
 * its count (blank when 0) and band word; the cell (x, y) is the rect at
 * x = X0 + (x-xmin)*CELL_W, y = Y0 + (ymax-y)*CELL_H. */
void svg_heatmap(buf *out, const char *title, const svg_heat *h);

/* ---- progress (stacked bars) ---- */
#define SVG_PROGRESS_W 640
#define SVG_PROGRESS_X0 20.0    /* where a bar starts without row labels */
#define SVG_PROGRESS_LABEL 90.0 /* room for row labels when there are some */
#define SVG_PROGRESS_END 620.0  /* where every bar ends */
#define SVG_PROGRESS_MAX_PARTS 6

/* How a part is filled: not started (white), under way (yellow), done
 * (dark green), set aside (grey). */
typedef enum svg_shade { SHADE_TODO, SHADE_DOING, SHADE_DONE, SHADE_ASIDE } svg_shade;

/* NROWS bars (e.g. one per visit, named by ROWS; ROWS NULL: one bar, no
 * label) each split into NPARTS parts (未着手 / 進行中 / 完了...) in
 * proportion to its counts, COUNTS[row * NPARTS + part]. Each part is a
 * <rect class="part pK"> labelled with its count when it fits; the legend
 * names every part with its count and share in the last row. Parts differ
 * by lightness as well as hue, and the legend says which is which. */
void svg_progress(buf *out, const char *title, const char *const *labels,
	const svg_shade *shades, int nparts, const char *const *rows, const int *counts,
	int nrows);

/* ---- timeline ---- */
typedef struct svg_event {
	int seconds;       /* drill time */
	const char *label;
	bool filled;       /* filled circle (e.g. an inject) or hollow square (a decision) */
} svg_event;

#define SVG_TIMELINE_W 640
#define SVG_TIMELINE_ROW 24.0
#define SVG_TIMELINE_Y0 56.0 /* the first event's row */

/* Events in the order given (the caller sorts them), one row each, time as
 * mm:ss on the left, a marker on a vertical line, the label on the right
 * (cut to fit, with "…"). LEGEND_FILLED / LEGEND_HOLLOW name the markers
 * (NULL: no legend). */
void svg_timeline(buf *out, const char *title, const svg_event *ev, int n,
	const char *legend_filled, const char *legend_hollow);

#endif
