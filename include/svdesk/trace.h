/* trace.h: a timing log for tests and benchmarks (SVDESK_TIMING_LOG).
 *
 * When the environment variable SVDESK_TIMING_LOG names a file, svdesk
 * appends one line to it for each event that a test of many desks needs to
 * time: each transaction it commits, and each look the desk takes for other
 * connections' writes.  A line is
 *
 *   SECONDS PID EVENT START
 *
 * SECONDS being the wall clock (seconds since 1970, microseconds after the
 * point) when the event was complete and START when it began, so that the
 * lines of several processes can be compared.  The events: "commit" (a
 * transaction this process wrote: START is when COMMIT was asked for),
 * and at the desk "look" (PRAGMA data_version read: nothing new) and
 * "refresh" (something new: the views re-read and the screen drawn).  Each line is one write(2) to a file opened
 * for appending: processes may share a file.  Unset (the normal case),
 * nothing is written and the cost is one test of a flag. */
#ifndef SVDESK_TRACE_H
#define SVDESK_TRACE_H

/* Whether the log is on (SVDESK_TIMING_LOG set and not empty; read once). */
int trace_on(void);

/* The wall clock in microseconds since 1970. */
long long trace_clock(void);

/* Append "SECONDS PID EVENT START": an event that took from start (a
 * trace_clock() value, 0: none) until now.  A log that cannot be written
 * is given up silently: timing never changes what svdesk does. */
void trace_span(const char *event, long long start);

#endif
