/*
 * audit.c — the audit pipeline (see audit.h). Everything up to the commit
 * happens in one transaction: a configuration error found after loading
 * (a positive spec that matches nothing, an unknown reference group) leaves
 * the database as it was.
 */
#include "audit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "count.h"
#include "diff.h"
#include "column_bias.h"
#include "gate.h"
#include "load.h"
#include "markdown.h"
#include "measurement.h"
#include "privacy.h"
#include "quality.h"
#include "record.h"
#include "representation.h"
#include "selection.h"
#include "store.h"
#include "summary.h"
#include "output.h"
#include "writers.h"

static int load_options_from(const struct audit_config *cfg, int progress, struct load_options *opt,
			     struct audit_err *err)
{
	memset(opt, 0, sizeof *opt);
	opt->path = cfg->data;
	opt->name = cfg->name;
	opt->progress = progress;
	if (cfg->data_format && data_format_parse(cfg->data_format, &opt->format) < 0)
		return audit_fail(err, AUDIT_EUSAGE, "--data-format: expected csv, jsonl or json");
	if (cfg->delimiter)
		opt->delimiter = strcmp(cfg->delimiter, "tab") == 0 ? '\t' : cfg->delimiter[0];
	return AUDIT_OK;
}

static const struct population *population_for(const struct audit_config *cfg, const char *attribute)
{
	for (size_t i = 0; i < cfg->npopulations; i++)
		if (strcmp(cfg->populations[i].attribute, attribute) == 0)
			return &cfg->populations[i];
	return NULL;
}

static const char *reference_for(const struct audit_config *cfg, const char *attribute)
{
	for (size_t i = 0; i < cfg->nreferences; i++)
		if (strcmp(cfg->references[i].attribute, attribute) == 0)
			return cfg->references[i].value;
	return NULL;
}

static char *group_list(const struct count_table *t)
{
	struct strbuf sb = {0};
	for (size_t g = 0; g < t->ngroups && g < 20; g++)
		strbuf_printf(&sb, "%s%s", g ? ", " : "", t->groups[g]);
	if (t->ngroups > 20)
		strbuf_printf(&sb, ", ... and %zu more", t->ngroups - 20);
	return sb.buf ? sb.buf : xstrdup("");
}

/* The configured reference group of a table, or its largest group. */
static int reference_index(const struct audit_config *cfg, const struct count_table *t, size_t *ref,
			   struct audit_err *err)
{
	const char *want = reference_for(cfg, t->attribute);
	if (!want) {
		*ref = selection_default_reference(t);
		return AUDIT_OK;
	}
	for (size_t g = 0; g < t->ngroups; g++)
		if (strcmp(t->groups[g], want) == 0) {
			*ref = g;
			return AUDIT_OK;
		}
	char *groups = group_list(t);
	audit_fail(err, AUDIT_EUSAGE, "--reference %s=%s: no such group; %s has: %s", t->attribute, want,
		   t->attribute, groups);
	free(groups);
	return AUDIT_EUSAGE;
}

static int check_positive_matches(struct store *st, long long id, const struct audit_config *cfg,
				  const struct count_tables *ct, struct audit_err *err)
{
	if (!cfg->label || !cfg->positive.text || ct->ntables == 0)
		return AUDIT_OK;
	const struct count_table *t = &ct->tables[0];
	for (size_t g = 0; g < t->ngroups; g++)
		if (group_labeled(t, g, 1) > 0)
			return AUDIT_OK;
	char *values = store_distinct_values(st, id, cfg->label, 20);
	audit_fail(err, AUDIT_EUSAGE, "--positive %s matches no row of the label column %s (its values: %s)",
		   cfg->positive.text, cfg->label, values);
	free(values);
	return AUDIT_EUSAGE;
}

static void compute_records(const struct audit_config *cfg, const struct count_tables *ct, const size_t *refs,
			    struct audit_result *res)
{
	for (size_t i = 0; i < ct->ntables; i++) {
		const struct count_table *t = &ct->tables[i];
		const struct population *pop = population_for(cfg, t->attribute);
		struct population_ref pr = {0};
		const char **groups = NULL;
		double *shares = NULL;
		if (pop) {
			groups = xcalloc(pop->n, sizeof *groups);
			shares = xcalloc(pop->n, sizeof *shares);
			for (size_t k = 0; k < pop->n; k++) {
				groups[k] = pop->shares[k].group;
				shares[k] = pop->shares[k].share;
			}
			pr = (struct population_ref){groups, shares, pop->n};
		}
		representation_records(t, pop ? &pr : NULL, res);
		free(groups);
		free(shares);
	}
	double min_group = (double)cfg->min_group;
	for (size_t i = 0; i < ct->ntables && ct->has_label; i++)
		selection_records(&ct->tables[i], ct, refs[i], cfg->label, cfg->strata, min_group, res);
	measurement_overall_records(ct, res);
	for (size_t i = 0; i < ct->ntables; i++) {
		if (ct->tables[i].member < 0)
			continue;
		measurement_records(&ct->tables[i], ct, refs[i], min_group, res);
		column_bias_records(&ct->tables[i], ct, min_group, res);
	}
	quality_records(ct, res);
	privacy_records(ct, (const char *const *)cfg->quasi_identifiers, cfg->nquasi, cfg->sensitive, (double)cfg->k,
			res);
}

static void fill_facts(struct audit_result *res, const struct load_result *lr, const char *path)
{
	res->tool_version = DSAUDIT_VERSION;
	res->dataset.name = xstrdup(lr->version.name);
	res->dataset.version = lr->version.version;
	res->dataset.id = lr->version.id;
	res->dataset.path = xstrdup(path);
	memcpy(res->dataset.sha256, lr->version.sha256, sizeof res->dataset.sha256);
	res->dataset.rows = lr->version.rows;
	res->dataset.columns = lr->version.columns;
}

/*
 * The gate (gate.h): the policy sets the statuses before they are stored. A
 * configured rule that judged no record is named on stderr: most often a
 * misspelt attribute or group, which must not pass silently.
 */
void audit_apply_gate(const struct audit_config *cfg, struct audit_result *res)
{
	size_t *matches = xcalloc(cfg->npolicy + 1, sizeof *matches);
	gate_apply(cfg->policy, cfg->npolicy, cfg->policy_defaults, cfg->k, res, matches);
	res->strict = cfg->strict;
	for (size_t j = 0; j < cfg->npolicy; j++)
		if (matches[j] == 0)
			fprintf(stderr, "dsaudit: %s: \"policy\"[%zu] (%s) matched no record\n",
				cfg->config_path ? cfg->config_path : "config", j, cfg->policy[j].metric);
	free(matches);
}

/*
 * config.h rule 26: drift of this audit's tables against a stored version,
 * counted from the database with the same attributes, label and bins (only
 * those columns are read), its records referring to that version.
 */
static int baseline_records(struct store *st, const struct audit_config *cfg, const struct count_tables *now,
			    struct audit_result *res, struct audit_err *err)
{
	struct dataset_version base;
	memset(&base, 0, sizeof base);
	struct audit_err why;
	int e = store_resolve_version(st, cfg->baseline, &base, &why);
	if (e)
		return audit_fail(err, e, "--baseline %.900s", why.msg);
	struct count_spec spec = {
		.protected = (const char *const *)cfg->protected,
		.nprotected = cfg->nprotected,
		.intersections = cfg->intersections,
		.label = cfg->label,
		.positive = &cfg->positive,
		.bins = cfg->bins,
		.nbins = cfg->nbins,
	};
	struct count_tables then;
	e = diff_count_version(st, base.id, &spec, &then, err);
	if (!e) {
		diff_records(&then, now, &base, cfg->label, (double)cfg->min_group, res);
		count_tables_free(&then);
	}
	dataset_version_clear(&base);
	return e;
}

/* Count, compute and store, inside the caller's transaction. */
static int audit_stored(struct store *st, const struct audit_config *cfg, const struct load_result *lr,
			struct audit_result *res, struct audit_err *err)
{
	struct count_spec spec = {
		.columns = lr->cols,
		.ncolumns = lr->ncols,
		.protected = (const char *const *)cfg->protected,
		.nprotected = cfg->nprotected,
		.intersections = cfg->intersections,
		.label = cfg->label,
		.positive = &cfg->positive,
		.strata = cfg->strata,
		.bins = cfg->bins,
		.nbins = cfg->nbins,
		.prediction = cfg->prediction,
		.prediction_positive = &cfg->prediction_positive,
		.gold = cfg->gold,
		.annotators = (const char *const *)cfg->annotators,
		.nannotators = cfg->nannotators,
		.id = cfg->id,
		.quasi_identifiers = (const char *const *)cfg->quasi_identifiers,
		.nquasi = cfg->nquasi,
		.sensitive = cfg->sensitive,
		.domains = cfg->domains,
		.ndomains = cfg->ndomains,
		.rows = (size_t)lr->version.rows,
	};
	struct count_tables ct;
	int e = count_tables_build(st, lr->version.id, &spec, &ct, err);
	if (e)
		return e;
	size_t *refs = xcalloc(ct.ntables + 1, sizeof *refs);
	e = check_positive_matches(st, lr->version.id, cfg, &ct, err);
	for (size_t i = 0; i < ct.ntables && !e; i++)
		e = reference_index(cfg, &ct.tables[i], &refs[i], err);
	if (!e) {
		fill_facts(res, lr, cfg->data);
		res->config_json = config_to_json(cfg);
		compute_records(cfg, &ct, refs, res);
		if (cfg->baseline)
			e = baseline_records(st, cfg, &ct, res, err);
	}
	if (!e) {
		audit_apply_gate(cfg, res);
		char *now = timestamp_utc();
		long long audit_id;
		e = store_add_audit(st, res, now, audit_verdict(res), &audit_id, err);
		free(now);
	}
	free(refs);
	count_tables_free(&ct);
	return e;
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

int audit_publish(const struct audit_config *cfg, const struct audit_result *res, int *failed, struct audit_err *err)
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

int audit_run(const struct audit_config *cfg, int progress, int *failed, struct audit_err *err)
{
	*failed = 0;
	struct load_options opt;
	int e = load_options_from(cfg, progress, &opt, err);
	if (e)
		return e;
	struct na_list na;
	na_list_parse(&na, cfg->na ? cfg->na : NA_DEFAULT);
	opt.na = &na;

	struct strbuf warnings = {0};
	struct load_plan plan;
	struct load_result lr;
	struct audit_result res;
	memset(&lr, 0, sizeof lr);
	memset(&res, 0, sizeof res);
	struct store *st = NULL;
	char *db = NULL;
	/* Bad data or a wrong column name is found before anything is written. */
	e = load_scan(&opt, &plan, &warnings, err);
	if (warnings.len)
		fputs(warnings.buf, stderr);
	if (!e) {
		size_t ncols;
		const char *const *cols = load_plan_columns(&plan, &ncols);
		e = config_check_columns(cfg, cols, ncols, err);
	}
	if (!e)
		e = output_make_dir(cfg->out, err);
	if (!e) {
		db = config_db_path(cfg);
		e = store_open(db, &st, err);
	}
	if (!e && !(e = store_begin(st, err))) {
		e = load_store(st, &opt, &plan, &lr, err);
		if (!e)
			e = audit_stored(st, cfg, &lr, &res, err);
		if (!e)
			e = store_commit(st, err);
		if (e)
			store_rollback(st);
	}
	if (!e)
		e = audit_publish(cfg, &res, failed, err);
	audit_result_free(&res);
	load_result_free(&lr);
	load_plan_free(&plan);
	store_close(st);
	free(db);
	strbuf_free(&warnings);
	na_list_free(&na);
	return e;
}
