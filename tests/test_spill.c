/*
 * test_spill.c — unit tests for src/spill.c: hand-checked orders of a few
 * records (equal ones, ones differing only in the last word or the high
 * bit), sorts that spill to disk in one merge and in several levels, for 1
 * to 4 words, rewinding, the empty sorter, an unwritable $TMPDIR, and that
 * no temporary file is ever visible. Entry point: test_spill().
 */
#include "harness.h"
#include "spill.h"
#include "u64map.h"

#include <dirent.h>
#include <stdint.h>

void test_spill(void);

#define HIGH 0x8000000000000000ull

/* Fixed pseudo-random words: Knuth's MMIX LCG, its state mixed so that every bit varies. */
static uint64_t lcg_state;
static uint64_t lcg_next(void)
{
	lcg_state = lcg_state * 6364136223846793005ull + 1442695040888963407ull;
	return hash_mix(lcg_state);
}

static uint64_t record_mix(const uint64_t *r, size_t words)
{
	uint64_t h = 0x9e3779b97f4a7c15ull;
	for (size_t w = 0; w < words; w++)
		h = hash_mix(h ^ r[w]);
	return h;
}

/*
 * What a pass over a sorter's output shows: the count, whether it was in
 * order, the sum and xor of each record's mix (equal for equal multisets,
 * with multiplicity, barring a 2^-64 accident) and a mix of the sequence.
 */
struct digest {
	uint64_t count, sum, xor, chain;
	int sorted, rc;
};

static int record_less(const uint64_t *a, const uint64_t *b, size_t words)
{
	for (size_t w = 0; w < words; w++)
		if (a[w] != b[w])
			return a[w] < b[w];
	return 0;
}

static void digest_add(struct digest *d, const uint64_t *r, size_t words)
{
	uint64_t m = record_mix(r, words);
	d->count++;
	d->sum += m;
	d->xor ^= m;
	d->chain = hash_mix(d->chain ^ m);
}

static struct digest drain(struct spill *s, size_t words)
{
	struct digest d = {.sorted = 1};
	uint64_t prev[SPILL_MAX_WORDS];
	const uint64_t *r;
	struct audit_err err = {0};
	while ((d.rc = spill_next(s, &r, &err)) == 1) {
		if (d.count > 0 && record_less(r, prev, words))
			d.sorted = 0;
		memcpy(prev, r, words * sizeof *r);
		digest_add(&d, r, words);
	}
	if (d.rc)
		fprintf(stderr, "spill_next: %s\n", err.msg);
	return d;
}

/* Checks that s yields exactly want[0..n) in that order, then the end. */
static void check_order(struct spill *s, size_t words, const uint64_t *want, size_t n)
{
	const uint64_t *r;
	struct audit_err err = {0};
	for (size_t i = 0; i < n; i++) {
		int rc = spill_next(s, &r, &err);
		CHECK_INT(rc, 1);
		if (rc != 1)
			return;
		for (size_t w = 0; w < words; w++)
			HARNESS_REPORT(r[w] == want[i * words + w], "record %zu word %zu = %#llx, want %#llx",
				       i, w, (unsigned long long)r[w], (unsigned long long)want[i * words + w]);
	}
	CHECK_INT(spill_next(s, &r, &err), 0);
}

static void test_hand_orders(void)
{
	struct audit_err err = {0};

	/* 2 words: equal records kept, the last word breaks ties, the high bit is the largest. */
	static const uint64_t in2[] = {
		1, 0,  HIGH, 0,  1, 5,  0, UINT64_MAX,  1, 0,  0, 1,  1, 4,  HIGH, 0,
	};
	static const uint64_t out2[] = {
		0, 1,  0, UINT64_MAX,  1, 0,  1, 0,  1, 4,  1, 5,  HIGH, 0,  HIGH, 0,
	};
	struct spill *s = spill_new(2, 1 << 20);
	for (size_t i = 0; i < 8; i++)
		CHECK_INT(spill_add(s, in2 + 2 * i, &err), 0);
	CHECK_INT(spill_sort(s, &err), 0);
	CHECK_INT(spill_records(s), 8);
	CHECK_INT(spill_runs(s), 0);
	check_order(s, 2, out2, 8);
	CHECK_INT(spill_rewind(s, &err), 0);
	check_order(s, 2, out2, 8);
	spill_free(s);

	/* 1 word: 0x8000000000000000 sorts above 1, as unsigned. */
	static const uint64_t in1[] = {5, HIGH, 1, 0, UINT64_MAX, 1, HIGH + 1};
	static const uint64_t out1[] = {0, 1, 1, 5, HIGH, HIGH + 1, UINT64_MAX};
	s = spill_new(1, 1 << 20);
	for (size_t i = 0; i < 7; i++)
		CHECK_INT(spill_add(s, in1 + i, &err), 0);
	CHECK_INT(spill_sort(s, &err), 0);
	check_order(s, 1, out1, 7);
	spill_free(s);

	/* 4 words: differences only in the last word, only in the first, and in the high bit of the third. */
	static const uint64_t in4[] = {
		7, 7, 7, 2,
		7, 7, HIGH, 0,
		7, 7, 7, 1,
		6, 9, 9, 9,
		7, 7, 7, 1,
		7, 7, 1, UINT64_MAX,
	};
	static const uint64_t out4[] = {
		6, 9, 9, 9,
		7, 7, 1, UINT64_MAX,
		7, 7, 7, 1,
		7, 7, 7, 1,
		7, 7, 7, 2,
		7, 7, HIGH, 0,
	};
	s = spill_new(4, 1 << 20);
	for (size_t i = 0; i < 6; i++)
		CHECK_INT(spill_add(s, in4 + 4 * i, &err), 0);
	CHECK_INT(spill_sort(s, &err), 0);
	check_order(s, 4, out4, 6);
	spill_free(s);
}

static void test_empty(void)
{
	struct audit_err err = {0};
	const uint64_t *r;
	struct spill *s = spill_new(3, 1 << 20);
	CHECK_INT(spill_sort(s, &err), 0);
	CHECK_INT(spill_next(s, &r, &err), 0);
	CHECK_INT(spill_rewind(s, &err), 0);
	CHECK_INT(spill_next(s, &r, &err), 0);
	CHECK_INT(spill_records(s), 0);
	CHECK_INT(spill_runs(s), 0);
	spill_free(s);
	spill_free(NULL);
}

/* Entries of dir other than . and .., or -1 when it cannot be read. */
static int dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/*
 * Adds n pseudo-random records of `words` words (the first `fixed` words
 * constant and the last one taken mod `mod` when mod is not 0, for
 * duplicates and constant digits), sorts within budget, and checks the
 * output: in order, the same multiset, the same again after a rewind.
 * Returns the sorter for the caller's checks on runs and merges.
 */
static struct spill *sort_random(size_t words, size_t budget, size_t n, size_t fixed, uint64_t mod)
{
	struct audit_err err = {0};
	struct digest in = {0};
	uint64_t rec[SPILL_MAX_WORDS];
	struct spill *s = spill_new(words, budget);
	int rc = 0;
	lcg_state = 12345;
	for (size_t i = 0; i < n && rc == 0; i++) {
		for (size_t w = 0; w < words; w++)
			rec[w] = w < fixed ? 42 : lcg_next();
		if (mod)
			rec[words - 1] %= mod;
		digest_add(&in, rec, words);
		rc = spill_add(s, rec, &err);
	}
	CHECK_INT(rc, 0);
	CHECK_INT(spill_sort(s, &err), 0);
	CHECK_INT(spill_records(s), n);

	struct digest out = drain(s, words);
	CHECK_INT(out.rc, 0);
	CHECK(out.sorted);
	CHECK_INT(out.count, n);
	CHECK(out.sum == in.sum);
	CHECK(out.xor == in.xor);

	/* Part of a pass, then a rewind: the whole sequence again, in the same order. */
	const uint64_t *r;
	for (size_t i = 0; i < n / 3; i++)
		spill_next(s, &r, &err);
	CHECK_INT(spill_rewind(s, &err), 0);
	struct digest again = drain(s, words);
	CHECK_INT(again.count, n);
	CHECK(again.sorted);
	CHECK(again.chain == out.chain);
	return s;
}

static void test_spilling(void)
{
	char dir[] = "/tmp/dsaudit-spill-XXXXXX";
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;
	CHECK(mkdtemp(dir) != NULL);
	setenv("TMPDIR", dir, 1);

	/*
	 * 1 MiB: half holds 32768 2-word records, so 200,000 make 6 full runs
	 * and a seventh at spill_sort; 16 read buffers of 64 KiB fit, one merge.
	 */
	struct spill *s = sort_random(2, 1 << 20, 200000, 0, 0);
	CHECK_INT(spill_runs(s), 7);
	CHECK_INT(spill_merges(s), 0);
	/* The runs are on disk, yet the directory is empty: the files were unlinked. */
	CHECK_INT(dir_entries(dir), 0);
	spill_free(s);

	/* The boundary: 32768 records fit in memory; one more makes a full run and a run of one. */
	s = sort_random(2, 1 << 20, 32768, 0, 0);
	CHECK_INT(spill_runs(s), 0);
	spill_free(s);
	s = sort_random(2, 1 << 20, 32769, 0, 0);
	CHECK_INT(spill_runs(s), 2);
	spill_free(s);

	/*
	 * 64 KiB: runs of 2048 records, so 98 runs; the budget has room for
	 * only two read buffers, so pairs are merged until two runs remain:
	 * 96 merges.
	 */
	s = sort_random(2, 64 << 10, 200000, 0, 0);
	CHECK(spill_runs(s) > 1);
	CHECK_INT(spill_runs(s), 98);
	CHECK_INT(spill_merges(s), 96);
	CHECK_INT(dir_entries(dir), 0);
	spill_free(s);

	/*
	 * 256 KiB, 3 words: runs of 5461 records, 19 runs for 100,000; the
	 * final merge takes 4, a group merge 3 (plus its write buffer). Round
	 * one merges six groups of three (19 -> 7), round two a group of three
	 * and one of two (7 -> 4): 8 merges.
	 */
	s = sort_random(3, 256 << 10, 100000, 0, 0);
	CHECK_INT(spill_runs(s), 19);
	CHECK_INT(spill_merges(s), 8);
	spill_free(s);

	/* 1 word, many duplicates (values mod 1000), two levels. */
	s = sort_random(1, 64 << 10, 50000, 0, 1000);
	CHECK_INT(spill_runs(s), 13);
	CHECK(spill_merges(s) > 0);
	spill_free(s);

	/* 4 words, three of them constant (no radix pass for them), duplicates in the last. */
	s = sort_random(4, 64 << 10, 20000, 3, 5000);
	CHECK_INT(spill_runs(s), 20);
	CHECK(spill_merges(s) > 0);
	spill_free(s);

	/* 4 random words, in memory, the buffer grown from its first 1024 records. */
	s = sort_random(4, 64 << 20, 100000, 0, 0);
	CHECK_INT(spill_runs(s), 0);
	spill_free(s);

	CHECK_INT(dir_entries(dir), 0);
	rmdir(dir);
	if (saved)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
}

/* A $TMPDIR that cannot hold files: the first run fails with AUDIT_EIO, naming what failed. */
static void test_io_error(void)
{
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;
	setenv("TMPDIR", "/nonexistent/dsaudit", 1);
	struct audit_err err = {0};
	struct spill *s = spill_new(1, 64 << 10);
	int rc = 0;
	for (uint64_t i = 0; i < 10000 && rc == 0; i++)
		rc = spill_add(s, &i, &err);
	CHECK_INT(rc, AUDIT_EIO);
	CHECK_INT(err.code, AUDIT_EIO);
	CHECK_STR(err.msg, "creating a temporary sort file in /nonexistent/dsaudit: No such file or directory");
	spill_free(s);
	if (saved)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
}

void test_spill(void)
{
	test_hand_orders();
	test_empty();
	test_spilling();
	test_io_error();
}
