/*
 * profile.c — per-column and per-row tallies of the counting scan (see
 * profile.h). Everything is a count in a u64map or a growable array, so
 * memory follows the number of distinct values, never the number of rows;
 * the exceptions are the duplicate map, sized up front for every row, and
 * the equivalence-class map: 32 to 64 bytes a row (an exact answer needs
 * one key per distinct row). Without configured quasi-identifiers the same
 * map counts the classes of the candidate ones (rule 18), so it is bounded
 * by their classes.
 */
#include "profile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pii.h"
#include "u64map.h"
#include "util.h"

#define KEY_MISSING 0x8f1bbcdc6d697373ull /* the key of a missing cell (rule 9) */
#define TEXT_SEED 0x74657874u
#define PII_EXAMPLES 3
/* Integers this large may be card numbers or phone numbers without separators (rule 13). */
#define PII_MIN_INTEGER 100000000

/*
 * One column's counts per combination of the protected attributes' values
 * (count.c's protected tuple, pt): one tally per cell whatever the number of
 * attributes; each attribute's groups are marginals of it (profile_finish).
 */
struct group_counts {
	struct u64map pairs;   /* (level << 32 | pt) → rows */
	double *missing;       /* [pt] */
	double *moments;       /* [pt * 3 + {0,1,2}]: n, sum and sum of squares of x - shift */
	size_t cap;
};

struct column_profile {
	enum col_type type;
	int numeric;
	struct u64map levels;  /* value key → level index; past LEVELS_MAX only a set */
	int over;              /* more than LEVELS_MAX distinct values (rule 10) */
	double *level_value, *level_count;
	size_t level_cap;
	double missing, numbers, texts, out_of_domain;
	int shift_set;
	double shift;
	struct group_counts groups;
	uint64_t chain;        /* rule 16: the hash of the column's cells in row order */
	double pii[PII_NKINDS];
	struct strbuf examples[PII_NKINDS];
	int nexamples[PII_NKINDS];
	enum pii_kind direct;  /* rule 17: PII_PERSON_NAME or PII_BIRTH_DATE by the column's name, else PII_NKINDS */
	double direct_cells;   /* non-missing cells with that kind's shape */
	const struct domain *domain;
};

struct profile {
	struct profile_spec spec;
	struct column_profile *cols;
	double rows;
	/* Rule 11: feature-row hash → label level (low 32 bits), rows (bits 32-62), conflict (bit 63). */
	struct u64map rows_seen;
	struct u64map label_pairs;   /* (feature-row, label) pairs of conflicting rows */
	double distinct_rows;        /* distinct (features, label) combinations */
	/* Rule 12 */
	struct u64map classes;       /* quasi-identifier hash → class index */
	struct u64map class_pairs;   /* (class, sensitive value) seen */
	double *class_size, *class_sensitive;
	size_t nclasses, class_cap;
	size_t candidate[DATASET_CANDIDATES_MAX]; /* rule 18: candidate quasi-identifiers, when none configured */
	size_t ncandidates;
	long today;                  /* rule 17: the audit's day, YYYYMMDD (UTC) */
	uint64_t *keys;              /* the current row's cell keys (scratch) */
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
	u64map_reserve(&p->rows_seen, spec->rows);
	p->keys = xcalloc(spec->ncolumns + 1, sizeof *p->keys);
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
	return p;
}

static void drop_levels(struct column_profile *cp)
{
	free(cp->level_value);
	free(cp->level_count);
	cp->level_value = cp->level_count = NULL;
	u64map_free(&cp->groups.pairs);
}

void profile_free(struct profile *p)
{
	if (!p)
		return;
	for (size_t c = 0; c < p->spec.ncolumns; c++) {
		struct column_profile *cp = &p->cols[c];
		drop_levels(cp);
		u64map_free(&cp->levels);
		free(cp->groups.missing);
		free(cp->groups.moments);
		for (int k = 0; k < PII_NKINDS; k++)
			strbuf_free(&cp->examples[k]);
	}
	free(p->cols);
	u64map_free(&p->rows_seen);
	u64map_free(&p->label_pairs);
	u64map_free(&p->classes);
	u64map_free(&p->class_pairs);
	free(p->class_size);
	free(p->class_sensitive);
	free(p->keys);
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

/* The level of a present value, or -1 once the column has too many (rule 10). */
static long column_level(struct column_profile *cp, uint64_t key, const struct typed_value *v)
{
	int added;
	uint64_t *slot = u64map_slot(&cp->levels, key, &added);
	if (cp->over)
		return -1;
	if (added) {
		size_t level = cp->levels.count - 1;
		if (level >= LEVELS_MAX) {
			cp->over = 1;
			drop_levels(cp);
			return -1;
		}
		if (level == cp->level_cap) {
			cp->level_cap = cp->level_cap ? cp->level_cap * 2 : 16;
			cp->level_value = xrealloc(cp->level_value, cp->level_cap * sizeof *cp->level_value);
			cp->level_count = xrealloc(cp->level_count, cp->level_cap * sizeof *cp->level_count);
		}
		cp->level_value[level] = cp->numeric ? number_of(v) : 0;
		cp->level_count[level] = 0;
		*slot = level;
	}
	cp->level_count[*slot] += 1;
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

static void pii_note(struct column_profile *cp, const char *s, size_t len)
{
	struct pii_match m[PII_NKINDS];
	unsigned found = pii_scan(s, len, m);
	for (int k = 0; found && k < PII_NKINDS; k++) {
		if (!(found & (1u << k)))
			continue;
		cp->pii[k] += 1;
		if (cp->nexamples[k] < PII_EXAMPLES) {
			char masked[PII_MASK_MAX];
			pii_mask((enum pii_kind)k, s + m[k].start, m[k].len, masked);
			strbuf_printf(&cp->examples[k], "%s%s", cp->nexamples[k] ? ", " : "", masked);
			cp->nexamples[k]++;
		}
	}
}

/* Rule 17: a cell of a column named like a direct identifier, tested for its shape. */
static void direct_note(struct column_profile *cp, const char *s, size_t len, long today)
{
	int shape = cp->direct == PII_PERSON_NAME ? pii_name_shape(s, len) : pii_birth_date_shape(s, len, today);
	if (!shape)
		return;
	cp->direct_cells += 1;
	int k = (int)cp->direct;
	if (cp->nexamples[k] < PII_EXAMPLES) {
		char masked[PII_MASK_MAX];
		pii_mask(cp->direct, s, len, masked);
		strbuf_printf(&cp->examples[k], "%s%s", cp->nexamples[k] ? ", " : "", masked);
		cp->nexamples[k]++;
	}
}

static void check_domain(struct column_profile *cp, const struct typed_value *v)
{
	char buf[32];
	int is_number = v->type != COL_TEXT;
	const char *text;
	if (v->type == COL_TEXT) {
		/* domain_contains wants a C string; text cells are NUL-terminated by SQLite. */
		text = v->s;
	} else if (v->type == COL_REAL) {
		text = format_shortest(v->d, buf);
	} else {
		snprintf(buf, sizeof buf, "%lld", (long long)v->i);
		text = buf;
	}
	if (!domain_contains(cp->domain, text, is_number, is_number ? number_of(v) : 0))
		cp->out_of_domain += 1;
}

static void profile_cell(struct column_profile *cp, const struct typed_value *v, uint64_t key, uint32_t pt,
			 long today)
{
	struct group_counts *gc = &cp->groups;
	groups_reserve(gc, pt);
	if (v->type == COL_UNKNOWN) {
		cp->missing += 1;
		gc->missing[pt] += 1;
		return;
	}
	long level = column_level(cp, key, v);
	if (level >= 0)
		*u64map_slot(&gc->pairs, (uint64_t)level << 32 | pt, NULL) += 1;
	if (cp->numeric) {
		double x = number_of(v);
		if (!cp->shift_set) {
			cp->shift = x;
			cp->shift_set = 1;
		}
		double d = x - cp->shift, *m = &gc->moments[(size_t)pt * 3];
		m[0] += 1;
		m[1] += d;
		m[2] += d * d;
	}
	if (v->type == COL_TEXT) {
		if (number_like(v->s, v->len))
			cp->numbers += 1;
		else
			cp->texts += 1;
		pii_note(cp, v->s, v->len);
	} else if (v->type == COL_INTEGER && cp->type == COL_INTEGER &&
		   (v->i >= PII_MIN_INTEGER || v->i <= -PII_MIN_INTEGER)) {
		char buf[24];
		int n = snprintf(buf, sizeof buf, "%lld", (long long)v->i);
		pii_note(cp, buf, (size_t)n);
	}
	if (cp->direct != PII_NKINDS) {
		if (v->type == COL_TEXT)
			direct_note(cp, v->s, v->len, today);
		else if (v->type == COL_INTEGER) {
			char buf[24];
			int n = snprintf(buf, sizeof buf, "%lld", (long long)v->i);
			direct_note(cp, buf, (size_t)n, today);
		}
	}
	if (cp->domain)
		check_domain(cp, v);
}

/* Rule 11: one row's feature hash and label key. */
static void note_duplicates(struct profile *p, uint64_t features, uint64_t label_key)
{
	uint32_t label = (uint32_t)(label_key ^ (label_key >> 32));
	int added;
	uint64_t *slot = u64map_slot(&p->rows_seen, features, &added);
	if (added) {
		*slot = label | (uint64_t)1 << 32;
		p->distinct_rows += 1;
		return;
	}
	uint64_t rows = (*slot >> 32) & 0x7fffffffu;
	int conflict = (int)(*slot >> 63);
	if (!conflict && (uint32_t)*slot != label) {
		conflict = 1;
		u64map_slot(&p->label_pairs, hash_mix(features ^ (uint32_t)*slot), NULL);
	}
	if (conflict) {
		u64map_slot(&p->label_pairs, hash_mix(features ^ label), &added);
		if (added)
			p->distinct_rows += 1;
	}
	if (rows < 0x7fffffffu)
		rows++;
	*slot = (uint32_t)*slot | rows << 32 | (uint64_t)conflict << 63;
}

/* Rule 12: the row's equivalence class and its sensitive value. */
static void note_class(struct profile *p, const uint64_t *keys)
{
	uint64_t h = 0x636c617373ull;
	for (size_t i = 0; i < p->spec.nquasi; i++)
		h = hash_mix(h ^ keys[p->spec.quasi[i]]) + i;
	int added;
	uint64_t *slot = u64map_slot(&p->classes, h, &added);
	if (added) {
		if (p->nclasses == p->class_cap) {
			p->class_cap = p->class_cap ? p->class_cap * 2 : 64;
			p->class_size = xrealloc(p->class_size, p->class_cap * sizeof *p->class_size);
			p->class_sensitive = xrealloc(p->class_sensitive, p->class_cap * sizeof *p->class_sensitive);
		}
		p->class_size[p->nclasses] = 0;
		p->class_sensitive[p->nclasses] = 0;
		*slot = p->nclasses++;
	}
	size_t cls = (size_t)*slot;
	p->class_size[cls] += 1;
	if (p->spec.sensitive >= 0 && keys[p->spec.sensitive] != KEY_MISSING) {
		u64map_slot(&p->class_pairs, hash_mix(h ^ hash_mix(keys[p->spec.sensitive])), &added);
		if (added)
			p->class_sensitive[cls] += 1;
	}
}

void profile_row(struct profile *p, const struct typed_value *cells, uint32_t pt)
{
	uint64_t *keys = p->keys;
	uint64_t features = 0x726f77ull;
	p->rows += 1;
	/* Keys first, each map's slot requested ahead: the misses in the large
	 * maps (an id column's values, the rows) then overlap instead of queueing. */
	for (size_t c = 0; c < p->spec.ncolumns; c++) {
		keys[c] = cell_key(&cells[c], p->cols[c].type);
		p->cols[c].chain = hash_mix(p->cols[c].chain ^ keys[c]) + 1;   /* rule 16 */
		if (cells[c].type != COL_UNKNOWN)
			u64map_prefetch(&p->cols[c].levels, keys[c]);
		if ((long)c != p->spec.label && (long)c != p->spec.id)
			features = hash_mix(features ^ keys[c]) + c;
	}
	u64map_prefetch(&p->rows_seen, features);
	for (size_t c = 0; c < p->spec.ncolumns; c++)
		profile_cell(&p->cols[c], &cells[c], keys[c], pt, p->today);
	note_duplicates(p, features, p->spec.label >= 0 ? keys[p->spec.label] : 0);
	if (p->spec.nquasi)
		note_class(p, keys);
}

/* Sorts a numeric column's levels by value: perm[old] = new. */
static size_t *sort_levels(struct column_profile *cp, size_t n)
{
	size_t *order = xcalloc(n ? n : 1, sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	/* Insertion sort would be quadratic on 16k levels: merge sort by value. */
	size_t *tmp = xcalloc(n ? n : 1, sizeof *tmp);
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] = cp->level_value[order[j]] < cp->level_value[order[i]] ? order[j++] : order[i++];
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
	return perm;
}

static void finish_column(struct profile *p, size_t c, struct column_counts *out)
{
	struct column_profile *cp = &p->cols[c];
	out->name = xstrdup(p->spec.columns[c].name);
	out->numeric = cp->numeric;
	out->real = cp->type == COL_REAL;
	out->role = p->spec.roles[c];
	out->missing = cp->missing;
	out->distinct = (double)cp->levels.count;
	out->numbers = cp->numbers;
	out->texts = cp->texts;
	out->has_domain = cp->domain != NULL;
	out->out_of_domain = cp->out_of_domain;
	out->shift = cp->shift;
	for (int k = 0; k < PII_NKINDS; k++) {
		out->pii[k] = cp->pii[k];
		out->pii_examples[k] = cp->examples[k].buf;
		memset(&cp->examples[k], 0, sizeof cp->examples[k]);
	}
	/* Rule 17: a direct identifier counts only when at least 80% of the
	 * non-missing cells have its shape (5 * shaped >= 4 * non-missing), and
	 * the column is not a code of one or two values (Y/N, yes/no). */
	if (cp->direct != PII_NKINDS) {
		double present = p->rows - cp->missing, distinct = (double)cp->levels.count;
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
	if (cp->numeric) {
		size_t *perm = sort_levels(cp, n);
		out->level_value = xcalloc(n ? n : 1, sizeof *out->level_value);
		for (size_t l = 0; l < n; l++) {
			out->level_value[perm[l]] = cp->level_value[l];
			out->level_count[perm[l]] = cp->level_count[l];
		}
		/* Re-key the pair maps to the sorted order in place: they are only
		 * iterated from now on, never probed, so the slots need not move. */
		struct u64map_entry *e;
		for (size_t i = 0; (e = u64map_next(&cp->groups.pairs, &i));)
			e->key = (uint64_t)perm[e->key >> 32] << 32 | (e->key & 0xffffffffu);
		free(perm);
	} else if (n) {
		/* a column with no present cell has no level array at all */
		memcpy(out->level_count, cp->level_count, n * sizeof *out->level_count);
	}
}

/* Rule 15: one column's per-tuple counts summed per label class. */
static void finish_class_counts(struct profile *p, size_t c, struct column_counts *col, const long *class_of,
				size_t ntuples, size_t nclasses)
{
	struct group_counts *gc = &p->cols[c].groups;
	col->class_missing = xcalloc(nclasses + 1, sizeof *col->class_missing);
	if (col->numeric)
		col->class_moments = xcalloc(nclasses * 3 + 1, sizeof *col->class_moments);
	for (size_t pt = 0; pt < gc->cap && pt < ntuples; pt++) {
		long k = class_of[pt];
		if (k < 0)
			continue;
		col->class_missing[k] += gc->missing[pt];
		for (int i = 0; col->numeric && i < 3; i++)
			col->class_moments[(size_t)k * 3 + i] += gc->moments[pt * 3 + i];
	}
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
	for (size_t pt = 0; pt < gc->cap && pt < ntuples; pt++) {
		size_t g = group_of[pt];
		t->missing[g * nc + c] += gc->missing[pt];
		for (int k = 0; k < 3; k++)
			t->moments[(g * nc + c) * 3 + k] += gc->moments[pt * 3 + k];
	}
	if (!col->nlevels)
		return;
	t->levels[c] = xcalloc(t->ngroups * col->nlevels + 1, sizeof *t->levels[c]);
	struct u64map_entry *e;
	for (size_t i = 0; (e = u64map_next(&gc->pairs, &i));) {
		size_t level = (size_t)(e->key >> 32), pt = (size_t)(e->key & 0xffffffffu);
		t->levels[c][group_of[pt] * col->nlevels + level] += (double)e->val;
	}
}

static void finish_dataset(struct profile *p, struct count_tables *ct)
{
	struct dataset_counts *d = &ct->dataset;
	d->duplicate_rows = p->rows - p->distinct_rows;
	d->conflicting_rows = d->conflicting_sets = NAN;
	if (p->spec.label >= 0) {
		d->conflicting_rows = d->conflicting_sets = 0;
		struct u64map_entry *e;
		for (size_t i = 0; (e = u64map_next(&p->rows_seen, &i));) {
			if (e->val >> 63) {
				d->conflicting_rows += (double)((e->val >> 32) & 0x7fffffffu);
				d->conflicting_sets += 1;
			}
		}
	}
	d->id_duplicates = d->id_missing = NAN;
	if (p->spec.id >= 0) {
		const struct column_profile *cp = &p->cols[p->spec.id];
		d->id_missing = cp->missing;
		d->id_duplicates = p->rows - cp->missing - (double)cp->levels.count;
	}
	for (size_t i = 0; i < p->ncandidates; i++)
		d->candidate[i] = p->candidate[i];
	d->ncandidates = p->ncandidates;
	if (p->spec.nquasi) {
		d->nclasses = p->nclasses;
		d->class_size = p->class_size;
		d->class_sensitive = p->spec.sensitive >= 0 ? p->class_sensitive : NULL;
		if (p->spec.sensitive < 0)
			free(p->class_sensitive);
		p->class_size = p->class_sensitive = NULL;
	}
}

void profile_finish(struct profile *p, struct count_tables *ct, const size_t *const *group_of_tuple,
		    const long *class_of_tuple, size_t ntuples)
{
	size_t nc = p->spec.ncolumns;
	ct->ncolumns = nc;
	ct->columns = xcalloc(nc ? nc : 1, sizeof *ct->columns);
	for (size_t c = 0; c < nc; c++) {
		finish_column(p, c, &ct->columns[c]);
		if (class_of_tuple)
			finish_class_counts(p, c, &ct->columns[c], class_of_tuple, ntuples, ct->nclasses);
	}
	find_duplicate_columns(p, ct);
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
}
