/*
 * strmap.c — string → dense index map (see strmap.h). The table stays at
 * most half full, so probes are short.
 */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof *m);
}

void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->count; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->keylens);
	free(m->slots);
	memset(m, 0, sizeof *m);
}

static size_t *slot_of(const struct strmap *m, const char *key, size_t len)
{
	size_t mask = m->nslots - 1;
	for (size_t i = fnv1a(key, len) & mask;; i = (i + 1) & mask) {
		size_t *slot = &m->slots[i];
		if (*slot == 0)
			return slot;
		size_t k = *slot - 1;
		if (m->keylens[k] == len && memcmp(m->keys[k], key, len) == 0)
			return slot;
	}
}

long strmap_find(const struct strmap *m, const char *key, size_t len)
{
	if (m->nslots == 0)
		return -1;
	size_t *slot = slot_of(m, key, len);
	return *slot ? (long)(*slot - 1) : -1;
}

static void grow(struct strmap *m)
{
	size_t n = m->nslots ? m->nslots * 2 : 16;
	free(m->slots);
	m->slots = xcalloc(n, sizeof *m->slots);
	m->nslots = n;
	for (size_t k = 0; k < m->count; k++)
		*slot_of(m, m->keys[k], m->keylens[k]) = k + 1;
	m->keys = xrealloc(m->keys, n / 2 * sizeof *m->keys);
	m->keylens = xrealloc(m->keylens, n / 2 * sizeof *m->keylens);
}

size_t strmap_intern(struct strmap *m, const char *key, size_t len, int *added)
{
	if ((m->count + 1) * 2 > m->nslots)
		grow(m);
	size_t *slot = slot_of(m, key, len);
	if (*slot) {
		if (added)
			*added = 0;
		return *slot - 1;
	}
	size_t k = m->count++;
	m->keys[k] = xstrndup(key, len);
	m->keylens[k] = len;
	*slot = k + 1;
	if (added)
		*added = 1;
	return k;
}
