/* test_record.c: the register's records (svdesk/record.h): the rule of
 * every type of value, good and bad; the cases of tests/data/form_cases.tsv
 * refused by the desk's save at the right field with the same message as the
 * importer's; load and save round trips of each kind; stale saves and
 * deletes refused naming who and when (two connections on one file);
 * deletes refused while others depend on the record; a supplier renamed to
 * a name that exists; dates that would leave out a commitment; keys fixed
 * once stored; the audit log after saves and deletes (origin desk, the
 * entity, before and after) and its check clean, the year totals with it.
 *
 * Files are made in the current folder (the build folder under make check)
 * and removed afterwards. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "svdesk/db.h"
#include "svdesk/record.h"
#include "tests/unit/dbtest.h"
#include "tests/unit/rectest.h"

/* ---- the rule of each type ---------------------------------------------------- */

static void value_is(enum rec_kind k, const char *field, const char *text, unsigned opts,
		     const char *want)
{
	char msg[SV_ERR_MAX] = "";
	int i = rec_field_find(k, field), rc;

	assert_true(i >= 0);
	rc = rec_value(k, i, text, opts, msg, sizeof msg);
	if (want == NULL) {
		if (rc != 0)
			fail_msg("%s \"%s\" refused: %s", field, text, msg);
		return;
	}
	if (rc == 0)
		fail_msg("%s \"%s\" taken, wanted \"%s\"", field, text, want);
	if (strcmp(msg, want) != 0)
		fail_msg("%s \"%s\": \"%s\", wanted \"%s\"", field, text, msg, want);
}

static void test_value_types(void **state)
{
	char big[4002];

	(void)state;
	memset(big, 'x', 4001);
	big[4001] = '\0';
	/* text */
	value_is(REC_CONTRACT, "title", "Cleaning\tof stations", 0, NULL);
	value_is(REC_CONTRACT, "title", "", 0, "empty (a value is required)");
	value_is(REC_CONTRACT, "manager", "", 0, NULL);
	value_is(REC_CONTRACT, "manager", big, 0, "the text is 4001 bytes long; at most 4000 are allowed");
	big[4000] = '\0';
	value_is(REC_CONTRACT, "manager", big, 0, NULL);
	value_is(REC_CONTRACT, "title", "a\001b", 0,
		 "control character U+0001 in the text (only tab is allowed)");
	/* ref */
	value_is(REC_CONTRACT, "ref", "WMP-2025-101", 0, NULL);
	value_is(REC_CONTRACT, "ref", "RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR", 0,
		 "the ref is longer than 63 bytes");
	/* a supplier's name */
	value_is(REC_SUPPLIER, "name", "Acme  Ltd", 0, NULL);
	value_is(REC_SUPPLIER, "name", "", 0, "empty (a value is required)");
	/* money */
	value_is(REC_CONTRACT, "value", "£1,234,567.89", 0, NULL);
	value_is(REC_CONTRACT, "value", "1234567.89", 0, NULL);
	value_is(REC_CONTRACT, "value", "abc", 0, "\"abc\" is not an amount of money (unexpected "
		 "character 'a'; like 1234567.89 or £1,234,567.89)");
	value_is(REC_CONTRACT, "value", "-5", 0, "\"-5\" is not an amount of money (must not be "
		 "negative; like 1234567.89 or £1,234,567.89)");
	/* percent */
	value_is(REC_CONTRACT, "sv_weight", "12.5%", 0, NULL);
	value_is(REC_CONTRACT, "sv_weight", "100", 0, NULL);
	value_is(REC_CONTRACT, "sv_weight", "101", 0, "\"101\" is not a percentage (0 to 100, up "
		 "to 1 decimal, like 12.5 or 12.5%)");
	/* dates */
	value_is(REC_CONTRACT, "start", "2024-02-29", 0, NULL);
	value_is(REC_CONTRACT, "start", "2025-02-29", 0, "\"2025-02-29\" is not a date (no such "
		 "day; use YYYY-MM-DD, like 2025-04-01)");
	value_is(REC_CONTRACT, "start", "", 0, "empty (a date like 2025-04-01 is required)");
	value_is(REC_CONTRACT, "living_wage_date", "", 0, NULL);
	value_is(REC_CONTRACT, "living_wage_date", "1/2/2025", 0, "\"1/2/2025\" is not a date (use "
		 "YYYY-MM-DD, like 2025-04-01)");
	/* choices */
	value_is(REC_CONTRACT, "body", "opcc", 0, NULL);
	value_is(REC_CONTRACT, "body", "Police", 0, "\"Police\" is not a body (WMP or OPCC)");
	value_is(REC_CONTRACT, "status", "", 0, NULL);
	value_is(REC_CONTRACT, "status", "Closed", 0, NULL);
	value_is(REC_CONTRACT, "status", "open", 0, "\"open\" is not a status (active or closed)");
	value_is(REC_CONTRACT, "living_wage", "N/A", 0, NULL);
	value_is(REC_CONTRACT, "living_wage", "", 0, NULL);
	value_is(REC_CONTRACT, "living_wage", "maybe", 0, "\"maybe\" is not yes, no or n/a (or "
		 "empty for not recorded)");
	/* commitments */
	value_is(REC_COMMITMENT, "contract", "C-1", 0, NULL);
	value_is(REC_COMMITMENT, "contract", "", 0, "empty (a value is required)");
	value_is(REC_COMMITMENT, "measure", "NT1", 0, NULL);
	value_is(REC_COMMITMENT, "year", "2025/26", 0, NULL);
	value_is(REC_COMMITMENT, "year", "2025", 0, "\"2025\" is not a financial year (expected "
		 "YYYY/YY, e.g. 2025/26; like 2025/26)");
	value_is(REC_COMMITMENT, "target", "12.5", 0, NULL);
	value_is(REC_COMMITMENT, "target", "£1,234.50", REC_V_MONEY, NULL);
	value_is(REC_COMMITMENT, "target", "£1,234.50", 0, "\"£1,234.50\" is not a quantity (£ is "
		 "only for a measure counted in GBP: use a plain number like 12.5)");
	value_is(REC_COMMITMENT, "target", "1e3", 0, "\"1e3\" is not a quantity (no exponent "
		 "allowed; use a plain number like 12.5)");
	value_is(REC_COMMITMENT, "proxy", "", 0, NULL);
	value_is(REC_COMMITMENT, "proxy", "3.1416", 0, NULL);
	value_is(REC_COMMITMENT, "proxy", "3.14159", 0, "\"3.14159\" is not a proxy (at most 4 "
		 "decimals; pounds per unit with up to 4 decimals, like 3.1416, or empty for record "
		 "only)");
	/* answers */
	value_is(REC_ANSWER, "topic", "local_plan", 0, NULL);
	value_is(REC_ANSWER, "topic", "Local plan", 0, "\"Local plan\" is not a topic "
		 "(prison_leavers, design_out_crime, local_plan or reoffending)");
	value_is(REC_ANSWER, "answer", "12", REC_V_COUNT, NULL);
	value_is(REC_ANSWER, "answer", "twelve", 0, NULL);
	value_is(REC_ANSWER, "answer", "twelve", REC_V_COUNT, "\"twelve\" is not a count (a whole "
		 "number, like 3)");
	value_is(REC_ANSWER, "answer", "1.5", REC_V_COUNT, "\"1.5\" is not a count (a whole "
		 "number, like 3)");
	value_is(REC_ANSWER, "recorded_at", "2026-01-15T10:04:00Z", 0, NULL);
	value_is(REC_ANSWER, "recorded_at", "2026-01-15 10:04", 0, "\"2026-01-15 10:04\" is not a "
		 "UTC time (like 2026-01-15T10:04:00Z)");
}

static void test_fields(void **state)
{
	const rec_field *f;
	size_t n;

	(void)state;
	f = rec_fields(REC_CONTRACT, &n);
	assert_int_equal(n, RC_NFIELDS);
	assert_string_equal(f[RC_WEIGHT].name, "sv_weight");
	assert_string_equal(f[RC_WEIGHT].label, "SV weighting (%)");
	assert_string_equal(f[RC_AWARD].label, "Award report ref");
	assert_true(f[RC_REF].flags & RF_REQUIRED);
	assert_false(f[RC_REF].flags & RF_KEY);          /* a ref may change at the desk */
	f = rec_fields(REC_COMMITMENT, &n);
	assert_int_equal(n, RK_NFIELDS);
	assert_true(f[RK_YEAR].flags & RF_KEY);
	assert_true(f[RK_PROXY].flags & RF_READONLY);
	assert_true(f[RK_SET].flags & RF_READONLY);
	f = rec_fields(REC_ANSWER, &n);
	assert_false(f[RA_BY].flags & RF_FORM);
	assert_int_equal(rec_field_find(REC_ANSWER, "recorded_at"), RA_AT);
	assert_int_equal(rec_field_find(REC_ANSWER, "nope"), -1);
	assert_string_equal(rec_topic_find("prison_leavers")->label, "Prison leavers employed");
	assert_true(rec_topic_find("prison_leavers")->counts);
	assert_false(rec_topic_find("reoffending")->counts);
	assert_null(rec_topic_find("Prison_leavers"));
}


/* ---- the table of cases (tests/data/form_cases.tsv) ------------------------------------ */

/* The value with the file's notation expanded: {C*N}, {U+XXXX}. */
static char *expand(const char *s)
{
	size_t cap = strlen(s) + 1, o = 0;
	char *out = malloc(cap);

	assert_non_null(out);
	while (*s != '\0') {
		unsigned long cp, count;
		char c, *end;

		if (s[0] == '{' && s[1] != '\0' && s[2] == '*' &&
		    (count = strtoul(s + 3, &end, 10)) > 0 && *end == '}') {
			c = s[1];
			out = realloc(out, cap += count);
			assert_non_null(out);
			memset(out + o, c, count);
			o += count;
			s = end + 1;
			continue;
		}
		if (strncmp(s, "{U+", 3) == 0 && (cp = strtoul(s + 3, &end, 16), *end == '}')) {
			out = realloc(out, cap += 4);
			assert_non_null(out);
			if (cp < 0x80) {
				out[o++] = (char)cp;
			} else if (cp < 0x800) {
				out[o++] = (char)(0xC0 | (cp >> 6));
				out[o++] = (char)(0x80 | (cp & 0x3F));
			} else {
				out[o++] = (char)(0xE0 | (cp >> 12));
				out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
				out[o++] = (char)(0x80 | (cp & 0x3F));
			}
			s = end + 1;
			continue;
		}
		out[o++] = *s++;
	}
	out[o] = '\0';
	return out;
}

static enum rec_kind kind_named(const char *s)
{
	static const char *const names[] = { "contract", "supplier", "commitment", "answer" };

	for (int i = 0; i < REC_NKINDS; i++)
		if (strcmp(s, names[i]) == 0)
			return (enum rec_kind)i;
	fail_msg("no kind %s", s);
	return REC_NKINDS;
}

/* The file's lines split at tabs (at most 5 parts); the count. */
static int split(char *line, char **part)
{
	int n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	part[n++] = line;
	for (char *p = line; *p != '\0' && n < 5; p++)
		if (*p == '\t') {
			*p = '\0';
			part[n++] = p + 1;
		}
	return n;
}

#define MAX_CASES 200

static void test_form_cases(void **state)
{
	static char lines[MAX_CASES][8192];
	struct rec good[REC_NKINDS], base, r;
	char path[1024], *part[5], *keep[MAX_CASES];
	const char *top = getenv("top_srcdir");
	struct fx x;
	FILE *f;
	int nkeep = 0, ncases = 0, nl = 0;

	(void)state;
	snprintf(path, sizeof path, "%s/tests/data/form_cases.tsv", top != NULL ? top : ".");
	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot read %s", path);
	memset(good, 0, sizeof good);
	memset(&base, 0, sizeof base);
	base.k = REC_CONTRACT;
	for (int k = 0; k < REC_NKINDS; k++)
		good[k].k = (enum rec_kind)k;
	memset(&x, 0, sizeof x);
	snprintf(x.path, sizeof x.path, "test_record_cases_%ld.db", (long)getpid());
	rm_db(x.path);
	x.db = open_file(x.path, 1, "alice");
	while (nl < MAX_CASES && fgets(lines[nl], sizeof lines[nl], f) != NULL) {
		char *line = lines[nl++];
		int n;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		n = split(line, part);
		if (strcmp(part[0], "base") == 0 || strcmp(part[0], "good") == 0) {
			struct rec *to = part[0][0] == 'b' ? &base : &good[kind_named(part[1])];

			assert_int_equal(n, 4);
			keep[nkeep] = expand(part[3]);
			rec_set(to, part[2], keep[nkeep++]);
			continue;
		}
		assert_true(n >= 4);
		if (base.cells[0] != NULL && x.c1 == 0)
			x.c1 = save_ok(x.db, &base, 0, 0);
		r = good[kind_named(part[0])];
		keep[nkeep] = expand(part[2]);
		/* a supplier's name is the supplier column of a contract's form too */
		rec_set(&r, part[1], keep[nkeep++]);
		if (n == 5) {
			for (char *w = strtok(part[4], ";"); w != NULL; w = strtok(NULL, ";")) {
				char *eq = strchr(w, '=');

				assert_non_null(eq);
				*eq = '\0';
				keep[nkeep] = expand(eq + 1);
				rec_set(&r, w, keep[nkeep++]);
			}
		}
		save_refused(x.db, &r, 0, 0, rec_field_find(r.k, part[1]), part[3]);
		if (r.k == REC_SUPPLIER) {
			/* and as a contract's supplier */
			r = good[REC_CONTRACT];
			rec_set(&r, "supplier", keep[nkeep - 1]);
			save_refused(x.db, &r, 0, 0, RC_SUPPLIER, part[3]);
		}
		ncases++;
		assert_true(nkeep < MAX_CASES - 8);
	}
	fclose(f);
	assert_true(ncases >= 40);
	/* nothing was written by a refused save: the good records are new (the
	 * supplier first: the good contract's supplier is the good supplier) */
	save_ok(x.db, &good[REC_SUPPLIER], 0, 0);
	save_ok(x.db, &good[REC_CONTRACT], 0, 0);
	save_ok(x.db, &good[REC_COMMITMENT], 0, 0);
	save_ok(x.db, &good[REC_ANSWER], 0, 0);
	assert_clean(x.db);
	for (int i = 0; i < nkeep; i++)
		free(keep[i]);
	fx_close(&x);
}

/* ---- load and save: round trips ------------------------------------------------------- */

static void cells_are(enum rec_kind k, char **cells, const struct rec *want)
{
	size_t n;
	const rec_field *f = rec_fields(k, &n);

	for (size_t i = 0; i < n; i++)
		if (want->cells[i] != NULL && strcmp(cells[i], want->cells[i]) != 0)
			fail_msg("%s: \"%s\", wanted \"%s\"", f[i].name, cells[i], want->cells[i]);
}

static void test_round_trips(void **state)
{
	char *cells[REC_FIELDS_MAX];
	const char *fixed[] = { "contract", "Q-1", NULL };
	struct rec r;
	int64_t id, v;
	struct fx x;

	(void)state;
	fx_open(&x, "trip", 0);
	/* a contract with every field */
	contract_rec(&r, "C-9", "Zeta  Services", "OPCC");
	rec_set(&r, "value", "£1,234,567.80");
	rec_set(&r, "sv_weight", "12.5%");
	rec_set(&r, "manager", "J Smith");
	rec_set(&r, "status", "closed");
	rec_set(&r, "award_report", "AR-7");
	rec_set(&r, "living_wage", "yes");
	rec_set(&r, "living_wage_date", "2025-05-01");
	rec_set(&r, "living_wage_note", "accredited");
	rec_set(&r, "modern_slavery", "n/a");
	rec_set(&r, "modern_slavery_date", "2025-06-01");
	rec_set(&r, "modern_slavery_note", "under the threshold");
	id = save_ok(x.db, &r, 0, 0);
	assert_int_equal(rec_load(x.db, REC_CONTRACT, id, cells, &v, &err_), 1);
	assert_int_equal(v, version_of(x.db, REC_CONTRACT, id));
	assert_true(v > 0);
	/* the importer's plain forms */
	rec_set(&r, "value", "1234567.80");
	rec_set(&r, "sv_weight", "12.5");
	cells_are(REC_CONTRACT, cells, &r);
	/* saved back unchanged: nothing written, the version stays */
	for (int i = 0; i < RC_NFIELDS; i++)
		r.cells[i] = cells[i];
	assert_int_equal(save_ok(x.db, &r, id, v), id);
	assert_int_equal(version_of(x.db, REC_CONTRACT, id), v);
	rec_cells_free(REC_CONTRACT, cells);

	/* a supplier */
	memset(&r, 0, sizeof r);
	r.k = REC_SUPPLIER;
	rec_set(&r, "name", "Borough Builders");
	id = save_ok(x.db, &r, 0, 0);
	assert_int_equal(rec_load(x.db, REC_SUPPLIER, id, cells, &v, &err_), 1);
	cells_are(REC_SUPPLIER, cells, &r);
	rec_cells_free(REC_SUPPLIER, cells);

	/* a commitment, from a blank one with its contract fixed */
	setenv("SVDESK_NOW", "2026-11-27", 1);
	MUST(rec_blank(REC_COMMITMENT, fixed, cells, &e_));
	unsetenv("SVDESK_NOW");
	assert_string_equal(cells[RK_CONTRACT], "Q-1");
	assert_string_equal(cells[RK_YEAR], "2026/27");
	memset(&r, 0, sizeof r);
	r.k = REC_COMMITMENT;
	for (int i = 0; i < RK_NFIELDS; i++)
		r.cells[i] = cells[i];
	rec_set(&r, "measure", "NT1");
	rec_set(&r, "target", "12.5");
	rec_set(&r, "note", "two apprentices");
	id = save_ok(x.db, &r, 0, 0);
	rec_cells_free(REC_COMMITMENT, cells);
	assert_int_equal(rec_load(x.db, REC_COMMITMENT, id, cells, &v, &err_), 1);
	memset(&r, 0, sizeof r);
	r.k = REC_COMMITMENT;
	rec_set(&r, "contract", "Q-1");
	rec_set(&r, "measure", "NT1");
	rec_set(&r, "year", "2026/27");
	rec_set(&r, "target", "12.5");
	rec_set(&r, "note", "two apprentices");
	cells_are(REC_COMMITMENT, cells, &r);
	/* the proxy of the current set, shown with its set */
	assert_true(cells[RK_SET][0] != '\0');
	assert_true(strchr(cells[RK_PROXY], '.') != NULL);
	rec_cells_free(REC_COMMITMENT, cells);

	/* an answer */
	memset(&r, 0, sizeof r);
	r.k = REC_ANSWER;
	rec_set(&r, "contract", "Q-1");
	rec_set(&r, "topic", "prison_leavers");
	rec_set(&r, "answer", "4");
	id = save_ok(x.db, &r, 0, 0);
	assert_int_equal(rec_load(x.db, REC_ANSWER, id, cells, &v, &err_), 1);
	cells_are(REC_ANSWER, cells, &r);
	assert_string_equal(cells[RA_BY], "alice");
	assert_int_equal(strlen(cells[RA_AT]), 20);
	rec_cells_free(REC_ANSWER, cells);

	/* gone: 0 */
	assert_int_equal(rec_load(x.db, REC_ANSWER, id + 100, cells, &v, &err_), 0);
	assert_clean(x.db);
	fx_close(&x);
}

/* ---- pick lists ------------------------------------------------------------------------- */

struct picked {
	int n;
	char text[4096];
};

static void on_choice(void *ctx, const char *value, const char *label)
{
	struct picked *p = ctx;
	size_t len = strlen(p->text);

	p->n++;
	snprintf(p->text + len, sizeof p->text - len, "%s|%s;", value, label ? label : "");
}

static void choices_are(svdb *db, enum rec_kind k, const char *field, const char *narrow,
			size_t max, int more, const char *want)
{
	struct picked p;
	sv_err e;

	memset(&p, 0, sizeof p);
	memset(&e, 0, sizeof e);
	assert_int_equal(rec_choices(db, k, rec_field_find(k, field), narrow, max, on_choice, &p,
				     &e), more);
	assert_string_equal(p.text, want);
}

static void test_choices(void **state)
{
	struct rec r;
	struct fx x;

	(void)state;
	fx_open(&x, "pick", 0);
	contract_rec(&r, "C-2", "Café Élan", "WMP");
	save_ok(x.db, &r, 0, 0);
	choices_are(x.db, REC_CONTRACT, "body", NULL, 0, 0,
		    "WMP|West Midlands Police;OPCC|Office of the Police and Crime Commissioner;");
	choices_are(x.db, REC_CONTRACT, "body", "crime", 0, 0,
		    "OPCC|Office of the Police and Crime Commissioner;");
	choices_are(x.db, REC_CONTRACT, "status", NULL, 0, 0, "active|;closed|;");
	choices_are(x.db, REC_CONTRACT, "living_wage", NULL, 0, 0,
		    "|not recorded;yes|;no|;n/a|;");
	/* accents and case do not matter */
	choices_are(x.db, REC_CONTRACT, "supplier", "cafe el", 0, 0, "Café Élan|;");
	choices_are(x.db, REC_CONTRACT, "supplier", NULL, 1, 1, "Acme Ltd|;");
	choices_are(x.db, REC_COMMITMENT, "contract", NULL, 0, 0,
		    "C-1|Cleaning of the stations;C-2|Cleaning of the stations;"
		    "Q-1|Cleaning of the stations;");
	/* the questionnaire's contracts are OPCC ones */
	choices_are(x.db, REC_ANSWER, "contract", NULL, 0, 0, "Q-1|Cleaning of the stations;");
	choices_are(x.db, REC_ANSWER, "topic", "crime", 0, 0,
		    "design_out_crime|Contribution to Design Out Crime;"
		    "reoffending|Breaking the cycle of poverty, crime and reoffending;");
	{
		struct picked p;

		memset(&p, 0, sizeof p);
		assert_int_equal(rec_choices(x.db, REC_COMMITMENT, RK_MEASURE, "nt1", 1, on_choice,
					     &p, &err_), 1);
		assert_int_equal(p.n, 1);
		assert_true(strncmp(p.text, "NT1|", 4) == 0);
	}
	setenv("SVDESK_NOW", "2026-11-27", 1);
	choices_are(x.db, REC_COMMITMENT, "year", "2026", 0, 0, "2026/27|this year;");
	unsetenv("SVDESK_NOW");
	/* a typed field offers none */
	choices_are(x.db, REC_CONTRACT, "title", NULL, 0, 0, "");
	fx_close(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_value_types),
		cmocka_unit_test(test_form_cases),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_choices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
