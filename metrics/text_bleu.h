/*
 * text_bleu.h — corpus BLEU between reference and hypothesis texts, as
 * sacrebleu 2.x computes it with its defaults (BLEU().corpus_score: 13a
 * tokenizer, mixed case, max order 4, 'exp' smoothing, no effective order,
 * one reference per hypothesis).
 *
 * A pair of texts reduces to sufficient statistics (struct bleu_stats); the
 * statistics of a group are the sums over its pairs (text_bleu_merge), and
 * the score is a function of the sums only, as sacrebleu adds its segment
 * statistics before scoring. Pure computation: no files, no printing.
 *
 * The conventions, numbered for text_bleu.c and the tests; each names the
 * file of sacrebleu (v2.0.0 .. v2.6.0, unchanged across 2.x) it follows.
 *
 * T. Tokenization ("13a", the mteval-v13a.pl rules).
 *  T0. Each segment, reference and hypothesis alike, loses its trailing
 *      whitespace before tokenizing; nothing is lowercased
 *      (metrics/bleu.py, _preprocess_segment; lowercase defaults to False).
 *  T1. Then, each as one left-to-right pass in this order: every
 *      "<skipped>" is deleted, every "-" followed by a line feed is deleted,
 *      a line feed becomes a space, and the entities &quot; &amp; &lt; &gt;
 *      become " & < > one after the other, so "&amp;lt;" ends as "<" while
 *      "&amp;quot;" ends as "&quot;" (tokenizers/tokenizer_13a.py).
 *  T2. The line gets one space at each end (tokenizer_13a.py).
 *  T3. Four rewriting passes, each left to right over non-overlapping
 *      matches (tokenizers/tokenizer_re.py):
 *      a. the ASCII characters  space ! " # $ % & ( ) * + / : ; < = > ? @
 *         [ \ ] ^ _ ` { | } ~  are set apart by spaces; the apostrophe, the
 *         hyphen, '.' and ',' are not;
 *      b. a '.' or ',' after a character that is not an ASCII digit is set
 *         apart (that character and the mark form one match);
 *      c. a '.' or ',' before a character that is not an ASCII digit is set
 *         apart (likewise);
 *      d. a '-' after an ASCII digit is set apart.
 *      So "3.14", "1,000", "well-known" and "wasn't" stay whole, "1-2" is
 *      three tokens and ".5" two.
 *  T4. The tokens are the maximal runs of non-whitespace, whitespace being
 *      Python's str.isspace set: bytes 9-13, 28-32 and U+0085, U+00A0,
 *      U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000
 *      (tokenizer_re.py splits with str.split()).
 *  T5. Text is UTF-8 and is worked on bytewise. Every character the rules
 *      test is ASCII or one of the whitespace characters above, and a UTF-8
 *      continuation byte is never one of them, so the tokens equal those
 *      sacrebleu makes from the decoded string. A byte outside valid UTF-8
 *      (as Python's strict decoder has it: no overlong forms, surrogates or
 *      code points past U+10FFFF) acts as under Python's surrogateescape
 *      decoding: a character of its own, neither digit nor whitespace, never
 *      merged with its neighbours, and written back unchanged.
 *
 * B. Statistics and score.
 *  B1. The n-grams of a segment are those of its token sequence for
 *      n = 1..4 (BLEU_ORDER); its length is its number of tokens
 *      (metrics/helpers.py, extract_all_word_ngrams; bleu.py MAX_NGRAM_ORDER).
 *  B2. matches[n] sums, over the distinct hypothesis n-grams, the smaller of
 *      its hypothesis and reference counts (clipping); totals[n] is the
 *      number of hypothesis n-grams, max(0, hyp_len - n + 1). With one
 *      reference, the "closest reference length" is its length (bleu.py,
 *      _compute_segment_statistics and _get_closest_ref_len).
 *  B3. A corpus's statistics are the sums over its segments (bleu.py
 *      _aggregate_and_compute, utils.py sum_of_lists).
 *  B4. Brevity penalty BP = 1 when hyp_len >= ref_len, else
 *      exp(1 - ref_len / hyp_len), and 0 when hyp_len is 0 (bleu.py,
 *      compute_bleu).
 *  B5. The score is 0 when no order has a match (compute_bleu, issue #141).
 *  B6. Precisions are percentages, for n = 1..4 in turn, stopping at the
 *      first order whose total is 0 (it and the later ones stay 0). An
 *      order with matches has 100 m / t; an order without gets
 *      100 / (2^k t), k counting the match-less orders so far including
 *      this one ('exp', the smoothing of mteval-v13a.pl).
 *  B7. BLEU = BP * exp((sum of log p_n) / 4), with log 0 taken as
 *      -9999999999 (utils.py, my_log): without effective order a corpus
 *      with fewer than 4 hypothesis tokens in all scores 0.
 *  B8. The floating-point operations follow compute_bleu's order, so scores
 *      match CPython up to 3.11 on the same libm bit for bit; 3.12 and later
 *      sum the logs with compensation, which can differ in the last bits.
 */
#ifndef DSAUDIT_METRICS_TEXT_BLEU_H
#define DSAUDIT_METRICS_TEXT_BLEU_H

#include <stddef.h>
#include <stdint.h>

#define BLEU_ORDER 4

/* The longest reference or hypothesis text, in bytes, text_bleu_add takes. */
#define TEXT_BLEU_MAX_BYTES 65536

/* text_bleu_add's failures; acc is left as it was. */
#define TEXT_BLEU_TOO_LONG (-1) /* a text over TEXT_BLEU_MAX_BYTES */
#define TEXT_BLEU_NO_MEMORY (-2)

/* text_tokenize_13a's failure. */
#define TEXT_TOKENIZE_ERROR ((size_t)-1)

/*
 * Sufficient statistics of a pair or, summed, of a group (B2, B3). pairs
 * counts the pairs added, so that an empty group (score NAN) differs from
 * one of empty texts (score 0).
 */
struct bleu_stats {
	long long matches[BLEU_ORDER], totals[BLEU_ORDER], hyp_len, ref_len;
	long long pairs;
};

/*
 * Buffers and the two tables text_bleu_add reuses from pair to pair, so
 * that a pair costs no allocation once they have grown to the longest texts
 * seen: a few KB for sentences, at most about 23 MB for two texts of
 * TEXT_BLEU_MAX_BYTES. Fields are private. One per thread.
 */
struct text_bleu_scratch {
	char *work[4]; /* two buffers a side for the T3 passes */
	const char *line[2]; /* the tokenized reference [0] and hypothesis [1], in work */
	size_t work_cap;
	struct text_bleu_token *tok[2];
	size_t tok_cap, ntok[2];
	struct text_bleu_slot *vocab, *ngram; /* open-addressing tables */
	size_t vocab_cap, ngram_cap;
	uint32_t stamp; /* slots stamped otherwise are empty: no clearing per pair */
};

void text_bleu_scratch_init(struct text_bleu_scratch *w);
void text_bleu_scratch_free(struct text_bleu_scratch *w);

/*
 * Tokenizes ref and hyp (UTF-8, lengths given; NULL allowed for length 0)
 * by T0-T5 and adds the pair's statistics (B1, B2) to *acc, pairs included.
 * w may be NULL, for one-off calls: a scratch is then made and freed inside.
 * Returns 0, TEXT_BLEU_TOO_LONG or TEXT_BLEU_NO_MEMORY.
 */
int text_bleu_add(struct text_bleu_scratch *w, const char *ref, size_t ref_len, const char *hyp,
		  size_t hyp_len, struct bleu_stats *acc);

/* Adds the statistics of row into acc (B3). */
void text_bleu_merge(struct bleu_stats *acc, const struct bleu_stats *row);

/* sacrebleu's corpus BLEU, 0-100, of the summed statistics (B4-B8); NAN when pairs is 0. */
double text_bleu_score(const struct bleu_stats *s);

/*
 * The 13a tokenizer alone, T1-T5, as sacrebleu's Tokenizer13a()(line): no
 * trailing-whitespace removal (T0 belongs to BLEU). Writes the tokens joined
 * by single spaces, NUL-terminated, into out; cap >= 2 * len + 1 always
 * suffices (every token holds at least one input byte). Returns the length,
 * or TEXT_TOKENIZE_ERROR when len is over TEXT_BLEU_MAX_BYTES, memory runs
 * out or the result does not fit. Allocates per call: for tests and checks.
 */
size_t text_tokenize_13a(const char *in, size_t len, char *out, size_t cap);

#endif
