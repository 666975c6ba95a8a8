/*
 * text_rouge.h — ROUGE-1, ROUGE-2 and ROUGE-L of one prediction against one
 * target, exactly as Google's rouge_score package scores them with
 * RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=False) (release
 * 0.1.2; google-research/google-research rouge/). Per pair, so that a group's
 * figure can be the mean of its rows' F-measures, as users average
 * rouge_score per example. Pure computation: no I/O.
 *
 * Conventions, cited by number in text_rouge.c (source file in brackets):
 *  R1. Tokens [tokenize.py]: the text is lower-cased (Python's str.lower),
 *      every run of characters other than ASCII a-z and 0-9 becomes one
 *      space, the result is split on whitespace and empty pieces are
 *      dropped. So a token is a maximal run of [a-z0-9] after lower-casing.
 *      No stemming (only with use_stemmer=True) [tokenizers.py].
 *  R2. Non-ASCII: every character outside [a-z0-9] is a separator, so
 *      accented and non-Latin letters are not kept: "café" is "caf",
 *      "naïve" is "na" and "ve", Hangul or Chinese text has no tokens at
 *      all (two identical Korean sentences score 0). Only two characters
 *      lower-case into ASCII in Python (all code points checked, Python
 *      3.11): U+212A KELVIN SIGN to "k" (part of the token) and U+0130
 *      (I with dot above) to "i" and a combining dot (a separator), so
 *      "İstanbul" is "i" and "stanbul". Bytes that
 *      are not valid UTF-8 are separators, as Python would see them after
 *      decoding with errors="replace".
 *  R3. N-grams [rouge_scorer.py _create_ngrams, _score_ngrams]: the n-grams
 *      of a text are its len-n+1 runs of n consecutive tokens (none when
 *      len < n), counted with multiplicity; overlap = sum over the target's n-grams of
 *      min(target count, prediction count); precision = overlap /
 *      max(prediction n-grams, 1), recall = overlap / max(target n-grams, 1).
 *  R4. ROUGE-L [rouge_scorer.py _score_lcs]: L = length of the longest
 *      common subsequence of the two token sequences (sentence level, not
 *      the newline-split summary-level rougeLsum); precision = L /
 *      prediction tokens, recall = L / target tokens; all three are 0 when
 *      either text has no tokens.
 *  R5. F-measure [scoring.py fmeasure]: 2 * P * R / (P + R), evaluated in
 *      that order, and 0 when P + R is 0. Same IEEE operations as Python,
 *      so every figure is bit for bit rouge_score's.
 *  R6. Empty texts: a text with no tokens (empty, only punctuation, only
 *      non-ASCII) gives 0 for every precision, recall and F-measure (R3's
 *      max(.., 1), R4), whatever the other text is.
 *
 * Cost: tokenizing and the n-gram counts are linear (hashed tokens, bytes
 * compared when hashes are equal). The LCS is bit-parallel (Hyyrö 2004)
 * over the tokens the two texts share: O(n * ceil(m / 64)) word operations,
 * one word per step for texts up to 64 tokens. Its match masks are built a
 * block of 64-bit words at a time, at most scratch.lcs_mask_limit bytes
 * (or one word per shared word, if more), so beside them it needs memory
 * for the shorter text only. The rest is linear in the texts: at most some
 * 130 bytes per target token (65 per target byte) and 7 per prediction
 * byte, held in the scratch and reused, so a warm scratch allocates nothing.
 * A pair of 20-word sentences takes about 1.5 us, a pair of 100,000-word
 * texts about a second; TEXT_ROUGE_MAX_LEN bounds the memory, not the time.
 */
#ifndef DSAUDIT_TEXT_ROUGE_H
#define DSAUDIT_TEXT_ROUGE_H

#include <stddef.h>
#include <stdint.h>

/* Longest text, in bytes, that text_rouge accepts (either side): 16 MiB. */
#define TEXT_ROUGE_MAX_LEN ((size_t)1 << 24)
/* Default scratch.lcs_mask_limit: 1 MiB of match masks, kept near the cache. */
#define TEXT_ROUGE_MASK_LIMIT ((size_t)1 << 20)

struct rouge_score {
	double precision, recall, fmeasure;
};

struct rouge_scores {
	struct rouge_score rouge1, rouge2, rouge_l;
};

struct rouge_tok;
struct rouge_word;
struct rouge_slot;

/*
 * Buffers reused from call to call, so that scoring millions of pairs
 * allocates only while the texts keep growing. One per thread;
 * text_rouge_free leaves it initialized, ready for reuse. Fields are
 * text_rouge.c's own, except lcs_mask_limit, which a caller may change (the
 * tests lower it to split every LCS into one-word blocks).
 */
struct text_rouge_scratch {
	unsigned char *norm;     /* lower-cased target tokens, then the prediction token being read */
	struct rouge_tok *tok;   /* the target's tokens */
	uint32_t *ids;           /* word ids: target, prediction, then both as the LCS sees them */
	struct rouge_word *word; /* the target's distinct tokens */
	struct rouge_slot *slot; /* hash table: words, then bigrams */
	uint64_t *mask;          /* LCS: match masks of a block of words, then its bit vector */
	unsigned char *carry;    /* LCS: carries from one block to the next */
	size_t norm_cap, tok_cap, ids_cap, word_cap, slot_cap, mask_cap, carry_cap;
	uint32_t stamp;          /* the slots stamped with it are live */
	size_t lcs_mask_limit;   /* bytes of match masks per LCS block */
};

void text_rouge_init(struct text_rouge_scratch *s);
void text_rouge_free(struct text_rouge_scratch *s);

/*
 * rouge_score's scores (R1-R6) of prediction hyp against target ref, both
 * UTF-8 of the given byte lengths (need not be NUL-terminated; NULL is
 * allowed with length 0). s may be NULL, at the cost of allocating and
 * freeing a scratch inside the call. Returns 0, or -1 with every figure NAN
 * when a text is longer than TEXT_ROUGE_MAX_LEN or memory runs out.
 */
int text_rouge(struct text_rouge_scratch *s, const char *ref, size_t ref_len, const char *hyp,
	       size_t hyp_len, struct rouge_scores *out);

/*
 * R1-R2's next token of text[0..len) from *pos on: writes its lower-cased
 * bytes to out (room for len - *pos bytes suffices), advances *pos past it
 * and returns its length; 0 when no token is left.
 */
size_t text_rouge_next_token(const char *text, size_t len, size_t *pos, char *out);

#endif
