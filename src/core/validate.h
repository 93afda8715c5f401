/* validate.h — the scenario validator's shared machinery (internal to core):
 * error reporting with positions, JSON paths and field specs. */
#ifndef MAMORI_VALIDATE_H
#define MAMORI_VALIDATE_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "i18n.h"
#include "jsonpos.h"

typedef struct vctx {
	const char *name;
	jsonpos pos;
	buf *errs;
	int nerrs;
	/* ids seen, for duplicate checks: "kind\x1fid" -> path */
	char **seen_ids;
	char **seen_paths;
	size_t nseen;
	/* the source (NULL: no source lines, positions as found) and the
	 * SCENARIO_* flags of scenario_validate_file */
	const char *text;
	size_t len;
	unsigned flags;
	int nwarns;
} vctx;

/* Reports an error at PATH's value (or its key when AT_KEY). */
void verr(vctx *v, const char *path, int at_key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Reports an error at byte OFFSET inside the JSON string at PATH. */
void verr_in_string(vctx *v, const char *path, const char *str, size_t offset,
	const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Reports a warning at PATH's value (only with SCENARIO_WARNINGS; does not
 * make the file invalid). */
void vwarn(vctx *v, const char *path, int at_key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Reports an error at LINE:COL (characters, 1-based). */
void verr_at(vctx *v, int line, int col, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Column COL (characters) of line LINE of the source as a byte column. */
int vbyte_column(const vctx *v, int line, int col);
/* The line:column of byte OFFSET of the decoded JSON string at PATH, walking
 * its escapes in the source. */
void vpos_in_string(vctx *v, const char *path, const char *str, size_t offset,
	int *line, int *col);

typedef struct jpath {
	char s[256];
} jpath;
jpath sub_key(const char *base, const char *key);
jpath sub_index(const char *base, size_t i);

typedef enum ftype { F_STRING, F_ID, F_LSTR, F_INT, F_NUM, F_BOOL, F_ARRAY, F_OBJECT, F_ENUM,
	F_ANY } ftype;

typedef struct field {
	const char *name;
	ftype type;
	bool required;
	int min, max;              /* F_INT */
	const char *const *values; /* F_ENUM, NULL-terminated */
	msg_id what; /* F_ENUM: what a value names, for messages (0: the key) */
} field;

#define FIELD_END {NULL, 0, 0, 0, 0, NULL}

const char *json_type_word(const cJSON *j);
bool check_lstr(vctx *v, const cJSON *j, const char *p);
/* Checks OBJ against FIELDS: unknown keys (with a suggestion), missing
 * required keys, types. */
bool check_object(vctx *v, const cJSON *obj, const char *p, const field *fields);

void read_lstr(const cJSON *obj, const char *key, lstr *out);
void lstr_from_json(const cJSON *j, lstr *out);
void free_lstr(lstr *s);
char *read_str(const cJSON *obj, const char *key);
int read_int(const cJSON *obj, const char *key);

#endif
