/* view_help.c: every key of the view below, from the keymap. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define HELP_LINES 128
#define HELP_WIDTH 160

struct help {
	char view[64];             /* the view it is about */
	char lines[HELP_LINES][HELP_WIDTH];
	int heading[HELP_LINES];   /* 1 for a heading line */
	int n;
	int top;
	int height;
};

static void add(struct help *h, int heading, const char *text)
{
	if (h->n == HELP_LINES)
		return;
	snprintf(h->lines[h->n], HELP_WIDTH, "%s", text);
	h->heading[h->n] = heading;
	h->n++;
}

static const struct {
	unsigned ctx;
	const char *title;
} groups[] = {
	{ CTX_GLOBAL, "Everywhere" },
	{ CTX_MOVE, "Moving" },
	{ CTX_LIST, "Lists" },
	{ CTX_TREE, "Trees (folding)" },
	{ CTX_DETAIL, "A record's page" },
	{ CTX_REPORTS, "Reports" },
	{ CTX_HIGHLIGHTS, "Highlights" },
	{ CTX_DECIDE, "Decisions" },
	{ CTX_QUEUE, "The returns queue" },
	{ CTX_PROXIES, "Proxy sets" },
};

/* The keys as bound now (defaults, or [keys] of svdesk.ini), grouped by
 * context; an action of two groups is listed under the first. */
static void build(struct help *h, const keymap *km, const struct view *about)
{
	const char *view = about->ops->name;
	unsigned contexts = about->ops->contexts;
	char line[HELP_WIDTH];
	unsigned shown = 0;

	snprintf(line, sizeof line, "Keys of the %s view", view);
	add(h, 1, line);
	add(h, 0, "");
	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		int any = 0;

		if (!(contexts & groups[g].ctx))
			continue;
		for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
			char keys[64];
			unsigned ctx = action_contexts((enum action_id)a);

			if (!(ctx & groups[g].ctx) || (ctx & shown & contexts) ||
			    !ui_offers(about, (enum action_id)a))
				continue;
			if (!any)
				add(h, 1, groups[g].title);
			any = 1;
			keymap_label(km, (enum action_id)a, keys, sizeof keys);
			if (keys[0] == '\0')
				snprintf(keys, sizeof keys, "(unbound: %s)", action_name((enum action_id)a));
			snprintf(line, sizeof line, "  %-16s %s", keys, action_help((enum action_id)a));
			add(h, 0, line);
		}
		if (any)
			add(h, 0, "");
		shown |= groups[g].ctx;
	}
	add(h, 1, "On the screen");
	add(h, 0, "  *                after the proxy set in the title bar: its values are");
	add(h, 0, "                   illustrative, not licensed proxies");
	add(h, 0, "  \xc2\xb7                in a name: a character that is not shown (a control,");
	add(h, 0, "                   bidi or zero-width character); '?' in a plain locale");
	add(h, 0, "  DEMO, READ-ONLY  a demo database; one that cannot be written");
	if (strcmp(view, "proxies") == 0) {
		/* the marks of the proxy sets (view_proxies.c) */
		add(h, 0, "  >                the selected set, the one to make current");
		add(h, 0, "  * current        the set new commitments take their proxies from;");
		add(h, 0, "                   a commitment keeps the proxy it was made under");
		add(h, 0, "  record only, -   the set lists the measure without a proxy; the set");
		add(h, 0, "                   does not list it");
	}
	if (strcmp(view, "contracts") == 0) {
		/* the marks of the contracts list (view_contracts.c) */
		add(h, 0, "  \xe2\x96\xb2 \xe2\x96\xbc              in a heading: the list is sorted on it, up or down");
		add(h, 0, "                   (^ v outside UTF-8)");
		add(h, 0, "  RAG              validated against the share of committed due by the");
		add(h, 0, "                   current quarter (Q4 of a past year); - for a future");
		add(h, 0, "                   year or nothing committed");
		add(h, 0, "  Flags E          policy exception: value over the threshold, SV");
		add(h, 0, "                   weighting under the minimum");
		add(h, 0, "  Flags M          a return missing for a quarter of the year that ended");
		add(h, 0, "  Flags A          return lines awaiting validation in the year");
	}
	add(h, 0, "");
	add(h, 0, "Keys can be rebound by action name in the [keys] section of svdesk.ini;");
	add(h, 0, "svdesk --help-keys lists the action names.");
}

static void help_draw(struct view *v, struct tui *t, int y0, int h)
{
	struct help *hp = v->priv;

	for (int i = 0; i < h; i++) {
		int line = hp->top + i;

		if (line < hp->n) {
			ui_set_role(hp->heading[line] ? ROLE_HEADER : ROLE_NORMAL);
			ui_fill(y0 + i, 0, 1);
			ui_text(t, y0 + i, 1, t->cols - 1, ALIGN_LEFT, hp->lines[line]);
		} else {
			ui_set_role(ROLE_NORMAL);
			ui_fill(y0 + i, 0, t->cols);
		}
	}
	ui_set_role(ROLE_NORMAL);
}

static int help_act(struct view *v, struct tui *t, enum action_id a)
{
	struct help *h = v->priv;
	int max_top = h->n - h->height;

	(void)t;
	if (max_top < 0)
		max_top = 0;
	switch (a) {
	case ACT_DOWN: h->top++; break;
	case ACT_UP: h->top--; break;
	case ACT_PAGE_DOWN: h->top += h->height; break;
	case ACT_PAGE_UP: h->top -= h->height; break;
	case ACT_FIRST: h->top = 0; break;
	case ACT_LAST: h->top = max_top; break;
	default:
		return 0;
	}
	if (h->top > max_top)
		h->top = max_top;
	if (h->top < 0)
		h->top = 0;
	return 1;
}

static void help_resize(struct view *v, struct tui *t, int height)
{
	struct help *h = v->priv;

	(void)t;
	h->height = height;
	if (h->top > h->n - height)
		h->top = h->n - height > 0 ? h->n - height : 0;
}

static void help_position(struct view *v, char *buf, size_t n)
{
	struct help *h = v->priv;
	int last = h->top + h->height < h->n ? h->top + h->height : h->n;

	snprintf(buf, n, "lines %d-%d of %d", h->n > 0 ? h->top + 1 : 0, last, h->n);
}

static void help_title(struct view *v, char *buf, size_t n)
{
	struct help *h = v->priv;

	snprintf(buf, n, "Help: %s", h->view);
}

static void help_close(struct view *v)
{
	free(v->priv);
	free(v);
}

static const struct view_ops help_ops = {
	.name = "help",
	.contexts = CTX_GLOBAL | CTX_MOVE,
	.draw = help_draw,
	.act = help_act,
	.resize = help_resize,
	.cursor = NULL,
	.position = help_position,
	.close = help_close,
	.title = help_title,
};

struct view *view_help_new(struct tui *t, const struct view *about, sv_err *err)
{
	struct view *v = calloc(1, sizeof *v);
	struct help *h = calloc(1, sizeof *h);

	if (v == NULL || h == NULL) {
		free(v);
		free(h);
		sv_err_set(err, "out of memory");
		return NULL;
	}
	snprintf(h->view, sizeof h->view, "%s", about->ops->name);
	build(h, t->km, about);
	v->ops = &help_ops;
	v->priv = h;
	return v;
}
