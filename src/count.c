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

#include "pii.h"
#include "positive.h"
#include "profile.h"
#include "progress.h"
#include "strmap.h"
#include "u64map.h"

/* Rows counted per profile_rows call: the batch the profile walks column by column. */
#define COUNT_BATCH 1024

/* The distinct raw values of one column, in first-seen order. */
struct column_values {
	struct strmap keys;        /* typed key bytes → index */
	struct u64map by_hash;     /* the profile's cell key → index, checked against vals (see joint_value) */
	struct typed_value *vals;  /* text owned (copied) */
	size_t cap;
};

struct joint {
	size_t ncols;
	struct column_values *cols;
	struct strmap tuples;      /* uint32 index tuples → tuple number */
	struct u64map tuple_hash;  /* a tuple's hash → tuple number, checked against tuples (see joint_row) */
	double *counts;
	size_t cap;
	/* The profile tuple of each joint tuple, numbered apart: its protected
	 * prefix (the first nprotected columns) and, with a label, the label's
	 * class key (label_key); the profile tallies per profile tuple (profile.h
	 * rules 10 and 15). */
	size_t nprotected;
	long label_col;            /* joint position of the label, or -1 */
	const struct positive_spec *positive;
	struct strmap ptuples;     /* uint32 prefix + class key → profile tuple number */
	uint32_t *ptuple_of;       /* per joint tuple */
	uint32_t *plabel;          /* per profile tuple: a raw label value of its rows (class_of maps it) */
	size_t pcap;
	uint32_t *pkey;            /* scratch: one profile tuple's key */
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
		u64map_free(&cv->by_hash);
	}
	free(j->cols);
	strmap_free(&j->tuples);
	u64map_free(&j->tuple_hash);
	free(j->counts);
	strmap_free(&j->ptuples);
	free(j->ptuple_of);
	free(j->plabel);
	free(j->pkey);
}

static char *value_name(const struct typed_value *v);
static int is_number(const struct typed_value *v);
static double number_of(const struct typed_value *v);

/*
 * profile.h rule 15: the class key of raw label value raw. With a positive
 * spec, 0 or 1 by the spec (as derive_classes decides), so the profile keeps
 * two classes however many raw values the label has; without one, each raw
 * value is its own key (every distinct value is a class, or 0/1). Missing: a
 * key of its own.
 */
static uint32_t label_key(const struct joint *j, uint32_t raw)
{
	const struct typed_value *v = &j->cols[j->label_col].vals[raw];
	if (v->type == COL_UNKNOWN)
		return UINT32_MAX;
	if (!j->positive || !j->positive->text)
		return raw;
	char *text = value_name(v);
	int match = positive_spec_match(j->positive, text, is_number(v), is_number(v) ? number_of(v) : 0);
	free(text);
	return match ? 1 : 0;
}

/* The profile tuple of a new joint tuple: its protected prefix and label class key. */
static uint32_t profile_tuple(struct joint *j, const uint32_t *tuple)
{
	size_t np = j->nprotected;
	int labeled = j->label_col >= 0;
	uint32_t raw = labeled ? tuple[j->label_col] : 0;
	memcpy(j->pkey, tuple, np * sizeof *tuple);
	if (labeled)
		j->pkey[np] = label_key(j, raw);
	int added;
	size_t pt = strmap_intern(&j->ptuples, (const char *)j->pkey, (np + (size_t)labeled) * sizeof *j->pkey, &added);
	if (added) {
		if (pt == j->pcap) {
			j->pcap = j->pcap ? j->pcap * 2 : 64;
			j->plabel = xrealloc(j->plabel, j->pcap * sizeof *j->plabel);
		}
		j->plabel[pt] = raw;
	}
	return (uint32_t)pt;
}

static void joint_init(struct joint *j, size_t ncols, size_t nprotected, long label_col,
		       const struct positive_spec *positive)
{
	memset(j, 0, sizeof *j);
	j->ncols = ncols;
	j->nprotected = nprotected;
	j->label_col = label_col;
	j->positive = positive;
	strmap_init(&j->ptuples);
	j->cols = xcalloc(ncols ? ncols : 1, sizeof *j->cols);
	for (size_t c = 0; c < ncols; c++)
		strmap_init(&j->cols[c].keys);
	strmap_init(&j->tuples);
	j->pkey = xcalloc(nprotected + 1, sizeof *j->pkey);
}

static int same_value(const struct typed_value *a, const struct typed_value *b)
{
	int ia = a->type == COL_INTEGER || a->type == COL_BOOLEAN, ib = b->type == COL_INTEGER || b->type == COL_BOOLEAN;
	if (ia || ib)
		return ia && ib && a->i == b->i;
	if (a->type != b->type)
		return 0;
	if (a->type == COL_REAL)
		return memcmp(&a->d, &b->d, sizeof a->d) == 0;
	return a->type == COL_UNKNOWN || (a->len == b->len && memcmp(a->s, b->s, a->len) == 0);
}

/*
 * A value's index, found through the 64-bit key the profile computed for
 * the cell (a probe and one comparison) rather than by hashing its bytes
 * again; the comparison keeps it exact: a key shared by two values sends
 * the second to the byte map (intern_value), which is always right.
 */
static uint32_t joint_value(struct column_values *cv, const struct typed_value *v, uint64_t key)
{
	int added;
	uint64_t *slot = u64map_slot(&cv->by_hash, key, &added);
	if (!added && same_value(&cv->vals[*slot], v))
		return (uint32_t)*slot;
	uint32_t idx = intern_value(cv, v);
	if (added)
		*slot = idx;
	return idx;
}

/*
 * One row of the scan, with its cell keys (profile_keys): the joint
 * columns (indexes into the row) are interned into a tuple, which is
 * counted; returns the row's profile tuple, the raw indexes of the
 * protected attributes (the first joint columns) and the label class.
 */
static uint32_t joint_row(struct joint *j, const size_t *joint_cols, uint32_t *tuple,
			  const struct typed_value *cells, const uint64_t *keys, double w)
{
	size_t ncols = j->ncols;
	uint64_t h = 0x6a6f696e74ull;
	for (size_t c = 0; c < ncols; c++) {
		tuple[c] = joint_value(&j->cols[c], &cells[joint_cols[c]], keys[joint_cols[c]]);
		h = hash_mix(h ^ tuple[c]) + c;
	}
	/* The tuple's number through its hash, checked against its stored indexes (exact, as above). */
	int added;
	uint64_t *slot = u64map_slot(&j->tuple_hash, h, &added);
	size_t t;
	if (!added && memcmp(j->tuples.keys[*slot], tuple, ncols * sizeof *tuple) == 0)
		t = (size_t)*slot;
	else {
		t = strmap_intern(&j->tuples, (const char *)tuple, ncols * sizeof *tuple, &added);
		if (added) {
			if (t == j->cap) {
				j->cap = j->cap ? j->cap * 2 : 64;
				j->counts = xrealloc(j->counts, j->cap * sizeof *j->counts);
				j->ptuple_of = xrealloc(j->ptuple_of, j->cap * sizeof *j->ptuple_of);
			}
			j->counts[t] = 0;
			j->ptuple_of[t] = profile_tuple(j, tuple);
		}
		*slot = t;
	}
	j->counts[t] += w;
	return j->ptuple_of[t];
}

static const uint32_t *tuple_at(const struct joint *j, size_t t)
{
	return (const uint32_t *)j->tuples.keys[t];
}

/* The text of a value: numbers in their shortest exact form. */
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

/*
 * The name of a group, stratum or class: the value's text with any personal
 * data in it masked (profile.h rule 13), since names reach every report.
 */
static char *group_name(const struct typed_value *v)
{
	char *name = value_name(v);
	char *masked = v->type == COL_TEXT ? pii_redact(name, strlen(name)) : NULL;
	if (!masked)
		return name;
	free(name);
	return masked;
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
			out->name[i] = group_name(v);
			keys[i] = (struct group_key){2, 0, out->name[i]};
		} else if (bins && is_number(v)) {
			size_t k = bin_index(bins, number_of(v));
			out->name[i] = bin_name(bins, k);
			keys[i] = (struct group_key){0, (double)k, out->name[i]};
		} else {
			out->name[i] = group_name(v);
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
	for (size_t i = 0; i < n && zero_one; i++) {
		const struct typed_value *v = &cv->vals[i];
		if (v->type == COL_UNKNOWN)
			continue;
		char *text = value_name(v);
		class_of[i] = positive_code(NULL, text, is_number(v), is_number(v) ? number_of(v) : 0);
		zero_one = class_of[i] >= 0;
		free(text);
	}
	if (zero_one) {
		out->binary = 1;
		out->nclasses = 2;
		out->classes = xcalloc(2, sizeof *out->classes);
		out->classes[0] = xstrdup("0");
		out->classes[1] = xstrdup("1");
		for (size_t i = 0; i < n; i++)
			if (cv->vals[i].type == COL_UNKNOWN)
				class_of[i] = -1;
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
	/* Measurement (rules 6-8), per raw value of the joint column named: -1 missing. */
	const long *pred_code, *truth_code; /* NULL: nothing compared */
	size_t pred_col, truth_col;
	const long *gold_code;              /* gold as a binary truth for the label; NULL without */
	size_t gold_col;
	const long *const *annotator_code;  /* per annotator column (rule 7) */
	const long *gold_annotator_code;    /* gold coded like the annotators; NULL without gold */
	size_t annotator_col, nannotators;
	const size_t *pattern_of;           /* annotator pattern of each joint tuple */
	size_t npatterns;
	size_t **group_of_raw;              /* out: per protected column, raw value → group */
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

/* Rule 8: the measurement counts of a single attribute table, from the joint tuples. */
static void measure_table(const struct table_builder *b, struct count_table *t, const size_t *position,
			  const size_t *group_of)
{
	const struct joint *j = b->j;
	size_t ng = t->ngroups, na = b->nannotators;
	if (b->truth_code)
		t->confusion = xcalloc(ng + 1, sizeof *t->confusion);
	if (b->gold_code && b->class_of)
		t->label_gold = xcalloc(ng * 2 + 1, sizeof *t->label_gold);
	if (b->npatterns)
		t->patterns = xcalloc(ng * b->npatterns + 1, sizeof *t->patterns);
	if (na && b->gold_annotator_code)
		t->annotator_gold = xcalloc(ng * na * 2 + 1, sizeof *t->annotator_gold);
	for (size_t tu = 0; tu < j->tuples.count; tu++) {
		const uint32_t *tuple = tuple_at(j, tu);
		size_t g = position[group_of[tu]];
		double w = j->counts[tu];
		if (t->confusion) {
			long pc = b->pred_code[tuple[b->pred_col]], tc = b->truth_code[tuple[b->truth_col]];
			struct confusion *cm = &t->confusion[g];
			if (pc == 1 && tc == 1)
				cm->tp += w;
			else if (pc == 1 && tc == 0)
				cm->fp += w;
			else if (pc == 0 && tc == 0)
				cm->tn += w;
			else if (pc == 0 && tc == 1)
				cm->fn += w;
		}
		if (t->label_gold) {
			long lc = b->class_of[tuple[b->label_col]], gc = b->gold_code[tuple[b->gold_col]];
			if (lc >= 0 && gc >= 0) {
				t->label_gold[g * 2] += w;
				t->label_gold[g * 2 + 1] += lc != gc ? w : 0;
			}
		}
		if (t->patterns)
			t->patterns[g * b->npatterns + b->pattern_of[tu]] += w;
		if (t->annotator_gold) {
			long gc = b->gold_annotator_code[tuple[b->gold_col]];
			for (size_t a = 0; a < na && gc >= 0; a++) {
				long ac = b->annotator_code[a][tuple[b->annotator_col + a]];
				if (ac < 0)
					continue;
				t->annotator_gold[(g * na + a) * 2] += w;
				t->annotator_gold[(g * na + a) * 2 + 1] += ac != gc ? w : 0;
			}
		}
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
	t->ngroups = ngroups;
	t->member = k == 1 ? (long)members[0] : -1;
	if (k == 1) {
		const struct column_values *cv = &j->cols[members[0]];
		size_t *gr = xcalloc(cv->keys.count + 1, sizeof *gr);
		for (size_t r = 0; r < cv->keys.count; r++) {
			const char *part = b->groups[members[0]].name[r];
			long at = strmap_find(&names, part, strlen(part));
			gr[r] = at >= 0 ? position[at] : 0; /* every value is in some tuple */
		}
		b->group_of_raw[members[0]] = gr;
	}
	strmap_free(&names);

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
	if (k == 1)
		measure_table(b, t, position, group_of);
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

/* Rule 6: a compared column's codes (1 positive, 0 negative, -1 missing); -1 when a value is neither. */
static int binary_codes(const struct column_values *cv, const struct positive_spec *pos, long *code)
{
	for (size_t i = 0; i < cv->keys.count; i++) {
		const struct typed_value *v = &cv->vals[i];
		if (v->type == COL_UNKNOWN) {
			code[i] = -1;
		} else {
			char *text = value_name(v);
			code[i] = positive_code(pos, text, is_number(v), is_number(v) ? number_of(v) : 0);
			free(text);
			if (code[i] < 0)
				return -1;
		}
	}
	return 0;
}

/* Rule 7: annotator codes; categories other than 0/1 are numbered from 2 by their text. */
static void annotator_codes(const struct column_values *cv, const struct positive_spec *pos, struct strmap *names,
			    long *code)
{
	for (size_t i = 0; i < cv->keys.count; i++) {
		const struct typed_value *v = &cv->vals[i];
		if (v->type == COL_UNKNOWN) {
			code[i] = -1;
			continue;
		}
		char *text = value_name(v);
		code[i] = positive_code(pos, text, is_number(v), is_number(v) ? number_of(v) : 0);
		if (code[i] < 0)
			code[i] = 2 + (long)strmap_intern(names, text, strlen(text), NULL);
		free(text);
	}
}

static int not_binary(struct store *st, long long id, const char *flag, const char *column, const char *spec_flag,
		      struct audit_err *err)
{
	char *values = store_distinct_values(st, id, column, 20);
	audit_fail(err, AUDIT_EUSAGE, "%s %s: compared values must be 0/1 or match %s (its values: %s)", flag, column,
		   spec_flag, values);
	free(values);
	return AUDIT_EUSAGE;
}

long count_column_index(const struct count_spec *spec, const char *name)
{
	for (size_t c = 0; name && c < spec->ncolumns; c++)
		if (strcmp(spec->columns[c].name, name) == 0)
			return (long)c;
	return -1;
}

/* Everything the scan needs to know about each column, and what it builds afterwards. */
struct count_plan {
	size_t *joint_cols;   /* column index of each joint column */
	size_t njoint;
	size_t label_col, strata_col, pred_col, gold_col, annotator_col; /* joint positions */
	int *roles;
	size_t *quasi;
	const struct domain **domain_of;
	struct profile *profile;
};

static void plan_role(struct count_plan *pl, const struct count_spec *spec, const char *name, int role)
{
	long c = count_column_index(spec, name);
	if (c >= 0)
		pl->roles[c] = role;
	pl->joint_cols[pl->njoint++] = c >= 0 ? (size_t)c : 0;
}

static void count_plan_init(struct count_plan *pl, const struct count_spec *spec)
{
	memset(pl, 0, sizeof *pl);
	size_t nc = spec->ncolumns;
	pl->joint_cols = xcalloc(spec->nprotected + spec->nannotators + 5, sizeof *pl->joint_cols);
	pl->roles = xcalloc(nc + 1, sizeof *pl->roles);
	for (size_t i = 0; i < spec->nprotected; i++)
		plan_role(pl, spec, spec->protected[i], ROLE_PROTECTED);
	if (spec->label)
		pl->label_col = pl->njoint, plan_role(pl, spec, spec->label, ROLE_LABEL);
	if (spec->strata)
		pl->strata_col = pl->njoint, plan_role(pl, spec, spec->strata, ROLE_STRATA);
	if (spec->prediction)
		pl->pred_col = pl->njoint, plan_role(pl, spec, spec->prediction, ROLE_PREDICTION);
	if (spec->gold)
		pl->gold_col = pl->njoint, plan_role(pl, spec, spec->gold, ROLE_GOLD);
	pl->annotator_col = pl->njoint;
	for (size_t i = 0; i < spec->nannotators; i++)
		plan_role(pl, spec, spec->annotators[i], ROLE_ANNOTATOR);
	long id = count_column_index(spec, spec->id);
	if (id >= 0)
		pl->roles[id] = ROLE_ID;
	pl->quasi = xcalloc(spec->nquasi + 1, sizeof *pl->quasi);
	for (size_t i = 0; i < spec->nquasi; i++) {
		long q = count_column_index(spec, spec->quasi_identifiers[i]);
		pl->quasi[i] = q >= 0 ? (size_t)q : 0;
	}
	pl->domain_of = xcalloc(nc + 1, sizeof *pl->domain_of);
	for (size_t i = 0; i < spec->ndomains; i++) {
		long c = count_column_index(spec, spec->domains[i].column);
		if (c >= 0)
			pl->domain_of[c] = &spec->domains[i];
	}
	struct profile_spec ps = {
		.columns = spec->columns,
		.ncolumns = nc,
		.roles = pl->roles,
		.label = count_column_index(spec, spec->label),
		.id = id,
		.quasi = pl->quasi,
		.nquasi = spec->nquasi,
		.sensitive = count_column_index(spec, spec->sensitive),
		.domain_of = pl->domain_of,
		.rows = spec->rows,
	};
	pl->profile = profile_new(&ps);
}

static void count_plan_free(struct count_plan *pl)
{
	free(pl->joint_cols);
	free(pl->roles);
	free(pl->quasi);
	free(pl->domain_of);
	profile_free(pl->profile);
}

/* The measurement codes of rules 6 and 7, owned by the caller (measure_codes_free). */
struct measure_codes {
	long *pred, *gold, *gold_annotator;
	long **annotator;
	size_t nannotators;
	size_t *pattern_of;
};

static void measure_codes_free(struct measure_codes *m)
{
	free(m->pred);
	free(m->gold);
	free(m->gold_annotator);
	for (size_t a = 0; a < m->nannotators; a++)
		free(m->annotator[a]);
	free(m->annotator);
	free(m->pattern_of);
}

struct pattern_row {
	const int *codes;
	size_t width;
	size_t index;
};

static int by_codes(const void *a, const void *b)
{
	const struct pattern_row *x = a, *y = b;
	for (size_t r = 0; r < x->width; r++)
		if (x->codes[r] != y->codes[r])
			return x->codes[r] < y->codes[r] ? -1 : 1;
	return 0;
}

/*
 * The patterns in ascending order of their codes, not in the order the
 * rows first showed them: the statistics and their bootstrap visit the
 * patterns in this order, which must not depend on the rows' order.
 */
static void sort_patterns(struct annotator_counts *ac, size_t *pattern_of, size_t ntuples)
{
	size_t na = ac->nannotators, np = ac->npatterns;
	struct pattern_row *rows = xcalloc(np + 1, sizeof *rows);
	for (size_t p = 0; p < np; p++)
		rows[p] = (struct pattern_row){ac->codes + p * na, na, p};
	qsort(rows, np, sizeof *rows, by_codes);
	int *codes = xcalloc(np * na + 1, sizeof *codes);
	size_t *new_of = xcalloc(np + 1, sizeof *new_of);
	for (size_t p = 0; p < np; p++) {
		memcpy(codes + p * na, rows[p].codes, na * sizeof *codes);
		new_of[rows[p].index] = p;
	}
	for (size_t t = 0; t < ntuples; t++)
		pattern_of[t] = new_of[pattern_of[t]];
	free(ac->codes);
	ac->codes = codes;
	free(new_of);
	free(rows);
}

/* Rule 7: the distinct annotator patterns of the joint tuples. */
static void annotator_patterns(const struct joint *j, const struct count_plan *pl, struct measure_codes *m,
			       struct strmap *names, const struct count_spec *spec, struct count_tables *out)
{
	size_t na = spec->nannotators;
	struct annotator_counts *ac = &out->annotators;
	ac->nannotators = na;
	ac->names = xcalloc(na, sizeof *ac->names);
	for (size_t a = 0; a < na; a++)
		ac->names[a] = xstrdup(spec->annotators[a]);
	ac->ncats = 2 + names->count;
	struct strmap seen;
	strmap_init(&seen);
	int *pattern = xcalloc(na, sizeof *pattern);
	m->pattern_of = xcalloc(j->tuples.count + 1, sizeof *m->pattern_of);
	for (size_t tu = 0; tu < j->tuples.count; tu++) {
		const uint32_t *tuple = tuple_at(j, tu);
		for (size_t a = 0; a < na; a++)
			pattern[a] = (int)m->annotator[a][tuple[pl->annotator_col + a]];
		int added;
		size_t p = strmap_intern(&seen, (const char *)pattern, na * sizeof *pattern, &added);
		if (added) {
			ac->codes = xrealloc(ac->codes, seen.count * na * sizeof *ac->codes);
			memcpy(ac->codes + p * na, pattern, na * sizeof *pattern);
		}
		m->pattern_of[tu] = p;
	}
	ac->npatterns = seen.count;
	sort_patterns(ac, m->pattern_of, j->tuples.count);
	ac->weight = xcalloc(ac->npatterns + 1, sizeof *ac->weight);
	if (m->gold_annotator)
		ac->gold = xcalloc(na * 2 + 1, sizeof *ac->gold);
	for (size_t tu = 0; tu < j->tuples.count; tu++) {
		const uint32_t *tuple = tuple_at(j, tu);
		ac->weight[m->pattern_of[tu]] += j->counts[tu];
		long gc = m->gold_annotator ? m->gold_annotator[tuple[pl->gold_col]] : -1;
		for (size_t a = 0; a < na && gc >= 0; a++) {
			long code = m->annotator[a][tuple[pl->annotator_col + a]];
			if (code < 0)
				continue;
			ac->gold[a * 2] += j->counts[tu];
			ac->gold[a * 2 + 1] += code != gc ? j->counts[tu] : 0;
		}
	}
	free(pattern);
	strmap_free(&seen);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The categories past 0 and 1 numbered by name, not in the order the rows first showed them. */
static void rank_categories(const struct strmap *names, struct measure_codes *m, const struct joint *j,
			    const struct count_plan *pl, const struct count_spec *spec)
{
	size_t n = names->count;
	char **sorted = xcalloc(n + 1, sizeof *sorted);
	for (size_t i = 0; i < n; i++)
		sorted[i] = names->keys[i];
	qsort(sorted, n, sizeof *sorted, by_name);
	long *rank = xcalloc(n + 1, sizeof *rank);
	for (size_t i = 0; i < n; i++)
		rank[strmap_find(names, sorted[i], strlen(sorted[i]))] = (long)i;
	for (size_t a = 0; a <= spec->nannotators; a++) {
		long *code = a < spec->nannotators ? m->annotator[a] : m->gold_annotator;
		size_t nv = a < spec->nannotators ? j->cols[pl->annotator_col + a].keys.count
			: code ? j->cols[pl->gold_col].keys.count : 0;
		for (size_t i = 0; i < nv; i++)
			if (code[i] >= 2)
				code[i] = 2 + rank[code[i] - 2];
	}
	free(rank);
	free(sorted);
}

static int measure_codes_build(struct store *st, long long id, const struct count_spec *spec,
			       const struct count_plan *pl, const struct joint *j, const long *class_of,
			       struct count_tables *out, struct table_builder *b, struct measure_codes *m,
			       struct audit_err *err)
{
	memset(m, 0, sizeof *m);
	if (spec->prediction) {
		const struct column_values *cv = &j->cols[pl->pred_col];
		m->pred = xcalloc(cv->keys.count + 1, sizeof *m->pred);
		if (binary_codes(cv, spec->prediction_positive, m->pred) < 0)
			return not_binary(st, id, "--prediction", spec->prediction, "--prediction-positive", err);
	}
	if (spec->gold) {
		const struct column_values *cv = &j->cols[pl->gold_col];
		m->gold = xcalloc(cv->keys.count + 1, sizeof *m->gold);
		if (binary_codes(cv, spec->positive, m->gold) < 0)
			return not_binary(st, id, "--gold", spec->gold, "--positive", err);
	}
	int label_binary = spec->label && out->binary;
	if ((spec->prediction || spec->gold) && spec->label && !label_binary)
		return not_binary(st, id, "--label", spec->label, "--positive", err);
	if (spec->prediction || (spec->gold && spec->label)) {
		b->pred_code = m->pred ? m->pred : class_of;
		b->pred_col = m->pred ? pl->pred_col : pl->label_col;
		b->truth_code = m->gold ? m->gold : class_of;
		b->truth_col = m->gold ? pl->gold_col : pl->label_col;
		out->predicted = xstrdup(spec->prediction ? spec->prediction : spec->label);
	}
	if (spec->gold || spec->prediction)
		out->truth = xstrdup(spec->gold ? spec->gold : spec->label);
	if (m->gold && label_binary) {
		b->gold_code = m->gold;
		b->gold_col = pl->gold_col;
	}
	if (spec->nannotators) {
		struct strmap names;
		strmap_init(&names);
		m->nannotators = spec->nannotators;
		m->annotator = xcalloc(spec->nannotators, sizeof *m->annotator);
		for (size_t a = 0; a < spec->nannotators; a++) {
			const struct column_values *cv = &j->cols[pl->annotator_col + a];
			m->annotator[a] = xcalloc(cv->keys.count + 1, sizeof *m->annotator[a]);
			annotator_codes(cv, spec->positive, &names, m->annotator[a]);
		}
		if (spec->gold) {
			const struct column_values *cv = &j->cols[pl->gold_col];
			m->gold_annotator = xcalloc(cv->keys.count + 1, sizeof *m->gold_annotator);
			annotator_codes(cv, spec->positive, &names, m->gold_annotator);
			b->gold_col = pl->gold_col;
		}
		rank_categories(&names, m, j, pl, spec);
		annotator_patterns(j, pl, m, &names, spec, out);
		strmap_free(&names);
		b->annotator_code = (const long *const *)m->annotator;
		b->gold_annotator_code = m->gold_annotator;
		b->annotator_col = pl->annotator_col;
		b->nannotators = spec->nannotators;
		b->pattern_of = m->pattern_of;
		b->npatterns = out->annotators.npatterns;
	}
	return AUDIT_OK;
}

static void derive_strata(const struct column_values *cv, struct count_tables *out, size_t *stratum_of)
{
	struct column_groups sg;
	derive_groups(cv, NULL, &sg);
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
}

/* A counting scan in progress (count.h). */
struct counter {
	const struct count_spec *spec;
	struct count_plan pl;
	struct joint j;
	uint32_t *tuple;        /* scratch: one row's joint tuple */
	uint64_t *keys;         /* COUNT_BATCH rows' keys (profile_keys) */
	uint32_t *pts;          /* and their profile tuples */
	struct progress pg;
	uint64_t rows;
	int failed;             /* a row's error code: the scan is over */
};

struct counter *count_begin(const struct count_spec *spec)
{
	struct counter *c = xcalloc(1, sizeof *c);
	c->spec = spec;
	count_plan_init(&c->pl, spec);
	joint_init(&c->j, c->pl.njoint, spec->nprotected, spec->label ? (long)c->pl.label_col : -1, spec->positive);
	c->tuple = xcalloc(c->pl.njoint + 1, sizeof *c->tuple);
	c->keys = xcalloc(COUNT_BATCH * profile_nkeys(c->pl.profile), sizeof *c->keys);
	c->pts = xcalloc(COUNT_BATCH, sizeof *c->pts);
	progress_start(&c->pg, spec->progress, "counting", spec->rows);
	return c;
}

int count_rows(struct counter *c, const struct typed_value *cells, size_t nrows, struct audit_err *err)
{
	size_t ncols = c->spec->ncolumns, nkeys = profile_nkeys(c->pl.profile);
	while (nrows > 0 && !c->failed) {
		size_t n = nrows < COUNT_BATCH ? nrows : COUNT_BATCH;
		for (size_t r = 0; r < n; r++) {
			const struct typed_value *row = cells + r * ncols;
			uint64_t *keys = c->keys + r * nkeys;
			profile_keys(c->pl.profile, row, keys);
			c->pts[r] = joint_row(&c->j, c->pl.joint_cols, c->tuple, row, keys, 1);
		}
		c->failed = profile_rows(c->pl.profile, cells, c->keys, c->pts, n, err);
		c->rows += n;
		progress_update(&c->pg, c->rows, c->rows);
		cells += n * ncols;
		nrows -= n;
	}
	return c->failed;
}

size_t count_joint_columns(const struct counter *c, const size_t **cols)
{
	*cols = c->pl.joint_cols;
	return c->pl.njoint;
}

size_t count_tuple_columns(const struct counter *c, size_t *cols)
{
	size_t n = c->spec->nprotected;
	for (size_t i = 0; i < n; i++)
		cols[i] = c->pl.joint_cols[i];
	if (c->spec->label)
		cols[n++] = c->pl.joint_cols[c->pl.label_col];
	return n;
}

int count_joint_group(struct counter *c, const struct typed_value *cells, double w, struct audit_err *err)
{
	(void)err;
	for (size_t k = 0; k < c->pl.njoint; k++) {
		size_t col = c->pl.joint_cols[k];
		c->keys[col] = profile_value_key(c->pl.profile, col, &cells[col]);
	}
	joint_row(&c->j, c->pl.joint_cols, c->tuple, cells, c->keys, w);
	c->rows += (uint64_t)w;
	return AUDIT_OK;
}

/* The raw index of a value the joint groups gave, or -1 when they did not give it. */
static long known_value(struct column_values *cv, const struct typed_value *v, uint64_t key)
{
	size_t before = cv->keys.count;
	uint32_t idx = joint_value(cv, v, key);
	return cv->keys.count == before ? (long)idx : -1;
}

int count_cell_group(struct counter *c, size_t col, const struct typed_value *v, const struct typed_value *by,
		     double w, struct audit_err *err)
{
	struct joint *j = &c->j;
	size_t np = c->spec->nprotected;
	for (size_t i = 0; i <= np; i++) {
		if (i == np && !c->spec->label)
			break;
		size_t pos = i < np ? i : (size_t)j->label_col;
		size_t from = c->pl.joint_cols[pos];
		long raw = known_value(&j->cols[pos], &by[i], profile_value_key(c->pl.profile, from, &by[i]));
		if (raw < 0)
			return audit_fail(err, AUDIT_EINPUT, "the counts of column %s name a value of %s that the joint "
					  "counts do not have (did the table change between the queries?)",
					  c->spec->columns[col].name, c->spec->columns[from].name);
		c->tuple[pos] = (uint32_t)raw;
	}
	return profile_cells(c->pl.profile, col, v, profile_tuple(j, c->tuple), w, err);
}

size_t count_class_columns(const struct counter *c, const size_t **cols, long *sensitive)
{
	return profile_class_columns(c->pl.profile, cols, sensitive);
}

void count_grouped(struct counter *c, const struct grouped_dataset *g)
{
	profile_grouped(c->pl.profile, g);
}

void count_abort(struct counter *c)
{
	if (!c)
		return;
	progress_end(&c->pg);
	joint_free(&c->j);
	count_plan_free(&c->pl);
	free(c->tuple);
	free(c->keys);
	free(c->pts);
	free(c);
}

static int count_finish(struct counter *c, struct store *st, long long dataset_id, struct count_tables *out,
			struct audit_err *err);

int count_end(struct counter *c, struct store *st, long long dataset_id, struct count_tables *out,
	      struct audit_err *err)
{
	memset(out, 0, sizeof *out);
	progress_end(&c->pg);
	int e = c->failed ? c->failed : count_finish(c, st, dataset_id, out, err);
	count_abort(c);
	return e;
}

int count_tables_build(struct store *st, long long dataset_id, const struct count_spec *spec,
		       struct count_tables *out, struct audit_err *err)
{
	memset(out, 0, sizeof *out);
	const char **names = xcalloc(spec->ncolumns + 1, sizeof *names);
	for (size_t i = 0; i < spec->ncolumns; i++)
		names[i] = spec->columns[i].name;
	struct store_cursor *cur;
	int e = store_cursor_open(st, dataset_id, names, spec->ncolumns, &cur, err);
	free(names);
	if (e)
		return e;
	struct counter *c = count_begin(spec);
	struct typed_value *cells = xcalloc(spec->ncolumns + 1, sizeof *cells);
	int r;
	while ((r = store_cursor_next(cur, cells, err)) > 0)
		if ((e = count_rows(c, cells, 1, err)) != AUDIT_OK)
			break;
	free(cells);
	store_cursor_close(cur);
	if (!e && r < 0)
		e = -r;
	if (e) {
		count_abort(c);
		return e;
	}
	return count_end(c, st, dataset_id, out, err);
}

/* After the scan: every table from the joint counts, and the profile's. */
static int count_finish(struct counter *c, struct store *st, long long dataset_id, struct count_tables *out,
			struct audit_err *err)
{
	const struct count_spec *spec = c->spec;
	struct count_plan *pl = &c->pl;
	struct joint *j = &c->j;
	size_t np = spec->nprotected;
	int e = AUDIT_OK;
	for (size_t t = 0; t < j->tuples.count; t++)
		out->rows += j->counts[t];

	long *class_of = NULL;
	out->has_label = spec->label != NULL;
	if (spec->label) {
		class_of = xcalloc(j->cols[pl->label_col].keys.count + 1, sizeof *class_of);
		derive_classes(&j->cols[pl->label_col], spec->positive, out, class_of);
		out->class_rows = xcalloc(out->nclasses + 1, sizeof *out->class_rows);
		for (size_t t = 0; t < j->tuples.count; t++) {
			long k = class_of[tuple_at(j, t)[pl->label_col]];
			if (k >= 0)
				out->class_rows[k] += j->counts[t];
		}
	} else {
		out->nclasses = 1;
		out->classes = xcalloc(1, sizeof *out->classes);
		out->classes[0] = xstrdup("(all)");
	}

	size_t *stratum_of = NULL;
	if (spec->strata) {
		stratum_of = xcalloc(j->cols[pl->strata_col].keys.count + 1, sizeof *stratum_of);
		derive_strata(&j->cols[pl->strata_col], out, stratum_of);
	} else {
		out->nstrata = 1;
		out->strata = xcalloc(1, sizeof *out->strata);
		out->strata[0] = xstrdup("(all)");
	}

	struct column_groups *groups = xcalloc(np ? np : 1, sizeof *groups);
	for (size_t i = 0; i < np; i++)
		derive_groups(&j->cols[i], bins_for(spec, spec->protected[i]), &groups[i]);
	size_t **group_of_raw = xcalloc(np ? np : 1, sizeof *group_of_raw);
	struct table_builder b = {.j = j, .groups = groups, .class_of = class_of, .stratum_of = stratum_of,
				  .label_col = pl->label_col, .strata_col = pl->strata_col,
				  .group_of_raw = group_of_raw};
	struct measure_codes mc;
	e = measure_codes_build(st, dataset_id, spec, pl, j, class_of, out, &b, &mc, err);
	if (!e) {
		size_t max = spec->intersections < 1 ? 1 : (size_t)spec->intersections;
		out->ntables = count_subsets(np, max);
		out->tables = xcalloc(out->ntables ? out->ntables : 1, sizeof *out->tables);
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
		/* Each attribute's group of each protected tuple, for the profile. */
		size_t npt = j->ptuples.count;
		size_t **group_of_tuple = xcalloc(np ? np : 1, sizeof *group_of_tuple);
		for (size_t i = 0; i < np; i++) {
			group_of_tuple[i] = xcalloc(npt + 1, sizeof *group_of_tuple[i]);
			for (size_t pt = 0; pt < npt; pt++)
				group_of_tuple[i][pt] = group_of_raw[i][((const uint32_t *)j->ptuples.keys[pt])[i]];
		}
		long *class_of_tuple = NULL;
		if (class_of) {
			class_of_tuple = xcalloc(npt + 1, sizeof *class_of_tuple);
			for (size_t pt = 0; pt < npt; pt++)
				class_of_tuple[pt] = class_of[j->plabel[pt]];
		}
		e = profile_finish(pl->profile, out, (const size_t *const *)group_of_tuple, class_of_tuple, npt,
				   spec->progress, err);
		free(class_of_tuple);
		for (size_t i = 0; i < np; i++)
			free(group_of_tuple[i]);
		free(group_of_tuple);
	}
	measure_codes_free(&mc);
	for (size_t i = 0; i < np; i++) {
		column_groups_free(&groups[i], j->cols[i].keys.count);
		free(group_of_raw[i]);
	}
	free(group_of_raw);
	free(groups);
	free(class_of);
	free(stratum_of);
	if (e)
		count_tables_free(out);
	return e;
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
		free(tb->missing);
		for (size_t c = 0; tb->levels && c < ct->ncolumns; c++)
			free(tb->levels[c]);
		free(tb->levels);
		for (size_t c = 0; tb->order && c < ct->ncolumns; c++)
			free(tb->order[c]);
		free(tb->order);
		free(tb->moments);
		free(tb->confusion);
		free(tb->label_gold);
		free(tb->patterns);
		free(tb->annotator_gold);
	}
	free(ct->tables);
	for (size_t c = 0; c < ct->nclasses; c++)
		free(ct->classes[c]);
	free(ct->classes);
	free(ct->class_rows);
	for (size_t s = 0; s < ct->nstrata; s++)
		free(ct->strata[s]);
	free(ct->strata);
	for (size_t c = 0; c < ct->ncolumns; c++) {
		struct column_counts *col = &ct->columns[c];
		free(col->name);
		free(col->level_value);
		free(col->level_count);
		free(col->class_missing);
		free(col->class_levels);
		free(col->class_moments);
		for (int k = 0; k < PII_NKINDS; k++)
			free(col->pii_examples[k]);
	}
	free(ct->columns);
	free(ct->predicted);
	free(ct->truth);
	for (size_t a = 0; a < ct->annotators.nannotators; a++)
		free(ct->annotators.names[a]);
	free(ct->annotators.names);
	free(ct->annotators.codes);
	free(ct->annotators.weight);
	free(ct->annotators.gold);
	free(ct->dataset.class_size);
	free(ct->dataset.class_count);
	memset(ct, 0, sizeof *ct);
}
