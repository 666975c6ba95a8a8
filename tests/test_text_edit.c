/*
 * test_text_edit.c — unit tests for metrics/text_edit.c: every numeric case
 * of jiwer 4.0.0's own tests that runs with the default transforms (each
 * names its file and test), alignments with several shortest choices traced
 * by hand through rapidfuzz's backtrace (text_edit.h rule 2b), Unicode,
 * whitespace and empty texts, pooling, the limits of rule 2d, and random
 * pairs against a plain O(n*m) table backtracked by the same rule.
 * Entry point: test_text_edit().
 */
#include "harness.h"

#include <stdint.h>

#include "text_edit.h"

void test_text_edit(void);

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* jiwer's tests compare with delta 1e-16: the same double, give or take an ulp. */
#define EXACT 1e-15

static struct edit_scratch scratch;

static struct edit_counts pair(const char *ref, const char *hyp, enum text_unit unit)
{
	struct edit_counts c = {0, 0, 0, 0};
	CHECK_INT(text_edit_add(&scratch, ref, strlen(ref), hyp, strlen(hyp), unit, &c), 0);
	return c;
}

/* jiwer's list input: the pairs' counts pooled. */
static struct edit_counts pooled(const char *const *refs, const char *const *hyps, size_t k, enum text_unit unit)
{
	struct edit_counts c = {0, 0, 0, 0};
	for (size_t i = 0; i < k; i++)
		CHECK_INT(text_edit_add(&scratch, refs[i], strlen(refs[i]), hyps[i], strlen(hyps[i]), unit, &c), 0);
	return c;
}

#define CHECK_COUNTS(c, h, s, d, i)                  \
	do {                                         \
		struct edit_counts cc_ = (c);        \
		CHECK_INT(cc_.hits, h);              \
		CHECK_INT(cc_.substitutions, s);     \
		CHECK_INT(cc_.deletions, d);         \
		CHECK_INT(cc_.insertions, i);        \
	} while (0)

/* jiwer's all_m(wer, mer, wil) (tests/test_measures.py:6-12). */
static void check_measures(struct edit_counts c, double wer, double mer, double wil)
{
	CHECK_NEAR(text_wer(&c), wer, EXACT);
	CHECK_NEAR(text_mer(&c), mer, EXACT);
	CHECK_NEAR(text_wil(&c), wil, EXACT);
}

/*
 * tests/test_measures.py, TestMeasuresDefaultTransform. The _h_list,
 * _list_h and _list_list variants wrap the same pairs in one-element lists,
 * which jiwer treats alike.
 */
static void test_jiwer_measures(void)
{
	/* test_input_gt_string_h_string */
	check_measures(pair("This is a test", "This is a test", TEXT_WORDS), 0, 0, 0);
	check_measures(pair("This is a test", "", TEXT_WORDS), 1, 1, 1);
	check_measures(pair("This is a test", "This test", TEXT_WORDS), 0.5, 0.5, 0.5);

	/* test_known_values (from Morris et al., "From WER and RIL to MER and WIL") */
	check_measures(pair("X", "X", TEXT_WORDS), 0, 0, 0);
	check_measures(pair("X", "X X Y Y", TEXT_WORDS), 3, 0.75, 0.75);
	check_measures(pair("X Y X", "X Z", TEXT_WORDS), 2.0 / 3, 2.0 / 3, 5.0 / 6);
	check_measures(pair("X", "Y", TEXT_WORDS), 1, 1, 1);
	check_measures(pair("X", "Y Z", TEXT_WORDS), 2, 1, 1);

	/* test_permutations_invariance: lists are pooled pair by pair */
	static const char *const r1[] = {"i", "am i good"}, *const h1[] = {"i am", "i good"};
	static const char *const r2[] = {"am i good", "i"}, *const h2[] = {"i good", "i am"};
	check_measures(pooled(r1, h1, 2, TEXT_WORDS), 0.5, 0.4, 7.0 / 16);
	check_measures(pooled(r2, h2, 2, TEXT_WORDS), 0.5, 0.4, 7.0 / 16);

	/*
	 * TestMeasuresContiguousSentencesTransform.test_different_sentence_length_equal_type:
	 * on one string wer_contiguous is wer_default, as ReduceToSingleSentence
	 * leaves a str alone (transforms.py:256-257).
	 */
	check_measures(pair("i am a short ground truth",
			    "i am a considerably longer and very much incorrect hypothesis", TEXT_WORDS),
		       7.0 / 6, 0.7, 0.85);
}


static double cer_of(const char *ref, const char *hyp)
{
	struct edit_counts c = pair(ref, hyp, TEXT_CHARS);
	return text_cer(&c);
}

/* tests/test_cer.py, TestCERInputMethods (the list variants as above). */
static void test_jiwer_cer(void)
{
	/* test_input_ref_string_hyp_string */
	CHECK_NEAR(cer_of("This is a test", "This is a test"), 0.0 / 14, EXACT);
	CHECK_NEAR(cer_of("This is a test", ""), 14.0 / 14, EXACT);
	CHECK_NEAR(cer_of("This is a test", "This test"), 5.0 / 14, EXACT);

	/* test_known_values */
	CHECK_NEAR(cer_of("X", "X"), 0, EXACT);
	CHECK_NEAR(cer_of("X", "X X Y Y"), 6, EXACT);
	CHECK_NEAR(cer_of("X Y X", "X Z"), 3.0 / 5, EXACT);
	CHECK_NEAR(cer_of("X", "Y"), 1, EXACT);
	CHECK_NEAR(cer_of("X", "Y Z"), 3, EXACT);

	/* test_permutations_invariance */
	static const char *const r1[] = {"i", "am i good"}, *const h1[] = {"i am", "i good"};
	static const char *const r2[] = {"am i good", "i"}, *const h2[] = {"i good", "i am"};
	struct edit_counts c1 = pooled(r1, h1, 2, TEXT_CHARS), c2 = pooled(r2, h2, 2, TEXT_CHARS);
	CHECK_NEAR(text_cer(&c1), 0.6, EXACT);
	CHECK_NEAR(text_cer(&c2), 0.6, EXACT);
}

/*
 * tests/test_empty_ref.py. Where jiwer's "wer" or "cer" of an empty
 * reference is its insertion count, that count is checked and the rate is
 * NAN (text_edit.h 3a).
 */
static void test_jiwer_empty(void)
{
	/* test_empty_ref_empty_hyp: "" and [""] * i, i = 1..9 */
	static const char *const blanks[9] = {"", "", "", "", "", "", "", "", ""};
	for (size_t i = 1; i <= 9; i++) {
		struct edit_counts c = pooled(blanks, blanks, i, TEXT_WORDS);
		CHECK_COUNTS(c, 0, 0, 0, 0);
		CHECK(isnan(text_wer(&c)));     /* jiwer: 0 insertions */
		CHECK_NEAR(text_mer(&c), 0, EXACT);
		CHECK_NEAR(text_wil(&c), 0, EXACT);
	}

	/* test_empty_ref */
	struct edit_counts c = pair("", "hello", TEXT_WORDS);
	CHECK_COUNTS(c, 0, 0, 0, 1);
	CHECK(isnan(text_wer(&c)));             /* jiwer: 1, the insertions */
	CHECK_NEAR(text_mer(&c), 1, EXACT);
	CHECK_NEAR(text_wil(&c), 1, EXACT);

	/* test_empty_ref_more: hypothesis "0 1 ... i-1" */
	for (int i = 2; i <= 10; i++) {
		char hyp[64] = "";
		for (int j = 0; j < i; j++)
			snprintf(hyp + strlen(hyp), sizeof hyp - strlen(hyp), j ? " %d" : "%d", j);
		c = pair("", hyp, TEXT_WORDS);
		CHECK_INT(c.insertions, i);     /* jiwer's wer */
		CHECK(isnan(text_wer(&c)));
		CHECK_NEAR(text_mer(&c), 1, EXACT);
		CHECK_NEAR(text_wil(&c), 1, EXACT);
	}

	/* test_empty_hyp */
	c = pair("hello", "", TEXT_WORDS);
	CHECK_COUNTS(c, 0, 0, 1, 0);
	check_measures(c, 1, 1, 1);

	/* test_multiple_one_empty_ref */
	static const char *const r[] = {"hello world", ""}, *const h[] = {"hello world", "done"};
	c = pooled(r, h, 2, TEXT_WORDS);
	CHECK_INT(c.insertions, 1);
	check_measures(c, 1.0 / 2, 1.0 / 3, 1.0 / 3);

	/* test_one_empty_ref_and_hyp: an empty pair adds nothing */
	static const char *const r2[] = {"hello world", ""}, *const h2[] = {"hello world", ""};
	CHECK_COUNTS(pooled(r2, h2, 2, TEXT_WORDS), 2, 0, 0, 0);
	CHECK_COUNTS(pooled(r2, h2, 1, TEXT_WORDS), 2, 0, 0, 0);

	/* test_cer_empty_ref */
	c = pair("", "", TEXT_CHARS);
	CHECK_COUNTS(c, 0, 0, 0, 0);            /* jiwer's cer 0 */
	CHECK(isnan(text_cer(&c)));
	CHECK_INT(pair("", "a", TEXT_CHARS).insertions, 1);
	CHECK_INT(pair("", "abd", TEXT_CHARS).insertions, 3);
	CHECK_NEAR(cer_of("a", ""), 1, EXACT);
	CHECK_NEAR(cer_of("abc", ""), 1, EXACT);
}

/*
 * tests/test_alignment.py: the counts of the alignments it draws (one
 * letter per operation under each picture), which pin down rapidfuzz's
 * choice among shortest alignments.
 */
static void test_jiwer_alignment(void)
{
	/* TestAlignmentVisualizationWords */
	CHECK_COUNTS(pair("this is a", "this is a test", TEXT_WORDS), 3, 0, 0, 1);          /* test_insertion */
	CHECK_COUNTS(pair("this is a test", "this is a", TEXT_WORDS), 3, 0, 1, 0);          /* test_deletion */
	CHECK_COUNTS(pair("this is a test", "this was a test", TEXT_WORDS), 3, 1, 0, 0);    /* test_substitution */
	CHECK_COUNTS(pair("this is a test of skill", "this was a messy test", TEXT_WORDS),  /* test_all_three */
		     3, 1, 2, 1);
	/* test_show_measures: mer=88.89% wil=97.22% wer=88.89% */
	struct edit_counts c = pair("this test will  have a high word error rate", "no it will not", TEXT_WORDS);
	CHECK_COUNTS(c, 1, 3, 5, 0);
	CHECK_ROUNDED(100 * text_mer(&c), 88.89, 2);
	CHECK_ROUNDED(100 * text_wil(&c), 97.22, 2);
	CHECK_ROUNDED(100 * text_wer(&c), 88.89, 2);
	CHECK_COUNTS(pair("empty", "", TEXT_WORDS), 0, 0, 1, 0);                            /* test_empty_hypothesis */
	static const char *const r1[] = {"one", "two"}, *const h1[] = {"1", "2"};
	CHECK_COUNTS(pooled(r1, h1, 2, TEXT_WORDS), 0, 2, 0, 0);                            /* test_multiple_sentences */
	static const char *const r2[] = {"perfect", "one", "two", "three"};
	static const char *const h2[] = {"perfect", "1", "2", "three"};
	CHECK_COUNTS(pooled(r2, h2, 4, TEXT_WORDS), 2, 2, 0, 0);                            /* test_skip_correct */
	CHECK_COUNTS(pair("", "", TEXT_WORDS), 0, 0, 0, 0);                                 /* test_empty_ref */
	CHECK_COUNTS(pair("", "inserted", TEXT_WORDS), 0, 0, 0, 1);         /* test_empty_ref_with_hyp_deletion */
	CHECK_COUNTS(pair("this sentence could be split", "this sentence will be split by ai", TEXT_WORDS),
		     4, 1, 0, 2);                                                               /* test_line_width */

	/* TestAlignmentVisualizationCharacters */
	CHECK_COUNTS(pair("this is a", "this is a test", TEXT_CHARS), 9, 0, 0, 5);          /* test_insertion */
	CHECK_COUNTS(pair("this is a test", "this is a", TEXT_CHARS), 9, 0, 5, 0);          /* test_deletion */
	CHECK_COUNTS(pair("this is a test", "this iz a test", TEXT_CHARS), 13, 1, 0, 0);    /* test_substitution */
	/* test_all_three: "IS    S  IS SSD SDDD" */
	CHECK_COUNTS(pair("this is a test of skill", "this was a messy test", TEXT_CHARS), 13, 6, 4, 2);
	/* test_show_measures: substitutions=4 deletions=29 insertions=0 hits=10, cer=76.74% */
	c = pair("this test will  have a high word error rate", "no it will not", TEXT_CHARS);
	CHECK_COUNTS(c, 10, 4, 29, 0);
	CHECK_ROUNDED(100 * text_cer(&c), 76.74, 2);
	CHECK_COUNTS(pair("empty", "", TEXT_CHARS), 0, 0, 5, 0);                            /* test_empty_hypothesis */
	CHECK_COUNTS(pooled(r1, h1, 2, TEXT_CHARS), 0, 2, 4, 0);          /* test_multiple_sentences: SDD, SDD */
	CHECK_COUNTS(pair("", "", TEXT_CHARS), 0, 0, 0, 0);                                 /* test_empty_ref */
	CHECK_COUNTS(pair("", "inserted", TEXT_CHARS), 0, 0, 0, 8);         /* test_empty_ref_with_hyp_deletion */
	/* test_line_width: "SSS D" then "IIIIII" */
	CHECK_COUNTS(pair("this sentence could be split", "this sentence will be split by ai", TEXT_CHARS),
		     24, 3, 1, 6);
}

/*
 * tests/test_count_errors.py: the error lists it prints give the totals.
 * Words: sub --> bus 3x, usb 1x, bsu 1x; ins 1x; del 1x. Characters: s --> b
 * 3x, b --> s 3x; insertions "u", "b", " ins"; deletions "u", "b", "del".
 */
static void test_jiwer_count_errors(void)
{
	static const char *const ref[] = {"sub", "sub", "sub", "sub", "sub", "this was", "del", "hit"};
	static const char *const hyp[] = {"bus", "bus", "bus", "usb", "bsu", "this was ins", "", "hit"};
	CHECK_COUNTS(pooled(ref, hyp, LEN(ref), TEXT_WORDS), 3, 5, 1, 1);
	CHECK_COUNTS(pooled(ref, hyp, LEN(ref), TEXT_CHARS), 18, 6, 5, 6);
}

/* tests/test_large_vocab.py. */
static void test_jiwer_large_vocab(void)
{
	/* test_basic_word_mapping: 100 one-word sentences, wer 0.5, 50 hits */
	struct edit_counts c = {0, 0, 0, 0};
	for (int i = 0; i < 100; i++) {
		const char *r = i < 50 ? "same" : "ref_only", *h = i < 50 ? "same" : "hyp_only";
		CHECK_INT(text_edit_add(&scratch, r, strlen(r), h, strlen(h), TEXT_WORDS, &c), 0);
	}
	CHECK_INT(c.hits, 50);
	CHECK_NEAR(text_wer(&c), 0.5, EXACT);

	/* test_hash_collision_handling: "a" * i against "b" * i, i = 1..1000: wer > 0 (each one substitution) */
	static char as[1001], bs[1001];
	memset(as, 'a', 1000);
	memset(bs, 'b', 1000);
	struct edit_counts d = {0, 0, 0, 0};
	for (size_t i = 1; i <= 1000; i++)
		CHECK_INT(text_edit_add(&scratch, as, i, bs, i, TEXT_WORDS, &d), 0);
	CHECK_COUNTS(d, 0, 1000, 0, 0);
	CHECK(text_wer(&d) > 0);
}

static long long words_of(const char *text)
{
	return pair(text, "", TEXT_WORDS).deletions;
}

/* tests/test_transforms.py, the transforms of wer_default and cer_default. */
static void test_jiwer_transforms(void)
{
	/* TestRemoveMultipleSpaces, TestStrip: what is left splits into these words */
	CHECK_INT(words_of("this is   an   example "), 4);
	CHECK_INT(words_of("  hello goodbye  "), 2);
	CHECK_INT(words_of("  "), 0);
	CHECK_INT(words_of(" this is an example "), 4);
	CHECK_INT(words_of("                       "), 0);
	/* TestReduceToListOfListOfWords */
	CHECK_INT(words_of("this is a test"), 4);
	CHECK_INT(words_of(""), 0);
	CHECK_INT(words_of("five six"), 2);
	/* TestReduceToListOfListOfChars: spaces are characters */
	CHECK_INT(pair("this is a test", "", TEXT_CHARS).deletions, 14);
	CHECK_INT(pair("five six", "", TEXT_CHARS).deletions, 8);
}

/*
 * Shortest alignments that differ in H, traced by hand with rule 2b: D is
 * the Levenshtein table, rows i over the reference, columns j over the
 * hypothesis; the backtrace starts at the last cell.
 */
static void test_ties(void)
{
	/*
	 * "a b" / "b a": two substitutions, or a deletion, a hit and an
	 * insertion, both cost 2. No common prefix or suffix.
	 *          j=0  1  2            At (2,2): D = 2 = D[1][2] + 1, delete "b".
	 *     i=0    0  1  2            At (1,2): D[1][2] - D[0][2] = -1, no deletion;
	 *     i=1 a  1  1  1            j = 1: D[1][1] - D[0][1] = 0, no insertion;
	 *     i=2 b  2  1  2            diagonal, "a" = "a". Then (0,1): insert "b".
	 * H1 D1 I1: mer 2/3, wil 3/4 where two substitutions would give 1 and 1.
	 */
	struct edit_counts c = pair("a b", "b a", TEXT_WORDS);
	CHECK_COUNTS(c, 1, 0, 1, 1);
	check_measures(c, 1, 2.0 / 3, 0.75);
	CHECK_COUNTS(pair("ab", "ba", TEXT_CHARS), 1, 0, 1, 1);

	/*
	 * "x a" / "a y": deleting "x" and inserting "y" around the hit "a" costs
	 * 2, as two substitutions do, but rapidfuzz takes the substitutions:
	 *          j=0  1  2            At (2,2): D[2][2] - D[1][2] = 0, no deletion;
	 *     i=0    0  1  2            j = 1: D[2][1] - D[1][1] = 0, no insertion;
	 *     i=1 x  1  1  2            diagonal "a" / "y", a substitution. At (1,1):
	 *     i=2 a  2  1  2            no deletion, j = 0, diagonal "x" / "a".
	 * The backtrace is not symmetric: it prefers deletions, then insertions,
	 * from the end backwards.
	 */
	c = pair("x a", "a y", TEXT_WORDS);
	CHECK_COUNTS(c, 0, 2, 0, 0);
	check_measures(c, 1, 1, 1);

	/*
	 * "a b c" / "c b a": only two substitutions around the hit "b" cost 2.
	 *          j=0  1  2  3         (3,3): D[3][3] - D[2][3] = 0; j = 2:
	 *     i=0    0  1  2  3         D[3][2] - D[2][2] = 1, diagonal "c" / "a".
	 *     i=1 a  1  1  2  2         (2,2): D[2][2] - D[1][2] = -1; j = 1:
	 *     i=2 b  2  2  1  2         D[2][1] - D[1][1] = 1, diagonal "b" = "b".
	 *     i=3 c  3  2  2  2         (1,1): no deletion; j = 0, diagonal "a" / "c".
	 */
	CHECK_COUNTS(pair("a b c", "c b a", TEXT_WORDS), 1, 2, 0, 0);

	/* Repeated words: the prefix "the" is a hit (2a), then "cat the" / "the cat" is the swap above. */
	CHECK_COUNTS(pair("the cat the", "the the cat", TEXT_WORDS), 2, 0, 1, 1);
	/* The same tracing (and jiwer 4.0.0 itself): two swaps, four substitutions or H2 D2 I2. */
	CHECK_COUNTS(pair("a a b b", "b b a a", TEXT_WORDS), 2, 0, 2, 2);
	CHECK_COUNTS(pair("a b a b", "b a b a", TEXT_WORDS), 3, 0, 1, 1);
	/*
	 * 2a matters: on the whole table "a b b a" / "b b a a" backtracks to
	 * H3 D1 I1 (delete "a", hits "b b a", insert "a"), but rapidfuzz first
	 * takes the common suffix "a", and "a b b" / "b b a" gives
	 *          j=0  1  2  3         (3,3): D[3][3] - D[2][3] = 0; j = 2:
	 *     i=0    0  1  2  3         D[3][2] - D[2][2] = 0, diagonal "b" / "a".
	 *     i=1 a  1  1  2  2         (2,2): D[2][2] - D[1][2] = -1; j = 1:
	 *     i=2 b  2  1  1  2         D[2][1] - D[1][1] = 0, diagonal "b" = "b".
	 *     i=3 b  3  2  1  2         (1,1): no deletion; j = 0, diagonal "a" / "b".
	 * so H2 S2 in all, as jiwer 4.0.0 reports.
	 */
	CHECK_COUNTS(pair("a b b a", "b b a a", TEXT_WORDS), 2, 2, 0, 0);
	CHECK_COUNTS(pair("abba", "bbaa", TEXT_CHARS), 2, 2, 0, 0);
	/* tests/test_count_errors.py's "sub" / "usb": the suffix "b", then the swap: insert "u", delete "u". */
	CHECK_COUNTS(pair("sub", "usb", TEXT_CHARS), 2, 0, 1, 1);
}

/* Code points, not bytes (1a), and no Unicode normalization. */
static void test_unicode(void)
{
	struct edit_counts c = pair("안녕하세요", "안녕하세오", TEXT_CHARS);      /* 15 bytes, 5 characters */
	CHECK_COUNTS(c, 4, 1, 0, 0);
	CHECK_NEAR(text_cer(&c), 0.2, EXACT);
	c = pair("café", "cafe", TEXT_CHARS);
	CHECK_COUNTS(c, 3, 1, 0, 0);
	CHECK_NEAR(text_cer(&c), 0.25, EXACT);
	/* "e" + U+0301 against the composed U+00E9: 5 characters against 4 */
	c = pair("cafe\xcc\x81", "caf\xc3\xa9", TEXT_CHARS);
	CHECK_COUNTS(c, 3, 1, 1, 0);
	CHECK_NEAR(text_cer(&c), 0.4, EXACT);
	CHECK_COUNTS(pair("café au lait", "cafe au lait", TEXT_WORDS), 2, 1, 0, 0);
	CHECK_COUNTS(pair("한국어 문장 하나", "한국어 문장 둘", TEXT_WORDS), 2, 1, 0, 0);

	/* Invalid bytes: one unit each, equal only to the same byte (1a) */
	CHECK_COUNTS(pair("a\xff" "b", "ab", TEXT_CHARS), 2, 0, 1, 0);
	CHECK_COUNTS(pair("\xc3", "\xc3\xa9", TEXT_CHARS), 0, 1, 0, 0);             /* a cut é is not é */
	CHECK_COUNTS(pair("\xe2\x82", "", TEXT_CHARS), 0, 0, 2, 0);                 /* a cut € is two */
	CHECK_COUNTS(pair("\xed\xa0\x80", "", TEXT_CHARS), 0, 0, 3, 0);             /* an encoded surrogate */
	CHECK_COUNTS(pair("\xc0\xaf", "/", TEXT_CHARS), 0, 1, 1, 0);                /* an overlong "/" */
	CHECK_COUNTS(pair("\xff\xfe", "\xff\xfe", TEXT_CHARS), 2, 0, 0, 0);
	CHECK_COUNTS(pair("caf\xc3 x", "caf\xc3\xa9 x", TEXT_WORDS), 1, 1, 0, 0);
}

/* 1b-1d: Python's whitespace, collapsed and stripped for words, only stripped for characters. */
static void test_whitespace(void)
{
	CHECK_COUNTS(pair("  hello   world  ", "hello world", TEXT_WORDS), 2, 0, 0, 0);
	CHECK_COUNTS(pair("\ta b\t", "a b", TEXT_WORDS), 2, 0, 0, 0);
	CHECK_COUNTS(pair("a \tb", "a b", TEXT_WORDS), 2, 0, 0, 0);
	CHECK_COUNTS(pair("a\t\tb", "a b", TEXT_WORDS), 2, 0, 0, 0);
	/* A lone tab, newline or no-break space inside stays in the word: "a\tb" is one word */
	CHECK_COUNTS(pair("a\tb", "a b", TEXT_WORDS), 0, 1, 0, 1);
	CHECK_COUNTS(pair("a\nb", "a b", TEXT_WORDS), 0, 1, 0, 1);
	CHECK_COUNTS(pair("a\xc2\xa0" "b", "a b", TEXT_WORDS), 0, 1, 0, 1);
	CHECK_COUNTS(pair("a\tb c", "a\tb c", TEXT_WORDS), 2, 0, 0, 0);
	/* Two ideographic spaces (U+3000) separate; so does a newline beside a space */
	CHECK_COUNTS(pair("가\xe3\x80\x80\xe3\x80\x80나", "가 나", TEXT_WORDS), 2, 0, 0, 0);
	CHECK_COUNTS(pair("one\n two", "one two", TEXT_WORDS), 2, 0, 0, 0);
	/* U+200B (zero width space) is not whitespace to Python */
	CHECK_COUNTS(pair("a\xe2\x80\x8b\xe2\x80\x8b" "b", "a b", TEXT_WORDS), 0, 1, 0, 1);
	/* U+0085, U+2028 and U+001F are */
	CHECK_COUNTS(pair("\xc2\x85" "a\xe2\x80\xa8\x1f" "b\x1f", "a b", TEXT_WORDS), 2, 0, 0, 0);

	/* Characters: the ends are stripped, inner runs kept */
	CHECK_COUNTS(pair(" ab\t\n", "ab", TEXT_CHARS), 2, 0, 0, 0);
	CHECK_COUNTS(pair("\xe3\x80\x80" "ab\xc2\xa0", "ab", TEXT_CHARS), 2, 0, 0, 0);
	CHECK_COUNTS(pair("a  b", "a b", TEXT_CHARS), 3, 0, 1, 0);
	CHECK_COUNTS(pair("a\tb", "a b", TEXT_CHARS), 2, 1, 0, 0);
	CHECK_COUNTS(pair("   ", "", TEXT_CHARS), 0, 0, 0, 0);

	/* Empty hypothesis: everything deleted, wil 1 (3b) */
	struct edit_counts c = pair("hello world", "  ", TEXT_WORDS);
	CHECK_COUNTS(c, 0, 0, 2, 0);
	check_measures(c, 1, 1, 1);
}

/* Rates of a group come from its summed counts, not from the pairs' rates. */
static void test_pooling(void)
{
	static const char *const ref[] = {"a", "a b c d e f g h i j"};
	static const char *const hyp[] = {"b", "a b c d e f g h i j"};
	struct edit_counts c = pooled(ref, hyp, 2, TEXT_WORDS);
	CHECK_COUNTS(c, 10, 1, 0, 0);
	/* 1 error in 11 words; the mean of the pairs' WERs, (1 + 0) / 2, would be 0.5 */
	check_measures(c, 1.0 / 11, 1.0 / 11, 1 - (10.0 / 11) * (10.0 / 11));
}

/* "w0 w1 ... w(k-1)" with the given first letter, in a buffer the caller frees. */
static char *numbered(char letter, size_t k, size_t *len)
{
	char *t = malloc(k * 12 + 1);
	size_t n = 0;
	for (size_t i = 0; i < k; i++)
		n += (size_t)sprintf(t + n, i ? " %c%zu" : "%c%zu", letter, i);
	*len = n;
	return t;
}

/* 2d: past the limits the call fails and adds nothing. */
static void test_limits(void)
{
	size_t lw, lv, lv1;
	char *w = numbered('w', 2048, &lw), *v = numbered('v', 2048, &lv), *v1 = numbered('v', 2047, &lv1);
	struct edit_counts c = {1, 2, 3, 4};

	/* 2048 x 2048 different words: 2^22 cells, where rapidfuzz turns to Hirschberg's method */
	CHECK_INT(text_edit_add(&scratch, w, lw, v, lv, TEXT_WORDS, &c), -1);
	CHECK_COUNTS(c, 1, 2, 3, 4);
	CHECK_INT(text_edit_add(NULL, w, lw, v, lv, TEXT_WORDS, &c), -1);
	/* One cell fewer is aligned: every word substituted, the first step a deletion (2b) */
	struct edit_counts d = {0, 0, 0, 0};
	CHECK_INT(text_edit_add(&scratch, w, lw, v1, lv1, TEXT_WORDS, &d), 0);
	CHECK_COUNTS(d, 0, 2047, 1, 0);
	/* Long but equal: the common prefix leaves nothing to align (2a) */
	d = (struct edit_counts){0, 0, 0, 0};
	CHECK_INT(text_edit_add(&scratch, w, lw, w, lw, TEXT_WORDS, &d), 0);
	CHECK_COUNTS(d, 2048, 0, 0, 0);
	free(w);
	free(v);
	free(v1);

	/* One reference character against 65536 hypothesis characters fits the bit planes; 65537 does not */
	char *y = malloc(65537);
	memset(y, 'y', 65537);
	d = (struct edit_counts){0, 0, 0, 0};
	CHECK_INT(text_edit_add(&scratch, "x", 1, y, 65536, TEXT_CHARS, &d), 0);
	CHECK_COUNTS(d, 0, 1, 0, 65535);
	CHECK_INT(text_edit_add(&scratch, "x", 1, y, 65537, TEXT_CHARS, &d), -1);
	CHECK_COUNTS(d, 0, 1, 0, 65535);
	free(y);

	/* TEXT_EDIT_MAX_UNITS units per text */
	size_t k = TEXT_EDIT_MAX_UNITS;
	char *t = malloc(2 * k + 8);
	for (size_t i = 0; i < k + 1; i++) {
		t[2 * i] = 'a';
		t[2 * i + 1] = ' ';
	}
	d = (struct edit_counts){0, 0, 0, 0};
	CHECK_INT(text_edit_add(&scratch, t, 2 * k - 1, "a", 1, TEXT_WORDS, &d), 0);
	CHECK_COUNTS(d, 1, 0, (long long)k - 1, 0);
	CHECK_INT(text_edit_add(&scratch, t, 2 * k + 1, "a", 1, TEXT_WORDS, &d), -1);
	memset(t, 'a', k);
	memset(t + k, ' ', 8);
	d = (struct edit_counts){0, 0, 0, 0};
	CHECK_INT(text_edit_add(&scratch, t, k + 8, "a", 1, TEXT_CHARS, &d), 0);       /* trailing spaces stripped */
	CHECK_COUNTS(d, 1, 0, (long long)k - 1, 0);
	t[k + 1] = 'b';
	CHECK_INT(text_edit_add(&scratch, t, k + 8, "a", 1, TEXT_CHARS, &d), -1);
	free(t);
}

/* Deterministic pseudo-random numbers (a 64-bit LCG, high bits). */
static uint64_t lcg_state = 12345;
static size_t lcg(size_t bound)
{
	lcg_state = lcg_state * 6364136223846793005u + 1442695040888963407u;
	return (size_t)((lcg_state >> 33) % bound);
}

/* Rule 2 on integer sequences with a plain (n+1) x (m+1) table, for comparison. */
static struct edit_counts by_table(const int *a, size_t n, const int *b, size_t m)
{
	struct edit_counts c = {0, 0, 0, 0};
	size_t p = 0, q = 0;
	while (p < n && p < m && a[p] == b[p])
		p++;
	while (q < n - p && q < m - p && a[n - 1 - q] == b[m - 1 - q])
		q++;
	const int *x = a + p, *y = b + p;
	size_t rows = n - p - q, cols = m - p - q, w = cols + 1;
	int *t = malloc((rows + 1) * w * sizeof *t);
	for (size_t i = 0; i <= rows; i++)
		for (size_t j = 0; j <= cols; j++) {
			int best;
			if (i == 0 || j == 0) {
				best = (int)(i + j);
			} else {
				best = t[(i - 1) * w + j - 1] + (x[i - 1] != y[j - 1]);
				if (t[(i - 1) * w + j] + 1 < best)
					best = t[(i - 1) * w + j] + 1;
				if (t[i * w + j - 1] + 1 < best)
					best = t[i * w + j - 1] + 1;
			}
			t[i * w + j] = best;
		}
	size_t i = rows, j = cols;
	while (i && j) {
		if (t[i * w + j] == t[(i - 1) * w + j] + 1) {
			c.deletions++;
			i--;
			continue;
		}
		j--;
		if (j && t[i * w + j] == t[(i - 1) * w + j] - 1) {
			c.insertions++;
			continue;
		}
		i--;
		c.substitutions += x[i] != y[j];
	}
	c.deletions += (long long)i;
	c.insertions += (long long)j;
	c.hits = (long long)n - c.substitutions - c.deletions;
	free(t);
	return c;
}

/* Joins the units of s as words (from vocab) or as letters. */
static size_t render(const int *s, size_t k, enum text_unit unit, char *out)
{
	static const char *const vocab[] = {"a", "b", "c", "dd"};
	size_t n = 0;
	for (size_t i = 0; i < k; i++) {
		if (unit == TEXT_CHARS) {
			out[n++] = (char)('a' + s[i]);
			continue;
		}
		if (i)
			out[n++] = ' ';
		n += (size_t)sprintf(out + n, "%s", vocab[s[i]]);
	}
	return n;
}

/*
 * Random pairs against by_table: short ones from two or three units, where
 * ties are frequent (about one pair in five has shortest alignments that
 * differ in H), and long ones up to 300 (one to five 64-bit blocks), where
 * the bit-parallel table and its carries between blocks must give the same
 * cells. Every fifth call passes no scratch.
 */
static void test_random(void)
{
	int a[300], b[300];
	char ta[1300], tb[1300];
	int bad = 0;
	for (int round = 0; round < 3000; round++) {
		enum text_unit unit = round % 2 ? TEXT_CHARS : TEXT_WORDS;
		size_t limit = round < 2500 ? 9 : 300;
		size_t vocab = 2 + lcg(limit < 10 ? 2 : 3), n = lcg(limit), m;
		for (size_t i = 0; i < n; i++)
			a[i] = (int)lcg(vocab);
		if (lcg(2)) {
			m = lcg(limit);
			for (size_t j = 0; j < m; j++)
				b[j] = (int)lcg(vocab);
		} else {        /* a near copy: affixes and many ties */
			m = 0;
			for (size_t i = 0; i < n && m < 299; i++) {
				size_t op = lcg(10);
				if (op == 0)
					continue;
				b[m++] = op == 1 ? (int)lcg(vocab) : a[i];
				if (op == 2 && m < 299)
					b[m++] = (int)lcg(vocab);
			}
		}
		size_t la = render(a, n, unit, ta), lb = render(b, m, unit, tb);
		struct edit_counts got = {0, 0, 0, 0}, want = by_table(a, n, b, m);
		int rc = text_edit_add(round % 5 ? &scratch : NULL, ta, la, tb, lb, unit, &got);
		if (rc != 0 || got.hits != want.hits || got.substitutions != want.substitutions ||
		    got.deletions != want.deletions || got.insertions != want.insertions)
			bad++;
	}
	CHECK_INT(bad, 0);
}

void test_text_edit(void)
{
	edit_scratch_init(&scratch);
	test_jiwer_measures();
	test_jiwer_cer();
	test_jiwer_empty();
	test_jiwer_alignment();
	test_jiwer_count_errors();
	test_jiwer_large_vocab();
	test_jiwer_transforms();
	test_ties();
	test_unicode();
	test_whitespace();
	test_pooling();
	test_limits();
	test_random();
	edit_scratch_free(&scratch);
}
