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
#include "engine.h"
#include "pushdown.h"
#include "column_bias.h"
#include "load.h"
#include "measurement.h"
#include "privacy.h"
#include "quality.h"
#include "record.h"
#include "representation.h"
#include "selection.h"
#include "store.h"
#include "typecheck.h"
#include "context.h"
#include "output.h"
#include "publish.h"

static int load_options_from(const struct audit_config *cfg, int progress, struct load_options *opt,
			     struct audit_err *err)
{
	memset(opt, 0, sizeof *opt);
	opt->path = cfg->data;
	opt->name = cfg->name;
	opt->progress = progress;
	opt->no_rows = cfg->no_rows;
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
	label_leakage_records(ct, res);
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
 * config.h rule 26: drift of this audit's tables against a stored version,
 * counted from the database with the same attributes, label and bins (only
 * those columns are read), its records referring to that version.
 */
static int baseline_records(struct store *st, const struct audit_config *cfg, const struct bin_edges *bins,
			    const struct count_tables *now, struct audit_result *res, struct audit_err *err)
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
		.bins = bins,
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

static void count_spec_for(const struct audit_config *cfg, const struct column_info *cols, size_t ncols,
			   long long rows, const struct bin_edges *bins, int progress, struct count_spec *spec)
{
	*spec = (struct count_spec){
		.columns = cols,
		.ncolumns = ncols,
		.protected = (const char *const *)cfg->protected,
		.nprotected = cfg->nprotected,
		.intersections = cfg->intersections,
		.label = cfg->label,
		.positive = &cfg->positive,
		.strata = cfg->strata,
		.bins = bins,
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
		.rows = (size_t)rows,
		.progress = progress,
	};
}

/*
 * Counting while the load stores the rows (load.h struct row_sink), so the
 * audit reads the file twice and the database never. Not when a bin needs
 * quartiles: those come from a pass over the stored column first.
 */
struct counting {
	const struct audit_config *cfg;
	const struct bin_edges *bins;
	struct count_spec spec;
	struct counter *counter;
	struct engine *engine;  /* the rows are a table where it lives: the engine counts them */
};

static int counting_begin(void *ctx, const struct column_info *cols, size_t ncols, struct audit_err *err)
{
	(void)err;
	struct counting *k = ctx;
	count_spec_for(k->cfg, cols, ncols, 0, k->bins, 0, &k->spec);
	count_abort(k->counter);
	k->counter = count_begin(&k->spec);
	return AUDIT_OK;
}

static int counting_rows(void *ctx, const struct typed_value *cells, size_t nrows, struct audit_err *err)
{
	struct counting *k = ctx;
	return count_rows(k->counter, cells, nrows, err);
}

static int quartile_bins(const struct audit_config *cfg)
{
	for (size_t i = 0; i < cfg->nbins; i++)
		if (cfg->bins[i].quartiles)
			return 1;
	return 0;
}

/* Count (unless the load counted already), compute and store, inside the caller's transaction. */
static int audit_stored(struct store *st, const struct audit_config *cfg, const struct load_result *lr,
			struct counting *counted, int progress, struct audit_result *res, struct audit_err *err)
{
	struct count_spec spec;
	struct count_tables ct;
	struct bin_edges *bins = NULL; /* typecheck.h T4: quartiles computed */
	int e;
	if (counted->counter && lr->rows_sunk) {
		counted->spec.progress = progress; /* the sorts after the scan */
		spec = counted->spec;
		e = count_end(counted->counter, st, lr->version.id, &ct, err);
		counted->counter = NULL;
	} else {
		e = typecheck_bins(st, lr->version.id, cfg, &bins, err);
		if (e)
			return e;
		count_spec_for(cfg, lr->cols, lr->ncols, lr->version.rows, bins, progress, &spec);
		e = counted->engine ? engine_count(counted->engine, &spec, st, lr->version.id, &ct, err)
				    : count_tables_build(st, lr->version.id, &spec, &ct, err);
	}
	if (e) {
		typecheck_bins_free(bins, cfg->nbins);
		return e;
	}
	e = typecheck_counted(st, lr->version.id, cfg, &ct, err);
	/* --no-rows: what diff and --baseline will need instead of the rows (diff.h rule 7). */
	if (!e && !lr->rows_kept)
		e = diff_store_counts(st, lr->version.id, &spec, &ct, err);
	size_t *refs = xcalloc(ct.ntables + 1, sizeof *refs);
	if (!e)
		e = check_positive_matches(st, lr->version.id, cfg, &ct, err);
	if (!e)
		e = context_references(cfg, &ct, refs, res, err);
	if (!e) {
		fill_facts(res, lr, cfg->data);
		res->config_json = config_to_json(cfg);
		compute_records(cfg, &ct, refs, res);
		if (cfg->baseline)
			e = baseline_records(st, cfg, spec.bins, &ct, res, err);
	}
	if (!e)
		context_fill(cfg, &ct, res);
	if (!e) {
		publish_apply_gate(cfg, res);
		char *now = timestamp_utc();
		long long audit_id;
		e = store_add_audit(st, res, now, audit_verdict(res), &audit_id, err);
		free(now);
	}
	free(refs);
	count_tables_free(&ct);
	typecheck_bins_free(bins, cfg->nbins);
	return e;
}

/*
 * The database: --db, else the default (config_db_path), never inside
 * --out, which CI uploads. A database an older dsaudit left in OUT is named
 * on stderr: it holds rows, and nothing under OUT should.
 */
static int open_database(const struct audit_config *cfg, char **db, struct store **st, struct audit_err *err)
{
	int data_dir = 0;
	*db = config_db_path(cfg, &data_dir);
	if (!*db)
		return audit_fail(err, AUDIT_EUSAGE, "no database: give --db FILE, or set DSAUDIT_DB or HOME");
	int e = data_dir ? store_make_parent(*db, err) : AUDIT_OK;
	if (!e)
		e = store_check_outside(*db, cfg->out, err);
	if (e)
		return e;
	if (!cfg->db) {
		struct strbuf old = {0};
		strbuf_printf(&old, "%s/dsaudit.db", cfg->out);
		FILE *f = fopen(old.buf, "rb");
		if (f) {
			fclose(f);
			fprintf(stderr, "dsaudit: warning: %s is a database an earlier dsaudit kept in the report "
				"directory; it holds the data's rows: move it out (this audit is stored in %s)\n",
				old.buf, *db);
		}
		strbuf_free(&old);
	}
	return store_open(*db, st, err);
}

/* The engine's table as a version of name (the table's by default), found by its fingerprint or added without rows. */
static int engine_version(struct store *st, const struct audit_config *cfg, struct engine *eng, const char *hex,
			  struct load_result *lr, struct audit_err *err)
{
	size_t ncols;
	const struct column_info *cols = engine_columns(eng, &ncols);
	lr->ncols = ncols;
	lr->cols = xcalloc(ncols + 1, sizeof *lr->cols);
	for (size_t c = 0; c < ncols; c++) {
		lr->cols[c] = cols[c];
		lr->cols[c].name = xstrdup(cols[c].name);
	}
	struct dataset_version *v = &lr->version;
	const char *name = cfg->name ? cfg->name : cfg->table;
	int found = store_find_version(st, name, hex, v, err);
	if (found < 0)
		return -found;
	lr->existed = found > 0;
	if (found)
		return AUDIT_OK;
	v->name = xstrdup(name);
	v->source = xstrdup(cfg->data);
	memcpy(v->sha256, hex, sizeof v->sha256);
	v->rows = engine_rows(eng);
	v->columns = (long long)ncols;
	v->format = xstrdup(engine_format(eng));
	v->loaded_at = timestamp_utc();
	return store_add_version_without_rows(st, v, lr->cols, ncols, err);
}

/* An audit of a table where it lives (engine.h): a version without rows, counted by the engine. */
static int audit_engine_table(const struct audit_config *given, const char *input, int progress, int *failed,
			      struct audit_err *err)
{
	struct engine *eng;
	int e = engine_open(input, given->table, given->columns, &eng, err);
	if (e)
		return e;
	/* From here on the address is shown without its password: in the history, the reports and messages. */
	struct audit_config shown = *given;
	shown.data = engine_public_input(input);
	const struct audit_config *cfg = &shown;
	size_t ncols;
	const struct column_info *cols = engine_columns(eng, &ncols);
	const char **names = xcalloc(ncols + 1, sizeof *names);
	for (size_t c = 0; c < ncols; c++)
		names[c] = cols[c].name;
	e = config_check_columns(cfg, names, ncols, err);
	free(names);
	struct load_result lr;
	struct audit_result res;
	memset(&lr, 0, sizeof lr);
	memset(&res, 0, sizeof res);
	struct store *st = NULL;
	char *db = NULL, hex[65];
	if (!e)
		e = engine_fingerprint(eng, hex, err);
	if (!e)
		e = output_make_dir(cfg->out, err);
	if (!e)
		e = open_database(cfg, &db, &st, err);
	struct counting counted = {.cfg = cfg, .bins = cfg->bins, .engine = eng};
	struct store_row_source rows;
	engine_row_source(eng, &rows);
	if (!e && !(e = store_begin(st, err))) {
		e = engine_version(st, cfg, eng, hex, &lr, err);
		if (!e) {
			store_attach_rows(st, lr.version.id, &rows);
			e = audit_stored(st, cfg, &lr, &counted, progress, &res, err);
			store_attach_rows(st, lr.version.id, NULL);
		}
		e = store_end(st, e, err);
	}
	if (!e)
		e = publish_reports(cfg, &res, failed, err);
	audit_result_free(&res);
	load_result_free(&lr);
	store_close(st);
	free(db);
	engine_close(eng);
	free(shown.data);
	return e;
}

int audit_run(const struct audit_config *cfg, int progress, int *failed, struct audit_err *err)
{
	*failed = 0;
	if (cfg->dialect)
		return audit_fail(err, AUDIT_EUSAGE, "--dialect is an option of dsaudit sql, not of audit");
	if (cfg->columns && !cfg->counts)
		return audit_fail(err, AUDIT_EUSAGE, "--columns describes the table of --counts (or of dsaudit sql); "
				  "an engine or a file tells its own columns");
	if (cfg->counts) {
		struct strbuf input = {0};
		strbuf_printf(&input, "counts:%s", cfg->counts);
		int e = audit_engine_table(cfg, input.buf, progress, failed, err);
		strbuf_free(&input);
		return e;
	}
	if (engine_input(cfg->data))
		return audit_engine_table(cfg, cfg->data, progress, failed, err);
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
	/* With --no-rows the scan may count the rows already (load.h struct row_sink). */
	struct counting counted = {.cfg = cfg, .bins = cfg->bins};
	struct row_sink sink = {.ctx = &counted, .begin = counting_begin, .rows = counting_rows};
	if (!quartile_bins(cfg))
		opt.sink = &sink;
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
	if (!e)
		e = open_database(cfg, &db, &st, err);
	struct store_row_source file_rows = {0};
	if (!e && !(e = store_begin(st, err))) {
		e = load_store(st, &opt, &plan, &lr, err);
		if (!e && !lr.rows_kept)
			load_attach_file(st, lr.version.id, &opt, &plan, &file_rows);
		else if (!e && cfg->no_rows && lr.existed)
			fprintf(stderr, "dsaudit: %s@%d was stored with its rows before: --no-rows removes none\n",
				lr.version.name, lr.version.version);
		if (!e)
			e = audit_stored(st, cfg, &lr, &counted, progress, &res, err);
		load_detach_file(st, &file_rows);
		e = store_end(st, e, err);
	}
	if (!e)
		e = publish_reports(cfg, &res, failed, err);
	count_abort(counted.counter);
	audit_result_free(&res);
	load_result_free(&lr);
	load_plan_free(&plan);
	store_close(st);
	free(db);
	strbuf_free(&warnings);
	na_list_free(&na);
	return e;
}

/* The counting queries of cfg's table (dsaudit sql), each under the name of the file its result goes in. */
static void print_queries(const struct audit_config *cfg, const struct column_info *cols, size_t ncols, char quote,
			  FILE *out)
{
	struct count_spec spec;
	count_spec_for(cfg, cols, ncols, 0, cfg->bins, 0, &spec);
	struct counter *c = count_begin(&spec);
	struct strbuf table = {0};
	pushdown_put_table(&table, cfg->table, quote);
	struct pushdown *pd = pushdown_new(c, &spec, table.buf, quote);
	fprintf(out, "-- The counting queries of dsaudit %s for table %s (%s).\n"
		"-- Run each where the table is; save its result in one directory DIR as the file named\n"
		"-- above it: tab-separated, no header, a NULL written as \\N. Then audit the results with\n"
		"--   dsaudit audit --counts DIR and the same --table, --columns and audit options.\n",
		DSAUDIT_VERSION, cfg->table, cfg->dialect);
	char *rows = pushdown_rows_sql(cols, ncols, table.buf, quote);
	fprintf(out, "-- rows.tsv\n%s;\n", rows);
	free(rows);
	for (size_t i = 0; i < pushdown_count(pd); i++) {
		const struct pushdown_query *q = pushdown_query(pd, i);
		fprintf(out, "-- %s.tsv\n%s;\n", q->name, q->sql);
	}
	pushdown_free(pd);
	count_abort(c);
	strbuf_free(&table);
}

int audit_queries(const struct audit_config *cfg, FILE *out, struct audit_err *err)
{
	char quote = pushdown_dialect_quote(cfg->dialect);
	if (!quote)
		return audit_fail(err, AUDIT_EUSAGE, "--dialect: one of postgresql, clickhouse, trino, spark, bigquery, "
				  "sqlite (got \"%s\")", cfg->dialect);
	if (!cfg->table)
		return audit_fail(err, AUDIT_EUSAGE, "sql: name the table with --table");
	if (!cfg->columns)
		return audit_fail(err, AUDIT_EUSAGE, "sql: give the table's columns with --columns \"NAME TYPE, ...\"");
	if (cfg->counts)
		return audit_fail(err, AUDIT_EUSAGE, "--counts is an option of audit, not of sql");
	if (quartile_bins(cfg))
		return audit_fail(err, AUDIT_EUSAGE, "--bins COL=quartiles needs the rows, which the counting queries "
				  "never return: give the bins' edges");
	struct column_info *cols;
	size_t ncols;
	int e = engine_columns_parse(cfg->columns, &cols, &ncols, err);
	if (e)
		return e;
	const char **names = xcalloc(ncols + 1, sizeof *names);
	for (size_t c = 0; c < ncols; c++)
		names[c] = cols[c].name;
	e = config_check_columns(cfg, names, ncols, err);
	free(names);
	if (!e)
		print_queries(cfg, cols, ncols, quote, out);
	for (size_t c = 0; c < ncols; c++)
		free(cols[c].name);
	free(cols);
	return e;
}
