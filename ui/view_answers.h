/* view_answers.h: the OPCC questionnaire's section of a contract's page
 * (ui/view_answers.c), hooked into ui/view_contract.c. */
#ifndef SVDESK_UI_VIEW_ANSWERS_H
#define SVDESK_UI_VIEW_ANSWERS_H

#include <stdint.h>

#include "svdesk/db.h"
#include "svdesk/error.h"

#include "page.h"

struct answers;

/* The section's state (NULL when out of memory). */
struct answers *answers_new(void);
void answers_free(struct answers *a);

/* Read the contract's answers and their versions (an OPCC contract's;
 * opcc 0: no section).  Inside the page's read snapshot.  0 or -1. */
int answers_load(struct answers *a, svdb *db, int64_t contract_id, const char *ref, int opcc,
		 sv_err *err);

/* Its lines at the end of the page being built: a heading, then one
 * selectable item a question (PAGE_ANSWER, the topic's place from 1). */
void answers_section(const struct answers *a, struct page *p, struct tui *t);

/* E, Enter or D on a question's line: 1 when handled (the answer asked
 * and saved, or deleted after asking), 0 for any other line or action. */
int answers_act(struct answers *a, struct tui *t, const struct page_line *sel,
		enum action_id act);

#endif
