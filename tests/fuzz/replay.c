/* replay.c: the fuzz targets without libFuzzer, for make check.  Every file
 * under the directories given (tests/fuzz/corpus/TARGET/ and
 * tests/fuzz/regress/TARGET/, TARGET naming the target) is run through its
 * target once; a crash, a sanitizer's report or a leak fails the test (the
 * sanitizer build of .ci/run finds the last two).  Output is TAP: one line a
 * directory. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/fuzz/fuzz.h"

static const struct {
	const char *name;
	int (*fn)(const uint8_t *, size_t);
} targets[] = {
	{ "csv", fuzz_csv },
	{ "import_measures", fuzz_import_measures },
	{ "import_contracts", fuzz_import_contracts },
	{ "import_commitments", fuzz_import_commitments },
	{ "import_returns", fuzz_import_returns },
	{ "import_highlights", fuzz_import_highlights },
	{ "import_answers", fuzz_import_answers },
	{ "parse", fuzz_parse },
	{ "ini", fuzz_ini },
	{ "report", fuzz_report },
	{ "desk", fuzz_desk },
	{ "report_pdf", fuzz_report_pdf },
};

static int (*target_of(const char *dir))(const uint8_t *, size_t)
{
	const char *base = strrchr(dir, '/');
	size_t len;

	base = base != NULL ? base + 1 : dir;
	len = strlen(base);
	while (len > 0 && base[len - 1] == '/')
		len--;
	for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++)
		if (strlen(targets[i].name) == len && strncmp(targets[i].name, base, len) == 0)
			return targets[i].fn;
	return NULL;
}

static int read_file(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	struct stat st;

	*data = NULL;
	*size = 0;
	if (f == NULL || fstat(fileno(f), &st) != 0) {
		if (f != NULL)
			fclose(f);
		return -1;
	}
	*data = malloc((size_t)st.st_size + 1);
	if (*data == NULL || fread(*data, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		fclose(f);
		free(*data);
		return -1;
	}
	*size = (size_t)st.st_size;
	fclose(f);
	return 0;
}

static int names_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run every file of dir (in name order, so that runs are alike); the number
 * run, or -1 when dir cannot be read. */
static long replay_dir(const char *dir, int (*fn)(const uint8_t *, size_t))
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, path[4096];
	size_t n = 0, cap = 0;
	long done = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof *names);
			if (names == NULL)
				abort();
		}
		names[n] = strdup(e->d_name);
		if (names[n++] == NULL)
			abort();
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, names_cmp);
	for (size_t i = 0; i < n; i++) {
		uint8_t *data;
		size_t size;

		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (read_file(path, &data, &size) == 0) {
			fn(data, size);
			free(data);
			done++;
		} else {
			fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
			done = -1;
		}
		free(names[i]);
		if (done < 0) {
			for (size_t j = i + 1; j < n; j++)
				free(names[j]);
			break;
		}
	}
	free(names);
	return done;
}

int main(int argc, char **argv)
{
	int failed = 0;

	printf("1..%d\n", argc - 1);
	for (int i = 1; i < argc; i++) {
		int (*fn)(const uint8_t *, size_t) = target_of(argv[i]);
		long n = fn != NULL ? replay_dir(argv[i], fn) : -1;

		if (n < 0) {
			printf("not ok %d - %s: %s\n", i, argv[i],
			       fn == NULL ? "no target of that name" : "cannot read it");
			failed = 1;
		} else {
			/* reaching here is the test: a crash ends the program */
			printf("ok %d - %s: %ld inputs ran\n", i, argv[i], n);
		}
		fflush(stdout);
	}
	return failed;
}
