/* draw.c: colours by role, safe text in display columns, column layout and
 * the text dump of the screen. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "svdesk/utf8.h"

#include "ui.h"

static attr_t role_attr[ROLE_COUNT];
static short role_pair[ROLE_COUNT];

struct role_colors {
	short fg, bg;
	attr_t attr;
};

/* Themes: colour pairs by role, and attributes that carry the meaning on a
 * monochrome terminal too (status is never shown by colour alone). */
static const struct role_colors theme_default[ROLE_COUNT] = {
	[ROLE_NORMAL] = { -1, -1, A_NORMAL },
	[ROLE_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD },
	[ROLE_TITLE_FLAG] = { COLOR_YELLOW, COLOR_BLUE, A_BOLD },
	[ROLE_HEADER] = { COLOR_CYAN, -1, A_BOLD },
	[ROLE_SELECTED] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
	[ROLE_FOOTER] = { COLOR_WHITE, COLOR_BLUE, A_NORMAL },
	[ROLE_KEY] = { COLOR_YELLOW, COLOR_BLUE, A_BOLD },
	[ROLE_ERROR] = { COLOR_WHITE, COLOR_RED, A_BOLD },
	[ROLE_DIM] = { -1, -1, A_DIM },
	[ROLE_COMMITTED] = { COLOR_BLUE, -1, A_NORMAL },
	[ROLE_DELIVERED] = { COLOR_YELLOW, -1, A_NORMAL },
	[ROLE_VALIDATED] = { COLOR_GREEN, -1, A_BOLD },
};

static const struct role_colors theme_light[ROLE_COUNT] = {
	[ROLE_NORMAL] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL },
	[ROLE_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD },
	[ROLE_TITLE_FLAG] = { COLOR_YELLOW, COLOR_BLUE, A_BOLD },
	[ROLE_HEADER] = { COLOR_BLUE, COLOR_WHITE, A_BOLD },
	[ROLE_SELECTED] = { COLOR_WHITE, COLOR_BLUE, A_NORMAL },
	[ROLE_FOOTER] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
	[ROLE_KEY] = { COLOR_BLUE, COLOR_CYAN, A_BOLD },
	[ROLE_ERROR] = { COLOR_WHITE, COLOR_RED, A_BOLD },
	[ROLE_DIM] = { COLOR_BLACK, COLOR_WHITE, A_DIM },
	[ROLE_COMMITTED] = { COLOR_BLUE, COLOR_WHITE, A_NORMAL },
	[ROLE_DELIVERED] = { COLOR_MAGENTA, COLOR_WHITE, A_NORMAL },
	[ROLE_VALIDATED] = { COLOR_GREEN, COLOR_WHITE, A_BOLD },
};

static const attr_t mono_attr[ROLE_COUNT] = {
	[ROLE_NORMAL] = A_NORMAL,
	[ROLE_TITLE] = A_REVERSE,
	[ROLE_TITLE_FLAG] = A_REVERSE | A_BOLD,
	[ROLE_HEADER] = A_BOLD | A_UNDERLINE,
	[ROLE_SELECTED] = A_REVERSE,
	[ROLE_FOOTER] = A_REVERSE,
	[ROLE_KEY] = A_REVERSE | A_BOLD,
	[ROLE_ERROR] = A_REVERSE | A_BOLD,
	[ROLE_DIM] = A_DIM,
	/* bars: the Reports view also draws each series in its own character */
	[ROLE_COMMITTED] = A_DIM,
	[ROLE_DELIVERED] = A_NORMAL,
	[ROLE_VALIDATED] = A_BOLD,
};

static int mono;

int ui_mono(void)
{
	return mono;
}

void ui_colors_init(enum ui_theme theme)
{
	const char *no_color = getenv("NO_COLOR");
	const struct role_colors *scheme = theme == THEME_LIGHT ? theme_light : theme_default;
	int colour = theme != THEME_MONO && (no_color == NULL || no_color[0] == '\0') &&
		     has_colors();

	if (colour && start_color() == ERR)
		colour = 0;
	for (int r = 0; r < ROLE_COUNT; r++) {
		role_pair[r] = 0;
		role_attr[r] = mono_attr[r];
	}
	mono = !colour;
	if (!colour)
		return;
	use_default_colors();
	for (int r = 1; r < ROLE_COUNT; r++) {
		role_pair[r] = (short)r;
		init_pair((short)r, scheme[r].fg, scheme[r].bg);
		role_attr[r] = scheme[r].attr;
	}
	if (theme == THEME_LIGHT) {
		init_pair(ROLE_COUNT, scheme[ROLE_NORMAL].fg, scheme[ROLE_NORMAL].bg);
		role_pair[ROLE_NORMAL] = ROLE_COUNT;
		bkgdset((chtype)' ' | COLOR_PAIR(ROLE_COUNT));
	}
}

void ui_set_role(enum ui_role role)
{
	attr_set(role_attr[role], role_pair[role], NULL);
}

/* The marker shown for a character that must not reach the terminal as it
 * is (a control, bidi or zero-width character, an invalid byte): U+00B7
 * where the locale can show it, '?' elsewhere.  Shown, not dropped, so that
 * two names that differ only by a hidden character look different. */
static wchar_t marker(void)
{
	return utf8_width(0xB7) == 1 ? (wchar_t)0xB7 : L'?';
}

/* A combining mark (accents written after their letter). */
static int combining(uint32_t cp)
{
	return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	       (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	       (cp >= 0xFE20 && cp <= 0xFE2F);
}

/* Decode s into wide characters as they are shown: a tab as a space, an
 * unsafe character or invalid byte as the marker, and a letter the locale
 * cannot show (a non-UTF-8 terminal) as its plain ASCII letter (É -> E) or
 * '?', a combining accent there with its letter (e + U+0301 -> e); nothing
 * else is left out.  Returns the count, widths in widths and their
 * sum in *total. */
static size_t decode(const char *s, wchar_t *out, int *widths, size_t max, int *total)
{
	size_t n = 0, len = strlen(s), i = 0;

	*total = 0;
	while (i < len && n < max) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, len - i, &cp, NULL);
		wchar_t wc;
		int w;

		if (k == 0) {
			i++;
			wc = marker();
			w = 1;
		} else {
			i += k;
			if (cp == '\t')
				cp = ' ';
			w = utf8_width(cp);
			wc = (wchar_t)cp;
			if (!utf8_safe(cp)) {
				wc = marker();
				w = 1;
			} else if (w < 0 && combining(cp)) {
				continue;   /* its letter already shows plain (e + U+0301 -> e) */
			} else if (w < 0) {
				char plain = utf8_ascii_letter(cp);

				wc = plain != 0 ? (wchar_t)plain : L'?';
				w = 1;
			}
		}
		if (w == 0 && n == 0 && n + 1 < max) {
			/* a mark with no letter before it would join whatever is
			 * drawn left of the field: it goes on a space of its own */
			out[n] = L' ';
			widths[n] = 1;
			*total += 1;
			n++;
		}
		out[n] = wc;
		widths[n] = w;
		*total += w;
		n++;
	}
	return n;
}

#define TEXT_MAX 1024

int ui_width(const char *s)
{
	wchar_t wbuf[TEXT_MAX];
	int widths[TEXT_MAX], total;

	decode(s, wbuf, widths, TEXT_MAX, &total);
	return total;
}

void ui_fill(int y, int x, int width)
{
	if (width > 0)
		mvhline(y, x, ' ', width);
}

int ui_text(struct tui *t, int y, int x, int width, enum ui_align align, const char *s)
{
	wchar_t wbuf[TEXT_MAX];
	int widths[TEXT_MAX], total, used = 0, pad;
	size_t n, keep = 0;
	wchar_t ellipsis = t->utf8 ? L'\x2026' : L'~';

	if (width <= 0)
		return 0;
	n = decode(s, wbuf, widths, TEXT_MAX, &total);
	if (total <= width) {
		keep = n;
		used = total;
	} else {
		/* Room for the ellipsis (one column). */
		while (keep < n && used + widths[keep] <= width - 1)
			used += widths[keep++];
		wbuf[keep++] = ellipsis;
		used += 1;
	}
	pad = width - used;
	if (align == ALIGN_RIGHT) {
		ui_fill(y, x, pad);
		mvaddnwstr(y, x + pad, wbuf, (int)keep);
	} else {
		mvaddnwstr(y, x, wbuf, (int)keep);
		ui_fill(y, x + used, pad);
	}
	return used;
}

/* Columns left out, as a bit mask (a row has far fewer than 64 columns;
 * any past the 64th are always kept). */
#define DROPPED(mask, i) ((i) < 64 && ((mask) >> (i) & 1u))

/* The room the kept columns need at their minimum: fixed widths, flexible
 * minimums and one space between kept columns. */
static int columns_need(const struct ui_column *cols, int n, uint64_t dropped)
{
	int need = 0, count = 0;

	for (int i = 0; i < n; i++) {
		if (DROPPED(dropped, i))
			continue;
		need += cols[i].width > 0 ? cols[i].width : cols[i].min;
		count++;
	}
	return need + (count > 0 ? count - 1 : 0);
}

void ui_columns_layout(const struct ui_column *cols, int n, int total, int *widths)
{
	int fixed = 0, weights = 0, flex_space, given = 0, last_flex = -1, kept_n = 0;
	uint64_t dropped = 0;

	/* Leave out the columns that may go, highest rank first (of equal
	 * ranks the rightmost), until the rest fit at their minimum: a column
	 * left out is better than a value cut so that it reads as another. */
	while (columns_need(cols, n, dropped) > total) {
		int victim = -1;

		for (int i = 0; i < n && i < 64; i++)
			if (!DROPPED(dropped, i) && cols[i].drop > 0 &&
			    (victim < 0 || cols[i].drop >= cols[victim].drop))
				victim = i;
		if (victim < 0)
			break;      /* nothing more may go: the minimums hold */
		dropped |= (uint64_t)1 << victim;
	}
	for (int i = 0; i < n; i++) {
		if (DROPPED(dropped, i))
			continue;
		kept_n++;
		fixed += cols[i].width;
		if (cols[i].width == 0) {
			weights += cols[i].weight;
			last_flex = i;
		}
	}
	/* One space between kept columns. */
	flex_space = total - fixed - (kept_n > 0 ? kept_n - 1 : 0);
	for (int i = 0; i < n; i++) {
		if (DROPPED(dropped, i)) {
			widths[i] = 0;
			continue;
		}
		if (cols[i].width > 0) {
			widths[i] = cols[i].width;
			continue;
		}
		widths[i] = weights > 0 && flex_space > 0 ? flex_space * cols[i].weight / weights : 0;
		if (widths[i] < cols[i].min)
			widths[i] = cols[i].min;
		given += widths[i];
	}
	/* A column raised to its minimum takes the columns from the others
	 * that are above theirs (from the right), so that the row still fits. */
	for (int i = n - 1; i >= 0 && given > flex_space; i--) {
		int spare;

		if (DROPPED(dropped, i) || cols[i].width > 0)
			continue;
		spare = widths[i] - cols[i].min;
		if (spare > given - flex_space)
			spare = given - flex_space;
		if (spare > 0) {
			widths[i] -= spare;
			given -= spare;
		}
	}
	/* Rounding leftovers go to the last flexible column. */
	if (last_flex >= 0 && flex_space - given > 0)
		widths[last_flex] += flex_space - given;
}

int ui_money_width(struct tui *t, sv_pence max, const char *title)
{
	char buf[64];
	int w, tw = title != NULL ? ui_width(title) : 0;

	money_format(max, t->money, buf, sizeof buf);
	w = ui_width(buf);
	return w > tw ? w : tw;
}

/* A line-drawing cell kept as an alternate-character-set letter, as the
 * character it stands for. */
static wchar_t acs_char(wchar_t c, int utf8)
{
	static const struct {
		char letter;
		wchar_t uni, ascii;
	} map[] = {
		{ 'q', 0x2500, '-' }, { 'x', 0x2502, '|' }, { 'l', 0x250C, '+' },
		{ 'k', 0x2510, '+' }, { 'm', 0x2514, '+' }, { 'j', 0x2518, '+' },
		{ 't', 0x251C, '+' }, { 'u', 0x2524, '+' }, { 'v', 0x2534, '+' },
		{ 'w', 0x252C, '+' }, { 'n', 0x253C, '+' }, { 'a', 0x2592, '#' },
		{ '~', 0x00B7, 'o' }, { '0', 0x2588, '#' },
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (c == (wchar_t)map[i].letter)
			return utf8 ? map[i].uni : map[i].ascii;
	return c;
}

/* Every cell of every row, read back one cell at a time: a cell holds a
 * character and its combining marks (all written), a wide character's
 * second cell holds nothing of its own (skipped).  Counting characters
 * instead of cells would cut a row short after a combining mark and miscount
 * after a wide character. */
int ui_dump(struct tui *t, const char *path, sv_err *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	size_t size = (size_t)(t->cols > 0 ? t->cols : 1) * (CCHARW_MAX + 1) * MB_LEN_MAX + 1;
	char *out = malloc(size);

	if (f == NULL) {
		free(out);
		return sv_err_set(err, "%s: cannot write the screen: %s", path, strerror(errno));
	}
	if (out == NULL) {
		if (f != stdout)
			fclose(f);
		return sv_err_set(err, "%s: cannot write the screen: out of memory", path);
	}
	for (int y = 0; y < t->rows; y++) {
		size_t o = 0;
		mbstate_t st;

		memset(&st, 0, sizeof st);
		for (int x = 0; x < t->cols; x++) {
			cchar_t cell;
			wchar_t wc[CCHARW_MAX + 1];
			attr_t attrs;
			short pair;
			int w;

			if (mvwin_wch(curscr, y, x, &cell) == ERR ||
			    getcchar(&cell, wc, &attrs, &pair, NULL) == ERR || wc[0] == L'\0') {
				out[o++] = ' ';
				continue;
			}
			if (attrs & A_ALTCHARSET)
				wc[0] = acs_char(wc[0], t->utf8);
			for (int i = 0; i <= CCHARW_MAX && wc[i] != L'\0'; i++) {
				size_t k = wcrtomb(out + o, wc[i], &st);

				if (k != (size_t)-1)
					o += k;
				else
					out[o++] = '?';
			}
			w = wcwidth(wc[0]);
			if (w > 1)
				x += w - 1;   /* the wide character's second cell */
		}
		while (o > 0 && out[o - 1] == ' ')
			o--;
		out[o] = '\0';
		fprintf(f, "%s\n", out);
	}
	free(out);
	if (f != stdout) {
		if (fclose(f) != 0)
			return sv_err_set(err, "%s: cannot write the screen: %s", path, strerror(errno));
	} else {
		fflush(f);
	}
	return 0;
}
