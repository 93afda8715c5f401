#include "html.h"

#include <stdbool.h>
#include <string.h>

void html_escape(buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '&': buf_puts(out, "&amp;"); break;
		case '"': buf_puts(out, "&quot;"); break;
		default: buf_putc(out, s[i]);
		}
	}
}

/* Inline text: **strong**, <br> kept as a line break, the rest escaped. */
static void inline_text(buf *out, const char *s, size_t n)
{
	bool strong = false;
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n && s[i] == '*' && s[i + 1] == '*') {
			buf_puts(out, strong ? "</strong>" : "<strong>");
			strong = !strong;
			i++;
		} else if (i + 4 <= n && strncmp(s + i, "<br>", 4) == 0) {
			buf_puts(out, "<br>");
			i += 3;
		} else if (s[i] == '\\' && i + 1 < n && strchr("#|*\\", s[i + 1])) {
			html_escape(out, s + i + 1, 1);
			i++;
		} else {
			html_escape(out, s + i, 1);
		}
	}
	if (strong)
		buf_puts(out, "</strong>");
}

/* A table row "| a | b |" as cells; header and --- separator handled by the caller. */
static void table_row(buf *out, const char *line, size_t n, const char *cell)
{
	buf_puts(out, "<tr>");
	size_t i = 0;
	while (i < n && line[i] == ' ')
		i++;
	if (i < n && line[i] == '|')
		i++;
	while (i < n) {
		size_t j = i;
		while (j < n && !(line[j] == '|' && line[j - 1] != '\\'))
			j++;
		if (j >= n && i < n && line[n - 1] != '|')
			j = n;
		size_t a = i, b = j;
		while (a < b && line[a] == ' ')
			a++;
		while (b > a && line[b - 1] == ' ')
			b--;
		if (j < n || a < b) {
			buf_printf(out, "<%s>", cell);
			inline_text(out, line + a, b - a);
			buf_printf(out, "</%s>", cell);
		}
		i = j + 1;
	}
	buf_puts(out, "</tr>\n");
}

void md_to_html(const char *md, const char *title, const char *lang, buf *out)
{
	buf_puts(out, "<!DOCTYPE html>\n<html lang=\"");
	html_escape(out, lang, strlen(lang));
	buf_puts(out, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	html_escape(out, title, strlen(title));
	buf_puts(out, "</title>\n<style>\n"
		"body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;"
		"line-height:1.6}\n"
		"table{border-collapse:collapse;margin:1em 0;font-size:.9em}\n"
		"th,td{border:1px solid #999;padding:.2em .5em;vertical-align:top}\n"
		"th{background:#eee}\n"
		"h1{border-bottom:2px solid #333}h2{border-bottom:1px solid #999;margin-top:2em}\n"
		"@media print{h2{page-break-before:auto}table{page-break-inside:auto}}\n"
		"</style>\n</head>\n<body>\n");
	md_to_html_body(md, out);
	buf_puts(out, "</body>\n</html>\n");
}

void md_to_html_body(const char *md, buf *out)
{
	const char *p = md;
	bool in_list = false, in_table = false, in_para = false;
	int table_line = 0;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		bool is_table = n > 0 && p[0] == '|';
		bool is_item = n > 1 && p[0] == '-' && p[1] == ' ';
		int level = 0;
		while ((size_t)level < n && p[level] == '#')
			level++;
		bool is_head = level > 0 && level <= 6 && (size_t)level < n && p[level] == ' ';
		if (in_table && !is_table) {
			buf_puts(out, "</table>\n");
			in_table = false;
		}
		if (in_list && !is_item) {
			buf_puts(out, "</ul>\n");
			in_list = false;
		}
		if (in_para && (n == 0 || is_table || is_item || is_head)) {
			buf_puts(out, "</p>\n");
			in_para = false;
		}
		if (is_head) {
			buf_printf(out, "<h%d>", level);
			inline_text(out, p + level + 1, n - (size_t)level - 1);
			buf_printf(out, "</h%d>\n", level);
		} else if (is_table) {
			if (!in_table) {
				buf_puts(out, "<table>\n");
				in_table = true;
				table_line = 0;
			}
			bool separator = strspn(p, "|-: ") >= n;
			if (!separator)
				table_row(out, p, n, table_line == 0 ? "th" : "td");
			table_line++;
		} else if (is_item) {
			if (!in_list) {
				buf_puts(out, "<ul>\n");
				in_list = true;
			}
			buf_puts(out, "<li>");
			inline_text(out, p + 2, n - 2);
			buf_puts(out, "</li>\n");
		} else if (n > 0) {
			buf_puts(out, in_para ? "<br>\n" : "<p>");
			in_para = true;
			inline_text(out, p, n);
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	if (in_table)
		buf_puts(out, "</table>\n");
	if (in_list)
		buf_puts(out, "</ul>\n");
	if (in_para)
		buf_puts(out, "</p>\n");
}
