/* document.h — the document activity kind: a structured document a group
 * writes section by section (an ISMS procedure, an incident response plan in
 * a quick or a baseline variant, a responder manual). Each section has
 * guidance (what to write) and may have starter text (a template with
 * blanks to fill in). A document either has one list of sections, or
 * variants, each with its own sections, of which every group chooses one.
 *
 * Storage: one table of two columns, `section` (the row's key) and `text`
 * (longtext). Each section's text is a row keyed by the section id, or by
 * "VARIANT:SECTION" in a document with variants, so switching variants keeps
 * every text; the chosen variant is the `text` of the row keyed "@variant".
 * Every write goes through sheet_set, so history, undo, live updates,
 * conflicts and permissions are the sheet's. */
#ifndef MAMORI_DOCUMENT_H
#define MAMORI_DOCUMENT_H

#include <stdbool.h>

#include "buf.h"
#include "i18n.h"
#include "scenario.h"
#include "sheet.h"
#include "status.h"

#define DOCUMENT_VARIANT_KEY "@variant"
#define DOCUMENT_COL_SECTION 0
#define DOCUMENT_COL_TEXT 1

typedef struct doc_section {
	char *id;
	lstr title;
	lstr guidance; /* what to write; shown beside the editor */
	lstr starter;  /* the text an empty section starts with (may be unset) */
	bool required; /* true unless the scenario says "required": false */
	char *drill;   /* a drill activity whose timeline is shown beside it, or NULL */
} doc_section;

typedef struct doc_variant {
	char *id;      /* "" in a document without variants */
	lstr title;
	lstr description;
	doc_section *sections;
	int nsections;
} doc_variant;

typedef struct document_def {
	char *activity_id;
	lstr title;
	bool has_variants; /* false: variants[0] is the document's one list */
	doc_variant *variants;
	int nvariants;
	table_def *table; /* the storage */
} document_def;

/* The definition of a document activity (NULL for another kind). */
const document_def *document_of(const activity *act);

/* Is TEXT written for SEC: has it a line that is neither blank nor one of
 * the starter's lines as they were (their （　） still empty), in either
 * language, blanks and full-width spaces left out of the comparison? */
bool document_section_complete(const doc_section *sec, const char *text);

/* The variant S has chosen: its index, or -1 when none is chosen yet. */
int document_chosen_variant(const document_def *d, const sheet *s);
/* The variant shown and counted: the chosen one, else the first. */
int document_variant(const document_def *d, const sheet *s);

/* The row key of a section: "SECTION" or "VARIANT:SECTION". */
void document_section_key(const document_def *d, int variant, int section, char *out,
	size_t n);
/* The row index in S holding a section's text, or -1 if there is none yet. */
int document_row(const document_def *d, const sheet *s, int variant, int section);
/* The stored text of a section ("" when none). */
const char *document_text(const document_def *d, const sheet *s, int variant, int section);

typedef struct doc_progress {
	int variant;           /* the variant counted */
	int done, total;       /* sections complete / all sections */
	int req_done, req_total; /* the same for required sections */
} doc_progress;
/* Counts the complete sections of the variant shown. The document is
 * finished when req_done == req_total. */
doc_progress document_progress(const document_def *d, const sheet *s);

/* Saves TEXT as a section's text (checked as a longtext cell), creating its
 * row if the sheet has none. EXPECTED is the version the editor started
 * from (as sheet_set; < 0 overwrites); on MM_ECONFLICT *CONFLICT holds the
 * other terminal's text. */
mm_status document_set_text(store *st, sheet *s, const document_def *d, int variant,
	int section, const char *text, int expected, sheet_conflict *conflict, sheet_history *h,
	mm_error *err);
/* The version of a section's cell (0 when never written). */
int document_version(const document_def *d, const sheet *s, int variant, int section);
/* Chooses variant V (an index) for S; the texts of every variant stay. */
mm_status document_choose_variant(store *st, sheet *s, const document_def *d, int v,
	sheet_history *h, mm_error *err);

/* The document as "md" (a "# title", the variant and progress, then a "##"
 * heading and the text of each section of the variant shown; incomplete
 * sections marked) or "csv" (section, title, text, complete); in the current
 * language. An unknown format is MM_EUSER naming the formats. */
mm_status document_export(const activity *act, store *st, sheet *s, const char *format,
	buf *out, mm_error *err);

#endif
