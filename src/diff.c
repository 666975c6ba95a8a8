/*
 * diff.c — `dsaudit diff` (rules in diff.h): two stored versions counted
 * with one spec, their drift records, the reports.
 *
 * The stored configuration of NEW's latest audit is canonical JSON that
 * reads back as a config file (config.h rule 16), so it goes through
 * config_parse as a --config file in a private temporary file: one parser,
 * one set of rules and messages for both.
 */
#include "diff.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "config_text.h"
#include "context.h"
#include "drift.h"
#include "findings.h"
#include "summary.h"
#include "output.h"
#include "publish.h"
#include "typecheck.h"

/* ------------------------------------------------------------------ */
/* Counting two versions                                               */
/* ------------------------------------------------------------------ */

static int has_column(const struct column_info *cols, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(cols[i].name, name) == 0)
			return 1;
	return 0;
}

/* The first column spec names that is not among cols, and its role; NULL when all are there. */
static const char *missing_column(const struct count_spec *spec, const struct column_info *cols, size_t n,
				  const char **role)
{
#define CHECK(name, what) \
	do { \
		if ((name) && !has_column(cols, n, (name))) { \
			*role = (what); \
			return (name); \
		} \
	} while (0)
	for (size_t i = 0; i < spec->nprotected; i++)
		CHECK(spec->protected[i], "protected");
	CHECK(spec->label, "label");
	CHECK(spec->strata, "strata");
	for (size_t i = 0; i < spec->nbins; i++)
		CHECK(spec->bins[i].column, "bins");
	CHECK(spec->prediction, "prediction");
	CHECK(spec->gold, "gold");
	for (size_t i = 0; i < spec->nannotators; i++)
		CHECK(spec->annotators[i], "annotators");
	CHECK(spec->id, "id");
	for (size_t i = 0; i < spec->nquasi; i++)
		CHECK(spec->quasi_identifiers[i], "quasi_identifiers");
	CHECK(spec->sensitive, "sensitive");
	for (size_t i = 0; i < spec->ndomains; i++)
		CHECK(spec->domains[i].column, "domain");
#undef CHECK
	return NULL;
}

static int named(const char *name, const char *column)
{
	return name && strcmp(name, column) == 0;
}

/* Does spec name column in any role (the roles missing_column checks)? */
static int spec_names(const struct count_spec *spec, const char *column)
{
	for (size_t i = 0; i < spec->nprotected; i++)
		if (named(spec->protected[i], column))
			return 1;
	for (size_t i = 0; i < spec->nannotators; i++)
		if (named(spec->annotators[i], column))
			return 1;
	for (size_t i = 0; i < spec->nquasi; i++)
		if (named(spec->quasi_identifiers[i], column))
			return 1;
	return named(spec->label, column) || named(spec->strata, column) || named(spec->prediction, column) ||
	       named(spec->gold, column) || named(spec->id, column) || named(spec->sensitive, column);
}

/* ------------------------------------------------------------------ */
/* Versions kept as counts (audit --no-rows): rule 7                    */
/* ------------------------------------------------------------------ */

char *diff_bins_json(const struct count_spec *spec)
{
	cJSON *root = cJSON_CreateObject();
	for (size_t i = 0; i < spec->nprotected; i++)
		for (size_t b = 0; b < spec->nbins; b++) {
			if (strcmp(spec->bins[b].column, spec->protected[i]) != 0)
				continue;
			cJSON *edges = cJSON_CreateDoubleArray(spec->bins[b].edges, (int)spec->bins[b].n);
			if (!edges || !cJSON_AddItemToObject(root, spec->protected[i], edges))
				cJSON_Delete(edges);
		}
	char *text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	char *copy = xstrdup(text ? text : "{}");
	cJSON_free(text);
	return copy;
}

int diff_store_counts(struct store *st, long long id, const struct count_spec *spec, const struct count_tables *ct,
		      struct audit_err *err)
{
	char *bins = diff_bins_json(spec);
	const char *positive = spec->positive ? spec->positive->text : NULL;
	int e = store_add_counts(st, id, spec->label, positive, bins, ct, err);
	free(bins);
	return e;
}

static const struct bin_edges *spec_bins(const struct count_spec *spec, const char *column)
{
	for (size_t i = 0; i < spec->nbins; i++)
		if (strcmp(spec->bins[i].column, column) == 0)
			return &spec->bins[i];
	return NULL;
}

static int same_bins(const struct bin_edges *asked, const cJSON *stored)
{
	if (!asked || !stored)
		return !asked && !stored;
	if (!cJSON_IsArray(stored) || (size_t)cJSON_GetArraySize(stored) != asked->n)
		return 0;
	size_t i = 0;
	const cJSON *x;
	cJSON_ArrayForEach(x, stored)
		if (!cJSON_IsNumber(x) || x->valuedouble != asked->edges[i++])
			return 0;
	return 1;
}

static void put_edges(struct strbuf *sb, const struct bin_edges *b, const cJSON *stored)
{
	if (b) {
		for (size_t i = 0; i < b->n; i++)
			strbuf_printf(sb, "%s%.15g", i ? "," : "", b->edges[i]);
	} else if (stored) {
		const cJSON *x;
		int first = 1;
		cJSON_ArrayForEach(x, stored) {
			strbuf_printf(sb, "%s%.15g", first ? "" : ",", cJSON_IsNumber(x) ? x->valuedouble : NAN);
			first = 0;
		}
	} else
		strbuf_printf(sb, "none");
}

static const struct count_table *stored_table(const struct count_tables *ct, const char *attribute)
{
	for (size_t i = 0; i < ct->ntables; i++)
		if (strcmp(ct->tables[i].attribute, attribute) == 0)
			return &ct->tables[i];
	return NULL;
}

/* The tables counting spec makes (count.c): each subset of the protected columns, 1..intersections of them. */
static char **asked_tables(const struct count_spec *spec, size_t *count)
{
	size_t n = spec->nprotected;
	size_t max = spec->intersections < 1 ? 1 : (size_t)spec->intersections;
	size_t *c = xcalloc(n + 1, sizeof *c);
	char **names = NULL;
	*count = 0;
	for (size_t k = 1; k <= max && k <= n; k++) {
		for (size_t i = 0; i < k; i++)
			c[i] = i;
		for (;;) {
			struct strbuf name = {0};
			for (size_t i = 0; i < k; i++)
				strbuf_printf(&name, "%s%s", i ? "*" : "", spec->protected[c[i]]);
			names = xrealloc(names, (*count + 1) * sizeof *names);
			names[(*count)++] = name.buf;
			/* The next combination of k of n, in order. */
			size_t i = k;
			while (i > 0 && c[i - 1] == n - k + i - 1)
				i--;
			if (i == 0)
				break;
			c[i - 1]++;
			for (size_t m = i; m < k; m++)
				c[m] = c[m - 1] + 1;
		}
	}
	free(c);
	return names;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Rule 7: why the stored counts cannot stand in for counting spec, in *why; 0 when they can. */
static int counts_mismatch(const struct stored_counts *sc, const struct count_spec *spec, const cJSON *bins,
			   struct strbuf *why)
{
	size_t nasked;
	char **asked = asked_tables(spec, &nasked);
	int bad = 0;
	for (size_t i = 0; i < nasked && !bad; i++)
		if (!stored_table(&sc->ct, asked[i])) {
			strbuf_printf(why, "%s was not counted", asked[i]);
			bad = 1;
		}
	free_names(asked, nasked);
	for (size_t i = 0; i < spec->nprotected && !bad; i++) {
		const struct bin_edges *want = spec_bins(spec, spec->protected[i]);
		const cJSON *stored = cJSON_GetObjectItemCaseSensitive(bins, spec->protected[i]);
		if (!same_bins(want, stored)) {
			strbuf_printf(why, "%s was counted with bins ", spec->protected[i]);
			put_edges(why, NULL, stored);
			strbuf_printf(why, ", not ");
			put_edges(why, want, NULL);
			bad = 1;
		}
	}
	const char *positive = spec->positive ? spec->positive->text : NULL;
	if (!bad && spec->label && (!sc->label || strcmp(sc->label, spec->label) != 0)) {
		if (sc->label)
			strbuf_printf(why, "the label counted was %s, not %s", sc->label, spec->label);
		else
			strbuf_printf(why, "no label was counted, and %s is asked", spec->label);
		bad = 1;
	}
	if (!bad && spec->label &&
	    (positive ? !sc->positive || strcmp(sc->positive, positive) != 0 : sc->positive != NULL)) {
		strbuf_printf(why, "%s was counted with %s%s, not %s%s", sc->label, sc->positive ? "--positive " : "",
			      sc->positive ? sc->positive : "no --positive", positive ? "--positive " : "",
			      positive ? positive : "without one");
		bad = 1;
	}
	return bad;
}

/* What the stored counts are, for the message of a mismatch. */
static void describe_counts(const struct stored_counts *sc, struct strbuf *sb)
{
	strbuf_printf(sb, "tables ");
	for (size_t i = 0; i < sc->ct.ntables && i < 20; i++)
		strbuf_printf(sb, "%s%s", i ? ", " : "", sc->ct.tables[i].attribute);
	if (sc->ct.ntables == 0)
		strbuf_printf(sb, "(none)");
	else if (sc->ct.ntables > 20)
		strbuf_printf(sb, ", ... and %zu more", sc->ct.ntables - 20);
	if (sc->label)
		strbuf_printf(sb, "; label %s%s%s", sc->label, sc->positive ? " with --positive " : "",
			      sc->positive ? sc->positive : "");
	else
		strbuf_printf(sb, "; no label");
	strbuf_printf(sb, "; bins %s", sc->bins && strcmp(sc->bins, "{}") != 0 ? sc->bins : "none");
}

/*
 * Moves the tables spec asks for out of sc into *out, in the order counting
 * makes them; without a label asked, each group's classes and unlabeled
 * rows become the one class "(all)", as count.c counts without a label.
 */
static void select_counts(struct stored_counts *sc, const struct count_spec *spec, struct count_tables *out)
{
	struct count_tables *ct = &sc->ct;
	memset(out, 0, sizeof *out);
	size_t nasked;
	char **asked = asked_tables(spec, &nasked);
	out->tables = xcalloc(nasked + 1, sizeof *out->tables);
	for (size_t i = 0; i < nasked; i++)
		for (size_t k = 0; k < ct->ntables; k++)
			if (ct->tables[k].attribute && strcmp(ct->tables[k].attribute, asked[i]) == 0) {
				out->tables[out->ntables++] = ct->tables[k];
				memset(&ct->tables[k], 0, sizeof ct->tables[k]);
				break;
			}
	free_names(asked, nasked);
	out->strata = ct->strata;
	out->nstrata = ct->nstrata;
	ct->strata = NULL;
	ct->nstrata = 0;
	if (spec->label) {
		out->has_label = ct->has_label;
		out->binary = ct->binary;
		out->classes = ct->classes;
		out->nclasses = ct->nclasses;
		out->class_rows = ct->class_rows;
		ct->classes = NULL;
		ct->nclasses = 0;
		ct->class_rows = NULL;
	} else {
		out->nclasses = 1;
		out->classes = xcalloc(1, sizeof *out->classes);
		out->classes[0] = xstrdup("(all)");
		for (size_t i = 0; i < out->ntables; i++) {
			struct count_table *t = &out->tables[i];
			for (size_t g = 0; g < t->ngroups; g++) {
				double sum = t->unlabeled[g];
				for (size_t c = 0; c < t->nclasses; c++)
					sum += t->n[g * t->nclasses + c];
				t->n[g] = sum;
				t->unlabeled[g] = 0;
			}
			t->nclasses = 1;
		}
	}
	out->rows = ct->rows;
	count_tables_free(ct);
}

/* A version kept without rows: its stored counts, when they answer spec (rule 7). */
static int counts_of_version(struct store *st, const struct dataset_version *v, const struct count_spec *spec,
			     struct count_tables *out, struct audit_err *err)
{
	struct stored_counts sc;
	int found = store_read_counts(st, v->id, &sc, err);
	if (found < 0) {
		count_tables_free(&sc.ct);
		stored_counts_clear(&sc);
		return -found;
	}
	if (found == 0)
		return audit_fail(err, AUDIT_EUSAGE, "%s@%d (dataset id %lld) keeps neither its rows nor counts of them",
				  v->name, v->version, v->id);
	cJSON *bins = cJSON_Parse(sc.bins ? sc.bins : "{}");
	struct strbuf why = {0};
	int e = AUDIT_OK;
	if (counts_mismatch(&sc, spec, bins, &why)) {
		struct strbuf what = {0};
		describe_counts(&sc, &what);
		e = audit_fail(err, AUDIT_EUSAGE, "%s@%d (dataset id %lld) was audited with --no-rows and keeps only the "
			       "counts of that audit (%s): %s; ask for those, or audit the file again without --no-rows",
			       v->name, v->version, v->id, what.buf, why.buf);
		strbuf_free(&what);
		count_tables_free(&sc.ct);
	} else
		select_counts(&sc, spec, out);
	strbuf_free(&why);
	cJSON_Delete(bins);
	stored_counts_clear(&sc);
	return e;
}

int diff_count_version(struct store *st, long long id, const struct count_spec *spec, struct count_tables *out,
		       struct audit_err *err)
{
	struct dataset_version v;
	struct column_info *cols = NULL;
	size_t ncols = 0;
	memset(&v, 0, sizeof v);
	int found = store_get_version(st, id, &v, err);
	int e = found < 0 ? -found : AUDIT_OK;
	if (found == 0)
		e = audit_fail(err, AUDIT_EUSAGE, "no dataset version has id %lld", id);
	if (!e)
		e = store_version_columns(st, id, &cols, &ncols, err);
	int has_rows = e ? 1 : store_has_rows(st, id, err);
	if (has_rows < 0)
		e = -has_rows;
	const char *role = NULL, *name = e ? NULL : missing_column(spec, cols, ncols, &role);
	if (name) {
		struct strbuf list = {0};
		for (size_t i = 0; i < ncols && i < 20 && list.len < 500; i++)
			strbuf_printf(&list, "%s%s", i ? ", " : "", cols[i].name);
		if (ncols > 20)
			strbuf_printf(&list, ", ... and %zu more", ncols - 20);
		/* The nearest names, as for the audit's columns (config_text.h N1-N3). */
		const char **names = xcalloc(ncols + 1, sizeof *names), *near[CFG_NEAREST_MAX];
		for (size_t i = 0; i < ncols; i++)
			names[i] = cols[i].name;
		struct strbuf hint = {0};
		size_t nnear = cfg_nearest(name, names, ncols, near);
		if (nnear) {
			strbuf_printf(&hint, "; ");
			cfg_put_did_you_mean(&hint, near, nnear);
		}
		e = audit_fail(err, AUDIT_EUSAGE, "%s@%d (dataset id %lld) has no column named \"%s\" (%s%s); its columns are: %s",
			       v.name, v.version, v.id, name, role, hint.buf ? hint.buf : "", list.buf ? list.buf : "(none)");
		strbuf_free(&hint);
		free(names);
		strbuf_free(&list);
	}
	if (!e && !has_rows)
		e = counts_of_version(st, &v, spec, out, err);
	else if (!e) {
		/* Drift needs the named columns only: the others are not read, so
		 * counting a version costs a fraction of auditing it. */
		struct column_info *named = xcalloc(ncols + 1, sizeof *named);
		size_t nnamed = 0;
		for (size_t i = 0; i < ncols; i++)
			if (spec_names(spec, cols[i].name))
				named[nnamed++] = cols[i];
		struct count_spec own = *spec;
		own.columns = named;
		own.ncolumns = nnamed;
		own.rows = v.rows > 0 ? (size_t)v.rows : 0;
		e = count_tables_build(st, id, &own, out, err);
		free(named);
	}
	column_info_free(cols, ncols);
	dataset_version_clear(&v);
	return e;
}

int diff_count(struct store *st, long long then_id, long long now_id, const struct count_spec *spec,
	       struct count_tables *then, struct count_tables *now, struct audit_err *err)
{
	memset(then, 0, sizeof *then);
	memset(now, 0, sizeof *now);
	int e = diff_count_version(st, then_id, spec, then, err);
	if (!e)
		e = diff_count_version(st, now_id, spec, now, err);
	if (e) {
		count_tables_free(then);
		count_tables_free(now);
	}
	return e;
}

void diff_records(const struct count_tables *then, const struct count_tables *now,
		  const struct dataset_version *then_version, const char *label, double min_group,
		  struct audit_result *out)
{
	size_t first = out->n;
	drift_records(then, now, label, min_group, out);
	struct strbuf ref = {0};
	strbuf_printf(&ref, "%s@%d", then_version->name, then_version->version);
	for (size_t i = first; i < out->n; i++)
		if (!out->records[i].reference)
			out->records[i].reference = xstrdup(ref.buf);
	strbuf_free(&ref);
}

/* ------------------------------------------------------------------ */
/* The configuration                                                   */
/* ------------------------------------------------------------------ */

/* Writes text to a new private temporary file; *path (caller frees) names it. */
static int write_temp(const char *text, char **path, struct audit_err *err)
{
	const char *dir = getenv("TMPDIR");
	struct strbuf sb = {0};
	strbuf_printf(&sb, "%s/dsaudit-config.XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(sb.buf);
	if (fd < 0) {
		int e = audit_fail(err, AUDIT_EIO, "%s: cannot create a temporary file: %s", sb.buf, strerror(errno));
		strbuf_free(&sb);
		return e;
	}
	size_t len = strlen(text), done = 0;
	while (done < len) {
		ssize_t w = write(fd, text + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	int saved = errno;
	if (close(fd) != 0 && done == len)
		saved = errno, done = 0;
	if (done < len) {
		unlink(sb.buf);
		int e = audit_fail(err, AUDIT_EIO, "%s: cannot write a temporary file: %s", sb.buf, strerror(saved));
		strbuf_free(&sb);
		return e;
	}
	*path = sb.buf;
	return AUDIT_OK;
}

/* Replaces the temporary file's name in an error message with what it holds. */
static void rename_in_message(struct audit_err *err, const char *path, const char *what)
{
	const char *at = strstr(err->msg, path);
	if (!at)
		return;
	struct strbuf sb = {0};
	strbuf_append(&sb, err->msg, (size_t)(at - err->msg));
	strbuf_printf(&sb, "%s%s", what, at + strlen(path));
	snprintf(err->msg, sizeof err->msg, "%s", sb.buf);
	strbuf_free(&sb);
}

/*
 * Rule 2: the configuration from the flags, over the stored configuration
 * of NEW's latest audit when neither --protected nor --config is given.
 */
static int diff_config(struct store *st, const struct diff_request *req, const struct dataset_version *now,
		       struct audit_config *cfg, struct audit_err *err)
{
	char *stored = NULL, *tmp = NULL;
	long long audit_id = 0;
	if (!req->spec_given) {
		int found = store_latest_audit_config(st, now->id, &audit_id, &stored, err);
		if (found < 0)
			return -found;
	}
	int e = stored ? write_temp(stored, &tmp, err) : AUDIT_OK;
	free(stored);
	if (e)
		return e;
	/* [--config TMP] FLAGS [--format json] -- NEW: config_parse wants a DATA argument. */
	char **argv = xcalloc((size_t)req->nflags + 6, sizeof *argv);
	int argc = 0;
	if (tmp) {
		argv[argc++] = "--config";
		argv[argc++] = tmp;
	}
	for (int i = 0; i < req->nflags; i++)
		argv[argc++] = req->flags[i];
	if (tmp && !req->format_given) {
		argv[argc++] = "--format";
		argv[argc++] = "json";
	}
	argv[argc++] = "--";
	argv[argc++] = (char *)req->new_ref;
	e = config_parse(argc, argv, cfg, err);
	free(argv);
	if (tmp) {
		char what[96];
		snprintf(what, sizeof what, "the configuration stored with audit %lld", audit_id);
		if (e)
			rename_in_message(err, tmp, what);
		unlink(tmp);
		free(tmp);
	}
	if (!e && cfg->nprotected == 0) {
		if (audit_id)
			e = audit_fail(err, AUDIT_EUSAGE, "diff: the configuration stored with audit %lld of %s@%d names no "
				       "protected attribute: give --protected COLS", audit_id, now->name, now->version);
		else if (req->spec_given)
			e = audit_fail(err, AUDIT_EUSAGE, "diff: no protected attribute: give --protected COLS");
		else
			e = audit_fail(err, AUDIT_EUSAGE, "diff: no protected attribute: give --protected COLS (or --config "
				       "FILE); %s@%d has no stored audit to take them from", now->name, now->version);
		config_free(cfg);
	}
	return e;
}

/* ------------------------------------------------------------------ */
/* The command                                                         */
/* ------------------------------------------------------------------ */

static void fill_facts(struct audit_result *res, const struct dataset_version *v)
{
	res->tool_version = DSAUDIT_VERSION;
	res->dataset.name = xstrdup(v->name);
	res->dataset.version = v->version;
	res->dataset.id = v->id;
	res->dataset.path = xstrdup(v->source ? v->source : "");
	memcpy(res->dataset.sha256, v->sha256, sizeof res->dataset.sha256);
	res->dataset.rows = v->rows;
	res->dataset.columns = v->columns;
}

int diff_run(const struct diff_request *req, int *failed, struct audit_err *err)
{
	*failed = 0;
	struct store *st = NULL;
	struct dataset_version then, now;
	struct audit_config cfg;
	struct count_tables ct_then, ct_now;
	struct audit_result res;
	struct bin_edges *bins = NULL; /* --bins COL=quartiles: NEW's quartiles (typecheck.h T4) */
	memset(&then, 0, sizeof then);
	memset(&now, 0, sizeof now);
	memset(&cfg, 0, sizeof cfg);
	memset(&ct_then, 0, sizeof ct_then);
	memset(&ct_now, 0, sizeof ct_now);
	memset(&res, 0, sizeof res);

	int e = store_open_existing(req->db, &st, err);
	if (!e)
		e = store_resolve_version(st, req->old_ref, &then, err);
	if (!e)
		e = store_resolve_version(st, req->new_ref, &now, err);
	if (!e)
		e = diff_config(st, req, &now, &cfg, err);
	if (!e)
		e = typecheck_bins(st, now.id, &cfg, &bins, err);
	if (!e)
		e = store_check_outside(req->db, cfg.out, err);
	if (!e) {
		struct count_spec spec = {
			.protected = (const char *const *)cfg.protected,
			.nprotected = cfg.nprotected,
			.intersections = cfg.intersections,
			.label = cfg.label,
			.positive = &cfg.positive,
			.bins = bins,
			.nbins = cfg.nbins,
		};
		e = diff_count(st, then.id, now.id, &spec, &ct_then, &ct_now, err);
	}
	if (!e) {
		fill_facts(&res, &now);
		res.config_json = config_to_json(&cfg);
		diff_records(&ct_then, &ct_now, &then, cfg.label, (double)cfg.min_group, &res);
		context_fill_diff(&cfg, &ct_now, &res);
		publish_apply_gate(&cfg, &res);
		e = output_make_dir(cfg.out, err);
	}
	if (!e) {
		struct strbuf line = {0};
		strbuf_printf(&line, "drift from ");
		finding_name(&line, then.name, 2 * NAME_WIDTH);
		strbuf_printf(&line, "@%d (dataset id %lld, %lld rows) to ", then.version, then.id, then.rows);
		finding_name(&line, now.name, 2 * NAME_WIDTH);
		strbuf_printf(&line, "@%d (dataset id %lld)", now.version, now.id);
		printf("%s\n", line.buf);
		strbuf_free(&line);
		e = publish_reports(&cfg, &res, failed, err);
	}
	audit_result_free(&res);
	count_tables_free(&ct_then);
	count_tables_free(&ct_now);
	typecheck_bins_free(bins, cfg.nbins);
	config_free(&cfg);
	dataset_version_clear(&then);
	dataset_version_clear(&now);
	store_close(st);
	return e;
}
