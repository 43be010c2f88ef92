/* fuzz_csv.c: the CSV reader over arbitrary bytes, from memory and from a
 * stream, with the header mapped against a kind's columns. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "svdesk/csv.h"
#include "tests/fuzz/fuzz.h"

static const csv_col cols[] = {
	{ "contract", 1 }, { "quarter", 1 }, { "measure", 1 }, { "delivered", 1 },
	{ "evidence", 0 }, { "submitted", 0 }, { "status", 0 }, { "validated", 0 },
};

static void on_problem(void *ctx, long line, long column, const char *msg)
{
	int *n = ctx;

	/* a problem has a real position and a message */
	if (line < 1 || column < 1 || msg == NULL || msg[0] == '\0')
		__builtin_trap();
	(*n)++;
}

static void read_all(csv_reader *r)
{
	csv_row *row;
	sv_err e = { 0 };
	int rc, first = 1, problems = 0;
	int map[sizeof cols / sizeof cols[0]];
	long records = 0;

	while ((rc = csv_next(r, &row, &e)) != 0) {
		if (rc < 0) {
			const csv_fault *f = csv_last_fault(r);

			if (f == NULL || f->line < 1 || e.msg[0] == '\0')
				__builtin_trap();
			continue;
		}
		for (size_t i = 0; i < row->n; i++)
			if (strlen(row->fields[i].text) != row->fields[i].len)
				__builtin_trap();
		if (first)
			csv_header_map(row, cols, sizeof cols / sizeof cols[0], map, on_problem,
				       &problems);
		first = 0;
		/* a reader that never ends would hang the fuzzer: more records
		 * than bytes is a fault of its own */
		if (++records > 1000000)
			__builtin_trap();
	}
}

int fuzz_csv(const uint8_t *data, size_t size)
{
	csv_reader *r;
	FILE *f;

	r = csv_open_mem((const char *)data, size, "fuzz.csv");
	if (r != NULL) {
		read_all(r);
		csv_free(&r);
	}
	/* the stream reader has its own buffering: the same bytes through it */
	f = size > 0 ? fmemopen((void *)(uintptr_t)data, size, "r") : fopen("/dev/null", "r");
	if (f != NULL) {
		r = csv_open(f, "-");
		if (r != NULL) {
			read_all(r);
			csv_free(&r);
		}
		fclose(f);
	}
	return 0;
}

FUZZ_ENTRY(csv)
