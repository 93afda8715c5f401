/* html.h — the Markdown mamori writes (headings, tables, lists, paragraphs)
 * as one printable HTML page, for a report to take home or print. */
#ifndef MAMORI_HTML_H
#define MAMORI_HTML_H

#include "buf.h"

/* Appends to OUT a complete HTML document titled TITLE holding MD. */
void md_to_html(const char *md, const char *title, const char *lang, buf *out);
/* Appends MD as HTML body content only (no <html>, <head> or <body>). */
void md_to_html_body(const char *md, buf *out);
/* Appends N bytes of S with < > & " as entities. */
void html_escape(buf *out, const char *s, size_t n);

#endif
