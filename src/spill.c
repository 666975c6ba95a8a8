/*
 * spill.c — the external sorter (see spill.h): an MSD radix sort of the
 * in-memory buffer, sorted runs appended to unlinked temporary files, and a
 * binary-heap k-way merge of the runs, in rounds when there are more runs
 * than the budget has read buffers for.
 */
#include "spill.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* Buckets this small are finished by insertion sort: a 256-way pass costs more. */
#define SMALL_BUCKET 32

/* Reads of 64 KiB or more keep system calls rare and a spinning disk's seeks amortised. */
#define MIN_READ_BUF ((size_t)64 * 1024)
/* Beyond 1 MiB a larger read only saves calls that are already rare: the rest of the budget stays untouched. */
#define MAX_READ_BUF ((size_t)1024 * 1024)
/* The add buffer holds at least this many records whatever the budget. */
#define MIN_RECORDS 16

/* A temporary file that runs are appended to. */
struct spill_file {
	int fd;       /* -1 once closed */
	off_t size;   /* bytes written: the next run starts here */
	size_t live;  /* runs in it still to be merged or read */
};

/* A sorted run: count records at byte offset off of file. */
struct run {
	struct spill_file *file;
	off_t off;
	uint64_t count;
};

/* A run being merged, through its read buffer. */
struct reader {
	struct run run;
	uint64_t *buf;
	size_t cap;       /* records buf holds */
	size_t n, i;      /* records in buf; the current one */
	uint64_t loaded;  /* records of the run read into buf so far */
};

/* A k-way merge: a binary heap of readers, smallest current record on top. */
struct merge {
	struct reader *readers;
	size_t nreaders;
	size_t *heap;     /* reader indices */
	size_t nheap;
	int popped;       /* the top's current record was returned: advance it first */
};

struct spill {
	size_t words, rec_bytes, budget;
	char *dir;        /* where the temporary files go, for messages too */
	uint64_t added;

	/* Adding: n records in buf (room for buf_cap); up to cap before a run is written. */
	uint64_t *buf, *scratch;
	size_t n, buf_cap, scratch_cap, cap;

	/* Runs not yet merged, in runs[0..nruns), oldest (and shortest) first. */
	struct run *runs;
	size_t nruns, runs_alloc;
	struct spill_file **files;
	size_t nfiles;
	size_t runs_written, merges;

	/* Reading: from buf at pos when nothing spilled, else from the final merge. */
	int sorted;
	size_t pos;
	struct merge final;
};

static inline int record_cmp(const uint64_t *a, const uint64_t *b, size_t words)
{
	for (size_t w = 0; w < words; w++)
		if (a[w] != b[w])
			return a[w] < b[w] ? -1 : 1;
	return 0;
}

/* ---- in-memory sort ---- */

/*
 * The buffer is sorted by an MSD radix sort on bytes, most significant
 * first, ping-ponging between the buffer and the scratch half, with
 * insertion sort for small buckets. Fingerprints are random hashes, so two
 * passes split a buffer of a million records into buckets of about 15,
 * where an LSD sort must make a pass per digit of every word (measured on
 * a million 3-word records: 64 ms, against 260 ms for LSD with 8-bit digits
 * and 380 ms with 11-bit ones). Where every record of a bucket shares the
 * digit (a column id, the high bits of small numbers), one pass finds the
 * first bit that differs and skips there; a bucket of equal records is done.
 * Inlined per word count so that record copies are fixed-size moves.
 */
static inline __attribute__((always_inline)) void
insertion_sort(uint64_t *a, size_t n, const size_t words, size_t from)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t t[SPILL_MAX_WORDS];
		for (size_t v = 0; v < words; v++)
			t[v] = a[i * words + v];
		size_t j = i;
		while (j > 0 && record_cmp(t + from, a + (j - 1) * words + from, words - from) < 0) {
			for (size_t v = 0; v < words; v++)
				a[j * words + v] = a[(j - 1) * words + v];
			j--;
		}
		for (size_t v = 0; v < words; v++)
			a[j * words + v] = t[v];
	}
}

static void radix_sort(uint64_t *src, uint64_t *tmp, size_t n, size_t words, unsigned k, int to_tmp);

/*
 * Sorts the n records at src, whose bytes before byte k (byte k is byte
 * 7 - k % 8 of word k / 8, counting from the least significant) are all
 * equal; the result ends in tmp when to_tmp, else in src.
 */
static inline __attribute__((always_inline)) void
radix_sort_words(uint64_t *src, uint64_t *tmp, size_t n, const size_t words, unsigned k, int to_tmp)
{
	uint32_t off[256];
	for (;;) {
		if (n <= SMALL_BUCKET) {
			insertion_sort(src, n, words, k / 8);
			break;
		}
		size_t w = k / 8;
		unsigned shift = 56 - 8 * (k % 8);
		memset(off, 0, sizeof off);
		for (size_t i = 0; i < n; i++)
			off[(src[i * words + w] >> shift) & 0xff]++;
		if (off[(src[w] >> shift) & 0xff] == n) {
			uint64_t diff[SPILL_MAX_WORDS] = {0};
			for (size_t i = 0; i < n; i++)
				for (size_t v = w; v < words; v++)
					diff[v] |= src[i * words + v] ^ src[v];
			while (w < words && diff[w] == 0)
				w++;
			if (w == words)
				break; /* all equal */
			k = (unsigned)(w * 8 + __builtin_clzll(diff[w]) / 8);
			continue;
		}
		uint32_t sum = 0;
		for (unsigned d = 0; d < 256; d++) {
			uint32_t c = off[d];
			off[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++) {
			const uint64_t *r = src + i * words;
			uint64_t *o = tmp + (size_t)off[(r[w] >> shift) & 0xff]++ * words;
			for (size_t v = 0; v < words; v++)
				o[v] = r[v];
		}
		/* Now off[d] is where bucket d ends; the buckets sit in tmp, so the roles swap. */
		if (k + 1 < words * 8) {
			for (unsigned d = 0, start = 0; d < 256; start = off[d++])
				if (off[d] > start)
					radix_sort(tmp + (size_t)start * words, src + (size_t)start * words,
						   off[d] - start, words, k + 1, !to_tmp);
		} else if (!to_tmp) {
			memcpy(src, tmp, n * words * sizeof *src); /* the last byte: buckets are single values */
		}
		return;
	}
	if (to_tmp)
		memcpy(tmp, src, n * words * sizeof *src);
}

static void radix_sort(uint64_t *src, uint64_t *tmp, size_t n, size_t words, unsigned k, int to_tmp)
{
	switch (words) {
	case 1: radix_sort_words(src, tmp, n, 1, k, to_tmp); break;
	case 2: radix_sort_words(src, tmp, n, 2, k, to_tmp); break;
	case 3: radix_sort_words(src, tmp, n, 3, k, to_tmp); break;
	default: radix_sort_words(src, tmp, n, 4, k, to_tmp); break;
	}
}

/* Sorts the n buffered records in s->buf. */
static void sort_buffer(struct spill *s)
{
	if (s->n < 2)
		return;
	if (s->scratch_cap < s->n) {
		free(s->scratch);
		s->scratch = xmalloc(s->buf_cap * s->rec_bytes);
		s->scratch_cap = s->buf_cap;
	}
	radix_sort(s->buf, s->scratch, s->n, s->words, 0, 0);
}

/* ---- files ---- */

static int new_file(struct spill *s, struct spill_file **out, struct audit_err *err)
{
	size_t len = strlen(s->dir);
	char *path = xmalloc(len + sizeof "/dsaudit-sort-XXXXXX");
	memcpy(path, s->dir, len);
	memcpy(path + len, "/dsaudit-sort-XXXXXX", sizeof "/dsaudit-sort-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0) {
		free(path);
		return audit_fail(err, AUDIT_EIO, "creating a temporary sort file in %s: %s", s->dir,
				  strerror(errno));
	}
	/* Unlinked at once: the open descriptor keeps it, and a killed process leaves nothing. */
	unlink(path);
	free(path);
	struct spill_file *f = xcalloc(1, sizeof *f);
	f->fd = fd;
	s->files = xrealloc(s->files, (s->nfiles + 1) * sizeof *s->files);
	s->files[s->nfiles++] = f;
	*out = f;
	return 0;
}

/* Appends len bytes to f. */
static int file_append(struct spill *s, struct spill_file *f, const void *p, size_t len,
		       struct audit_err *err)
{
	const char *c = p;
	while (len > 0) {
		ssize_t k = pwrite(f->fd, c, len, f->size);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = ENOSPC;
			return audit_fail(err, AUDIT_EIO, "writing a sort run in %s: %s", s->dir,
					  strerror(errno));
		}
		c += k;
		len -= (size_t)k;
		f->size += k;
	}
	return 0;
}

static int file_read(struct spill *s, struct spill_file *f, void *p, size_t len, off_t off,
		     struct audit_err *err)
{
	char *c = p;
	while (len > 0) {
		ssize_t k = pread(f->fd, c, len, off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return audit_fail(err, AUDIT_EIO, "reading a sort run in %s: %s", s->dir,
					  strerror(errno));
		if (k == 0)
			return audit_fail(err, AUDIT_EIO, "reading a sort run in %s: unexpected end of file",
					  s->dir);
		c += k;
		len -= (size_t)k;
		off += k;
	}
	return 0;
}

/* Closes the files no run needs any more; out stays open (it is being written). */
static void close_dead_files(struct spill *s, const struct spill_file *out)
{
	for (size_t i = 0; i < s->nfiles; i++) {
		struct spill_file *f = s->files[i];
		if (f != out && f->live == 0 && f->fd >= 0) {
			close(f->fd);
			f->fd = -1;
		}
	}
}

static void push_run(struct spill *s, struct spill_file *f, off_t off, uint64_t count)
{
	if (s->nruns == s->runs_alloc) {
		s->runs_alloc = s->runs_alloc ? s->runs_alloc * 2 : 16;
		s->runs = xrealloc(s->runs, s->runs_alloc * sizeof *s->runs);
	}
	s->runs[s->nruns++] = (struct run){f, off, count};
	f->live++;
}

/* Sorts the buffer and appends it as a run to the first file. */
static int write_run(struct spill *s, struct audit_err *err)
{
	sort_buffer(s);
	if (s->nfiles == 0) {
		struct spill_file *f;
		int rc = new_file(s, &f, err);
		if (rc)
			return rc;
	}
	struct spill_file *f = s->files[0];
	off_t off = f->size;
	int rc = file_append(s, f, s->buf, s->n * s->rec_bytes, err);
	if (rc)
		return rc;
	push_run(s, f, off, s->n);
	s->runs_written++;
	s->n = 0;
	return 0;
}

/* ---- merging ---- */

static int reader_fill(struct spill *s, struct reader *r, struct audit_err *err)
{
	uint64_t left = r->run.count - r->loaded;
	size_t k = left < r->cap ? (size_t)left : r->cap;
	off_t off = r->run.off + (off_t)(r->loaded * s->rec_bytes);
	int rc = file_read(s, r->run.file, r->buf, k * s->rec_bytes, off, err);
	if (rc)
		return rc;
	r->loaded += k;
	r->n = k;
	r->i = 0;
	return 0;
}

static inline const uint64_t *reader_rec(const struct spill *s, const struct reader *r)
{
	return r->buf + r->i * s->words;
}

static void heap_down(const struct spill *s, struct merge *m, size_t i)
{
	size_t *h = m->heap, n = m->nheap, top = h[i];
	const uint64_t *key = reader_rec(s, &m->readers[top]);
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && record_cmp(reader_rec(s, &m->readers[h[c + 1]]),
					    reader_rec(s, &m->readers[h[c]]), s->words) < 0)
			c++;
		if (record_cmp(reader_rec(s, &m->readers[h[c]]), key, s->words) >= 0)
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = top;
}

/* Loads every reader's first buffer and builds the heap. */
static int merge_start(struct spill *s, struct merge *m, struct audit_err *err)
{
	m->nheap = 0;
	m->popped = 0;
	for (size_t j = 0; j < m->nreaders; j++) {
		struct reader *r = &m->readers[j];
		if (r->loaded == r->run.count && r->n == r->run.count) {
			r->i = 0; /* the whole run is still in its buffer */
		} else {
			r->loaded = 0;
			int rc = reader_fill(s, r, err);
			if (rc)
				return rc;
		}
		if (r->n > 0)
			m->heap[m->nheap++] = j;
	}
	for (size_t i = m->nheap / 2; i-- > 0;)
		heap_down(s, m, i);
	return 0;
}

/*
 * Sets up a merge of runs[0..k) with read buffers of buf_bytes each (no
 * larger than a run needs), and starts it.
 */
static int merge_open(struct spill *s, struct merge *m, const struct run *runs, size_t k,
		      size_t buf_bytes, struct audit_err *err)
{
	size_t cap = buf_bytes / s->rec_bytes;
	if (cap == 0)
		cap = 1;
	m->readers = xcalloc(k, sizeof *m->readers);
	m->heap = xmalloc(k * sizeof *m->heap);
	m->nreaders = k;
	for (size_t j = 0; j < k; j++) {
		struct reader *r = &m->readers[j];
		r->run = runs[j];
		r->cap = runs[j].count < cap ? (size_t)runs[j].count : cap;
		r->buf = xmalloc((r->cap ? r->cap : 1) * s->rec_bytes);
	}
	return merge_start(s, m, err);
}

static void merge_close(struct merge *m)
{
	for (size_t j = 0; j < m->nreaders; j++)
		free(m->readers[j].buf);
	free(m->readers);
	free(m->heap);
	memset(m, 0, sizeof *m);
}

static int merge_next(struct spill *s, struct merge *m, const uint64_t **rec, struct audit_err *err)
{
	if (m->popped) {
		/* The record returned last was the top's: it is valid until now. */
		struct reader *r = &m->readers[m->heap[0]];
		if (++r->i == r->n) {
			if (r->loaded < r->run.count) {
				int rc = reader_fill(s, r, err);
				if (rc)
					return rc;
			} else {
				m->heap[0] = m->heap[--m->nheap];
			}
		}
		if (m->nheap > 0)
			heap_down(s, m, 0);
		m->popped = 0;
	}
	if (m->nheap == 0)
		return 0;
	*rec = reader_rec(s, &m->readers[m->heap[0]]);
	m->popped = 1;
	return 1;
}

/* Runs the budget has read buffers for in one merge: at least 64 KiB each, at least two. */
static size_t fan_in(const struct spill *s, size_t writers)
{
	size_t k = s->budget / MIN_READ_BUF;
	k = k > writers ? k - writers : 0;
	return k < 2 ? 2 : k;
}

static size_t buffer_bytes(const struct spill *s, size_t buffers)
{
	size_t b = s->budget / buffers;
	return b > MAX_READ_BUF ? MAX_READ_BUF : b;
}

/* Merges runs[0..k) into one run appended to out. */
static int merge_group(struct spill *s, size_t k, struct spill_file *out, struct audit_err *err)
{
	size_t bytes = buffer_bytes(s, k + 1);
	size_t wcap = bytes / s->rec_bytes ? bytes / s->rec_bytes : 1;
	uint64_t *wbuf = xmalloc(wcap * s->rec_bytes);
	struct merge m = {0};
	uint64_t total = 0;
	off_t off = out->size;
	size_t wn = 0;
	const uint64_t *rec;
	int rc = merge_open(s, &m, s->runs, k, bytes, err);
	while (rc == 0 && (rc = merge_next(s, &m, &rec, err)) == 1) {
		memcpy(wbuf + wn * s->words, rec, s->rec_bytes);
		total++;
		rc = 0;
		if (++wn == wcap) {
			rc = file_append(s, out, wbuf, wn * s->rec_bytes, err);
			wn = 0;
		}
	}
	if (rc == 0 && wn > 0)
		rc = file_append(s, out, wbuf, wn * s->rec_bytes, err);
	merge_close(&m);
	free(wbuf);
	if (rc)
		return rc;
	for (size_t j = 0; j < k; j++)
		s->runs[j].file->live--;
	s->nruns -= k;
	memmove(s->runs, s->runs + k, s->nruns * sizeof *s->runs);
	push_run(s, out, off, total);
	s->merges++;
	return 0;
}

/*
 * Merges groups of runs until the final merge has a read buffer for each.
 * Each round writes to a new file and takes runs from the front of the
 * list, which holds the oldest and so the shortest runs (the runs written
 * while adding are all the same length), and only as many as it must: a
 * round removes excess runs, not a whole level.
 */
static int merge_down(struct spill *s, struct audit_err *err)
{
	size_t kfinal = fan_in(s, 0), kgroup = fan_in(s, 1);
	while (s->nruns > kfinal) {
		struct spill_file *out;
		int rc = new_file(s, &out, err);
		if (rc)
			return rc;
		size_t excess = s->nruns - kfinal;
		size_t old = s->nruns; /* runs from before this round, at the front */
		while (excess > 0 && old >= 2) {
			size_t g = kgroup < excess + 1 ? kgroup : excess + 1;
			if (g > old)
				g = old;
			rc = merge_group(s, g, out, err);
			if (rc)
				return rc;
			old -= g;
			excess -= g - 1;
		}
		close_dead_files(s, NULL);
	}
	return 0;
}

/* ---- interface ---- */

struct spill *spill_new(size_t words, size_t memory_bytes)
{
	struct spill *s = xcalloc(1, sizeof *s);
	if (words < 1)
		words = 1;
	if (words > SPILL_MAX_WORDS)
		words = SPILL_MAX_WORDS;
	s->words = words;
	s->rec_bytes = words * sizeof(uint64_t);
	s->budget = memory_bytes;
	size_t cap = memory_bytes / 2 / s->rec_bytes;
	if (cap < MIN_RECORDS)
		cap = MIN_RECORDS;
	/* The radix sort counts in 32 bits. */
	if (cap > UINT32_MAX)
		cap = UINT32_MAX;
	s->cap = cap;
	const char *dir = getenv("TMPDIR");
	s->dir = xstrdup(dir && *dir ? dir : "/tmp");
	return s;
}

int spill_add(struct spill *s, const uint64_t *record, struct audit_err *err)
{
	if (s->sorted)
		return audit_fail(err, AUDIT_EINTERNAL, "spill_add after spill_sort");
	if (s->n == s->buf_cap) {
		if (s->buf_cap < s->cap) {
			/* Grow by doubling, so a small sort never takes the whole budget. */
			size_t c = s->buf_cap ? s->buf_cap * 2 : 1024;
			if (c > s->cap)
				c = s->cap;
			s->buf = xrealloc(s->buf, c * s->rec_bytes);
			s->buf_cap = c;
		} else {
			int rc = write_run(s, err);
			if (rc)
				return rc;
		}
	}
	memcpy(s->buf + s->n * s->words, record, s->rec_bytes);
	s->n++;
	s->added++;
	return 0;
}

int spill_sort(struct spill *s, struct audit_err *err)
{
	if (s->sorted)
		return spill_rewind(s, err);
	s->sorted = 1;
	if (s->nruns == 0) {
		sort_buffer(s);
		free(s->scratch);
			s->scratch = NULL;
		s->scratch_cap = 0;
		s->pos = 0;
		return 0;
	}
	int rc = s->n > 0 ? write_run(s, err) : 0;
	/* The budget now goes to read buffers. */
	free(s->buf);
	free(s->scratch);
	s->buf = s->scratch = NULL;
	s->buf_cap = s->scratch_cap = 0;
	if (rc || (rc = merge_down(s, err)))
		return rc;
	return merge_open(s, &s->final, s->runs, s->nruns, buffer_bytes(s, s->nruns), err);
}

int spill_next(struct spill *s, const uint64_t **record, struct audit_err *err)
{
	if (!s->sorted)
		return audit_fail(err, AUDIT_EINTERNAL, "spill_next before spill_sort");
	if (s->nruns == 0) {
		if (s->pos == s->n)
			return 0;
		*record = s->buf + s->pos++ * s->words;
		return 1;
	}
	return merge_next(s, &s->final, record, err);
}

int spill_rewind(struct spill *s, struct audit_err *err)
{
	if (!s->sorted)
		return audit_fail(err, AUDIT_EINTERNAL, "spill_rewind before spill_sort");
	if (s->nruns == 0) {
		s->pos = 0;
		return 0;
	}
	return merge_start(s, &s->final, err);
}

uint64_t spill_records(const struct spill *s)
{
	return s->added;
}

size_t spill_runs(const struct spill *s)
{
	return s->runs_written;
}

size_t spill_merges(const struct spill *s)
{
	return s->merges;
}

void spill_free(struct spill *s)
{
	if (!s)
		return;
	merge_close(&s->final);
	for (size_t i = 0; i < s->nfiles; i++) {
		if (s->files[i]->fd >= 0)
			close(s->files[i]->fd);
		free(s->files[i]);
	}
	free(s->files);
	free(s->runs);
	free(s->buf);
	free(s->scratch);
	free(s->dir);
	free(s);
}
