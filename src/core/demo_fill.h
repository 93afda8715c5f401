/* demo_fill.h — the demo workshop in progress: sessions 1–6 worked by the
 * five groups (IT inventory, risks and investments, the 10 threats, the
 * ISMS procedure, the asset ledger, the risk table, the self-check, the
 * problem board) and the participant survey answered, read from the data
 * file data/demo-fill.json built into the binary; and expert visits for one
 * company of each group (visits_demo_fill and visits_demo_fill_others,
 * visits.h: the first with visits 1–4 and its own steps below, three more
 * with visits 1–4, one with visit 1 and its plan).
 *
 * Every value is written through the calls a group's terminal uses
 * (sheet_insert_many and checklist_import_csv as `mamori import` does,
 * sheet_set,
 * document_set_text, board_add,
 * board_vote, board_address, survey_answer) with the store's role set to the
 * group that owns the sheet, so each write is in `change` as "group:N" and
 * history, versions, progress and exports look like real use. Values are
 * what a person would type (a choice's value or label, a ref by its row's
 * label) and go through column_parse like typed input. Deterministic: the
 * same file gives the same demo.
 *
 * The data file's shape ("format": "mamori-demo-fill/1"):
 *   groups[]: {"group": "1", "steps": [STEP...]} in program order, where STEP
 *     is one of (the activity's kind must fit):
 *     {"activity": ID, "columns": [COL...], "rows": [[VALUE...]...]}
 *         table rows appended, VALUE a string, number or array (flags);
 *     {"activity": ID, "match": COL, "columns": [...], "rows": [...]}
 *         the row whose MATCH cell equals the row's MATCH value (a seed row)
 *         gets the other values;
 *     {"activity": ID, "companies": ["yypn-u..."...]}
 *         a checklist answered per company of the group (in roster order),
 *         one mark per item: y yes, p partly, n no, u unknown, - unanswered;
 *     {"activity": ID, "variant": V, "sections": {SECTION: TEXT...}}
 *         a document's sections written (variant chosen when given);
 *     {"activity": ID, "notes": [{"lane", "text", "by", "votes", "to"}...]}
 *         board notes by the group's person BY (0-based, roster order),
 *         voted by the persons VOTES, addressed to the company TO.
 *   visits: {"company": NAME, "steps": [STEP...]}: visits 1–4 of one company
 *     (visits_demo_fill), then STEPs as above, where a document of the
 *     company's (the next year's plan) is the company's;
 *   survey: {"activity": ID, "questions": [QID...], "people": [[INPUT...]...]}
 *     one line per person of the workshop in roster order ("" unanswered),
 *     each answered on that person's group's terminal. */
#ifndef MAMORI_DEMO_FILL_H
#define MAMORI_DEMO_FILL_H

#include <stddef.h>

#include "status.h"
#include "store.h"

#define DEMO_FILL_FILE "data/demo-fill.json"

/* Fills the demo workshop (made by demo_populate) from the bundled data
 * file. All the writes succeed or the first failure is returned with where
 * in the data it happened. Leaves the store's role as the facilitator's and
 * holds no person's private sheet. */
mm_status demo_fill(store *st, mm_error *err);
/* The same from TEXT (N bytes) in the data file's format; NAME names it in
 * messages. */
mm_status demo_fill_text(store *st, const char *name, const char *text, size_t n,
	mm_error *err);

#endif
