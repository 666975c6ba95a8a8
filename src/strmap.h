/*
 * strmap.h — a map from byte strings to dense indexes 0, 1, 2, ... in order
 * of first insertion. Used for column names of JSON rows and, later, group
 * values in count tables. Open addressing with FNV-1a hashing.
 *
 * Ownership: the map copies every key; strmap_free releases them.
 */
#ifndef DSAUDIT_STRMAP_H
#define DSAUDIT_STRMAP_H

#include <stddef.h>

struct strmap {
	char **keys;      /* keys[i] is the key of index i, NUL-terminated */
	size_t *keylens;
	size_t count;     /* number of keys */
	size_t *slots;    /* index + 1, or 0 for empty */
	size_t nslots;
};

void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
/* Index of key, or -1 when absent. */
long strmap_find(const struct strmap *m, const char *key, size_t len);
/* Index of key, adding it at the end when absent; *added tells which (may be NULL). */
size_t strmap_intern(struct strmap *m, const char *key, size_t len, int *added);

#endif
