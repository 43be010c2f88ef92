/* cli_check.c: svdesk check [integrity|audit|policy]... [--audit-head N:HASH].
 *
 * Findings one per line on standard output ("svdesk: audit: ..."), then the
 * chain head N:HASH when the log is clean.  The policy part is a report: a
 * heading, its findings kind by kind, then a count of each kind and the
 * total ("no findings" when clean).  Exit 0 when nothing is found, 3
 * when something is (a damaged file too, when the integrity part is
 * asked for), 1 when the database cannot be read. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "svdesk/policy.h"

#define PART_INTEGRITY 1
#define PART_AUDIT 2
#define PART_POLICY 4

/* Findings printed, at most this many a part (the count is always told). */
#define SHOW_MAX 50

struct shown {
	int n;          /* findings, every part */
	int part;       /* findings of the part under way */
	int dropped;    /* of those, not printed */
	int kind;       /* policy: the kind under way (-1 none yet) */
	int damage_ok;  /* -1: a damaged file fails the check (no integrity part) */
};

static void print_finding(void *ctx, const char *part, const char *msg)
{
	struct shown *s = ctx;

	s->n++;
	if (s->part++ < SHOW_MAX)
		sv_err_print(stdout, "svdesk: %s: %s\n", part, msg);
	else
		s->dropped++;
}

/* The policy part's "... and N more" for the kind under way. */
static void policy_more(struct shown *s)
{
	if (s->kind >= 0 && s->dropped > 0)
		printf("svdesk: policy: ... and %d more %s\n", s->dropped,
		       policy_kind_label((enum policy_kind)s->kind));
}

/* Policy findings: at most SHOW_MAX of each kind printed. */
static void print_policy(void *ctx, enum policy_kind kind, const char *msg)
{
	struct shown *s = ctx;

	if ((int)kind != s->kind) {
		policy_more(s);
		s->kind = (int)kind;
		s->part = 0;
		s->dropped = 0;
	}
	s->n++;
	if (s->part++ < SHOW_MAX)
		sv_err_print(stdout, "svdesk: policy: %s\n", msg);
	else
		s->dropped++;
}

static int run_policy(svdb *db, const struct run *r, enum money_style style, struct shown *s,
		      sv_err *err)
{
	int counts[POLICY_KINDS], k, total;
	char day[11], t[48], m[16];

	money_format(r->cfg.threshold, style, t, sizeof t);
	percent_format(r->cfg.min_weighting, m, sizeof m);
	printf("svdesk: policy: report as of %s (threshold %s, minimum weighting %s%%)\n",
	       date_format_iso(r->now.date, day), t, m);
	s->kind = -1;
	s->part = 0;
	s->dropped = 0;
	total = policy_check(db, &r->cfg, style, r->now.date, print_policy, s, counts, err);
	if (total < 0)
		return -1;
	policy_more(s);
	for (k = 0; k < POLICY_KINDS; k++)
		printf("svdesk: policy: %s: %d\n", policy_kind_label((enum policy_kind)k),
		       counts[k]);
	if (total == 0)
		printf("svdesk: policy: no findings\n");
	else
		printf("svdesk: policy: %d finding%s\n", total, total == 1 ? "" : "s");
	return total;
}

/* "N:HASH": N a positive decimal, HASH exactly 64 hex digits. */
static int parse_head(const char *s, int64_t *n, char hash[65])
{
	const char *colon = strchr(s, ':');
	char *end;
	size_t i;

	if (colon == NULL || colon == s || !isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	*n = strtoll(s, &end, 10);
	if (errno != 0 || end != colon || *n < 1)
		return -1;
	if (strlen(colon + 1) != 64)
		return -1;
	for (i = 0; i < 64; i++) {
		unsigned char c = (unsigned char)colon[1 + i];

		if (!isxdigit(c))
			return -1;
		hash[i] = (char)tolower(c);
	}
	hash[64] = '\0';
	return 0;
}

static int parse_parts(const struct run *r, unsigned *parts)
{
	int i;

	*parts = 0;
	for (i = 1; i < r->cli.nargs; i++) {   /* args[0] is "check" */
		const char *a = r->cli.args[i];

		if (strcmp(a, "integrity") == 0)
			*parts |= PART_INTEGRITY;
		else if (strcmp(a, "audit") == 0)
			*parts |= PART_AUDIT;
		else if (strcmp(a, "policy") == 0)
			*parts |= PART_POLICY;
		else
			return cli_usage_error("check: unknown part '%s' (integrity, audit or policy)", a);
	}
	/* --audit-head alone checks the head only (spec: exit 0 when the log
	 * still begins with it, 3 when not) */
	if (*parts == 0 && r->cli.audit_head == NULL)
		*parts = PART_INTEGRITY | PART_AUDIT | PART_POLICY;
	return EXIT_OK;
}

/* A part that met a damaged file: the damage is its finding (1), and
 * the check goes on; 0 for any other failure. */
static int damaged(struct shown *s, const char *part, const sv_err *err)
{
	if (err->code != DB_E_DAMAGED || s->damage_ok < 0)
		return 0;
	s->part = 0;
	print_finding(s, part, err->msg);
	return 1;
}

static int run_part(svdb *db, const struct run *r, int which, struct shown *s, sv_err *err)
{
	const char *codeset = nl_langinfo(CODESET);
	enum money_style style = codeset != NULL && strcmp(codeset, "UTF-8") == 0
		? MONEY_POUND : MONEY_GBP;
	int before = s->n, k;

	s->part = 0;
	s->dropped = 0;
	if (which == PART_INTEGRITY)
		k = db_check_integrity(db, print_finding, s, err);
	else if (which == PART_AUDIT)
		k = db_check_audit(db, print_finding, s, err);
	else
		return run_policy(db, r, style, s, err);
	if (k > 0 && s->dropped > 0)
		printf("svdesk: %s: ... and %d more findings\n", which == PART_INTEGRITY
		       ? "integrity" : "audit", s->dropped);
	return k < 0 ? -1 : s->n - before;
}

int cmd_check(struct run *r)
{
	struct shown s = { 0, 0, 0, -1, 0 };
	unsigned parts = 0;
	int64_t head_n = 0, entries = 0;
	char head_hash[65] = "", hash[65], why[512];
	sv_err err = { 0 };
	svdb *db = NULL;
	int rc, found = 0, audit_found = -1;

	rc = parse_parts(r, &parts);
	if (rc != EXIT_OK)
		return rc;
	if (r->cli.audit_head != NULL && parse_head(r->cli.audit_head, &head_n, head_hash) != 0)
		return cli_usage_error("--audit-head '%s': a chain head is N:HASH (the number of "
				       "entries, a colon, and 64 hex digits)", r->cli.audit_head);
	/* A damaged file is what the integrity part is for: a finding (exit
	 * 3), not a failure to run (exit 1), even when it cannot be opened.
	 * (The policy report or the audit alone cannot be made: exit 1.) */
	if (!(parts & PART_INTEGRITY))
		s.damage_ok = -1;
	if (cli_open_db_err(r, &db, &err) < 0) {
		if (err.code != DB_E_DAMAGED || s.damage_ok < 0)
			return cli_db_exit(&err);
		print_finding(&s, "integrity", err.msg);
		goto done;
	}
	if (parts & PART_INTEGRITY) {
		int k = run_part(db, r, PART_INTEGRITY, &s, &err);

		if (k < 0 && !damaged(&s, "integrity", &err))
			goto fail;
		found += k < 0 ? 0 : k;
	}
	if (parts & PART_AUDIT) {
		audit_found = run_part(db, r, PART_AUDIT, &s, &err);
		if (audit_found < 0 && !damaged(&s, "audit", &err))
			goto fail;
		found += audit_found < 0 ? 0 : audit_found;
	}
	if (parts & PART_POLICY) {
		int k = run_part(db, r, PART_POLICY, &s, &err);

		if (k < 0 && !damaged(&s, "policy", &err))
			goto fail;
		found += k < 0 ? 0 : k;
	}
	if (s.n > found)          /* damage met by a part */
		goto done;
	if (r->cli.audit_head != NULL) {
		int ok = db_audit_head_verify(db, head_n, head_hash, why, sizeof why, &err);

		if (ok < 0)
			goto fail;
		if (ok)
			printf("svdesk: audit: the log still begins with %" PRId64 ":%s\n",
			       head_n, head_hash);
		else {
			printf("svdesk: audit: the log does not begin with %" PRId64 ":%s: %s\n",
			       head_n, head_hash, why);
			found++;
		}
	}
	/* The head is printed only after a clean audit check: after a check of
	 * the head alone it would read as if the whole log had been checked. */
	if (audit_found == 0) {
		if (db_audit_head(db, &entries, hash, &err) < 0)
			goto fail;
		if (entries > 0)
			printf("audit head %" PRId64 ":%s\n", entries, hash);
	}
done:
	db_close(&db);
	found = s.n > found ? s.n : found;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		sv_err_print(stderr, "svdesk: check: cannot write the findings to standard output: %s\n",
			strerror(errno));
		return EXIT_RUNTIME;
	}
	return found > 0 ? EXIT_REJECTED : EXIT_OK;
fail:
	db_close(&db);
	return cli_db_exit(&err);
}
