/* outfile.h: an output file that is replaced whole, or standard output.
 *
 * A regular file (new or existing) is written as a temporary file beside it
 * and renamed over it only when complete, so that a reader never sees half
 * a file and a failure leaves the old file as it was.  A new file gets mode
 * 0666 less the umask; an existing file keeps its mode, and one that the
 * person may not write is refused (as a shell redirection would).  A symbolic link is
 * followed (the file it names is replaced).  Something that is not a regular
 * file (a FIFO, a terminal, /dev/null) is written directly; a folder is an
 * error.  NULL or "-" is standard output. */
#ifndef SVDESK_OUTFILE_H
#define SVDESK_OUTFILE_H

#include <stdio.h>

#include "svdesk/error.h"

typedef struct outfile {
	FILE *f;            /* where to write */
	int is_stdout;      /* 1: standard output */
	int direct;         /* 1: written in place (not a regular file) */
	char *path;         /* the file to replace (NULL for standard output) */
	char *tmp;          /* the temporary file beside it, or NULL */
} outfile;

/* 1 when path means standard output (NULL or "-"). */
int outfile_is_stdout(const char *path);

/* Open for writing.  0, or -1 with err set ("PATH: what is wrong"). */
int outfile_open(outfile *o, const char *path, sv_err *err);

/* The same for a name that svdesk made up (a supplier template): a symbolic
 * link there is replaced, never followed, and anything else that is not a
 * regular file is refused. */
int outfile_open_made(outfile *o, const char *path, sv_err *err);

/* Flush, sync and rename into place.  0, or -1 with err set (the temporary
 * file is removed and the old file stays). */
int outfile_commit(outfile *o, sv_err *err);

/* Give up: close and remove the temporary file.  Safe to call twice, and
 * after outfile_commit. */
void outfile_abort(outfile *o);

/* The name to show in messages ("<stdout>" for standard output). */
const char *outfile_name(const outfile *o);

#endif
