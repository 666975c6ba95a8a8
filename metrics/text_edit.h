/*
 * text_edit.h — word and character edit counts between a reference text and
 * a hypothesis (a transcript, a caption), counted exactly as jiwer 4.0's
 * process_words and process_characters count them with their default
 * transforms, and the rates built from those counts: WER, MER, WIL and CER.
 *
 * A pair of texts gives hits, substitutions, deletions and insertions. A
 * group's counts are the sums over its pairs and its rates come from the
 * sums, as jiwer pools a list of sentences: never the mean of per-pair rates.
 * Pure: no I/O; libc and util.h's xrealloc. The conventions are numbered below; text_edit.c
 * cites them by number. Sources are jiwer v4.0.0 (src/jiwer/...) and
 * rapidfuzz, whose Levenshtein opcodes jiwer calls.
 *
 * 1. Units
 *    1a. Text is UTF-8 and a character is a code point. A byte that does not
 *        belong to a well-formed sequence (Unicode table 3-7: no overlongs,
 *        no surrogates, nothing past U+10FFFF) is one unit of its own, equal
 *        only to the same byte: what Python reads with
 *        decode("utf-8", "surrogateescape"), one U+DC80..U+DCFF per byte.
 *        Such a unit is never whitespace.
 *    1b. Whitespace is Python's str.isspace() set, which is also what re's \s
 *        and str.strip() use on str: U+0009-000D, U+001C-0020, U+0085,
 *        U+00A0, U+1680, U+2000-200A, U+2028, U+2029, U+202F, U+205F, U+3000.
 *    1c. Words. jiwer's wer_default (transformations.py:40-46) replaces each
 *        run of two or more whitespace characters by one space
 *        (RemoveMultipleSpaces, transforms.py:457-458: re.sub(r"\s\s+")),
 *        strips both ends (Strip, :480-481), then splits on " " alone and
 *        drops empty pieces (ReduceToListOfListOfWords, :178-179). So words
 *        are separated by a run of two or more whitespace characters, by a
 *        single U+0020, and by the ends of the text; a lone other whitespace
 *        character inside (a tab, a no-break space) belongs to the word:
 *        "a\tb" is one word, "a\t\tb" and "a \tb" are two. Words are equal
 *        when their bytes are.
 *    1d. Characters. cer_default (transformations.py:106-111) strips both
 *        ends and keeps every other character (transforms.py:214-215):
 *        inner spaces count, and a run of them is not collapsed.
 *
 * 2. Alignment. jiwer counts the opcodes of rapidfuzz's unit-cost
 *    Levenshtein.opcodes(reference, hypothesis) (process.py:192-225). Several
 *    alignments can be equally short and they differ in H, S, D and I (a
 *    swap "a b" / "b a" is two substitutions, or a hit, a deletion and an
 *    insertion), so the one rapidfuzz picks is reproduced:
 *    2a. The common prefix, then the common suffix of what is left, are
 *        hits (rapidfuzz-cpp common_impl.hpp remove_common_affix; the Python
 *        fallback's _common_py.py:70-73).
 *    2b. On the rest, reference positions i and hypothesis positions j, with
 *        the Levenshtein table D, the backtrace starts at the last cell and
 *        at each cell (i, j) prefers: a deletion when D[i][j] = D[i-1][j] + 1;
 *        otherwise it steps to j - 1 and counts an insertion when j - 1 > 0
 *        and D[i][j-1] = D[i-1][j-1] - 1; otherwise it steps to i - 1 on the
 *        diagonal, a hit or a substitution. On the table's edge the rest are
 *        deletions (j = 0) or insertions (i = 0). This is recover_alignment
 *        (rapidfuzz-cpp Levenshtein_impl.hpp:960-1020, reading the VP/VN bits
 *        of Hyyrö's bit-parallel table) and the same loop in the Python
 *        fallback (RapidFuzz Levenshtein_py.py:483-512).
 *    2c. Hits = reference units - substitutions - deletions (opcodes' "equal"
 *        spans are what the edit operations leave).
 *    2d. Limits. text_edit_add returns -1, adding nothing, when
 *        - after 2a the part left has n * m >= TEXT_EDIT_MAX_CELLS cells
 *          (n and m its reference and hypothesis units): from there, when
 *          also n >= 65 and m >= 10, rapidfuzz splits the problem by
 *          Hirschberg's method (Levenshtein_impl.hpp:1198), which may pick
 *          another of the shortest alignments, so no count is promised;
 *        - either bit plane of the table would pass TEXT_EDIT_MAX_WORDS
 *          64-bit words (512 KiB): more than 65536 hypothesis units against
 *          at most 64 of the reference, where rapidfuzz would still align;
 *        - a text has more than TEXT_EDIT_MAX_UNITS units (for characters:
 *          counting inner and trailing whitespace), or more than 4 GiB.
 *        So a scratch never passes 43 MiB (units 32, unit numbers 8, bit
 *        planes and masks 2, hash slots 0.5), and that only for texts of a million
 *        units; for sentences it stays at a few KiB.
 *
 * 3. Rates, from pooled counts (process.py:231-256), with Nr = H + S + D the
 *    reference units and Nh = H + S + I the hypothesis units:
 *        wer = (S + D + I) / Nr            mer = (S + D + I) / (H + S + D + I)
 *        wil = 1 - (H / Nr) * (H / Nh)     cer = wer on characters
 *    computed in that order, so the doubles are jiwer's to the bit.
 *    3a. Empty reference (Nr = 0, over the whole group): jiwer returns the
 *        insertion count as its "wer" and "cer" (a count, not a rate:
 *        tests/test_empty_ref.py). Here they are NAN, a rate over nothing;
 *        jiwer's number is c->insertions. mer and wil follow jiwer: 0 when
 *        the hypothesis is empty too (nothing to say, nothing wrong), else 1.
 *    3b. Empty hypothesis with Nr > 0: wil = 1, as jiwer sets wip to 0
 *        rather than divide by Nh = 0.
 */
#ifndef DSAUDIT_TEXT_EDIT_H
#define DSAUDIT_TEXT_EDIT_H

#include <stddef.h>
#include <stdint.h>

#define TEXT_EDIT_MAX_UNITS (1u << 20)
#define TEXT_EDIT_MAX_CELLS (1u << 22)
#define TEXT_EDIT_MAX_WORDS (1u << 16)

struct edit_counts {
	long long hits, substitutions, deletions, insertions;
};

enum text_unit { TEXT_WORDS, TEXT_CHARS };

struct edit_unit;

/*
 * Buffers reused from call to call, so that aligning millions of short pairs
 * allocates only while the longest pair so far grows. Zero it with
 * edit_scratch_init; the fields are private to text_edit.c.
 */
struct edit_scratch {
	struct edit_unit *units;        /* the reference's units, then the hypothesis's */
	size_t units_cap;
	uint32_t *ids;                  /* a small integer per unit of the middle parts */
	size_t ids_cap;
	uint32_t *slots;                /* open-addressing table of the hypothesis's units */
	size_t slots_cap;
	uint64_t *words;                /* match masks, then the VP and VN bit planes */
	size_t words_cap;
};

void edit_scratch_init(struct edit_scratch *s);
void edit_scratch_free(struct edit_scratch *s);

/*
 * Aligns hyp to ref (UTF-8, not NUL-terminated; NULL allowed with length 0)
 * as jiwer 4.0 does by default (1, 2) and adds the counts to *acc. scratch
 * may be NULL: the call then allocates and frees its own. Returns 0, or -1
 * with *acc untouched when the texts are past the limits of 2d.
 */
int text_edit_add(struct edit_scratch *scratch, const char *ref, size_t ref_len, const char *hyp,
		  size_t hyp_len, enum text_unit unit, struct edit_counts *acc);

double text_wer(const struct edit_counts *c);   /* 3; NAN when the reference has no unit (3a) */
double text_mer(const struct edit_counts *c);   /* 3, 3a */
double text_wil(const struct edit_counts *c);   /* 3, 3a, 3b */
double text_cer(const struct edit_counts *c);   /* text_wer of character counts */

#endif
