#include "config.h"

/* record.c: the register's records as fields of text (see svdesk/record.h):
 * the fields of each kind, the rule of each value and its message, and the
 * rules across the fields of a contract.  An import row and a form at the
 * desk both read their values here, so a value one refuses the other
 * refuses with the same words.  The reads and writes of the database are in
 * record_db.c. */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "svdesk/import.h"
#include "svdesk/record.h"
#include "svdesk/utf8.h"

#define REC_TEXT_MAX 4000     /* bytes of a free text (the spec's rule) */
#define REC_REF_MAX 63        /* bytes of a contract ref */

/* ---- the fields ---------------------------------------------------------------- */

#define FORM (RF_FORM | RF_CSV)
#define REQ (RF_REQUIRED | RF_FORM | RF_CSV)

static const rec_field contract_fields[RC_NFIELDS] = {
	{ "ref", "Ref", RT_REF, REQ },
	{ "title", "Title", RT_TEXT, REQ },
	{ "supplier", "Supplier", RT_SUPPLIER, REQ },
	{ "body", "Body", RT_BODY, REQ },
	{ "value", "Value (£)", RT_MONEY, REQ },
	{ "start", "Start date", RT_DATE, REQ },
	{ "end", "End date", RT_DATE, REQ },
	{ "sv_weight", "SV weighting (%)", RT_PERCENT, REQ },
	{ "manager", "Contract manager", RT_TEXT, FORM },
	{ "status", "Status", RT_STATUS, FORM },
	{ "award_report", "Award report ref", RT_TEXT, FORM },
	{ "living_wage", "Real Living Wage", RT_YESNO, FORM },
	{ "living_wage_date", "Real Living Wage date checked", RT_DATE, FORM },
	{ "living_wage_note", "Real Living Wage note", RT_TEXT, FORM },
	{ "modern_slavery", "Modern slavery statement", RT_YESNO, FORM },
	{ "modern_slavery_date", "Modern slavery date checked", RT_DATE, FORM },
	{ "modern_slavery_note", "Modern slavery note", RT_TEXT, FORM },
};

static const rec_field supplier_fields[RS_NFIELDS] = {
	{ "name", "Name", RT_NAME, REQ },
};

/* A commitment takes its proxy from the current set when it is made and
 * keeps it for ever: the form shows the proxy and its set, never edits them. */
static const rec_field commitment_fields[RK_NFIELDS] = {
	{ "contract", "Contract", RT_CONTRACT, REQ | RF_KEY },
	{ "measure", "Measure", RT_MEASURE, REQ | RF_KEY },
	{ "year", "Year", RT_YEAR, REQ | RF_KEY },
	{ "target", "Target", RT_QTY, REQ },
	{ "note", "Note", RT_TEXT, FORM },
	{ "proxy", "Proxy (£ per unit)", RT_PROXY, FORM | RF_READONLY },
	{ "proxy_set", "Proxy set", RT_PROXY_SET, FORM | RF_READONLY },
};

/* Who recorded an answer and when: the desk's person and clock; only a file
 * (a restore) gives them. */
static const rec_field answer_fields[RA_NFIELDS] = {
	{ "contract", "Contract", RT_CONTRACT, REQ | RF_KEY },
	{ "topic", "Topic", RT_TOPIC, REQ | RF_KEY },
	{ "answer", "Answer", RT_ANSWER, REQ },
	{ "recorded_by", "Recorded by", RT_TEXT, RF_CSV },
	{ "recorded_at", "Recorded at", RT_UTC, RF_CSV },
};

static const struct {
	const rec_field *f;
	size_t n;
} kinds[REC_NKINDS] = {
	{ contract_fields, RC_NFIELDS },
	{ supplier_fields, RS_NFIELDS },
	{ commitment_fields, RK_NFIELDS },
	{ answer_fields, RA_NFIELDS },
};

const rec_field *rec_fields(enum rec_kind k, size_t *n)
{
	if ((unsigned)k >= REC_NKINDS) {
		*n = 0;
		return NULL;
	}
	*n = kinds[k].n;
	return kinds[k].f;
}

int rec_field_find(enum rec_kind k, const char *name)
{
	if ((unsigned)k >= REC_NKINDS || name == NULL)
		return -1;
	for (size_t i = 0; i < kinds[k].n; i++)
		if (strcmp(kinds[k].f[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* ---- the questionnaire's topics --------------------------------------------------- */

/* The wording of the force's policy ("Areas of consideration") */
static const rec_topic topics[] = {
	{ "prison_leavers", "Prison leavers employed", 1 },
	{ "design_out_crime", "Contribution to Design Out Crime", 0 },
	{ "local_plan", "Contribution to local plan employment targets", 0 },
	{ "reoffending", "Breaking the cycle of poverty, crime and reoffending", 0 },
};

const rec_topic *rec_topics(size_t *n)
{
	*n = sizeof topics / sizeof topics[0];
	return topics;
}

const rec_topic *rec_topic_find(const char *name)
{
	for (size_t i = 0; name != NULL && i < sizeof topics / sizeof topics[0]; i++)
		if (strcmp(name, topics[i].name) == 0)
			return &topics[i];
	return NULL;
}

int rec_type_is_text(enum rec_type t)
{
	switch (t) {
	case RT_TEXT: case RT_REF: case RT_NAME: case RT_SUPPLIER: case RT_CONTRACT:
	case RT_MEASURE: case RT_PROXY_SET: case RT_ANSWER:
		return 1;
	default:
		return 0;
	}
}

/* ---- the rules of one value --------------------------------------------------------- */

static int fail(char *msg, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(char *msg, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (msg != NULL && n > 0) {
		va_start(ap, fmt);
		vsnprintf(msg, n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* The reason of a base parser's message "bad WHAT \"V\": REASON". */
static const char *reason_of(const sv_err *e)
{
	const char *p = strstr(e->msg, "\": ");

	return p != NULL ? p + 3 : e->msg;
}

void rec_msg_no_contract(const char *ref, char *msg, size_t n)
{
	char shown[80];

	sv_err_quote(shown, sizeof shown, ref, strlen(ref), 60);
	fail(msg, n, "no contract with ref \"%s\" (refs are matched exactly; import the "
	     "contracts first)", shown);
}

void rec_msg_no_measure(const char *code, char *msg, size_t n)
{
	char shown[80];

	sv_err_quote(shown, sizeof shown, code, strlen(code), 60);
	fail(msg, n, "no measure with code \"%s\" (codes are matched exactly; import the "
	     "measures first)", shown);
}

void rec_msg_no_proxy_set(const char *name, char *msg, size_t n)
{
	char shown[80];

	sv_err_quote(shown, sizeof shown, name, strlen(name), 60);
	fail(msg, n, "no proxy set named \"%s\"", shown);
}

/* "YYYY-MM-DDTHH:MM:SSZ", a real UTC time. */
int rec_utc_valid(const char *s)
{
	char day[11];
	sv_date d;
	int hh, mm, ss, n = 0;

	if (strlen(s) != 20 || s[10] != 'T' || s[19] != 'Z')
		return 0;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (date_parse(day, &d, NULL) < 0)
		return 0;
	if (sscanf(s + 11, "%2d:%2d:%2d%n", &hh, &mm, &ss, &n) != 3 || n != 8)
		return 0;
	for (int i = 11; i < 19; i++)
		if (i != 13 && i != 16 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return hh < 24 && mm < 60 && ss < 60;
}

/* A whole non-negative number of at most 9 digits. */
static int count_read(const char *s, int64_t *out)
{
	int64_t v = 0;
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 9)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return i > 0 ? 0 : -1;
}

/* A value quoted for a message (only when one is refused: quoting is not
 * free, and an import reads every cell). */
static const char *quote(const char *s, char shown[80])
{
	return sv_err_quote(shown, 80, s, strlen(s), 60);
}

static int text_read(const char *s, int required, rec_val *out, char *msg, size_t n)
{
	if (*s == '\0')
		return required ? fail(msg, n, "%s", UTF8_TEXT_EMPTY) : 0;
	if (utf8_text_rule(s, REC_TEXT_MAX, msg, n) != 0)
		return -1;
	out->text = s;
	return 0;
}

static int date_read(const char *s, int required, rec_val *out, char *msg, size_t n)
{
	sv_err e;
	char shown[80];

	if (*s == '\0')
		return required ? fail(msg, n, "empty (a date like 2025-04-01 is required)") : 0;
	e.code = 0;
	e.msg[0] = '\0';
	if (date_parse(s, &out->date, &e) == 0)
		return 0;
	memset(&out->date, 0, sizeof out->date);
	if (strncmp(reason_of(&e), "expected", 8) == 0)
		return fail(msg, n, "\"%s\" is not a date (use YYYY-MM-DD, like 2025-04-01)",
			    quote(s, shown));
	return fail(msg, n, "\"%s\" is not a date (%s; use YYYY-MM-DD, like 2025-04-01)",
		    quote(s, shown), reason_of(&e));
}

static int yesno_read(const char *s, rec_val *out, char *msg, size_t n)
{
	char shown[80];

	out->num = YN_UNSET;
	if (*s == '\0')
		return 0;
	if (strcasecmp(s, "yes") == 0)
		out->num = YN_YES;
	else if (strcasecmp(s, "no") == 0)
		out->num = YN_NO;
	else if (strcasecmp(s, "n/a") == 0)
		out->num = YN_NA;
	else
		return fail(msg, n, "\"%s\" is not yes, no or n/a (or empty for not recorded)",
			    quote(s, shown));
	return 0;
}

int rec_type_read(enum rec_type t, int required, const char *s, unsigned opts, rec_val *out,
		  char *msg, size_t n)
{
	char shown[80];
	sv_err e;            /* set by a parser that refuses (not cleared: an
			      * import reads every cell, and it is 1 KB) */
	int tenths = 0, fy = 0;

	e.code = 0;
	e.msg[0] = '\0';
	memset(out, 0, sizeof *out);
	if (s == NULL)
		s = "";
	out->empty = *s == '\0';
	switch (t) {
	case RT_TEXT: case RT_NAME: case RT_SUPPLIER: case RT_MEASURE: case RT_PROXY_SET:
		return text_read(s, required, out, msg, n);
	case RT_REF:
		if (text_read(s, required, out, msg, n) != 0)
			return -1;
		if (strlen(s) > REC_REF_MAX)
			return fail(msg, n, "the ref is longer than %d bytes", REC_REF_MAX);
		return 0;
	case RT_CONTRACT:
		if (text_read(s, required, out, msg, n) != 0)
			return -1;
		if (strlen(s) > REC_REF_MAX)
			return fail(msg, n, "no contract with ref \"%s\" (a ref has at most %d bytes)",
				    quote(s, shown), REC_REF_MAX);
		return 0;
	case RT_MONEY:
		if (money_parse(s, &out->num, &e) == 0)
			return 0;
		return fail(msg, n, "\"%s\" is not an amount of money (%s; like 1234567.89 or "
			    "£1,234,567.89)", quote(s, shown), reason_of(&e));
	case RT_PERCENT:
		if (percent_parse(s, &tenths, &e) == 0) {
			out->num = tenths;
			return 0;
		}
		return fail(msg, n, "\"%s\" is not a percentage (0 to 100, up to 1 decimal, like "
			    "12.5 or 12.5%%)", quote(s, shown));
	case RT_DATE:
		return date_read(s, required, out, msg, n);
	case RT_BODY:
		if (strcasecmp(s, "WMP") == 0)
			out->num = BODY_WMP;
		else if (strcasecmp(s, "OPCC") == 0)
			out->num = BODY_OPCC;
		else
			return fail(msg, n, "\"%s\" is not a body (WMP or OPCC)", quote(s, shown));
		return 0;
	case RT_STATUS:
		if (*s == '\0' || strcasecmp(s, "active") == 0)
			return 0;
		if (strcasecmp(s, "closed") == 0) {
			out->num = 1;
			return 0;
		}
		return fail(msg, n, "\"%s\" is not a status (active or closed)", quote(s, shown));
	case RT_YESNO:
		return yesno_read(s, out, msg, n);
	case RT_YEAR:
		if (fy_parse(s, &fy, &e) == 0) {
			out->num = fy;
			return 0;
		}
		return fail(msg, n, "\"%s\" is not a financial year (%s; like 2025/26)", quote(s, shown),
			    reason_of(&e));
	case RT_QTY:
		if (import_qty_parse(s, (opts & REC_V_MONEY) != 0, &out->num, &e) == 0)
			return 0;
		return fail(msg, n, "%s", e.msg);
	case RT_PROXY:
		if (*s == '\0')
			return 0;
		if (proxy_parse(s, &out->num, &e) == 0)
			return 0;
		return fail(msg, n, "\"%s\" is not a proxy (%s; pounds per unit with up to 4 "
			    "decimals, like 3.1416, or empty for record only)", quote(s, shown), reason_of(&e));
	case RT_TOPIC:
		if (*s == '\0')
			return required ? fail(msg, n, "%s", UTF8_TEXT_EMPTY) : 0;
		if (rec_topic_find(s) == NULL)
			return fail(msg, n, "\"%s\" is not a topic (prison_leavers, design_out_crime, "
				    "local_plan or reoffending)", quote(s, shown));
		out->text = s;
		return 0;
	case RT_ANSWER:
		if (text_read(s, required, out, msg, n) != 0)
			return -1;
		if (*s != '\0' && (opts & REC_V_COUNT) && count_read(s, &out->num) != 0)
			return fail(msg, n, "\"%s\" is not a count (a whole number, like 3)", quote(s, shown));
		return 0;
	case RT_UTC:
		if (*s == '\0')
			return required ? fail(msg, n, "%s", UTF8_TEXT_EMPTY) : 0;
		if (!rec_utc_valid(s))
			return fail(msg, n, "\"%s\" is not a UTC time (like 2026-01-15T10:04:00Z)", quote(s, shown));
		out->text = s;
		return 0;
	}
	return fail(msg, n, "a field of an unknown type");
}

int rec_read(enum rec_kind k, int field, const char *text, unsigned opts, rec_val *out,
	     char *msg, size_t n)
{
	const rec_field *f;

	if ((unsigned)k >= REC_NKINDS || field < 0 || (size_t)field >= kinds[k].n) {
		memset(out, 0, sizeof *out);
		return fail(msg, n, "no such field");
	}
	f = &kinds[k].f[field];
	return rec_type_read(f->type, (f->flags & RF_REQUIRED) != 0, text, opts, out, msg, n);
}

int rec_value(enum rec_kind k, int field, const char *text, unsigned opts, char *msg,
	      size_t n)
{
	rec_val v;

	return rec_read(k, field, text, opts, &v, msg, n);
}

/* ---- a contract as a whole ----------------------------------------------------------- */

struct reader {
	const char *const *cells;
	rec_fault_fn fn;
	void *ctx;
	int faults;
};

/* One field of a contract: 0 good (*v the value), -1 a fault given to fn. */
static int field_get(struct reader *r, int field, rec_val *v)
{
	char msg[SV_ERR_MAX];

	if (rec_read(REC_CONTRACT, field, r->cells[field], 0, v, msg, sizeof msg) == 0)
		return 0;
	r->faults++;
	if (r->fn != NULL)
		r->fn(r->ctx, field, msg);
	return -1;
}

int rec_contract_read(const char *const *cells, db_contract *c, rec_fault_fn fn, void *ctx)
{
	/* the columns a file may lack: the stored value stays */
	static const struct { int field; unsigned bit; } keeps[] = {
		{ RC_MANAGER, DBC_KEEP_MANAGER }, { RC_AWARD, DBC_KEEP_AWARD },
		{ RC_LW, DBC_KEEP_LW }, { RC_LW_DATE, DBC_KEEP_LW_DATE },
		{ RC_LW_NOTE, DBC_KEEP_LW_NOTE }, { RC_MS, DBC_KEEP_MS },
		{ RC_MS_DATE, DBC_KEEP_MS_DATE }, { RC_MS_NOTE, DBC_KEEP_MS_NOTE },
	};
	struct reader r = { cells, fn, ctx, 0 };
	char d1[11], d2[11], msg[SV_ERR_MAX];
	rec_val v;
	int start_ok;

	memset(c, 0, sizeof *c);
	/* in the order the importer has always reported them */
	if (field_get(&r, RC_REF, &v) == 0)
		c->ref = v.text;
	if (field_get(&r, RC_TITLE, &v) == 0)
		c->title = v.text;
	if (field_get(&r, RC_SUPPLIER, &v) == 0)
		c->supplier = v.text;
	if (field_get(&r, RC_BODY, &v) == 0)
		c->body = (enum sv_body)v.num;
	if (field_get(&r, RC_VALUE, &v) == 0)
		c->value = v.num;
	start_ok = field_get(&r, RC_START, &v) == 0;
	c->start = v.date;
	if (field_get(&r, RC_END, &v) == 0) {
		c->end = v.date;
		if (start_ok && date_cmp(c->end, c->start) < 0) {
			snprintf(msg, sizeof msg, "the end %s is before the start %s",
				 date_format_iso(c->end, d1), date_format_iso(c->start, d2));
			r.faults++;
			if (fn != NULL)
				fn(ctx, RC_END, msg);
		}
	}
	if (field_get(&r, RC_WEIGHT, &v) == 0)
		c->sv_weight = (int)v.num;
	if (field_get(&r, RC_MANAGER, &v) == 0)
		c->manager = v.text;
	if (field_get(&r, RC_AWARD, &v) == 0)
		c->award_report = v.text;
	if (field_get(&r, RC_LW_NOTE, &v) == 0)
		c->living_wage_note = v.text;
	if (field_get(&r, RC_MS_NOTE, &v) == 0)
		c->modern_slavery_note = v.text;
	if (field_get(&r, RC_LW, &v) == 0)
		c->living_wage = (enum sv_yesno)v.num;
	if (field_get(&r, RC_MS, &v) == 0)
		c->modern_slavery = (enum sv_yesno)v.num;
	if (field_get(&r, RC_LW_DATE, &v) == 0)
		c->living_wage_date = v.date;
	if (field_get(&r, RC_MS_DATE, &v) == 0)
		c->modern_slavery_date = v.date;
	for (size_t i = 0; i < sizeof keeps / sizeof keeps[0]; i++)
		if (cells[keeps[i].field] == NULL)
			c->keep |= keeps[i].bit;
	if (field_get(&r, RC_STATUS, &v) == 0) {
		if (v.empty)
			c->keep |= DBC_KEEP_STATUS;
		c->closed = (int)v.num;
	}
	return r.faults > 0;
}

/* ---- new records and their cells ---------------------------------------------------- */

void rec_cells_free(enum rec_kind k, char **cells)
{
	size_t n;

	rec_fields(k, &n);
	for (size_t i = 0; cells != NULL && i < n; i++) {
		free(cells[i]);
		cells[i] = NULL;
	}
}

int rec_blank(enum rec_kind k, const char *const *fixed, char **cells, sv_err *err)
{
	char year[8] = "";
	sv_datetime now;
	size_t n;
	int i;

	rec_fields(k, &n);
	if (n == 0)
		return sv_err_set(err, "no such kind of record");
	for (size_t j = 0; j < n; j++)
		cells[j] = NULL;
	if (k == REC_COMMITMENT) {
		/* the year of today (SVDESK_NOW in tests) */
		if (clock_now(&now, err) != 0)
			return -1;
		fy_format(fy_of_date(now.date), year);
	}
	for (size_t j = 0; j < n; j++) {
		const char *v = "";

		if (k == REC_CONTRACT && j == RC_STATUS)
			v = "active";
		else if (k == REC_COMMITMENT && j == RK_YEAR)
			v = year;
		cells[j] = strdup(v);
		if (cells[j] == NULL)
			goto oom;
	}
	for (const char *const *p = fixed; p != NULL && p[0] != NULL && p[1] != NULL; p += 2) {
		i = rec_field_find(k, p[0]);
		if (i < 0) {
			rec_cells_free(k, cells);
			return sv_err_set(err, "no field named \"%s\"", p[0]);
		}
		free(cells[i]);
		cells[i] = strdup(p[1]);
		if (cells[i] == NULL)
			goto oom;
	}
	return 0;
oom:
	rec_cells_free(k, cells);
	return sv_err_set(err, "out of memory");
}
