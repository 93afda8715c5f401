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
} vctx;

/* Reports an error at PATH's value (or its key when AT_KEY). */
void verr(vctx *v, const char *path, int at_key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Reports an error at byte OFFSET inside the JSON string at PATH. */
void verr_in_string(vctx *v, const char *path, const char *str, size_t offset,
	const char *fmt, ...) __attribute__((format(printf, 5, 6)));

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
} field;

#define FIELD_END {NULL, 0, 0, 0, 0, NULL}

const char *json_type_word(const cJSON *j);
/* Levenshtein distance of A and B (99 for strings over 40 bytes), for
 * "did you mean" suggestions. */
size_t edit_distance(const char *a, const char *b);
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
