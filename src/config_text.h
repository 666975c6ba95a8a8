/*
 * config_text.h — the text forms the configuration is written in, shared by
 * the flags (config.c), the config file (config_json.c), the policy
 * (config_policy.c) and positive specs (positive.c): decimal and whole
 * numbers, the shortest round-trip form of a number, comma lists with
 * quoting (config.h rules 2-3), JSON strings written out, and small cJSON
 * lookups. Nothing here knows a setting; it only reads and writes text.
 *
 * Ownership: a struct cfg_item_list owns its items (cfg_item_list_free);
 * every char * returned is the caller's to free().
 */
#ifndef DSAUDIT_CONFIG_TEXT_H
#define DSAUDIT_CONFIG_TEXT_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "util.h"

int cfg_is_space(char c);                       /* a space or a tab */
char *cfg_trimmed_copy(const char *s, size_t n); /* s[0..n) without surrounding spaces and tabs */

/* One decimal number in s[0..n) (rule 1): [+-]?(d+(.d*)?|.d+)([eE][+-]?d+)?, finite. Returns 1 when it is one. */
int cfg_parse_decimal(const char *s, size_t n, double *out);
/* x in the shortest text that reads back as the same double (whole numbers as integers). */
void cfg_format_number(double x, char buf[32]);
/* A whole number for a flag: optional sign, digits only, in range. Returns 0 when s is not one. */
int cfg_parse_whole(const char *s, long *out);
/* A JSON number that is a whole number within [lo, hi]. */
int cfg_json_whole(const cJSON *item, double lo, double hi, long *out);
void cfg_free_strings(char **v, size_t n);

/* JSON output: a string (escaped, U+FFFD for bytes that are not UTF-8), a
 * number (shortest form), and "key": after a comma when the object has a member. */
void cfg_json_put_string(struct strbuf *sb, const char *s);
void cfg_json_put_number(struct strbuf *sb, double x);
void cfg_json_put_key(struct strbuf *sb, const char *key);

const char *cfg_json_type_name(const cJSON *item);                  /* "an object", "a string", ... */
const cJSON *cfg_child_named(const cJSON *object, const char *key);  /* exact (case-sensitive) lookup */

/* A comma list split into items (rules 2, 3); quoted[i]: item i was in double quotes. */
struct cfg_item_list {
	char **items;
	int *quoted;
	size_t n;
};

void cfg_item_list_free(struct cfg_item_list *l);
void cfg_item_list_push(struct cfg_item_list *l, char *item, int quoted);
/* Splits text into items (rule 2); an empty list or item is an error starting with where (rule 3). */
int cfg_split_list(const char *where, const char *text, struct cfg_item_list *out, struct audit_err *err);
/* Joins items into a list text that cfg_split_list reads back item for item; looks_special
 * (may be NULL) says which items must be quoted besides those with commas, quotes or edge spaces. */
char *cfg_join_list(char *const *items, size_t n, int (*looks_special)(const char *));

/*
 * Nearest names, for "no column named" and "unknown key" errors:
 *  N1. Names are compared ignoring ASCII case; cfg_edit_distance is the
 *      Levenshtein distance (insert, delete, substitute a byte, each 1).
 *  N2. A name is near when its distance is at most 0 (for a misspelt name
 *      of up to 2 bytes: only a case slip), 1 (up to 4 bytes), 2 (up to 8)
 *      or 3 (longer); or when one of the two
 *      contains the other and the shorter has at least 3 bytes ("income"
 *      is inside "income-per-year").
 *  N3. The near names are ranked by distance, ties in the given order;
 *      at most CFG_NEAREST_MAX are kept.
 */
#define CFG_NEAREST_MAX 3
size_t cfg_edit_distance(const char *a, const char *b);
/* The names (borrowed from names[]) near name, best first, into out; returns how many (0-3). */
size_t cfg_nearest(const char *name, const char *const *names, size_t n, const char *out[CFG_NEAREST_MAX]);
/* Appends: did you mean "a", "b" or "c"? */
void cfg_put_did_you_mean(struct strbuf *sb, const char *const *near, size_t n);

#endif
