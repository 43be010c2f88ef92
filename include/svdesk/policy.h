/* policy.h: the force's procurement policy rules (spec "Board reports").
 *
 * A policy exception is a contract whose value is above [policy] threshold
 * and whose social value weighting is below [policy] min_weighting. */
#ifndef SVDESK_POLICY_H
#define SVDESK_POLICY_H

#include "svdesk/db.h"
#include "svdesk/money.h"
#include "svdesk/period.h"
#include "svdesk/settings.h"

/* 1 when a contract of this value (pence) is above [policy] threshold. */
int policy_over_threshold(const sv_config *cfg, sv_pence value);

/* 1 when a contract of this value (pence) and weighting (tenths of a
 * percent) is a policy exception under cfg, else 0. */
int policy_is_exception(const sv_config *cfg, sv_pence value, int sv_weight);

/* Days after a quarter's end, or after a query, beyond which a missing
 * return is overdue and a line in query is reported. */
#define POLICY_DAYS 30

/* The kinds of finding of svdesk check policy, in the order reported. */
enum policy_kind {
	POLICY_EXCEPTION,      /* above the threshold, weighting under the minimum */
	POLICY_OUTSIDE,        /* a commitment's year outside its contract's dates */
	POLICY_OVERDUE,        /* a quarter ended > POLICY_DAYS ago without its lines */
	POLICY_QUERY,          /* a line in query for > POLICY_DAYS */
	POLICY_UNANSWERED,     /* above the threshold, no living-wage or slavery answer */
	POLICY_KINDS
};

/* The kind as a count's label: "policy exceptions", ... */
const char *policy_kind_label(enum policy_kind k);

typedef void (*policy_finding_fn)(void *ctx, enum policy_kind kind, const char *msg);

/* svdesk check policy as of `today`: each finding to fn, kind by kind in
 * the order above, each kind's by contract ref (overdue returns by quarter,
 * then in the missing returns' order); money in the style given;
 * counts[k] the number of each kind.  Returns the number of findings, or
 * -1 (err set). */
int policy_check(svdb *db, const sv_config *cfg, enum money_style style, sv_date today,
		 policy_finding_fn fn, void *ctx, int counts[POLICY_KINDS], sv_err *err);

#endif
