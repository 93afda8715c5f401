/* csv.h — reading and writing the CSV files people exchange with Excel.
 *
 * Import is two steps: csv_decode turns the file's bytes into UTF-8 (UTF-8
 * with or without a BOM, or the Shift_JIS/CP932 that Japanese Excel writes for
 * "CSV (comma delimited)"), then csv_parse splits the text into records
 * (RFC 4180). Export is the reverse: csv_write_record builds the text, then
 * csv_encode turns it into the bytes of the chosen encoding.
 *
 * Positions in messages are 1-based. "line" is always the physical line of the
 * file (CRLF, LF and a lone CR each end one line). "column" is, per function:
 *   csv_decode  the byte in that line (undecodable bytes are not characters);
 *   csv_encode  the character in that line;
 *   csv_parse   the field number, as a spreadsheet column. */
#ifndef MAMORI_CSV_H
#define MAMORI_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "status.h"

/* Largest file csv_decode accepts, in bytes. */
#define CSV_MAX_FILE ((size_t)64 * 1024 * 1024)
/* Largest text csv_parse accepts: what a CSV_MAX_FILE Shift_JIS file can grow
 * to as UTF-8 (a one-byte half-width katakana becomes three bytes). */
#define CSV_MAX_TEXT (3 * CSV_MAX_FILE)
/* Largest single field csv_parse accepts, in bytes of UTF-8. */
#define CSV_MAX_FIELD ((size_t)1024 * 1024)

typedef enum csv_encoding {
	CSV_UTF8,      /* UTF-8 without a byte order mark */
	CSV_UTF8_BOM,  /* UTF-8 with a BOM: what Excel needs to open UTF-8 as such */
	CSV_CP932,     /* Shift_JIS as Windows and Japanese Excel write it */
} csv_encoding;

typedef struct csv_record {
	size_t nfields;  /* at least 1 in a parsed document */
	char **fields;   /* NUL-terminated UTF-8 strings */
	int line;        /* physical line where the record starts, 1-based */
} csv_record;

typedef struct csv_doc {
	size_t nrecords;
	csv_record *records;
} csv_doc;

/* Turns N bytes of a CSV file into UTF-8 text: a UTF-8 BOM is stripped; text
 * that is valid UTF-8 is taken as is; anything else is read as CP932. Line
 * endings are kept as found. On success stores a NUL-terminated malloc'd copy
 * in *UTF8_OUT (caller frees), its length in *LEN_OUT and the encoding found in
 * *ENC_OUT (LEN_OUT and ENC_OUT may be NULL). Fails with MM_EUSER for files
 * over CSV_MAX_FILE, UTF-16 files, NUL bytes and text that is neither UTF-8 nor
 * CP932 ("line 3, column 12: not UTF-8 or Shift_JIS text"); outputs are then
 * left untouched. */
mm_status csv_decode(const char *data, size_t n, char **utf8_out, size_t *len_out,
	csv_encoding *enc_out, mm_error *err);

/* Turns N bytes of UTF-8 text into ENC: copied as is for CSV_UTF8, behind a BOM
 * for CSV_UTF8_BOM, converted for CSV_CP932. On success stores a malloc'd,
 * NUL-terminated result in *OUT (caller frees) and its length in *OUTN. Fails
 * with MM_EUSER naming the first character CP932 has no form for (an emoji,
 * say) with its line and character column, or the first byte of UTF8 that is
 * not valid UTF-8. */
mm_status csv_encode(const char *utf8, size_t n, csv_encoding enc, char **out,
	size_t *outn, mm_error *err);

/* Parses N bytes of UTF-8 text (RFC 4180: fields quoted with '"', doubled
 * quotes inside, line breaks inside quotes; records end with CRLF, LF or CR;
 * the last may lack one). Fields are kept byte for byte, whitespace included,
 * except that with the formula guard on the ' it put before a field is taken
 * off again (see csv_write_record).
 * An empty line is a record of one empty field, except at the end of the text,
 * where empty lines are not records. Fills *DOC (free it with csv_doc_free);
 * on failure *DOC is left empty and ERR says where, e.g.
 * "line 4, column 2: quoted field is not closed". */
mm_status csv_parse(const char *utf8, size_t n, csv_doc *doc, mm_error *err);

/* Frees everything csv_parse allocated and leaves DOC empty. Each record's
 * fields array and its strings are one allocation, owned by the document:
 * copy a string (xstrdup) to keep it, never free or realloc a single field. */
void csv_doc_free(csv_doc *doc);

/* Appends one record of N fields to OUT as RFC 4180 text ending in CRLF. A
 * field is quoted when it holds a comma, a quote, CR or LF, or starts or ends
 * with a space, tab or ideographic space; quotes inside are doubled. A record
 * of one empty field is written as "" so that it does not read back as an
 * empty line. A NULL field is written as an empty one. With the formula
 * guard on (the default), a field a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR, OWASP "CSV injection") is written with a
 * ' in front, unless it is a plain number such as -3 (whatever its column: a
 * spreadsheet reads it as the same number); a field that begins with ' before
 * such text ("'=x") gets one more ("''=x"). csv_parse takes exactly one '
 * off the same fields, so write -> parse gives back every field exactly.
 * Field text is never altered otherwise. */
void csv_write_record(buf *out, const char *const *fields, size_t n);

/* Formula guard for CSV meant for spreadsheets (OWASP "CSV injection"): on by
 * default; export prefixes ' to text cells a spreadsheet would run as a
 * formula and import removes it again (csv_write_record, csv_parse). Off
 * (--plain-csv) for the whole process: bytes are written and read as they
 * are, both ways. */
void csv_set_formula_guard(bool on);
bool csv_formula_guard(void);

#endif
