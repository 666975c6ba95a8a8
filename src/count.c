/*
 * count.c — one scan into the joint table of distinct value combinations,
 * then the marginal tables per attribute and intersection (see count.h).
 */
#include "count.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

/* The distinct raw values of one column, in first-seen order. */
struct column_values {
	struct strmap keys;        /* typed key bytes → index */
	struct typed_value *vals;  /* text owned (copied) */
	size_t cap;
};

struct joint {
	size_t ncols;
	struct column_values *cols;
	struct strmap tuples;      /* uint32 index tuples → tuple number */
	double *counts;
	size_t cap;
};

/* Derived names of one column's distinct values, with their order (rule 5). */
struct column_groups {
	char **name;      /* per distinct value; NULL entries never happen */
	size_t *rank;     /* per distinct value: position of its name in sorted order */
};

static size_t value_key(const struct typed_value *v, char *buf, size_t cap, const char **key)
{
	switch (v->type) {
	case COL_UNKNOWN:
		buf[0] = 'n';
		*key = buf;
		return 1;
	case COL_INTEGER:
	case COL_BOOLEAN:
		buf[0] = 'i';
		memcpy(buf + 1, &v->i, 8);
		*key = buf;
		return 9;
	case COL_REAL:
		buf[0] = 'r';
		memcpy(buf + 1, &v->d, 8);
		*key = buf;
		return 9;
	case COL_TEXT:
		break;
	}
	if (v->len + 1 <= cap) {
		buf[0] = 't';
		memcpy(buf + 1, v->s, v->len);
		*key = buf;
		return v->len + 1;
	}
	*key = NULL;
	return v->len + 1;
}

static uint32_t intern_value(struct column_values *cv, const struct typed_value *v)
{
	char small[256];
	const char *key;
	size_t len = value_key(v, small, sizeof small, &key);
	char *big = NULL;
	if (!key) {
		big = xmalloc(len);
		big[0] = 't';
		memcpy(big + 1, v->s, v->len);
		key = big;
	}
	int added;
	size_t idx = strmap_intern(&cv->keys, key, len, &added);
	free(big);
	if (added) {
		if (idx == cv->cap) {
			cv->cap = cv->cap ? cv->cap * 2 : 16;
			cv->vals = xrealloc(cv->vals, cv->cap * sizeof *cv->vals);
		}
		cv->vals[idx] = *v;
		if (v->type == COL_TEXT)
			cv->vals[idx].s = xstrndup(v->s, v->len);
	}
	return (uint32_t)idx;
}

static void joint_free(struct joint *j)
{
	for (size_t c = 0; c < j->ncols; c++) {
		struct column_values *cv = &j->cols[c];
		for (size_t i = 0; i < cv->keys.count; i++)
			if (cv->vals[i].type == COL_TEXT)
				free((char *)cv->vals[i].s);
		free(cv->vals);
		strmap_free(&cv->keys);
	}
	free(j->cols);
	strmap_free(&j->tuples);
	free(j->counts);
}

static int joint_scan(struct store *st, long long id, const char *const *columns, size_t ncols,
		      struct joint *j, struct audit_err *err)
{
	memset(j, 0, sizeof *j);
	j->ncols = ncols;
	j->cols = xcalloc(ncols ? ncols : 1, sizeof *j->cols);
	for (size_t c = 0; c < ncols; c++)
		strmap_init(&j->cols[c].keys);
	strmap_init(&j->tuples);
	struct store_cursor *cur;
	int e = store_cursor_open(st, id, columns, ncols, &cur, err);
	if (e)
		return e;
	struct typed_value *cells = xcalloc(ncols ? ncols : 1, sizeof *cells);
	uint32_t *tuple = xcalloc(ncols ? ncols : 1, sizeof *tuple);
	int r;
	while ((r = store_cursor_next(cur, cells, err)) > 0) {
		for (size_t c = 0; c < ncols; c++)
			tuple[c] = intern_value(&j->cols[c], &cells[c]);
		int added;
		size_t t = strmap_intern(&j->tuples, (const char *)tuple, ncols * sizeof *tuple, &added);
		if (added) {
			if (t == j->cap) {
				j->cap = j->cap ? j->cap * 2 : 64;
				j->counts = xrealloc(j->counts, j->cap * sizeof *j->counts);
			}
			j->counts[t] = 0;
		}
		j->counts[t] += 1;
	}
	free(cells);
	free(tuple);
	store_cursor_close(cur);
	return r < 0 ? -r : AUDIT_OK;
}

static const uint32_t *tuple_at(const struct joint *j, size_t t)
{
	return (const uint32_t *)j->tuples.keys[t];
}

/* The text of a value as a group or class name: numbers in their shortest exact form. */
static char *value_name(const struct typed_value *v)
{
	char buf[64];
	switch (v->type) {
	case COL_UNKNOWN:
		return xstrdup(GROUP_MISSING);
	case COL_INTEGER:
	case COL_BOOLEAN:
		snprintf(buf, sizeof buf, "%lld", (long long)v->i);
		return xstrdup(buf);
	case COL_REAL:
		return xstrdup(format_shortest(v->d, buf));
	case COL_TEXT:
		break;
	}
	return xstrndup(v->s, v->len);
}

static int is_number(const struct typed_value *v)
{
	return v->type == COL_INTEGER || v->type == COL_REAL || v->type == COL_BOOLEAN;
}

static double number_of(const struct typed_value *v)
{
	return v->type == COL_REAL ? v->d : (double)v->i;
}

static void format_edge(char *buf, size_t cap, double x)
{
	snprintf(buf, cap, "%.15g", x);
}

/* Rule 2: the bin of x among edges e[0] < ... < e[n-1]; 0 is below e[0]. */
static size_t bin_index(const struct bin_edges *b, double x)
{
	size_t k = 0;
	while (k < b->n && x >= b->edges[k])
		k++;
	return k;
}

static char *bin_name(const struct bin_edges *b, size_t k)
{
	char lo[32], hi[32], buf[80];
	if (k == 0) {
		format_edge(hi, sizeof hi, b->edges[0]);
		snprintf(buf, sizeof buf, "<%s", hi);
	} else if (k == b->n) {
		format_edge(lo, sizeof lo, b->edges[b->n - 1]);
		snprintf(buf, sizeof buf, ">=%s", lo);
	} else {
		format_edge(lo, sizeof lo, b->edges[k - 1]);
		format_edge(hi, sizeof hi, b->edges[k]);
		snprintf(buf, sizeof buf, "[%s,%s)", lo, hi);
	}
	return xstrdup(buf);
}

/* Sort key of one derived group: missing last, bins and numbers by value, then text. */
struct group_key {
	int kind;        /* 0 number or bin, 1 text, 2 missing */
	double order;
	const char *name;
};

static int group_key_cmp(const struct group_key *a, const struct group_key *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->kind == 0 && a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int cmp_group_key_ptr(const void *pa, const void *pb)
{
	return group_key_cmp(*(const struct group_key *const *)pa, *(const struct group_key *const *)pb);
}

/* Names and ranks of the groups a protected (or strata) column's values fall in. */
static void derive_groups(const struct column_values *cv, const struct bin_edges *bins, struct column_groups *out)
{
	size_t n = cv->keys.count;
	out->name = xcalloc(n ? n : 1, sizeof *out->name);
	out->rank = xcalloc(n ? n : 1, sizeof *out->rank);
	struct group_key *keys = xcalloc(n ? n : 1, sizeof *keys);
	struct group_key **order = xcalloc(n ? n : 1, sizeof *order);
	for (size_t i = 0; i < n; i++) {
		const struct typed_value *v = &cv->vals[i];
		if (v->type == COL_UNKNOWN) {
			out->name[i] = value_name(v);
			keys[i] = (struct group_key){2, 0, out->name[i]};
		} else if (bins && is_number(v)) {
			size_t k = bin_index(bins, number_of(v));
			out->name[i] = bin_name(bins, k);
			keys[i] = (struct group_key){0, (double)k, out->name[i]};
		} else {
			out->name[i] = value_name(v);
			keys[i] = (struct group_key){is_number(v) ? 0 : 1, is_number(v) ? number_of(v) : 0, out->name[i]};
		}
		order[i] = &keys[i];
	}
	qsort(order, n, sizeof *order, cmp_group_key_ptr);
	/* Equal names (two values in one bin) share a rank. */
	size_t rank = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && group_key_cmp(order[i - 1], order[i]) != 0)
			rank++;
		out->rank[order[i] - keys] = rank;
	}
	free(keys);
	free(order);
}

static void column_groups_free(struct column_groups *g, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(g->name[i]);
	free(g->name);
	free(g->rank);
}

/* Rule 4: label classes. class_of[i] is the class of distinct label value i, -1 if missing. */
static int derive_classes(const struct column_values *cv, const struct positive_spec *pos,
			  struct count_tables *out, long *class_of)
{
	size_t n = cv->keys.count;
	if (pos && pos->text) {
		out->binary = 1;
		out->nclasses = 2;
		out->classes = xcalloc(2, sizeof *out->classes);
		out->classes[0] = xstrdup("negative");
		out->classes[1] = xstrdup("positive");
		for (size_t i = 0; i < n; i++) {
			const struct typed_value *v = &cv->vals[i];
			if (v->type == COL_UNKNOWN) {
				class_of[i] = -1;
				continue;
			}
			char *text = value_name(v);
			class_of[i] = positive_spec_match(pos, text, is_number(v), is_number(v) ? number_of(v) : 0) ? 1 : 0;
			free(text);
		}
		return 0;
	}
	int zero_one = 1;
	for (size_t i = 0; i < n; i++) {
		const struct typed_value *v = &cv->vals[i];
		if (v->type != COL_UNKNOWN && !((v->type == COL_INTEGER || v->type == COL_BOOLEAN) && (v->i == 0 || v->i == 1)))
			zero_one = 0;
	}
	if (zero_one) {
		out->binary = 1;
		out->nclasses = 2;
		out->classes = xcalloc(2, sizeof *out->classes);
		out->classes[0] = xstrdup("0");
		out->classes[1] = xstrdup("1");
		for (size_t i = 0; i < n; i++)
			class_of[i] = cv->vals[i].type == COL_UNKNOWN ? -1 : (long)cv->vals[i].i;
		return 0;
	}
	struct column_groups g;
	derive_groups(cv, NULL, &g);
	size_t nclasses = 0;
	for (size_t i = 0; i < n; i++)
		if (cv->vals[i].type != COL_UNKNOWN && g.rank[i] + 1 > nclasses)
			nclasses = g.rank[i] + 1;
	out->nclasses = nclasses;
	out->classes = xcalloc(nclasses ? nclasses : 1, sizeof *out->classes);
	for (size_t i = 0; i < n; i++) {
		if (cv->vals[i].type == COL_UNKNOWN) {
			class_of[i] = -1;
			continue;
		}
		class_of[i] = (long)g.rank[i];
		if (!out->classes[g.rank[i]])
			out->classes[g.rank[i]] = xstrdup(g.name[i]);
	}
	column_groups_free(&g, n);
	return 0;
}

static const struct bin_edges *bins_for(const struct count_spec *spec, const char *column)
{
	for (size_t i = 0; i < spec->nbins; i++)
		if (strcmp(spec->bins[i].column, column) == 0)
			return &spec->bins[i];
	return NULL;
}

/* One table per subset of protected columns with 1..intersections members. */
struct table_builder {
	const struct joint *j;
	const struct column_groups *groups; /* per protected column */
	const long *class_of;               /* NULL without a label */
	const size_t *stratum_of;           /* NULL without strata */
	size_t label_col, strata_col;
};

struct table_group {
	char *name;
	size_t *ranks;
};

static int cmp_table_group(const void *pa, const void *pb, void *arg)
{
	size_t k = *(const size_t *)arg;
	const struct table_group *a = pa, *b = pb;
	for (size_t i = 0; i < k; i++)
		if (a->ranks[i] != b->ranks[i])
			return a->ranks[i] < b->ranks[i] ? -1 : 1;
	return 0;
}

/* qsort has no context argument in C11: sort by insertion, tables are small. */
static void sort_groups(struct table_group *g, size_t n, size_t k)
{
	for (size_t i = 1; i < n; i++) {
		struct table_group x = g[i];
		size_t j = i;
		while (j > 0 && cmp_table_group(&g[j - 1], &x, &k) > 0) {
			g[j] = g[j - 1];
			j--;
		}
		g[j] = x;
	}
}

static void build_table(const struct table_builder *b, const struct count_spec *spec, const size_t *members,
			size_t k, const struct count_tables *ct, struct count_table *t)
{
	const struct joint *j = b->j;
	struct strbuf name = {0};
	for (size_t i = 0; i < k; i++) {
		if (i)
			strbuf_putc(&name, '*');
		strbuf_append(&name, spec->protected[members[i]], strlen(spec->protected[members[i]]));
	}
	t->attribute = name.buf;
	t->nstrata = ct->nstrata;
	t->nclasses = ct->nclasses;

	/* Group of each joint tuple, named by its parts. */
	struct strmap names;
	strmap_init(&names);
	struct table_group *groups = NULL;
	size_t ntuples = j->tuples.count;
	size_t *group_of = xcalloc(ntuples ? ntuples : 1, sizeof *group_of);
	struct strbuf gname = {0};
	for (size_t tu = 0; tu < ntuples; tu++) {
		const uint32_t *tuple = tuple_at(j, tu);
		strbuf_reset(&gname);
		for (size_t i = 0; i < k; i++) {
			if (i)
				strbuf_putc(&gname, '*');
			const char *part = b->groups[members[i]].name[tuple[members[i]]];
			strbuf_append(&gname, part, strlen(part));
		}
		int added;
		size_t g = strmap_intern(&names, gname.buf, gname.len, &added);
		if (added) {
			groups = xrealloc(groups, names.count * sizeof *groups);
			groups[g].name = xstrdup(gname.buf);
			groups[g].ranks = xcalloc(k, sizeof *groups[g].ranks);
			for (size_t i = 0; i < k; i++)
				groups[g].ranks[i] = b->groups[members[i]].rank[tuple[members[i]]];
		}
		group_of[tu] = g;
	}
	strbuf_free(&gname);
	size_t ngroups = names.count;
	sort_groups(groups, ngroups, k);
	size_t *position = xcalloc(ngroups ? ngroups : 1, sizeof *position);
	t->groups = xcalloc(ngroups ? ngroups : 1, sizeof *t->groups);
	for (size_t g = 0; g < ngroups; g++) {
		position[strmap_find(&names, groups[g].name, strlen(groups[g].name))] = g;
		t->groups[g] = groups[g].name;
		free(groups[g].ranks);
	}
	free(groups);
	strmap_free(&names);
	t->ngroups = ngroups;

	t->n = xcalloc(ngroups * t->nstrata * t->nclasses + 1, sizeof *t->n);
	t->unlabeled = xcalloc(ngroups + 1, sizeof *t->unlabeled);
	for (size_t tu = 0; tu < ntuples; tu++) {
		const uint32_t *tuple = tuple_at(j, tu);
		size_t g = position[group_of[tu]];
		size_t s = b->stratum_of ? b->stratum_of[tuple[b->strata_col]] : 0;
		long c = b->class_of ? b->class_of[tuple[b->label_col]] : 0;
		if (c < 0)
			t->unlabeled[g] += j->counts[tu];
		else
			t->n[(g * t->nstrata + s) * t->nclasses + (size_t)c] += j->counts[tu];
	}
	free(position);
	free(group_of);
}

/* How many subsets of {0..n-1} have 1..max members: one table each. */
static size_t count_subsets(size_t n, size_t max)
{
	size_t total = 0, choose = 1;
	for (size_t k = 1; k <= max && k <= n; k++) {
		choose = choose * (n - k + 1) / k;
		total += choose;
	}
	return total;
}

static int next_combination(size_t *c, size_t k, size_t n)
{
	size_t i = k;
	while (i > 0 && c[i - 1] == n - k + i - 1)
		i--;
	if (i == 0)
		return 0;
	c[i - 1]++;
	for (size_t m = i; m < k; m++)
		c[m] = c[m - 1] + 1;
	return 1;
}

int count_tables_build(struct store *st, long long dataset_id, const struct count_spec *spec,
		       struct count_tables *out, struct audit_err *err)
{
	memset(out, 0, sizeof *out);
	size_t np = spec->nprotected;
	const char **columns = xcalloc(np + 2, sizeof *columns);
	size_t ncols = 0;
	for (size_t i = 0; i < np; i++)
		columns[ncols++] = spec->protected[i];
	size_t label_col = ncols, strata_col = ncols;
	if (spec->label)
		columns[label_col = ncols++] = spec->label;
	if (spec->strata)
		columns[strata_col = ncols++] = spec->strata;

	struct joint j;
	int e = joint_scan(st, dataset_id, columns, ncols, &j, err);
	free(columns);
	if (e) {
		joint_free(&j);
		return e;
	}
	for (size_t t = 0; t < j.tuples.count; t++)
		out->rows += j.counts[t];

	long *class_of = NULL;
	out->has_label = spec->label != NULL;
	if (spec->label) {
		class_of = xcalloc(j.cols[label_col].keys.count + 1, sizeof *class_of);
		derive_classes(&j.cols[label_col], spec->positive, out, class_of);
	} else {
		out->nclasses = 1;
		out->classes = xcalloc(1, sizeof *out->classes);
		out->classes[0] = xstrdup("(all)");
	}

	size_t *stratum_of = NULL;
	struct column_groups sg = {0};
	if (spec->strata) {
		const struct column_values *cv = &j.cols[strata_col];
		derive_groups(cv, NULL, &sg);
		stratum_of = xcalloc(cv->keys.count + 1, sizeof *stratum_of);
		for (size_t i = 0; i < cv->keys.count; i++) {
			stratum_of[i] = sg.rank[i];
			if (sg.rank[i] + 1 > out->nstrata)
				out->nstrata = sg.rank[i] + 1;
		}
		out->strata = xcalloc(out->nstrata + 1, sizeof *out->strata);
		for (size_t i = 0; i < cv->keys.count; i++)
			if (!out->strata[sg.rank[i]])
				out->strata[sg.rank[i]] = xstrdup(sg.name[i]);
		column_groups_free(&sg, cv->keys.count);
	} else {
		out->nstrata = 1;
		out->strata = xcalloc(1, sizeof *out->strata);
		out->strata[0] = xstrdup("(all)");
	}

	struct column_groups *groups = xcalloc(np ? np : 1, sizeof *groups);
	for (size_t i = 0; i < np; i++)
		derive_groups(&j.cols[i], bins_for(spec, spec->protected[i]), &groups[i]);

	size_t max = spec->intersections < 1 ? 1 : (size_t)spec->intersections;
	out->ntables = count_subsets(np, max);
	out->tables = xcalloc(out->ntables ? out->ntables : 1, sizeof *out->tables);
	struct table_builder b = {.j = &j, .groups = groups, .class_of = class_of, .stratum_of = stratum_of,
				  .label_col = label_col, .strata_col = strata_col};
	size_t t = 0;
	size_t *members = xcalloc(np ? np : 1, sizeof *members);
	for (size_t k = 1; k <= max && k <= np; k++) {
		for (size_t i = 0; i < k; i++)
			members[i] = i;
		do
			build_table(&b, spec, members, k, out, &out->tables[t++]);
		while (next_combination(members, k, np));
	}
	free(members);
	for (size_t i = 0; i < np; i++)
		column_groups_free(&groups[i], j.cols[i].keys.count);
	free(groups);
	free(class_of);
	free(stratum_of);
	joint_free(&j);
	return AUDIT_OK;
}

void count_tables_free(struct count_tables *ct)
{
	for (size_t t = 0; t < ct->ntables; t++) {
		struct count_table *tb = &ct->tables[t];
		free(tb->attribute);
		for (size_t g = 0; g < tb->ngroups; g++)
			free(tb->groups[g]);
		free(tb->groups);
		free(tb->n);
		free(tb->unlabeled);
	}
	free(ct->tables);
	for (size_t c = 0; c < ct->nclasses; c++)
		free(ct->classes[c]);
	free(ct->classes);
	for (size_t s = 0; s < ct->nstrata; s++)
		free(ct->strata[s]);
	free(ct->strata);
	memset(ct, 0, sizeof *ct);
}
