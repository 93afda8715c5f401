#include "vstate.h"

#include <stdlib.h>
#include <string.h>

void vstate_int(buf *out, const char *key, long long v)
{
	buf_printf(out, "%s=%lld\n", key, v);
}

void vstate_str(buf *out, const char *key, const char *v)
{
	buf_printf(out, "%s=", key);
	for (const char *p = v ? v : ""; *p; p++) {
		if (*p == '\n')
			buf_puts(out, "\\n");
		else if (*p == '\r')
			buf_puts(out, "\\r");
		else if (*p == '\\')
			buf_puts(out, "\\\\");
		else
			buf_putc(out, *p);
	}
	buf_putc(out, '\n');
}

/* The raw value of KEY (up to the end of its line), or NULL. */
static const char *find(const char *rec, const char *key, size_t *len)
{
	size_t kl = strlen(key);
	for (const char *p = rec ? rec : ""; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n > kl && strncmp(p, key, kl) == 0 && p[kl] == '=') {
			*len = n - kl - 1;
			return p + kl + 1;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return NULL;
}

long long vstate_get_int(const char *rec, const char *key, long long dflt)
{
	size_t n;
	const char *v = find(rec, key, &n);
	if (!v || !n)
		return dflt;
	char tmp[32];
	if (n >= sizeof tmp)
		return dflt;
	memcpy(tmp, v, n);
	tmp[n] = '\0';
	char *end;
	long long x = strtoll(tmp, &end, 10);
	return *end ? dflt : x;
}

bool vstate_get_str(const char *rec, const char *key, buf *out)
{
	buf_clear(out);
	size_t n;
	const char *v = find(rec, key, &n);
	if (!v)
		return false;
	for (size_t k = 0; k < n; k++) {
		if (v[k] == '\\' && k + 1 < n) {
			k++;
			buf_putc(out, v[k] == 'n' ? '\n' : v[k] == 'r' ? '\r' : v[k]);
		} else {
			buf_putc(out, v[k]);
		}
	}
	return true;
}
