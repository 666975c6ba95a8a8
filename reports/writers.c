/*
 * writers.c — the table of report writers (see writers.h), and running
 * them two at a time: each renders the same read-only result into files of
 * its own, and rendering charts (cairo, zlib) is most of an audit's time
 * once the counting is done, so the second core takes half of it.
 */
#include "writers.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "html.h"
#include "json.h"
#include "junit.h"
#include "markdown.h"
#include "pdf.h"
#include "xlsx.h"

static const struct report_writer WRITERS[] = {
	{"json", "report.json", json_report_write},
	{"xlsx", "report.xlsx", xlsx_report_write},
	{"png", "charts/*.png", chart_png_write},
	{"svg", "charts/*.svg", chart_svg_write},
	{"pdf", "report.pdf", pdf_report_write},
	{"md", "summary.md", markdown_report_write},
	{"html", "report.html", html_report_write},
	{"junit", "junit.xml", junit_report_write},
};

const struct report_writer *writer_for(const char *format)
{
	for (size_t i = 0; i < sizeof WRITERS / sizeof WRITERS[0]; i++)
		if (strcmp(WRITERS[i].format, format) == 0)
			return &WRITERS[i];
	return NULL;
}

/* The writers still to run, taken in order by whichever thread is free. */
struct writer_jobs {
	char *const *formats;
	size_t n;
	const struct audit_result *r;
	const char *out_dir;
	pthread_mutex_t mu;
	size_t next;
	int *code;               /* [i]: writer i's result */
	struct audit_err *err;   /* [i]: and its message */
};

static void *run_writers(void *arg)
{
	struct writer_jobs *jobs = arg;
	for (;;) {
		pthread_mutex_lock(&jobs->mu);
		size_t i = jobs->next++;
		pthread_mutex_unlock(&jobs->mu);
		if (i >= jobs->n)
			return NULL;
		jobs->code[i] = writer_for(jobs->formats[i])->write(jobs->r, jobs->out_dir, &jobs->err[i]);
	}
}

int writers_run(char *const *formats, size_t n, const struct audit_result *r, const char *out_dir,
		struct audit_err *err)
{
	struct writer_jobs jobs = {.formats = formats, .n = n, .r = r, .out_dir = out_dir,
				   .code = xcalloc(n + 1, sizeof *jobs.code), .err = xcalloc(n + 1, sizeof *jobs.err)};
	pthread_mutex_init(&jobs.mu, NULL);
	pthread_t helper;
	int threaded = n > 1 && pthread_create(&helper, NULL, run_writers, &jobs) == 0;
	run_writers(&jobs);
	if (threaded)
		pthread_join(helper, NULL);
	pthread_mutex_destroy(&jobs.mu);
	int e = AUDIT_OK;
	for (size_t i = 0; i < n && !e; i++)
		if ((e = jobs.code[i]) != AUDIT_OK && err)
			*err = jobs.err[i];
	free(jobs.code);
	free(jobs.err);
	return e;
}

char *writers_paths(char *const *formats, size_t n, const char *out_dir)
{
	struct strbuf paths = {0};
	for (size_t i = 0; i < n; i++)
		strbuf_printf(&paths, "%s%s/%s", i ? ", " : "", out_dir, writer_for(formats[i])->file);
	return paths.buf ? paths.buf : xstrdup("");
}
