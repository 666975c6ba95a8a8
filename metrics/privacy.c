/*
 * privacy.c — personal data per column and the re-identification risk of
 * the quasi-identifiers (rules in privacy.h). Entry point: privacy_records.
 *
 * metric_add may move the records (audit_result_add reallocates), so each
 * function finishes one record before it adds the next. Details that hold
 * column names are built in a strbuf, not metric_detail's fixed buffer, so
 * long or non-ASCII names are never cut.
 */
#include "privacy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "util.h"

static const char *FAMILY = "privacy";

#define L_DIVERSITY_WARN 2   /* rule 4 */

/* Gives rec the text of sb (rec owns it afterwards; sb is left empty). */
static void take_detail(struct audit_record *rec, struct strbuf *sb)
{
	free(rec->detail);
	rec->detail = sb->buf;
	memset(sb, 0, sizeof *sb);
}

/* Rule 1. */
static void pii_records(const struct count_tables *ct, struct audit_result *out)
{
	for (size_t c = 0; c < ct->ncolumns; c++) {
		const struct column_counts *col = &ct->columns[c];
		for (int k = 0; k < PII_NKINDS; k++) {
			if (!(col->pii[k] > 0))
				continue;
			struct audit_record *r = metric_add(out, FAMILY, pii_metric_name((enum pii_kind)k), NULL,
							    col->name, NULL, NULL);
			r->value = col->pii[k];
			r->n = ct->rows - col->missing;
			r->status = STATUS_FAIL;
			const char *ex = col->pii_examples[k];
			if (ex && ex[0]) {
				struct strbuf sb = {0};
				strbuf_printf(&sb, "e.g. %s", ex);
				take_detail(r, &sb);
			}
		}
	}
}

/* The quasi-identifiers joined by sep. */
static void join(struct strbuf *sb, const char *const *quasi, size_t nquasi, const char *sep)
{
	for (size_t i = 0; i < nquasi; i++)
		strbuf_printf(sb, "%s%s", i ? sep : "", quasi[i]);
}

/* Rule 5: why the class figures cannot be given, or NULL when they can. */
static const char *no_classes(const struct count_tables *ct)
{
	if (!(ct->rows > 0))
		return "no rows";
	if (!ct->dataset.class_size || ct->dataset.nsizes == 0)
		return "no equivalence classes were counted";
	return NULL;
}

static struct audit_record *undefined(struct audit_record *r, const char *why)
{
	r->status = STATUS_INSUFFICIENT;
	metric_detail(r, "%s", why);
	return r;
}

/* The smallest class: the class sizes are ascending (tables.h). */
static double smallest_class(const struct dataset_counts *d)
{
	return d->class_size[0];
}

/* Rules 2 and 3. */
static void k_anonymity(const struct count_tables *ct, const char *const *quasi, size_t nquasi, double k,
			struct audit_result *out)
{
	const struct dataset_counts *d = &ct->dataset;
	struct strbuf column = {0}, names = {0};
	join(&column, quasi, nquasi, ",");
	join(&names, quasi, nquasi, ", ");
	const char *why = no_classes(ct);

	struct audit_record *r = metric_add(out, FAMILY, "k_anonymity", NULL, column.buf, NULL, NULL);
	r->n = ct->rows;
	if (why)
		undefined(r, why);
	else {
		r->value = smallest_class(d);
		if (r->value < k)
			r->status = STATUS_FAIL;
		struct strbuf sb = {0};
		strbuf_printf(&sb, "%.0f equivalence classes over %s; k = %g", d->nclasses, names.buf, k);
		take_detail(r, &sb);
	}

	r = metric_add(out, FAMILY, "records_at_risk", NULL, column.buf, NULL, NULL);
	r->n = ct->rows;
	if (why)
		undefined(r, why);
	else {
		double risk = 0;
		for (size_t i = 0; i < d->nsizes && d->class_size[i] < k; i++)
			risk += d->class_size[i] * d->class_count[i];
		r->value = risk;
		if (risk > 0)
			r->status = STATUS_WARN;
		metric_detail(r, "%.3g%% of rows are in classes smaller than k = %g", 100 * risk / ct->rows, k);
	}
	strbuf_free(&column);
	strbuf_free(&names);
}

/* Rule 4. */
static void l_diversity(const struct count_tables *ct, const char *const *quasi, size_t nquasi,
			const char *sensitive, struct audit_result *out)
{
	const struct dataset_counts *d = &ct->dataset;
	struct audit_record *r = metric_add(out, FAMILY, "l_diversity", NULL, sensitive, NULL, NULL);
	r->n = ct->rows;
	const char *why = no_classes(ct);
	if (why) {
		undefined(r, why);
		return;
	}
	r->value = d->min_sensitive;
	if (r->value < L_DIVERSITY_WARN)
		r->status = STATUS_WARN;
	struct strbuf sb = {0};
	strbuf_printf(&sb, "%.0f equivalence classes over ", d->nclasses);
	join(&sb, quasi, nquasi, ", ");
	take_detail(r, &sb);
}

/* Rule 6. */
static void candidate_k(const struct count_tables *ct, double k, struct audit_result *out)
{
	const struct dataset_counts *d = &ct->dataset;
	struct strbuf column = {0}, names = {0};
	for (size_t i = 0; i < d->ncandidates && d->candidate[i] < ct->ncolumns; i++) {
		const char *name = ct->columns[d->candidate[i]].name;
		strbuf_printf(&column, "%s%s", i ? "," : "", name);
		strbuf_printf(&names, "%s%s", i ? ", " : "", name);
	}
	struct audit_record *r = metric_add(out, FAMILY, "candidate_k_anonymity", NULL, column.buf, NULL, NULL);
	r->n = ct->rows;
	const char *why = no_classes(ct);
	struct strbuf sb = {0};
	strbuf_printf(&sb, "candidate quasi-identifiers %s (not configured): ", names.buf);
	if (why) {
		r->status = STATUS_INSUFFICIENT;
		strbuf_printf(&sb, "%s", why);
	} else {
		r->value = smallest_class(d);
		if (r->value < k)
			r->status = STATUS_WARN;
		strbuf_printf(&sb, "%.0f equivalence classes; k = %g", d->nclasses, k);
	}
	take_detail(r, &sb);
	strbuf_free(&column);
	strbuf_free(&names);
}

void privacy_records(const struct count_tables *ct, const char *const *quasi, size_t nquasi,
		     const char *sensitive, double k, struct audit_result *out)
{
	pii_records(ct, out);
	if (nquasi == 0) {
		if (ct->dataset.ncandidates)
			candidate_k(ct, k, out);
		return;
	}
	k_anonymity(ct, quasi, nquasi, k, out);
	if (sensitive && !isnan(ct->dataset.min_sensitive))
		l_diversity(ct, quasi, nquasi, sensitive, out);
}
