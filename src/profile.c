/*
 * profile.c — per-column and per-row tallies of the counting scan (see
 * profile.h). What is counted per distinct value (levels, per-group pairs)
 * lives in u64maps bounded by LEVELS_MAX; what needs one key per row
 * (duplicate rows, equivalence classes, the values of a column past
 * LEVELS_MAX) goes into external sorts (spill.h) with a fixed memory
 * budget and is counted from their sorted output in profile_finish. So
 * memory follows columns, groups and levels, never rows.
 */
#include "profile.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ordered.h"
#include "pii.h"
#include "progress.h"
#include "quality.h"
#include "spill.h"
#include "u64map.h"
#include "util.h"

#define KEY_MISSING 0x8f1bbcdc6d697373ull /* the key of a missing cell (rule 9) */
#define TEXT_SEED 0x74657874u
#define PII_EXAMPLES 3
#define EXAMPLE_SEED 0x6578616d706c65ull
/* Integers this large may be card numbers or phone numbers without separators (rule 13). */
#define PII_MIN_INTEGER 100000000
/* The sorts' memory budgets (rule 19): together they bound what the scan holds per row. */
#define SPILL_ROWS_BYTES (24u << 20)
#define SPILL_CLASSES_BYTES (12u << 20)
#define SPILL_CELLS_BYTES (24u << 20)
#define SIGN_BIT 0x8000000000000000ull
/* An integer column finds the levels of values within this span of its first without a probe (4 KiB). */
#define DIRECT_SPAN 1024
/* A text column past LEVELS_MAX skips the sort for a key it sent lately (8 KiB per column). */
#define RECENT_SLOTS 1024
/* Cells of a column's dense (level, tuple) table before it moves to a map (512 KiB of counts). */
#define DENSE_MAX 65536

/* A value that showed a kind of personal data: the matched text, owned, unmasked until the reports. */
struct example {
	uint64_t rank; /* a hash of the text: the kept examples are those of lowest rank */
	char *s;
	size_t len;
};

/*
 * One column's counts per combination of the protected attributes' values
 * (count.c's protected tuple, pt): one tally per cell whatever the number of
 * attributes; each attribute's groups are marginals of it (profile_finish).
 */
struct group_counts {
	struct u64map pairs;   /* (level << 32 | pt) → rows, once dense is given up (see pair_add) */
	double *dense;         /* dense[level * dense_pts + pt] → rows, while that table is small */
	size_t dense_levels, dense_pts;
	int sparse;            /* the counts are in pairs */
	double *missing;       /* [pt] */
	double *moments;       /* [pt * 3 + {0,1,2}]: n, sum and sum of squares of x - shift (n while scanning) */
	size_t cap;
};

struct column_profile {
	enum col_type type;
	int numeric;
	struct u64map levels;  /* value key → level index, up to LEVELS_MAX of them */
	int over;              /* more than LEVELS_MAX distinct values: cells go to the cells sort (rule 19) */
	double distinct;       /* past LEVELS_MAX: counted from the cells sort */
	uint64_t *recent;      /* past LEVELS_MAX, text: keys sent to the sort lately (RECENT_SLOTS, by hash) */
	uint32_t *near;        /* integer columns: near[key - near_base] = level + 1, for keys near the first */
	uint64_t near_base;
	double *level_value, *level_count;
	uint32_t *level_props; /* per level: its value's cell properties (value_props), found once */
	size_t level_cap;
	double missing, numbers, texts, out_of_domain;
	double shift;          /* the column's smallest value, once the scan is over */
	struct group_counts groups;
	uint64_t chain;        /* rule 16: the hash of the column's cells in row order */
	double pii[PII_NKINDS];
	struct example examples[PII_NKINDS][PII_EXAMPLES]; /* ascending: the smallest matches */
	int nexamples[PII_NKINDS];
	enum pii_kind direct;  /* rule 17: PII_PERSON_NAME or PII_BIRTH_DATE by the column's name, else PII_NKINDS */
	double direct_cells;   /* non-missing cells with that kind's shape */
	const struct domain *domain;
};

struct profile {
	struct profile_spec spec;
	struct column_profile *cols;
	double rows;
	struct spill *row_sort;      /* rule 11: (fingerprint, fingerprint, label key) per row */
	struct spill *class_sort;    /* rule 12: (class fingerprint, fingerprint, sensitive key) per row */
	struct spill *cell_sort;     /* rule 19: (column, value key, tuple) per cell past LEVELS_MAX */
	struct audit_err *err;       /* where a failed sort write is reported (profile_row) */
	int failed;                  /* the error code of the first failed sort write */
	size_t candidate[DATASET_CANDIDATES_MAX]; /* rule 18: candidate quasi-identifiers, when none configured */
	size_t ncandidates;
	int grouped;                  /* counted from groups, not rows (profile_grouped) */
	struct grouped_dataset given; /* their figures, pointing at the owned copies below */
	double *given_size, *given_count;
	size_t *given_same;
	long today;                  /* rule 17: the audit's day, YYYYMMDD (UTC) */
};

/* Rule 17: today's date in UTC as YYYYMMDD. */
static long today_utc(void)
{
	time_t now = time(NULL);
	struct tm tm;
	if (now == (time_t)-1 || !gmtime_r(&now, &tm))
		return 99991231;
	return (long)(tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

struct profile *profile_new(const struct profile_spec *spec)
{
	struct profile *p = xcalloc(1, sizeof *p);
	p->spec = *spec;
	p->cols = xcalloc(spec->ncolumns ? spec->ncolumns : 1, sizeof *p->cols);
	p->row_sort = spill_new(3, SPILL_ROWS_BYTES);
	for (size_t c = 0; c < spec->ncolumns; c++) {
		struct column_profile *cp = &p->cols[c];
		cp->type = spec->columns[c].type;
		cp->numeric = cp->type == COL_INTEGER || cp->type == COL_REAL;
		cp->domain = spec->domain_of ? spec->domain_of[c] : NULL;
		cp->direct = pii_column_kind(spec->columns[c].name);
		/* Rule 18: candidates only when no quasi-identifier is configured. */
		if (spec->nquasi == 0 && p->ncandidates < DATASET_CANDIDATES_MAX &&
		    pii_quasi_candidate(spec->columns[c].name))
			p->candidate[p->ncandidates++] = c;
	}
	p->today = today_utc();
	if (p->ncandidates) {
		p->spec.quasi = p->candidate;
		p->spec.nquasi = p->ncandidates;
		p->spec.sensitive = -1;
	}
	if (p->spec.nquasi)
		p->class_sort = spill_new(3, SPILL_CLASSES_BYTES);
	return p;
}

static void drop_levels(struct column_profile *cp)
{
	free(cp->level_value);
	free(cp->level_count);
	free(cp->level_props);
	cp->level_value = cp->level_count = NULL;
	cp->level_props = NULL;
	u64map_free(&cp->groups.pairs);
	free(cp->groups.dense);
	cp->groups.dense = NULL;
	cp->groups.dense_levels = cp->groups.dense_pts = 0;
}

/* Moves the dense (level, tuple) counts into the pairs map, which holds them from then on. */
static void pairs_settle(struct group_counts *gc)
{
	if (gc->sparse)
		return;
	for (size_t l = 0; l < gc->dense_levels; l++)
		for (size_t pt = 0; pt < gc->dense_pts; pt++)
			if (gc->dense[l * gc->dense_pts + pt] > 0)
				*u64map_slot(&gc->pairs, (uint64_t)l << 32 | pt, NULL) =
					(uint64_t)gc->dense[l * gc->dense_pts + pt];
	free(gc->dense);
	gc->dense = NULL;
	gc->dense_levels = gc->dense_pts = 0;
	gc->sparse = 1;
}

/* Room in the dense table for (level, pt), or 0 when it would pass DENSE_MAX cells. */
static int dense_grow(struct group_counts *gc, size_t level, uint32_t pt)
{
	size_t nl = gc->dense_levels ? gc->dense_levels : 4, np = gc->dense_pts ? gc->dense_pts : 4;
	while (nl <= level)
		nl *= 2;
	while (np <= pt)
		np *= 2;
	if (nl * np > DENSE_MAX)
		return 0;
	double *d = xcalloc(nl * np, sizeof *d);
	for (size_t l = 0; l < gc->dense_levels; l++)
		memcpy(d + l * np, gc->dense + l * gc->dense_pts, gc->dense_pts * sizeof *d);
	free(gc->dense);
	gc->dense = d;
	gc->dense_levels = nl;
	gc->dense_pts = np;
	return 1;
}

/*
 * One cell at (level, pt). Most columns have a few levels and the rows a
 * few tuples, so a dense table takes the count without a hash probe; a
 * column with many levels or many tuples moves to the map.
 */
static void pair_add(struct group_counts *gc, size_t level, uint32_t pt, double w)
{
	if (!gc->sparse) {
		if ((level < gc->dense_levels && pt < gc->dense_pts) || dense_grow(gc, level, pt)) {
			gc->dense[level * gc->dense_pts + pt] += w;
			return;
		}
		pairs_settle(gc);
	}
	*u64map_slot(&gc->pairs, (uint64_t)level << 32 | pt, NULL) += (uint64_t)w;
}

void profile_free(struct profile *p)
{
	if (!p)
		return;
	for (size_t c = 0; c < p->spec.ncolumns; c++) {
		struct column_profile *cp = &p->cols[c];
		drop_levels(cp);
		u64map_free(&cp->levels);
		free(cp->recent);
		free(cp->near);
		free(cp->groups.missing);
		free(cp->groups.moments);
		for (int k = 0; k < PII_NKINDS; k++)
			for (int i = 0; i < cp->nexamples[k]; i++)
				free(cp->examples[k][i].s);
	}
	free(p->cols);
	spill_free(p->row_sort);
	spill_free(p->class_sort);
	spill_free(p->cell_sort);
	free(p->given_size);
	free(p->given_count);
	free(p->given_same);
	free(p);
}

static double number_of(const struct typed_value *v)
{
	return v->type == COL_REAL ? v->d : (double)v->i;
}

/* Rule 9: the key of a cell. Integers are their own key; reals their bits (one zero). */
static uint64_t cell_key(const struct typed_value *v, enum col_type column)
{
	uint64_t key;
	double x;
	switch (v->type) {
	case COL_UNKNOWN:
		return KEY_MISSING;
	case COL_INTEGER:
	case COL_BOOLEAN:
		if (column != COL_REAL)
			return (uint64_t)v->i;
		x = (double)v->i;
		break;
	case COL_REAL:
		x = v->d;
		break;
	default:
		return hash_bytes(v->s, v->len, TEXT_SEED);
	}
	if (x == 0)
		x = 0; /* -0.0 and 0.0 are one value */
	memcpy(&key, &x, sizeof key);
	return key;
}

static void groups_reserve(struct group_counts *ac, uint32_t pt)
{
	if (pt < ac->cap)
		return;
	size_t cap = ac->cap ? ac->cap : 8;
	while (cap <= pt)
		cap *= 2;
	ac->missing = xrealloc(ac->missing, cap * sizeof *ac->missing);
	ac->moments = xrealloc(ac->moments, cap * 3 * sizeof *ac->moments);
	memset(ac->missing + ac->cap, 0, (cap - ac->cap) * sizeof *ac->missing);
	memset(ac->moments + ac->cap * 3, 0, (cap - ac->cap) * 3 * sizeof *ac->moments);
	ac->cap = cap;
}

/* Rule 19: a cell's key in an order the sort keeps: numbers by value, text by its hash. */
static uint64_t sort_key(const struct column_profile *cp, uint64_t key)
{
	if (cp->type == COL_INTEGER)
		return key ^ SIGN_BIT; /* two's complement to unsigned order */
	if (cp->type == COL_REAL) {
		double x;
		memcpy(&x, &key, sizeof x); /* a real cell's key is its bits (cell_key) */
		return spill_double_key(x);
	}
	return key;
}

/* The number a numeric column's sort key stands for. */
static double sorted_value(const struct column_profile *cp, uint64_t k)
{
	if (cp->type == COL_INTEGER)
		return (double)(int64_t)(k ^ SIGN_BIT);
	return spill_key_double(k);
}

static void sort_add(struct profile *p, struct spill *s, const uint64_t *record)
{
	if (!p->failed)
		p->failed = spill_add(s, record, p->err);
}

/* Rule 19: w cells of a column past LEVELS_MAX; text needs no tuple (only its distinct count is kept). */
static void sort_cells(struct profile *p, size_t c, uint64_t key, uint32_t pt, double w)
{
	struct column_profile *cp = &p->cols[c];
	if (!cp->numeric) {
		/* Only a text column's distinct count is kept, so a repeat of a key the
		 * sort already has adds nothing: a small cache drops most repeats. */
		if (!cp->recent) {
			cp->recent = xmalloc(RECENT_SLOTS * sizeof *cp->recent);
			for (size_t i = 0; i < RECENT_SLOTS; i++)
				cp->recent[i] = KEY_MISSING; /* a missing cell never comes here */
		}
		uint64_t *slot = &cp->recent[hash_mix(key) & (RECENT_SLOTS - 1)];
		if (*slot == key)
			return;
		*slot = key;
	}
	uint64_t record[3] = {c, sort_key(cp, key), cp->numeric ? pt : 0};
	/* A numeric column's order statistics need every cell: one record each. */
	for (double k = cp->numeric ? w : 1; k > 0; k--)
		sort_add(p, p->cell_sort, record);
}

/*
 * Rule 19: column c has just met its (LEVELS_MAX + 1)th distinct value,
 * new_key: the cells counted so far move into the cells sort (a numeric
 * column's with their tuples, one record per cell; a text column's one per
 * value), and the levels are dropped.
 */
static void overflow(struct profile *p, size_t c, uint64_t new_key)
{
	struct column_profile *cp = &p->cols[c];
	if (!p->cell_sort)
		p->cell_sort = spill_new(3, SPILL_CELLS_BYTES);
	size_t n = cp->levels.count - 1;
	uint64_t *key_of = xcalloc(n + 1, sizeof *key_of);
	struct u64map_entry *e;
	for (size_t i = 0; (e = u64map_next(&cp->levels, &i));)
		if (e->key != new_key)
			key_of[e->val] = e->key;
	if (cp->numeric) {
		pairs_settle(&cp->groups);
		for (size_t i = 0; (e = u64map_next(&cp->groups.pairs, &i));)
			sort_cells(p, c, key_of[e->key >> 32], (uint32_t)(e->key & 0xffffffffu), (double)e->val);
	} else {
		for (size_t l = 0; l < n; l++)
			sort_cells(p, c, key_of[l], 0, 1);
	}
	free(key_of);
	u64map_free(&cp->levels);
	drop_levels(cp);
	cp->over = 1;
}

static uint32_t value_props(struct column_profile *cp, const struct typed_value *v, long today);

/* The level of a present value, or -1 once the column has too many (rules 10 and 19). */
static long column_level(struct profile *p, size_t c, uint64_t key, const struct typed_value *v, double w)
{
	struct column_profile *cp = &p->cols[c];
	if (cp->over)
		return -1;
	/* Small integer codes (flags, ratings, ages) are most cells: an array
	 * indexed by the value finds their level without hashing. */
	uint64_t d = DIRECT_SPAN;
	if ((cp->type == COL_INTEGER || cp->type == COL_BOOLEAN) && (v->type == COL_INTEGER || v->type == COL_BOOLEAN)) {
		if (!cp->near) {
			cp->near = xcalloc(DIRECT_SPAN, sizeof *cp->near);
			cp->near_base = key - DIRECT_SPAN / 2;
		}
		d = key - cp->near_base;
		if (d < DIRECT_SPAN && cp->near[d]) {
			cp->level_count[cp->near[d] - 1] += w;
			return (long)cp->near[d] - 1;
		}
	}
	int added;
	uint64_t *slot = u64map_slot(&cp->levels, key, &added);
	if (added) {
		size_t level = cp->levels.count - 1;
		if (level >= LEVELS_MAX) {
			overflow(p, c, key);
			return -1;
		}
		if (level == cp->level_cap) {
			cp->level_cap = cp->level_cap ? cp->level_cap * 2 : 16;
			cp->level_value = xrealloc(cp->level_value, cp->level_cap * sizeof *cp->level_value);
			cp->level_count = xrealloc(cp->level_count, cp->level_cap * sizeof *cp->level_count);
			cp->level_props = xrealloc(cp->level_props, cp->level_cap * sizeof *cp->level_props);
		}
		cp->level_value[level] = cp->numeric ? number_of(v) : 0;
		cp->level_count[level] = 0;
		cp->level_props[level] = value_props(cp, v, p->today);
		*slot = level;
	}
	if (d < DIRECT_SPAN)
		cp->near[d] = (uint32_t)*slot + 1;
	cp->level_count[*slot] += w;
	return (long)*slot;
}

/* Rule 14: a decimal numeral, leading zeros allowed. */
static int number_like(const char *s, size_t n)
{
	size_t i = 0, digits = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (digits == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t start = ++i;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			start = ++i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return 0;
	}
	return i == n;
}

/* What a present value is, by rules 13, 14, 17 and the domain: bits of enum pii_kind, then these. */
#define PROP_NUMBER_LIKE (1u << PII_NKINDS)        /* a text cell that reads as a number (rule 14) */
#define PROP_TEXT (1u << (PII_NKINDS + 1))          /* a text cell that does not */
#define PROP_DIRECT (1u << (PII_NKINDS + 2))        /* the column's direct identifier's shape (rule 17) */
#define PROP_OUT_OF_DOMAIN (1u << (PII_NKINDS + 3))

/* The text personal data is looked for in: a text cell, or an integer of nine or more digits (rule 13). */
static const char *pii_text(const struct column_profile *cp, const struct typed_value *v, char *buf, size_t *len)
{
	if (v->type == COL_TEXT) {
		*len = v->len;
		return v->s;
	}
	if (v->type == COL_INTEGER && cp->type == COL_INTEGER && (v->i >= PII_MIN_INTEGER || v->i <= -PII_MIN_INTEGER)) {
		*len = (size_t)snprintf(buf, 24, "%lld", (long long)v->i);
		return buf;
	}
	return NULL;
}

/* The text a direct identifier's shape is tested on (rule 17): a text cell, or an integer's digits. */
static const char *direct_text(const struct typed_value *v, char *buf, size_t *len)
{
	if (v->type == COL_TEXT) {
		*len = v->len;
		return v->s;
	}
	if (v->type == COL_INTEGER) {
		*len = (size_t)snprintf(buf, 24, "%lld", (long long)v->i);
		return buf;
	}
	return NULL;
}

static int outside_domain(const struct column_profile *cp, const struct typed_value *v)
{
	char buf[32];
	int is_number = v->type != COL_TEXT;
	const char *text;
	char *copy = NULL;
	if (v->type == COL_TEXT) {
		/* domain_contains wants a C string; a cell from the load is a slice of a longer buffer. */
		text = copy = xstrndup(v->s, v->len);
	} else if (v->type == COL_REAL) {
		text = format_shortest(v->d, buf);
	} else {
		snprintf(buf, sizeof buf, "%lld", (long long)v->i);
		text = buf;
	}
	int out = !domain_contains(cp->domain, text, is_number, is_number ? number_of(v) : 0);
	free(copy);
	return out;
}

/*
 * A present value's properties. They depend on the value alone, so a
 * column with levels finds them once per distinct value (column_level)
 * and every later cell of that value only counts them.
 */
static int example_cmp(const struct example *a, const struct example *b)
{
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/*
 * Keeps PII_EXAMPLES distinct matches of kind k, those of lowest rank:
 * which examples a report shows must not depend on the order of the rows,
 * and a hash spreads them over the values where the smallest by their
 * bytes would all start alike.
 */
static void offer_example(struct column_profile *cp, enum pii_kind k, const char *s, size_t len)
{
	struct example *ex = cp->examples[k], cand = {hash_bytes(s, len, EXAMPLE_SEED), (char *)s, len};
	int n = cp->nexamples[k], at = n;
	while (at > 0 && example_cmp(&cand, &ex[at - 1]) < 0)
		at--;
	if ((at > 0 && example_cmp(&cand, &ex[at - 1]) == 0) || at == PII_EXAMPLES)
		return;
	if (n == PII_EXAMPLES)
		free(ex[--n].s);
	memmove(ex + at + 1, ex + at, (size_t)(n - at) * sizeof *ex);
	cand.s = xstrndup(s, len);
	ex[at] = cand;
	cp->nexamples[k] = n + 1;
}

static uint32_t value_props(struct column_profile *cp, const struct typed_value *v, long today)
{
	uint32_t props = 0;
	char buf[24];
	size_t len = 0;
	if (v->type == COL_TEXT)
		props |= number_like(v->s, v->len) ? PROP_NUMBER_LIKE : PROP_TEXT;
	const char *t = pii_text(cp, v, buf, &len);
	if (t) {
		struct pii_match m[PII_NKINDS];
		unsigned found = pii_scan(t, len, m);
		props |= found;
		for (int k = 0; k < PII_NKINDS; k++)
			if (found & (1u << k))
				offer_example(cp, (enum pii_kind)k, t + m[k].start, m[k].len);
	}
	if (cp->direct != PII_NKINDS && (t = direct_text(v, buf, &len)) != NULL &&
	    (cp->direct == PII_PERSON_NAME ? pii_name_shape(t, len) : pii_birth_date_shape(t, len, today))) {
		props |= PROP_DIRECT;
		offer_example(cp, cp->direct, t, len);
	}
	if (cp->domain && outside_domain(cp, v))
		props |= PROP_OUT_OF_DOMAIN;
	return props;
}

/* Counts w cells with properties props (their examples were offered when value_props found them). */
static void count_props(struct column_profile *cp, uint32_t props, double w)
{
	cp->numbers += (props & PROP_NUMBER_LIKE) ? w : 0;
	cp->texts += (props & PROP_TEXT) ? w : 0;
	cp->out_of_domain += (props & PROP_OUT_OF_DOMAIN) ? w : 0;
	unsigned found = props & ((1u << PII_NKINDS) - 1);
	for (int k = 0; found; k++, found >>= 1)
		cp->pii[k] += (found & 1u) ? w : 0;
	cp->direct_cells += (props & PROP_DIRECT) ? w : 0;
}

/* w cells of column c holding v (key its key), in rows of profile tuple pt. */
static void profile_cell(struct profile *p, size_t c, const struct typed_value *v, uint64_t key, uint32_t pt, double w)
{
	struct column_profile *cp = &p->cols[c];
	struct group_counts *gc = &cp->groups;
	groups_reserve(gc, pt);
	if (v->type == COL_UNKNOWN) {
		cp->missing += w;
		gc->missing[pt] += w;
		return;
	}
	long level = column_level(p, c, key, v, w);
	if (level >= 0)
		pair_add(gc, (size_t)level, pt, w);
	else
		sort_cells(p, c, key, pt, w);
	/* The sums of x - shift come after the scan, in the values' order (level_moments, count_cells). */
	if (cp->numeric)
		gc->moments[(size_t)pt * 3] += w;
	count_props(cp, level >= 0 ? cp->level_props[level] : value_props(cp, v, p->today), w);
}

/* A second 64-bit chain beside hash_mix's, with other constants, for 128-bit fingerprints. */
static uint64_t chain2(uint64_t h, uint64_t key, size_t i)
{
	h = (h << 23 | h >> 41) ^ (key * 0xd6e8feb86659fd93ull);
	return hash_mix(h + 0x9e3779b97f4a7c15ull) + i;
}

uint64_t profile_value_key(const struct profile *p, size_t c, const struct typed_value *v)
{
	return cell_key(v, p->cols[c].type);
}

int profile_cells(struct profile *p, size_t c, const struct typed_value *v, uint32_t pt, double w,
		  struct audit_err *err)
{
	p->err = err;
	profile_cell(p, c, v, cell_key(v, p->cols[c].type), pt, w);
	return p->failed;
}

size_t profile_class_columns(const struct profile *p, const size_t **cols, long *sensitive)
{
	*cols = p->spec.quasi;
	*sensitive = p->spec.sensitive;
	return p->spec.nquasi;
}

void profile_grouped(struct profile *p, const struct grouped_dataset *g)
{
	p->given = *g;
	p->given_size = xcalloc(g->nsizes + 1, sizeof *p->given_size);
	p->given_count = xcalloc(g->nsizes + 1, sizeof *p->given_count);
	for (size_t i = 0; i < g->nsizes; i++) {
		p->given_size[i] = g->class_size[i];
		p->given_count[i] = g->class_count[i];
	}
	p->given_same = xcalloc(p->spec.ncolumns + 1, sizeof *p->given_same);
	for (size_t c = 0; g->same_as && c < p->spec.ncolumns; c++)
		p->given_same[c] = g->same_as[c];
	p->given.class_size = p->given_size;
	p->given.class_count = p->given_count;
	p->given.same_as = p->given_same;
	p->rows = g->rows;
	p->grouped = 1;
}

size_t profile_nkeys(const struct profile *p)
{
	return p->spec.ncolumns + 2;
}

void profile_keys(const struct profile *p, const struct typed_value *cells, uint64_t *keys)
{
	size_t n = p->spec.ncolumns;
	uint64_t f1 = 0x726f77ull, f2 = 0x524f57ull;
	for (size_t c = 0; c < n; c++) {
		keys[c] = cell_key(&cells[c], p->cols[c].type);
		if ((long)c != p->spec.label && (long)c != p->spec.id) {
			f1 = hash_mix(f1 ^ keys[c]) + c;
			f2 = chain2(f2, keys[c], c);
		}
	}
	keys[n] = f1;
	keys[n + 1] = f2;
}

/*
 * Column by column, then row by row: each column's levels and counts stay
 * in cache for the whole batch, where a row at a time would touch every
 * column's tables per row. Each column still sees its cells in row order,
 * so every count, level number and example is the same.
 */
int profile_rows(struct profile *p, const struct typed_value *cells, const uint64_t *keys, const uint32_t *pts,
		 size_t nrows, struct audit_err *err)
{
	size_t ncols = p->spec.ncolumns, nkeys = profile_nkeys(p);
	p->err = err;
	p->rows += (double)nrows;
	for (size_t c = 0; c < ncols; c++) {
		struct column_profile *cp = &p->cols[c];
		for (size_t r = 0; r < nrows; r++) {
			uint64_t key = keys[r * nkeys + c];
			cp->chain = hash_mix(cp->chain ^ key) + 1;   /* rule 16 */
			profile_cell(p, c, &cells[r * ncols + c], key, pts[r], 1);
		}
	}
	for (size_t r = 0; r < nrows; r++) {
		const uint64_t *k = keys + r * nkeys;
		/* Rule 11: the row's fingerprint and its label. */
		uint64_t row[3] = {k[ncols], k[ncols + 1], p->spec.label >= 0 ? k[p->spec.label] : 0};
		sort_add(p, p->row_sort, row);
		if (p->spec.nquasi) {
			/* Rule 12: the row's class fingerprint and its sensitive value. */
			uint64_t h1 = 0x636c617373ull, h2 = 0x434c415353ull;
			for (size_t i = 0; i < p->spec.nquasi; i++) {
				h1 = hash_mix(h1 ^ k[p->spec.quasi[i]]) + i;
				h2 = chain2(h2, k[p->spec.quasi[i]], i);
			}
			uint64_t cls[3] = {h1, h2, p->spec.sensitive >= 0 ? k[p->spec.sensitive] : KEY_MISSING};
			sort_add(p, p->class_sort, cls);
		}
	}
	return p->failed;
}

static double column_distinct(const struct column_profile *cp)
{
	return cp->over ? cp->distinct : (double)cp->levels.count;
}

/*
 * A column's levels in an order that depends on the values alone, not on
 * the order the rows came in (so that a shuffled file, or an engine's
 * groups in any order, count alike): a numeric column's by value, a text
 * column's by key. Returns perm[old] = new.
 */
static size_t *sort_levels(struct column_profile *cp, size_t n)
{
	uint64_t *sort_key = xcalloc(n ? n : 1, sizeof *sort_key);
	struct u64map_entry *e;
	if (cp->numeric)
		for (size_t l = 0; l < n; l++)
			sort_key[l] = spill_double_key(cp->level_value[l]);
	else
		for (size_t i = 0; (e = u64map_next(&cp->levels, &i));)
			sort_key[e->val] = e->key;
	size_t *order = xcalloc(n ? n : 1, sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	/* Insertion sort would be quadratic on 16k levels: merge sort. */
	size_t *tmp = xcalloc(n ? n : 1, sizeof *tmp);
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] = sort_key[order[j]] < sort_key[order[i]] ? order[j++] : order[i++];
			while (i < mid)
				tmp[k++] = order[i++];
			while (j < hi)
				tmp[k++] = order[j++];
		}
		memcpy(order, tmp, n * sizeof *order);
	}
	size_t *perm = tmp;
	for (size_t i = 0; i < n; i++)
		perm[order[i]] = i;
	free(order);
	free(sort_key);
	return perm;
}

static int by_key(const void *x, const void *y)
{
	uint64_t a = ((const struct u64map_entry *)x)->key, b = ((const struct u64map_entry *)y)->key;
	return (a > b) - (a < b);
}

/*
 * Each tuple's sums of x - shift, shift the smallest value, added in
 * ascending order of value: the same doubles whatever order the rows came
 * in. value: the sorted levels' values, which key the pairs now.
 */
static void level_moments(struct column_profile *cp, const double *value)
{
	struct group_counts *gc = &cp->groups;
	size_t n = gc->pairs.count;
	struct u64map_entry *pairs = xcalloc(n + 1, sizeof *pairs), *e;
	size_t k = 0;
	for (size_t i = 0; (e = u64map_next(&gc->pairs, &i));)
		pairs[k++] = *e;
	qsort(pairs, k, sizeof *pairs, by_key);
	cp->shift = value[0];
	for (size_t i = 0; i < k; i++) {
		double d = value[pairs[i].key >> 32] - cp->shift, w = (double)pairs[i].val;
		double *m = &gc->moments[(pairs[i].key & 0xffffffffu) * 3];
		m[1] += w * d;
		m[2] += w * d * d;
	}
	free(pairs);
}

/* The kept examples of kind k, masked and joined, or NULL; they are freed. */
static char *masked_examples(struct column_profile *cp, enum pii_kind k)
{
	struct strbuf sb = {0};
	for (int i = 0; i < cp->nexamples[k]; i++) {
		char masked[PII_MASK_MAX];
		pii_mask(k, cp->examples[k][i].s, cp->examples[k][i].len, masked);
		strbuf_printf(&sb, "%s%s", i ? ", " : "", masked);
		free(cp->examples[k][i].s);
	}
	cp->nexamples[k] = 0;
	return sb.buf;
}

static void finish_column(struct profile *p, size_t c, struct column_counts *out)
{
	struct column_profile *cp = &p->cols[c];
	out->name = xstrdup(p->spec.columns[c].name);
	out->numeric = cp->numeric;
	out->real = cp->type == COL_REAL;
	out->role = p->spec.roles[c];
	out->missing = cp->missing;
	out->distinct = column_distinct(cp);
	out->numbers = cp->numbers;
	out->texts = cp->texts;
	out->has_domain = cp->domain != NULL;
	out->out_of_domain = cp->out_of_domain;
	out->shift = cp->shift;  /* a column past the limit has it from count_cells */
	for (int k = 0; k < PII_NKINDS; k++) {
		out->pii[k] = cp->pii[k];
		out->pii_examples[k] = masked_examples(cp, (enum pii_kind)k);
	}
	/* Rule 17: a direct identifier counts only when at least 80% of the
	 * non-missing cells have its shape (5 * shaped >= 4 * non-missing), and
	 * the column is not a code of one or two values (Y/N, yes/no). */
	if (cp->direct != PII_NKINDS) {
		double present = p->rows - cp->missing, distinct = column_distinct(cp);
		if (cp->direct_cells > 0 && 5 * cp->direct_cells >= 4 * present &&
		    (distinct >= 3 || distinct == present)) {
			out->pii[cp->direct] = cp->direct_cells;
		} else {
			out->pii[cp->direct] = 0;
			free(out->pii_examples[cp->direct]);
			out->pii_examples[cp->direct] = NULL;
		}
	}
	if (cp->over)
		return;
	size_t n = cp->levels.count;
	out->nlevels = n;
	out->level_count = xcalloc(n ? n : 1, sizeof *out->level_count);
	size_t *perm = sort_levels(cp, n);
	if (cp->numeric)
		out->level_value = xcalloc(n ? n : 1, sizeof *out->level_value);
	for (size_t l = 0; l < n; l++) {
		if (cp->numeric)
			out->level_value[perm[l]] = cp->level_value[l];
		out->level_count[perm[l]] = cp->level_count[l];
	}
	/* Re-key the pair maps to the sorted order in place: they are only
	 * iterated from now on, never probed, so the slots need not move. */
	struct u64map_entry *e;
	for (size_t i = 0; (e = u64map_next(&cp->groups.pairs, &i));)
		e->key = (uint64_t)perm[e->key >> 32] << 32 | (e->key & 0xffffffffu);
	free(perm);
	if (cp->numeric && n)
		level_moments(cp, out->level_value);
	out->shift = cp->shift;
}

struct term {
	long group;
	double x;
};

static int by_group_then_value(const void *a, const void *b)
{
	const struct term *s = a, *t = b;
	if (s->group != t->group)
		return s->group < t->group ? -1 : 1;
	return (s->x > t->x) - (s->x < t->x);
}

/*
 * The tuples' moments summed per group (group_of[pt], -1: none) into
 * out[group * stride + k], each group's terms added in ascending order,
 * so that the rounding does not depend on how the tuples were numbered.
 */
static void moments_by_group(const struct group_counts *gc, size_t ntuples, const long *group_of, double *out,
			     size_t stride)
{
	size_t n = gc->cap < ntuples ? gc->cap : ntuples;
	struct term *terms = xcalloc(n + 1, sizeof *terms);
	for (int k = 0; k < 3; k++) {
		size_t m = 0;
		for (size_t pt = 0; pt < n; pt++)
			if (group_of[pt] >= 0)
				terms[m++] = (struct term){group_of[pt], gc->moments[pt * 3 + (size_t)k]};
		qsort(terms, m, sizeof *terms, by_group_then_value);
		for (size_t i = 0; i < m; i++)
			out[(size_t)terms[i].group * stride + (size_t)k] += terms[i].x;
	}
	free(terms);
}

/* Rule 15: one column's per-tuple counts summed per label class. */
static void finish_class_counts(struct profile *p, size_t c, struct column_counts *col, const long *class_of,
				size_t ntuples, size_t nclasses)
{
	struct group_counts *gc = &p->cols[c].groups;
	col->class_missing = xcalloc(nclasses + 1, sizeof *col->class_missing);
	if (col->numeric)
		col->class_moments = xcalloc(nclasses * 3 + 1, sizeof *col->class_moments);
	for (size_t pt = 0; pt < gc->cap && pt < ntuples; pt++)
		if (class_of[pt] >= 0)
			col->class_missing[class_of[pt]] += gc->missing[pt];
	if (col->numeric)
		moments_by_group(gc, ntuples, class_of, col->class_moments, 3);
	if (!col->nlevels)
		return;
	col->class_levels = xcalloc(nclasses * col->nlevels + 1, sizeof *col->class_levels);
	struct u64map_entry *e;
	for (size_t i = 0; (e = u64map_next(&gc->pairs, &i));) {
		size_t level = (size_t)(e->key >> 32), pt = (size_t)(e->key & 0xffffffffu);
		if (pt < ntuples && class_of[pt] >= 0)
			col->class_levels[(size_t)class_of[pt] * col->nlevels + level] += (double)e->val;
	}
}

/* Rule 16: does column b hold the same cells as column a in every row? */
static int same_cells(const struct profile *p, const struct count_tables *ct, size_t a, size_t b)
{
	const struct column_profile *pa = &p->cols[a], *pb = &p->cols[b];
	const struct column_counts *ca = &ct->columns[a], *cb = &ct->columns[b];
	if (pa->type != pb->type || pa->chain != pb->chain || ca->missing != cb->missing ||
	    ca->distinct != cb->distinct || ca->nlevels != cb->nlevels || pa->groups.cap != pb->groups.cap)
		return 0;
	size_t n = ca->nlevels, cap = pa->groups.cap;
	if (n && (memcmp(ca->level_count, cb->level_count, n * sizeof *ca->level_count) != 0 ||
		  (ca->level_value && memcmp(ca->level_value, cb->level_value, n * sizeof *ca->level_value) != 0)))
		return 0;
	return cap == 0 || (memcmp(pa->groups.missing, pb->groups.missing, cap * sizeof *pa->groups.missing) == 0 &&
			    memcmp(pa->groups.moments, pb->groups.moments, cap * 3 * sizeof *pa->groups.moments) == 0);
}

static void find_duplicate_columns(const struct profile *p, struct count_tables *ct)
{
	for (size_t b = 1; b < ct->ncolumns; b++)
		for (size_t a = 0; a < b; a++)
			if (same_cells(p, ct, a, b)) {
				ct->columns[b].same_as = a + 1;
				break;
			}
}

/* Spreads one column's per-tuple counts over the groups of a single attribute table. */
static void finish_table_column(struct profile *p, size_t c, const struct column_counts *col,
				struct count_table *t, const size_t *group_of, size_t ntuples)
{
	struct group_counts *gc = &p->cols[c].groups;
	size_t nc = p->spec.ncolumns;
	long *group = xcalloc(ntuples + 1, sizeof *group);
	for (size_t pt = 0; pt < ntuples; pt++)
		group[pt] = (long)group_of[pt];
	for (size_t pt = 0; pt < gc->cap && pt < ntuples; pt++)
		t->missing[group_of[pt] * nc + c] += gc->missing[pt];
	moments_by_group(gc, ntuples, group, t->moments + c * 3, nc * 3);
	free(group);
	if (!col->nlevels)
		return;
	t->levels[c] = xcalloc(t->ngroups * col->nlevels + 1, sizeof *t->levels[c]);
	struct u64map_entry *e;
	for (size_t i = 0; (e = u64map_next(&gc->pairs, &i));) {
		size_t level = (size_t)(e->key >> 32), pt = (size_t)(e->key & 0xffffffffu);
		t->levels[c][group_of[pt] * col->nlevels + level] += (double)e->val;
	}
}

/* Reads a sort from its start, with a progress line when asked. */
static int sort_pass_begin(struct spill *s, int rewind, struct progress *pg, int progress, const char *label,
			   const char *unit, struct audit_err *err)
{
	int e = rewind ? spill_rewind(s, err) : spill_sort(s, err);
	if (!e) {
		progress_start(pg, progress, label, spill_records(s));
		pg->unit = unit;
	}
	return e;
}

/* The next record of a sort pass, counted on its progress line: 1, or 0 at the end or on an error (in *e). */
static int pass_next(struct spill *s, struct progress *pg, uint64_t *done, const uint64_t **r, int *e,
		     struct audit_err *err)
{
	int got = spill_next(s, r, err);
	if (got == 1) {
		++*done;
		progress_update(pg, *done, *done);
		return 1;
	}
	if (got != 0)
		*e = got;
	return 0;
}

/*
 * Rules 11 and 12 read their sorts alike: records equal in their first two
 * words (a fingerprint) are one run, a row set or an equivalence class, and
 * the third words (labels, sensitive values) are sorted within it.
 */
struct run {
	double size;      /* records in the run */
	double distinct;  /* distinct third words in it, `skip` aside */
};

static int each_run(struct spill *s, const uint64_t *skip, void (*fn)(void *ctx, const struct run *run), void *ctx,
		    int progress, const char *label, struct audit_err *err)
{
	struct progress pg;
	int e = sort_pass_begin(s, 0, &pg, progress, label, "rows", err);
	struct run run = {0, 0};
	uint64_t prev[3] = {0, 0, 0}, done = 0;
	const uint64_t *r;
	while (!e && pass_next(s, &pg, &done, &r, &e, err)) {
		int counted = !skip || r[2] != *skip;
		if (run.size > 0 && r[0] == prev[0] && r[1] == prev[1]) {
			run.size += 1;
			run.distinct += r[2] != prev[2] && counted;
		} else {
			if (run.size > 0)
				fn(ctx, &run);
			run.size = 1;
			run.distinct = counted;
		}
		memcpy(prev, r, sizeof prev);
	}
	progress_end(&pg);
	if (!e && run.size > 0)
		fn(ctx, &run);
	return e;
}

struct duplicates { double distinct, conflicting_rows, conflicting_sets; };

static void duplicate_run(void *ctx, const struct run *run)
{
	struct duplicates *dup = ctx;
	dup->distinct += run->distinct;
	if (run->distinct >= 2) {
		dup->conflicting_rows += run->size;
		dup->conflicting_sets += 1;
	}
}

/* Rule 11: duplicate rows and conflicting labels from the rows sorted by fingerprint, then label. */
static int count_duplicates(struct profile *p, struct dataset_counts *d, int progress, struct audit_err *err)
{
	struct duplicates dup = {0, 0, 0};
	int e = each_run(p->row_sort, NULL, duplicate_run, &dup, progress, "counting duplicate rows", err);
	d->duplicate_rows = p->rows - dup.distinct;
	d->conflicting_rows = d->conflicting_sets = NAN;
	if (p->spec.label >= 0) {
		d->conflicting_rows = dup.conflicting_rows;
		d->conflicting_sets = dup.conflicting_sets;
	}
	return e;
}

struct classes {
	struct u64map sizes;  /* class size -> classes of that size */
	double fewest;        /* fewest distinct sensitive values in a class */
};

static void class_run(void *ctx, const struct run *run)
{
	struct classes *cl = ctx;
	*u64map_slot(&cl->sizes, (uint64_t)run->size, NULL) += 1;
	cl->fewest = fmin(cl->fewest, run->distinct);
}

/* Rule 12: the classes' sizes (as a histogram) and their fewest sensitive values, from the sorted rows. */
static int count_classes(struct profile *p, struct dataset_counts *d, int progress, struct audit_err *err)
{
	struct classes cl = {.fewest = INFINITY};
	const uint64_t missing = KEY_MISSING;
	int e = each_run(p->class_sort, &missing, class_run, &cl, progress, "counting equivalence classes", err);
	struct u64map_entry *hist = xcalloc(cl.sizes.count + 1, sizeof *hist), *en;
	size_t n = 0;
	for (size_t i = 0; (en = u64map_next(&cl.sizes, &i));)
		hist[n++] = *en;
	u64map_free(&cl.sizes);
	qsort(hist, n, sizeof *hist, by_key);
	d->class_size = xcalloc(n + 1, sizeof *d->class_size);
	d->class_count = xcalloc(n + 1, sizeof *d->class_count);
	d->nsizes = n;
	d->nclasses = 0;
	for (size_t i = 0; i < n; i++) {
		d->class_size[i] = (double)hist[i].key;
		d->class_count[i] = (double)hist[i].val;
		d->nclasses += d->class_count[i];
	}
	free(hist);
	d->min_sensitive = p->spec.sensitive >= 0 && n ? cl.fewest : NAN;
	return e;
}

/*
 * The rows' and the classes' sorts (rules 11 and 12) are each read in a
 * thread of their own while the calling thread reads the cells' (rule
 * 19): the three sorts share nothing, and each job fills its own fields
 * of d. The threads draw no progress line; the cells' pass draws one.
 */
struct sort_job {
	struct profile *p;
	struct dataset_counts *d;
	int (*read)(struct profile *p, struct dataset_counts *d, int progress, struct audit_err *err);
	pthread_t thread;
	int threaded;
	int error;
	struct audit_err err;
};

static void *run_sort_job(void *arg)
{
	struct sort_job *job = arg;
	job->error = job->read(job->p, job->d, 0, &job->err);
	return NULL;
}

static void sort_job_start(struct sort_job *job)
{
	job->threaded = pthread_create(&job->thread, NULL, run_sort_job, job) == 0;
}

/* Waits for the job (or runs it here, when it got no thread); returns e, else the job's error. */
static int sort_job_end(struct sort_job *job, int e, struct audit_err *err)
{
	if (job->threaded)
		pthread_join(job->thread, NULL);
	else
		run_sort_job(job);
	if (!e && job->error) {
		*err = job->err;
		e = job->error;
	}
	return e;
}

/* After count_cells (the id's distinct values) and count_row_sorts. */
static void finish_dataset(struct profile *p, struct count_tables *ct)
{
	struct dataset_counts *d = &ct->dataset;
	d->id_duplicates = d->id_missing = NAN;
	if (p->spec.id >= 0) {
		const struct column_profile *cp = &p->cols[p->spec.id];
		d->id_missing = cp->missing;
		d->id_duplicates = p->rows - cp->missing - column_distinct(cp);
	}
	for (size_t i = 0; i < p->ncandidates; i++)
		d->candidate[i] = p->candidate[i];
	d->ncandidates = p->ncandidates;
}

/*
 * Rule 19: one numeric column's order statistics. The cells sort visits
 * its values in ascending order; each distinct value's cells are gathered
 * per tuple (acc, with the tuples touched listed once) and handed to the
 * ordered pass. Equal numbers from different keys (integers past 2^53 that
 * round alike) are one value.
 */
struct cells_pass {
	struct column_profile *col; /* a numeric column's: its moments are summed here (level_moments' rule) */
	int first;                  /* its smallest value is still to come */
	struct ordered *ord;        /* or NULL: its order statistics are not wanted */
	double *acc;            /* [tuple]: cells of the current value */
	uint32_t *touched;      /* tuples with acc > 0 */
	double *counts;         /* acc of touched, in order */
	size_t ntouched;
	double x;
	int pending;
};

static void flush_value(struct cells_pass *cp)
{
	if (!cp->pending)
		return;
	if (cp->first) {
		cp->col->shift = cp->x;
		cp->first = 0;
	}
	double d = cp->x - cp->col->shift;
	for (size_t k = 0; k < cp->ntouched; k++) {
		double w = cp->acc[cp->touched[k]], *m = &cp->col->groups.moments[(size_t)cp->touched[k] * 3];
		m[1] += w * d;
		m[2] += w * d * d;
		cp->counts[k] = w;
		cp->acc[cp->touched[k]] = 0;
	}
	if (cp->ord)
		ordered_value(cp->ord, cp->x, cp->touched, cp->counts, cp->ntouched);
	cp->ntouched = 0;
	cp->pending = 0;
}

static void cells_value(struct cells_pass *cp, double x, uint32_t pt)
{
	if (cp->pending && x != cp->x)
		flush_value(cp);
	cp->x = x;
	cp->pending = 1;
	if (cp->acc[pt] == 0)
		cp->touched[cp->ntouched++] = pt;
	cp->acc[pt] += 1;
}

/* The single-attribute tables, which get order statistics. */
static size_t member_tables(const struct count_tables *ct, size_t *which)
{
	size_t n = 0;
	for (size_t i = 0; i < ct->ntables; i++)
		if (ct->tables[i].member >= 0)
			which[n++] = i;
	return n;
}

static struct ordered *ordered_for(struct profile *p, size_t c, struct count_tables *ct,
				   const size_t *const *group_of_tuple, size_t ntuples, const size_t *which,
				   size_t nwhich, double *unit_n, size_t *ngroups, const size_t **group_of)
{
	const struct group_counts *gc = &p->cols[c].groups;
	for (size_t pt = 0; pt < ntuples; pt++)
		unit_n[pt] = pt < gc->cap ? gc->moments[pt * 3] : 0;
	for (size_t i = 0; i < nwhich; i++) {
		const struct count_table *t = &ct->tables[which[i]];
		ngroups[i] = t->ngroups;
		group_of[i] = group_of_tuple[t->member];
	}
	struct ordered_spec spec = {.nunits = ntuples, .unit_n = unit_n, .ntables = nwhich, .ngroups = ngroups,
				    .group_of = group_of};
	return ordered_new(&spec);
}

static void ordered_done(struct cells_pass *pass, size_t c, struct count_tables *ct, const size_t *which,
			 size_t nwhich)
{
	flush_value(pass);
	struct group_order **out = xcalloc(nwhich + 1, sizeof *out);
	for (size_t i = 0; i < nwhich; i++) {
		struct count_table *t = &ct->tables[which[i]];
		if (!t->order)
			t->order = xcalloc(ct->ncolumns, sizeof *t->order);
		t->order[c] = xcalloc(t->ngroups + 1, sizeof *t->order[c]);
		out[i] = t->order[c];
	}
	struct column_counts *col = &ct->columns[c];
	ordered_finish(pass->ord, out, &col->q1, &col->median, &col->q3);
	col->ordered = 1;
	free(out);
	ordered_free(pass->ord);
	pass->ord = NULL;
}

/* Rule 19, second pass: cells outside each ordered column's fences (quality.h rule 10). */
static int count_outside(struct profile *p, struct count_tables *ct, int progress, struct audit_err *err)
{
	double *lo = xcalloc(ct->ncolumns, sizeof *lo), *hi = xcalloc(ct->ncolumns, sizeof *hi);
	int any = 0;
	for (size_t c = 0; c < ct->ncolumns; c++) {
		lo[c] = hi[c] = NAN;
		if (ct->columns[c].ordered && quality_outlier_fences(ct->columns[c].q1, ct->columns[c].q3, &lo[c],
								      &hi[c]) == 0)
			any = 1;
	}
	if (!any) {
		free(lo);
		free(hi);
		return AUDIT_OK;
	}
	struct progress pg;
	int e = sort_pass_begin(p->cell_sort, 1, &pg, progress, "counting outliers", "cells", err);
	const uint64_t *r;
	uint64_t done = 0;
	while (!e && pass_next(p->cell_sort, &pg, &done, &r, &e, err)) {
		size_t c = (size_t)r[0];
		if (isnan(lo[c]))
			continue;
		double x = sorted_value(&p->cols[c], r[1]);
		if (x < lo[c] || x > hi[c])
			ct->columns[c].outside += 1;
	}
	progress_end(&pg);
	free(lo);
	free(hi);
	return e;
}

/*
 * Rule 19: the columns past LEVELS_MAX, from the cells sorted by column,
 * value and tuple: each column's distinct values, and a numeric column's
 * order statistics (tables.h struct group_order) for every single-attribute
 * table.
 */
static int count_cells(struct profile *p, struct count_tables *ct, const size_t *const *group_of_tuple,
		       size_t ntuples, int progress, struct audit_err *err)
{
	if (!p->cell_sort)
		return AUDIT_OK;
	struct progress pg;
	int e = sort_pass_begin(p->cell_sort, 0, &pg, progress, "ordering values", "cells", err);
	size_t *which = xcalloc(ct->ntables + 1, sizeof *which), nwhich = member_tables(ct, which);
	double *unit_n = xcalloc(ntuples + 1, sizeof *unit_n);
	size_t *ngroups = xcalloc(nwhich + 1, sizeof *ngroups);
	const size_t **group_of = xcalloc(nwhich + 1, sizeof *group_of);
	struct cells_pass pass = {.acc = xcalloc(ntuples + 1, sizeof *pass.acc),
				  .touched = xcalloc(ntuples + 1, sizeof *pass.touched),
				  .counts = xcalloc(ntuples + 1, sizeof *pass.counts)};
	uint64_t prev[2] = {UINT64_MAX, 0}, done = 0;
	const uint64_t *r;
	while (!e && pass_next(p->cell_sort, &pg, &done, &r, &e, err)) {
		size_t c = (size_t)r[0];
		struct column_profile *cp = &p->cols[c];
		if (r[0] != prev[0]) {
			flush_value(&pass);
			if (pass.ord)
				ordered_done(&pass, (size_t)prev[0], ct, which, nwhich);
			pass.col = cp->numeric ? cp : NULL;
			pass.first = 1;
			/* An id's order statistics would feed no record (quality.c and
			 * column_bias.c leave ids out): it gives only its distinct values. */
			if (cp->numeric && (long)c != p->spec.id)
				pass.ord = ordered_for(p, c, ct, group_of_tuple, ntuples, which, nwhich, unit_n, ngroups,
						       group_of);
		}
		if (r[0] != prev[0] || r[1] != prev[1])
			cp->distinct += 1;
		if (pass.col && r[2] < ntuples)
			cells_value(&pass, sorted_value(cp, r[1]), (uint32_t)r[2]);
		prev[0] = r[0];
		prev[1] = r[1];
	}
	progress_end(&pg);
	flush_value(&pass);
	if (!e && pass.ord)
		ordered_done(&pass, (size_t)prev[0], ct, which, nwhich);
	if (pass.ord)
		ordered_free(pass.ord);
	free(pass.acc);
	free(pass.touched);
	free(pass.counts);
	free(which);
	free(unit_n);
	free(ngroups);
	free(group_of);
	return e ? e : count_outside(p, ct, progress, err);
}

/* Rules 11 and 12 from an engine's figures (profile_grouped) instead of the sorts. */
static void grouped_dataset_counts(const struct profile *p, struct dataset_counts *d)
{
	const struct grouped_dataset *g = &p->given;
	d->duplicate_rows = p->rows - g->distinct_rows;
	d->conflicting_rows = d->conflicting_sets = NAN;
	if (p->spec.label >= 0) {
		d->conflicting_rows = g->conflicting_rows;
		d->conflicting_sets = g->conflicting_sets;
	}
	if (!p->spec.nquasi)
		return;
	d->class_size = xcalloc(g->nsizes + 1, sizeof *d->class_size);
	d->class_count = xcalloc(g->nsizes + 1, sizeof *d->class_count);
	d->nsizes = g->nsizes;
	d->nclasses = 0;
	for (size_t i = 0; i < g->nsizes; i++) {
		d->class_size[i] = g->class_size[i];
		d->class_count[i] = g->class_count[i];
		d->nclasses += g->class_count[i];
	}
	d->min_sensitive = p->spec.sensitive >= 0 && g->nsizes ? g->min_sensitive : NAN;
}

int profile_finish(struct profile *p, struct count_tables *ct, const size_t *const *group_of_tuple,
		   const long *class_of_tuple, size_t ntuples, int progress, struct audit_err *err)
{
	if (p->failed)
		return p->failed;
	size_t nc = p->spec.ncolumns;
	ct->ncolumns = nc;
	ct->columns = xcalloc(nc ? nc : 1, sizeof *ct->columns);
	for (size_t c = 0; c < nc; c++)
		pairs_settle(&p->cols[c].groups);
	ct->dataset.min_sensitive = NAN;
	int rows_sorted = !p->grouped, e;
	struct sort_job dup = {.p = p, .d = &ct->dataset, .read = count_duplicates};
	struct sort_job classes = {.p = p, .d = &ct->dataset, .read = count_classes};
	if (rows_sorted) {
		sort_job_start(&dup);
		if (p->spec.nquasi)
			sort_job_start(&classes);
	} else
		grouped_dataset_counts(p, &ct->dataset);
	e = count_cells(p, ct, group_of_tuple, ntuples, progress, err);
	if (rows_sorted) {
		e = sort_job_end(&dup, e, err);
		if (p->spec.nquasi)
			e = sort_job_end(&classes, e, err);
	}
	if (e)
		return e;
	for (size_t c = 0; c < nc; c++) {
		finish_column(p, c, &ct->columns[c]);
		if (class_of_tuple)
			finish_class_counts(p, c, &ct->columns[c], class_of_tuple, ntuples, ct->nclasses);
	}
	if (rows_sorted)
		find_duplicate_columns(p, ct);
	else
		for (size_t c = 0; c < nc; c++)
			ct->columns[c].same_as = p->given_same[c];
	for (size_t i = 0; i < ct->ntables; i++) {
		struct count_table *t = &ct->tables[i];
		if (t->member < 0)
			continue;
		t->missing = xcalloc(t->ngroups * nc + 1, sizeof *t->missing);
		t->moments = xcalloc(t->ngroups * nc * 3 + 1, sizeof *t->moments);
		t->levels = xcalloc(nc ? nc : 1, sizeof *t->levels);
		for (size_t c = 0; c < nc; c++)
			finish_table_column(p, c, &ct->columns[c], t, group_of_tuple[t->member], ntuples);
	}
	finish_dataset(p, ct);
	return AUDIT_OK;
}
