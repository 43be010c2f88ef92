/* test_progress.c: the progress line: what it says, how often it is
 * drawn (a fake clock), that it is erased, that it is off when asked,
 * and when it is wanted (a pipe, one terminal, two terminals). */
#include "config.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "svdesk/progress.h"

#define ERASE "\r\033[K"

static double fake_now;

static double fake_clock(void)
{
	return fake_now;
}

/* Start p on a fresh temporary file with the fake clock at 0. */
static FILE *start(progress *p, const char *label, const char *unit, int64_t scale,
		   int64_t total)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	fake_now = 0;
	progress_start(p, f, label, unit, scale, total);
	p->clock = fake_clock;
	p->t0 = p->last = fake_clock();
	return f;
}

/* Everything written to f so far (a static buffer). */
static const char *written(FILE *f)
{
	static char buf[4096];
	long end;
	size_t n;

	fflush(f);
	end = ftell(f);
	rewind(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fseek(f, end, SEEK_SET);
	return buf;
}

static void test_rows_with_a_total(void **state)
{
	progress p;
	FILE *f = start(&p, "export audit", "rows", 1, 1000);

	(void)state;
	progress_update(&p, 0);
	assert_string_equal(written(f), ERASE "svdesk: export audit: 0 of 1000 rows (0%), 0 rows/s");
	fake_now = 0.5;
	progress_update(&p, 250);
	assert_string_equal(written(f), ERASE "svdesk: export audit: 0 of 1000 rows (0%), 0 rows/s"
			    ERASE "svdesk: export audit: 250 of 1000 rows (25%), 500 rows/s");
	progress_end(&p);
	assert_string_equal(written(f), ERASE "svdesk: export audit: 0 of 1000 rows (0%), 0 rows/s"
			    ERASE "svdesk: export audit: 250 of 1000 rows (25%), 500 rows/s" ERASE);
	fclose(f);
}

static void test_throttled(void **state)
{
	progress p;
	FILE *f = start(&p, "demo", "contracts", 1, 100);
	size_t len;

	(void)state;
	progress_update(&p, 1);
	len = strlen(written(f));
	/* within PROGRESS_EVERY of the last drawing: nothing new */
	for (int i = 2; i <= 20; i++) {
		fake_now = 0.01 * i;
		progress_update(&p, i);
	}
	assert_int_equal(strlen(written(f)), len);
	fake_now = PROGRESS_EVERY + 0.01;
	progress_update(&p, 30);
	assert_non_null(strstr(written(f), "svdesk: demo: 30 of 100 contracts (30%)"));
	len = strlen(written(f));
	fake_now += PROGRESS_EVERY / 2;
	progress_update(&p, 40);
	assert_int_equal(strlen(written(f)), len);
	fake_now += PROGRESS_EVERY;
	progress_update(&p, 50);
	assert_non_null(strstr(written(f), "50 of 100 contracts (50%)"));
	progress_end(&p);
	fclose(f);
}

static void test_megabytes_and_no_total(void **state)
{
	progress p;
	FILE *f = start(&p, "import returns", "MB", 1000000, 4000000);

	(void)state;
	fake_now = 2;
	progress_update(&p, 3000000);
	assert_string_equal(written(f),
			    ERASE "svdesk: import returns: 3.0 of 4.0 MB (75%), 1.5 MB/s");
	progress_end(&p);
	fclose(f);

	f = start(&p, "import returns", "MB", 1000000, 0);
	fake_now = 4;
	progress_update(&p, 2500000);
	assert_string_equal(written(f), ERASE "svdesk: import returns: 2.5 MB, 0.6 MB/s");
	progress_set_total(&p, 5000000);
	fake_now = 5;
	progress_update(&p, 6000000);   /* past a total that was too small */
	assert_non_null(strstr(written(f), "6.0 of 5.0 MB (100%), 1.2 MB/s"));
	progress_end(&p);
	fclose(f);
}

static void test_clear_and_draw_again(void **state)
{
	progress p;
	FILE *f = start(&p, "import", "MB", 1000000, 0);
	size_t len;

	(void)state;
	progress_clear(&p);                   /* nothing shown: nothing to erase */
	assert_string_equal(written(f), "");
	progress_update(&p, 1000000);
	progress_clear(&p);
	fputs("a fault\n", f);
	assert_string_equal(written(f), ERASE "svdesk: import: 1.0 MB, 0.0 MB/s" ERASE "a fault\n");
	progress_clear(&p);                   /* erased once only */
	len = strlen(written(f));
	assert_int_equal(len, strlen(ERASE "svdesk: import: 1.0 MB, 0.0 MB/s" ERASE "a fault\n"));
	fake_now = 1;
	progress_update(&p, 2000000);
	assert_string_equal(written(f) + len, ERASE "svdesk: import: 2.0 MB, 2.0 MB/s");
	progress_end(&p);
	progress_end(&p);                     /* a second end writes nothing */
	assert_string_equal(written(f) + len, ERASE "svdesk: import: 2.0 MB, 2.0 MB/s" ERASE);
	/* after the end, updates are not drawn */
	fake_now = 10;
	progress_update(&p, 3000000);
	assert_string_equal(written(f) + len, ERASE "svdesk: import: 2.0 MB, 2.0 MB/s" ERASE);
	fclose(f);
}

static void test_off(void **state)
{
	progress p;

	(void)state;
	progress_start(&p, NULL, "export audit", "rows", 1, 10);
	progress_update(&p, 5);
	progress_clear(&p);
	progress_end(&p);
	assert_int_equal(p.drawn, 0);
	assert_int_equal(p.shown, 0);
}

static void test_long_label_cut(void **state)
{
	char label[300];
	progress p;
	FILE *f;

	(void)state;
	memset(label, 'x', sizeof label - 1);
	label[sizeof label - 1] = '\0';
	f = start(&p, label, "rows", 1, 0);
	progress_update(&p, 7);
	assert_int_equal(strlen(p.label), sizeof p.label - 1);
	assert_non_null(strstr(written(f), "xxx: 7 rows, 0 rows/s"));
	progress_end(&p);
	fclose(f);
}

/* A new pseudo-terminal: its slave side opened twice into a and b. */
static void open_pty(int *master, int *a, int *b)
{
	const char *name;

	*master = posix_openpt(O_RDWR | O_NOCTTY);
	assert_true(*master >= 0);
	assert_int_equal(grantpt(*master), 0);
	assert_int_equal(unlockpt(*master), 0);
	name = ptsname(*master);
	assert_non_null(name);
	*a = open(name, O_RDWR | O_NOCTTY);
	*b = open(name, O_RDWR | O_NOCTTY);
	assert_true(*a >= 0);
	assert_true(*b >= 0);
}

static void test_wanted(void **state)
{
	int fds[2], m1, t1, t1b, m2, t2, t2b;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	open_pty(&m1, &t1, &t1b);
	open_pty(&m2, &t2, &t2b);
	assert_int_equal(progress_wanted(fds[1], -1), 0);       /* stderr in a pipe */
	assert_int_equal(progress_wanted(fds[1], t1), 0);
	assert_int_equal(progress_wanted(t1, -1), 1);           /* a terminal, no data */
	assert_int_equal(progress_wanted(t1, fds[1]), 1);       /* data to a pipe */
	assert_int_equal(progress_wanted(t1, t1b), 0);          /* data to that terminal */
	assert_int_equal(progress_wanted(t1, t2), 1);           /* data to another one */
	close(fds[0]);
	close(fds[1]);
	close(t1);
	close(t1b);
	close(m1);
	close(t2);
	close(t2b);
	close(m2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_with_a_total),
		cmocka_unit_test(test_throttled),
		cmocka_unit_test(test_megabytes_and_no_total),
		cmocka_unit_test(test_clear_and_draw_again),
		cmocka_unit_test(test_off),
		cmocka_unit_test(test_long_label_cut),
		cmocka_unit_test(test_wanted),
	};
	int failed = cmocka_run_group_tests_name("progress", tests, NULL, NULL);

	return getenv("CMOCKA_MESSAGE_OUTPUT") ? 0 : failed;
}
