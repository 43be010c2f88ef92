/* fuzz.h: what the fuzz targets share.
 *
 * Each target is one function, fuzz_NAME(data, size), that feeds the bytes
 * to one part of svdesk and returns 0.  Built for libFuzzer (make fuzz,
 * SV_LIBFUZZER defined) a target file also defines LLVMFuzzerTestOneInput;
 * built by make check, the same functions are linked into tests/fuzz/replay,
 * which runs the corpus and the regression inputs through them.  A target
 * must be deterministic and free everything it allocates. */
#ifndef SVDESK_FUZZ_H
#define SVDESK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "svdesk/db.h"
#include "svdesk/import.h"

int fuzz_csv(const uint8_t *data, size_t size);
int fuzz_import_measures(const uint8_t *data, size_t size);
int fuzz_import_contracts(const uint8_t *data, size_t size);
int fuzz_import_commitments(const uint8_t *data, size_t size);
int fuzz_import_returns(const uint8_t *data, size_t size);
int fuzz_import_highlights(const uint8_t *data, size_t size);
int fuzz_import_answers(const uint8_t *data, size_t size);
int fuzz_parse(const uint8_t *data, size_t size);
int fuzz_ini(const uint8_t *data, size_t size);
int fuzz_report(const uint8_t *data, size_t size);
int fuzz_desk(const uint8_t *data, size_t size);
int fuzz_report_pdf(const uint8_t *data, size_t size);

/* ---- helpers (fuzz_common.c) ---------------------------------------------- */

/* The fixed environment every target runs in (SVDESK_NOW, TZ, the locale),
 * and a private directory removed at exit.  Called by every helper below;
 * cheap after the first call. */
void fuzz_setup(void);
const char *fuzz_dir(void);

/* The bytes as a NUL-terminated string (malloc'd; aborts when out of
 * memory, which is not a finding). */
char *fuzz_str(const uint8_t *data, size_t size);

/* Write the bytes to a file of the private directory; its path. */
const char *fuzz_write_file(const char *name, const uint8_t *data, size_t size);

/* A fresh copy of a base database, opened as actor "fuzz" with origin
 * origin: demo 0 the catalogue, two contracts, their commitments and
 * returns (tests/data/good); demo 1 a small demo database.  Each base is
 * built once per process; each call copies it, so that no run sees what an
 * earlier one wrote. */
#define FUZZ_DEMO_CONTRACTS 12
svdb *fuzz_db_open(int demo, const char *origin);

/* Import the bytes as a file of kind k into a fresh base database. */
int fuzz_import(enum import_kind k, const uint8_t *data, size_t size);

/* The input read as a stream of choices: fuzz_byte the next byte (0 once
 * the input is used up), fuzz_u16 the next two, big-endian. */
typedef struct fuzz_bytes {
	const uint8_t *p;
	size_t n;
} fuzz_bytes;

unsigned fuzz_byte(fuzz_bytes *b);
unsigned fuzz_u16(fuzz_bytes *b);

/* "Today" for every target: the demo's date. */
#define FUZZ_TODAY "2026-11-27"

#ifdef SV_LIBFUZZER
#define FUZZ_ENTRY(name)                                                        \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);           \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)            \
	{                                                                       \
		return fuzz_##name(data, size);                                 \
	}
#else
#define FUZZ_ENTRY(name)
#endif

#endif
