/*
 * batch.c — the producer/consumer ring of row batches (see batch.h). Batches
 * are filled and taken in ring order, so rows keep their file order.
 */
#include "batch.h"

#include <stdlib.h>

void batch_queue_init(struct batch_queue *q, size_t ncols)
{
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->changed, NULL);
	for (int i = 0; i < BATCH_SLOTS; i++) {
		q->slot[i].nrows = 0;
		q->slot[i].vals = xcalloc((size_t)BATCH_ROWS * (ncols ? ncols : 1), sizeof(struct typed_value));
		q->slot[i].text = (struct strbuf){0};
		q->full[i] = 0;
	}
	q->next_fill = q->next_take = 0;
	q->closed = q->cancelled = 0;
}

void batch_queue_destroy(struct batch_queue *q)
{
	for (int i = 0; i < BATCH_SLOTS; i++) {
		free(q->slot[i].vals);
		strbuf_free(&q->slot[i].text);
	}
	pthread_cond_destroy(&q->changed);
	pthread_mutex_destroy(&q->mu);
}

struct row_batch *batch_queue_get_empty(struct batch_queue *q)
{
	pthread_mutex_lock(&q->mu);
	size_t i = q->next_fill % BATCH_SLOTS;
	while (q->full[i] && !q->cancelled)
		pthread_cond_wait(&q->changed, &q->mu);
	struct row_batch *b = q->cancelled ? NULL : &q->slot[i];
	pthread_mutex_unlock(&q->mu);
	if (b) {
		b->nrows = 0;
		strbuf_reset(&b->text);
	}
	return b;
}

void batch_queue_put_full(struct batch_queue *q, struct row_batch *b)
{
	pthread_mutex_lock(&q->mu);
	q->full[b - q->slot] = 1;
	q->next_fill++;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->mu);
}

struct row_batch *batch_queue_get_full(struct batch_queue *q)
{
	pthread_mutex_lock(&q->mu);
	size_t i = q->next_take % BATCH_SLOTS;
	while (!q->full[i] && !q->closed && !q->cancelled)
		pthread_cond_wait(&q->changed, &q->mu);
	struct row_batch *b = q->full[i] && !q->cancelled ? &q->slot[i] : NULL;
	pthread_mutex_unlock(&q->mu);
	return b;
}

void batch_queue_put_empty(struct batch_queue *q, struct row_batch *b)
{
	pthread_mutex_lock(&q->mu);
	q->full[b - q->slot] = 0;
	q->next_take++;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->mu);
}

void batch_queue_close(struct batch_queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->closed = 1;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->mu);
}

void batch_queue_cancel(struct batch_queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->cancelled = 1;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->mu);
}
