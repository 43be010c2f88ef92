/* progress.c: one redrawn line of progress on a terminal (progress.h). */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "svdesk/progress.h"

#define ERASE_LINE "\r\033[K"

double progress_clock(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int progress_wanted(int err_fd, int data_fd)
{
	struct stat se, sd;

	if (!isatty(err_fd))
		return 0;
	if (data_fd < 0 || !isatty(data_fd))
		return 1;
	/* two terminals, or one: the same device is the same terminal */
	if (fstat(err_fd, &se) != 0 || fstat(data_fd, &sd) != 0)
		return 0;
	return se.st_rdev != sd.st_rdev;
}

void progress_start(progress *p, FILE *f, const char *label, const char *unit,
		    int64_t scale, int64_t total)
{
	memset(p, 0, sizeof *p);
	p->f = f;
	snprintf(p->label, sizeof p->label, "%s", label != NULL ? label : "");
	p->unit = unit != NULL ? unit : "";
	p->scale = scale > 0 ? scale : 1;
	p->total = total > 0 ? total : 0;
	p->clock = progress_clock;
	p->t0 = p->last = p->clock();
}

void progress_set_total(progress *p, int64_t total)
{
	p->total = total > 0 ? total : 0;
}

/* A count in the unit: whole for a scale of 1, else with one decimal. */
static void amount(char *buf, size_t n, const progress *p, double v)
{
	if (p->scale == 1)
		snprintf(buf, n, "%.0f", v);
	else
		snprintf(buf, n, "%.1f", v / (double)p->scale);
}

static void draw(progress *p, double now)
{
	double secs = now - p->t0;
	char done[32], total[32], rate[32];

	amount(done, sizeof done, p, (double)p->done);
	amount(rate, sizeof rate, p, secs > 0 ? (double)p->done / secs : 0.0);
	fputs(ERASE_LINE, p->f);
	if (p->total > 0) {
		int64_t pct = p->done >= p->total ? 100 : p->done * 100 / p->total;

		amount(total, sizeof total, p, (double)p->total);
		fprintf(p->f, "svdesk: %s: %s of %s %s (%lld%%), %s %s/s", p->label, done, total,
			p->unit, (long long)pct, rate, p->unit);
	} else {
		fprintf(p->f, "svdesk: %s: %s %s, %s %s/s", p->label, done, p->unit, rate, p->unit);
	}
	fflush(p->f);
	p->last = now;
	p->drawn = 1;
	p->shown = 1;
}

void progress_update(progress *p, int64_t done)
{
	double now;

	if (p->f == NULL)
		return;
	p->done = done;
	now = p->clock();
	if (!p->drawn || now - p->last >= PROGRESS_EVERY)
		draw(p, now);
}

void progress_clear(progress *p)
{
	if (p->f == NULL || !p->shown)
		return;
	fputs(ERASE_LINE, p->f);
	fflush(p->f);
	p->shown = 0;
}

void progress_end(progress *p)
{
	progress_clear(p);
	p->f = NULL;
}
