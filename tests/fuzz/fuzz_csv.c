/* fuzz_csv.c — libFuzzer target for CSV import and export.
 * Any bytes: csv_decode, then csv_parse; every record written back with
 * csv_write_record must parse to the same records, field for field and line
 * for line. The decoded text must also survive csv_encode as UTF-8 with a BOM
 * and csv_decode again unchanged. Aborts on any mismatch. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void mismatch(const char *what, size_t rec, size_t field)
{
	fprintf(stderr, "fuzz_csv: %s differs at record %zu, field %zu\n", what, rec, field);
	abort();
}

static void check_bom_round_trip(const char *text, size_t len)
{
	char *enc, *back;
	size_t encn, backn;
	csv_encoding e;
	mm_error err;
	if (csv_encode(text, len, CSV_UTF8_BOM, &enc, &encn, &err) != MM_OK)
		mismatch("csv_encode of decoded text failed", 0, 0);
	if (csv_decode(enc, encn, &back, &backn, &e, &err) != MM_OK)
		mismatch("csv_decode of UTF-8 with BOM failed", 0, 0);
	if (e != CSV_UTF8_BOM || backn != len || memcmp(back, text, len) != 0)
		mismatch("UTF-8 BOM round trip", 0, 0);
	free(back);
	free(enc);

	/* CP932 may refuse characters; it must not crash or leak */
	if (csv_encode(text, len, CSV_CP932, &enc, &encn, &err) == MM_OK)
		free(enc);
	else if (err.msg[0] == '\0')
		mismatch("csv_encode error without a message", 0, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;
	size_t len;
	csv_encoding enc;
	mm_error err = {0};
	if (csv_decode((const char *)data, size, &text, &len, &enc, &err) != MM_OK) {
		if (err.msg[0] == '\0')
			mismatch("csv_decode error without a message", 0, 0);
		return 0;
	}
	if (strlen(text) != len)
		mismatch("decoded length", 0, 0);
	check_bom_round_trip(text, len);

	csv_doc doc;
	if (csv_parse(text, len, &doc, &err) != MM_OK) {
		if (err.msg[0] == '\0' || doc.nrecords != 0 || doc.records != NULL)
			mismatch("failed csv_parse", 0, 0);
		free(text);
		return 0;
	}

	buf out = {0};
	for (size_t i = 0; i < doc.nrecords; i++)
		csv_write_record(&out, (const char *const *)doc.records[i].fields,
			doc.records[i].nfields);

	csv_doc again;
	if (csv_parse(buf_str(&out), out.len, &again, &err) != MM_OK) {
		fprintf(stderr, "fuzz_csv: written text does not parse: %s\n", err.msg);
		abort();
	}
	if (again.nrecords != doc.nrecords) {
		fprintf(stderr, "fuzz_csv: %zu records read back as %zu\n", doc.nrecords,
			again.nrecords);
		abort();
	}
	for (size_t i = 0; i < doc.nrecords; i++) {
		const csv_record *a = &doc.records[i], *b = &again.records[i];
		if (a->nfields != b->nfields)
			mismatch("field count", i, 0);
		if (a->line != b->line)
			mismatch("line", i, 0);
		for (size_t k = 0; k < a->nfields; k++)
			if (strcmp(a->fields[k], b->fields[k]) != 0)
				mismatch("field", i, k);
	}

	csv_doc_free(&again);
	csv_doc_free(&doc);
	buf_free(&out);
	free(text);
	return 0;
}
