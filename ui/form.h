/* form.h: the form's state, shared by its loop and rules (form.c) and its
 * view: the fields read, laid out and drawn (form_view.c). */
#ifndef SVDESK_UI_FORM_H
#define SVDESK_UI_FORM_H

#include <stddef.h>
#include <stdint.h>

#include "ui.h"

/* A field's buffer: more than any rule allows (4,000 bytes of text), so
 * that the rule, not the editor, says a text is too long. */
#define FORM_VALUE_MAX 8192

struct form {
	struct tui *t;
	enum rec_kind kind;
	int64_t id;                        /* 0: a new record */
	int64_t version;                   /* the version read */
	const rec_field *f;
	size_t nf;
	char *orig[REC_FIELDS_MAX];        /* as read (or blank) */
	char *val[REC_FIELDS_MAX];         /* as typed, FORM_VALUE_MAX bytes */
	char *problem[REC_FIELDS_MAX];     /* a field's message, NULL when none */
	int fixed[REC_FIELDS_MAX];         /* shown, never typed in here */
	int visited[REC_FIELDS_MAX];       /* left once: its problems show */
	int shown[REC_FIELDS_MAX];         /* the fields on the form, in order */
	int nshown;
	int cur;                           /* the current field, an index of shown */
	int new_supplier;                  /* the supplier typed is not one yet */
	struct editline ed;                /* on the current field when it is text */
	int ed_field;                      /* the field ed edits, -1 none */
	char title[320];                   /* "Add contract", "Edit contract X" */
	char notice[SV_ERR_MAX + 96];      /* why the save was refused (a stale
					    * record), under the heading; "" none */
	/* the layout (form_view.c) */
	int height;                        /* rows of the body */
	int top;                           /* the first field row shown */
	int cur_row, cur_x;                /* the cursor, in the body; -1 none */
};

/* A form's view (not yet pushed): the record read, or a blank one. */
struct view *form_new(struct tui *t, enum rec_kind k, int64_t id, const char *const *fixed,
		      sv_err *err);
/* The number of fields shown with a problem, and the first (an index of
 * shown, -1 none). */
int form_problems(const struct form *f, int *first);
/* The field (an index of shown) on body row, or -1. */
int form_field_at(const struct form *f, int row);

#endif
