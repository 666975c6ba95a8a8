/*
 * drift.c — share, label-rate and distribution shifts between two versions
 * of a dataset (rules in drift.h).
 */
#include "drift.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "stats.h"
#include "util.h"

static const char *FAMILY = "drift";

/* Rule 1: one attribute's groups, matched by name across the two sides. */
struct matched {
	const struct count_table *then, *now;
	size_t n;
	const char **names;    /* borrowed from the tables */
	long *g_then, *g_now;  /* the group's index on each side, -1 when absent */
	double *x_then, *x_now;
	double N_then, N_now;
};

static long find_group(const struct count_table *t, const char *name)
{
	for (size_t g = 0; g < t->ngroups; g++)
		if (strcmp(t->groups[g], name) == 0)
			return (long)g;
	return -1;
}

static const struct count_table *find_table(const struct count_tables *ct, const char *attribute)
{
	for (size_t i = 0; i < ct->ntables; i++)
		if (strcmp(ct->tables[i].attribute, attribute) == 0)
			return &ct->tables[i];
	return NULL;
}

static int known(const struct matched *m, const char *name)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->names[i], name) == 0)
			return 1;
	return 0;
}

/* Rule 1: now's groups, then the groups only `then` has, "(missing)" last. */
static void match(const struct count_table *then, const struct count_table *now, struct matched *m)
{
	size_t cap = then->ngroups + now->ngroups + 1;
	*m = (struct matched){.then = then, .now = now};
	m->names = xcalloc(cap, sizeof *m->names);
	int missing = 0;
	const struct count_table *sides[2] = {now, then};
	for (size_t s = 0; s < 2; s++)
		for (size_t g = 0; g < sides[s]->ngroups; g++) {
			const char *name = sides[s]->groups[g];
			if (strcmp(name, GROUP_MISSING) == 0)
				missing = 1;
			else if (!known(m, name))
				m->names[m->n++] = name;
		}
	if (missing)
		m->names[m->n++] = GROUP_MISSING;

	m->g_then = xcalloc(cap, sizeof *m->g_then);
	m->g_now = xcalloc(cap, sizeof *m->g_now);
	m->x_then = xcalloc(cap, sizeof *m->x_then);
	m->x_now = xcalloc(cap, sizeof *m->x_now);
	for (size_t i = 0; i < m->n; i++) {
		m->g_then[i] = find_group(then, m->names[i]);
		m->g_now[i] = find_group(now, m->names[i]);
		m->x_then[i] = m->g_then[i] >= 0 ? group_rows(then, (size_t)m->g_then[i]) : 0;
		m->x_now[i] = m->g_now[i] >= 0 ? group_rows(now, (size_t)m->g_now[i]) : 0;
		m->N_then += m->x_then[i];
		m->N_now += m->x_now[i];
	}
}

static void matched_free(struct matched *m)
{
	free(m->names);
	free(m->g_then);
	free(m->g_now);
	free(m->x_then);
	free(m->x_now);
}

static int excludes_zero(const struct audit_record *r)
{
	return r->ci_low > 0 || r->ci_high < 0;
}

/* Rule 2. */
static void share_shift(const struct matched *m, double min_group, struct audit_result *out)
{
	const char *attr = m->now->attribute;
	for (size_t i = 0; i < m->n; i++) {
		struct audit_record *r = metric_add(out, FAMILY, "share_shift", attr, NULL, m->names[i], NULL);
		r->n = m->N_now;
		/* 2b: too few rows on both sides to tell a shift from noise. */
		if (m->x_then[i] < min_group && m->x_now[i] < min_group)
			r->status = STATUS_INSUFFICIENT;
		struct interval ci;
		if (stats_newcombe_diff(m->x_now[i], m->N_now, m->x_then[i], m->N_then, CONFIDENCE, &ci) != 0) {
			/* 2c */
			metric_detail(r, m->N_then > 0 ? "no rows now" : "no rows then");
			continue;
		}
		double p_then = m->x_then[i] / m->N_then, p_now = m->x_now[i] / m->N_now;
		r->value = p_now - p_then;
		r->ci_low = ci.low;
		r->ci_high = ci.high;
		metric_detail(r, "then %.3g (%.0f of %.0f), now %.3g (%.0f of %.0f)%s", p_then, m->x_then[i],
			      m->N_then, p_now, m->x_now[i], m->N_now,
			      m->g_then[i] < 0 ? "; the group is new" : m->g_now[i] < 0 ? "; the group is gone" : "");
		/* 2a */
		if (r->status == STATUS_OK && excludes_zero(r) && fabs(r->value) >= DRIFT_SHARE_MIN - 1e-12)
			r->status = STATUS_WARN;
	}
}

/* Rule 3. */
static void psi(const struct matched *m, struct audit_result *out)
{
	struct audit_record *r = metric_add(out, FAMILY, "psi", m->now->attribute, NULL, NULL, NULL);
	r->n = m->N_now;
	if (m->N_then <= 0 || m->N_now <= 0) {
		/* 3c */
		metric_detail(r, m->N_then > 0 ? "no rows now" : "no rows then");
		return;
	}
	double sum = 0;
	size_t replaced = 0;
	for (size_t i = 0; i < m->n; i++) {
		/* 3a: a group empty on both sides carries nothing; an empty side counts as half a row. */
		if (m->x_then[i] == 0 && m->x_now[i] == 0)
			continue;
		double p_then = m->x_then[i] / m->N_then, p_now = m->x_now[i] / m->N_now;
		if (p_then == 0) {
			p_then = 0.5 / m->N_then;
			replaced++;
		}
		if (p_now == 0) {
			p_now = 0.5 / m->N_now;
			replaced++;
		}
		sum += (p_now - p_then) * log(p_now / p_then);
	}
	r->value = sum;
	if (replaced)
		metric_detail(r, "rows then %.0f, now %.0f; %zu zero share%s taken as 0.5/N of the side", m->N_then,
			      m->N_now, replaced, replaced == 1 ? "" : "s");
	else
		metric_detail(r, "rows then %.0f, now %.0f", m->N_then, m->N_now);
	/* 3b */
	if (sum >= DRIFT_PSI_FAIL)
		r->status = STATUS_FAIL;
	else if (sum >= DRIFT_PSI_WARN)
		r->status = STATUS_WARN;
}

/* Rule 4 for one outcome: class c_then / c_now positive (-1: the class is absent on that side). */
static void label_outcome(const struct matched *m, const char *column, long c_then, long c_now, double min_group,
			  struct audit_result *out)
{
	for (size_t i = 0; i < m->n; i++) {
		double pos_then = 0, lab_then = 0, pos_now = 0, lab_now = 0;
		if (m->g_then[i] >= 0) {
			lab_then = group_labeled(m->then, (size_t)m->g_then[i], -1);
			if (c_then >= 0)
				pos_then = group_labeled(m->then, (size_t)m->g_then[i], c_then);
		}
		if (m->g_now[i] >= 0) {
			lab_now = group_labeled(m->now, (size_t)m->g_now[i], -1);
			if (c_now >= 0)
				pos_now = group_labeled(m->now, (size_t)m->g_now[i], c_now);
		}
		struct audit_record *r =
			metric_add(out, FAMILY, "label_rate_shift", m->now->attribute, column, m->names[i], NULL);
		r->n = lab_now;
		/* 4d: either side too small to estimate its rate. */
		if (lab_then < min_group || lab_now < min_group)
			r->status = STATUS_INSUFFICIENT;
		struct interval ci;
		if (stats_newcombe_diff(pos_now, lab_now, pos_then, lab_then, CONFIDENCE, &ci) != 0) {
			metric_detail(r, lab_then > 0 ? "no labeled rows now" : "no labeled rows then");
			continue;
		}
		r->value = pos_now / lab_now - pos_then / lab_then;
		r->ci_low = ci.low;
		r->ci_high = ci.high;
		metric_detail(r, "then %.3g (%.0f of %.0f labeled), now %.3g (%.0f of %.0f labeled)",
			      pos_then / lab_then, pos_then, lab_then, pos_now / lab_now, pos_now, lab_now);
		if (r->status == STATUS_OK && excludes_zero(r))
			r->status = STATUS_WARN;
	}
}

static long find_class(const struct count_tables *ct, const char *name)
{
	for (size_t c = 0; c < ct->nclasses; c++)
		if (ct->classes[c] && strcmp(ct->classes[c], name) == 0)
			return (long)c;
	return -1;
}

/* Rule 4: which outcomes the two sides share. */
static void label_rate_shift(const struct matched *m, const struct count_tables *then,
			     const struct count_tables *now, const char *label, double min_group,
			     struct audit_result *out)
{
	if (!label || !then->has_label || !now->has_label)
		return;
	if (then->binary && now->binary) {
		/* 4a */
		label_outcome(m, label, 1, 1, min_group, out);
		return;
	}
	if (then->binary || now->binary)
		return; /* 4c */
	/* 4b: now's classes, then those only `then` has. */
	const struct count_tables *sides[2] = {now, then};
	for (size_t s = 0; s < 2; s++)
		for (size_t c = 0; c < sides[s]->nclasses; c++) {
			const char *name = sides[s]->classes[c];
			if (!name || (s == 1 && find_class(now, name) >= 0))
				continue;
			struct strbuf col = {0};
			strbuf_printf(&col, "%s=%s", label, name);
			label_outcome(m, col.buf, find_class(then, name), find_class(now, name), min_group, out);
			strbuf_free(&col);
		}
}

/* Rule 5. */
static void drift_chi2(const struct matched *m, struct audit_result *out)
{
	struct audit_record *r = metric_add(out, FAMILY, "drift_chi2", m->now->attribute, NULL, NULL, NULL);
	r->n = m->N_then + m->N_now;
	double *tab = xcalloc(2 * m->n + 1, sizeof *tab);
	for (size_t i = 0; i < m->n; i++) {
		tab[i] = m->x_then[i];
		tab[m->n + i] = m->x_now[i];
	}
	struct chi2_result chi;
	if (m->n > 0 && stats_chi2_independence(tab, 2, (int)m->n, &chi) == 0) {
		r->value = chi.statistic;
		r->p_value = chi.p_value;
		if (chi.min_expected < 5) {
			/* 5a */
			r->status = STATUS_INSUFFICIENT;
			metric_detail(r, "df %d; smallest expected count %.3g is under 5", chi.df, chi.min_expected);
		} else {
			if (chi.p_value < SIGNIFICANCE)
				r->status = STATUS_WARN;
			metric_detail(r, "df %d; smallest expected count %.3g", chi.df, chi.min_expected);
		}
	} else
		/* 5b */
		metric_detail(r, m->N_then <= 0 ? "no rows then"
				 : m->N_now <= 0 ? "no rows now"
						 : "undefined: needs rows in at least two groups");
	free(tab);
}

void drift_records(const struct count_tables *then, const struct count_tables *now, const char *label,
		   double min_group, struct audit_result *out)
{
	if (!then || !now)
		return;
	for (size_t k = 0; k < now->ntables; k++) {
		const struct count_table *t_now = &now->tables[k];
		const struct count_table *t_then = find_table(then, t_now->attribute);
		if (!t_then)
			continue; /* rule 1: present on one side only */
		struct matched m;
		match(t_then, t_now, &m);
		share_shift(&m, min_group, out);
		psi(&m, out);
		label_rate_shift(&m, then, now, label, min_group, out);
		drift_chi2(&m, out);
		matched_free(&m);
	}
}
