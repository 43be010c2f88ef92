/* test_csv.c: the CSV reader (memory and FILE input) and header mapping.
 *
 * Most cases read an input to the end and compare a transcript: one line per
 * csv_next result, "R<line>" and each field as [text]LINE:COLUMN, or "! "
 * and the fault message.  Every input is read both from memory and through
 * a FILE, and both must give the same transcript. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "svdesk/csv.h"

struct sbuf {
	char *s;
	size_t len, cap;
};

static void sb_add(struct sbuf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof tmp);
	sb_add(b, tmp, (size_t)n);
}

/* Read r to the end and describe every result; the caller frees. */
static char *transcript(csv_reader *r)
{
	struct sbuf b = { NULL, 0, 0 };
	int i, rc;

	sb_add(&b, "", 0);
	for (i = 0; i < 1000; i++) {
		csv_row *row = NULL;
		sv_err err;
		size_t k, j;

		sv_err_clear(&err);
		rc = csv_next(r, &row, &err);
		if (rc == 0)
			break;
		if (rc < 0) {
			sb_printf(&b, "! %s\n", err.msg);
			continue;
		}
		assert_int_equal(rc, 1);
		assert_non_null(row);
		sb_printf(&b, "R%ld", row->line);
		for (k = 0; k < row->n; k++) {
			const csv_field *f = &row->fields[k];

			assert_int_equal(strlen(f->text), f->len);
			sb_add(&b, " [", 2);
			for (j = 0; j < f->len; j++) {
				if (f->text[j] == '\n')
					sb_add(&b, "\\n", 2);
				else if (f->text[j] == '\r')
					sb_add(&b, "\\r", 2);
				else
					sb_add(&b, f->text + j, 1);
			}
			sb_printf(&b, "]%ld:%ld", f->line, f->column);
		}
		sb_add(&b, "\n", 1);
	}
	assert_true(i < 1000);
	/* the end stays the end */
	assert_int_equal(csv_next(r, NULL, NULL), 0);
	assert_int_equal(csv_next(r, NULL, NULL), 0);
	return b.s;
}

static void check_input(const char *in, size_t len, const char *want)
{
	csv_reader *r;
	char *got, *copy;
	FILE *f;

	r = csv_open_mem(in, len, "t.csv");
	assert_non_null(r);
	got = transcript(r);
	csv_free(&r);
	assert_null(r);
	assert_string_equal(got, want);
	free(got);

	copy = malloc(len + 1);
	assert_non_null(copy);
	memcpy(copy, in, len);
	f = fmemopen(copy, len, "r");
	assert_non_null(f);
	r = csv_open(f, "t.csv");
	assert_non_null(r);
	got = transcript(r);
	csv_free(&r);
	fclose(f);
	free(copy);
	assert_string_equal(got, want);
	free(got);
}

#define CHECK(in, want) check_input((in), sizeof(in) - 1, (want))

/* ---- records ---------------------------------------------------------------------- */

static void test_simple(void **state)
{
	(void)state;
	CHECK("a,b,c\n1,2,3\n",
	      "R1 [a]1:1 [b]1:3 [c]1:5\n"
	      "R2 [1]2:1 [2]2:3 [3]2:5\n");
	CHECK("a,b\n1,2", "R1 [a]1:1 [b]1:3\nR2 [1]2:1 [2]2:3\n");
	CHECK("abc", "R1 [abc]1:1\n");
	CHECK("", "");
	CHECK(" a , b ", "R1 [ a ]1:1 [ b ]1:5\n");
	CHECK("a\tb,c", "R1 [a\tb]1:1 [c]1:5\n");
}

static void test_crlf(void **state)
{
	(void)state;
	CHECK("a,b\r\n1,2\r\n", "R1 [a]1:1 [b]1:3\nR2 [1]2:1 [2]2:3\n");
	CHECK("a,b\r\n1,2", "R1 [a]1:1 [b]1:3\nR2 [1]2:1 [2]2:3\n");
	CHECK("a\r\nb\nc\r\n", "R1 [a]1:1\nR2 [b]2:1\nR3 [c]3:1\n");
	CHECK("\"a\"\r\n\"b\"", "R1 [a]1:1\nR2 [b]2:1\n");
}

static void test_empty_fields(void **state)
{
	(void)state;
	CHECK(",,\n", "R1 []1:1 []1:2 []1:3\n");
	CHECK("a,,c\n", "R1 [a]1:1 []1:3 [c]1:4\n");
	CHECK("a,", "R1 [a]1:1 []1:3\n");
	CHECK("a,\n", "R1 [a]1:1 []1:3\n");
	CHECK(",a", "R1 []1:1 [a]1:2\n");
	CHECK("\"\",\"\"\n", "R1 []1:1 []1:4\n");
}

static void test_quotes(void **state)
{
	(void)state;
	CHECK("\"a,b\",c\n", "R1 [a,b]1:1 [c]1:7\n");
	CHECK("\"he said \"\"hi\"\"\",x",
	      "R1 [he said \"hi\"]1:1 [x]1:18\n");
	CHECK("\"\"\"\"", "R1 [\"]1:1\n");
	CHECK("\"\"\"\"\"\"", "R1 [\"\"]1:1\n");
	CHECK("a,\"b\"", "R1 [a]1:1 [b]1:3\n");
	CHECK("\" lead and trail \"", "R1 [ lead and trail ]1:1\n");
}

static void test_embedded_newlines(void **state)
{
	(void)state;
	CHECK("\"x\ny\",b\nc\n",
	      "R1 [x\\ny]1:1 [b]2:4\n"
	      "R3 [c]3:1\n");
	CHECK("a,\"1\n2\n3\",\"z\"\n",
	      "R1 [a]1:1 [1\\n2\\n3]1:3 [z]3:4\n");
	CHECK("\"x\r\ny\",b\r\nc\r\n",
	      "R1 [x\\r\\ny]1:1 [b]2:4\n"
	      "R3 [c]3:1\n");
	CHECK("\"\n\n\"\n", "R1 [\\n\\n]1:1\n");
	CHECK("\"a\rb\"\n", "R1 [a\\rb]1:1\n");
}

static void test_bom(void **state)
{
	(void)state;
	CHECK("\xEF\xBB\xBF" "a,b\n", "R1 [a]1:1 [b]1:3\n");
	CHECK("\xEF\xBB\xBF" "\"a\",b", "R1 [a]1:1 [b]1:5\n");
	CHECK("\xEF\xBB\xBF", "");
	CHECK("\xEF\xBB\xBF\n", "");
	CHECK("\xEF\xBB\xBF\n\na", "R1 []1:1\nR2 []2:1\nR3 [a]3:1\n");
	/* only a leading one is skipped: elsewhere it is text */
	CHECK("a\n\xEF\xBB\xBF" "b\n", "R1 [a]1:1\nR2 [\xEF\xBB\xBF" "b]2:1\n");
	CHECK("\xEF\xBB\xBF\xEF\xBB\xBF" "b", "R1 [\xEF\xBB\xBF" "b]1:1\n");
	CHECK("\xEF\xBB" "a", "! t.csv:1:1: invalid UTF-8: incomplete sequence starting with 0xEF\n");
}

static void test_blank_lines(void **state)
{
	(void)state;
	CHECK("a\n\nb\n", "R1 [a]1:1\nR2 []2:1\nR3 [b]3:1\n");
	CHECK("a\n\n\nb", "R1 [a]1:1\nR2 []2:1\nR3 []3:1\nR4 [b]4:1\n");
	CHECK("a\n\n\n", "R1 [a]1:1\n");
	CHECK("a\r\n\r\n", "R1 [a]1:1\n");
	CHECK("a\n\r\n\n\r\n", "R1 [a]1:1\n");
	CHECK("\n\na\n", "R1 []1:1\nR2 []2:1\nR3 [a]3:1\n");
	CHECK("\n", "");
	CHECK("\r\n\r\n", "");
	CHECK(" \n", "R1 [ ]1:1\n");
	CHECK("a\n \n", "R1 [a]1:1\nR2 [ ]2:1\n");
	CHECK("a\n\n\"b\n\n\"\n\n", "R1 [a]1:1\nR2 []2:1\nR3 [b\\n\\n]3:1\n");
}

static void test_utf8_columns(void **state)
{
	(void)state;
	CHECK("\xC2\xA3" "1,\xC3\xA9,x", "R1 [\xC2\xA3" "1]1:1 [\xC3\xA9]1:4 [x]1:6\n");
	CHECK("\xE2\x82\xAC\xE2\x82\xAC,a", "R1 [\xE2\x82\xAC\xE2\x82\xAC]1:1 [a]1:4\n");
	CHECK("\xF0\x9F\x98\x80,a", "R1 [\xF0\x9F\x98\x80]1:1 [a]1:3\n");
	CHECK("\"\xC3\xA9\n\xC3\xA9\xC3\xA9\",b",
	      "R1 [\xC3\xA9\\n\xC3\xA9\xC3\xA9]1:1 [b]2:5\n");
	/* the largest code point and the ones around the surrogates */
	CHECK("\xF4\x8F\xBF\xBF,\xED\x9F\xBF,\xEE\x80\x80,\xEF\xBF\xBF,\xC2\x80,\x7F",
	      "R1 [\xF4\x8F\xBF\xBF]1:1 [\xED\x9F\xBF]1:3 [\xEE\x80\x80]1:5"
	      " [\xEF\xBF\xBF]1:7 [\xC2\x80]1:9 [\x7F]1:11\n");
}

/* ---- faults ------------------------------------------------------------------------ */

static void test_fault_quote_in_field(void **state)
{
	(void)state;
	CHECK("ab\"c,d\nx,y\n",
	      "! t.csv:1:3: quote inside an unquoted field\n"
	      "R2 [x]2:1 [y]2:3\n");
	CHECK("x,a\"\n", "! t.csv:1:4: quote inside an unquoted field\n");
	CHECK(" \"a\"", "! t.csv:1:2: quote inside an unquoted field\n");
}

static void test_fault_after_closing_quote(void **state)
{
	(void)state;
	CHECK("\"ab\"c,d\nx\n",
	      "! t.csv:1:5: text after a closing quote\n"
	      "R2 [x]2:1\n");
	CHECK("\"ab\" ,d", "! t.csv:1:5: text after a closing quote\n");
	CHECK("a,\"x\ny\"z\nw\n",
	      "! t.csv:2:3: text after a closing quote\n"
	      "R3 [w]3:1\n");
}

static void test_fault_unclosed_quote(void **state)
{
	(void)state;
	CHECK("a,\"bc\nd\ne,f\n",
	      "! t.csv:1:3: quoted field not closed at end of input\n");
	CHECK("x\n\"", "R1 [x]1:1\n! t.csv:2:1: quoted field not closed at end of input\n");
	CHECK("\"ab\"\"", "! t.csv:1:1: quoted field not closed at end of input\n");
}

static void test_fault_nul(void **state)
{
	(void)state;
	CHECK("a\0b,c\nx\n", "! t.csv:1:2: NUL byte\nR2 [x]2:1\n");
	CHECK("\0\n\nx\n", "! t.csv:1:1: NUL byte\nR2 []2:1\nR3 [x]3:1\n");
	CHECK("\"a\nb\0\"\nx", "! t.csv:2:2: NUL byte\nR3 [x]3:1\n");
}

static void test_fault_bare_cr(void **state)
{
	(void)state;
	CHECK("a\rb,c\nx\n",
	      "! t.csv:1:2: carriage return not followed by line feed\n"
	      "R2 [x]2:1\n");
	CHECK("a\r", "! t.csv:1:2: carriage return not followed by line feed\n");
	CHECK("\"a\"\rb\nx",
	      "! t.csv:1:4: carriage return not followed by line feed\n"
	      "R2 [x]2:1\n");
	CHECK("a\n\rb\nc\n",
	      "R1 [a]1:1\n"
	      "! t.csv:2:1: carriage return not followed by line feed\n"
	      "R3 [c]3:1\n");
	CHECK("a,\r\r\nb",
	      "! t.csv:1:3: carriage return not followed by line feed\n"
	      "R2 [b]2:1\n");
	/* an old Mac file is one long line */
	CHECK("a\rb\rc\r", "! t.csv:1:2: carriage return not followed by line feed\n");
}

static void test_fault_utf8(void **state)
{
	(void)state;
	CHECK("a\x80\nx\n",
	      "! t.csv:1:2: invalid UTF-8: unexpected continuation byte 0x80\nR2 [x]2:1\n");
	CHECK("\xC3\xA9\xC3\xA9\xBF",
	      "! t.csv:1:3: invalid UTF-8: unexpected continuation byte 0xBF\n");
	CHECK("\xC0\xAF", "! t.csv:1:1: invalid UTF-8: overlong encoding starting with 0xC0\n");
	CHECK("\xC1\xBF", "! t.csv:1:1: invalid UTF-8: overlong encoding starting with 0xC1\n");
	CHECK("\xE0\x80\xAF", "! t.csv:1:1: invalid UTF-8: overlong encoding starting with 0xE0\n");
	CHECK("\xE0\x9F\xBF", "! t.csv:1:1: invalid UTF-8: overlong encoding starting with 0xE0\n");
	CHECK("\xF0\x80\x80\xAF",
	      "! t.csv:1:1: invalid UTF-8: overlong encoding starting with 0xF0\n");
	CHECK("\xF0\x8F\xBF\xBF",
	      "! t.csv:1:1: invalid UTF-8: overlong encoding starting with 0xF0\n");
	CHECK("x,\xED\xA0\x80", "! t.csv:1:3: invalid UTF-8: encoded surrogate\n");
	CHECK("\xED\xBF\xBF", "! t.csv:1:1: invalid UTF-8: encoded surrogate\n");
	CHECK("\xF4\x90\x80\x80", "! t.csv:1:1: invalid UTF-8: beyond U+10FFFF\n");
	CHECK("\xF5\x80\x80\x80", "! t.csv:1:1: invalid UTF-8: beyond U+10FFFF\n");
	CHECK("\xF7\xBF\xBF\xBF", "! t.csv:1:1: invalid UTF-8: beyond U+10FFFF\n");
	CHECK("\xF8\x88\x80\x80\x80", "! t.csv:1:1: invalid UTF-8: impossible byte 0xF8\n");
	CHECK("\xFE", "! t.csv:1:1: invalid UTF-8: impossible byte 0xFE\n");
	CHECK("\xFF", "! t.csv:1:1: invalid UTF-8: impossible byte 0xFF\n");
	CHECK("\xC3,", "! t.csv:1:1: invalid UTF-8: incomplete sequence starting with 0xC3\n");
	CHECK("\xE2\x82", "! t.csv:1:1: invalid UTF-8: incomplete sequence starting with 0xE2\n");
	CHECK("\xF0\x9F\x98", "! t.csv:1:1: invalid UTF-8: incomplete sequence starting with 0xF0\n");
	/* an incomplete sequence does not swallow the line feed after it */
	CHECK("\xC3\xA9\xC3\nx\n",
	      "! t.csv:1:2: invalid UTF-8: incomplete sequence starting with 0xC3\n"
	      "R2 [x]2:1\n");
	CHECK("\xC2\xA3\xC2\xA3\x80",
	      "! t.csv:1:3: invalid UTF-8: unexpected continuation byte 0x80\n");
	CHECK("\"a\nb\x80\"\nx\n",
	      "! t.csv:2:2: invalid UTF-8: unexpected continuation byte 0x80\n"
	      "R3 [x]3:1\n");
	CHECK("\"a\"\x80", "! t.csv:1:4: invalid UTF-8: unexpected continuation byte 0x80\n");
}

static void test_resync_many_faults(void **state)
{
	(void)state;
	CHECK("ok\nab\"c\n\"x\"y\nfine\n\x80\n\0,\xFF\nlast",
	      "R1 [ok]1:1\n"
	      "! t.csv:2:3: quote inside an unquoted field\n"
	      "! t.csv:3:4: text after a closing quote\n"
	      "R4 [fine]4:1\n"
	      "! t.csv:5:1: invalid UTF-8: unexpected continuation byte 0x80\n"
	      "! t.csv:6:1: NUL byte\n"
	      "R7 [last]7:1\n");
	/* a fault on the last line, with blank lines after it */
	CHECK("a\nb\"\n\n\n", "R1 [a]1:1\n! t.csv:2:2: quote inside an unquoted field\n");
	/* bad bytes in the rest of a faulty line are not reported again */
	CHECK("\"a\"b\x80\0\xFF\nc", "! t.csv:1:4: text after a closing quote\nR2 [c]2:1\n");
}

static void test_names(void **state)
{
	csv_reader *r;
	sv_err err;

	(void)state;
	r = csv_open_mem("\"", 1, "-");
	assert_non_null(r);
	assert_string_equal(csv_name(r), "<stdin>");
	assert_int_equal(csv_next(r, NULL, &err), -1);
	assert_string_equal(err.msg, "<stdin>:1:1: quoted field not closed at end of input");
	csv_free(&r);
	r = csv_open(stdin, "-");
	assert_non_null(r);
	assert_string_equal(csv_name(r), "<stdin>");
	csv_free(&r);
	r = csv_open_mem("", 0, "returns.csv");
	assert_string_equal(csv_name(r), "returns.csv");
	csv_free(&r);
	csv_free(&r);        /* already NULL: harmless */
	csv_free(NULL);
	assert_null(csv_open(NULL, "x.csv"));
}

static void test_row_fields_and_lifetime(void **state)
{
	static const char in[] = "ref,\"ti\ntle\",x\n";
	csv_reader *r = csv_open_mem(in, sizeof in - 1, "t.csv");
	csv_row *row = NULL;

	(void)state;
	assert_int_equal(csv_next(r, &row, NULL), 1);
	assert_int_equal(row->n, 3);
	assert_int_equal(row->line, 1);
	assert_string_equal(row->fields[1].text, "ti\ntle");
	assert_int_equal(row->fields[1].len, 6);
	assert_int_equal(row->fields[2].line, 2);
	assert_int_equal(row->fields[2].column, 6);
	assert_int_equal(csv_next(r, &row, NULL), 0);
	csv_free(&r);
}

static void test_record_limit(void **state)
{
	const size_t mib = 1024 * 1024;
	size_t len;
	char *in;
	char *got;
	csv_reader *r;

	(void)state;
	/* a record of exactly 1 MiB with its line feed is accepted */
	in = malloc(mib + 100);
	assert_non_null(in);
	memset(in, 'b', mib - 1);
	in[mib - 1] = '\n';
	memcpy(in + mib, "x\n", 2);
	r = csv_open_mem(in, mib + 2, "t.csv");
	{
		csv_row *row = NULL;

		assert_int_equal(csv_next(r, &row, NULL), 1);
		assert_int_equal(row->fields[0].len, mib - 1);
		assert_int_equal(csv_next(r, &row, NULL), 1);
		assert_string_equal(row->fields[0].text, "x");
		assert_int_equal(row->line, 2);
	}
	csv_free(&r);

	/* one byte more is a fault, reported at the start of the record */
	memcpy(in, "a,\"", 3);
	memset(in + 3, 'b', mib - 2);
	memcpy(in + mib + 1, "\"\nx\n", 4);
	len = mib + 5;
	r = csv_open_mem(in, len, "t.csv");
	got = transcript(r);
	csv_free(&r);
	assert_string_equal(got, "! t.csv:1:1: record longer than 1 MiB\nR2 [x]2:1\n");
	free(got);

	/* a long record split over lines: resynchronises inside it */
	memcpy(in, "\"", 1);
	for (len = 1; len < mib + 10; len++)
		in[len] = len % 2 ? 'z' : '\n';
	in[len++] = '"';
	r = csv_open_mem(in, len, "t.csv");
	{
		csv_row *row = NULL;
		sv_err err;

		assert_int_equal(csv_next(r, &row, &err), -1);
		assert_string_equal(err.msg, "t.csv:1:1: record longer than 1 MiB");
		assert_int_equal(csv_next(r, &row, &err), 1);
		assert_int_equal(row->line, 524289);
	}
	csv_free(&r);
	free(in);
}

/* ---- a fault in parts: which field it lies in ------------------------------------- */

/* Read in until the first fault; "LINE:COL field F: msg", checked against
 * the whole message too. */
static void first_fault(const char *in, size_t len, char *out, size_t n)
{
	csv_reader *r = csv_open_mem(in, len, "t.csv");
	const csv_fault *f;
	csv_row *row;
	sv_err err;
	char whole[512];
	int rc;

	assert_non_null(r);
	assert_null(csv_last_fault(r));
	while ((rc = csv_next(r, &row, &err)) == 1)
		assert_null(csv_last_fault(r));
	assert_int_equal(rc, -1);
	f = csv_last_fault(r);
	assert_non_null(f);
	snprintf(whole, sizeof whole, "t.csv:%ld:%ld: %s", f->line, f->column, f->msg);
	assert_string_equal(err.msg, whole);
	snprintf(out, n, "%ld:%ld field %ld: %s", f->line, f->column, f->field, f->msg);
	csv_free(&r);
}

#define FIRST_FAULT(in, want) do { \
	char got_[512]; \
	first_fault((in), sizeof(in) - 1, got_, sizeof got_); \
	assert_string_equal(got_, (want)); \
} while (0)

static void test_fault_field(void **state)
{
	(void)state;
	FIRST_FAULT("a,b,c\n1,2\0x,3\n", "2:4 field 1: NUL byte");
	FIRST_FAULT("a,b,c\n1,2,x\xFFy\n", "2:6 field 2: invalid UTF-8: impossible byte 0xFF");
	FIRST_FAULT("a,b\n1,\"open\n", "2:3 field 1: quoted field not closed at end of input");
	FIRST_FAULT("a,b\nx\"y,2\n", "2:2 field 0: quote inside an unquoted field");
	FIRST_FAULT("a,b\n1,\"q\"z\n", "2:6 field 1: text after a closing quote");
	FIRST_FAULT("a,b,c\n1,2\r3,4\n", "2:4 field 1: carriage return not followed by line feed");
	/* inside a quoted field over two lines: where the byte is */
	FIRST_FAULT("a,b,c\n1,2,\"x\ny\xC3\"\n",
		    "3:2 field 2: invalid UTF-8: incomplete sequence starting with 0xC3");
	/* a fault in the header row is in its field too */
	FIRST_FAULT("a,b\xE9\n", "1:4 field 1: invalid UTF-8: incomplete sequence starting with 0xE9");
}

static void test_fault_field_whole_record(void **state)
{
	const size_t mib = 1024 * 1024;
	char *in = malloc(mib + 16), got[256];

	(void)state;
	assert_non_null(in);
	memcpy(in, "a,b\n1,", 6);
	memset(in + 6, 'x', mib);
	in[mib + 6] = '\n';
	first_fault(in, mib + 7, got, sizeof got);
	assert_string_equal(got, "2:1 field -1: record longer than 1 MiB");
	free(in);
}

/* ---- the FILE path across its internal buffer ------------------------------------- */

static void test_file_large_record(void **state)
{
	static const char name[] = "test_csv_large.tmp";
	const size_t n = 60000;        /* "é" 60,000 times: far past any window */
	struct sbuf b = { NULL, 0, 0 };
	csv_reader *r;
	csv_row *row = NULL;
	FILE *f;
	size_t i;

	(void)state;
	sb_add(&b, "id,\"", 4);
	for (i = 0; i < n; i++)
		sb_add(&b, i % 1000 == 999 ? "\"\"" : "\xC3\xA9", 2);
	sb_str(&b, "\",end\r\n2,\"x\",y\r\n");
	f = fopen(name, "w+b");
	assert_non_null(f);
	assert_int_equal(fwrite(b.s, 1, b.len, f), b.len);
	rewind(f);
	r = csv_open(f, name);
	assert_non_null(r);
	assert_int_equal(csv_next(r, &row, NULL), 1);
	assert_int_equal(row->n, 3);
	assert_int_equal(row->fields[1].len, 2 * n - n / 1000);
	for (i = 0; i < n; i++) {
		if (i % 1000 == 999)
			assert_int_equal(row->fields[1].text[2 * i - i / 1000], '"');
	}
	assert_int_equal(row->fields[1].column, 4);
	/* the quote, n characters of which n / 1000 are written "", the
	 * closing quote and the comma */
	assert_int_equal(row->fields[2].column, 4 + 1 + (long)(n + n / 1000) + 1 + 1);
	assert_string_equal(row->fields[2].text, "end");
	assert_int_equal(csv_next(r, &row, NULL), 1);
	assert_int_equal(row->line, 2);
	assert_string_equal(row->fields[1].text, "x");
	assert_int_equal(csv_next(r, &row, NULL), 0);
	csv_free(&r);
	fclose(f);
	remove(name);
	free(b.s);
}

/* Every split of a multi-byte character, a CRLF and a "" escape across
 * the reader's window (8 KiB): records whose interesting tail slides over
 * the first and second window boundaries, one byte at a time. */
static void test_file_window_edges(void **state)
{
	static const char tail[] = ",\"q\"\"q\",\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\r\n";
	size_t pad;

	(void)state;
	for (pad = 8160; pad < 8200; pad++) {
		struct sbuf in = { NULL, 0, 0 }, want = { NULL, 0, 0 };
		char *line = malloc(pad + 1);
		size_t k, i;

		assert_non_null(line);
		for (i = 0; i < pad; i++)
			line[i] = (char)('a' + i % 26);
		line[pad] = '\0';
		for (k = 1; k <= 3; k++) {
			sb_str(&in, line);
			sb_str(&in, tail);
			sb_printf(&want, "R%zu [", k);
			sb_str(&want, line);
			sb_printf(&want, "]%zu:1 [q\"q]%zu:%zu "
				  "[\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80]%zu:%zu\n",
				  k, k, pad + 2, k, pad + 9);
		}
		sb_str(&in, "\xEF\xBB\xBF\r");
		sb_str(&want, "! t.csv:4:2: carriage return not followed by line feed\n");
		check_input(in.s, in.len, want.s);
		free(line);
		free(in.s);
		free(want.s);
	}
}

static void test_file_read_error(void **state)
{
	static const char name[] = "test_csv_wo.tmp";
	csv_reader *r;
	sv_err err;
	FILE *f;
	char want[200];

	(void)state;
	f = fopen(name, "w");   /* write-only: reading fails */
	assert_non_null(f);
	r = csv_open(f, "wo.csv");
	assert_non_null(r);
	assert_int_equal(csv_next(r, NULL, &err), -1);
	snprintf(want, sizeof want, "wo.csv:1:1: read error: %s", strerror(EBADF));
	assert_string_equal(err.msg, want);
	assert_int_equal(csv_next(r, NULL, &err), 0);
	csv_free(&r);
	fclose(f);
	remove(name);
}

/* ---- header mapping ---------------------------------------------------------------- */

static void collect(void *ctx, long line, long column, const char *msg)
{
	sb_printf(ctx, "%ld:%ld: %s\n", line, column, msg);
}

static const csv_col COLS[] = {
	{ "ref", 1 }, { "title", 1 }, { "value", 1 }, { "manager", 0 },
};
#define NCOLS (sizeof COLS / sizeof COLS[0])

/* Map the first record of in; the report goes into *out (caller frees). */
static int map_header(const char *in, int *map, char **out)
{
	struct sbuf b = { NULL, 0, 0 };
	csv_reader *r = csv_open_mem(in, strlen(in), "h.csv");
	csv_row *row = NULL;
	int n;

	assert_int_equal(csv_next(r, &row, NULL), 1);
	sb_add(&b, "", 0);
	n = csv_header_map(row, COLS, NCOLS, map, collect, &b);
	csv_free(&r);
	*out = b.s;
	return n;
}

#define MAP_EQ(map, a, b, c, d) do {                                     \
		assert_int_equal((map)[0], (a));                         \
		assert_int_equal((map)[1], (b));                         \
		assert_int_equal((map)[2], (c));                         \
		assert_int_equal((map)[3], (d));                         \
	} while (0)

static void test_header_ok(void **state)
{
	int map[NCOLS];
	char *rep;

	(void)state;
	assert_int_equal(map_header("ref,title,value\n", map, &rep), 0);
	assert_string_equal(rep, "");
	MAP_EQ(map, 0, 1, 2, -1);
	free(rep);
	assert_int_equal(map_header(" REF ,Title,\tVALUE,manager\n", map, &rep), 0);
	assert_string_equal(rep, "");
	MAP_EQ(map, 0, 1, 2, 3);
	free(rep);
	assert_int_equal(map_header("Manager,value,\"ref\",TITLE", map, &rep), 0);
	MAP_EQ(map, 2, 3, 1, 0);
	free(rep);
	assert_int_equal(map_header("\xEF\xBB\xBF" "ref,title,value", map, &rep), 0);
	MAP_EQ(map, 0, 1, 2, -1);
	free(rep);
}

static void test_header_problems(void **state)
{
	int map[NCOLS];
	char *rep;

	(void)state;
	assert_int_equal(map_header("ref,title,vlaue\n", map, &rep), 2);
	assert_string_equal(rep, "1:11: unknown column \"vlaue\"\n"
			    "1:1: missing required column \"value\"\n");
	MAP_EQ(map, 0, 1, -1, -1);
	free(rep);

	assert_int_equal(map_header("ref,title,value,Ref\n", map, &rep), 1);
	assert_string_equal(rep, "1:17: column \"Ref\" named twice\n");
	MAP_EQ(map, 0, 1, 2, -1);
	free(rep);

	assert_int_equal(map_header("ref,,title, ,value\n", map, &rep), 2);
	assert_string_equal(rep, "1:5: empty column name\n1:12: empty column name\n");
	MAP_EQ(map, 0, 2, 4, -1);
	free(rep);

	assert_int_equal(map_header("manager\n", map, &rep), 3);
	assert_string_equal(rep, "1:1: missing required column \"ref\"\n"
			    "1:1: missing required column \"title\"\n"
			    "1:1: missing required column \"value\"\n");
	MAP_EQ(map, -1, -1, -1, 0);
	free(rep);

	assert_int_equal(map_header("\"ref\",\"ti\ntle\",value,\"va\x1b[2Jlue\"", map, &rep), 3);
	assert_string_equal(rep, "1:7: unknown column \"ti?tle\"\n"
			    "2:12: unknown column \"va?[2Jlue\"\n"
			    "1:1: missing required column \"title\"\n");
	free(rep);
}

static void test_header_misc(void **state)
{
	static const char in[] = "\n\nref,title,value,value,extra\n";
	int map[NCOLS];
	csv_reader *r = csv_open_mem(in, sizeof in - 1, "h.csv");
	csv_row *row = NULL;
	struct sbuf b = { NULL, 0, 0 };

	(void)state;
	/* a header on line 3 (after two blank records) */
	assert_int_equal(csv_next(r, &row, NULL), 1);
	assert_int_equal(csv_next(r, &row, NULL), 1);
	assert_int_equal(csv_next(r, &row, NULL), 1);
	assert_int_equal(row->line, 3);
	assert_int_equal(csv_header_map(row, COLS, NCOLS, map, NULL, NULL), 2);
	sb_add(&b, "", 0);
	assert_int_equal(csv_header_map(row, COLS, NCOLS, map, collect, &b), 2);
	assert_string_equal(b.s, "3:17: column \"value\" named twice\n"
			    "3:23: unknown column \"extra\"\n");
	free(b.s);
	csv_free(&r);

	/* no header at all */
	b.s = NULL;
	b.len = b.cap = 0;
	sb_add(&b, "", 0);
	assert_int_equal(csv_header_map(NULL, COLS, NCOLS, map, collect, &b), 3);
	assert_string_equal(b.s, "1:1: missing required column \"ref\"\n"
			    "1:1: missing required column \"title\"\n"
			    "1:1: missing required column \"value\"\n");
	MAP_EQ(map, -1, -1, -1, -1);
	free(b.s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_empty_fields),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_embedded_newlines),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_blank_lines),
		cmocka_unit_test(test_utf8_columns),
		cmocka_unit_test(test_fault_quote_in_field),
		cmocka_unit_test(test_fault_after_closing_quote),
		cmocka_unit_test(test_fault_unclosed_quote),
		cmocka_unit_test(test_fault_nul),
		cmocka_unit_test(test_fault_bare_cr),
		cmocka_unit_test(test_fault_utf8),
		cmocka_unit_test(test_resync_many_faults),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_row_fields_and_lifetime),
		cmocka_unit_test(test_record_limit),
		cmocka_unit_test(test_fault_field),
		cmocka_unit_test(test_fault_field_whole_record),
		cmocka_unit_test(test_file_large_record),
		cmocka_unit_test(test_file_window_edges),
		cmocka_unit_test(test_file_read_error),
		cmocka_unit_test(test_header_ok),
		cmocka_unit_test(test_header_problems),
		cmocka_unit_test(test_header_misc),
	};
	int failed = cmocka_run_group_tests_name("csv", tests, NULL, NULL);

	return getenv("CMOCKA_MESSAGE_OUTPUT") ? 0 : failed;
}
