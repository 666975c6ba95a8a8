/*
 * test_text_rouge.c — unit tests for metrics/text_rouge.c: every rouge1,
 * rouge2 and rougeL figure without stemming in rouge_score 0.1.2's own
 * tests (rouge_scorer_test.py, tokenize_test.py, tokenizers_test.py; the
 * ROUGE-1.5.5 figures to their 5 published decimals), the tokenizer on
 * punctuation, case and non-ASCII text as Python's str.lower and re see it,
 * LCS cases checked by hand, within one 64-bit word and across many in
 * blocks of every size, and random pairs against a plain reference (full
 * LCS table, counts by word index) bit for bit.
 * Entry point: test_text_rouge().
 */
#include "harness.h"

#include <stdint.h>

#include "text_rouge.h"

void test_text_rouge(void);

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* R5 as rouge_score's scoring.fmeasure computes it. */
static double fm(double p, double r)
{
	return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

/*
 * Scores of hyp against ref, each copied to a heap block of exactly its
 * length (no NUL), so that ASan catches any read past the end.
 */
static int rouge_of(struct text_rouge_scratch *s, const char *ref, const char *hyp, struct rouge_scores *out)
{
	size_t nr = strlen(ref), nh = strlen(hyp);
	char *r = malloc(nr ? nr : 1), *h = malloc(nh ? nh : 1);
	if (!r || !h)
		abort();
	memcpy(r, ref, nr);
	memcpy(h, hyp, nh);
	int rc = text_rouge(s, r, nr, h, nh, out);
	free(r);
	free(h);
	return rc;
}

/* The tokens of text joined by single spaces (R1-R2), in a static buffer. */
static const char *tokens_of(const char *text)
{
	static char joined[512];
	char tok[256];
	size_t n = strlen(text), pos = 0, len, at = 0;

	while ((len = text_rouge_next_token(text, n, &pos, tok)) > 0) {
		if (at)
			joined[at++] = ' ';
		memcpy(joined + at, tok, len);
		at += len;
	}
	joined[at] = '\0';
	return joined;
}

#define CHECK_SCORE(got, p, r, f, rel)              \
	do {                                        \
		CHECK_NEAR((got).precision, (p), (rel)); \
		CHECK_NEAR((got).recall, (r), (rel));    \
		CHECK_NEAR((got).fmeasure, (f), (rel));  \
	} while (0)

/* The same three doubles, bit for bit. */
#define CHECK_EXACT(got, p, r) CHECK_SCORE(got, p, r, fm(p, r), 0)

/* rouge_scorer_test.py: the cases on short strings. */
static void test_published_short(struct text_rouge_scratch *s)
{
	struct rouge_scores o;

	/* testRouge1 (and testRouge1Multi, one target) */
	CHECK_INT(rouge_of(s, "testing one two", "testing", &o), 0);
	CHECK_SCORE(o.rouge1, 1, 1.0 / 3, 1.0 / 2, 1e-12);

	/* testRougeEmpty, for rouge1, rouge2 and rougeL */
	CHECK_INT(rouge_of(s, "testing one two", "", &o), 0);
	CHECK_SCORE(o.rouge1, 0, 0, 0, 0);
	CHECK_SCORE(o.rouge2, 0, 0, 0, 0);
	CHECK_SCORE(o.rouge_l, 0, 0, 0, 0);

	/* testRouge2, testRougeLConsecutive, testMultipleRougeTypes: one pair */
	CHECK_INT(rouge_of(s, "testing one two", "testing one", &o), 0);
	CHECK_SCORE(o.rouge2, 1, 1.0 / 2, 2.0 / 3, 1e-12);
	CHECK_SCORE(o.rouge_l, 1, 2.0 / 3, 4.0 / 5, 1e-12);
	CHECK_SCORE(o.rouge1, 1, 2.0 / 3, 4.0 / 5, 1e-12);

	/* testRougeLNonConsecutive */
	CHECK_INT(rouge_of(s, "testing one two", "testing two", &o), 0);
	CHECK_SCORE(o.rouge_l, 1, 2.0 / 3, 4.0 / 5, 1e-12);

	/*
	 * testRougeAllMulti: score_multi keeps, per type, the target with the
	 * highest F; its published F-measures (1, 0, 0.5) are the max of ours.
	 */
	struct rouge_scores a, b;
	CHECK_INT(rouge_of(s, "first text", "text first", &a), 0);
	CHECK_INT(rouge_of(s, "first something", "text first", &b), 0);
	CHECK_NEAR(fmax(a.rouge1.fmeasure, b.rouge1.fmeasure), 1, 1e-12);
	CHECK_NEAR(fmax(a.rouge2.fmeasure, b.rouge2.fmeasure), 0, 1e-12);
	CHECK_NEAR(fmax(a.rouge_l.fmeasure, b.rouge_l.fmeasure), 0.5, 1e-12);

	/* testRougeTokenizerInit: the default tokenizer, a text against itself */
	CHECK_INT(rouge_of(s, "this is a test", "this is a test", &o), 0);
	CHECK(o.rouge1.fmeasure == 1.0);

	/*
	 * testRougeLsum's empty cases ("" and all non-word "/"), there for
	 * rougeLsum: the same tokenizer gives every type 0 (R6).
	 */
	CHECK_INT(rouge_of(s, "w1 w2 w3 w4 w5", "/", &o), 0);
	CHECK_SCORE(o.rouge1, 0, 0, 0, 0);
	CHECK_SCORE(o.rouge2, 0, 0, 0, 0);
	CHECK_SCORE(o.rouge_l, 0, 0, 0, 0);
	CHECK_INT(rouge_of(s, "", "w1", &o), 0);
	CHECK_SCORE(o.rouge1, 0, 0, 0, 0);
	CHECK_SCORE(o.rouge2, 0, 0, 0, 0);
	CHECK_SCORE(o.rouge_l, 0, 0, 0, 0);

	/*
	 * testLcsTable: ref [1 2 3 4 5], c1 [2 5 3 4] has LCS 3, c2 [8 9] 0.
	 * As words: rougeL 3/4, 3/5; rouge1 4/4, 4/5; rouge2 (w3 w4) 1/3, 1/4.
	 */
	CHECK_INT(rouge_of(s, "w1 w2 w3 w4 w5", "w2 w5 w3 w4", &o), 0);
	CHECK_EXACT(o.rouge_l, 3.0 / 4, 3.0 / 5);
	CHECK_EXACT(o.rouge1, 1.0, 4.0 / 5);
	CHECK_EXACT(o.rouge2, 1.0 / 3, 1.0 / 4);
	CHECK_INT(rouge_of(s, "w1 w2 w3 w4 w5", "w8 w9", &o), 0);
	CHECK_SCORE(o.rouge_l, 0, 0, 0, 0);

	/*
	 * testRougeLsum's pair ("w1 w2 w3 w4 w5" against two lines): rougeLsum
	 * there is .4/.8; sentence-level rougeL treats the newline as a space
	 * and finds w1 w2 w3 w5 in order, also 4 of 10 and 4 of 5. By hand:
	 * rouge1 4 (w1 twice in the prediction counts once), rouge2 only w1 w2.
	 */
	CHECK_INT(rouge_of(s, "w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5", &o), 0);
	CHECK_EXACT(o.rouge_l, 4.0 / 10, 4.0 / 5);
	CHECK_EXACT(o.rouge1, 4.0 / 10, 4.0 / 5);
	CHECK_EXACT(o.rouge2, 1.0 / 9, 1.0 / 4);
	CHECK_NEAR(o.rouge_l.fmeasure, 0.5333, 1e-4); /* published to 3 places */
}

/* Lines 0 and 1 of rouge_score's testdata/target.txt and prediction.txt, as readlines() gives them. */
static const char *const target_txt[] = {
	"ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing Ht-LM "
	"EKBDXkME,yz'RBr q'wtion wIojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L\n",
	"KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q m "
	"qiing LMmer HqqLFXe,XPY,J XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing "
	"UCAPwNHeYVjDing c T BUySKtion gMPfJpwGw p'NvxAoping eu pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN\n",
};
static const char *const prediction_txt[] = {
	"rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi\n",
	"n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed HqqLFXe,XPY,J "
	"XsurkMeo ,ed nB'wH'bWVHjWFEer tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD\n",
};

/* rouge_scorer_test.py: the figures of ROUGE-1.5.5 itself, to the 5 decimals published. */
static void test_published_rouge155(struct text_rouge_scratch *s)
{
	/* {recall, precision, fmeasure} per line, as the tests list them */
	static const double r1[2][3] = {{0.40741, 0.68750, 0.51163}, {0.40476, 0.65385, 0.50000}};
	static const double r2[2][3] = {{0.30769, 0.53333, 0.39024}, {0.29268, 0.48000, 0.36364}};
	static const double rl[2][3] = {{0.40741, 0.68750, 0.51163}, {0.40476, 0.65385, 0.50000}};
	struct rouge_scores o;

	for (int i = 0; i < 2; i++) {
		CHECK_INT(rouge_of(s, target_txt[i], prediction_txt[i], &o), 0);
		/* testRouge1AgainstRouge155 */
		CHECK_ROUNDED(o.rouge1.recall, r1[i][0], 5);
		CHECK_ROUNDED(o.rouge1.precision, r1[i][1], 5);
		CHECK_ROUNDED(o.rouge1.fmeasure, r1[i][2], 5);
		/* testRouge2AgainstRouge155 */
		CHECK_ROUNDED(o.rouge2.recall, r2[i][0], 5);
		CHECK_ROUNDED(o.rouge2.precision, r2[i][1], 5);
		CHECK_ROUNDED(o.rouge2.fmeasure, r2[i][2], 5);
		/* testRougeLAgainstRouge155 */
		CHECK_ROUNDED(o.rouge_l.recall, rl[i][0], 5);
		CHECK_ROUNDED(o.rouge_l.precision, rl[i][1], 5);
		CHECK_ROUNDED(o.rouge_l.fmeasure, rl[i][2], 5);
	}
	/* The counts behind line 0: 11 of 27 target and 16 prediction tokens, 8 of 26 and 15 bigrams. */
	CHECK_INT(rouge_of(s, target_txt[0], prediction_txt[0], &o), 0);
	CHECK_EXACT(o.rouge1, 11.0 / 16, 11.0 / 27);
	CHECK_EXACT(o.rouge2, 8.0 / 15, 8.0 / 26);
}

/* R1-R2, the tokenizer alone. */
static void test_tokens(void)
{
	/* tokenize_test.py test_give_me_a_name */
	CHECK_STR(tokens_of("one Two three"), "one two three");
	CHECK_STR(tokens_of("one\n Two \nthree"), "one two three");
	/* tokenizers_test.py test_default_tokenizer_no_stemmer_init */
	CHECK_STR(tokens_of("this is a test"), "this is a test");

	/* Punctuation, case, digits: only [a-z0-9] runs survive. */
	CHECK_STR(tokens_of("Hello, World!"), "hello world");
	CHECK_STR(tokens_of("don't e-mail U.S.A. foo_bar"), "don t e mail u s a foo bar");
	CHECK_STR(tokens_of("COVID-19 in 2020: 3.5%"), "covid 19 in 2020 3 5");
	CHECK_STR(tokens_of("  \t\r\n "), "");
	CHECK_STR(tokens_of(""), "");
	CHECK_STR(tokens_of("x"), "x");
	CHECK_STR(tokens_of("a\0b"), "a"); /* strlen stops there; text_rouge takes lengths */

	/* Non-ASCII letters are separators, not dropped in place (R2). */
	CHECK_STR(tokens_of("Café au lait"), "caf au lait");
	CHECK_STR(tokens_of("naïve résumé"), "na ve r sum");
	CHECK_STR(tokens_of("ÉCOLE"), "cole");
	CHECK_STR(tokens_of("안녕하세요 세계"), "");
	CHECK_STR(tokens_of("Hello 세계"), "hello");
	CHECK_STR(tokens_of("abc한def"), "abc def");
	CHECK_STR(tokens_of("東京2020"), "2020");
	CHECK_STR(tokens_of("ｆｕｌｌ　ｗｉｄｔｈ"), ""); /* fullwidth forms are not ASCII */
	CHECK_STR(tokens_of("em—dash “quoted”"), "em dash quoted");
	/* U+0130: "i" then a combining dot, which splits the word. */
	CHECK_STR(tokens_of("İstanbul"), "i stanbul");
	CHECK_STR(tokens_of("aİb İİ"), "ai b i i");
	/* U+212A KELVIN SIGN lower-cases into the word as "k". */
	CHECK_STR(tokens_of("5\xE2\x84\xAA and \xE2\x84\xAA" "elvin"), "5k and kelvin");
	/* U+212B ANGSTROM SIGN lower-cases to å, not ASCII. */
	CHECK_STR(tokens_of("1\xE2\x84\xAB"), "1");

	/* Not UTF-8: each bad byte a separator, nothing read past the end. */
	CHECK_STR(tokens_of("ab\xC4"), "ab");
	CHECK_STR(tokens_of("ab\xE2\x84"), "ab");
	CHECK_STR(tokens_of("a\xFF" "b\x80" "c"), "a b c");
	CHECK_STR(tokens_of("\xE2\xC4\xB0x"), "i x"); /* a lone lead byte, then U+0130 */
}

/* R1-R2 through the scores: what users see on real text. */
static void test_text_cases(struct text_rouge_scratch *s)
{
	struct rouge_scores o;

	CHECK_INT(rouge_of(s, "Hello, World!", "hello world", &o), 0);
	CHECK_SCORE(o.rouge1, 1, 1, 1, 0);
	CHECK_SCORE(o.rouge2, 1, 1, 1, 0);
	CHECK_SCORE(o.rouge_l, 1, 1, 1, 0);

	/* Identical Korean sentences: no tokens, so 0 (rouge_score's known blind spot). */
	CHECK_INT(rouge_of(s, "안녕하세요 세계", "안녕하세요 세계", &o), 0);
	CHECK_SCORE(o.rouge1, 0, 0, 0, 0);
	CHECK_SCORE(o.rouge2, 0, 0, 0, 0);
	CHECK_SCORE(o.rouge_l, 0, 0, 0, 0);
	/* Mixed: only the ASCII words count. */
	CHECK_INT(rouge_of(s, "서울 Seoul 2024", "Seoul 서울 2024년", &o), 0);
	CHECK_SCORE(o.rouge1, 1, 1, 1, 0);
	CHECK_SCORE(o.rouge2, 1, 1, 1, 0);

	/* "café" is "caf", which "cafe" does not match. */
	CHECK_INT(rouge_of(s, "café au lait", "cafe au lait", &o), 0);
	CHECK_EXACT(o.rouge1, 2.0 / 3, 2.0 / 3);
	CHECK_EXACT(o.rouge2, 1.0 / 2, 1.0 / 2);
	CHECK_INT(rouge_of(s, "café au lait", "CAF au lait", &o), 0);
	CHECK_SCORE(o.rouge_l, 1, 1, 1, 0);

	CHECK_INT(rouge_of(s, "İstanbul", "I stanbul", &o), 0);
	CHECK_SCORE(o.rouge2, 1, 1, 1, 0);
	CHECK_INT(rouge_of(s, "5\xE2\x84\xAA run", "5K run", &o), 0);
	CHECK_SCORE(o.rouge2, 1, 1, 1, 0);

	/* Empty on either side or both, and NULL with length 0. */
	CHECK_INT(rouge_of(s, "", "", &o), 0);
	CHECK_SCORE(o.rouge_l, 0, 0, 0, 0);
	CHECK_INT(text_rouge(s, NULL, 0, NULL, 0, &o), 0);
	CHECK_SCORE(o.rouge1, 0, 0, 0, 0);
	CHECK_INT(text_rouge(s, "a b", 3, NULL, 0, &o), 0);
	CHECK_SCORE(o.rouge1, 0, 0, 0, 0);
	CHECK_INT(rouge_of(s, "?!", "a b c", &o), 0);
	CHECK_SCORE(o.rouge1, 0, 0, 0, 0);
	CHECK_SCORE(o.rouge_l, 0, 0, 0, 0);
	/* One token each: no bigrams, so rouge2 is 0 even when they agree (R3's max(0, 1)). */
	CHECK_INT(rouge_of(s, "yes", "Yes.", &o), 0);
	CHECK_SCORE(o.rouge1, 1, 1, 1, 0);
	CHECK_SCORE(o.rouge2, 0, 0, 0, 0);
}

/* R3-R4 on cases worked by hand. */
static void test_hand(struct text_rouge_scratch *s)
{
	struct rouge_scores o;

	/* Reversed: every word shared, LCS 1, no bigram in common. */
	CHECK_INT(rouge_of(s, "a b c d e f", "f e d c b a", &o), 0);
	CHECK_EXACT(o.rouge1, 1.0, 1.0);
	CHECK_EXACT(o.rouge2, 0.0, 0.0);
	CHECK_EXACT(o.rouge_l, 1.0 / 6, 1.0 / 6);

	/*
	 * a b a b a b vs b a b a: LCS b a b a = 4; unigrams a 3|2, b 3|2 give 4;
	 * bigrams ab 3|1, ba 2|2 give 3 of 5 target and 3 prediction bigrams.
	 */
	CHECK_INT(rouge_of(s, "a b a b a b", "b a b a", &o), 0);
	CHECK_EXACT(o.rouge_l, 1.0, 4.0 / 6);
	CHECK_EXACT(o.rouge1, 1.0, 4.0 / 6);
	CHECK_EXACT(o.rouge2, 1.0, 3.0 / 5);

	/* Repeats are clipped to the other side's count. */
	CHECK_INT(rouge_of(s, "the the the", "the", &o), 0);
	CHECK_EXACT(o.rouge1, 1.0, 1.0 / 3);
	CHECK_EXACT(o.rouge2, 0.0, 0.0);
	CHECK_EXACT(o.rouge_l, 1.0, 1.0 / 3);
	CHECK_INT(rouge_of(s, "the cat", "the the the cat cat", &o), 0);
	CHECK_EXACT(o.rouge1, 2.0 / 5, 1.0);
	CHECK_EXACT(o.rouge2, 1.0 / 4, 1.0);
	CHECK_EXACT(o.rouge_l, 2.0 / 5, 1.0);

	/* Order matters to LCS only: x y z w vs z w x y has LCS 2 (x y or z w). */
	CHECK_INT(rouge_of(s, "x y z w", "z w x y", &o), 0);
	CHECK_EXACT(o.rouge_l, 2.0 / 4, 2.0 / 4);
	CHECK_EXACT(o.rouge2, 2.0 / 3, 2.0 / 3);
}

/* "w0 w1 ... " for the indices in idx. */
static char *words_text(const int *idx, size_t n)
{
	char *t = malloc(n * 8 + 1), *p = t;
	if (!t)
		abort();
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%sw%d", i ? " " : "", idx[i]);
	*p = '\0';
	return t;
}

/* LCS past one 64-bit word, by hand, in one block and in one-word blocks. */
static void test_long(struct text_rouge_scratch *s, struct text_rouge_scratch *narrow)
{
	enum { N = 200 };
	int up[N], down[N], third[(N + 2) / 3], swap[N];
	struct rouge_scores o;

	for (int i = 0; i < N; i++) {
		up[i] = i;
		down[i] = N - 1 - i;
		swap[i] = (i + N / 2) % N;
	}
	for (int i = 0; i < (N + 2) / 3; i++)
		third[i] = 3 * i;
	char *tu = words_text(up, N), *td = words_text(down, N), *tt = words_text(third, LEN(third)),
	     *ts = words_text(swap, N);
	struct text_rouge_scratch *both[] = {s, narrow};
	for (size_t k = 0; k < LEN(both); k++) {
		CHECK_INT(rouge_of(both[k], tu, td, &o), 0); /* reversed: LCS 1 */
		CHECK_EXACT(o.rouge_l, 1.0 / N, 1.0 / N);
		CHECK_INT(rouge_of(both[k], tu, tt, &o), 0); /* every third word: all 67 in order */
		CHECK_EXACT(o.rouge_l, 1.0, 67.0 / N);
		CHECK_EXACT(o.rouge2, 0.0, 0.0);
		CHECK_INT(rouge_of(both[k], tt, tu, &o), 0); /* the same, sides swapped */
		CHECK_EXACT(o.rouge_l, 67.0 / N, 1.0);
		CHECK_INT(rouge_of(both[k], tu, ts, &o), 0); /* halves swapped: LCS 100, 198 of 199 bigrams */
		CHECK_EXACT(o.rouge_l, 100.0 / N, 100.0 / N);
		CHECK_EXACT(o.rouge2, 198.0 / 199, 198.0 / 199);
	}
	free(tu);
	free(td);
	free(tt);
	free(ts);
}

/* xorshift64*: reproducible random pairs without libc's rand state. */
static uint64_t rng_next(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 0x2545f4914f6cdd1du;
}

/* Word k of the small vocabulary, in one of its spellings (all the same token). */
static const char *spelling(int k, uint64_t r)
{
	static const char *const forms[][3] = {
		{"the", "The", "THE"}, {"cat", "Cat", "cAt"}, {"sat", "SAT", "Sat"},
		{"on", "On", "ON"},    {"mat", "Mat", "mAT"}, {"a1", "A1", "a1"},
		{"42", "42", "42"},    {"dog", "Dog", "DOG"},
	};
	return forms[k][r % 3];
}

/* Between words: separators as rouge_score treats them (punctuation, space, non-ASCII). */
static const char *separator(uint64_t r)
{
	static const char *const seps[] = {
		" ", "  ", ", ", ". ", "\n", " - ", "'", "é", " 한 ", "\xE2\x80\x94" /* em dash */, "_",
	};
	return seps[r % LEN(seps)];
}

/* A text of n words of the vocabulary (indices in w) in random spellings and separators. */
static char *random_text(const int *w, size_t n, uint64_t *x)
{
	char *t = malloc(n * 16 + 8), *p = t;
	if (!t)
		abort();
	if (rng_next(x) % 4 == 0)
		p += sprintf(p, "%s", separator(rng_next(x)));
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s%s", i ? separator(rng_next(x)) : "", spelling(w[i], rng_next(x)));
	*p = '\0';
	return t;
}

/* R3-R4 the plain way: counts by word index, the full LCS table. */
static void reference_scores(const int *r, size_t nr, const int *h, size_t nh, struct rouge_scores *o)
{
	enum { V = 8 };
	size_t cr[V] = {0}, ch[V] = {0}, br[V][V] = {{0}}, bh[V][V] = {{0}}, hit1 = 0, hit2 = 0;
	for (size_t i = 0; i < nr; i++)
		cr[r[i]]++;
	for (size_t i = 0; i < nh; i++)
		ch[h[i]]++;
	for (size_t i = 0; i + 1 < nr; i++)
		br[r[i]][r[i + 1]]++;
	for (size_t i = 0; i + 1 < nh; i++)
		bh[h[i]][h[i + 1]]++;
	for (int a = 0; a < V; a++) {
		hit1 += cr[a] < ch[a] ? cr[a] : ch[a];
		for (int b = 0; b < V; b++)
			hit2 += br[a][b] < bh[a][b] ? br[a][b] : bh[a][b];
	}
	size_t *t = calloc((nr + 1) * (nh + 1), sizeof *t);
	if (!t)
		abort();
	for (size_t i = 1; i <= nr; i++)
		for (size_t j = 1; j <= nh; j++) {
			size_t up = t[(i - 1) * (nh + 1) + j], left = t[i * (nh + 1) + j - 1];
			t[i * (nh + 1) + j] = r[i - 1] == h[j - 1] ? t[(i - 1) * (nh + 1) + j - 1] + 1
								  : (up > left ? up : left);
		}
	size_t lcs = t[nr * (nh + 1) + nh];
	free(t);
	size_t nr2 = nr > 1 ? nr - 1 : 0, nh2 = nh > 1 ? nh - 1 : 0;
#define SCORE(dst, hits, np, nt)                                     \
	do {                                                         \
		(dst).precision = (double)(hits) / (double)((np) > 1 ? (np) : 1); \
		(dst).recall = (double)(hits) / (double)((nt) > 1 ? (nt) : 1);    \
		(dst).fmeasure = fm((dst).precision, (dst).recall);        \
	} while (0)
	SCORE(o->rouge1, hit1, nh, nr);
	SCORE(o->rouge2, hit2, nh2, nr2);
	SCORE(o->rouge_l, lcs, nh, nr);
#undef SCORE
}

static int same_score(struct rouge_score a, struct rouge_score b)
{
	return a.precision == b.precision && a.recall == b.recall && a.fmeasure == b.fmeasure;
}

/*
 * Random pairs (0 to 299 words over 8, some texts sharing a skeleton so the
 * LCS is long) on a reused scratch with the LCS in one block, in one-word
 * blocks, in blocks of 3 to 24 words, and with no scratch: all bit for bit
 * the reference. The stamp is put near its wrap first.
 */
static void test_random(void)
{
	enum { PAIRS = 600, MAXW = 300 };
	struct text_rouge_scratch s[3];
	uint64_t x = 0x9e3779b97f4a7c15u;
	int r[MAXW], h[MAXW], bad = 0;

	for (size_t i = 0; i < LEN(s); i++)
		text_rouge_init(&s[i]);
	s[0].stamp = UINT32_MAX - 5;
	s[1].lcs_mask_limit = 0;
	s[2].lcs_mask_limit = 24 * 8; /* 24 / (shared words) words a block */
	for (int k = 0; k < PAIRS; k++) {
		size_t cap = k % 3 == 0 ? 20 : k % 3 == 1 ? 70 : MAXW;
		size_t nr = rng_next(&x) % cap, nh = rng_next(&x) % cap;
		for (size_t i = 0; i < nr; i++)
			r[i] = (int)(rng_next(&x) % 8);
		for (size_t i = 0; i < nh; i++) /* half the time, an edited copy of r */
			h[i] = k % 2 && i < nr && rng_next(&x) % 4 ? r[i] : (int)(rng_next(&x) % 8);
		char *tr = random_text(r, nr, &x), *th = random_text(h, nh, &x);
		struct rouge_scores want, got[LEN(s) + 1];
		reference_scores(r, nr, h, nh, &want);
		int ok = 1;
		for (size_t g = 0; g <= LEN(s); g++) {
			if (g == LEN(s) && k % 10) /* no scratch: every tenth pair */
				break;
			ok = ok && rouge_of(g < LEN(s) ? &s[g] : NULL, tr, th, &got[g]) == 0 &&
			     same_score(got[g].rouge1, want.rouge1) && same_score(got[g].rouge2, want.rouge2) &&
			     same_score(got[g].rouge_l, want.rouge_l);
		}
		if (!ok && bad++ < 3)
			fprintf(stderr, "pair %d differs: \"%s\" / \"%s\"\n", k, tr, th);
		free(tr);
		free(th);
	}
	CHECK_INT(bad, 0);
	CHECK(s[0].stamp < 2000); /* it wrapped, and the tables were cleared then */
	for (size_t i = 0; i < LEN(s); i++)
		text_rouge_free(&s[i]);
}

/* -1 past TEXT_ROUGE_MAX_LEN, with NAN figures; the text is never read then. */
static void test_limits(struct text_rouge_scratch *s)
{
	static const char small[] = "a";
	struct rouge_scores o;

	CHECK_INT(text_rouge(s, small, TEXT_ROUGE_MAX_LEN + 1, small, 1, &o), -1);
	CHECK(isnan(o.rouge1.fmeasure) && isnan(o.rouge2.precision) && isnan(o.rouge_l.recall));
	CHECK_INT(text_rouge(s, small, 1, small, TEXT_ROUGE_MAX_LEN + 1, &o), -1);
	CHECK(isnan(o.rouge_l.fmeasure));
	/* The scratch is still good after a refusal. */
	CHECK_INT(text_rouge(s, small, 1, small, 1, &o), 0);
	CHECK_SCORE(o.rouge1, 1, 1, 1, 0);
}

void test_text_rouge(void)
{
	struct text_rouge_scratch s, narrow;

	text_rouge_init(&s);
	text_rouge_init(&narrow);
	narrow.lcs_mask_limit = 0; /* every long LCS in one-word blocks */
	test_published_short(&s);
	test_published_rouge155(&s);
	test_tokens();
	test_text_cases(&s);
	test_hand(&s);
	test_long(&s, &narrow);
	test_random();
	test_limits(&s);
	text_rouge_free(&s);
	text_rouge_free(&narrow);
}
