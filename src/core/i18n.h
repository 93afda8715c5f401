/* i18n.h — the interface string catalog (Japanese first, English second) and
 * localized scenario strings. One catalog, selected by --lang or MAMORI_LANG,
 * so the language never depends on which locales a server has generated. */
#ifndef MAMORI_I18N_H
#define MAMORI_I18N_H

typedef enum lang { LANG_JA = 0, LANG_EN = 1 } lang;

typedef enum msg_id {
#define MSG(id, ja, en) id,
#include "messages.def"
#undef MSG
	MSG_COUNT
} msg_id;

void i18n_set_lang(lang l);
lang i18n_lang(void);
/* "ja" or "en" to a lang; returns -1 for anything else. */
int i18n_parse(const char *s);
const char *tr(msg_id id);
/* The text of ID in language L, whatever the current language is. */
const char *tr_in(lang l, msg_id id);

/* A user-visible string of a scenario: ja is always present, en may be NULL. */
typedef struct lstr {
	char *ja;
	char *en;
} lstr;

/* The text in the current language, falling back to Japanese; "" if unset. */
const char *L(const lstr *s);

#endif
