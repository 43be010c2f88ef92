#include "config.h"

/* audit_hash.c: the hashing of the audit log (nettle's SHA-256): an entry's
 * hash over the previous hash and its fields, and the digest of rows, each
 * value with its type and length so that no two contents serialise alike;
 * the column values that digests and the replay compare. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include "db/db_private.h"

void audit_hex(const unsigned char *h, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[h[i] >> 4];
		out[2 * i + 1] = hx[h[i] & 15];
	}
	out[2 * n] = '\0';
}

/* The bytes of one entry or row, gathered before they are hashed: one
 * sha256_update for a row (or for each buffer's worth) rather than three
 * for every value.  The digest is that of the same bytes either way. */
struct hbuf {
	struct sha256_ctx *c;
	size_t n;
	uint8_t b[2048];
};

static void hb_flush(struct hbuf *h)
{
	if (h->n > 0)
		sha256_update(h->c, h->n, h->b);
	h->n = 0;
}

static void hb_add(struct hbuf *h, const void *p, size_t n)
{
	if (n > sizeof h->b - h->n) {
		hb_flush(h);
		if (n > sizeof h->b) {
			sha256_update(h->c, n, p);
			return;
		}
	}
	memcpy(h->b + h->n, p, n);
	h->n += n;
}

/* Each value with its type and length: no two contents serialise alike.
 * The tag and the 8 bytes of the number or length go straight into the
 * buffer (this runs for every value of every row an import digests). */
static void h_val(struct hbuf *h, int type, int64_t i, const void *s, size_t n)
{
	uint64_t v = type == SQLITE_INTEGER ? (uint64_t)i : (uint64_t)n;
	uint8_t *p;
	int k;

	if (sizeof h->b - h->n < 9)
		hb_flush(h);
	p = h->b + h->n;
	p[0] = type == SQLITE_INTEGER ? 'I' : type == SQLITE_NULL ? 'N' : 'T';
	if (type == SQLITE_NULL) {
		h->n += 1;
		return;
	}
	for (k = 8; k >= 1; k--, v >>= 8)
		p[k] = (uint8_t)(v & 0xff);
	h->n += 9;
	if (type != SQLITE_INTEGER)
		hb_add(h, s, n);
}

/* A column as audit_val_from_column reads it: an integer, NULL, or else
 * its text. */
static void h_col(struct hbuf *h, sqlite3_stmt *st, int col)
{
	int type = sqlite3_column_type(st, col);

	if (type == SQLITE_INTEGER)
		h_val(h, type, sqlite3_column_int64(st, col), NULL, 0);
	else if (type == SQLITE_NULL)
		h_val(h, type, 0, NULL, 0);
	else {
		const unsigned char *s = sqlite3_column_text(st, col);

		h_val(h, SQLITE_TEXT, 0, s ? (const void *)s : "",
		      (size_t)sqlite3_column_bytes(st, col));
	}
}

void audit_entry_hash(const unsigned char *prev, sqlite3_stmt *st, unsigned char out[32])
{
	static const char domain[] = "svdesk audit entry v1";
	struct sha256_ctx c;
	struct hbuf h;
	int i;

	sha256_init(&c);
	h.c = &c;
	h.n = 0;
	h_val(&h, SQLITE_TEXT, 0, domain, sizeof domain - 1);
	if (prev != NULL)
		h_val(&h, SQLITE_BLOB, 0, prev, 32);
	else
		h_val(&h, SQLITE_NULL, 0, NULL, 0);
	for (i = 0; i < 9; i++)
		h_col(&h, st, i);
	hb_flush(&h);
	sha256_digest(&c, SHA256_DIGEST_SIZE, out);
}

void audit_val_free(struct audit_val *v)
{
	free(v->s);
	memset(v, 0, sizeof *v);
	v->type = SQLITE_NULL;
}

int audit_val_from_column(struct audit_val *v, sqlite3_stmt *st, int col)
{
	int type = sqlite3_column_type(st, col);

	audit_val_free(v);
	if (type == SQLITE_INTEGER) {
		v->type = SQLITE_INTEGER;
		v->i = sqlite3_column_int64(st, col);
	} else if (type != SQLITE_NULL) {
		const unsigned char *s = sqlite3_column_text(st, col);
		size_t n = (size_t)sqlite3_column_bytes(st, col);

		v->s = malloc(n + 1);
		if (v->s == NULL)
			return -1;
		memcpy(v->s, s ? (const char *)s : "", n);
		v->s[n] = '\0';
		v->n = n;
		v->type = SQLITE_TEXT;
	}
	return 0;
}

int audit_val_same(const struct audit_val *a, const struct audit_val *b)
{
	if (a->type != b->type)
		return 0;
	if (a->type == SQLITE_INTEGER)
		return a->i == b->i;
	if (a->type == SQLITE_TEXT)
		return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
	return 1;
}

void audit_digest_row(struct sha256_ctx *c, const struct audit_table *t,
		      const struct audit_val *vals)
{
	struct hbuf h;
	int i;

	h.c = c;
	h.n = 0;
	h_val(&h, SQLITE_TEXT, 0, t->name, strlen(t->name));
	for (i = 0; i < t->ncols; i++)
		h_val(&h, vals[i].type, vals[i].i, vals[i].s, vals[i].n);
	hb_flush(&h);
}

void audit_digest_values(struct sha256_ctx *c, const struct audit_table *t,
			 sqlite3_value **vals)
{
	struct hbuf h;
	int i;

	h.c = c;
	h.n = 0;
	h_val(&h, SQLITE_TEXT, 0, t->name, strlen(t->name));
	for (i = 0; i < t->ncols; i++) {
		int type = sqlite3_value_type(vals[i]);

		if (type == SQLITE_INTEGER)
			h_val(&h, type, sqlite3_value_int64(vals[i]), NULL, 0);
		else if (type == SQLITE_NULL)
			h_val(&h, type, 0, NULL, 0);
		else {
			const unsigned char *s = sqlite3_value_text(vals[i]);

			h_val(&h, SQLITE_TEXT, 0, s ? (const void *)s : "",
			      (size_t)sqlite3_value_bytes(vals[i]));
		}
	}
	hb_flush(&h);
}
