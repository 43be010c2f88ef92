/* inifile.h: a strict scanner of INI text (private to src/).
 *
 * It turns text into a list of sections and "key = value" entries, with the
 * line of each, and refuses whatever a lenient reader would guess at:
 * unterminated quotes, text after a closing quote or after "]", lines that
 * end in a backslash, keys outside any section, a key given twice in one
 * section, NUL bytes, a byte-order mark, invalid UTF-8, control characters
 * and lines of more than INIFILE_LINE_MAX bytes.
 *
 * Section names and keys are stripped and folded to lower case (as
 * iniparser does); a section may be given in several parts.  A value is
 * either quoted ("..." or '...', kept as it is inside the quotes, ';' and
 * '#' included) or unquoted (it ends at the first ';' or '#' and is
 * stripped of blanks at both ends).
 *
 * Faults are reported as "FILE:LINE: what" or, inside a section,
 * "FILE:LINE: [section]: what" (or "FILE:LINE: [section] key: what" for a
 * fault of a value).  The scanner knows no section or key names: the caller
 * may accept or refuse each one as it is met through inifile_rules. */
#ifndef SVDESK_INIFILE_H
#define SVDESK_INIFILE_H

#include <stddef.h>

#include "svdesk/error.h"

/* The longest line accepted, in bytes (iniparser 4.1 fails at 1024). */
#define INIFILE_LINE_MAX 1000

typedef struct inifile_section {
	char *name;             /* lower case */
	int line;               /* of its first [name] line */
	size_t n_keys;          /* entries in all its parts */
} inifile_section;

typedef struct inifile_entry {
	const char *section;    /* the name, owned by the inifile's section */
	char *key;              /* lower case */
	char *value;            /* without its quotes, if it had any */
	int line;
	int quoted;             /* 1 if the value was in quotes */
	int tag;                /* what inifile_rules.key returned (0 without) */
} inifile_entry;

typedef struct inifile {
	inifile_section *sections;   /* in the order of the file */
	size_t n_sections;
	inifile_entry *entries;      /* in the order of the file */
	size_t n_entries;
} inifile;

/* Optional checks that the caller passes in; each is called as the scan
 * meets the line, so the first fault of the file is the one reported.
 * Either may be NULL (every name is accepted).  file and line are those of
 * the scan, for the message. */
typedef struct inifile_rules {
	/* A [section] line, name in lower case: 0 accepts it; to refuse it,
	 * fill err with the whole message and return -1. */
	int (*section)(void *ctx, const char *file, int line, const char *name,
	               sv_err *err);
	/* A key line, before the duplicate check and the value are read: a
	 * tag >= 0 accepts it (kept in the entry); to refuse it, fill err with
	 * the whole message and return -1. */
	int (*key)(void *ctx, const char *file, int line, const char *section,
	           const char *key, sv_err *err);
	void *ctx;
} inifile_rules;

/* Scan len bytes of text; file names the text in messages.  On success
 * *out is a new inifile (free it with inifile_free); on failure *out is
 * NULL, err says why and -1 is returned. */
int inifile_scan(const char *text, size_t len, const char *file,
                 const inifile_rules *rules, inifile **out, sv_err *err);

/* Free *ini and set it to NULL; NULL and a NULL *ini are allowed. */
void inifile_free(inifile **ini);

/* The section of that (lower case) name, or NULL. */
const inifile_section *inifile_find_section(const inifile *ini, const char *name);

/* Text of the file quoted in a message: at most 40 bytes of s, cut at a
 * UTF-8 character boundary, "..." when cut; written to buf (n >= 8, else
 * buf is made empty).  Returns buf. */
const char *inifile_clip(const char *s, char *buf, size_t n);

#endif
