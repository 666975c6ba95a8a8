/*
 * config_internal.h — what the parts of the configuration module share, and
 * nothing outside it includes: the table of settings (one row per config key
 * or flag), where each setting came from, and the setters that validate a
 * value the same way whichever way it arrives. config.c defines them (flags,
 * merging, checks); config_json.c (the config file's keys and the canonical
 * JSON) and config_policy.c (the "policy" rules) call them.
 */
#ifndef DSAUDIT_CONFIG_INTERNAL_H
#define DSAUDIT_CONFIG_INTERNAL_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "config.h"
#include "config_text.h"

/* Keys of the config file come first, in the order they are applied:
 * positive_specs before positive and prediction_positive, so these can name
 * a spec (rule 5). */
enum setting {
	S_LABEL,
	S_POSITIVE_SPECS,
	S_POSITIVE,
	S_PROTECTED,
	S_INTERSECTIONS,
	S_REFERENCE,
	S_STRATA,
	S_MIN_GROUP,
	S_DB,
	S_OUT,
	S_NAME,
	S_TABLE,
	S_COUNTS,
	S_COLUMNS,
	S_DIALECT,
	S_FORMAT,
	S_POPULATION,
	S_BINS,
	S_DATA_FORMAT,
	S_DELIMITER,
	S_NA,
	S_PREDICTION,
	S_PREDICTION_POSITIVE,
	S_GOLD,
	S_ANNOTATORS,
	S_ID,
	S_QUASI_IDENTIFIERS,
	S_SENSITIVE,
	S_K,
	S_DOMAIN,
	S_STRICT,
	S_GATE_ONLY,
	S_NO_ROWS,
	S_POLICY_DEFAULTS,
	S_POLICY,
	S_BASELINE,
	S_REQUIRE,
	S_CONFIG,
	S_NO_PROGRESS,
	S_COUNT
};

struct config_setting {
	const char *key;  /* config file key, or NULL for flag-only settings */
	const char *flag; /* flag, or NULL for config-only settings */
	int repeatable;   /* rule 7: keyed flags may repeat, once per key */
};

extern const struct config_setting config_settings[S_COUNT];

/* A spec of "positive_specs", stored as canonical spec text (rule 5). */
struct named_spec {
	char *name, *text;
};

/* Where each setting came from, for error messages that must start with the
 * flag or the config path. */
enum origin { FROM_NONE, FROM_FILE, FROM_FLAG };

struct parse_state {
	const char *config_path;
	enum origin origin[S_COUNT];
	struct named_spec *specs;
	size_t nspecs;
	/* references[0..file_refs) and bins[0..file_bins) came from the file;
	 * the rest from flags (rule 7). */
	size_t file_refs, file_bins;
};

/* The prefix of a message about setting s: "--label" or "audit.json: \"label\"" (in buf). */
const char *cfg_where_of(const struct parse_state *st, enum setting s, enum origin from, char *buf, size_t size);

/* Setters shared by flags and config keys (config.c); where prefixes their errors. */
void cfg_replace_string(char **slot, const char *value);
int cfg_set_nonempty(const char *where, const char *value, char **slot, struct audit_err *err);
int cfg_set_positive(struct parse_state *st, struct audit_config *cfg, enum setting s, const char *where,
		     const char *value, int may_be_name, struct audit_err *err);
int cfg_set_names(struct audit_config *cfg, enum setting s, const char *where, char **items, size_t n,
		  struct audit_err *err);
int cfg_set_formats(struct audit_config *cfg, const char *where, char *const *items, size_t n,
		    struct audit_err *err);
int cfg_set_require(struct audit_config *cfg, const char *where, char *const *items, size_t n,
		    struct audit_err *err);
int cfg_set_intersections(struct audit_config *cfg, const char *where, long n, struct audit_err *err);
int cfg_set_min_group(struct audit_config *cfg, const char *where, long n, struct audit_err *err);
int cfg_set_k(struct audit_config *cfg, const char *where, long n, struct audit_err *err);
int cfg_set_data_format(struct audit_config *cfg, const char *where, const char *value, struct audit_err *err);
int cfg_set_delimiter(struct audit_config *cfg, const char *where, const char *value, struct audit_err *err);
int cfg_add_reference(struct parse_state *st, struct audit_config *cfg, const char *where, const char *attribute,
		      const char *value, int from_flag, struct audit_err *err);
int cfg_add_bins(struct parse_state *st, struct audit_config *cfg, const char *where, const char *column,
		 double *edges, size_t n, int from_flag, struct audit_err *err);

/* Reads st->config_path and applies its keys to cfg (config_json.c). */
int cfg_apply_file(struct parse_state *st, struct audit_config *cfg, struct audit_err *err);

#endif
