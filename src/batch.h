/*
 * batch.h — typed rows handed along a pipeline of threads in blocks: the
 * parser fills a batch, the SQLite writer stores it, the counter counts
 * it, so that each stage works on one batch while the next stage works on
 * the one before. A fixed ring of BATCH_SLOTS batches bounds the memory in
 * flight; batches move through the stages in ring order, so every stage
 * sees the rows in file order.
 *
 * Stage 0 (the producer): b = batch_queue_take(q, 0); fill b;
 *           batch_queue_pass(q, 0, b); ... batch_queue_close(q).
 * Stage k > 0: while ((b = batch_queue_take(q, k))) { use b; batch_queue_pass(q, k, b); }
 * The last stage's pass frees the batch for the producer again.
 * batch_queue_cancel(q) makes every stage stop (one of them failed).
 */
#ifndef DSAUDIT_BATCH_H
#define DSAUDIT_BATCH_H

#include <pthread.h>

#include "infer.h"
#include "util.h"

#define BATCH_ROWS 1024
#define BATCH_SLOTS 8
#define BATCH_STAGES_MAX 3

struct row_batch {
	size_t nrows;
	struct typed_value *vals; /* BATCH_ROWS rows of ncols values */
	struct strbuf text;       /* the text values, copied out of the reader */
};

struct batch_queue {
	pthread_mutex_t mu;
	pthread_cond_t changed;
	struct row_batch slot[BATCH_SLOTS];
	int stage[BATCH_SLOTS];          /* the stage each batch waits for; 0: free for the producer */
	size_t next[BATCH_STAGES_MAX];   /* batches each stage has taken so far */
	int nstages;
	int closed, cancelled;
};

/* nstages: 2 (producer and one consumer) up to BATCH_STAGES_MAX. */
void batch_queue_init(struct batch_queue *q, size_t ncols, int nstages);
void batch_queue_destroy(struct batch_queue *q);
/*
 * The next batch for stage k, in ring order; NULL when the queue was
 * cancelled, or (k > 0) when the producer closed it and every batch it
 * filled has passed stage k.
 */
struct row_batch *batch_queue_take(struct batch_queue *q, int k);
/* Stage k is done with b: it goes to stage k + 1, or back to the producer. */
void batch_queue_pass(struct batch_queue *q, int k, struct row_batch *b);
void batch_queue_close(struct batch_queue *q);
void batch_queue_cancel(struct batch_queue *q);

#endif
