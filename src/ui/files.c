/* files.c — what the views write to and read from files, in one place:
 * a new file is never written over an existing one, nor left half written
 * (core's outfile, the writer the command line uses too). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "outfile.h"
#include "ui.h"

bool ui_write_new(const char *stem, const char *ext, const buf *data, buf *path)
{
	char *clean = xstrdup(stem);
	for (char *p = clean; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	mm_error err;
	bool ok = outfile_write_new(clean, ext, buf_str(data), data->len, path, &err) == MM_OK;
	free(clean);
	return ok;
}

void ui_export(app *a, const char *activity_id, const char *owner, const char *ext,
	const buf *data)
{
	buf stem = {0}, path = {0};
	buf_printf(&stem, "%s-%s", activity_id, owner);
	/* a CSV opened in Japanese Excel needs the BOM to be read as UTF-8 */
	buf withbom = {0};
	if (strcmp(ext, "csv") == 0) {
		buf_puts(&withbom, "\xEF\xBB\xBF");
		buf_append(&withbom, buf_str(data), data->len);
		data = &withbom;
	}
	bool ok = ui_write_new(buf_str(&stem), ext, data, &path);
	buf_free(&withbom);
	if (ok)
		app_message(a, false, tr(M_EXPORTED), buf_str(&path));
	else
		app_message(a, true, "%s: %s", buf_str(&path), tr(M_UI_FILE_CANNOT_WRITE));
	buf_free(&stem);
	buf_free(&path);
}

char *ui_read_file(app *a, const char *path, size_t *n)
{
	char *data = file_read_all(path, (size_t)256 << 20, n);
	if (!data)
		app_message(a, true, "%s: %s", path, tr(M_UI_FILE_CANNOT_READ));
	return data;
}

void activity_view_title(app *a, view *v, buf *out)
{
	(void)a;
	char label[32];
	session_label(v->act->session, label, sizeof label);
	buf_printf(out, "%s  %s", label, L(&v->act->title));
}
