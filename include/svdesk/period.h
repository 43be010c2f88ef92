/* period.h: dates, financial years, quarters and "today".
 *
 * The financial year runs 1 April to 31 March and is named by the year it
 * starts in: fy 2025 is "2025/26".  Quarters: Q1 Apr-Jun, Q2 Jul-Sep,
 * Q3 Oct-Dec, Q4 Jan-Mar. */
#ifndef SVDESK_PERIOD_H
#define SVDESK_PERIOD_H

#include <stddef.h>

#include "svdesk/error.h"

typedef struct sv_date {
	int y, m, d;
} sv_date;

typedef struct sv_datetime {
	sv_date date;
	int hh, mm, ss;
} sv_datetime;

typedef struct sv_quarter {
	int fy;  /* starting year of the financial year */
	int q;   /* 1..4 */
} sv_quarter;

#define FY_MIN 1900
#define FY_MAX 9998

int date_valid(int y, int m, int d);                /* 1 for a real calendar date (years 1..9999) */
int date_parse(const char *s, sv_date *out, sv_err *err);  /* "YYYY-MM-DD" exactly */
char *date_format_iso(sv_date d, char buf[11]);     /* "2026-01-15" */
char *date_format_uk(sv_date d, char buf[11]);      /* "15/01/2026" */
int date_cmp(sv_date a, sv_date b);                 /* <0, 0, >0 */
long date_to_days(sv_date d);                       /* days since 1970-01-01 (may be negative) */
sv_date date_from_days(long days);
sv_date date_add_days(sv_date d, long days);

int fy_of_date(sv_date d);
sv_quarter quarter_of_date(sv_date d);
int fy_parse(const char *s, int *fy, sv_err *err);            /* "2025/26" */
char *fy_format(int fy, char buf[8]);                         /* "2025/26" */
int quarter_parse(const char *s, sv_quarter *out, sv_err *err);  /* "2025/26-Q2" or "2025/26 Q2" */
/* sep is ' ' for screen and paper ("2025/26 Q2"), '-' for command lines. */
char *quarter_format(sv_quarter q, char sep, char buf[11]);
void fy_range(int fy, sv_date *first, sv_date *last);
void quarter_range(sv_quarter q, sv_date *first, sv_date *last);
sv_quarter quarter_prev(sv_quarter q);
sv_quarter quarter_next(sv_quarter q);

/* "Now" in local time: from SVDESK_NOW ("YYYY-MM-DD" or
 * "YYYY-MM-DDTHH:MM:SS") when set and non-empty, else the system clock.
 * A malformed SVDESK_NOW is an error naming the variable and the value. */
int clock_now(sv_datetime *out, sv_err *err);

/* The current UTC time from the system clock, always (never SVDESK_NOW):
 * "2026-01-15T10:04:00Z".  For decisions and audit entries. */
char *clock_utc_stamp(char buf[21]);

#endif
