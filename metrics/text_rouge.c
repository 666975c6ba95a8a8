/*
 * text_rouge.c — rouge_score's ROUGE-1, ROUGE-2 and ROUGE-L of a pair of
 * texts (text_rouge.h; "R3" refers to its conventions).
 *
 * A call reads the target once into its tokens, gives each distinct token a
 * word id through a hash table, then reads the prediction token by token,
 * looking each up: a prediction token that is no target word can match
 * nothing, so it is kept only as a count. Unigram and bigram overlaps are
 * then counts over word ids, and the LCS runs on the shared words only,
 * renumbered densely, which keeps its match masks small.
 */
#include "text_rouge.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A token that matches no word of the target. */
#define NO_WORD UINT32_MAX

/* A target token: its lower-cased bytes at norm[off .. off+len), and their hash. */
struct rouge_tok {
	uint32_t off, len;
	uint64_t hash;
};

/* A distinct target token (a word). */
struct rouge_word {
	uint32_t off, len; /* its bytes in norm (first occurrence) */
	uint32_t count;    /* target occurrences not yet matched by the prediction (R3) */
	uint32_t shared;   /* dense id among the words the prediction also has, or NO_WORD */
};

/* Open-addressing slot: key a word's hash (val its id) or a bigram (val its count). */
struct rouge_slot {
	uint64_t key;
	uint32_t val, stamp;
};

/* One use of the slot table: a power-of-two prefix of it, live slots stamped. */
struct table {
	struct rouge_slot *slot;
	size_t mask;
	unsigned shift;
	uint32_t stamp;
};

void text_rouge_init(struct text_rouge_scratch *s)
{
	memset(s, 0, sizeof *s);
	s->lcs_mask_limit = TEXT_ROUGE_MASK_LIMIT;
}

void text_rouge_free(struct text_rouge_scratch *s)
{
	free(s->norm);
	free(s->tok);
	free(s->ids);
	free(s->word);
	free(s->slot);
	free(s->mask);
	free(s->carry);
	text_rouge_init(s);
}

/*
 * p with room for at least n elements of size bytes, contents kept; grows
 * by half again so a run of slowly longer texts reallocates rarely. NULL
 * when memory runs out (p is then untouched and still owned by the caller).
 */
static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n <= *cap && p)
		return p;
	size_t want = n + n / 2 + 16;
	void *q = realloc(p, want * size);
	if (q)
		*cap = want;
	return q;
}

#define FNV_OFFSET 0xcbf29ce484222325u
#define FNV_PRIME 0x100000001b3u

/* R1: the lower-case letter or digit of each ASCII letter or digit; 0 for every other byte. */
#define LETTER(c) [c] = c, [c - 'a' + 'A'] = c
static const unsigned char fold[256] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
	LETTER('a'), LETTER('b'), LETTER('c'), LETTER('d'), LETTER('e'), LETTER('f'),
	LETTER('g'), LETTER('h'), LETTER('i'), LETTER('j'), LETTER('k'), LETTER('l'),
	LETTER('m'), LETTER('n'), LETTER('o'), LETTER('p'), LETTER('q'), LETTER('r'),
	LETTER('s'), LETTER('t'), LETTER('u'), LETTER('v'), LETTER('w'), LETTER('x'),
	LETTER('y'), LETTER('z'),
};
#undef LETTER

/*
 * R2: the two non-ASCII characters that Python lower-cases into ASCII.
 * Returns the letter and sets *len to the character's bytes and *last
 * when the token ends with it; 0 for any other byte, which is a separator.
 * UTF-8 continuation bytes never equal 0xC4 or 0xE2, so stepping one byte
 * at a time cannot start a false match inside another character.
 */
static unsigned fold_special(const unsigned char *t, size_t n, size_t i, size_t *len, int *last)
{
	/* U+0130 is "i" + U+0307 in Python: the combining dot then ends the token. */
	if (t[i] == 0xC4 && i + 1 < n && t[i + 1] == 0xB0) {
		*len = 2;
		*last = 1;
		return 'i';
	}
	/* U+212A KELVIN SIGN lower-cases to ASCII "k". */
	if (t[i] == 0xE2 && i + 2 < n && t[i + 1] == 0x84 && t[i + 2] == 0xAA) {
		*len = 3;
		*last = 0;
		return 'k';
	}
	return 0;
}

/*
 * R1: the next token from *pos into out, its length (0: none left), and
 * its FNV-1a hash (tokens are short; equal hashes are confirmed byte by
 * byte). Hashing here saves a second pass over the token.
 */
static size_t next_token(const unsigned char *t, size_t n, size_t *pos, unsigned char *out, uint64_t *hash)
{
	size_t i = *pos, k = 0;
	uint64_t h = FNV_OFFSET;

	while (i < n) {
		unsigned c = fold[t[i]];
		size_t len = 1;
		int last = 0;
		if (!c && t[i] >= 0xC4)
			c = fold_special(t, n, i, &len, &last);
		if (!c) {
			i++;
			if (k)
				break;
			continue;
		}
		out[k++] = (unsigned char)c;
		h = (h ^ c) * FNV_PRIME;
		i += len;
		if (last)
			break;
	}
	*pos = i;
	*hash = h;
	return k;
}

size_t text_rouge_next_token(const char *text, size_t len, size_t *pos, char *out)
{
	uint64_t hash;
	return next_token((const unsigned char *)text, len, pos, (unsigned char *)out, &hash);
}

/* Fibonacci hashing: the key's top bits pick the slot, mixing all of it. */
static size_t slot_of(const struct table *t, uint64_t key)
{
	return (size_t)((key * 0x9e3779b97f4a7c15u) >> t->shift);
}

/*
 * A fresh table of at least twice n slots (load at most one half) in s's
 * slot array. Slots are cleared by moving to a new stamp, not by writing
 * them, so a small text costs nothing for the large one before it.
 */
static int table_start(struct text_rouge_scratch *s, struct table *t, size_t n)
{
	size_t cap = 16;
	unsigned bits = 4;
	while (cap < 2 * n) {
		cap *= 2;
		bits++;
	}
	if (cap > s->slot_cap) {
		struct rouge_slot *slot = calloc(cap, sizeof *slot);
		if (!slot)
			return -1;
		free(s->slot);
		s->slot = slot;
		s->slot_cap = cap;
	}
	if (++s->stamp == 0) {
		memset(s->slot, 0, s->slot_cap * sizeof *s->slot);
		s->stamp = 1;
	}
	t->slot = s->slot;
	t->mask = cap - 1;
	t->shift = 64 - bits;
	t->stamp = s->stamp;
	return 0;
}

/* The id of word tok (bytes at p), or NO_WORD; with insert, a new word gets the next id. */
static uint32_t word_id(struct text_rouge_scratch *s, struct table *t, size_t *nwords,
			const unsigned char *p, uint32_t len, uint64_t hash, uint32_t off, int insert)
{
	for (size_t i = slot_of(t, hash);; i = (i + 1) & t->mask) {
		struct rouge_slot *sl = &t->slot[i];
		if (sl->stamp != t->stamp) {
			if (!insert)
				return NO_WORD;
			struct rouge_word *w = &s->word[*nwords];
			w->off = off;
			w->len = len;
			w->count = 0;
			w->shared = NO_WORD;
			sl->key = hash;
			sl->val = (uint32_t)(*nwords)++;
			sl->stamp = t->stamp;
			return sl->val;
		}
		if (sl->key == hash) {
			const struct rouge_word *w = &s->word[sl->val];
			if (w->len == len && memcmp(s->norm + w->off, p, len) == 0)
				return sl->val;
		}
	}
}

/* The live slot of bigram key, claimed (count 0) when absent and insert is set; else NULL. */
static struct rouge_slot *pair_slot(struct table *t, uint64_t key, int insert)
{
	for (size_t i = slot_of(t, key);; i = (i + 1) & t->mask) {
		struct rouge_slot *sl = &t->slot[i];
		if (sl->stamp != t->stamp) {
			if (!insert)
				return NULL;
			sl->key = key;
			sl->val = 0;
			sl->stamp = t->stamp;
			return sl;
		}
		if (sl->key == key)
			return sl;
	}
}

/* R1: the target's tokens into s->norm and s->tok; their number, or -1 (memory). */
static long read_target(struct text_rouge_scratch *s, const unsigned char *t, size_t n, size_t *fill)
{
	size_t pos = 0, ntok = 0, len;
	uint64_t hash;

	*fill = 0;
	while ((len = next_token(t, n, &pos, s->norm + *fill, &hash)) > 0) {
		void *q = grow(s->tok, &s->tok_cap, ntok + 1, sizeof *s->tok);
		if (!q)
			return -1;
		s->tok = q;
		s->tok[ntok].off = (uint32_t)*fill;
		s->tok[ntok].len = (uint32_t)len;
		s->tok[ntok].hash = hash;
		ntok++;
		*fill += len;
	}
	return (long)ntok;
}

/* 64-bit population count without compiler builtins. */
static unsigned popcount64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555u);
	x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
	return (unsigned)((x * 0x0101010101010101u) >> 56);
}

/*
 * R4 by bit vectors (Hyyrö 2004), the sentence case: a fits one word. Bit
 * i of x is 0 where the LCS so far steps on a[i]; per token of b,
 * x = (x + u) | (x - u) with u = x & the token's match mask. Bits past na
 * start at 1 and stay 1, so the LCS is the count of zero bits.
 */
static size_t lcs_word(uint64_t *mask, const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
		       size_t nsym)
{
	uint64_t x = ~(uint64_t)0;

	memset(mask, 0, nsym * sizeof *mask);
	for (size_t i = 0; i < na; i++)
		mask[a[i]] |= (uint64_t)1 << i;
	for (size_t j = 0; j < nb; j++) {
		uint64_t u = x & mask[b[j]];
		x = (x + u) | (x - u);
	}
	return 64 - popcount64(x);
}

/*
 * The same across many words, a block of bw words at a time so that the
 * match masks (nsym * bw words, then bw for the vector) stay within the
 * scratch's limit however long a is. As u is a subset of v, v - u has no
 * borrows and is v & ~u; only the addition carries, word to word and block
 * to block: carry[j] passes the carry of b's j-th step from one block to
 * the next, which is all that a block needs of the ones before it.
 */
static size_t lcs_blocks(uint64_t *mask, unsigned char *carry, const uint32_t *a, size_t na,
			 const uint32_t *b, size_t nb, size_t nsym, size_t bw)
{
	size_t w = (na + 63) / 64, zeros = 0;
	uint64_t *v = mask + nsym * bw;

	memset(carry, 0, nb);
	for (size_t k0 = 0; k0 < w; k0 += bw) {
		size_t n = w - k0 < bw ? w - k0 : bw, end = (k0 + n) * 64 < na ? (k0 + n) * 64 : na;
		memset(mask, 0, nsym * n * sizeof *mask);
		for (size_t i = k0 * 64; i < end; i++)
			mask[a[i] * n + i / 64 - k0] |= (uint64_t)1 << (i % 64);
		for (size_t k = 0; k < n; k++)
			v[k] = ~(uint64_t)0;
		for (size_t j = 0; j < nb; j++) {
			const uint64_t *m = mask + (size_t)b[j] * n;
			uint64_t c = carry[j];
			for (size_t k = 0; k < n; k++) {
				uint64_t u = v[k] & m[k], t = v[k] + u, sum = t + c;
				c = (t < u) | (sum < t);
				v[k] = sum | (v[k] & ~u);
			}
			carry[j] = (unsigned char)c;
		}
		for (size_t k = 0; k < n; k++)
			zeros += 64 - popcount64(v[k]);
	}
	return zeros;
}

/*
 * LCS length of two sequences of shared-word ids (< nsym); -1 when memory
 * runs out. A side of at most 64 tokens takes one word. Otherwise the bits
 * run across the longer side (fewer partly used words) and the carries
 * along the shorter, so besides the bounded masks the LCS needs memory for
 * the shorter side only.
 */
static long lcs_length(struct text_rouge_scratch *s, const uint32_t *x, size_t nx, const uint32_t *y,
		       size_t ny, size_t nsym)
{
	const uint32_t *lo = nx <= ny ? x : y, *hi = nx <= ny ? y : x;
	size_t nlo = nx <= ny ? nx : ny, nhi = nx <= ny ? ny : nx;
	void *q;

	if (nlo == 0)
		return 0;
	if (nlo <= 64) {
		if (!(q = grow(s->mask, &s->mask_cap, nsym, sizeof *s->mask)))
			return -1;
		s->mask = q;
		return (long)lcs_word(s->mask, lo, nlo, hi, nhi, nsym);
	}
	size_t w = (nhi + 63) / 64, bw = s->lcs_mask_limit / sizeof *s->mask / nsym;
	bw = bw < 1 ? 1 : bw > w ? w : bw;
	if (!(q = grow(s->mask, &s->mask_cap, (nsym + 1) * bw, sizeof *s->mask)))
		return -1;
	s->mask = q;
	if (!(q = grow(s->carry, &s->carry_cap, nlo, 1)))
		return -1;
	s->carry = q;
	return (long)lcs_blocks(s->mask, s->carry, hi, nhi, lo, nlo, nsym, bw);
}

/* R3-R5 from an overlap and the two counts of n-grams (or of tokens, for R4). */
static struct rouge_score score_of(size_t hits, size_t npred, size_t ntarget)
{
	struct rouge_score r;

	r.precision = (double)hits / (double)(npred > 1 ? npred : 1);
	r.recall = (double)hits / (double)(ntarget > 1 ? ntarget : 1);
	/* Python's order of operations, so the doubles are rouge_score's own (R5). */
	r.fmeasure = r.precision + r.recall > 0 ? 2 * r.precision * r.recall / (r.precision + r.recall) : 0.0;
	return r;
}

/* R3 for n = 2: the target's bigrams counted, then the prediction's matched against them. */
static int bigram_hits(struct text_rouge_scratch *s, const uint32_t *ref, size_t nr, const uint32_t *hyp,
		       size_t nh, size_t *hits)
{
	struct table t;

	*hits = 0;
	if (nr < 2 || nh < 2)
		return 0;
	if (table_start(s, &t, nr - 1) < 0)
		return -1;
	for (size_t i = 0; i + 1 < nr; i++)
		pair_slot(&t, ((uint64_t)ref[i] << 32) | ref[i + 1], 1)->val++;
	for (size_t i = 0; i + 1 < nh; i++) {
		if (hyp[i] == NO_WORD || hyp[i + 1] == NO_WORD)
			continue;
		struct rouge_slot *sl = pair_slot(&t, ((uint64_t)hyp[i] << 32) | hyp[i + 1], 0);
		if (sl && sl->val > 0) {
			sl->val--;
			(*hits)++;
		}
	}
	return 0;
}

static int score_pair(struct text_rouge_scratch *s, const unsigned char *ref, size_t ref_len,
		      const unsigned char *hyp, size_t hyp_len, struct rouge_scores *out)
{
	size_t fill, nwords = 0, nshared = 0, nh = 0, hits1 = 0, hits2 = 0;
	struct table t;
	void *q;

	if (!(q = grow(s->norm, &s->norm_cap, ref_len + hyp_len + 1, 1)))
		return -1;
	s->norm = q;
	long got = read_target(s, ref, ref_len, &fill);
	if (got < 0)
		return -1;
	size_t nr = (size_t)got, hyp_max = (hyp_len + 1) / 2;
	/* Target ids, prediction ids, then the two shared-word sequences for the LCS. */
	if (!(q = grow(s->ids, &s->ids_cap, 2 * (nr + hyp_max) + 1, sizeof *s->ids)))
		return -1;
	s->ids = q;
	if (!(q = grow(s->word, &s->word_cap, nr + 1, sizeof *s->word)))
		return -1;
	s->word = q;
	if (table_start(s, &t, nr) < 0)
		return -1;

	uint32_t *rid = s->ids, *hid = rid + nr;
	for (size_t i = 0; i < nr; i++) {
		const struct rouge_tok *k = &s->tok[i];
		rid[i] = word_id(s, &t, &nwords, s->norm + k->off, k->len, k->hash, k->off, 1);
		s->word[rid[i]].count++;
	}

	/* The prediction's tokens are read into norm past the target's words, one at a time. */
	unsigned char *tok = s->norm + fill;
	size_t pos = 0, len;
	uint64_t hash;
	while ((len = next_token(hyp, hyp_len, &pos, tok, &hash)) > 0) {
		uint32_t id = nr ? word_id(s, &t, &nwords, tok, (uint32_t)len, hash, 0, 0) : NO_WORD;
		hid[nh++] = id;
		if (id == NO_WORD)
			continue;
		struct rouge_word *w = &s->word[id];
		if (w->count > 0) { /* R3: min(target, prediction) counts, matched one by one */
			w->count--;
			hits1++;
		}
		if (w->shared == NO_WORD)
			w->shared = (uint32_t)nshared++;
	}

	if (bigram_hits(s, rid, nr, hid, nh, &hits2) < 0)
		return -1;

	/* Tokens the other text lacks can be in no common subsequence: drop them. */
	uint32_t *ra = hid + nh, *hb = ra + nr;
	size_t na = 0, nb = 0;
	for (size_t i = 0; i < nr; i++)
		if (s->word[rid[i]].shared != NO_WORD)
			ra[na++] = s->word[rid[i]].shared;
	for (size_t i = 0; i < nh; i++)
		if (hid[i] != NO_WORD)
			hb[nb++] = s->word[hid[i]].shared;
	long lcs = lcs_length(s, ra, na, hb, nb, nshared);
	if (lcs < 0)
		return -1;

	out->rouge1 = score_of(hits1, nh, nr);
	out->rouge2 = score_of(hits2, nh > 1 ? nh - 1 : 0, nr > 1 ? nr - 1 : 0);
	out->rouge_l = score_of((size_t)lcs, nh, nr); /* R4, R6: 0/1 when a side has no tokens */
	return 0;
}

int text_rouge(struct text_rouge_scratch *s, const char *ref, size_t ref_len, const char *hyp,
	       size_t hyp_len, struct rouge_scores *out)
{
	int rc = -1;

	if (!s) {
		struct text_rouge_scratch own;
		text_rouge_init(&own);
		rc = text_rouge(&own, ref, ref_len, hyp, hyp_len, out);
		text_rouge_free(&own);
		return rc;
	}
	if (ref_len <= TEXT_ROUGE_MAX_LEN && hyp_len <= TEXT_ROUGE_MAX_LEN)
		rc = score_pair(s, (const unsigned char *)ref, ref_len, (const unsigned char *)hyp, hyp_len,
				out);
	if (rc < 0) {
		struct rouge_score nan3 = {NAN, NAN, NAN};
		out->rouge1 = out->rouge2 = out->rouge_l = nan3;
	}
	return rc;
}
