/* policy.h: the force's procurement policy rules (spec "Board reports").
 *
 * A policy exception is a contract whose value is above [policy] threshold
 * and whose social value weighting is below [policy] min_weighting. */
#ifndef SVDESK_POLICY_H
#define SVDESK_POLICY_H

#include "svdesk/db.h"
#include "svdesk/money.h"
#include "svdesk/settings.h"

/* 1 when a contract of this value (pence) and weighting (tenths of a
 * percent) is a policy exception under cfg, else 0. */
int policy_is_exception(const sv_config *cfg, sv_pence value, int sv_weight);

/* svdesk check policy: each exception to fn (part "policy"), contracts in
 * ref order, money in the style given.  Returns the number of findings, or
 * -1 (err set). */
int policy_check(svdb *db, const sv_config *cfg, enum money_style style,
		 db_finding_fn fn, void *ctx, sv_err *err);

#endif
