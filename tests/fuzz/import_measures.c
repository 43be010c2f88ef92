/* import_measures.c: a measures file of arbitrary bytes imported into a fresh copy
 * of the base database. */
#include "config.h"

#include "tests/fuzz/fuzz.h"

int fuzz_import_measures(const uint8_t *data, size_t size)
{
	return fuzz_import(IMPORT_MEASURES, data, size);
}

FUZZ_ENTRY(import_measures)
