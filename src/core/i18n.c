#include "i18n.h"

#include <string.h>

static lang current = LANG_JA;

static const char *const catalog[MSG_COUNT][2] = {
#define MSG(id, ja, en) [id] = {ja, en},
#include "messages.def"
#undef MSG
};

void i18n_set_lang(lang l)
{
	current = l;
}

lang i18n_lang(void)
{
	return current;
}

int i18n_parse(const char *s)
{
	if (!s)
		return -1;
	if (strcmp(s, "ja") == 0)
		return LANG_JA;
	if (strcmp(s, "en") == 0)
		return LANG_EN;
	return -1;
}

const char *tr(msg_id id)
{
	return tr_in(current, id);
}

const char *tr_in(lang l, msg_id id)
{
	if ((unsigned)id >= MSG_COUNT)
		return "?";
	return catalog[id][l];
}

const char *L(const lstr *s)
{
	if (!s || !s->ja)
		return "";
	if (current == LANG_EN && s->en && *s->en)
		return s->en;
	return s->ja;
}
