/*
 * writers.c — the table of report writers (see writers.h).
 */
#include "writers.h"

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

int writers_run(char *const *formats, size_t n, const struct audit_result *r, const char *out_dir,
		struct audit_err *err)
{
	for (size_t i = 0; i < n; i++) {
		int e = writer_for(formats[i])->write(r, out_dir, err);
		if (e)
			return e;
	}
	return AUDIT_OK;
}

char *writers_paths(char *const *formats, size_t n, const char *out_dir)
{
	struct strbuf paths = {0};
	for (size_t i = 0; i < n; i++)
		strbuf_printf(&paths, "%s%s/%s", i ? ", " : "", out_dir, writer_for(formats[i])->file);
	return paths.buf ? paths.buf : xstrdup("");
}
