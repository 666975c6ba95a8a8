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

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
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
	const char *role = NULL, *name = e ? NULL : missing_column(spec, cols, ncols, &role);
	if (name) {
		struct strbuf list = {0};
		for (size_t i = 0; i < ncols && i < 20 && list.len < 500; i++)
			strbuf_printf(&list, "%s%s", i ? ", " : "", cols[i].name);
		if (ncols > 20)
			strbuf_printf(&list, ", ... and %zu more", ncols - 20);
		e = audit_fail(err, AUDIT_EUSAGE, "%s@%d (dataset id %lld) has no column named \"%s\" (%s); its columns are: %s",
			       v.name, v.version, v.id, name, role, list.buf ? list.buf : "(none)");
		strbuf_free(&list);
	}
	if (!e) {
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
