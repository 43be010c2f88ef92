/* test_list_jump.c: list_jump and list_reset of ui/list.c against a model
 * (rows are their ranks), and the narrowing match of the pick list. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ui/ui.h"

struct model {
	int total;
	int fetches;
};

static int64_t model_count(void *ctx, sv_err *err)
{
	(void)err;
	return ((struct model *)ctx)->total;
}

static int model_fetch(void *ctx, const void *anchor, int forward, void *rows, int limit,
		       sv_err *err)
{
	struct model *m = ctx;
	int *out = rows, n = 0;

	(void)err;
	m->fetches++;
	if (forward) {
		int from = anchor != NULL ? *(const int *)anchor + 1 : 0;

		for (int v = from; v < m->total && n < limit; v++)
			out[n++] = v;
	} else {
		int to = anchor != NULL ? *(const int *)anchor : m->total;
		int from = to - limit < 0 ? 0 : to - limit;

		for (int v = from; v < to; v++)
			out[n++] = v;
	}
	return n;
}

static void model_draw(void *ctx, struct tui *t, int y, const void *row, int selected)
{
	(void)ctx;
	(void)t;
	(void)y;
	(void)row;
	(void)selected;
}

static const struct list_source model_source = {
	.row_size = sizeof(int),
	.count = model_count,
	.fetch = model_fetch,
	.draw_row = model_draw,
};

/* A full screen of consecutive rows from top, the selection inside. */
static void assert_consistent(const struct list *l, const struct model *m)
{
	const int *rows = (const int *)(const void *)l->rows;
	int want_n = m->total < l->height ? m->total : l->height;

	assert_int_equal(l->n, want_n);
	if (l->n == 0)
		return;
	assert_true(l->sel >= 0 && l->sel < l->n);
	assert_int_equal(rows[0], (int)l->top);
	for (int i = 1; i < l->n; i++)
		assert_int_equal(rows[i], rows[i - 1] + 1);
	assert_int_equal(*(const int *)list_selected(l), (int)(l->top + l->sel));
}

/* Jumps to random rows between random moves: the row is selected, the
 * screen full, and it is where the rule says. */
static void run_jumps(int total, int height, unsigned seed)
{
	static const enum action_id acts[] = {
		ACT_DOWN, ACT_UP, ACT_PAGE_DOWN, ACT_PAGE_UP, ACT_FIRST, ACT_LAST,
	};
	struct model m = { .total = total };
	struct list l;
	sv_err err = { 0 };

	assert_int_equal(list_init(&l, &model_source, &m, &err), 0);
	assert_int_equal(list_resize(&l, height, &err), 0);
	for (int step = 0; step < 200; step++) {
		int v, shown_at, sel_before, fetches;

		seed = seed * 1103515245u + 12345u;
		if ((seed >> 8) & 1) {
			assert_int_equal(list_act(&l, acts[(seed >> 16) % 6], &err), 1);
			assert_consistent(&l, &m);
			continue;
		}
		v = (int)((seed >> 12) % (unsigned)total);
		shown_at = v >= l.top && v < l.top + l.n ? (int)(v - l.top) : -1;
		sel_before = l.sel;
		fetches = m.fetches;
		assert_int_equal(list_jump(&l, &v, v, &err), 0);
		assert_consistent(&l, &m);
		assert_int_equal(*(const int *)list_selected(&l), v);
		/* two keyset reads, whatever the depth */
		assert_true(m.fetches - fetches <= 2);
		if (shown_at >= 0) {
			assert_int_equal(l.sel, shown_at);
		} else {
			int want = sel_before < v ? sel_before : v;
			int below = total - 1 - v;   /* rows after it */

			/* the selection's row, unless the end of the list pulls
			 * the row down to keep the screen full */
			if (below >= l.height - 1 - want)
				assert_int_equal(l.sel, want);
			else
				assert_int_equal(l.sel, l.n - 1 - below);
		}
	}
	list_free(&l);
}

static void test_list_jump_model(void **state)
{
	static const int totals[] = { 1, 2, 5, 20, 21, 22, 43, 100, 1000 };
	static const int heights[] = { 1, 2, 3, 7, 21 };

	(void)state;
	for (size_t i = 0; i < sizeof totals / sizeof totals[0]; i++)
		for (size_t j = 0; j < sizeof heights / sizeof heights[0]; j++)
			for (unsigned seed = 1; seed <= 5; seed++)
				run_jumps(totals[i], heights[j], seed * 31337u + (unsigned)j);
}

static void test_list_jump_far_then_end(void **state)
{
	struct model m = { .total = 100000 };
	struct list l;
	sv_err err = { 0 };
	int v = 54321, last = 99999;

	(void)state;
	assert_int_equal(list_init(&l, &model_source, &m, &err), 0);
	assert_int_equal(list_resize(&l, 10, &err), 0);
	assert_int_equal(list_act(&l, ACT_DOWN, &err), 1);
	assert_int_equal(list_act(&l, ACT_DOWN, &err), 1);
	/* not on screen: it takes the selection's row (the third) */
	assert_int_equal(list_jump(&l, &v, v, &err), 0);
	assert_int_equal(l.sel, 2);
	assert_int_equal(l.top, 54319);
	assert_consistent(&l, &m);
	/* the moves go on from there */
	assert_int_equal(list_act(&l, ACT_UP, &err), 1);
	assert_int_equal(*(const int *)list_selected(&l), 54320);
	/* the last row: the screen stays full, the row at the bottom */
	assert_int_equal(list_jump(&l, &last, last, &err), 0);
	assert_int_equal(l.sel, 9);
	assert_int_equal(l.top, 99990);
	assert_consistent(&l, &m);
	list_free(&l);
}

static void test_list_reset(void **state)
{
	struct model m = { .total = 50 };
	struct list l;
	sv_err err = { 0 };

	(void)state;
	assert_int_equal(list_init(&l, &model_source, &m, &err), 0);
	/* before the first resize: nothing loaded yet, the count kept */
	m.total = 40;
	assert_int_equal(list_reset(&l, &err), 0);
	assert_int_equal(l.total, 40);
	assert_int_equal(list_resize(&l, 8, &err), 0);
	assert_consistent(&l, &m);
	assert_int_equal(list_act(&l, ACT_LAST, &err), 1);
	/* a query that gives fewer rows: counted again, the first page */
	m.total = 3;
	assert_int_equal(list_reset(&l, &err), 0);
	assert_int_equal(l.total, 3);
	assert_int_equal(l.top, 0);
	assert_int_equal(l.sel, 0);
	assert_consistent(&l, &m);
	m.total = 0;
	assert_int_equal(list_reset(&l, &err), 0);
	assert_int_equal(l.n, 0);
	assert_null(list_selected(&l));
	list_free(&l);
}

static void test_pick_match(void **state)
{
	(void)state;
	assert_true(ui_pick_match("Body: OPCC", ""));
	assert_true(ui_pick_match("Body: OPCC", "opcc"));
	assert_true(ui_pick_match("Body: OPCC", "dy: o"));
	assert_false(ui_pick_match("Body: WMP", "opcc"));
	/* any accent, any case, both ways */
	assert_true(ui_pick_match("Caf\xc3\xa9 Br\xc3\xbcnn", "cafe"));
	assert_true(ui_pick_match("Cafe", "CAF\xc3\x89"));
	assert_true(ui_pick_match("\xc5\x81\xc3\xb3" "dz", "lod"));
	/* invisible characters in a label do not split a word */
	assert_true(ui_pick_match("Ca\xe2\x80\x8b" "fe", "cafe"));
	assert_false(ui_pick_match("2025/26", "2024"));
}

/* A flexible column raised to its minimum does not push the row past the
 * screen: the others above their minimum give the columns back. */
static void test_layout_minimum_fits(void **state)
{
	static const struct ui_column cols[] = {
		{ "Ref", 14, 0, 0, ALIGN_LEFT, 0 },
		{ "Title", 0, 14, 3, ALIGN_LEFT, 0 },
		{ "Supplier", 0, 14, 2, ALIGN_LEFT, 3 },
		{ "Body", 5, 0, 0, ALIGN_LEFT, 4 },
		{ "Value", 13, 0, 0, ALIGN_RIGHT, 0 },
		{ "RAG", 5, 0, 0, ALIGN_LEFT, 1 },
		{ "Flags", 5, 0, 0, ALIGN_LEFT, 2 },
	};
	int w[7];

	(void)state;
	for (int total = 40; total <= 200; total++) {
		int sum = 0, kept = 0;

		ui_columns_layout(cols, 7, total, w);
		for (int i = 0; i < 7; i++) {
			if (w[i] > 0) {
				sum += w[i];
				kept++;
			}
			if (cols[i].width == 0 && w[i] > 0)
				assert_true(w[i] >= cols[i].min);
		}
		if (total >= 14 + 14 + 13 + 5 + 3)
			assert_int_equal(sum + kept - 1, total);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_jump_model),
		cmocka_unit_test(test_list_jump_far_then_end),
		cmocka_unit_test(test_list_reset),
		cmocka_unit_test(test_pick_match),
		cmocka_unit_test(test_layout_minimum_fits),
	};

	int failed = cmocka_run_group_tests_name("list_jump", tests, NULL, NULL);

	return getenv("CMOCKA_MESSAGE_OUTPUT") ? 0 : failed;
}
