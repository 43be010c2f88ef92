/* test_report.c: the board reports' rules and CSV. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "svdesk/report.h"
#include "dbtest.h"

static void test_rag_boundaries(void **state)
{
	int64_t pct;

	(void)state;
	assert_int_equal(report_rag(100, 400, 1, 100, 75, &pct), RAG_GREEN);
	assert_int_equal(pct, 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rag_boundaries),
	};
	int failed = cmocka_run_group_tests_name("report", tests, NULL, NULL);

	return getenv("CMOCKA_MESSAGE_OUTPUT") ? 0 : failed;
}
