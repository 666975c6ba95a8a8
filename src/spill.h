/*
 * spill.h — an external sorter of fixed-width records in bounded memory.
 * The counting step sorts fingerprint records (row hashes, (column, value)
 * pairs, ...) instead of keeping a hash map of every row, so duplicate rows,
 * distinct values, equivalence classes and exact quantiles cost the same
 * memory at any row count.
 *
 * A record is `words` uint64_t (1 to 4), ordered lexicographically as
 * unsigned words, word 0 first. Add every record, call spill_sort once, then
 * read the records in order with spill_next, again with spill_rewind.
 * Equal records are all kept; their order among themselves is unspecified.
 *
 * Memory: memory_bytes is the whole budget. While adding, half of it holds
 * records and half is the radix sort's scratch; when the half is full it is
 * sorted and written as a run to a temporary file. While merging, the add
 * buffer is gone and the budget is split into read buffers, one per run (plus
 * one write buffer in intermediate merges), each at least 64 KiB and at most
 * 1 MiB; with more runs than that allows, groups of runs are merged into
 * longer runs first. Below 192 KiB the buffers shrink to fit, two runs to
 * a merge. Beyond the budget: about 100 bytes per run, and up to 32 KiB of
 * stack in the radix sort.
 *
 * Temporary files go in $TMPDIR (default /tmp), unlinked as soon as they
 * are created, so nothing is left behind even if the process is killed.
 *
 * Ownership: spill_new returns a sorter that spill_free releases, closing
 * its files. After an error from spill_add, spill_sort, spill_next or
 * spill_rewind, the only valid call is spill_free.
 */
#ifndef DSAUDIT_SPILL_H
#define DSAUDIT_SPILL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util.h"

#define SPILL_MAX_WORDS 4

struct spill;

/* A sorter of records of `words` words (1..SPILL_MAX_WORDS) within memory_bytes. */
struct spill *spill_new(size_t words, size_t memory_bytes);

/* Copies the record in; may sort and write a run (AUDIT_EIO when that fails). */
int spill_add(struct spill *s, const uint64_t *record, struct audit_err *err);

/*
 * After the last add: sorts what is buffered; if runs were written, writes
 * it as a run too and merges runs until one k-way merge remains. Then
 * positions at the first record. Calling it again rewinds.
 */
int spill_sort(struct spill *s, struct audit_err *err);

/*
 * The next record in order: returns 1 with *record valid until the next call
 * (spill_next, spill_rewind or spill_free), 0 at the end, or AUDIT_EIO.
 */
int spill_next(struct spill *s, const uint64_t **record, struct audit_err *err);

/* Reads the sorted sequence again from the start; only after spill_sort. */
int spill_rewind(struct spill *s, struct audit_err *err);

/* Records added. */
uint64_t spill_records(const struct spill *s);

/* Runs written to disk by adding (0: everything stayed in memory). */
size_t spill_runs(const struct spill *s);

/* Runs written by merging groups of runs before the final merge (0: one level). */
size_t spill_merges(const struct spill *s);

/* Closes and frees; no file is left. spill_free(NULL) does nothing. */
void spill_free(struct spill *s);

/*
 * A double as a word that the unsigned comparison of records orders as
 * the numbers (-0.0 as 0.0; the sign bit set for positives, every bit
 * flipped for negatives), and back.
 */
static inline uint64_t spill_double_key(double x)
{
	uint64_t u;
	if (x == 0)
		x = 0;
	memcpy(&u, &x, sizeof u);
	return u >> 63 ? ~u : u | 0x8000000000000000ull;
}

static inline double spill_key_double(uint64_t k)
{
	uint64_t u = k >> 63 ? k & ~0x8000000000000000ull : ~k;
	double x;
	memcpy(&x, &u, sizeof x);
	return x;
}

#endif
