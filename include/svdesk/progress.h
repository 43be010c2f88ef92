/* progress.h: the progress of long work (an import, an export, a large
 * demo) on stderr while it is a terminal: one line redrawn in place with
 * "\r", at most a few times a second, erased at the end.  Nothing at all
 * in a pipe or a log, and nothing when the data itself goes to the same
 * terminal.  No curses: plain text and one erase-line sequence.
 *
 * The line reads "svdesk: LABEL: DONE of TOTAL UNIT (PCT%), RATE UNIT/s",
 * or "svdesk: LABEL: DONE UNIT, RATE UNIT/s" when the total is unknown. */
#ifndef SVDESK_PROGRESS_H
#define SVDESK_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

#define PROGRESS_EVERY 0.25     /* seconds between two drawings, at least */

/* Seconds from any fixed point (monotonic). */
typedef double (*progress_clock_fn)(void);

typedef struct progress {
	FILE *f;                 /* where the line goes; NULL: progress is off */
	char label[80];          /* "import", "export audit", "demo" */
	const char *unit;        /* "rows", "MB", "contracts" (static text) */
	int64_t scale;           /* counts per unit shown: 1, or 1000000 for MB */
	int64_t total;           /* 0: unknown */
	int64_t done;            /* as last given */
	double t0, last;         /* the start and the last drawing */
	int drawn;               /* drawn at least once */
	int shown;               /* a line is on the terminal now */
	progress_clock_fn clock; /* progress_clock unless a test sets another */
} progress;

/* The monotonic clock, in seconds. */
double progress_clock(void);

/* 1 when progress belongs on err_fd: it is a terminal, and data_fd (the
 * file the work writes its data to, or -1 for none) is not that same
 * terminal.  Else 0. */
int progress_wanted(int err_fd, int data_fd);

/* Start p.  f is the terminal's stream (stderr), or NULL for no progress
 * at all (then every other call does nothing).  label (cut to fit) names
 * the work; unit and scale say what the counts are; total is 0 when not
 * known.  The clock is read at once. */
void progress_start(progress *p, FILE *f, const char *label, const char *unit,
		    int64_t scale, int64_t total);

/* The total, once known. */
void progress_set_total(progress *p, int64_t total);

/* done so far: the line is drawn at the first call and then at most every
 * PROGRESS_EVERY seconds. */
void progress_update(progress *p, int64_t done);

/* Erase the line (before another message goes to the same terminal); the
 * next drawing (PROGRESS_EVERY after the last) puts it back. */
void progress_clear(progress *p);

/* The work is over: erase the line.  p stays usable for progress_start. */
void progress_end(progress *p);

#endif
