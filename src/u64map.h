/*
 * u64map.h — a map from 64-bit keys to 64-bit values, and the 64-bit hash
 * of byte strings that makes keys of values. The counting step uses it for
 * everything it tallies per distinct key: values of a column, (value, group)
 * pairs, rows (duplicates), equivalence classes (k-anonymity).
 *
 * Open addressing with linear probing, at most half full, the table a
 * power of two. A key and its value sit side by side (16 bytes), so a probe
 * into a large map costs one cache miss; a key takes 32 to 64 bytes (a
 * million keys 32 MB), and the old table lives on while the table doubles.
 * The one key that marks an empty slot is kept beside the table. Values
 * start at 0.
 *
 * Hash identity: where a key is the hash of a value rather than the value
 * itself, two different values share a key with probability about
 * n^2 / 2^65 (3e-8 for a million distinct values); the man page says so.
 *
 * Ownership: the map owns its table; u64map_free releases it and leaves an
 * empty map. A zeroed struct is an empty map.
 */
#ifndef DSAUDIT_U64MAP_H
#define DSAUDIT_U64MAP_H

#include <stddef.h>
#include <stdint.h>

struct u64map_entry {
	uint64_t key, val;
};

struct u64map {
	struct u64map_entry *slots;  /* nslots entries; key U64MAP_EMPTY is a free slot */
	size_t count, nslots;
	int has_empty_key;           /* the key U64MAP_EMPTY itself is present ... */
	struct u64map_entry empty;   /* ... with this entry */
};

#define U64MAP_EMPTY 0xa5a5a5a5a5a5a5a5ull

/* A 64-bit hash of n bytes (seeded), and the mixing step that combines hashes. */
uint64_t hash_bytes(const void *p, size_t n, uint64_t seed);
static inline uint64_t hash_mix(uint64_t x)
{
	/* splitmix64's finaliser (Steele, Lea, Flood 2014): every input bit reaches every output bit. */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

void u64map_free(struct u64map *m);
/* The value slot of key, added (with value 0) when absent; *added says which (may be NULL). */
uint64_t *u64map_slot(struct u64map *m, uint64_t key, int *added);
/*
 * Starts loading the cache line where key would be, so that a later lookup
 * in a large map overlaps its memory wait with other work.
 */
static inline void u64map_prefetch(const struct u64map *m, uint64_t key)
{
	if (m->nslots)
		__builtin_prefetch(&m->slots[hash_mix(key) & (m->nslots - 1)]);
}
/* The value slot of key, or NULL when absent. */
uint64_t *u64map_find(const struct u64map *m, uint64_t key);
/*
 * Iteration: for (size_t i = 0; (e = u64map_next(m, &i));) visits every
 * entry once. The caller may change e->val; changing e->key is allowed only
 * when the map is not probed again afterwards (u64map_free is fine).
 */
struct u64map_entry *u64map_next(struct u64map *m, size_t *i);

#endif
