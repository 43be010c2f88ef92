/* import_commitments.c: a commitments file of arbitrary bytes imported into a fresh copy
 * of the base database. */
#include "config.h"

#include "tests/fuzz/fuzz.h"

int fuzz_import_commitments(const uint8_t *data, size_t size)
{
	return fuzz_import(IMPORT_COMMITMENTS, data, size);
}

FUZZ_ENTRY(import_commitments)
