/* text.h — UTF-8 and display width, the one place that knows how wide text is.
 * Independent of the C locale: the East Asian Wide/Fullwidth table is built in,
 * so a server with only C.UTF-8 measures Japanese exactly as a ja_JP one. */
#ifndef MAMORI_TEXT_H
#define MAMORI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at S (at most N bytes). Returns the number of bytes
 * used (1..4), storing the code point in *CP; an invalid sequence uses 1 byte
 * and yields U+FFFD. N == 0 returns 0. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encodes CP into OUT (at least 4 bytes); returns the byte count. */
size_t utf8_encode(uint32_t cp, char *out);
bool utf8_valid(const char *s, size_t n);

/* Columns one code point takes on a terminal: 0 (combining, control), 1 or 2. */
int cp_width(uint32_t cp);
/* Columns the UTF-8 string takes. */
int text_width(const char *s);
int text_nwidth(const char *s, size_t n);

/* Longest prefix of S that fits in COLS columns, never splitting a character:
 * returns its byte length and stores its width in *W (W may be NULL). */
size_t text_fit(const char *s, int cols, int *w);

/* Copies S into OUT fitted to exactly COLS columns: cut with a one-column '~'
 * marker when too long (never half of a double-width character), padded with
 * spaces when short. OUT must hold strlen(S) + COLS + 4 bytes. */
void text_fit_pad(const char *s, int cols, char *out);

/* Byte offset of the character that starts at or covers display column COL. */
size_t text_offset_at_col(const char *s, int col);

/* Splits S into lines no wider than COLS for display, breaking at spaces when it
 * can and anywhere between characters otherwise (Japanese has no spaces);
 * explicit '\n' always breaks. Calls EMIT(start, len, ctx) per line. */
void text_wrap(const char *s, int cols,
	void (*emit)(const char *line, size_t len, void *ctx), void *ctx);

/* True for the invisible controls that reorder or hide text on a terminal:
 * the bidirectional embeddings, overrides and isolates (U+202A..U+202E,
 * U+2066..U+2069), the marks U+200E, U+200F, U+061C. */
bool cp_is_bidi_control(uint32_t cp);

/* Appends S (N bytes of UTF-8) to OUT (a buf *, see buf.h) with everything
 * that could drive a terminal made visible and harmless: C0 controls other
 * than KEEP ("\n", "\t", "\n\t" or "" — which of line feed and tab pass),
 * DEL and C1 controls become "^X" / "<U+0085>" style text, bidi controls
 * "<U+202E>", invalid UTF-8 bytes "<0xFF>". Output never contains ESC. */
struct buf;
void text_escape_controls(const char *s, size_t n, const char *keep, struct buf *out);

/* The NUL-terminated S (in a buffer of CAP bytes, e.g. mm_error.msg) with
 * text_escape_controls applied in place (KEEP ""), cut between characters
 * if it grows past CAP - 1 bytes: for messages that repeat what a file
 * says. */
void text_escape_in_place(char *s, size_t cap);

/* Appends to OUT the form of the name in S (N bytes of UTF-8) that people
 * mean, so that one person is one name however it was typed: NFKC for
 * full-width ASCII (ＡＢＣ１ -> ABC1) and half-width katakana (ﾊﾟｿｺﾝ ->
 * パソコン, sound marks composed), every space (ASCII whitespace, the
 * ideographic space U+3000, NBSP and the other Unicode spaces) a plain space,
 * runs of them one, none at either end. Nothing else changes. */
void text_normalize_name(const char *s, size_t n, struct buf *out);

#endif
