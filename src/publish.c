/*
 * publish.c — the last steps of an audit and of a diff (see publish.h):
 * the gate over the finished records, then the reports, the summary, the
 * GitHub output and the exit decision. Both commands call it, so neither
 * includes the other for it.
 */
#include "publish.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "gate.h"
#include "markdown.h"
#include "summary.h"
#include "writers.h"

/*
 * The gate (gate.h): the policy sets the statuses before they are stored. A
 * configured rule that judged no record is named on stderr: most often a
 * misspelt attribute or group, which must not pass silently.
 */
void publish_apply_gate(const struct audit_config *cfg, struct audit_result *res)
{
	context_require(cfg, res);
	size_t *matches = xcalloc(cfg->npolicy + 1, sizeof *matches);
	gate_apply(cfg->policy, cfg->npolicy, cfg->policy_defaults, cfg->k, res, matches);
	res->strict = cfg->strict;
	for (size_t j = 0; j < cfg->npolicy; j++)
		if (matches[j] == 0)
			fprintf(stderr, "dsaudit: %s: \"policy\"[%zu] (%s) matched no record\n",
				cfg->config_path ? cfg->config_path : "config", j, cfg->policy[j].metric);
	free(matches);
}

/* config.h rule 23: the reports --gate-only leaves out. */
static int heavy_format(const char *format)
{
	return strcmp(format, "xlsx") == 0 || strcmp(format, "png") == 0 || strcmp(format, "svg") == 0 ||
	       strcmp(format, "pdf") == 0;
}

/*
 * The formats to write: all that are listed, or with --gate-only those
 * that are not heavy, saying once on stderr what is skipped. Returns a new
 * array of pointers into cfg->formats (the caller frees the array only).
 */
static char **formats_to_write(const struct audit_config *cfg, size_t *n)
{
	char **kept = xcalloc(cfg->nformats + 1, sizeof *kept);
	struct strbuf skipped = {0};
	*n = 0;
	for (size_t i = 0; i < cfg->nformats; i++) {
		if (cfg->gate_only && heavy_format(cfg->formats[i]))
			strbuf_printf(&skipped, "%s%s", skipped.len ? ", " : "", cfg->formats[i]);
		else
			kept[(*n)++] = cfg->formats[i];
	}
	if (skipped.len)
		fprintf(stderr, "dsaudit: --gate-only: not writing %s\n", skipped.buf);
	strbuf_free(&skipped);
	return kept;
}

/*
 * gate.h G9: in a GitHub Actions job, the failing and warning evaluations
 * as workflow commands on stdout, and summary.md appended to the job
 * summary when $GITHUB_STEP_SUMMARY names one.
 */
static int github_output(const struct audit_result *res, struct audit_err *err)
{
	const char *actions = getenv("GITHUB_ACTIONS");
	if (!actions || strcmp(actions, "true") != 0)
		return AUDIT_OK;
	gate_github_annotations(res, stdout);
	const char *summary = getenv("GITHUB_STEP_SUMMARY");
	if (!summary || !*summary)
		return AUDIT_OK;
	fflush(stdout);
	return markdown_report_append(res, summary, err);
}

int publish_reports(const struct audit_config *cfg, const struct audit_result *res, int *failed, struct audit_err *err)
{
	size_t nwrite = 0;
	char **to_write = formats_to_write(cfg, &nwrite);
	int e = writers_run(to_write, nwrite, res, cfg->out, err);
	if (!e) {
		char *paths = writers_paths(to_write, nwrite, cfg->out);
		summary_print(res, nwrite ? paths : NULL, 5, stdout);
		free(paths);
		e = github_output(res, err);
	}
	if (!e) {
		/* gate.h G7: --strict fails a warn verdict; the records keep warn. */
		*failed = gate_failed(res, cfg->strict);
		if (*failed && strcmp(audit_verdict(res), "warn") == 0)
			fprintf(stderr, "dsaudit: --strict: the verdict is warn, so the gate fails\n");
	}
	free(to_write);
	return e;
}

