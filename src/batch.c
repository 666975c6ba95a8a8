/*
 * batch.c — the ring of row batches that the load's threads pass along
 * (see batch.h). Each stage takes the slots in ring order, so rows keep
 * their file order at every stage.
 */
#include "batch.h"

#include <stdlib.h>

void batch_queue_init(struct batch_queue *q, size_t ncols, int nstages)
{
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->changed, NULL);
	for (int i = 0; i < BATCH_SLOTS; i++) {
		q->slot[i].nrows = 0;
		q->slot[i].vals = xcalloc((size_t)BATCH_ROWS * (ncols ? ncols : 1), sizeof(struct typed_value));
		q->slot[i].text = (struct strbuf){0};
		q->stage[i] = 0;
	}
	for (int k = 0; k < BATCH_STAGES_MAX; k++)
		q->next[k] = 0;
	q->nstages = nstages < 2 ? 2 : nstages > BATCH_STAGES_MAX ? BATCH_STAGES_MAX : nstages;
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

/* Stage k > 0 is finished: the producer closed the queue and k has taken all it filled. */
static int drained(const struct batch_queue *q, int k)
{
	return k > 0 && q->closed && q->next[k] == q->next[0];
}

struct row_batch *batch_queue_take(struct batch_queue *q, int k)
{
	pthread_mutex_lock(&q->mu);
	size_t i = q->next[k] % BATCH_SLOTS;
	while (q->stage[i] != k && !q->cancelled && !drained(q, k))
		pthread_cond_wait(&q->changed, &q->mu);
	struct row_batch *b = q->stage[i] == k && !q->cancelled && !drained(q, k) ? &q->slot[i] : NULL;
	pthread_mutex_unlock(&q->mu);
	if (b && k == 0) {
		b->nrows = 0;
		strbuf_reset(&b->text);
	}
	return b;
}

void batch_queue_pass(struct batch_queue *q, int k, struct row_batch *b)
{
	pthread_mutex_lock(&q->mu);
	q->stage[b - q->slot] = (k + 1) % q->nstages;
	q->next[k]++;
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
