/*
 * config_policy.h — the policy rules of the config file (config.h rules 24,
 * 25); see config_policy.c.
 */
#ifndef DSAUDIT_CONFIG_POLICY_H
#define DSAUDIT_CONFIG_POLICY_H

#include <cjson/cJSON.h>

#include "config.h"
#include "util.h"

/*
 * Reads "policy" (item, an array of rules) into cfg->policy and
 * cfg->npolicy; where prefixes every error ("audit.json: \"policy\"").
 * A half-built rule is counted in, so config_free releases it.
 */
int config_policy_read(struct audit_config *cfg, const char *where, const cJSON *item, struct audit_err *err);

/* Appends "strict", "policy_defaults" and "policy" to the canonical JSON, each when not at its default. */
void config_policy_put(struct strbuf *sb, const struct audit_config *cfg);

#endif
