/*
 * batch.h — typed rows handed from the parsing thread to the SQLite writer
 * in blocks, so that parsing the next rows overlaps with storing the last.
 * A fixed ring of BATCH_SLOTS batches bounds the memory in flight.
 *
 * Producer: b = batch_queue_get_empty(q); fill b; batch_queue_put_full(q, b);
 *           ... batch_queue_close(q).
 * Consumer: while ((b = batch_queue_get_full(q))) { use b; batch_queue_put_empty(q, b); }
 * batch_queue_cancel(q) makes both sides stop (the consumer failed).
 */
#ifndef DSAUDIT_BATCH_H
#define DSAUDIT_BATCH_H

#include <pthread.h>

#include "infer.h"
#include "util.h"

#define BATCH_ROWS 1024
#define BATCH_SLOTS 4

struct row_batch {
	size_t nrows;
	struct typed_value *vals; /* BATCH_ROWS rows of ncols values */
	struct strbuf text;       /* the text values, copied out of the reader */
};

struct batch_queue {
	pthread_mutex_t mu;
	pthread_cond_t changed;
	struct row_batch slot[BATCH_SLOTS];
	int full[BATCH_SLOTS];
	size_t next_fill, next_take;
	int closed, cancelled;
};

void batch_queue_init(struct batch_queue *q, size_t ncols);
void batch_queue_destroy(struct batch_queue *q);
/* NULL when the queue was cancelled. */
struct row_batch *batch_queue_get_empty(struct batch_queue *q);
void batch_queue_put_full(struct batch_queue *q, struct row_batch *b);
/* NULL when the producer closed the queue and every batch was taken, or on cancel. */
struct row_batch *batch_queue_get_full(struct batch_queue *q);
void batch_queue_put_empty(struct batch_queue *q, struct row_batch *b);
void batch_queue_close(struct batch_queue *q);
void batch_queue_cancel(struct batch_queue *q);

#endif
