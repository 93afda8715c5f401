/* xmlcheck.h — for the report tests: is a piece of SVG or HTML well formed
 * (every tag closed in order, attributes quoted, '&' only as an entity, no
 * stray '<')? And small helpers to pull elements and attributes out of it.
 * Header-only (static functions) so each test that needs it includes it. */
#ifndef MAMORI_XMLCHECK_H
#define MAMORI_XMLCHECK_H

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline bool xc_void_element(const char *name, size_t n)
{
	static const char *const v[] = {"meta", "br", "hr", "img", "link", "input", "col", "wbr",
		NULL};
	for (int k = 0; v[k]; k++)
		if (strlen(v[k]) == n && strncmp(v[k], name, n) == 0)
			return true;
	return false;
}

/* NULL when S is well formed; else a static message naming the offset.
 * HTML: void elements (<meta>, <br>) need no closing and a <!DOCTYPE> may
 * come first. */
static inline const char *xc_check(const char *s, bool html)
{
	static char why[256];
	const char *stack[256];
	size_t stackn[256];
	int depth = 0, roots = 0;
	const char *p = s;
	while (*p) {
		if (*p == '&') {
			const char *q = p + 1;
			if (*q == '#')
				q++;
			while (isalnum((unsigned char)*q))
				q++;
			if (*q != ';' || q == p + 1) {
				snprintf(why, sizeof why, "bare & at %td", p - s);
				return why;
			}
			p = q + 1;
			continue;
		}
		if (*p != '<') {
			p++;
			continue;
		}
		if (strncmp(p, "<!--", 4) == 0) {
			const char *e = strstr(p, "-->");
			if (!e)
				return "unclosed comment";
			p = e + 3;
			continue;
		}
		if (strncmp(p, "<!DOCTYPE", 9) == 0 || strncmp(p, "<?xml", 5) == 0) {
			const char *e = strchr(p, '>');
			if (!e)
				return "unclosed declaration";
			p = e + 1;
			continue;
		}
		bool closing = p[1] == '/';
		const char *name = p + (closing ? 2 : 1);
		size_t n = 0;
		while (isalnum((unsigned char)name[n]) || name[n] == '-' || name[n] == ':')
			n++;
		if (!n) {
			snprintf(why, sizeof why, "stray < at %td", p - s);
			return why;
		}
		const char *q = name + n;
		bool self = false;
		/* attributes: name="value" or name='value' */
		for (;;) {
			while (isspace((unsigned char)*q))
				q++;
			if (*q == '>')
				break;
			if (*q == '/' && q[1] == '>') {
				self = true;
				q++;
				break;
			}
			if (closing) {
				snprintf(why, sizeof why, "junk in closing tag at %td", q - s);
				return why;
			}
			const char *an = q;
			while (isalnum((unsigned char)*q) || *q == '-' || *q == ':' || *q == '_')
				q++;
			if (q == an || *q != '=' || (q[1] != '"' && q[1] != '\'')) {
				snprintf(why, sizeof why, "bad attribute at %td: %.30s", an - s, an);
				return why;
			}
			char quote = q[1];
			const char *e = strchr(q + 2, quote);
			if (!e)
				return "unclosed attribute value";
			for (const char *c = q + 2; c < e; c++)
				if (*c == '<') {
					snprintf(why, sizeof why, "< in attribute at %td", c - s);
					return why;
				}
			q = e + 1;
		}
		if (closing) {
			if (!depth || stackn[depth - 1] != n || strncmp(stack[depth - 1], name, n) != 0) {
				snprintf(why, sizeof why, "</%.*s> at %td closes %.*s", (int)n, name, p - s,
					depth ? (int)stackn[depth - 1] : 4, depth ? stack[depth - 1] : "none");
				return why;
			}
			depth--;
		} else if (!self && !(html && xc_void_element(name, n))) {
			if (depth == 256)
				return "too deep";
			if (!depth)
				roots++;
			stack[depth] = name;
			stackn[depth++] = n;
			/* raw text elements: skip to their end tag */
			if (html && ((n == 5 && strncmp(name, "style", 5) == 0)
					|| (n == 6 && strncmp(name, "script", 6) == 0))) {
				char end[16];
				snprintf(end, sizeof end, "</%.*s>", (int)n, name);
				const char *e = strstr(q, end);
				if (!e)
					return "unclosed raw text element";
				q = e - 1;
			}
		}
		p = q + 1;
	}
	if (depth) {
		snprintf(why, sizeof why, "<%.*s> never closed", (int)stackn[depth - 1],
			stack[depth - 1]);
		return why;
	}
	if (roots != 1 && !html)
		return "not one root element";
	return NULL;
}

/* How many times NEEDLE occurs in S. */
static inline int xc_count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The start tag (up to its '>') of the first element at or after FROM
 * whose text contains MARK (e.g. "class=\"bar\""), or NULL. */
static inline const char *xc_find(const char *from, const char *mark)
{
	const char *m = strstr(from, mark);
	if (!m)
		return NULL;
	while (m > from && *m != '<')
		m--;
	return m;
}

/* The value of attribute NAME of the start tag at TAG, as a double (NaN when
 * absent); as text into OUT when OUT is given. */
static inline double xc_attr(const char *tag, const char *name, char *out, size_t n)
{
	const char *end = strchr(tag, '>');
	char key[64];
	snprintf(key, sizeof key, " %s=\"", name);
	const char *a = strstr(tag, key);
	if (!a || (end && a > end))
		return strtod("nan", NULL);
	a += strlen(key);
	const char *e = strchr(a, '"');
	if (out) {
		snprintf(out, n, "%.*s", (int)(e - a), a);
	}
	return strtod(a, NULL);
}

#endif
