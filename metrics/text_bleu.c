/*
 * text_bleu.c — sacrebleu's default corpus BLEU (see text_bleu.h). Numbers
 * in comments ("T3b", "B6") refer to the conventions listed there.
 *
 * A text is tokenized by running the 13a rules literally, one pass per rule
 * between two buffers, because the rules overlap (a '.' can be matched by
 * T3b and then again by T3c) and a fused scanner would have to reproduce
 * every such interaction. Each pass copies the stretches between its
 * matches whole, and a pass whose trigger bytes are absent is skipped.
 *
 * Counting (B2) compares n-grams as integers. Each reference token gets an
 * id, the index of the first reference token with its text (a table keyed
 * by the token's hash, checked with memcmp); a hypothesis token gets the id
 * of its text in the reference, or none. With at most 2^16 tokens a side,
 * the ids of an n-gram of order up to 4 pack into one 64-bit key. The
 * reference's n-grams go into an open-addressing table with their count,
 * and each hypothesis n-gram found there is a match while its hypothesis
 * count stays within the reference count: the sum of min(hyp, ref) over
 * distinct n-grams, without a second table. Slots carry a stamp, so a new
 * pair empties both tables by bumping the stamp instead of clearing them.
 */
#include "text_bleu.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A token: its bytes in its side's line, their hash, its id. */
struct text_bleu_token {
	uint64_t hash;
	uint32_t off, len, id;
};

/*
 * A slot of either table. Vocabulary: key is a token's hash, a its id.
 * N-grams: key packs the ids, a is the order, b and c the reference and
 * hypothesis counts.
 */
struct text_bleu_slot {
	uint64_t key;
	uint32_t stamp, a, b, c;
};

enum { REF = 0, HYP = 1 };

#define NO_ID UINT32_MAX /* a hypothesis token absent from the reference */
#define ID_BITS 16
_Static_assert(TEXT_BLEU_MAX_BYTES <= 1 << ID_BITS, "every token id must fit in ID_BITS");
_Static_assert(BLEU_ORDER * ID_BITS <= 64, "an n-gram's ids must pack into 64 bits");

/* Each byte becomes at most 5 in the passes: '.' or ',' gains two spaces in T3b and two in T3c. */
#define GROWTH 5

void text_bleu_scratch_init(struct text_bleu_scratch *w)
{
	memset(w, 0, sizeof *w);
}

void text_bleu_scratch_free(struct text_bleu_scratch *w)
{
	for (int i = 0; i < 4; i++)
		free(w->work[i]);
	free(w->tok[0]);
	free(w->tok[1]);
	free(w->vocab);
	free(w->ngram);
	text_bleu_scratch_init(w);
}

/* p resized to n elements of size sz, or NULL (p still valid) on failure. */
static void *resize(void *p, size_t n, size_t sz)
{
	return realloc(p, n * sz);
}

/*
 * Room for texts of up to len bytes, bytes bytes once escaped (T5), on both
 * sides. A token holds at least one input byte, so len bounds the tokens.
 */
static int reserve_text(struct text_bleu_scratch *w, size_t len, size_t bytes)
{
	size_t work = GROWTH * (bytes + 2);
	len = len ? len : 1;
	if (work > w->work_cap) {
		for (int i = 0; i < 4; i++) {
			char *b = resize(w->work[i], work, 1);
			if (!b)
				return -1;
			w->work[i] = b;
		}
		w->work_cap = work;
	}
	if (len > w->tok_cap) {
		for (int i = 0; i < 2; i++) {
			struct text_bleu_token *t = resize(w->tok[i], len, sizeof *t);
			if (!t)
				return -1;
			w->tok[i] = t;
		}
		w->tok_cap = len;
	}
	return 0;
}

/* A table *t of at least twice n slots; *mask gets its index mask. New slots are zeroed. */
static int reserve_table(struct text_bleu_slot **t, size_t *cap, size_t n, size_t *mask)
{
	size_t want = 16;
	while (want < 2 * n)
		want *= 2;
	if (want > *cap) {
		struct text_bleu_slot *s = resize(*t, want, sizeof *s);
		if (!s)
			return -1;
		memset(s, 0, want * sizeof *s);
		*t = s;
		*cap = want;
	}
	*mask = want - 1;
	return 0;
}

/*
 * Empties both tables for a new pair. A stamp that wrapped to 0 could meet
 * a slot stamped 2^32 pairs ago, so the tables are cleared then.
 */
static void next_stamp(struct text_bleu_scratch *w)
{
	if (++w->stamp != 0)
		return;
	if (w->vocab)
		memset(w->vocab, 0, w->vocab_cap * sizeof *w->vocab);
	if (w->ngram)
		memset(w->ngram, 0, w->ngram_cap * sizeof *w->ngram);
	w->stamp = 1;
}

/* ---- Tokenization (T0-T5) ---- */

/*
 * T5: the length of the valid UTF-8 character at s[0..n), or 0 when s[0]
 * starts none, with the limits of Python's strict decoder (no overlong
 * forms, no surrogates, nothing past U+10FFFF).
 */
static size_t utf8_char(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t len;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t k = 2; k < len; k++)
		if (s[k] < 0x80 || s[k] > 0xbf)
			return 0;
	return len;
}

/* The length of the ASCII prefix of s, eight bytes at a time. */
static size_t ascii_prefix(const char *s, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t v;
		memcpy(&v, s + i, 8);
		if (v & 0x8080808080808080u)
			break;
	}
	while (i < n && (unsigned char)s[i] < 0x80)
		i++;
	return i;
}

/* T5: the length of s once each byte outside valid UTF-8 takes 3 bytes; n when s is valid. */
static size_t escaped_len(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = ascii_prefix(str, n), out = i;
	while (i < n) {
		size_t k = utf8_char(s + i, n - i);
		out += k ? k : 3;
		i += k ? k : 1;
	}
	return out;
}

/*
 * T5: copies s, writing each byte b outside valid UTF-8 as the UTF-8 form of
 * U+DC00 + b, as Python's surrogateescape decoding holds it. Valid input
 * never contains that form, and it is one non-space character that no rule
 * tests, so no rule can join such a byte with its neighbours into, say, a
 * U+00A0 after a deletion of T1.
 */
static void escape_copy(char *dst, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_char(s + i, n - i);
		if (k) {
			memcpy(dst + o, s + i, k);
			o += k;
			i += k;
		} else {
			dst[o++] = (char)0xed;
			dst[o++] = (char)(0xb2 | (s[i] >> 6 & 1));
			dst[o++] = (char)(0x80 | (s[i] & 0x3f));
			i++;
		}
	}
}

/* The bytes escape_copy turned s[0..n) from, into dst unless NULL; returns their length. */
static size_t unescape_bytes(char *dst, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t o = 0;
	for (size_t i = 0; i < n; i++, o++) {
		unsigned char c = s[i];
		if (c == 0xed && i + 2 < n && (s[i + 1] == 0xb2 || s[i + 1] == 0xb3)) {
			c = (unsigned char)(0x80 | (s[i + 1] & 1) << 6 | (s[i + 2] & 0x3f));
			i += 2;
		}
		if (dst)
			dst[o] = (char)c;
	}
	return o;
}

/* What the rules test of a byte. */
enum {
	C_SPLIT = 1, /* T3a sets it apart; the space is in T3a's set too, see pass_punct */
	C_SPACE = 2, /* T4: ASCII whitespace */
	C_DIGIT = 4, /* T3b-d */
	C_MARK = 8,  /* T3b-c: '.' or ',' */
	C_LEAD = 16  /* may start a multibyte whitespace character (T4) */
};

static const unsigned char byte_class[256] = {
	['\t'] = C_SPACE, ['\n'] = C_SPACE, ['\v'] = C_SPACE, ['\f'] = C_SPACE, ['\r'] = C_SPACE,
	[0x1c] = C_SPACE, [0x1d] = C_SPACE, [0x1e] = C_SPACE, [0x1f] = C_SPACE, [' '] = C_SPACE,
	['!'] = C_SPLIT, ['"'] = C_SPLIT, ['#'] = C_SPLIT, ['$'] = C_SPLIT, ['%'] = C_SPLIT, ['&'] = C_SPLIT,
	['('] = C_SPLIT, [')'] = C_SPLIT, ['*'] = C_SPLIT, ['+'] = C_SPLIT, ['/'] = C_SPLIT,
	[':'] = C_SPLIT, [';'] = C_SPLIT, ['<'] = C_SPLIT, ['='] = C_SPLIT, ['>'] = C_SPLIT, ['?'] = C_SPLIT,
	['@'] = C_SPLIT, ['['] = C_SPLIT, ['\\'] = C_SPLIT, [']'] = C_SPLIT, ['^'] = C_SPLIT, ['_'] = C_SPLIT,
	['`'] = C_SPLIT, ['{'] = C_SPLIT, ['|'] = C_SPLIT, ['}'] = C_SPLIT, ['~'] = C_SPLIT,
	['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT, ['4'] = C_DIGIT,
	['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT, ['8'] = C_DIGIT, ['9'] = C_DIGIT,
	['.'] = C_MARK, [','] = C_MARK,
	[0xc2] = C_LEAD, [0xe1] = C_LEAD, [0xe2] = C_LEAD, [0xe3] = C_LEAD,
};

static int is_class(char c, int cls)
{
	return byte_class[(unsigned char)c] & cls;
}

/* The index of the first byte of s[i..n) in class cls, or n. */
static size_t find_class(const char *s, size_t i, size_t n, int cls)
{
	while (i < n && !is_class(s[i], cls))
		i++;
	return i;
}

/*
 * T4: the byte length of the whitespace character at s[i..n), or 0. The
 * multibyte ones start with a lead byte, which no other sequence can
 * contain, so a match anywhere is a character boundary (T5).
 */
static size_t space_len(const unsigned char *s, size_t i, size_t n)
{
	unsigned char c = s[i];
	if (byte_class[c] & C_SPACE)
		return 1;
	if (!(byte_class[c] & C_LEAD))
		return 0;
	s += i;
	n -= i;
	if (c == 0xc2)
		return n >= 2 && (s[1] == 0x85 || s[1] == 0xa0) ? 2 : 0;
	if (n < 3)
		return 0;
	if (c == 0xe1)
		return s[1] == 0x9a && s[2] == 0x80 ? 3 : 0;
	if (c == 0xe2 && s[1] == 0x80)
		return (s[2] >= 0x80 && s[2] <= 0x8a) || s[2] == 0xa8 || s[2] == 0xa9 || s[2] == 0xaf ? 3 : 0;
	if (c == 0xe2)
		return s[1] == 0x81 && s[2] == 0x9f ? 3 : 0;
	return c == 0xe3 && s[1] == 0x80 && s[2] == 0x80 ? 3 : 0;
}

/* T0: the length of s without its trailing whitespace. */
static size_t rstrip_len(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	for (;;) {
		if (n >= 1 && space_len(s, n - 1, n) == 1)
			n -= 1;
		else if (n >= 2 && space_len(s, n - 2, n) == 2)
			n -= 2;
		else if (n >= 3 && space_len(s, n - 3, n) == 3)
			n -= 3;
		else
			return n;
	}
}

/*
 * T1: replaces every pat in s[0..n) by rep (not longer than pat), in place,
 * scanning left to right and resuming after each replacement.
 */
static size_t replace_all(char *s, size_t n, const char *pat, const char *rep)
{
	size_t plen = strlen(pat), rlen = strlen(rep), r = 0, o = 0;
	while (r < n) {
		if (s[r] == pat[0] && n - r >= plen && memcmp(s + r, pat, plen) == 0) {
			memcpy(s + o, rep, rlen);
			o += rlen;
			r += plen;
		} else {
			s[o++] = s[r++];
		}
	}
	return o;
}

/* T1 on s, in place; each rule only when its first character occurs. */
static size_t replace_13a(char *s, size_t n)
{
	if (memchr(s, '<', n))
		n = replace_all(s, n, "<skipped>", "");
	if (memchr(s, '\n', n)) {
		n = replace_all(s, n, "-\n", "");
		n = replace_all(s, n, "\n", " ");
	}
	if (memchr(s, '&', n)) {
		n = replace_all(s, n, "&quot;", "\"");
		n = replace_all(s, n, "&amp;", "&");
		n = replace_all(s, n, "&lt;", "<");
		n = replace_all(s, n, "&gt;", ">");
	}
	return n;
}

/* Copies s[i..j) to o + k; returns the new k. */
static size_t put_run(char *o, size_t k, const char *s, size_t i, size_t j)
{
	memcpy(o + k, s + i, j - i);
	return k + (j - i);
}

/* Writes the two bytes of a match set apart: "a b " when pad_after (T3b, T3d), else " a b" (T3c). */
static size_t put_split(char *o, size_t k, char a, char b, int pad_after)
{
	if (!pad_after)
		o[k++] = ' ';
	o[k++] = a;
	o[k++] = ' ';
	o[k++] = b;
	if (pad_after)
		o[k++] = ' ';
	return k;
}

/*
 * T3a. The space belongs to T3a's set, but padding it only lengthens a run
 * of whitespace, and the later rules see any such run as they see one
 * space (it is only ever the non-digit beside a mark) while T4 drops runs.
 */
static size_t pass_punct(const char *s, size_t n, char *o)
{
	size_t k = 0, i = 0;
	for (;;) {
		size_t j = find_class(s, i, n, C_SPLIT);
		k = put_run(o, k, s, i, j);
		if (j == n)
			return k;
		o[k++] = ' ';
		o[k++] = s[j];
		o[k++] = ' ';
		i = j + 1;
	}
}

/*
 * T3b: a non-digit then '.' or ','. The first match the regex finds from
 * the resume point i is at the first mark j > i whose left neighbour is no
 * digit. Bytewise, a multibyte character before the mark is matched by its
 * last byte and its other bytes are copied, which writes what matching the
 * whole character would (T5).
 */
static size_t pass_mark_after(const char *s, size_t n, char *o)
{
	size_t k = 0, i = 0;
	for (size_t j = 1; (j = find_class(s, j, n, C_MARK)) < n; j++) {
		if (is_class(s[j - 1], C_DIGIT))
			continue;
		k = put_split(o, put_run(o, k, s, i, j - 1), s[j - 1], s[j], 1);
		i = j + 1;
		j = i; /* the next mark must lie past i */
	}
	return put_run(o, k, s, i, n);
}

/*
 * T3c: '.' or ',' then a non-digit: the first mark j >= i with a right
 * neighbour that is no digit. A multibyte character after the mark is
 * matched by its first byte; its remaining bytes cannot start a match.
 */
static size_t pass_mark_before(const char *s, size_t n, char *o)
{
	size_t k = 0, i = 0;
	for (size_t j = 0; (j = find_class(s, j, n, C_MARK)) + 1 < n; j++) {
		if (is_class(s[j + 1], C_DIGIT))
			continue;
		k = put_split(o, put_run(o, k, s, i, j), s[j], s[j + 1], 0);
		i = j + 2;
		j = i - 1;
	}
	return put_run(o, k, s, i, n);
}

/* T3d: a digit then '-': the first '-' j > i after a digit. */
static size_t pass_digit_dash(const char *s, size_t n, char *o)
{
	size_t k = 0, i = 0;
	const char *d;
	for (size_t j = 1; j < n && (d = memchr(s + j, '-', n - j)) != NULL; j++) {
		j = (size_t)(d - s);
		if (!is_class(s[j - 1], C_DIGIT))
			continue;
		k = put_split(o, put_run(o, k, s, i, j - 1), s[j - 1], '-', 1);
		i = j + 1;
		j = i;
	}
	return put_run(o, k, s, i, n);
}

/* A hash of p[0..n), eight bytes at a time; tokens are compared by text when hashes meet. */
static uint64_t hash_token(const char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15u * (n + 1), v;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		memcpy(&v, p + i, 8);
		h = (h ^ v) * 0xff51afd7ed558ccdu;
		h ^= h >> 32;
	}
	for (v = 0; i < n; i++)
		v = v << 8 | (unsigned char)p[i];
	h = (h ^ v) * 0xc4ceb9fe1a85ec53u;
	return h ^ h >> 29;
}

/* T4: the tokens of s[0..n) into tok; returns how many. */
static size_t split_tokens(const char *str, size_t n, struct text_bleu_token *tok)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, ntok = 0, sp;
	while (i < n) {
		if ((sp = space_len(s, i, n)) > 0) {
			i += sp;
			continue;
		}
		size_t start = i;
		/* Most bytes are in neither class: test the table before calling. */
		while (++i < n && (!(byte_class[s[i]] & (C_SPACE | C_LEAD)) || space_len(s, i, n) == 0))
			;
		tok[ntok].off = (uint32_t)start;
		tok[ntok].len = (uint32_t)(i - start);
		tok[ntok].hash = hash_token(str + start, i - start);
		ntok++;
	}
	return ntok;
}

/*
 * T1-T5 on in[0..len) into side's tokens. bytes is escaped_len(in, len),
 * and w holds that much. The line, padded (T2), goes through the passes
 * between the side's two buffers and stays in one of them for the tokens.
 */
static void tokenize_side(struct text_bleu_scratch *w, int side, const char *in, size_t len, size_t bytes)
{
	char *a = w->work[2 * side], *b = w->work[2 * side + 1];
	a[0] = ' ';
	if (bytes != len)
		escape_copy(a + 1, in, len);
	else if (len)
		memcpy(a + 1, in, len);
	size_t n = replace_13a(a + 1, bytes) + 1;
	a[n++] = ' ';
	n = pass_punct(a, n, b);
	/* The later passes change nothing without their marks; T3b-c leave their result in b. */
	if (memchr(b, '.', n) || memchr(b, ',', n)) {
		n = pass_mark_after(b, n, a);
		n = pass_mark_before(a, n, b);
	}
	const char *line = b;
	if (memchr(b, '-', n)) {
		n = pass_digit_dash(b, n, a);
		line = a;
	}
	w->line[side] = line;
	w->ntok[side] = split_tokens(line, n, w->tok[side]);
}

/* The tokens of side joined by spaces into out (cap bytes with the NUL), escapes undone; its length. */
static size_t join_tokens(const struct text_bleu_scratch *w, int side, char *out, size_t cap)
{
	const char *line = w->line[side];
	size_t n = 0, k = 0;
	for (size_t t = 0; t < w->ntok[side]; t++)
		n += (t > 0) + unescape_bytes(NULL, line + w->tok[side][t].off, w->tok[side][t].len);
	if (n >= cap)
		return TEXT_TOKENIZE_ERROR;
	for (size_t t = 0; t < w->ntok[side]; t++) {
		const struct text_bleu_token *tk = &w->tok[side][t];
		if (t > 0)
			out[k++] = ' ';
		k += unescape_bytes(out + k, line + tk->off, tk->len);
	}
	out[k] = '\0';
	return k;
}

size_t text_tokenize_13a(const char *in, size_t len, char *out, size_t cap)
{
	if (len > TEXT_BLEU_MAX_BYTES)
		return TEXT_TOKENIZE_ERROR;
	struct text_bleu_scratch w;
	text_bleu_scratch_init(&w);
	size_t bytes = escaped_len(in, len), k = TEXT_TOKENIZE_ERROR;
	if (reserve_text(&w, len, bytes) == 0) {
		tokenize_side(&w, REF, in, len, bytes);
		k = join_tokens(&w, REF, out, cap);
	}
	text_bleu_scratch_free(&w);
	return k;
}

/* ---- N-gram statistics (B1, B2) ---- */

/* Do token a of side sa and token b of side sb have the same text? */
static int same_text(const struct text_bleu_scratch *w, int sa, size_t a, int sb, size_t b)
{
	const struct text_bleu_token *x = &w->tok[sa][a], *y = &w->tok[sb][b];
	return x->len == y->len && memcmp(w->line[sa] + x->off, w->line[sb] + y->off, x->len) == 0;
}

/*
 * Sets the ids of side's tokens. The reference's go into the vocabulary as
 * first met; the hypothesis's are looked up only.
 */
static void assign_ids(struct text_bleu_scratch *w, int side, size_t mask)
{
	for (size_t i = 0; i < w->ntok[side]; i++) {
		struct text_bleu_token *t = &w->tok[side][i];
		for (size_t j = t->hash & mask;; j = (j + 1) & mask) {
			struct text_bleu_slot *s = &w->vocab[j];
			if (s->stamp != w->stamp) {
				t->id = side == REF ? (uint32_t)i : NO_ID;
				if (side == REF) {
					s->stamp = w->stamp;
					s->key = t->hash;
					s->a = t->id;
				}
				break;
			}
			if (s->key == t->hash && same_text(w, REF, s->a, side, i)) {
				t->id = s->a;
				break;
			}
		}
	}
}

/*
 * The slot of the order-n n-gram with packed ids key: its live entry, or
 * the empty slot where it belongs. Multiplicative hashing, the product's
 * middle bits: packed ids are small and far from uniform.
 */
static struct text_bleu_slot *ngram_slot(struct text_bleu_scratch *w, size_t mask, uint64_t key, uint32_t n)
{
	for (size_t j = (size_t)(((key + n) * 0x9e3779b97f4a7c15u) >> 32) & mask;; j = (j + 1) & mask) {
		struct text_bleu_slot *s = &w->ngram[j];
		if (s->stamp != w->stamp || (s->key == key && s->a == n))
			return s;
	}
}

/* Counts the reference's n-grams into the table. */
static void count_reference(struct text_bleu_scratch *w, size_t mask)
{
	size_t nt = w->ntok[REF];
	for (size_t i = 0; i < nt; i++) {
		uint64_t key = 0;
		for (uint32_t n = 1; n <= BLEU_ORDER && i + n <= nt; n++) {
			key |= (uint64_t)w->tok[REF][i + n - 1].id << (ID_BITS * (n - 1));
			struct text_bleu_slot *s = ngram_slot(w, mask, key, n);
			if (s->stamp != w->stamp) {
				s->stamp = w->stamp;
				s->key = key;
				s->a = n;
				s->b = 0;
				s->c = 0;
			}
			s->b++;
		}
	}
}

/* B2: the hypothesis's clipped matches and totals into row. */
static void match_hypothesis(struct text_bleu_scratch *w, size_t mask, struct bleu_stats *row)
{
	size_t nt = w->ntok[HYP];
	for (size_t n = 1; n <= BLEU_ORDER; n++)
		row->totals[n - 1] = nt >= n ? (long long)(nt - n + 1) : 0;
	for (size_t i = 0; i < nt; i++) {
		uint64_t key = 0;
		for (uint32_t n = 1; n <= BLEU_ORDER && i + n <= nt; n++) {
			uint32_t id = w->tok[HYP][i + n - 1].id;
			if (id == NO_ID)
				break; /* nor can any longer n-gram from i be in the reference */
			key |= (uint64_t)id << (ID_BITS * (n - 1));
			struct text_bleu_slot *s = ngram_slot(w, mask, key, n);
			if (s->stamp != w->stamp)
				break; /* likewise */
			if (s->c++ < s->b)
				row->matches[n - 1]++;
		}
	}
}

/* The pair's statistics into row (zeroed by the caller); T0 first. */
static int pair_stats(struct text_bleu_scratch *w, const char *ref, size_t ref_len, const char *hyp, size_t hyp_len,
		      struct bleu_stats *row)
{
	ref_len = rstrip_len(ref, ref_len);
	hyp_len = rstrip_len(hyp, hyp_len);
	size_t ref_bytes = escaped_len(ref, ref_len), hyp_bytes = escaped_len(hyp, hyp_len), vmask, nmask;
	if (reserve_text(w, ref_len > hyp_len ? ref_len : hyp_len, ref_bytes > hyp_bytes ? ref_bytes : hyp_bytes))
		return TEXT_BLEU_NO_MEMORY;
	tokenize_side(w, REF, ref, ref_len, ref_bytes);
	tokenize_side(w, HYP, hyp, hyp_len, hyp_bytes);
	size_t nt = w->ntok[REF];
	if (reserve_table(&w->vocab, &w->vocab_cap, nt, &vmask) ||
	    reserve_table(&w->ngram, &w->ngram_cap, BLEU_ORDER * nt, &nmask))
		return TEXT_BLEU_NO_MEMORY;
	next_stamp(w);
	assign_ids(w, REF, vmask);
	assign_ids(w, HYP, vmask);
	count_reference(w, nmask);
	match_hypothesis(w, nmask, row);
	row->hyp_len = (long long)w->ntok[HYP];
	row->ref_len = (long long)nt;
	row->pairs = 1;
	return 0;
}

int text_bleu_add(struct text_bleu_scratch *w, const char *ref, size_t ref_len, const char *hyp,
		  size_t hyp_len, struct bleu_stats *acc)
{
	if (ref_len > TEXT_BLEU_MAX_BYTES || hyp_len > TEXT_BLEU_MAX_BYTES)
		return TEXT_BLEU_TOO_LONG;
	struct text_bleu_scratch local;
	if (!w) {
		text_bleu_scratch_init(&local);
		w = &local;
	}
	struct bleu_stats row = {0};
	int rc = pair_stats(w, ref, ref_len, hyp, hyp_len, &row);
	if (rc == 0)
		text_bleu_merge(acc, &row);
	if (w == &local)
		text_bleu_scratch_free(&local);
	return rc;
}

void text_bleu_merge(struct bleu_stats *acc, const struct bleu_stats *row)
{
	for (int n = 0; n < BLEU_ORDER; n++) {
		acc->matches[n] += row->matches[n];
		acc->totals[n] += row->totals[n];
	}
	acc->hyp_len += row->hyp_len;
	acc->ref_len += row->ref_len;
	acc->pairs += row->pairs;
}

/* ---- Score (B4-B8) ---- */

double text_bleu_score(const struct bleu_stats *s)
{
	if (s->pairs == 0)
		return NAN;
	double bp = 1.0; /* B4 */
	if (s->hyp_len < s->ref_len)
		bp = s->hyp_len > 0 ? exp(1 - (double)s->ref_len / (double)s->hyp_len) : 0.0;

	int any = 0; /* B5 */
	for (int n = 0; n < BLEU_ORDER; n++)
		any |= s->matches[n] != 0;
	if (!any)
		return 0.0;

	double prec[BLEU_ORDER] = {0}, smooth = 1.0; /* B6 */
	for (int n = 0; n < BLEU_ORDER; n++) {
		if (s->totals[n] == 0)
			break;
		if (s->matches[n] == 0) {
			smooth *= 2;
			prec[n] = 100.0 / (smooth * (double)s->totals[n]);
		} else {
			prec[n] = 100.0 * (double)s->matches[n] / (double)s->totals[n];
		}
	}

	double sum = 0; /* B7, in bleu.py's order (B8) */
	for (int n = 0; n < BLEU_ORDER; n++)
		sum += prec[n] == 0.0 ? -9999999999.0 : log(prec[n]);
	return bp * exp(sum / BLEU_ORDER);
}
