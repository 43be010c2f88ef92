#include "config.h"

/* policy.c: the force's procurement policy rules (see policy.h). */

#include <stdio.h>
#include <stdlib.h>

#include "svdesk/policy.h"

#define PAGE 256

int policy_is_exception(const sv_config *cfg, sv_pence value, int sv_weight)
{
	return value > cfg->threshold && sv_weight < cfg->min_weighting;
}

int policy_check(svdb *db, const sv_config *cfg, enum money_style style,
		 db_finding_fn fn, void *ctx, sv_err *err)
{
	db_contract_row *rows = malloc(PAGE * sizeof *rows);
	char after_ref[sizeof rows[0].ref] = "", v[48], t[48], w[16], m[16], msg[1024];
	int64_t after_id = 0;
	int n, i, found = 0, first = 1;

	if (rows == NULL)
		return sv_err_set(err, "out of memory");
	money_format(cfg->threshold, style, t, sizeof t);
	percent_format(cfg->min_weighting, m, sizeof m);
	do {
		n = db_contracts_page(db, first ? NULL : after_ref, after_id, 1, rows, PAGE, err);
		if (n < 0) {
			free(rows);
			return -1;
		}
		for (i = 0; i < n; i++) {
			const db_contract_row *c = &rows[i];

			if (!policy_is_exception(cfg, c->value, c->sv_weight))
				continue;
			money_format(c->value, style, v, sizeof v);
			percent_format(c->sv_weight, w, sizeof w);
			snprintf(msg, sizeof msg, "contract %s (%s, %s): value %s is above the "
				 "threshold %s and its social value weighting %s%% is below %s%% "
				 "(a policy exception)", c->ref, c->supplier, body_name(c->body), v, t,
				 w, m);
			found++;
			if (fn != NULL)
				fn(ctx, "policy", msg);
		}
		if (n > 0) {
			snprintf(after_ref, sizeof after_ref, "%s", rows[n - 1].ref);
			after_id = rows[n - 1].id;
		}
		first = 0;
	} while (n == PAGE);
	free(rows);
	return found;
}
