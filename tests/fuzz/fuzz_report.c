/* fuzz_report.c: the board reports over random databases.  The bytes are a
 * list of writes (contracts, commitments, return lines, decisions,
 * highlights) made to a fresh copy of the base database, each in its own
 * transaction; then every board's report is built for a period taken from
 * the bytes and rendered as paper text and as CSV, to memory. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/csvout.h"
#include "svdesk/report.h"
#include "svdesk/settings.h"
#include "tests/fuzz/fuzz.h"

#define MAX_IDS 64
#define MAX_OPS 48

struct ids {
	int64_t v[MAX_IDS];
	int n;
};

/* An amount (pence, hundredths, ten-thousandths): mostly small, now and
 * then near the limits, where the sums must not overflow unseen. */
static int64_t amount(fuzz_bytes *b)
{
	unsigned kind = fuzz_byte(b);
	uint64_t v = 0;

	switch (kind % 8) {
	case 0:
		for (int i = 0; i < 8; i++)
			v = v << 8 | fuzz_byte(b);
		return (int64_t)(v >> 1);
	case 1:
		return INT64_C(100000000000000000) + fuzz_u16(b);
	case 2:
		return 0;
	default:
		return (int64_t)fuzz_u16(b) * (int64_t)(kind % 5 + 1) * 100;
	}
}

static void add(struct ids *s, int64_t id)
{
	if (s->n < MAX_IDS)
		s->v[s->n++] = id;
}

static int64_t pick(fuzz_bytes *b, const struct ids *s)
{
	unsigned i = fuzz_byte(b);

	if (s->n == 0 || i == 255)
		return 1000 + i;   /* an id that does not exist */
	return s->v[i % (unsigned)s->n];
}

static sv_date day(fuzz_bytes *b)
{
	sv_date base = { 2025, 4, 1 };

	return date_add_days(base, (long)fuzz_u16(b) % 2400 - 1200);
}

static void put_contract(svdb *db, fuzz_bytes *b, struct ids *contracts, sv_err *e)
{
	char ref[16], supplier[16];
	db_contract c;
	int64_t id;
	unsigned k = fuzz_byte(b);

	memset(&c, 0, sizeof c);
	snprintf(ref, sizeof ref, "F-%02u", k % 24);
	snprintf(supplier, sizeof supplier, "Supplier %u", fuzz_byte(b) % 6);
	c.ref = ref;
	c.title = "Fuzzed contract";
	c.supplier = supplier;
	c.body = k & 0x80 ? BODY_OPCC : BODY_WMP;
	c.value = amount(b);
	c.start = day(b);
	c.end = date_add_days(c.start, (long)fuzz_u16(b) % 1600 - 100);
	c.sv_weight = (int)(fuzz_u16(b) % 1100);
	c.closed = (int)(k >> 5 & 1);
	c.manager = k & 0x40 ? "A Manager" : NULL;
	c.living_wage = (enum sv_yesno)(fuzz_byte(b) % 4);
	c.modern_slavery = (enum sv_yesno)(fuzz_byte(b) % 4);
	if (db_contract_put(db, &c, &id, e) == 0)
		add(contracts, id);
}

static void put_commitment(svdb *db, fuzz_bytes *b, const struct ids *contracts,
			   const db_measure *m, size_t nm, struct ids *commitments, sv_err *e)
{
	int64_t contract = pick(b, contracts), id;
	unsigned k = fuzz_byte(b);
	int64_t measure = nm > 0 ? m[k % nm].id : 1;
	int fy = 2022 + (int)(fuzz_byte(b) % 6);
	sv_qty target = amount(b);
	sv_proxy proxy;

	switch (fuzz_byte(b) % 4) {
	case 0: proxy = DB_PROXY_NONE; break;
	case 1: proxy = amount(b); break;
	default: proxy = DB_PROXY_LOOKUP; break;
	}
	if (db_commitment_put(db, contract, measure, fy, target, proxy,
			      k & 0x80 ? "A note" : NULL, &id, e) == 0)
		add(commitments, id);
}

static void put_return(svdb *db, fuzz_bytes *b, const struct ids *commitments,
		       struct ids *lines, sv_err *e)
{
	int64_t commitment = pick(b, commitments), id;
	int q = (int)(fuzz_byte(b) % 6);
	sv_qty delivered = amount(b);
	sv_date sub = day(b);

	if (db_return_put(db, commitment, q, delivered, "Evidence", q & 1 ? &sub : NULL,
			  &id, e) == 0)
		add(lines, id);
}

static void decide(svdb *db, fuzz_bytes *b, const struct ids *lines, sv_err *e)
{
	int64_t line = pick(b, lines);
	unsigned k = fuzz_byte(b);

	db_return_decide(db, line, (enum sv_status)(k % 4), amount(b),
			 k & 0x10 ? "A reason" : NULL, "fuzz", "2026-01-10T09:00:00Z", -1, e);
}

static void highlight(svdb *db, fuzz_bytes *b, const struct ids *contracts, sv_err *e)
{
	char text[40];
	size_t len = fuzz_byte(b) % sizeof text, i;
	int fy = 2022 + (int)(fuzz_byte(b) % 6);
	int64_t contract = fuzz_byte(b) & 1 ? pick(b, contracts) : 0;

	for (i = 0; i < len && b->n > 0; i++)
		text[i] = (char)fuzz_byte(b);
	text[i] = '\0';
	db_highlight_put(db, fy, contract, text, "2026-01-10T09:00:00Z", e);
}

static void fill(svdb *db, fuzz_bytes *b)
{
	struct ids contracts = { { 0 }, 0 }, commitments = { { 0 }, 0 }, lines = { { 0 }, 0 };
	db_measure *m = NULL;
	size_t nm = 0;
	sv_err e = { 0 };
	int64_t id;
	char body[8];

	if (db_measures_all(db, &m, &nm, &e) < 0)
		nm = 0;
	if (db_contract_id_by_ref(db, "C-001", &id, body, &e) == 1)
		add(&contracts, id);
	if (db_contract_id_by_ref(db, "C-002", &id, body, &e) == 1)
		add(&contracts, id);
	for (int op = 0; op < MAX_OPS && b->n > 8; op++) {
		unsigned what = fuzz_byte(b);

		memset(&e, 0, sizeof e);
		if (what == 0xff)
			break;   /* the rest of the bytes are the periods and layouts */
		if (db_begin(db, &e) < 0)
			break;
		switch (what % 5) {
		case 0: put_contract(db, b, &contracts, &e); break;
		case 1: put_commitment(db, b, &contracts, m, nm, &commitments, &e); break;
		case 2: put_return(db, b, &commitments, &lines, &e); break;
		case 3: decide(db, b, &lines, &e); break;
		default: highlight(db, b, &contracts, &e); break;
		}
		if (e.msg[0] != '\0' || db_commit(db, &e) < 0)
			db_rollback(db);
	}
	free(m);
}

static void render(const report *rep, fuzz_bytes *b)
{
	report_layout lay;
	report_text t;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	csvw w;
	sv_err e = { 0 };

	lay.width = 40 + (int)(fuzz_byte(b) % 211);
	lay.page_length = fuzz_byte(b) % 3 == 0 ? 0 : 10 + (int)(fuzz_byte(b) % 70);
	lay.money = (enum money_style)(fuzz_byte(b) % 3);
	f = open_memstream(&buf, &len);
	if (f == NULL)
		abort();
	if (report_render_text(rep, &lay, &t, &e) == 0) {
		for (size_t i = 0; i < t.n; i++)
			if (t.lines[i].text == NULL)
				__builtin_trap();
		report_text_write(&t, f);
		report_text_free(&t);
	} else if (e.msg[0] == '\0') {
		__builtin_trap();
	}
	csvw_init(&w, f, (int)(fuzz_byte(b) & 1));
	report_write_csv(rep, &w);
	csvw_finish(&w, "fuzz", &e);
	fclose(f);
	free(buf);
}

int fuzz_report(const uint8_t *data, size_t size)
{
	fuzz_bytes b = { data, size };
	svdb *db = fuzz_db_open(0, "import");
	sv_config cfg;
	sv_datetime now = { { 2026, 11, 27 }, 12, 0, 0 };

	fill(db, &b);
	config_defaults(&cfg);
	for (int board = 0; board < BOARD_COUNT; board++) {
		report_period p = report_default_period((enum report_board)board, now.date);
		report *rep = NULL;
		sv_err e = { 0 };
		unsigned k = fuzz_byte(&b);

		p.fy = 2022 + (int)(k % 6);
		if (report_board_quarterly(p.board))
			p.q = 1 + (int)(k >> 4 & 3);
		if (report_build(db, &cfg, &p, "fuzz", &now, &rep, &e) < 0) {
			if (rep != NULL || e.msg[0] == '\0')
				__builtin_trap();
			continue;
		}
		render(rep, &b);
		report_free(&rep);
	}
	config_free(&cfg);
	db_close(&db);
	return 0;
}

FUZZ_ENTRY(report)
