/* record.h: the register's records (contracts, suppliers, commitments,
 * questionnaire answers) as fields of text: the one home of the rules that
 * a row of an import file and a form at the desk share (src/record.c; the
 * reads of a form in src/record_db.c, its saves and deletes in
 * src/record_save.c over db/register*.c).
 *
 * A record is an array of cells, one per field of rec_fields(kind), each
 * the text as typed or as read from a CSV cell (trimmed; an importer has
 * already taken off the formula guard's leading '), or NULL where the field
 * is absent (a file without the column: the stored value stays).  A value
 * that an import refuses, a form refuses with the same message, because
 * both read it here: rec_value for one field as the user leaves it,
 * rec_contract_read (and its kin) for the record as a whole (the
 * cross-field rules, such as an end before the start), then the store's
 * rules (db/) when it is written.
 *
 * Messages name neither the record nor the place: the importer prefixes
 * FILE:LINE:COLUMN and the column's header, a form shows the message next to
 * the field.  They read as a sentence fragment: "\"abc\" is not an amount of
 * money (like 1234567.89 or £1,234,567.89)".
 *
 * Versions.  A record's version is the id of the last audit entry that
 * touched it (its own change entries, else the import or demo entry that
 * added it): any change by anyone, at a desk or by an import, makes a new
 * one, and the entry says who and when.  A form keeps the version it read;
 * a save or delete at another version is refused with err->code DB_E_STALE
 * and a message naming who changed it and when (as for decisions). */
#ifndef SVDESK_RECORD_H
#define SVDESK_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "svdesk/db.h"
#include "svdesk/error.h"

enum rec_kind { REC_CONTRACT, REC_SUPPLIER, REC_COMMITMENT, REC_ANSWER, REC_NKINDS };

/* What a field holds: its rule, and the form's editor (a pick list for the
 * kinds with choices, the one-line editor otherwise). */
enum rec_type {
	RT_TEXT,        /* UTF-8, no control character but tab, at most 4,000 bytes */
	RT_REF,         /* a contract ref: text of at most 63 bytes, matched exactly */
	RT_NAME,        /* a supplier's name: text (matched by key: any case, runs of spaces) */
	RT_MONEY,       /* 1234567.89, £1,234,567.89 */
	RT_PERCENT,     /* 0 to 100, up to 1 decimal, optional % */
	RT_DATE,        /* YYYY-MM-DD, a real date */
	RT_BODY,        /* WMP, OPCC (pick) */
	RT_STATUS,      /* active, closed (pick) */
	RT_YESNO,       /* yes, no, n/a or empty (pick) */
	RT_SUPPLIER,    /* a supplier by name; a new name adds one (pick, narrowing) */
	RT_CONTRACT,    /* a contract that exists, by ref (pick, narrowing) */
	RT_MEASURE,     /* a measure that exists, by code (pick, narrowing) */
	RT_YEAR,        /* a financial year, 2025/26 (pick) */
	RT_QTY,         /* a quantity; the money form too for a GBP measure */
	RT_PROXY,       /* pounds per unit, up to 4 decimals; empty: record only */
	RT_PROXY_SET,   /* a proxy set that exists, by name (pick) */
	RT_TOPIC,       /* a questionnaire topic (pick) */
	RT_ANSWER,      /* a number for a topic that counts, else text */
	RT_UTC          /* a UTC time, 2026-01-15T10:04:00Z (an answer's recorded_at) */
};

enum {
	RF_REQUIRED = 1u << 0,  /* must not be empty */
	RF_KEY      = 1u << 1,  /* fixed once stored (a commitment's contract, measure, year) */
	RF_FORM     = 1u << 2,  /* on the desk's form (not every CSV column is) */
	RF_CSV      = 1u << 3,  /* a column of the kind's CSV file */
	RF_READONLY = 1u << 4   /* never typed at the desk: a form shows it read-only (a
				 * commitment's proxy and its set, taken when it is made
				 * and kept for ever); rec_save ignores it */
};

typedef struct rec_field {
	const char *name;       /* the CSV column: "ref", "sv_weight" */
	const char *label;      /* the form's label: "Ref", "SV weighting" */
	enum rec_type type;
	unsigned flags;         /* RF_* */
} rec_field;

/* The fields of each kind by index (the order of rec_fields). */
enum {
	RC_REF, RC_TITLE, RC_SUPPLIER, RC_BODY, RC_VALUE, RC_START, RC_END, RC_WEIGHT,
	RC_MANAGER, RC_STATUS, RC_AWARD, RC_LW, RC_LW_DATE, RC_LW_NOTE, RC_MS, RC_MS_DATE,
	RC_MS_NOTE, RC_NFIELDS
};
enum { RS_NAME, RS_NFIELDS };
enum { RK_CONTRACT, RK_MEASURE, RK_YEAR, RK_TARGET, RK_NOTE, RK_PROXY, RK_SET, RK_NFIELDS };
enum { RA_CONTRACT, RA_TOPIC, RA_ANSWER, RA_BY, RA_AT, RA_NFIELDS };
#define REC_FIELDS_MAX RC_NFIELDS

/* The fields of a kind, in the order of its CSV file's columns. */
const rec_field *rec_fields(enum rec_kind k, size_t *n);
/* The index of a field by its CSV name, -1 if none. */
int rec_field_find(enum rec_kind k, const char *name);

/* A fault of one field (its index in rec_fields), in the words above. */
typedef void (*rec_fault_fn)(void *ctx, int field, const char *msg);

/* What a value's rule depends on besides its type. */
enum {
	REC_V_MONEY = 1u << 0,  /* RT_QTY of a GBP measure: the money form too */
	REC_V_COUNT = 1u << 1   /* RT_ANSWER of a topic that is a count: a number */
};

/* One value's rule (the field's type), without the database: 0 good, -1
 * with msg.  Empty text is good where the field is not required. */
int rec_value(enum rec_kind k, int field, const char *text, unsigned opts, char *msg,
	      size_t n);

/* A value as its rule read it (rec_read): what an importer stores. */
typedef struct rec_val {
	int empty;              /* absent (NULL) or empty text */
	const char *text;       /* the text kinds: the text, NULL when empty */
	int64_t num;            /* money (pence), quantity, proxy, percent (tenths),
				 * year (2025 of 2025/26), count, body (enum sv_body),
				 * status (1 closed), yes/no (enum sv_yesno) */
	sv_date date;           /* a date (y 0 when empty) */
} rec_val;

/* rec_value that also gives the value read (text points into text). */
int rec_read(enum rec_kind k, int field, const char *text, unsigned opts, rec_val *out,
	     char *msg, size_t n);

/* The rule of a type of value as rec_read has it (for the importer's files
 * that are not the register's: a return line's date or quantity). */
int rec_type_read(enum rec_type t, int required, const char *text, unsigned opts, rec_val *out,
		  char *msg, size_t n);

/* 1 for the types of free text and names (a CSV cell of one may carry an
 * export's formula guard, a leading ', which the importer takes off). */
int rec_type_is_text(enum rec_type t);

/* The messages of a lookup that failed (the importer's and the form's):
 * "no contract with ref \"X\" (refs are matched exactly; ...)". */
void rec_msg_no_contract(const char *ref, char *msg, size_t n);
void rec_msg_no_measure(const char *code, char *msg, size_t n);
void rec_msg_no_proxy_set(const char *name, char *msg, size_t n);

/* The questionnaire's topics (OPCC contracts): the one list of their names
 * and labels.  counts: the answer is a whole number (REC_V_COUNT). */
typedef struct rec_topic {
	const char *name;       /* "prison_leavers" (as stored and in CSV files) */
	const char *label;      /* "Prison leavers employed" */
	int counts;
} rec_topic;
const rec_topic *rec_topics(size_t *n);
/* The topic of that name (exact), NULL if none. */
const rec_topic *rec_topic_find(const char *name);

/* 1 when s is a UTC time "YYYY-MM-DDTHH:MM:SSZ" that exists. */
int rec_utc_valid(const char *s);

/* The record as a whole, as an import row and rec_save read it: every
 * field by rec_value, then the rules across fields, into the store's
 * struct (which points into cells).  0 good, 1 faults given to fn. */
int rec_contract_read(const char *const *cells, db_contract *out, rec_fault_fn fn, void *ctx);

/* The choices a pick list offers for a field, in order ("WMP", "OPCC";
 * the years about today's; the suppliers', contracts', measures' or sets'
 * names from the database), each given to fn; narrow (NULL or "") keeps
 * those whose text holds it in any case and accent.  At most max of them
 * (0: no limit); 1 when there were more, 0 all, -1 error. */
int rec_choices(svdb *db, enum rec_kind k, int field, const char *narrow, size_t max,
		void (*fn)(void *ctx, const char *value, const char *label), void *ctx,
		sv_err *err);

/* A record as the form shows it: cells[i] malloc'd text (the importer's
 * plain form: money 1234567.89, dates YYYY-MM-DD, weightings 12.5), and its
 * version.  rec_cells_free frees them.  1 found, 0 no such record, -1 error. */
int rec_load(svdb *db, enum rec_kind k, int64_t id, char **cells, int64_t *version,
	     sv_err *err);
void rec_cells_free(enum rec_kind k, char **cells);
/* The cells of a new record: defaults (status active, the year of today
 * ...), with the fields given in `fixed` (NULL-terminated name/value
 * pairs: "contract", "OPCC-2024-001") filled in. */
int rec_blank(enum rec_kind k, const char *const *fixed, char **cells, sv_err *err);

/* The record's current version (see above); 0 when it does not exist. */
int rec_version(svdb *db, enum rec_kind k, int64_t id, int64_t *version, sv_err *err);

/* Save a record at the desk, in one short write transaction: id 0 adds
 * one, else the record with that id at version `seen` is changed (a key
 * field given different is refused).  Each field's fault goes to fn, as
 * for rec_contract_read, and the store's refusal too (placed at the field it is
 * about); then -1 with err->code DB_E_OTHER ("not saved: N problems") and
 * nothing written.  DB_E_STALE: changed since (who and when); DB_E_BUSY:
 * the lock was not had (try again).  Audited by the database's triggers
 * (origin: the connection's, "desk" at the desk).  *new_id: the record's id.
 * Only the fields a person types are taken from cells (RF_FORM and not
 * RF_READONLY): a commitment keeps its proxy, and an answer is recorded by
 * the connection's actor, now (a file that carries recorded_by and
 * recorded_at writes through db_answer_put, svdesk/register.h). */
int rec_save(svdb *db, enum rec_kind k, int64_t id, int64_t seen, const char *const *cells,
	     rec_fault_fn fn, void *ctx, int64_t *new_id, sv_err *err);

/* Delete a record at the desk at version `seen`.  Refused (err->code
 * DB_E_OTHER) when others depend on it, naming what: "not deleted:
 * contract X has 4 commitments and 1 highlight: set its status to closed
 * instead"; "... supplier X has 3 contracts: give them another supplier
 * first"; "... commitment NT1 2025/26 of X has 2 return lines".  An answer
 * may always be deleted.  DB_E_STALE ("not deleted: ... was changed by"),
 * DB_E_BUSY as for rec_save.  Audited. */
int rec_delete(svdb *db, enum rec_kind k, int64_t id, int64_t seen, sv_err *err);

/* What a delete would be refused for, without writing: 0 free to delete,
 * 1 refused (msg says why), -1 error.  The form asks before deleting only
 * what may be deleted. */
int rec_dependents(svdb *db, enum rec_kind k, int64_t id, char *msg, size_t n, sv_err *err);

/* A record's name for titles and messages: the contract's ref, the
 * supplier's name, "NT1 2025/26 of WMP-2025-101", an answer's topic label
 * and contract, "Prison leavers employed of OPCC-2024-001". */
int rec_name(svdb *db, enum rec_kind k, int64_t id, char *buf, size_t n, sv_err *err);

#endif
