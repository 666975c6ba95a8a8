/*
 * u64map.c — the 64-bit key map and byte hash (see u64map.h).
 */
#include "u64map.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void u64map_free(struct u64map *m)
{
	free(m->slots);
	memset(m, 0, sizeof *m);
}

/* The slot holding key, or the free slot where it would go. */
static struct u64map_entry *probe(const struct u64map *m, uint64_t key)
{
	size_t mask = m->nslots - 1;
	size_t i = (size_t)hash_mix(key) & mask;
	while (m->slots[i].key != key && m->slots[i].key != U64MAP_EMPTY)
		i = (i + 1) & mask;
	return &m->slots[i];
}

static void resize(struct u64map *m, size_t nslots)
{
	struct u64map bigger = *m;
	bigger.nslots = nslots;
	bigger.slots = xmalloc(bigger.nslots * sizeof *bigger.slots);
	for (size_t i = 0; i < bigger.nslots; i++)
		bigger.slots[i].key = U64MAP_EMPTY;
	for (size_t i = 0; i < m->nslots; i++)
		if (m->slots[i].key != U64MAP_EMPTY)
			*probe(&bigger, m->slots[i].key) = m->slots[i];
	free(m->slots);
	*m = bigger;
}

uint64_t *u64map_slot(struct u64map *m, uint64_t key, int *added)
{
	int is_new;
	uint64_t *val;
	if (key == U64MAP_EMPTY) {
		is_new = !m->has_empty_key;
		m->has_empty_key = 1;
		m->empty.key = key;
		val = &m->empty.val;
	} else {
		if ((m->count + 1) * 2 > m->nslots)
			resize(m, m->nslots ? m->nslots * 2 : 64);
		struct u64map_entry *e = probe(m, key);
		is_new = e->key == U64MAP_EMPTY;
		e->key = key;
		val = &e->val;
	}
	if (is_new) {
		*val = 0;
		m->count++;
	}
	if (added)
		*added = is_new;
	return val;
}

uint64_t *u64map_find(const struct u64map *m, uint64_t key)
{
	if (key == U64MAP_EMPTY)
		return m->has_empty_key ? (uint64_t *)&m->empty.val : NULL;
	if (m->nslots == 0)
		return NULL;
	struct u64map_entry *e = probe(m, key);
	return e->key == key ? &e->val : NULL;
}

struct u64map_entry *u64map_next(struct u64map *m, size_t *i)
{
	while (*i < m->nslots) {
		struct u64map_entry *e = &m->slots[(*i)++];
		if (e->key != U64MAP_EMPTY)
			return e;
	}
	if (*i == m->nslots && m->has_empty_key) {
		(*i)++;
		return &m->empty;
	}
	return NULL;
}
uint64_t hash_bytes(const void *p, size_t n, uint64_t seed)
{
	/* Eight bytes at a time through the mixer; the length goes in last so
	 * that "a" and "a\0" differ. Not for adversaries, just for spreading. */
	const unsigned char *s = p;
	uint64_t h = hash_mix(seed + 0x9e3779b97f4a7c15ull);
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = hash_mix(h ^ w) + 0x9e3779b97f4a7c15ull;
		s += 8;
		n -= 8;
	}
	uint64_t tail = 0;
	memcpy(&tail, s, n);
	return hash_mix(h ^ tail ^ ((uint64_t)n << 56));
}
