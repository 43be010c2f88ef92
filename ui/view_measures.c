/* view_measures.c: the measures tree (key 2).  Themes hold outcomes, which
 * hold measures; each node shows the year's £SV committed, delivered and
 * validated (a theme's and an outcome's are the sums of their measures'),
 * and each measure its figures in its own unit.  The tree is the
 * catalogue's size, not the data's, so its nodes are held in memory, and a
 * fold, a search or a move never goes back to the database; a change of
 * year reloads it whole, keeping what was unfolded and selected. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/browse.h"
#include "svdesk/db.h"
#include "svdesk/period.h"
#include "ui.h"

enum {
	COL_NAME, COL_CONTRACTS, COL_COMMITTED, COL_DELIVERED, COL_VALIDATED,
	COL_QCOMMITTED, COL_QDELIVERED, COL_QVALIDATED, COL_UNIT, NCOLS
};

/* When the row is narrow the quantities leave first (the detail lines at
 * the foot show them for the selected measure), then the count, then the
 * delivered figure: money is left out whole rather than cut. */
static const struct ui_column columns[NCOLS] = {
	[COL_NAME] = { "Measure", 0, 12, 1, ALIGN_LEFT, 0 },
	[COL_CONTRACTS] = { "Contracts", 9, 0, 0, ALIGN_RIGHT, 2 },
	[COL_COMMITTED] = { "Committed", 0, 0, 0, ALIGN_RIGHT, 0 },
	[COL_DELIVERED] = { "Delivered", 0, 0, 0, ALIGN_RIGHT, 1 },
	[COL_VALIDATED] = { "Validated", 0, 0, 0, ALIGN_RIGHT, 0 },
	[COL_QCOMMITTED] = { "Units comm.", 0, 0, 0, ALIGN_RIGHT, 3 },
	[COL_QDELIVERED] = { "Units deliv.", 0, 0, 0, ALIGN_RIGHT, 3 },
	[COL_QVALIDATED] = { "Units valid.", 0, 0, 0, ALIGN_RIGHT, 3 },
	[COL_UNIT] = { "Unit", 7, 0, 0, ALIGN_LEFT, 3 },
};

#define RECORD_ONLY "record only"
#define DETAIL_ROWS 2        /* the selected node in full, at the foot */

struct node {
	enum browse_node kind;
	int64_t id;
	char *key, *title, *unit;
	char *folded;              /* key and title as search sees them */
	int record_only;
	sv_pence committed, delivered, validated;
	sv_qty q_committed, q_delivered, q_validated;
	int64_t contracts;
	int parent;                /* index of the parent node, -1 for a theme */
	int depth;                 /* 0 theme, 1 outcome, 2 measure */
	int children;              /* direct children */
	int open;                  /* unfolded */
};

struct measures {
	struct tui *t;
	struct node *nodes;
	int n, cap;
	int *vis;                  /* the nodes shown, in order: indexes into nodes */
	int nvis;
	int sel;                   /* index into vis */
	int top;                   /* the first of vis on screen */
	int body_h;                /* the body area's rows */
	int fy;                    /* the year the figures are for */
	int loaded;
	int codew;                 /* the widest measure code, in columns */
	struct ui_column cols[NCOLS];
	int widths[NCOLS];
	int laid_out_for;          /* the width the columns were computed for */
	char search[256];          /* the last search, as typed */
	char search_folded[1024];
};

/* ---- loading ------------------------------------------------------------ */

static void nodes_free(struct node *nodes, int n)
{
	for (int i = 0; i < n; i++) {
		free(nodes[i].key);
		free(nodes[i].title);
		free(nodes[i].unit);
		free(nodes[i].folded);
	}
	free(nodes);
}

static char *dup_or_empty(const char *s)
{
	return strdup(s != NULL ? s : "");
}

struct loader {
	struct measures *m;
	int theme, outcome;        /* the last theme and outcome seen */
	sv_err *err;
};

static int load_node(void *ctx, const browse_tree_rec *r)
{
	struct loader *ld = ctx;
	struct measures *m = ld->m;
	struct node *nd;
	char *both;
	size_t len, fsize;

	if (m->n == m->cap) {
		int cap = m->cap > 0 ? m->cap * 2 : 64;
		struct node *p = realloc(m->nodes, (size_t)cap * sizeof *p);

		if (p == NULL)
			return sv_err_set(ld->err, "out of memory");
		m->nodes = p;
		m->cap = cap;
	}
	nd = &m->nodes[m->n];
	memset(nd, 0, sizeof *nd);
	nd->kind = r->kind;
	nd->id = r->id;
	nd->record_only = r->record_only;
	nd->committed = r->committed;
	nd->delivered = r->delivered;
	nd->validated = r->validated;
	nd->q_committed = r->q_committed;
	nd->q_delivered = r->q_delivered;
	nd->q_validated = r->q_validated;
	nd->contracts = r->contracts;
	nd->key = dup_or_empty(r->key);
	nd->title = dup_or_empty(r->title);
	nd->unit = dup_or_empty(r->unit);
	/* Search sees the key and the title as one text, folded like every
	 * other search (case and accents gone).  Folding can lengthen a
	 * character's encoding, hence the room. */
	len = strlen(nd->key) + 1 + strlen(nd->title);
	fsize = len * 3 + 1;
	both = malloc(len + 1);
	nd->folded = malloc(fsize);
	m->n++;     /* owned from here: freed with the rest on failure */
	if (nd->key == NULL || nd->title == NULL || nd->unit == NULL || both == NULL ||
	    nd->folded == NULL) {
		free(both);
		return sv_err_set(ld->err, "out of memory");
	}
	snprintf(both, len + 1, "%s %s", nd->key, nd->title);
	browse_fold(both, nd->folded, fsize);
	free(both);

	switch (r->kind) {
	case BN_THEME:
		nd->parent = -1;
		nd->depth = 0;
		ld->theme = m->n - 1;
		ld->outcome = -1;
		break;
	case BN_OUTCOME:
		nd->parent = ld->theme;
		nd->depth = 1;
		ld->outcome = m->n - 1;
		break;
	case BN_MEASURE:
	default:
		/* a measure directly under a theme would be a catalogue fault;
		 * it still shows, one level in */
		nd->parent = ld->outcome >= 0 ? ld->outcome : ld->theme;
		nd->depth = nd->parent >= 0 ? m->nodes[nd->parent].depth + 1 : 0;
		break;
	}
	if (nd->parent >= 0)
		m->nodes[nd->parent].children++;
	return 0;
}

static int find_node(const struct node *nodes, int n, enum browse_node kind, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (nodes[i].kind == kind && nodes[i].id == id)
			return i;
	return -1;
}

static void rebuild_visible(struct measures *m)
{
	m->nvis = 0;
	for (int i = 0; i < m->n; i++) {
		int p = m->nodes[i].parent, shown = 1;

		for (; p >= 0; p = m->nodes[p].parent)
			if (!m->nodes[p].open) {
				shown = 0;
				break;
			}
		if (shown)
			m->vis[m->nvis++] = i;
	}
}

static int vis_index(const struct measures *m, int node)
{
	for (int i = 0; i < m->nvis; i++)
		if (m->vis[i] == node)
			return i;
	return -1;
}

static int tree_rows(const struct measures *m)
{
	int h = m->body_h - 1;     /* the column headings */

	if (h >= 6 + DETAIL_ROWS)
		h -= DETAIL_ROWS;
	return h > 1 ? h : 1;
}

static void scroll_to_selection(struct measures *m)
{
	int rows = tree_rows(m);

	if (m->sel >= m->nvis)
		m->sel = m->nvis > 0 ? m->nvis - 1 : 0;
	if (m->sel < 0)
		m->sel = 0;
	if (m->sel < m->top)
		m->top = m->sel;
	if (m->sel >= m->top + rows)
		m->top = m->sel - rows + 1;
	if (m->top > m->nvis - rows)
		m->top = m->nvis - rows;
	if (m->top < 0)
		m->top = 0;
}

/* Read the tree for year fy.  What was unfolded and selected stays so; on
 * the first load the themes are unfolded (the outcomes show) and the
 * outcomes folded. */
static int load(struct measures *m, int fy, sv_err *err)
{
	struct node *old = m->nodes;
	int old_n = m->n, first = !m->loaded;
	int sel_kind = -1;
	int64_t sel_id = 0;
	struct loader ld = { m, -1, -1, err };
	int *vis;

	if (!first && m->nvis > 0) {
		sel_kind = (int)old[m->vis[m->sel]].kind;
		sel_id = old[m->vis[m->sel]].id;
	}
	m->nodes = NULL;
	m->n = m->cap = 0;
	if (browse_measure_tree(m->t->o->db, fy, load_node, &ld, err) < 0) {
		nodes_free(m->nodes, m->n);
		m->nodes = old;
		m->n = m->cap = old_n;
		return -1;
	}
	vis = realloc(m->vis, (size_t)(m->n > 0 ? m->n : 1) * sizeof *vis);
	if (vis == NULL) {
		nodes_free(m->nodes, m->n);
		m->nodes = old;
		m->n = m->cap = old_n;
		return sv_err_set(err, "out of memory");
	}
	m->vis = vis;
	m->codew = 0;
	for (int i = 0; i < m->n; i++) {
		struct node *nd = &m->nodes[i];

		if (first) {
			nd->open = nd->kind == BN_THEME;
		} else {
			int o = find_node(old, old_n, nd->kind, nd->id);

			nd->open = o >= 0 ? old[o].open : 0;
		}
		if (nd->kind == BN_MEASURE && ui_width(nd->key) > m->codew)
			m->codew = ui_width(nd->key);
	}
	nodes_free(old, old_n);
	rebuild_visible(m);
	m->sel = 0;
	if (sel_kind >= 0) {
		int i = find_node(m->nodes, m->n, (enum browse_node)sel_kind, sel_id);

		if (i >= 0 && vis_index(m, i) >= 0)
			m->sel = vis_index(m, i);
	}
	m->fy = fy;
	m->loaded = 1;
	m->laid_out_for = 0;       /* the money columns' widths follow the figures */
	scroll_to_selection(m);
	return 0;
}

/* The year shown is the desk's: another view (the year picker of a list
 * above this one) may have changed it. */
static void follow_year(struct measures *m, struct tui *t)
{
	sv_err err = { 0 };

	if (m->loaded && m->fy == t->fy)
		return;
	if (load(m, t->fy, &err) < 0) {
		ui_status(t, 1, "%s", err.msg);
		m->fy = t->fy;     /* not again at every draw */
	}
}

/* ---- drawing ------------------------------------------------------------ */

static void layout(struct measures *m, struct tui *t)
{
	sv_pence maxc = 0, maxd = 0, maxv = 0;
	sv_qty qc = 0, qd = 0, qv = 0;
	int any_record_only = 0;
	char buf[64];

	if (m->laid_out_for == t->cols)
		return;
	for (int i = 0; i < m->n; i++) {
		const struct node *nd = &m->nodes[i];

		if (nd->committed > maxc)
			maxc = nd->committed;
		if (nd->delivered > maxd)
			maxd = nd->delivered;
		if (nd->validated > maxv)
			maxv = nd->validated;
		if (nd->kind != BN_MEASURE)
			continue;
		if (nd->record_only)
			any_record_only = 1;
		if (nd->q_committed > qc)
			qc = nd->q_committed;
		if (nd->q_delivered > qd)
			qd = nd->q_delivered;
		if (nd->q_validated > qv)
			qv = nd->q_validated;
	}
	memcpy(m->cols, columns, sizeof columns);
	/* Money is never cut: each money column is as wide as its widest
	 * figure over the whole tree (themes hold the sums). */
	m->cols[COL_COMMITTED].width = ui_money_width(t, maxc, columns[COL_COMMITTED].title);
	if (any_record_only && m->cols[COL_COMMITTED].width < (int)strlen(RECORD_ONLY))
		m->cols[COL_COMMITTED].width = (int)strlen(RECORD_ONLY);
	m->cols[COL_DELIVERED].width = ui_money_width(t, maxd, columns[COL_DELIVERED].title);
	m->cols[COL_VALIDATED].width = ui_money_width(t, maxv, columns[COL_VALIDATED].title);
	qty_format(qc, 1, buf, sizeof buf);
	m->cols[COL_QCOMMITTED].width = ui_width(buf) > ui_width(columns[COL_QCOMMITTED].title) ?
		ui_width(buf) : ui_width(columns[COL_QCOMMITTED].title);
	qty_format(qd, 1, buf, sizeof buf);
	m->cols[COL_QDELIVERED].width = ui_width(buf) > ui_width(columns[COL_QDELIVERED].title) ?
		ui_width(buf) : ui_width(columns[COL_QDELIVERED].title);
	qty_format(qv, 1, buf, sizeof buf);
	m->cols[COL_QVALIDATED].width = ui_width(buf) > ui_width(columns[COL_QVALIDATED].title) ?
		ui_width(buf) : ui_width(columns[COL_QVALIDATED].title);
	ui_columns_layout(m->cols, NCOLS, t->cols, m->widths);
	/* The quantities go together or not at all (a figure without its
	 * unit reads as something else): when any is left out, lay out again
	 * without them, and the name has their room. */
	for (int i = COL_QCOMMITTED; i < NCOLS; i++)
		if (m->widths[i] <= 0) {
			ui_columns_layout(m->cols, COL_QCOMMITTED, t->cols, m->widths);
			for (int k = COL_QCOMMITTED; k < NCOLS; k++)
				m->widths[k] = 0;
			break;
		}
	m->laid_out_for = t->cols;
}

static void draw_cells(struct measures *m, struct tui *t, int y, const char *const cells[NCOLS])
{
	int x = 0, first = 1;

	for (int i = 0; i < NCOLS; i++) {
		if (m->widths[i] <= 0)
			continue;      /* left out: the row is too narrow */
		if (!first) {
			ui_fill(y, x, 1);
			x++;
		}
		first = 0;
		ui_text(t, y, x, m->widths[i], m->cols[i].align, cells[i] != NULL ? cells[i] : "");
		x += m->widths[i];
	}
	if (x < t->cols)
		ui_fill(y, x, t->cols - x);
}

/* The name cell: indentation by depth, the fold marker of a branch, then
 * the theme's name or the measure's code (codes padded so that the titles
 * line up) and the title. */
static void name_cell(const struct measures *m, const struct tui *t, const struct node *nd,
		      char *buf, size_t n)
{
	const char *marker = "  ";
	size_t len;

	if (nd->children > 0)
		marker = nd->open ? (t->utf8 ? "\u25be " : "- ") : (t->utf8 ? "\u25b8 " : "+ ");
	snprintf(buf, n, "%*s%s", nd->depth * 2, "", marker);
	len = strlen(buf);
	if (nd->kind == BN_MEASURE) {
		int pad = m->codew - ui_width(nd->key) + 2;

		snprintf(buf + len, n - len, "%s%*s%s", nd->key, pad, "", nd->title);
	} else if (nd->key[0] != '\0') {
		snprintf(buf + len, n - len, "%s  %s", nd->key, nd->title);
	} else {
		snprintf(buf + len, n - len, "%s", nd->title);
	}
}

static void draw_node(struct measures *m, struct tui *t, int y, const struct node *nd,
		      int selected)
{
	char name[1200], count[24], c[40], d[40], v[40], qc[40], qd[40], qv[40];
	const char *cells[NCOLS] = { 0 };

	name_cell(m, t, nd, name, sizeof name);
	/* a contract commits to measures: a branch has no count of its own
	 * (its measures' counts would count a contract more than once) */
	snprintf(count, sizeof count, "%lld", (long long)nd->contracts);
	cells[COL_NAME] = name;
	cells[COL_CONTRACTS] = nd->kind == BN_MEASURE ? count : "";
	if (nd->kind == BN_MEASURE && nd->record_only) {
		/* no proxy in the current set: no £SV, only units */
		cells[COL_COMMITTED] = RECORD_ONLY;
		cells[COL_DELIVERED] = cells[COL_VALIDATED] = "-";
	} else {
		cells[COL_COMMITTED] = money_format(nd->committed, t->money, c, sizeof c);
		cells[COL_DELIVERED] = money_format(nd->delivered, t->money, d, sizeof d);
		cells[COL_VALIDATED] = money_format(nd->validated, t->money, v, sizeof v);
	}
	if (nd->kind == BN_MEASURE) {
		cells[COL_QCOMMITTED] = qty_format(nd->q_committed, 1, qc, sizeof qc);
		cells[COL_QDELIVERED] = qty_format(nd->q_delivered, 1, qd, sizeof qd);
		cells[COL_QVALIDATED] = qty_format(nd->q_validated, 1, qv, sizeof qv);
		cells[COL_UNIT] = nd->unit;
	}
	ui_set_role(selected ? ROLE_SELECTED : ROLE_NORMAL);
	draw_cells(m, t, y, cells);
	ui_set_role(ROLE_NORMAL);
}

static int count_kind(const struct measures *m, int parent, enum browse_node kind)
{
	int k = 0;

	for (int i = parent + 1; i < m->n && m->nodes[i].depth > m->nodes[parent].depth; i++)
		if (m->nodes[i].kind == kind)
			k++;
	return k;
}

/* The selected node in full at the foot: its whole title, then its
 * figures in words (a measure's in its unit, which the narrow layout
 * leaves out of the rows). */
static void draw_detail(struct measures *m, struct tui *t, int y)
{
	const struct node *nd = &m->nodes[m->vis[m->sel]];
	int i = m->vis[m->sel];
	char line[1400], fy[8], a[40], b[40], c[40];

	if (nd->kind == BN_OUTCOME)
		snprintf(line, sizeof line, " %s", nd->title);
	else
		snprintf(line, sizeof line, " %s  %s", nd->key, nd->title);
	ui_set_role(ROLE_HEADER);
	ui_text(t, y, 0, t->cols, ALIGN_LEFT, line);
	fy_format(m->fy, fy);
	if (nd->kind == BN_MEASURE) {
		snprintf(line, sizeof line,
			 " %s: committed %s, delivered %s, validated %s %s; %lld contract%s%s",
			 fy, qty_format(nd->q_committed, 1, a, sizeof a),
			 qty_format(nd->q_delivered, 1, b, sizeof b),
			 qty_format(nd->q_validated, 1, c, sizeof c), nd->unit,
			 (long long)nd->contracts, nd->contracts == 1 ? "" : "s",
			 nd->record_only ? "; record only: no proxy" : "");
	} else {
		int outcomes = count_kind(m, i, BN_OUTCOME);
		int measures = count_kind(m, i, BN_MEASURE);

		if (nd->kind == BN_THEME)
			snprintf(line, sizeof line, " %s: %d outcome%s, %d measure%s", fy,
				 outcomes, outcomes == 1 ? "" : "s", measures,
				 measures == 1 ? "" : "s");
		else
			snprintf(line, sizeof line, " %s: %d measure%s", fy, measures,
				 measures == 1 ? "" : "s");
	}
	ui_set_role(ROLE_NORMAL);
	ui_text(t, y + 1, 0, t->cols, ALIGN_LEFT, line);
}

static void measures_draw(struct view *v, struct tui *t, int y0, int h)
{
	struct measures *m = v->priv;
	const char *titles[NCOLS];
	int rows;

	follow_year(m, t);
	m->body_h = h;
	scroll_to_selection(m);
	layout(m, t);
	for (int i = 0; i < NCOLS; i++)
		titles[i] = m->cols[i].title;
	ui_set_role(ROLE_HEADER);
	draw_cells(m, t, y0, titles);
	ui_set_role(ROLE_NORMAL);
	rows = tree_rows(m);
	for (int i = 0; i < rows && 1 + i < h; i++) {
		int k = m->top + i;

		if (k < m->nvis) {
			draw_node(m, t, y0 + 1 + i, &m->nodes[m->vis[k]], k == m->sel);
		} else if (k == 0) {
			ui_text(t, y0 + 1, 0, t->cols, ALIGN_LEFT,
				"  No measures in the catalogue.");
		} else {
			ui_fill(y0 + 1 + i, 0, t->cols);
		}
	}
	for (int y = y0 + 1 + rows; y < y0 + h; y++)
		ui_fill(y, 0, t->cols);
	if (h - 1 - rows >= DETAIL_ROWS && m->nvis > 0)
		draw_detail(m, t, y0 + h - DETAIL_ROWS);
}

/* ---- actions ------------------------------------------------------------ */

static void select_node(struct measures *m, int node)
{
	int i = vis_index(m, node);

	if (i >= 0)
		m->sel = i;
	scroll_to_selection(m);
}

/* Unfold every branch above node so that it shows. */
static void reveal(struct measures *m, int node)
{
	for (int p = m->nodes[node].parent; p >= 0; p = m->nodes[p].parent)
		m->nodes[p].open = 1;
	rebuild_visible(m);
}

static void set_open(struct measures *m, int node, int open)
{
	m->nodes[node].open = open;
	rebuild_visible(m);
	select_node(m, node);
}

static void fold(struct measures *m)
{
	int node = m->vis[m->sel];
	const struct node *nd = &m->nodes[node];

	if (nd->children > 0 && nd->open)
		set_open(m, node, 0);
	else if (nd->parent >= 0)
		select_node(m, nd->parent);
}

static void unfold(struct measures *m)
{
	int node = m->vis[m->sel];
	const struct node *nd = &m->nodes[node];

	if (nd->children == 0)
		return;
	if (!nd->open)
		set_open(m, node, 1);
	else
		select_node(m, node + 1);   /* already open: to its first child */
}

static void open_node(struct measures *m, struct tui *t)
{
	int node = m->vis[m->sel];
	const struct node *nd = &m->nodes[node];
	char label[96];
	struct view *c;
	sv_err err = { 0 };

	if (nd->kind != BN_MEASURE) {
		if (nd->children > 0)
			set_open(m, node, !nd->open);
		return;
	}
	snprintf(label, sizeof label, "measure %s", nd->key);
	c = view_contracts_scoped(t, 0, nd->id, label, &err);
	if (c == NULL)
		ui_status(t, 1, "%s", err.msg);
	else if (ui_push(t, c) < 0)
		ui_status(t, 1, "too many views open");
}

/* Said when n or N comes before any search: with the key bound now. */
static void no_search_yet(struct tui *t)
{
	char key[32];

	if (t->km->keys[ACT_SEARCH][0] == 0)
		ui_status(t, 0, "no search yet");
	else
		ui_status(t, 0, "no search yet: press %s to search",
			  key_label(t->km->keys[ACT_SEARCH][0], key, sizeof key));
}

/* The next node (forward) or previous one whose code or title holds the
 * search, from the selected node, round the ends: the whole tree is
 * searched, folded branches too, and the match's branches unfold. */
static void search_step(struct measures *m, struct tui *t, int forward)
{
	int from = m->nvis > 0 ? m->vis[m->sel] : 0;
	int found = -1, wrapped = 0, nth = 0, total = 0;

	if (m->search_folded[0] == '\0') {
		no_search_yet(t);
		return;
	}
	for (int k = 1; k <= m->n; k++) {
		int i = forward ? (from + k) % m->n : (from - k + m->n) % m->n;

		if (strstr(m->nodes[i].folded, m->search_folded) != NULL) {
			found = i;
			wrapped = forward ? i <= from : i >= from;
			break;
		}
	}
	if (found < 0) {
		ui_status(t, 1, "no match for \"%s\"", m->search);
		return;
	}
	for (int i = 0; i < m->n; i++)
		if (strstr(m->nodes[i].folded, m->search_folded) != NULL) {
			total++;
			if (i <= found)
				nth++;
		}
	reveal(m, found);
	select_node(m, found);
	if (wrapped && total > 1)
		ui_status(t, 0, "search wrapped to the %s: match %d of %d",
			  forward ? "top" : "bottom", nth, total);
	else
		ui_status(t, 0, "match %d of %d", nth, total);
}

static void search(struct measures *m, struct tui *t)
{
	char text[sizeof m->search];

	if (ui_prompt(t, "Search: ", NULL, text, sizeof text) != PROMPT_ACCEPTED ||
	    text[0] == '\0')
		return;
	snprintf(m->search, sizeof m->search, "%s", text);
	browse_fold(text, m->search_folded, sizeof m->search_folded);
	if (m->search_folded[0] == '\0') {
		ui_status(t, 1, "nothing to search for in \"%s\"", text);
		return;
	}
	search_step(m, t, 1);
}

static void step(struct measures *m, int by)
{
	m->sel += by;
	scroll_to_selection(m);
}

static int measures_act(struct view *v, struct tui *t, enum action_id a)
{
	struct measures *m = v->priv;
	int rows = tree_rows(m);

	follow_year(m, t);
	if (a == ACT_YEAR) {
		if (ui_year_pick(t) == 1)
			follow_year(m, t);
		return 1;
	}
	if (m->nvis == 0)
		return 0;
	switch (a) {
	case ACT_UP: step(m, -1); return 1;
	case ACT_DOWN: step(m, 1); return 1;
	case ACT_PAGE_UP: m->top -= rows; step(m, -rows); return 1;
	case ACT_PAGE_DOWN: m->top += rows; step(m, rows); return 1;
	case ACT_FIRST: m->sel = 0; scroll_to_selection(m); return 1;
	case ACT_LAST: m->sel = m->nvis - 1; scroll_to_selection(m); return 1;
	case ACT_FOLD: fold(m); return 1;
	case ACT_UNFOLD: unfold(m); return 1;
	case ACT_OPEN: open_node(m, t); return 1;
	case ACT_SEARCH: search(m, t); return 1;
	case ACT_SEARCH_NEXT: search_step(m, t, 1); return 1;
	case ACT_SEARCH_PREV: search_step(m, t, 0); return 1;
	default:
		return 0;
	}
}

/* A click selects a row (on a branch's marker it also folds or unfolds
 * it), a double click opens it as Enter does. */
static int measures_mouse(struct view *v, struct tui *t, int row, int x, int kind)
{
	struct measures *m = v->priv;
	int k = m->top + row - 1;

	follow_year(m, t);
	if (kind == UI_WHEEL_UP || kind == UI_WHEEL_DOWN)
		return 0;  /* the desk moves three rows */
	if (row < 1 || row > tree_rows(m) || k >= m->nvis)
		return 1;   /* the headings, the foot, below the last row */
	m->sel = k;
	scroll_to_selection(m);
	if (kind == UI_DOUBLE) {
		open_node(m, t);
	} else if (kind == UI_CLICK) {
		const struct node *nd = &m->nodes[m->vis[k]];
		int mx = nd->depth * 2;

		if (nd->children > 0 && x >= mx && x < mx + 2)
			set_open(m, m->vis[k], !nd->open);
	}
	return 1;
}

static void measures_resize(struct view *v, struct tui *t, int h)
{
	struct measures *m = v->priv;

	(void)t;
	m->body_h = h;
	m->laid_out_for = 0;
	scroll_to_selection(m);
}

static int measures_cursor(struct view *v)
{
	struct measures *m = v->priv;

	return m->nvis > 0 ? 1 + m->sel - m->top : -1;
}

static void measures_position(struct view *v, char *buf, size_t n)
{
	struct measures *m = v->priv;

	if (m->nvis == 0)
		snprintf(buf, n, "row 0 of 0");
	else
		snprintf(buf, n, "row %d of %d", m->sel + 1, m->nvis);
}

static void measures_title(struct view *v, char *buf, size_t n)
{
	struct measures *m = v->priv;

	if (m->search[0] != '\0')
		snprintf(buf, n, "Measures  search: %s", m->search);
	else
		snprintf(buf, n, "Measures");
}

static void measures_close(struct view *v)
{
	struct measures *m = v->priv;

	nodes_free(m->nodes, m->n);
	free(m->vis);
	free(m);
	free(v);
}

static const struct view_ops measures_ops = {
	.name = "measures",
	.contexts = CTX_GLOBAL | CTX_MOVE | CTX_TREE,
	.draw = measures_draw,
	.act = measures_act,
	.resize = measures_resize,
	.cursor = measures_cursor,
	.position = measures_position,
	.close = measures_close,
	.mouse = measures_mouse,
	.title = measures_title,
};

struct view *view_measures_new(struct tui *t, sv_err *err)
{
	struct view *v = calloc(1, sizeof *v);
	struct measures *m = calloc(1, sizeof *m);

	if (v == NULL || m == NULL) {
		free(v);
		free(m);
		sv_err_set(err, "out of memory");
		return NULL;
	}
	m->t = t;
	m->body_h = t->body_h;
	if (load(m, t->fy, err) < 0) {
		nodes_free(m->nodes, m->n);
		free(m->vis);
		free(m);
		free(v);
		return NULL;
	}
	v->ops = &measures_ops;
	v->priv = m;
	return v;
}
