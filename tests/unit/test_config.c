/* test_config.c: reading svdesk.ini (strict scan + iniparser).
 *
 * Temporary files are written in the current directory (the build
 * directory under `make check`) and removed by each test. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "svdesk/settings.h"

#include "src/inifile.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* the file most tests write: "tcfg-PID.ini" */
static char ini[64];

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static int load_bytes(const char *text, size_t len, sv_config *cfg, sv_err *err)
{
	int rc;

	write_file(ini, text, len);
	sv_err_clear(err);
	rc = config_load_file(cfg, ini, err);
	assert_int_equal(remove(ini), 0);
	return rc;
}

static int load(const char *text, sv_config *cfg, sv_err *err)
{
	return load_bytes(text, strlen(text), cfg, err);
}

/* text loads; the caller checks cfg and frees it */
static void good(const char *text, sv_config *cfg)
{
	sv_err err;

	if (load(text, cfg, &err) != 0)
		fail_msg("unexpected error: %s", err.msg);
	assert_string_equal(err.msg, "");
	assert_non_null(cfg->file);
	assert_string_equal(cfg->file, ini);
}

/* text fails with exactly "FILE:" want */
static void bad_bytes(const char *text, size_t len, const char *want)
{
	sv_config cfg;
	sv_err err;
	char full[SV_ERR_MAX];

	snprintf(full, sizeof full, "%s:%s", ini, want);
	if (load_bytes(text, len, &cfg, &err) != -1)
		fail_msg("no error for:\n%s", text);
	assert_string_equal(err.msg, full);
	/* a failed load leaves the defaults, and nothing to leak */
	assert_null(cfg.file);
	assert_string_equal(cfg.org_name, "West Midlands Police and OPCC");
	assert_null(cfg.db_path);
	config_free(&cfg);
}

static void bad(const char *text, const char *want)
{
	bad_bytes(text, strlen(text), want);
}

/* text fails with a message that starts with "FILE:" want and contains
 * also (for messages partly written by money_parse / percent_parse) */
static void bad_prefix(const char *text, const char *want, const char *also)
{
	sv_config cfg;
	sv_err err;
	char full[SV_ERR_MAX];

	snprintf(full, sizeof full, "%s:%s", ini, want);
	if (load(text, &cfg, &err) != -1)
		fail_msg("no error for:\n%s", text);
	if (strncmp(err.msg, full, strlen(full)) != 0)
		fail_msg("got \"%s\", want a message starting with \"%s\"", err.msg, full);
	if (also != NULL && strstr(err.msg, also) == NULL)
		fail_msg("got \"%s\", want a message containing \"%s\"", err.msg, also);
	config_free(&cfg);
}

static int setup(void **state)
{
	(void)state;
	snprintf(ini, sizeof ini, "tcfg-%ld.ini", (long)getpid());
	return 0;
}

/* ---- defaults ------------------------------------------------------------ */

static void assert_defaults(const sv_config *cfg)
{
	keymap km;

	assert_string_equal(cfg->org_name, "West Midlands Police and OPCC");
	assert_int_equal(cfg->threshold, 10000000);
	assert_int_equal(cfg->min_weighting, 100);
	assert_int_equal(cfg->rag_green, 100);
	assert_int_equal(cfg->rag_amber, 75);
	assert_null(cfg->db_path);
	assert_null(cfg->db_group);
	assert_int_equal(cfg->busy_timeout_ms, 5000);
	assert_string_equal(cfg->print_command, "lpr");
	assert_int_equal(cfg->print_width, 80);
	assert_int_equal(cfg->page_length, 66);
	assert_int_equal(cfg->theme, THEME_DEFAULT);
	assert_int_equal(cfg->mouse, 1);
	keymap_defaults(&km);
	assert_memory_equal(&cfg->keys, &km, sizeof km);
}

static void test_defaults(void **state)
{
	sv_config cfg;

	(void)state;
	memset(&cfg, 0x5A, sizeof cfg);
	config_defaults(&cfg);
	assert_null(cfg.file);
	assert_defaults(&cfg);
	config_free(&cfg);
	assert_defaults(&cfg);
	config_free(&cfg);          /* twice is fine */
	assert_null(cfg.file);
	config_free(NULL);
}

static void test_free_after_load_is_idempotent(void **state)
{
	sv_config cfg;

	(void)state;
	good("[organisation]\nname = Acme\n[database]\npath = /x/y.db\n"
	     "[print]\ncommand = cat\n", &cfg);
	assert_string_equal(cfg.org_name, "Acme");
	config_free(&cfg);
	assert_null(cfg.file);
	assert_null(cfg.db_path);
	assert_defaults(&cfg);
	config_free(&cfg);
	/* and a second load into the same struct after a free */
	good("[organisation]\nname = Other\n", &cfg);
	assert_string_equal(cfg.org_name, "Other");
	config_free(&cfg);
}

static void test_empty_and_comment_only_files(void **state)
{
	sv_config cfg;

	(void)state;
	good("", &cfg);
	assert_defaults(&cfg);
	config_free(&cfg);
	good("\n\n   \n\t\n", &cfg);
	assert_defaults(&cfg);
	config_free(&cfg);
	good("; a comment\n# another\n   ; indented\n[policy]\n; inside\n[keys]\n", &cfg);
	assert_defaults(&cfg);
	config_free(&cfg);
	/* no newline at the end, CRLF line ends */
	good("[policy]\r\nrag_amber = 50\r\n\r\n[print]\r\nwidth = 100", &cfg);
	assert_int_equal(cfg.rag_amber, 50);
	assert_int_equal(cfg.print_width, 100);
	config_free(&cfg);
}

static void test_every_key(void **state)
{
	sv_config cfg;
	struct group *g = getgrgid(getgid());
	char text[1024];
	char abs_path[64];

	(void)state;
	if (g == NULL)
		skip();   /* a process group without a name: nothing to name */
	snprintf(abs_path, sizeof abs_path, "/srv/svdesk/%ld.db", (long)getpid());
	snprintf(text, sizeof text,
	         "[organisation]\n"
	         "name = Somewhere Police\n"
	         "[policy]\n"
	         "threshold = 250000\n"
	         "min_weighting = 12.5\n"
	         "rag_green = 90\n"
	         "rag_amber = 60\n"
	         "[database]\n"
	         "path = %s\n"
	         "group = %s\n"
	         "busy_timeout_ms = 250\n"
	         "[print]\n"
	         "command = lpr -P finance\n"
	         "width = 132\n"
	         "page_length = 0\n"
	         "[ui]\n"
	         "theme = mono\n"
	         "[keys]\n"
	         "quit = X\n"
	         "help = h <F2>\n",
	         abs_path, g->gr_name);
	good(text, &cfg);
	assert_string_equal(cfg.org_name, "Somewhere Police");
	assert_int_equal(cfg.threshold, 25000000);
	assert_int_equal(cfg.min_weighting, 125);
	assert_int_equal(cfg.rag_green, 90);
	assert_int_equal(cfg.rag_amber, 60);
	assert_string_equal(cfg.db_path, abs_path);
	assert_string_equal(cfg.db_group, g->gr_name);
	assert_int_equal(cfg.busy_timeout_ms, 250);
	assert_string_equal(cfg.print_command, "lpr -P finance");
	assert_int_equal(cfg.print_width, 132);
	assert_int_equal(cfg.page_length, 0);
	assert_int_equal(cfg.theme, THEME_MONO);
	assert_int_equal(cfg.keys.keys[ACT_QUIT][0], 'X');
	assert_int_equal(cfg.keys.keys[ACT_QUIT][1], 0);
	assert_int_equal(cfg.keys.keys[ACT_HELP][0], 'h');
	assert_int_equal(cfg.keys.keys[ACT_HELP][1], SVK_F2);
	assert_int_equal(cfg.keys.keys[ACT_HELP][2], 0);
	assert_int_equal(cfg.keys.keys[ACT_BACK][0], 'q');   /* untouched */
	config_free(&cfg);
}

static void test_names_are_case_insensitive(void **state)
{
	sv_config cfg;

	(void)state;
	good("[ Policy ]\nRAG_Amber = 50\n[PRINT]\nWidth=70\n[Keys]\nQUIT = z\n", &cfg);
	assert_int_equal(cfg.rag_amber, 50);
	assert_int_equal(cfg.print_width, 70);
	assert_int_equal(cfg.keys.keys[ACT_QUIT][0], 'z');   /* the value keeps its case */
	config_free(&cfg);
	good("[keys]\nQuit = Q\nBACK = <esc> q\n", &cfg);
	assert_int_equal(cfg.keys.keys[ACT_QUIT][0], 'Q');
	assert_int_equal(cfg.keys.keys[ACT_BACK][0], 27);
	config_free(&cfg);
}

/* ---- [organisation] name, [print] command: text --------------------------- */

static void test_text_values(void **state)
{
	sv_config cfg;

	(void)state;
	good("[organisation]\nname = A & B Police (OPCC)\n", &cfg);
	assert_string_equal(cfg.org_name, "A & B Police (OPCC)");
	config_free(&cfg);
	good("[organisation]\nname=   spaces  around   \n", &cfg);
	assert_string_equal(cfg.org_name, "spaces  around");
	config_free(&cfg);
	good("[organisation]\nname = Caf\xC3\xA9 \xC2\xA3 Police\n", &cfg);
	assert_string_equal(cfg.org_name, "Caf\xC3\xA9 \xC2\xA3 Police");
	config_free(&cfg);
	good("[organisation]\nname = x = y\n", &cfg);
	assert_string_equal(cfg.org_name, "x = y");
	config_free(&cfg);
	good("[print]\ncommand = lpr -o landscape -P \"finance\"\n", &cfg);
	assert_string_equal(cfg.print_command, "lpr -o landscape -P \"finance\"");
	config_free(&cfg);
	good("[organisation]\nname = O'Brien's Police\n", &cfg);
	assert_string_equal(cfg.org_name, "O'Brien's Police");
	config_free(&cfg);

	bad("[organisation]\nname =\n",
	    "2: [organisation] name: missing value (expected the name of the organisation)");
	bad("[organisation]\nname = \"  \"\n",
	    "2: [organisation] name: missing value (expected the name of the organisation)");
	bad("[organisation]\nname = ; only a comment\n",
	    "2: [organisation] name: missing value (expected the name of the organisation)");
	bad("[organisation]\nname = \"a\tb\"\n",
	    "2: [organisation] name: contains a control character");
	bad("[print]\ncommand =\n",
	    "2: [print] command: missing value (expected the command that prints, e.g. lpr)");
	bad("[print]\ncommand = ''\n",
	    "2: [print] command: missing value (expected the command that prints, e.g. lpr)");
}

static void test_inline_comments_and_quotes(void **state)
{
	sv_config cfg;

	(void)state;
	/* unquoted: cut at ; or # (no space needed), as iniparser does */
	good("[organisation]\nname = Police ; the name\n", &cfg);
	assert_string_equal(cfg.org_name, "Police");
	config_free(&cfg);
	good("[organisation]\nname = Police#1\n", &cfg);
	assert_string_equal(cfg.org_name, "Police");
	config_free(&cfg);
	good("[organisation]\nname = A;B\n", &cfg);
	assert_string_equal(cfg.org_name, "A");
	config_free(&cfg);
	/* quoted: ; and # kept, spaces kept, a comment may follow */
	good("[organisation]\nname = \"Police; OPCC # 1\"\n", &cfg);
	assert_string_equal(cfg.org_name, "Police; OPCC # 1");
	config_free(&cfg);
	good("[organisation]\nname = \"  padded  \"   ; comment\n", &cfg);
	assert_string_equal(cfg.org_name, "  padded  ");
	config_free(&cfg);
	good("[organisation]\nname=\"tight\"#c\n", &cfg);
	assert_string_equal(cfg.org_name, "tight");
	config_free(&cfg);
	good("[print]\ncommand = 'lpr; echo done'\n", &cfg);
	assert_string_equal(cfg.print_command, "lpr; echo done");
	config_free(&cfg);
	good("[organisation]\nname = \"it's\"\n", &cfg);
	assert_string_equal(cfg.org_name, "it's");
	config_free(&cfg);
	good("[organisation]\nname = 'say \"hi\"'\n", &cfg);
	assert_string_equal(cfg.org_name, "say \"hi\"");
	config_free(&cfg);
	good("[keys]\nfirst = \"#\"\nlast = ';'\n", &cfg);
	assert_int_equal(cfg.keys.keys[ACT_FIRST][0], '#');
	assert_int_equal(cfg.keys.keys[ACT_LAST][0], ';');
	config_free(&cfg);
	/* quoted numbers are numbers */
	good("[print]\nwidth = \"100\"\n", &cfg);
	assert_int_equal(cfg.print_width, 100);
	config_free(&cfg);
}

static void test_unterminated_and_trailing_quotes(void **state)
{
	(void)state;
	bad("[organisation]\nname = \"Police\n",
	    "2: [organisation] name: unterminated quote (the value starts with \" but has no"
	    " closing \")");
	bad("[organisation]\nname = 'Police\n",
	    "2: [organisation] name: unterminated quote (the value starts with ' but has no"
	    " closing ')");
	bad("[organisation]\nname = \"Police ; comment\n",
	    "2: [organisation] name: unterminated quote (the value starts with \" but has no"
	    " closing \")");
	bad("[organisation]\nname = \"A\" \"B\"\n",
	    "2: [organisation] name: text after the closing quote (put the whole value inside"
	    " the quotes)");
	bad("[organisation]\nname = \"A\"B\n",
	    "2: [organisation] name: text after the closing quote (put the whole value inside"
	    " the quotes)");
	bad("[organisation]\nname = \"a\\\"b\"\n",
	    "2: [organisation] name: text after the closing quote (put the whole value inside"
	    " the quotes)");
}

/* ---- numbers ------------------------------------------------------------- */

struct int_key {
	const char *section, *key;
	long min, max;
	int (*get)(const sv_config *);
};

static int get_rag_green(const sv_config *c) { return c->rag_green; }
static int get_rag_amber(const sv_config *c) { return c->rag_amber; }
static int get_busy(const sv_config *c) { return c->busy_timeout_ms; }
static int get_width(const sv_config *c) { return c->print_width; }
static int get_page(const sv_config *c) { return c->page_length; }

static const struct int_key INT_KEYS[] = {
	{ "policy", "rag_green", 0, 1000, get_rag_green },
	{ "policy", "rag_amber", 0, 1000, get_rag_amber },
	{ "database", "busy_timeout_ms", 0, 600000, get_busy },
	{ "print", "width", 60, 250, get_width },
	{ "print", "page_length", 0, 1000, get_page },
};

static void int_good(const struct int_key *k, const char *value, int want)
{
	char text[256];
	sv_config cfg;

	/* rag_green must stay >= rag_amber: set the other one out of the way */
	if (strcmp(k->key, "rag_green") == 0)
		snprintf(text, sizeof text, "[policy]\nrag_amber = 0\n[%s]\n%s = %s\n", k->section,
		         k->key, value);
	else
		snprintf(text, sizeof text, "[policy]\nrag_green = 1000\n[%s]\n%s = %s\n",
		         k->section, k->key, value);
	good(text, &cfg);
	assert_int_equal(k->get(&cfg), want);
	config_free(&cfg);
}

static void int_bad(const struct int_key *k, const char *value, const char *what)
{
	char text[256], want[512];

	snprintf(text, sizeof text, "\n[%s]\n%s = %s\n", k->section, k->key, value);
	snprintf(want, sizeof want, "3: [%s] %s: %s", k->section, k->key, what);
	bad(text, want);
}

static void test_integers_good(void **state)
{
	char s[32];
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(INT_KEYS); i++) {
		const struct int_key *k = &INT_KEYS[i];

		snprintf(s, sizeof s, "%ld", k->min);
		int_good(k, s, (int)k->min);
		snprintf(s, sizeof s, "%ld", k->max);
		int_good(k, s, (int)k->max);
		int_good(k, "100", 100);
		int_good(k, "0100", 100);          /* decimal, not octal */
		int_good(k, "\"100\" ; quoted", 100);
		int_good(k, "100 ; comment", 100);
	}
	int_good(&INT_KEYS[1], "010", 10);         /* never read as 8 */
	int_good(&INT_KEYS[2], "0000", 0);
}

static void test_integers_bad(void **state)
{
	char what[256], val[32];
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(INT_KEYS); i++) {
		const struct int_key *k = &INT_KEYS[i];
		const char *const not_numbers[] = { "12abc", "abc", "0x10", "1.5", "+5", "1e3",
		                                    "12 13", "\xC2\xA3" "5", "--1", "-" };
		size_t j;

		snprintf(what, sizeof what, "missing value (expected a whole number from %ld to"
		         " %ld)", k->min, k->max);
		int_bad(k, "", what);
		int_bad(k, "\"\"", what);
		int_bad(k, "; nothing", what);
		for (j = 0; j < COUNT(not_numbers); j++) {
			snprintf(what, sizeof what, "\"%s\" is not a whole number (expected %ld to %ld)",
			         not_numbers[j], k->min, k->max);
			int_bad(k, not_numbers[j], what);
		}
		snprintf(what, sizeof what, "\" 5\" is not a whole number (expected %ld to %ld)",
		         k->min, k->max);
		int_bad(k, "\" 5\"", what);
		/* out of range: below, above, negative, huge */
		snprintf(val, sizeof val, "%ld", k->max + 1);
		snprintf(what, sizeof what, "%s is out of range (%ld to %ld)", val, k->min, k->max);
		int_bad(k, val, what);
		snprintf(what, sizeof what, "-1 is out of range (%ld to %ld)", k->min, k->max);
		int_bad(k, "-1", what);
		snprintf(what, sizeof what, "99999999999999999999 is out of range (%ld to %ld)",
		         k->min, k->max);
		int_bad(k, "99999999999999999999", what);
		if (k->min > 0) {
			snprintf(val, sizeof val, "%ld", k->min - 1);
			snprintf(what, sizeof what, "%s is out of range (%ld to %ld)", val, k->min,
			         k->max);
			int_bad(k, val, what);
		}
	}
}

static void test_page_length(void **state)
{
	sv_config cfg;

	(void)state;
	good("[print]\npage_length = 20\n", &cfg);
	assert_int_equal(cfg.page_length, 20);
	config_free(&cfg);
	good("[print]\npage_length = 0\n", &cfg);
	assert_int_equal(cfg.page_length, 0);
	config_free(&cfg);
	good("[print]\npage_length = 1000\n", &cfg);
	assert_int_equal(cfg.page_length, 1000);
	config_free(&cfg);
	bad("[print]\npage_length = 1\n",
	    "2: [print] page_length: 1 is out of range (0 for no pages, or 20 to 1000)");
	bad("[print]\npage_length = 19\n",
	    "2: [print] page_length: 19 is out of range (0 for no pages, or 20 to 1000)");
	bad("[print]\npage_length = 1001\n",
	    "2: [print] page_length: 1001 is out of range (0 to 1000)");
}

static void test_print_width(void **state)
{
	(void)state;
	bad("[print]\nwidth = 59\n", "2: [print] width: 59 is out of range (60 to 250)");
	bad("[print]\nwidth = 251\n", "2: [print] width: 251 is out of range (60 to 250)");
	bad("[print]\nwidth = 0\n", "2: [print] width: 0 is out of range (60 to 250)");
	bad("[print]\nwidth = 80 columns\n",
	    "2: [print] width: \"80 columns\" is not a whole number (expected 60 to 250)");
}

static void test_rag_order(void **state)
{
	sv_config cfg;

	(void)state;
	good("[policy]\nrag_green = 80\nrag_amber = 80\n", &cfg);
	assert_int_equal(cfg.rag_green, 80);
	assert_int_equal(cfg.rag_amber, 80);
	config_free(&cfg);
	good("[policy]\nrag_green = 200\nrag_amber = 150\n", &cfg);
	assert_int_equal(cfg.rag_green, 200);
	config_free(&cfg);
	/* both given: reported at rag_green's line, naming rag_amber's */
	bad("[policy]\nrag_amber = 75\n\nrag_green = 50\n",
	    "4: [policy] rag_green: 50 is below rag_amber (75 at line 2): rag_green must be at"
	    " least rag_amber");
	bad("[policy]\nrag_green = 50\nrag_amber = 60\n",
	    "2: [policy] rag_green: 50 is below rag_amber (60 at line 3): rag_green must be at"
	    " least rag_amber");
	/* only one given: against the other's default */
	bad("[policy]\nrag_green = 74\n",
	    "2: [policy] rag_green: 74 is below rag_amber (75, the default): rag_green must be"
	    " at least rag_amber");
	bad("[policy]\nrag_amber = 101\n",
	    "2: [policy] rag_amber: 101 is above rag_green (100, the default): rag_green must be"
	    " at least rag_amber");
}

/* ---- money and percent ----------------------------------------------------- */

static void test_threshold(void **state)
{
	static const struct {
		const char *value;
		sv_pence want;
	} cases[] = {
		{ "100000", 10000000 }, { "0", 0 }, { "250000.50", 25000050 },
		{ "\xC2\xA3" "1,234,567.89", 123456789 }, { "1,000", 100000 },
		{ "010", 1000 }, { "\"\xC2\xA3" "5,000\" ; quoted", 500000 },
	};
	static const char *const bad_values[] = {
		"abc", "12abc", "-5", "1e6", "1,00", "12.345", "0x10", "\xE2\x82\xAC" "5",
		"100 000",
	};
	char text[128];
	sv_config cfg;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		snprintf(text, sizeof text, "[policy]\nthreshold = %s\n", cases[i].value);
		good(text, &cfg);
		assert_int_equal(cfg.threshold, cases[i].want);
		config_free(&cfg);
	}
	bad("[policy]\nthreshold =\n",
	    "2: [policy] threshold: missing value (expected an amount in pounds, e.g. 100000)");
	for (i = 0; i < COUNT(bad_values); i++) {
		snprintf(text, sizeof text, "[policy]\nthreshold = %s\n", bad_values[i]);
		bad_prefix(text, "2: [policy] threshold: ", "(expected an amount in pounds, e.g.");
		bad_prefix(text, "2: [policy] threshold: ", bad_values[i]);
	}
}

static void test_min_weighting(void **state)
{
	static const struct {
		const char *value;
		int want;
	} cases[] = {
		{ "10", 100 }, { "0", 0 }, { "100", 1000 }, { "12.5", 125 }, { "15%", 150 },
		{ "0.1", 1 }, { "010", 100 },
	};
	static const char *const bad_values[] = {
		"101", "100.1", "12.55", "abc", "-1", "10abc", "1e1", "%",
	};
	char text[128];
	sv_config cfg;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		snprintf(text, sizeof text, "[policy]\nmin_weighting = %s\n", cases[i].value);
		good(text, &cfg);
		assert_int_equal(cfg.min_weighting, cases[i].want);
		config_free(&cfg);
	}
	bad("[policy]\nmin_weighting = \n",
	    "2: [policy] min_weighting: missing value (expected a percentage from 0 to 100,"
	    " e.g. 10)");
	for (i = 0; i < COUNT(bad_values); i++) {
		snprintf(text, sizeof text, "[policy]\nmin_weighting = %s\n", bad_values[i]);
		bad_prefix(text, "2: [policy] min_weighting: ",
		           "(expected a percentage from 0 to 100, e.g. 10)");
	}
}

/* ---- [ui] theme ------------------------------------------------------------ */

static void test_theme(void **state)
{
	static const struct {
		const char *value;
		enum ui_theme want;
	} cases[] = {
		{ "default", THEME_DEFAULT }, { "light", THEME_LIGHT }, { "mono", THEME_MONO },
		{ "Mono", THEME_MONO }, { "LIGHT", THEME_LIGHT },
	};
	char text[128];
	sv_config cfg;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		snprintf(text, sizeof text, "[ui]\ntheme = %s\n", cases[i].value);
		good(text, &cfg);
		assert_int_equal(cfg.theme, cases[i].want);
		config_free(&cfg);
	}
	bad("[ui]\ntheme = dark\n",
	    "2: [ui] theme: unknown theme \"dark\" (expected default, light or mono)");
	bad("[ui]\ntheme = mono2\n",
	    "2: [ui] theme: unknown theme \"mono2\" (expected default, light or mono)");
	bad("[ui]\ntheme = 1\n",
	    "2: [ui] theme: unknown theme \"1\" (expected default, light or mono)");
	bad("[ui]\ntheme =\n", "2: [ui] theme: missing value (expected default, light or mono)");
}

/* ---- [ui] mouse ------------------------------------------------------------ */

static void test_mouse(void **state)
{
	static const struct {
		const char *value;
		int want;
	} cases[] = {
		{ "yes", 1 }, { "no", 0 }, { "YES", 1 }, { "No", 0 },
	};
	static const char *const bad_values[] = { "y", "n", "1", "0", "true", "off", "nope", "yess" };
	char text[128], want[160];
	sv_config cfg;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		snprintf(text, sizeof text, "[ui]\nmouse = %s\n", cases[i].value);
		good(text, &cfg);
		assert_int_equal(cfg.mouse, cases[i].want);
		config_free(&cfg);
	}
	/* theme and mouse together, in either order */
	good("[ui]\nmouse = no\ntheme = mono\n", &cfg);
	assert_int_equal(cfg.mouse, 0);
	assert_int_equal(cfg.theme, THEME_MONO);
	config_free(&cfg);
	for (i = 0; i < COUNT(bad_values); i++) {
		snprintf(text, sizeof text, "[ui]\nmouse = %s\n", bad_values[i]);
		snprintf(want, sizeof want, "2: [ui] mouse: \"%s\" is not yes or no", bad_values[i]);
		bad(text, want);
	}
	bad("[ui]\nmouse =\n", "2: [ui] mouse: missing value (expected yes or no)");
}

/* ---- [database] ------------------------------------------------------------ */

static void test_db_group(void **state)
{
	struct group *g = getgrgid(getgid());
	char text[256], name[64];
	sv_config cfg;

	(void)state;
	bad("[database]\ngroup = svdesk-no-such-group-x\n",
	    "2: [database] group: no group named \"svdesk-no-such-group-x\" on this system");
	bad("[database]\ngroup =\n",
	    "2: [database] group: missing value (expected the name of a group)");
	if (g == NULL)
		skip();   /* a process group without a name: nothing to name */
	snprintf(name, sizeof name, "%s", g->gr_name);
	snprintf(text, sizeof text, "[database]\ngroup = %s\n", name);
	good(text, &cfg);
	assert_string_equal(cfg.db_group, name);
	config_free(&cfg);
	assert_null(cfg.db_group);
}

static void test_db_path(void **state)
{
	char dir[64], file[128], text[256], want[256];
	sv_config cfg;
	sv_err err;

	(void)state;
	good("[database]\npath = /srv/svdesk/svdesk.db\n", &cfg);
	assert_string_equal(cfg.db_path, "/srv/svdesk/svdesk.db");
	config_free(&cfg);
	/* a file in the current folder: the path stays relative to it */
	good("[database]\npath = team.db\n", &cfg);
	assert_string_equal(cfg.db_path, "team.db");
	config_free(&cfg);

	/* a file in another folder: relative to that folder */
	snprintf(dir, sizeof dir, "tcfg-%ld-dir", (long)getpid());
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(file, sizeof file, "%s/svdesk.ini", dir);
	snprintf(text, sizeof text, "[database]\npath = data/team.db\n");
	write_file(file, text, strlen(text));
	assert_int_equal(config_load_file(&cfg, file, &err), 0);
	snprintf(want, sizeof want, "%s/data/team.db", dir);
	assert_string_equal(cfg.db_path, want);
	assert_string_equal(cfg.file, file);
	config_free(&cfg);
	snprintf(text, sizeof text, "[database]\npath = ../up.db\n");
	write_file(file, text, strlen(text));
	assert_int_equal(config_load_file(&cfg, file, &err), 0);
	snprintf(want, sizeof want, "%s/../up.db", dir);
	assert_string_equal(cfg.db_path, want);
	config_free(&cfg);
	/* an absolute file name: an absolute path */
	{
		char cwd[512], absfile[700], wantabs[800];

		assert_non_null(getcwd(cwd, sizeof cwd));
		snprintf(absfile, sizeof absfile, "%s/%s", cwd, file);
		assert_int_equal(config_load_file(&cfg, absfile, &err), 0);
		snprintf(wantabs, sizeof wantabs, "%s/%s/../up.db", cwd, dir);
		assert_string_equal(cfg.db_path, wantabs);
		config_free(&cfg);
	}
	/* an absolute path stays as it is */
	snprintf(text, sizeof text, "[database]\npath = /abs/team.db\n");
	write_file(file, text, strlen(text));
	assert_int_equal(config_load_file(&cfg, file, &err), 0);
	assert_string_equal(cfg.db_path, "/abs/team.db");
	config_free(&cfg);
	assert_int_equal(remove(file), 0);
	assert_int_equal(rmdir(dir), 0);

	bad("[database]\npath =\n",
	    "2: [database] path: missing value (expected the path of the database file)");
	bad("[database]\npath = ~/svdesk.db\n",
	    "2: [database] path: \"~\" is not expanded here: write the full path, or a path"
	    " relative to the folder of this file");
}

/* ---- structure ------------------------------------------------------------- */

static void test_unknown_section(void **state)
{
	(void)state;
	bad("[polcy]\nthreshold = 5\n",
	    "1: [polcy]: unknown section (the sections are [organisation], [policy],"
	    " [database], [print], [export], [ui] and [keys])");
	bad("[policy]\nrag_green = 100\n\n[Colours]\n",
	    "4: [colours]: unknown section (the sections are [organisation], [policy],"
	    " [database], [print], [export], [ui] and [keys])");
	bad("[policy:x]\n",
	    "1: [policy:x]: unknown section (the sections are [organisation], [policy],"
	    " [database], [print], [export], [ui] and [keys])");
}

static void test_export_bom(void **state)
{
	sv_config cfg;

	(void)state;
	config_defaults(&cfg);
	assert_int_equal(cfg.export_bom, CSV_BOM_AUTO);
	config_free(&cfg);
	good("[export]\nbom = yes\n", &cfg);
	assert_int_equal(cfg.export_bom, CSV_BOM_YES);
	config_free(&cfg);
	good("[EXPORT]\nBOM = No\n", &cfg);
	assert_int_equal(cfg.export_bom, CSV_BOM_NO);
	config_free(&cfg);
	good("[export]\nbom = auto ; the default\n", &cfg);
	assert_int_equal(cfg.export_bom, CSV_BOM_AUTO);
	config_free(&cfg);
	bad("[export]\nbom = maybe\n",
	    "2: [export] bom: unknown value \"maybe\" (expected auto, yes or no)");
	bad("[export]\nbom =\n", "2: [export] bom: missing value (expected auto, yes or no)");
	bad("[export]\nbommm = yes\n", "2: [export] bommm: unknown key (the keys of [export] are: bom)");
}

static void test_unknown_key(void **state)
{
	(void)state;
	bad("[policy]\nthresold = 5\n",
	    "2: [policy] thresold: unknown key (the keys of [policy] are: threshold,"
	    " min_weighting, rag_green, rag_amber)");
	bad("[organisation]\nName = x\nTitle = y\n",
	    "3: [organisation] title: unknown key (the keys of [organisation] are: name)");
	bad("[database]\npath = x\nfile = y\n",
	    "3: [database] file: unknown key (the keys of [database] are: path, group,"
	    " busy_timeout_ms)");
	bad("[print]\nlength = 5\n",
	    "2: [print] length: unknown key (the keys of [print] are: command, width,"
	    " page_length)");
	bad("[ui]\ncolour = mono\n",
	    "2: [ui] colour: unknown key (the keys of [ui] are: theme, mouse)");
	/* a key of another section */
	bad("[print]\ntheme = mono\n",
	    "2: [print] theme: unknown key (the keys of [print] are: command, width,"
	    " page_length)");
	bad("[policy]\nmin weighting = 5\n",
	    "2: [policy] min weighting: unknown key (the keys of [policy] are: threshold,"
	    " min_weighting, rag_green, rag_amber)");
}

static void test_duplicates(void **state)
{
	sv_config cfg;

	(void)state;
	bad("[policy]\nrag_green = 100\nrag_amber = 50\nrag_green = 90\n",
	    "4: [policy] rag_green: duplicate key (first set at line 2)");
	bad("[policy]\nrag_green = 100\nRAG_GREEN = 100\n",
	    "3: [policy] rag_green: duplicate key (first set at line 2)");
	/* a section may be given twice, but not a key in both parts */
	good("[policy]\nrag_green = 90\n[print]\nwidth = 90\n[policy]\nrag_amber = 40\n", &cfg);
	assert_int_equal(cfg.rag_green, 90);
	assert_int_equal(cfg.rag_amber, 40);
	assert_int_equal(cfg.print_width, 90);
	config_free(&cfg);
	bad("[policy]\nrag_green = 90\n[print]\nwidth = 90\n[Policy]\nrag_green = 40\n",
	    "6: [policy] rag_green: duplicate key (first set at line 2)");
	bad("[keys]\nquit = x\n[keys]\nquit = y\n",
	    "4: [keys] quit: duplicate key (first set at line 2)");
	/* the same key name in two sections is two keys */
	good("[organisation]\nname = a\n[keys]\nhelp = h\n", &cfg);
	config_free(&cfg);
}

static void test_malformed_lines(void **state)
{
	char longline[1100];

	(void)state;
	bad("[policy]\njust some text\n",
	    "2: [policy]: expected \"key = value\", a [section] or a comment, not \"just some"
	    " text\"");
	bad("just some text\n",
	    "1: expected \"key = value\", a [section] or a comment, not \"just some text\"");
	bad("[policy]\n= 5\n", "2: [policy]: missing key name before \"=\"");
	bad("[policy]\n   =\n", "2: [policy]: missing key name before \"=\"");
	bad("threshold = 5\n[policy]\n",
	    "1: threshold: key outside any section (put it under its [section] line)");
	bad("; comment\n\nName = x\n",
	    "3: name: key outside any section (put it under its [section] line)");
	bad("[policy\n", "1: missing \"]\" at the end of the section name");
	bad("[policy]\n[print\n", "2: [policy]: missing \"]\" at the end of the section name");
	bad("[policy] ; comment\n",
	    "1: text after \"]\" (a comment goes on a line of its own)");
	bad("[policy]x\n", "1: text after \"]\" (a comment goes on a line of its own)");
	bad("[]\n", "1: empty section name");
	bad("[  ]\n", "1: empty section name");
	bad("[[policy]]\n", "1: bad section line \"[[policy]]\"");
	bad("[policy]\nrag_green = 100 \\\n  0\n",
	    "2: [policy]: a line may not end with \"\\\" (continuation lines are not supported)");
	bad("; a comment that ends in \\\n[policy]\n",
	    "1: a line may not end with \"\\\" (continuation lines are not supported)");
	bad("[policy]\nrag_green = 100 ; no way \\\n",
	    "2: [policy]: a line may not end with \"\\\" (continuation lines are not supported)");
	/* a long malformed line is quoted in part */
	bad("[policy]\nabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz\n",
	    "2: [policy]: expected \"key = value\", a [section] or a comment, not"
	    " \"abcdefghijklmnopqrstuvwxyzabcdefghijklmn...\"");
	/* too long */
	memset(longline, 'x', sizeof longline);
	memcpy(longline, "[organisation]\nname = ", 22);
	longline[15 + 1001] = '\n';
	longline[15 + 1002] = '\0';
	bad(longline, "2: [organisation]: line too long (more than 1000 bytes)");
	longline[15 + 1000] = '\n';
	longline[15 + 1001] = '\0';
	{
		sv_config cfg;

		good(longline, &cfg);
		assert_int_equal(strlen(cfg.org_name), 1000 - 7);
		config_free(&cfg);
	}
}

static void test_bad_bytes(void **state)
{
	static const char nul[] = "[policy]\nrag_green = 1\0000\n";

	(void)state;
	bad("\xEF\xBB\xBF[policy]\n",
	    "1: starts with a byte-order mark: save the file as UTF-8 without BOM");
	bad_bytes(nul, sizeof nul - 1, "2: [policy]: contains a NUL byte (is this a text file?)");
	bad("[organisation]\nname = Caf\xE9\n", "2: [organisation]: not valid UTF-8");
	bad("[organisation]\nname = \xC0\xAF\n", "2: [organisation]: not valid UTF-8");
	bad("[organisation]\nname = \xED\xA0\x80\n", "2: [organisation]: not valid UTF-8");
	bad("[organisation]\nname = A\x1B[31mB\n",
	    "2: [organisation]: contains a control character (byte 0x1B)");
	bad("[organisation]\nname = A\rB\n",
	    "2: [organisation]: contains a control character (byte 0x0D)");
	/* C1 controls, bidi overrides and zero-width characters hide or
	 * reorder text: refused with the line (and the key, in a value), in
	 * values and in [keys] */
	bad("[organisation]\nname = A\xC2\x85" "B\n",
	    "2: [organisation]: name: contains U+0085, a control, bidi or invisible character "
	    "that can hide or reorder text: remove it");
	bad("[organisation]\n\nname = A\xC2\x9B" "31mB\n",
	    "3: [organisation]: name: contains U+009B, a control, bidi or invisible character "
	    "that can hide or reorder text: remove it");
	bad("[print]\ncommand = lpr \xE2\x80\xAE" "rm\n",
	    "2: [print]: command: contains U+202E, a control, bidi or invisible character "
	    "that can hide or reorder text: remove it");
	bad("[keys]\nquit = \xE2\x80\x8B\n",
	    "2: [keys]: quit: contains U+200B, a control, bidi or invisible character "
	    "that can hide or reorder text: remove it");
	bad("[keys]\nquit\xE2\x81\xA6 = Q\n",
	    "2: [keys]: contains U+2066, a control, bidi or invisible character "
	    "that can hide or reorder text: remove it");
}

static void test_large_file(void **state)
{
	size_t n = 1024 * 1024 + 10, i;
	char *text = malloc(n + 1);

	(void)state;
	assert_non_null(text);
	/* a file of comments just above the limit */
	for (i = 0; i < n; i++)
		text[i] = (i % 64 == 63) ? '\n' : ';';
	text[n] = '\0';
	bad_bytes(text, n, " configuration file too large (more than 1048576 bytes)");
	free(text);
}

/* ---- [keys] ---------------------------------------------------------------- */

static void test_keys_rebinding(void **state)
{
	sv_config cfg;

	(void)state;
	good("[keys]\nquit = <C-q>\nhelp = ? <F1> h\nredraw = <c-R>\npage-down = <Space>\n",
	     &cfg);
	assert_int_equal(cfg.keys.keys[ACT_QUIT][0], 17);
	assert_int_equal(cfg.keys.keys[ACT_QUIT][1], 0);
	assert_int_equal(cfg.keys.keys[ACT_HELP][2], 'h');
	assert_int_equal(cfg.keys.keys[ACT_REDRAW][0], 18);
	assert_int_equal(cfg.keys.keys[ACT_PAGE_DOWN][0], ' ');
	assert_int_equal(keymap_lookup(&cfg.keys, 'Q', CTX_GLOBAL), ACT_NONE);
	assert_int_equal(keymap_lookup(&cfg.keys, 17, CTX_GLOBAL), ACT_QUIT);
	config_free(&cfg);
	/* a swap is not a conflict */
	good("[keys]\nback = Q <Esc>\nquit = q\n", &cfg);
	assert_int_equal(keymap_lookup(&cfg.keys, 'q', CTX_GLOBAL), ACT_QUIT);
	config_free(&cfg);
	good("[keys]\nquit = \xC2\xA3\n", &cfg);
	assert_int_equal(cfg.keys.keys[ACT_QUIT][0], 0xA3);
	config_free(&cfg);
}

static void test_keys_errors(void **state)
{
	(void)state;
	bad("[keys]\nxyz = q\n",
	    "2: [keys] xyz: unknown action \"xyz\" (see svdesk --help-keys)");
	bad("[keys]\n\nQuitt = q\n",
	    "3: [keys] quitt: unknown action \"quitt\" (see svdesk --help-keys)");
	bad("[keys]\nquit = <Bogus>\n",
	    "2: [keys] quit: unknown key name \"<Bogus>\" (names in <> are <Up> <PgDn> <Enter>"
	    " <Esc> <Space> <F1> <C-l> ...; see svdesk --help-keys)");
	bad("[keys]\nquit = Ctrl-Q\n",
	    "2: [keys] quit: \"Ctrl-Q\" is not a key: give one character (q, Q, ?) or a name in"
	    " <> such as <C-f> or <PgDn>");
	bad("[keys]\nquit =\n",
	    "2: [keys] quit: no key given (one or more key names separated by spaces, e.g. \"Q\""
	    " or \"<C-f> /\")");
	bad("[keys]\nfirst = #\n",
	    "2: [keys] first: no key given (one or more key names separated by spaces, e.g."
	    " \"Q\" or \"<C-f> /\")");
	bad("[keys]\nquit = a b c d\n",
	    "2: [keys] quit: too many keys (at most 3 for one action)");
	bad("[keys]\nquit = x x\n", "2: [keys] quit: key \"x\" is given twice");
}

static void test_keys_conflicts(void **state)
{
	(void)state;
	/* with a default */
	bad("[keys]\nquit = q\n",
	    "2: [keys] quit: key \"q\" is bound to both \"back\" and \"quit\"");
	bad("[keys]\nhelp = h\n\nup = <C-l>\n",
	    "4: [keys] up: key \"<C-l>\" is bound to both \"redraw\" and \"up\"");
	/* between two lines of the file: reported at the later one */
	bad("[keys]\nup = x\ndown = x\n",
	    "3: [keys] down: key \"x\" is bound to both \"up\" and \"down\"");
	bad("[keys]\ndown = x\nup = x\n",
	    "3: [keys] up: key \"x\" is bound to both \"up\" and \"down\"");
	/* a later good line does not hide an earlier conflict */
	bad("[keys]\nquit = k\nhelp = h\n",
	    "2: [keys] quit: key \"k\" is bound to both \"quit\" and \"up\"");
}

/* ---- nothing printed by the library ------------------------------------------ */

static void test_nothing_on_stderr(void **state)
{
	static const char *const texts[] = {
		"[policy\n", "[policy] ; c\n", "garbage\n", "[policy]\nrag_green = \"1\n",
		"[policy]\nx = \\\n", "[keys]\nquit = q\n", "[policy]\nrag_green = 12abc\n",
	};
	char errfile[64];
	struct stat st;
	size_t i;
	int saved, fd;

	(void)state;
	snprintf(errfile, sizeof errfile, "tcfg-%ld.stderr", (long)getpid());
	fflush(stderr);
	saved = dup(2);
	assert_true(saved >= 0);
	fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(dup2(fd, 2), 2);
	close(fd);
	for (i = 0; i < COUNT(texts); i++) {
		sv_config cfg;
		sv_err err;

		assert_int_equal(load(texts[i], &cfg, &err), -1);
		config_free(&cfg);
		/* and a NULL err is allowed */
		write_file(ini, texts[i], strlen(texts[i]));
		assert_int_equal(config_load_file(&cfg, ini, NULL), -1);
		config_free(&cfg);
		remove(ini);
	}
	fflush(stderr);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	assert_int_equal(stat(errfile, &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(remove(errfile), 0);
}

/* ---- inifile: the scanner on its own ------------------------------------------ */

static int scan_str(const char *text, const inifile_rules *rules, inifile **doc, sv_err *err)
{
	return inifile_scan(text, strlen(text), "t.doc", rules, doc, err);
}

static void test_inifile_scan(void **state)
{
	static const char text[] =
		"; any names will do\n"
		"[ Alpha ]\n"
		"One = 1\n"
		"two = \"quoted ; kept\"  # comment\n"
		"[beta]\n"
		"three = 'x'\n"
		"[ALPHA]\n"
		"four =\n";
	inifile *doc = NULL;
	sv_err err;

	(void)state;
	sv_err_clear(&err);
	assert_int_equal(scan_str(text, NULL, &doc, &err), 0);
	assert_non_null(doc);
	assert_int_equal(doc->n_sections, 2);
	assert_string_equal(doc->sections[0].name, "alpha");
	assert_int_equal(doc->sections[0].line, 2);
	assert_int_equal(doc->sections[0].n_keys, 3);
	assert_string_equal(doc->sections[1].name, "beta");
	assert_int_equal(doc->sections[1].line, 5);
	assert_int_equal(doc->sections[1].n_keys, 1);
	assert_ptr_equal(inifile_find_section(doc, "beta"), &doc->sections[1]);
	assert_null(inifile_find_section(doc, "Beta"));
	assert_int_equal(doc->n_entries, 4);
	assert_string_equal(doc->entries[0].section, "alpha");
	assert_string_equal(doc->entries[0].key, "one");
	assert_string_equal(doc->entries[0].value, "1");
	assert_int_equal(doc->entries[0].line, 3);
	assert_false(doc->entries[0].quoted);
	assert_string_equal(doc->entries[1].value, "quoted ; kept");
	assert_true(doc->entries[1].quoted);
	assert_string_equal(doc->entries[2].section, "beta");
	assert_string_equal(doc->entries[2].value, "x");
	assert_true(doc->entries[2].quoted);
	assert_ptr_equal(doc->entries[3].section, doc->entries[0].section);
	assert_string_equal(doc->entries[3].key, "four");
	assert_string_equal(doc->entries[3].value, "");
	assert_int_equal(doc->entries[3].line, 8);
	assert_int_equal(doc->entries[3].tag, 0);
	inifile_free(&doc);
	assert_null(doc);
	inifile_free(&doc);             /* twice is fine */
	inifile_free(NULL);

	/* an empty text is no sections and no entries */
	assert_int_equal(scan_str("", NULL, &doc, &err), 0);
	assert_int_equal(doc->n_sections, 0);
	assert_int_equal(doc->n_entries, 0);
	inifile_free(&doc);
}

static void test_inifile_faults(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "[any]\nk = 1\nK = 2\n", "t.doc:3: [any] k: duplicate key (first set at line 2)" },
		{ "[any]\nk = 1\n[other]\n[ANY]\nk = 2\n",
		  "t.doc:5: [any] k: duplicate key (first set at line 2)" },
		{ "[any]\nk = \"1\n", "t.doc:2: [any] k: unterminated quote (the value starts"
		  " with \" but has no closing \")" },
		{ "[any]\nnot a key\n", "t.doc:2: [any]: expected \"key = value\", a [section]"
		  " or a comment, not \"not a key\"" },
		{ "k = 1\n", "t.doc:1: k: key outside any section (put it under its [section]"
		  " line)" },
		{ "[any]\n[other\n", "t.doc:2: [any]: missing \"]\" at the end of the section"
		  " name" },
	};
	static inifile dummy;
	inifile *doc;
	sv_err err;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		doc = &dummy;   /* anything: a failure sets it to NULL */
		assert_int_equal(scan_str(cases[i].text, NULL, &doc, &err), -1);
		assert_null(doc);
		assert_string_equal(err.msg, cases[i].want);
	}
}

/* rules that accept the sections "a" and "b" and, in them, keys of one
 * letter (tagged with that letter); calls counts every call */
static int only_ab(void *ctx, const char *file, int line, const char *name, sv_err *err)
{
	++*(int *)ctx;
	if (strcmp(name, "a") == 0 || strcmp(name, "b") == 0)
		return 0;
	return sv_err_set(err, "%s:%d: no [%s] here", file, line, name);
}

static int one_letter(void *ctx, const char *file, int line, const char *section,
                      const char *key, sv_err *err)
{
	++*(int *)ctx;
	if (key[0] != '\0' && key[1] == '\0')
		return key[0];
	return sv_err_set(err, "%s:%d: [%s] no key %s here", file, line, section, key);
}

static void test_inifile_rules(void **state)
{
	int calls = 0;
	const inifile_rules rules = { only_ab, one_letter, &calls };
	inifile *doc = NULL;
	sv_err err;

	(void)state;
	assert_int_equal(scan_str("[A]\nx = 1\n[b]\nY = 2\n", &rules, &doc, &err), 0);
	assert_int_equal(calls, 4);
	assert_int_equal(doc->n_entries, 2);
	assert_int_equal(doc->entries[0].tag, 'x');
	assert_int_equal(doc->entries[1].tag, 'y');
	inifile_free(&doc);

	/* a refusal is the message, and stops the scan at its line */
	assert_int_equal(scan_str("[a]\nx = 1\n[c]\n[\n", &rules, &doc, &err), -1);
	assert_null(doc);
	assert_string_equal(err.msg, "t.doc:3: no [c] here");
	/* the key rule comes before the duplicate check and the value */
	assert_int_equal(scan_str("[a]\nxy = 1\nxy = \"\n", &rules, &doc, &err), -1);
	assert_string_equal(err.msg, "t.doc:2: [a] no key xy here");
}

/* ---- where the file is found -------------------------------------------------- */

static const char *const ENV_NAMES[] = { "SVDESK_CONFIG", "XDG_CONFIG_HOME", "HOME" };
static char *saved_env[COUNT(ENV_NAMES)];
static char base[600];        /* absolute: CWD/tcfg-PID-env */

static void mkdirs(const char *path)
{
	char tmp[800];
	char *p;

	snprintf(tmp, sizeof tmp, "%s", path);
	for (p = tmp + 1; *p != '\0'; p++) {
		if (*p == '/') {
			*p = '\0';
			if (mkdir(tmp, 0700) != 0)
				assert_int_equal(errno, EEXIST);
			*p = '/';
		}
	}
	if (mkdir(tmp, 0700) != 0)
		assert_int_equal(errno, EEXIST);
}

static int env_setup(void **state)
{
	char cwd[512];
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(ENV_NAMES); i++) {
		const char *v = getenv(ENV_NAMES[i]);

		saved_env[i] = v != NULL ? strdup(v) : NULL;
		unsetenv(ENV_NAMES[i]);
	}
	if (getcwd(cwd, sizeof cwd) == NULL)
		return -1;
	snprintf(base, sizeof base, "%s/tcfg-%ld-env", cwd, (long)getpid());
	return 0;
}

static void rm_tree(const char *path)
{
	char cmd[700];

	/* only ever our own folder under the current directory */
	assert_non_null(strstr(path, "/tcfg-"));
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
	assert_int_equal(system(cmd), 0);
}

static int env_teardown(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(ENV_NAMES); i++) {
		if (saved_env[i] != NULL)
			setenv(ENV_NAMES[i], saved_env[i], 1);
		else
			unsetenv(ENV_NAMES[i]);
		free(saved_env[i]);
		saved_env[i] = NULL;
	}
	rm_tree(base);
	return 0;
}

/* write "[organisation] name = NAME" at base/REL, return the full path */
static const char *place(const char *rel, const char *name)
{
	static char path[800];
	char dir[800], text[128];
	char *slash;

	snprintf(path, sizeof path, "%s/%s", base, rel);
	snprintf(dir, sizeof dir, "%s", path);
	slash = strrchr(dir, '/');
	*slash = '\0';
	mkdirs(dir);
	snprintf(text, sizeof text, "[organisation]\nname = %s\n", name);
	write_file(path, text, strlen(text));
	return path;
}

static char *path_of(const char *rel)
{
	static char path[800];

	snprintf(path, sizeof path, "%s/%s", base, rel);
	return path;
}

/* config_load with the search; returns the org name found ("" for none) */
static const char *found(const char *explicit_path, char *file, size_t n)
{
	static char name[128];
	sv_config cfg;
	sv_err err;

	sv_err_clear(&err);
	if (config_load(&cfg, explicit_path, &err) != 0)
		fail_msg("unexpected error: %s", err.msg);
	snprintf(name, sizeof name, "%s", cfg.file != NULL ? cfg.org_name : "");
	snprintf(file, n, "%s", cfg.file != NULL ? cfg.file : "");
	config_free(&cfg);
	return name;
}

static int have_system_file(void)
{
	return access(SYSCONFDIR "/svdesk.ini", F_OK) == 0;
}

static void test_search_order(void **state)
{
	char file[800], explicit_path[800], env[800], xdg[800], home[800];

	(void)state;
	snprintf(explicit_path, sizeof explicit_path, "%s", place("explicit.ini", "Explicit"));
	snprintf(env, sizeof env, "%s", place("env.ini", "Env"));
	snprintf(xdg, sizeof xdg, "%s", place("xdg/svdesk/svdesk.ini", "Xdg"));
	snprintf(home, sizeof home, "%s", place("home/.config/svdesk/svdesk.ini", "Home"));

	setenv("SVDESK_CONFIG", env, 1);
	setenv("XDG_CONFIG_HOME", path_of("xdg"), 1);
	setenv("HOME", path_of("home"), 1);
	/* --config first */
	assert_string_equal(found(explicit_path, file, sizeof file), "Explicit");
	assert_string_equal(file, explicit_path);
	/* then $SVDESK_CONFIG */
	assert_string_equal(found(NULL, file, sizeof file), "Env");
	assert_string_equal(file, env);
	/* an empty $SVDESK_CONFIG is ignored: then $XDG_CONFIG_HOME */
	setenv("SVDESK_CONFIG", "", 1);
	assert_string_equal(found(NULL, file, sizeof file), "Xdg");
	assert_string_equal(file, xdg);
	unsetenv("SVDESK_CONFIG");
	assert_string_equal(found(NULL, file, sizeof file), "Xdg");
	/* $XDG_CONFIG_HOME unset, empty or relative: $HOME/.config */
	unsetenv("XDG_CONFIG_HOME");
	assert_string_equal(found(NULL, file, sizeof file), "Home");
	assert_string_equal(file, home);
	setenv("XDG_CONFIG_HOME", "", 1);
	assert_string_equal(found(NULL, file, sizeof file), "Home");
	setenv("XDG_CONFIG_HOME", "relative/xdg", 1);
	assert_string_equal(found(NULL, file, sizeof file), "Home");
	/* $XDG_CONFIG_HOME set, but no file there: not $HOME/.config */
	setenv("XDG_CONFIG_HOME", path_of("empty-xdg"), 1);
	found(NULL, file, sizeof file);
	assert_string_not_equal(file, home);
	assert_string_equal(file, have_system_file() ? SYSCONFDIR "/svdesk.ini" : "");
	/* nothing at all: the system file or the defaults, no error */
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", path_of("nohome"), 1);
	found(NULL, file, sizeof file);
	assert_string_equal(file, have_system_file() ? SYSCONFDIR "/svdesk.ini" : "");
	setenv("HOME", "", 1);
	found(NULL, file, sizeof file);
	assert_string_equal(file, have_system_file() ? SYSCONFDIR "/svdesk.ini" : "");
	unsetenv("HOME");
	found(NULL, file, sizeof file);
	assert_string_equal(file, have_system_file() ? SYSCONFDIR "/svdesk.ini" : "");
	/* a user file below a path that is a file, not a folder: absent */
	place("plainfile/x", "X");
	setenv("XDG_CONFIG_HOME", path_of("plainfile/x"), 1);
	found(NULL, file, sizeof file);
	assert_string_equal(file, have_system_file() ? SYSCONFDIR "/svdesk.ini" : "");
}

static void test_missing_named_files(void **state)
{
	char want[1000], missing[800];
	sv_config cfg;
	sv_err err;

	(void)state;
	snprintf(missing, sizeof missing, "%s", path_of("nope.ini"));
	place("xdg/svdesk/svdesk.ini", "Xdg");
	setenv("XDG_CONFIG_HOME", path_of("xdg"), 1);
	/* --config FILE that does not exist */
	snprintf(want, sizeof want, "%s: cannot read configuration: No such file or directory",
	         missing);
	assert_int_equal(config_load(&cfg, missing, &err), -1);
	assert_string_equal(err.msg, want);
	assert_null(cfg.file);
	config_free(&cfg);
	/* $SVDESK_CONFIG that does not exist: no fallback to the others */
	setenv("SVDESK_CONFIG", missing, 1);
	assert_int_equal(config_load(&cfg, NULL, &err), -1);
	assert_string_equal(err.msg, want);
	config_free(&cfg);
	unsetenv("SVDESK_CONFIG");
	/* a folder is not a configuration */
	snprintf(want, sizeof want, "%s: cannot read configuration: Is a directory",
	         path_of("xdg"));
	assert_int_equal(config_load(&cfg, path_of("xdg"), &err), -1);
	assert_string_equal(err.msg, want);
	config_free(&cfg);
	/* an empty --config */
	assert_int_equal(config_load(&cfg, "", &err), -1);
	assert_string_equal(err.msg, "configuration: empty file name");
	config_free(&cfg);
}

static void test_found_file_with_an_error(void **state)
{
	char want[1000];
	const char *path;
	sv_config cfg;
	sv_err err;

	(void)state;
	path = place("home/.config/svdesk/svdesk.ini", "x");
	write_file(path, "[ui]\ntheme = dark\n", 18);
	setenv("HOME", path_of("home"), 1);
	snprintf(want, sizeof want, "%s:2: [ui] theme: unknown theme \"dark\" (expected"
	         " default, light or mono)", path);
	assert_int_equal(config_load(&cfg, NULL, &err), -1);
	assert_string_equal(err.msg, want);
	assert_null(cfg.file);
	config_free(&cfg);
}

/* ---- svdesk.ini.example ------------------------------------------------------- */

static char *example_path(void)
{
	const char *top = getenv("top_srcdir");
	static char path[1024];

	snprintf(path, sizeof path, "%s/svdesk.ini.example", top != NULL && *top ? top : ".");
	return path;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	text = malloc((size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	text[n] = '\0';
	fclose(f);
	return text;
}

static void test_example_loads(void **state)
{
	sv_config cfg;
	sv_err err;

	(void)state;
	sv_err_clear(&err);
	if (config_load_file(&cfg, example_path(), &err) != 0)
		fail_msg("%s", err.msg);
	assert_defaults(&cfg);
	assert_string_equal(cfg.file, example_path());
	config_free(&cfg);
}

static void test_example_documents_every_key(void **state)
{
	static const char *const keys[] = {
		"[organisation]", ";name = ", "[policy]", ";threshold = ", ";min_weighting = ",
		";rag_green = ", ";rag_amber = ", "[database]", ";path = ", ";group = ",
		";busy_timeout_ms = ", "[print]", ";command = ", ";width = ", ";page_length = ",
		"[ui]", ";theme = ", ";mouse = ", "[keys]",
	};
	char *text = slurp(example_path());
	char want[64];
	size_t i;
	int a;

	(void)state;
	for (i = 0; i < COUNT(keys); i++)
		if (strstr(text, keys[i]) == NULL)
			fail_msg("svdesk.ini.example lacks \"%s\"", keys[i]);
	for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		snprintf(want, sizeof want, "\n;%s = ", action_name((enum action_id)a));
		if (strstr(text, want) == NULL)
			fail_msg("svdesk.ini.example lacks the action \"%s\"",
			         action_name((enum action_id)a));
	}
	free(text);
}

/* With every key uncommented (but group, which names a group of the
 * machine), the example must still load and give the defaults. */
static void test_example_uncommented_gives_the_defaults(void **state)
{
	char *text = slurp(example_path());
	char *out = malloc(strlen(text) + 1), *line, *save = NULL;
	size_t used = 0;
	int uncommented = 0;
	sv_config cfg;
	sv_err err;

	(void)state;
	assert_non_null(out);
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == ';' && line[1] >= 'a' && line[1] <= 'z'
		    && strncmp(line, ";group = ", 9) != 0) {
			line++;
			uncommented++;
		}
		used += (size_t)sprintf(out + used, "%s\n", line);
	}
	assert_true(uncommented >= 11 + ACT_COUNT - 1);
	if (load(out, &cfg, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(cfg.db_path, "/srv/svdesk/svdesk.db");
	free(cfg.db_path);
	cfg.db_path = NULL;
	assert_defaults(&cfg);
	config_free(&cfg);
	free(out);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_free_after_load_is_idempotent),
		cmocka_unit_test(test_empty_and_comment_only_files),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_names_are_case_insensitive),
		cmocka_unit_test(test_text_values),
		cmocka_unit_test(test_inline_comments_and_quotes),
		cmocka_unit_test(test_unterminated_and_trailing_quotes),
		cmocka_unit_test(test_integers_good),
		cmocka_unit_test(test_integers_bad),
		cmocka_unit_test(test_page_length),
		cmocka_unit_test(test_print_width),
		cmocka_unit_test(test_rag_order),
		cmocka_unit_test(test_threshold),
		cmocka_unit_test(test_min_weighting),
		cmocka_unit_test(test_theme),
		cmocka_unit_test(test_mouse),
		cmocka_unit_test(test_db_group),
		cmocka_unit_test(test_db_path),
		cmocka_unit_test(test_unknown_section),
		cmocka_unit_test(test_export_bom),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_malformed_lines),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_large_file),
		cmocka_unit_test(test_keys_rebinding),
		cmocka_unit_test(test_keys_errors),
		cmocka_unit_test(test_keys_conflicts),
		cmocka_unit_test(test_nothing_on_stderr),
		cmocka_unit_test(test_inifile_scan),
		cmocka_unit_test(test_inifile_faults),
		cmocka_unit_test(test_inifile_rules),
		cmocka_unit_test_setup_teardown(test_search_order, env_setup, env_teardown),
		cmocka_unit_test_setup_teardown(test_missing_named_files, env_setup, env_teardown),
		cmocka_unit_test_setup_teardown(test_found_file_with_an_error, env_setup,
		                                env_teardown),
		cmocka_unit_test(test_example_loads),
		cmocka_unit_test(test_example_documents_every_key),
		cmocka_unit_test(test_example_uncommented_gives_the_defaults),
	};
	int failed = cmocka_run_group_tests_name("config", tests, setup, NULL);

	return getenv("CMOCKA_MESSAGE_OUTPUT") ? 0 : failed;
}
