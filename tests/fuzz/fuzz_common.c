/* fuzz_common.c: the fixed environment, the private directory and the base
 * database that the fuzz targets share (see fuzz.h). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "svdesk/demo.h"
#include "svdesk/import.h"
#include "tests/fuzz/fuzz.h"

/* The base data: tests/data/good, built in so that a target needs no file
 * of the source tree at run time. */
static const char base_measures[] =
	"theme,outcome,code,title,unit,proxy,proxy_set\n"
	"Jobs,More local people in employment,NT1,Local residents employed to deliver the contract (full-time equivalent),FTE,22500.00,Corpus set 2025\n"
	"Jobs,Improved employability of young people,NT9,\"Careers talks, CV clinics and mock interviews for young people (hours x attendees)\",hours,12.00,Corpus set 2025\n"
	"Growth,Improved staff wellbeing and mental health,NT14,Money spent on wellbeing and mental health support for contract staff,GBP,0.80,Corpus set 2025\n"
	"Growth,A workforce and culture that reflect the diversity of the local community,NT17,Share of the contract workforce from under-represented groups (%),percent,,Corpus set 2025\n"
	"Jobs,Improved skills for local people,CX-1,Local skills sessions run by the supplier (hours),Hours,12.50,Corpus set 2025\n";

static const char base_contracts[] =
	"ref,title,supplier,body,value,start,end,sv_weight,manager,status,living_wage,modern_slavery\n"
	"C-001,Vehicle maintenance,Acme Fleet Ltd,WMP,\"£1,250,000.00\",2025-04-01,2027-03-31,10,Jo Bloggs,active,yes,yes\n"
	"C-002,Custody catering,Brook Foods Ltd,OPCC,250000,2025-10-01,2026-09-30,12.5,,active,no,n/a\n";

static const char base_commitments[] =
	"contract,measure,year,target,note\n"
	"C-001,NT1,2025/26,2,\n"
	"C-001,NT9,2025/26,100,Careers fairs\n"
	"C-001,NT14,2025/26,5000,\n"
	"C-001,NT17,2025/26,40,\n"
	"C-001,CX-1,2025/26,50,\n"
	"C-002,NT1,2025/26,1,\n"
	"C-002,NT9,2026/27,20,\n";

static const char base_returns[] =
	"contract,quarter,measure,delivered,evidence,submitted\n"
	"C-001,2025/26-Q1,NT1,1,Payroll extract,2025-07-05\n"
	"C-001,2025/26-Q1,NT9,40,Attendance sheets,2025-07-05\n"
	"C-001,2025/26-Q1,NT14,1250.50,Invoices,2025-07-05\n"
	"C-002,2025/26-Q3,NT1,1,Payroll extract,2026-01-10\n";

static char dir[256];
static char base_path[2][300], work_path[300];
static int base_made[2];

static void die(const char *what, const char *why)
{
	fprintf(stderr, "fuzz: %s: %s\n", what, why);
	abort();
}

/* Remove the private directory and what the targets left in it. */
static void remove_dir(void)
{
	DIR *d;
	struct dirent *e;
	char path[600];

	if (dir[0] == '\0')
		return;
	d = opendir(dir);
	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
	dir[0] = '\0';
}

void fuzz_setup(void)
{
	const char *tmp;

	if (dir[0] != '\0')
		return;
	/* what the tests fix too: "today", the clock's zone, a UTF-8 locale */
	setenv("SVDESK_NOW", FUZZ_TODAY, 1);
	setenv("TZ", "Europe/London", 1);
	tzset();
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	tmp = getenv("TMPDIR");
	if (tmp == NULL || tmp[0] == '\0')
		tmp = "/tmp";
	snprintf(dir, sizeof dir, "%s/svdesk-fuzz-XXXXXX", tmp);
	if (mkdtemp(dir) == NULL)
		die(dir, strerror(errno));
	atexit(remove_dir);
}

const char *fuzz_dir(void)
{
	fuzz_setup();
	return dir;
}

char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		die("malloc", strerror(errno));
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static void write_path(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		die(path, strerror(errno));
	if ((size > 0 && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		die(path, "cannot write");
}

const char *fuzz_write_file(const char *name, const uint8_t *data, size_t size)
{
	static char path[600];

	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
	write_path(path, data, size);
	return path;
}

static void import_text(svdb *db, enum import_kind k, const char *name, const char *text)
{
	FILE *in = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
	import_opts o;
	import_result res;
	sv_err e = { 0 };

	if (in == NULL)
		die("fmemopen", strerror(errno));
	memset(&o, 0, sizeof o);
	o.kind = k;
	o.name = name;
	if (import_run(db, in, &o, &res, &e) != 0)
		die(name, e.msg[0] != '\0' ? e.msg : "the base data was refused");
	fclose(in);
}

static void make_base(int demo)
{
	db_open_opts o = { 1, NULL, 0, "fuzz", demo ? "demo" : "import" };
	svdb *db = NULL;
	sv_err e = { 0 };
	sv_date today = { 2026, 11, 27 };

	snprintf(base_path[demo], sizeof base_path[demo], "%s/base%d.db", fuzz_dir(), demo);
	snprintf(work_path, sizeof work_path, "%s/work.db", fuzz_dir());
	if (db_open(&db, base_path[demo], &o, &e) != 0)
		die(base_path[demo], e.msg);
	if (demo) {
		/* a small demo: every view has rows, a run stays quick */
		if (demo_generate(db, FUZZ_DEMO_CONTRACTS, 1, today, &e) != 0)
			die("demo", e.msg);
	} else {
		import_text(db, IMPORT_MEASURES, "measures.csv", base_measures);
		import_text(db, IMPORT_CONTRACTS, "contracts.csv", base_contracts);
		import_text(db, IMPORT_COMMITMENTS, "commitments.csv", base_commitments);
		import_text(db, IMPORT_RETURNS, "returns.csv", base_returns);
	}
	db_close(&db);
	base_made[demo] = 1;
}

/* Copy the base file over the work file (the base is closed, so its WAL is
 * checkpointed and the file alone is the database). */
static void copy_base(int demo)
{
	char buf[65536], side[320];
	int in, out;
	ssize_t n;

	snprintf(side, sizeof side, "%s-wal", work_path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", work_path);
	unlink(side);
	in = open(base_path[demo], O_RDONLY);
	out = open(work_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (in < 0 || out < 0)
		die(work_path, strerror(errno));
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			die(work_path, "cannot write");
	close(in);
	if (n < 0 || close(out) != 0)
		die(work_path, "cannot copy the base database");
}

svdb *fuzz_db_open(int demo, const char *origin)
{
	db_open_opts o = { 0, NULL, 0, "fuzz", origin };
	svdb *db = NULL;
	sv_err e = { 0 };

	demo = demo != 0;
	if (!base_made[demo])
		make_base(demo);
	copy_base(demo);
	if (db_open(&db, work_path, &o, &e) != 0)
		die(work_path, e.msg);
	return db;
}

static void no_report(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

int fuzz_import(enum import_kind k, const uint8_t *data, size_t size)
{
	svdb *db = fuzz_db_open(0, "import");
	FILE *in = fmemopen((void *)(uintptr_t)data, size, "r");
	import_opts o;
	import_result res;
	sv_err e = { 0 };

	/* fmemopen refuses a size of 0: an empty file is /dev/null */
	if (in == NULL && size == 0)
		in = fopen("/dev/null", "r");
	if (in == NULL)
		die("fmemopen", strerror(errno));
	memset(&o, 0, sizeof o);
	o.kind = k;
	o.name = "fuzz.csv";
	o.report = no_report;
	import_run(db, in, &o, &res, &e);
	fclose(in);
	db_close(&db);
	return 0;
}

unsigned fuzz_byte(fuzz_bytes *b)
{
	if (b->n == 0)
		return 0;
	b->n--;
	return *b->p++;
}

unsigned fuzz_u16(fuzz_bytes *b)
{
	unsigned hi = fuzz_byte(b);

	return hi << 8 | fuzz_byte(b);
}
