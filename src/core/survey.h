/* survey.h — the survey activity kind: each person answers a few questions
 * (a scale, one choice, several choices, free text) on a sheet of their own;
 * the results are counted across every person of the workshop and never
 * name anyone.
 *
 * Storage: a table definition with one column per question (scale and
 * choice store the option's value as a choice cell, multi the chosen values
 * as a flags cell, text a longtext cell); each person's sheet holds one row,
 * made on their first answer. Should two terminals make that row at the same
 * moment, the first row (by position) is the person's answers everywhere. */
#ifndef MAMORI_SURVEY_H
#define MAMORI_SURVEY_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "i18n.h"
#include "scenario.h"
#include "sheet.h"
#include "status.h"
#include "store.h"
#include "table.h"

#define SURVEY_MAX_OPTIONS 20
/* Results show only once this many people have answered. */
#define SURVEY_MIN_RESPONDENTS 3
#define SURVEY_CODE_LEN 6

typedef enum survey_qtype { SQ_SCALE, SQ_CHOICE, SQ_MULTI, SQ_TEXT } survey_qtype;

typedef struct survey_option {
	char *value; /* what is stored */
	lstr label;  /* what is shown */
} survey_option;

typedef struct survey_question {
	char *id;               /* also the id of its storage column */
	survey_qtype type;
	lstr text;
	survey_option *options; /* scale: the levels, best first */
	int noptions;
	bool required;
} survey_question;

/* One headline of the results: the share of a question's respondents who
 * chose any of some options ("満足 83%"). */
typedef struct survey_summary {
	int question;  /* index into questions */
	bool *on;      /* per option of that question: counted in */
	lstr label;    /* may hold {percent}, {count} and {total} */
} survey_summary;

typedef struct survey_def {
	survey_question *questions;
	int nquestions;
	survey_summary *summaries;
	int nsummaries;
	table_def *table; /* the storage; activity_id is the activity's id */
} survey_def;

/* The survey definition of ACT, or NULL when ACT is not a survey. */
const survey_def *survey_of(const activity *act);
const char *survey_qtype_name(survey_qtype t);

/* COUNT as a percentage of TOTAL, rounded half up (25 of 30 is 83); 0 when
 * TOTAL is 0. */
int survey_percent(int count, int total);

typedef struct survey_qresult {
	int answered; /* respondents who answered this question: the denominator */
	int *counts;  /* per option: how many chose it */
	double mean;  /* scale: the mean, best level = noptions points, last = 1 */
	char **texts; /* text: the answers, sorted by their text, without names */
	int ntexts;
} survey_qresult;

typedef struct survey_headline {
	int count;   /* respondents of the question who chose a counted option */
	int total;   /* respondents of the question */
	int percent;
} survey_headline;

typedef struct survey_result {
	int respondents; /* people who answered at least one question */
	int people;      /* people in the workshop */
	int nquestions;
	survey_qresult *q;      /* per question */
	int nheadlines;
	survey_headline *headlines; /* per summary */
	bool hidden; /* fewer than SURVEY_MIN_RESPONDENTS: only respondents and
	              * people are filled in, every count is 0 */
} survey_result;

/* Counts the answers of every person of the workshop to survey ACT; with
 * fewer than SURVEY_MIN_RESPONDENTS respondents the result is hidden.
 * Unanswered questions are left out of that question's denominator; a multi
 * question's percentages are of the people who answered it, so they may add
 * up to more than 100. *OUT is filled (free it with survey_result_free) even
 * when this fails. */
mm_status survey_results(store *st, const activity *act, survey_result *out, mm_error *err);
void survey_result_free(survey_result *r);

/* Headline K in the current language: the summary's label with {percent}
 * ("83%"), {count} and {total} filled in, or "LABEL 83%" when the label has
 * no {percent}. */
void survey_headline_text(const survey_def *d, const survey_result *r, int k, char *out,
	size_t n);
/* The same, appended to OUT whole. */
void survey_headline_buf(const survey_def *d, const survey_result *r, int k, buf *out);

/* The index of PERSON's answer row in S (a sheet of the survey's storage):
 * 0 when there is one, -1 before the first answer. */
int survey_row(const sheet *s);

/* Answers question QID for PERSON as they would type it: an option's value,
 * its label in either language or its number in the list (for multi several,
 * separated by ',' '、' or '・'), any text for a text question; "" clears.
 * Makes the person's sheet and row on the first answer. Permissions are the
 * sheet's: a group terminal answers only for its own members, and once a
 * person has answered, only on the terminal that holds their answers (it made
 * the first answer, or was given the person's code: survey_unlock). */
mm_status survey_answer(store *st, const activity *act, int64_t person, const char *qid,
	const char *input, mm_error *err);

/* PERSON's code for survey ACT, made (a short random string) on the first
 * request; the facilitator's terminal only (MM_EDENIED elsewhere). It is
 * handed to the person, who types it on a group's terminal to see or change
 * their answers (survey_unlock). *OUT is malloc'd. */
mm_status survey_code(store *st, const activity *act, int64_t person, char **out,
	mm_error *err);
/* Checks CODE (blanks, '-' and case ignored) against PERSON's code; when it
 * is theirs this terminal holds their answers (store_hold) until someone
 * else is chosen, else MM_EUSER. */
mm_status survey_unlock(store *st, const activity *act, int64_t person, const char *code,
	mm_error *err);

/* The survey's results as FORMAT:
 *   "csv"  one line per respondent, in an order that says nothing about who
 *          (sorted by the answers), no names; the header is the question
 *          texts and options are written by label, in the current language;
 *   "md"   the results report: headlines, then each question with the count
 *          and percentage of every option, and the free-text answers.
 * S is not used (the results span every person's sheet) and may be NULL.
 * An unknown format is MM_EUSER naming the formats there are. */
mm_status survey_export(const activity *act, store *st, sheet *s, const char *format, buf *out,
	mm_error *err);

#endif
