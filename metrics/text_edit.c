/*
 * text_edit.c — the edit counts and rates declared in text_edit.h: splits
 * both texts into units, interns them to small integers, runs Hyyrö's
 * bit-parallel Levenshtein over what the common prefix and suffix leave,
 * and backtracks through its bit planes the way rapidfuzz does. Numbers in
 * comments refer to the conventions in text_edit.h.
 */
#include "text_edit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/*
 * A word (key: a hash of its bytes, confirmed on the bytes) or a character
 * (key: its code point or escaped byte, 1a, which says all: len is 0).
 */
struct edit_unit {
	uint64_t key;
	uint32_t off, len;      /* a word's bytes in the text */
};

#define NO_ID UINT32_MAX

void edit_scratch_init(struct edit_scratch *s)
{
	memset(s, 0, sizeof *s);
}

void edit_scratch_free(struct edit_scratch *s)
{
	free(s->units);
	free(s->ids);
	free(s->slots);
	free(s->words);
	edit_scratch_init(s);
}

/*
 * p grown to at least n elements of size bytes, by doubling, so that a
 * scratch reused for many pairs stops allocating once the longest is seen.
 */
static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n <= *cap)
		return p;
	size_t c = *cap ? *cap : 64;
	while (c < n)
		c *= 2;
	p = xrealloc(p, c * size);
	*cap = c;
	return p;
}

/*
 * The code point at s[i] and its length in bytes. A byte that starts no
 * well-formed sequence is returned alone as U+DC00 + byte (1a); the bytes
 * after it are then read afresh, which escapes each byte of a broken
 * sequence on its own, as surrogateescape does.
 */
static size_t utf8_next(const unsigned char *s, size_t len, size_t i, uint32_t *cp)
{
	unsigned char b = s[i];
	size_t need;
	uint32_t c;
	unsigned char lo = 0x80, hi = 0xBF;     /* range of the second byte */

	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b >= 0xC2 && b <= 0xDF) {
		need = 1;
		c = b & 0x1F;
	} else if (b >= 0xE0 && b <= 0xEF) {
		need = 2;
		c = b & 0x0F;
		if (b == 0xE0)
			lo = 0xA0;      /* overlong */
		else if (b == 0xED)
			hi = 0x9F;      /* surrogates */
	} else if (b >= 0xF0 && b <= 0xF4) {
		need = 3;
		c = b & 0x07;
		if (b == 0xF0)
			lo = 0x90;      /* overlong */
		else if (b == 0xF4)
			hi = 0x8F;      /* past U+10FFFF */
	} else {
		*cp = 0xDC00 + b;
		return 1;
	}
	if (len - i <= need || s[i + 1] < lo || s[i + 1] > hi) {
		*cp = 0xDC00 + b;
		return 1;
	}
	for (size_t k = 1; k <= need; k++) {
		if ((s[i + k] & 0xC0) != 0x80) {
			*cp = 0xDC00 + b;
			return 1;
		}
		c = (c << 6) | (s[i + k] & 0x3F);
	}
	*cp = c;
	return need + 1;
}

/* utf8_next, with ASCII (most text) decoded in line. */
static inline size_t next_char(const unsigned char *s, size_t len, size_t i, uint32_t *cp)
{
	if (s[i] < 0x80) {
		*cp = s[i];
		return 1;
	}
	return utf8_next(s, len, i, cp);
}

/* 1b. */
static inline int is_space(uint32_t c)
{
	if (c <= 0x20)
		return c == 0x20 || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
	if (c < 0x85)
		return 0;
	return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
	       c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* FNV-1a: words are short, and equal keys are confirmed on the bytes anyway. */
static uint64_t hash_bytes(const unsigned char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3u;
	return h;
}

/* One text's units go to s->units[base ..], at most TEXT_EDIT_MAX_UNITS of them (2d). */
struct splitter {
	struct edit_scratch *s;
	size_t base, count;
};

/*
 * Room for the most units a text of len bytes can have, within the limit,
 * so that push need not check: a character takes a byte at least, a word
 * and the space after it two.
 */
static void make_room(struct splitter *sp, size_t len, enum text_unit unit)
{
	size_t most = unit == TEXT_CHARS ? len : len / 2 + 1;
	if (most > TEXT_EDIT_MAX_UNITS)
		most = TEXT_EDIT_MAX_UNITS;
	sp->s->units = grow(sp->s->units, &sp->s->units_cap, sp->base + most, sizeof *sp->s->units);
}

static inline int push(struct splitter *sp, uint64_t key, size_t off, size_t len)
{
	if (sp->count - sp->base == TEXT_EDIT_MAX_UNITS)
		return -1;
	struct edit_unit *u = &sp->s->units[sp->count++];
	u->key = key;
	u->off = (uint32_t)off;
	u->len = (uint32_t)len;
	return 0;
}

static int push_word(struct splitter *sp, const unsigned char *t, size_t from, size_t to)
{
	return push(sp, hash_bytes(t + from, to - from), from, to - from);
}

/*
 * 1c. A whitespace run splits unless it is one character other than U+0020
 * with a word on both sides: RemoveMultipleSpaces leaves that one alone,
 * Strip only touches the ends, and the split is on " " only.
 */
static int split_words(struct splitter *sp, const unsigned char *t, size_t len)
{
	size_t pos = 0, start = 0, end = 0;
	int open = 0;
	uint32_t c;

	while (pos < len) {
		size_t n = next_char(t, len, pos, &c);
		if (!is_space(c)) {
			if (!open)
				start = pos;
			open = 1;
			pos += n;
			end = pos;
			continue;
		}
		uint32_t first = c;
		size_t run = 0;
		while (pos < len) {
			n = next_char(t, len, pos, &c);
			if (!is_space(c))
				break;
			pos += n;
			run++;
		}
		if (open && run == 1 && first != 0x20 && pos < len)
			continue;
		if (open && push_word(sp, t, start, end) < 0)
			return -1;
		open = 0;
	}
	if (open && push_word(sp, t, start, end) < 0)
		return -1;
	return 0;
}

/*
 * 1d. Whitespace after the last other character is pushed, then dropped;
 * past the unit limit it is only noted, and fails the text if a character
 * other than whitespace follows.
 */
static int split_chars(struct splitter *sp, const unsigned char *t, size_t len)
{
	size_t pos = 0, kept = sp->base;       /* kept: the units up to the last non-space */
	int started = 0, spilled = 0;
	uint32_t c;

	while (pos < len) {
		size_t n = next_char(t, len, pos, &c);
		if (!is_space(c)) {
			if (spilled || push(sp, c, pos, 0) < 0)
				return -1;
			kept = sp->count;
			started = 1;
		} else if (started) {
			if (sp->count - sp->base == TEXT_EDIT_MAX_UNITS)
				spilled = 1;
			else
				push(sp, c, pos, 0);
		}
		pos += n;
	}
	sp->count = kept;
	return 0;
}

static int split(struct splitter *sp, const unsigned char *t, size_t len, enum text_unit unit)
{
	make_room(sp, len, unit);
	return unit == TEXT_CHARS ? split_chars(sp, t, len) : split_words(sp, t, len);
}

static int same_unit(const unsigned char *ta, const struct edit_unit *a, const unsigned char *tb,
		     const struct edit_unit *b)
{
	return a->key == b->key && a->len == b->len && (!a->len || memcmp(ta + a->off, tb + b->off, a->len) == 0);
}

/* The middle parts to align, after the common prefix and suffix (2a). */
struct middle {
	const unsigned char *ta, *tb;
	const struct edit_unit *a, *b;
	size_t n, m;
};

/* Fibonacci hashing spreads both word hashes and small code points over the table. */
static size_t slot_of(uint64_t key, unsigned shift)
{
	return (size_t)((key * 0x9E3779B97F4A7C15u) >> shift);
}

/*
 * Numbers the distinct units of the hypothesis's middle 0, 1, ... into ib,
 * and gives each reference unit the number of its equal, or NO_ID, in ia:
 * units then compare as integers, and only hypothesis units need a match
 * mask (at most m of them, whatever the reference's vocabulary). Returns
 * how many numbers were given.
 */
static size_t intern(struct edit_scratch *s, const struct middle *mid, uint32_t *ia, uint32_t *ib)
{
	size_t cap = 16;
	unsigned shift = 60;
	while (cap < 2 * mid->m) {
		cap *= 2;
		shift--;
	}
	s->slots = grow(s->slots, &s->slots_cap, cap, sizeof *s->slots);
	uint32_t *slots = s->slots;     /* 1 + a hypothesis index, 0 when free */
	memset(slots, 0, cap * sizeof *slots);
	size_t mask = cap - 1, ids = 0;

	for (size_t j = 0; j < mid->m; j++) {
		const struct edit_unit *u = &mid->b[j];
		size_t h = slot_of(u->key, shift);
		for (;; h = (h + 1) & mask) {
			if (!slots[h]) {
				slots[h] = (uint32_t)j + 1;
				ib[j] = (uint32_t)ids++;
				break;
			}
			size_t k = slots[h] - 1;
			if (same_unit(mid->tb, &mid->b[k], mid->tb, u)) {
				ib[j] = ib[k];
				break;
			}
		}
	}
	for (size_t i = 0; i < mid->n; i++) {
		const struct edit_unit *u = &mid->a[i];
		size_t h = slot_of(u->key, shift);
		ia[i] = NO_ID;
		for (; slots[h]; h = (h + 1) & mask) {
			size_t k = slots[h] - 1;
			if (same_unit(mid->ta, u, mid->tb, &mid->b[k])) {
				ia[i] = ib[k];
				break;
			}
		}
	}
	return ids;
}

/*
 * Hyyrö's bit-parallel Levenshtein (2003), the reference along the bits and
 * the hypothesis along the rows, in blocks of 64 bits with the horizontal
 * carries passed on as rapidfuzz's levenshtein_hyrroe2003_block does, but
 * with no band: row j keeps VP/VN, the D[i][j] - D[i-1][j] = +1 / -1 bits,
 * for the backtrace.
 */
static void fill_planes(const uint64_t *pm, const uint32_t *ib, size_t m, size_t words, uint64_t *vp,
			uint64_t *vn)
{
	for (size_t j = 0; j < m; j++) {
		const uint64_t *eq = pm + (size_t)ib[j] * words;
		uint64_t hp_carry = 1, hn_carry = 0;    /* D[0][j] - D[0][j-1] = 1 */
		for (size_t w = 0; w < words; w++) {
			uint64_t VP = j ? vp[(j - 1) * words + w] : ~UINT64_C(0);
			uint64_t VN = j ? vn[(j - 1) * words + w] : 0;
			uint64_t X = eq[w] | hn_carry;
			uint64_t D0 = (((X & VP) + VP) ^ VP) | X | VN;
			uint64_t HP = VN | ~(D0 | VP);
			uint64_t HN = D0 & VP;
			uint64_t hp_out = HP >> 63, hn_out = HN >> 63;
			HP = (HP << 1) | hp_carry;
			HN = (HN << 1) | hn_carry;
			hp_carry = hp_out;
			hn_carry = hn_out;
			vp[j * words + w] = HN | ~(D0 | HP);
			vn[j * words + w] = HP & D0;
		}
	}
}

static int plane_bit(const uint64_t *plane, size_t words, size_t j, size_t i)
{
	return (int)((plane[j * words + i / 64] >> (i % 64)) & 1);
}

/* 2b: S, D and I of the middle parts, or -1 past the limits of 2d. */
static int align(struct edit_scratch *s, const struct middle *mid, struct edit_counts *c)
{
	size_t n = mid->n, m = mid->m, words = (n + 63) / 64;
	if ((uint64_t)n * m >= TEXT_EDIT_MAX_CELLS || (uint64_t)words * m > TEXT_EDIT_MAX_WORDS)
		return -1;

	s->ids = grow(s->ids, &s->ids_cap, n + m, sizeof *s->ids);
	uint32_t *ia = s->ids, *ib = s->ids + n;
	size_t ids = intern(s, mid, ia, ib);

	s->words = grow(s->words, &s->words_cap, (ids + 2 * m) * words, sizeof *s->words);
	uint64_t *pm = s->words, *vp = pm + ids * words, *vn = vp + m * words;
	memset(pm, 0, ids * words * sizeof *pm);
	for (size_t i = 0; i < n; i++)
		if (ia[i] != NO_ID)
			pm[(size_t)ia[i] * words + i / 64] |= UINT64_C(1) << (i % 64);
	fill_planes(pm, ib, m, words, vp, vn);

	/* Rows are hypothesis positions j - 1, bits reference positions i - 1. */
	size_t i = n, j = m;
	while (i && j) {
		if (plane_bit(vp, words, j - 1, i - 1)) {
			c->deletions++;
			i--;
			continue;
		}
		j--;
		if (j && plane_bit(vn, words, j - 1, i - 1)) {
			c->insertions++;
			continue;
		}
		i--;
		if (ia[i] != ib[j])
			c->substitutions++;
	}
	c->deletions += (long long)i;
	c->insertions += (long long)j;
	return 0;
}

static int add_pair(struct edit_scratch *s, const unsigned char *ref, size_t ref_len, const unsigned char *hyp,
		    size_t hyp_len, enum text_unit unit, struct edit_counts *acc)
{
	if (ref_len > UINT32_MAX || hyp_len > UINT32_MAX)
		return -1;
	struct splitter sp = {s, 0, 0};
	if (split(&sp, ref, ref_len, unit) < 0)
		return -1;
	size_t n = sp.count;
	sp.base = n;
	if (split(&sp, hyp, hyp_len, unit) < 0)
		return -1;
	size_t m = sp.count - n;

	const struct edit_unit *a = s->units, *b = s->units + n;
	size_t prefix = 0, suffix = 0;
	while (prefix < n && prefix < m && same_unit(ref, &a[prefix], hyp, &b[prefix]))
		prefix++;
	while (suffix < n - prefix && suffix < m - prefix &&
	       same_unit(ref, &a[n - 1 - suffix], hyp, &b[m - 1 - suffix]))
		suffix++;

	struct middle mid = {ref, hyp, a + prefix, b + prefix, n - prefix - suffix, m - prefix - suffix};
	struct edit_counts c = {0, 0, 0, 0};
	if (mid.n == 0 || mid.m == 0) {
		c.deletions = (long long)mid.n;
		c.insertions = (long long)mid.m;
	} else if (align(s, &mid, &c) < 0) {
		return -1;
	}
	c.hits = (long long)n - c.substitutions - c.deletions;        /* 2c */

	acc->hits += c.hits;
	acc->substitutions += c.substitutions;
	acc->deletions += c.deletions;
	acc->insertions += c.insertions;
	return 0;
}

int text_edit_add(struct edit_scratch *scratch, const char *ref, size_t ref_len, const char *hyp,
		  size_t hyp_len, enum text_unit unit, struct edit_counts *acc)
{
	if (scratch)
		return add_pair(scratch, (const unsigned char *)ref, ref_len, (const unsigned char *)hyp,
				hyp_len, unit, acc);
	struct edit_scratch own;
	edit_scratch_init(&own);
	int rc = add_pair(&own, (const unsigned char *)ref, ref_len, (const unsigned char *)hyp, hyp_len, unit,
			  acc);
	edit_scratch_free(&own);
	return rc;
}

/* 3, 3a: Python's float(S + D + I) / float(H + S + D). */
double text_wer(const struct edit_counts *c)
{
	long long nr = c->hits + c->substitutions + c->deletions;
	if (nr == 0)
		return NAN;
	return (double)(c->substitutions + c->deletions + c->insertions) / (double)nr;
}

double text_cer(const struct edit_counts *c)
{
	return text_wer(c);
}

double text_mer(const struct edit_counts *c)
{
	long long errors = c->substitutions + c->deletions + c->insertions;
	if (c->hits + c->substitutions + c->deletions == 0)
		return errors == 0 ? 0.0 : 1.0;
	return (double)errors / (double)(c->hits + errors);
}

/* 3, 3a, 3b: 1 - wip, wip = (H / Nr) * (H / Nh) in jiwer's order. */
double text_wil(const struct edit_counts *c)
{
	long long nr = c->hits + c->substitutions + c->deletions;
	long long nh = c->hits + c->substitutions + c->insertions;
	if (nr == 0)
		return nh == 0 ? 0.0 : 1.0;
	if (nh == 0)
		return 1.0;
	double wip = ((double)c->hits / (double)nr) * ((double)c->hits / (double)nh);
	return 1 - wip;
}
