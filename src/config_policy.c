/*
 * config_policy.c — the "policy" key of the config file (config.h rules 24
 * and 25): reading each rule, checked key by key with errors naming the rule
 * by its index, and printing the gate's settings back in the canonical JSON.
 * Apart from the other keys because a rule is a small language of its own
 * (its own keys, bounds, bands and words), judged by gate.c.
 * Entry points (config_policy.h): config_policy_read, config_policy_put.
 */
#include "config_policy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_text.h"

static const char *const rule_keys[] = {"metric", "name", "attribute", "group", "column", "min",
					"max", "band", "share", "severity", "insufficient"};
#define NRULE_KEYS (sizeof rule_keys / sizeof rule_keys[0])


/* "attribute", "group", "column": a non-empty string, or null (the record has none). */
static int rule_match_field(const char *where, const cJSON *rule, const char *key, struct gate_match *m,
			    struct audit_err *err)
{
	const cJSON *item = cfg_child_named(rule, key);
	if (!item)
		return AUDIT_OK;
	m->given = 1;
	if (cJSON_IsNull(item))
		return AUDIT_OK;
	if (!cJSON_IsString(item))
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" must be a string or null, not %s", where, key,
				  cfg_json_type_name(item));
	if (!*item->valuestring)
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" must not be empty", where, key);
	m->value = xstrdup(item->valuestring);
	return AUDIT_OK;
}

/* "min" or "max": a finite number. */
static int rule_bound(const char *where, const cJSON *rule, const char *key, int *has, double *out,
		      struct audit_err *err)
{
	const cJSON *item = cfg_child_named(rule, key);
	if (!item)
		return AUDIT_OK;
	if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble))
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" must be a finite number", where, key);
	*has = 1;
	*out = item->valuedouble;
	return AUDIT_OK;
}

/* "band": [lo, hi], two finite numbers, lo <= hi, instead of min and max. */
static int rule_band(const char *where, const cJSON *item, struct gate_rule *r, struct audit_err *err)
{
	if (r->has_min || r->has_max)
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"band\" cannot be given with \"min\" or \"max\"", where);
	if (!cJSON_IsArray(item) || cJSON_GetArraySize(item) != 2 || !cJSON_IsNumber(item->child) ||
	    !cJSON_IsNumber(item->child->next) || !isfinite(item->child->valuedouble) ||
	    !isfinite(item->child->next->valuedouble))
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"band\" must be [lo, hi], two finite numbers", where);
	r->has_min = r->has_max = 1;
	r->min = item->child->valuedouble;
	r->max = item->child->next->valuedouble;
	return AUDIT_OK;
}

/* "severity" and "insufficient": one of the words given, as a status. */
static int rule_word(const char *where, const cJSON *rule, const char *key, const char *const *words,
		     const enum record_status *statuses, size_t n, const char *expected, enum record_status *out,
		     struct audit_err *err)
{
	const cJSON *item = cfg_child_named(rule, key);
	if (!item)
		return AUDIT_OK;
	for (size_t i = 0; cJSON_IsString(item) && i < n; i++)
		if (strcmp(item->valuestring, words[i]) == 0) {
			*out = statuses[i];
			return AUDIT_OK;
		}
	if (cJSON_IsString(item))
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" must be %s, not \"%s\"", where, key, expected,
				  item->valuestring);
	return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" must be %s, not %s", where, key, expected,
			  cfg_json_type_name(item));
}

/* One rule of "policy" (rule 24); r is kept however far it got, for gate_rule_free. */
static int policy_rule(const char *where, const cJSON *c, struct gate_rule *r, struct audit_err *err)
{
	static const char *const severities[] = {"fail", "warn"};
	static const enum record_status severity_status[] = {STATUS_FAIL, STATUS_WARN};
	static const char *const outcomes[] = {"pass", "warn", "fail"};
	static const enum record_status outcome_status[] = {STATUS_INSUFFICIENT, STATUS_WARN, STATUS_FAIL};
	memset(r, 0, sizeof *r);
	r->severity = STATUS_FAIL;
	r->insufficient = STATUS_INSUFFICIENT;
	if (!cJSON_IsObject(c))
		return audit_fail(err, AUDIT_EUSAGE, "%s must be an object (a rule), not %s", where, cfg_json_type_name(c));
	for (const cJSON *k = c->child; k; k = k->next) {
		size_t i = 0;
		while (i < NRULE_KEYS && strcmp(rule_keys[i], k->string) != 0)
			i++;
		if (i == NRULE_KEYS) {
			struct strbuf known = {0};
			const char *near[CFG_NEAREST_MAX];
			size_t nnear = cfg_nearest(k->string, rule_keys, NRULE_KEYS, near);
			if (nnear) {
				cfg_put_did_you_mean(&known, near, nnear);
				strbuf_printf(&known, " ");
			}
			strbuf_printf(&known, "known keys: ");
			for (size_t j = 0; j < NRULE_KEYS; j++)
				strbuf_printf(&known, "%s%s", j ? ", " : "", rule_keys[j]);
			int e = audit_fail(err, AUDIT_EUSAGE, "%s: unknown key \"%s\" (%s)", where, k->string, known.buf);
			strbuf_free(&known);
			return e;
		}
	}
	const cJSON *metric = cfg_child_named(c, "metric"), *name = cfg_child_named(c, "name");
	if (!metric)
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"metric\" is required", where);
	if (!cJSON_IsString(metric))
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"metric\" must be a string, not %s", where,
				  cfg_json_type_name(metric));
	if (!gate_metric_known(metric->valuestring))
		return audit_fail(err, AUDIT_EUSAGE, "%s: unknown metric \"%s\"", where, metric->valuestring);
	r->metric = xstrdup(metric->valuestring);
	if (name && (!cJSON_IsString(name) || !*name->valuestring))
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"name\" must be a non-empty string", where);
	if (name)
		r->name = xstrdup(name->valuestring);
	int e;
	if ((e = rule_match_field(where, c, "attribute", &r->attribute, err)) ||
	    (e = rule_match_field(where, c, "group", &r->group, err)) ||
	    (e = rule_match_field(where, c, "column", &r->column, err)) ||
	    (e = rule_bound(where, c, "min", &r->has_min, &r->min, err)) ||
	    (e = rule_bound(where, c, "max", &r->has_max, &r->max, err)))
		return e;
	const cJSON *band = cfg_child_named(c, "band"), *share = cfg_child_named(c, "share");
	if (band && (e = rule_band(where, band, r, err)))
		return e;
	if (!r->has_min && !r->has_max)
		return audit_fail(err, AUDIT_EUSAGE, "%s: no bound: give \"min\", \"max\" or \"band\"", where);
	if (r->has_min && r->has_max && r->min > r->max) {
		char lo[32], hi[32];
		cfg_format_number(r->min, lo);
		cfg_format_number(r->max, hi);
		return audit_fail(err, AUDIT_EUSAGE, "%s: the bounds [%s, %s] have lo > hi", where, lo, hi);
	}
	if (share && !cJSON_IsBool(share))
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"share\" must be true or false, not %s", where,
				  cfg_json_type_name(share));
	r->share = share && cJSON_IsTrue(share);
	if ((e = rule_word(where, c, "severity", severities, severity_status, 2, "\"fail\" or \"warn\"",
			   &r->severity, err)))
		return e;
	return rule_word(where, c, "insufficient", outcomes, outcome_status, 3, "\"pass\", \"warn\" or \"fail\"",
			 &r->insufficient, err);
}

int config_policy_read(struct audit_config *cfg, const char *where, const cJSON *item, struct audit_err *err)
{
	if (!cJSON_IsArray(item))
		return audit_fail(err, AUDIT_EUSAGE, "%s must be an array of rules, not %s", where,
				  cfg_json_type_name(item));
	cfg->policy = xcalloc((size_t)cJSON_GetArraySize(item) + 1, sizeof *cfg->policy);
	size_t i = 0;
	for (const cJSON *c = item->child; c; c = c->next, i++) {
		char sub[600];
		snprintf(sub, sizeof sub, "%s[%zu]", where, i);
		/* Counted in before checking, so config_free releases a half-built rule. */
		int e = policy_rule(sub, c, &cfg->policy[cfg->npolicy++], err);
		if (e)
			return e;
	}
	return AUDIT_OK;
}

/* Rule 25: a rule's field that may be null. */
static void put_match(struct strbuf *sb, const char *key, const struct gate_match *m)
{
	if (!m->given)
		return;
	strbuf_putc(sb, ',');
	cfg_json_put_string(sb, key);
	strbuf_putc(sb, ':');
	if (m->value)
		cfg_json_put_string(sb, m->value);
	else
		strbuf_append(sb, "null", 4);
}

/* Rule 25: "strict", "policy_defaults" and "policy". */
void config_policy_put(struct strbuf *sb, const struct audit_config *cfg)
{
	if (cfg->strict) {
		cfg_json_put_key(sb, "strict");
		strbuf_append(sb, "true", 4);
	}
	if (!cfg->policy_defaults) {
		cfg_json_put_key(sb, "policy_defaults");
		strbuf_append(sb, "false", 5);
	}
	if (!cfg->npolicy)
		return;
	cfg_json_put_key(sb, "policy");
	strbuf_putc(sb, '[');
	for (size_t i = 0; i < cfg->npolicy; i++) {
		const struct gate_rule *r = &cfg->policy[i];
		strbuf_printf(sb, "%s{\"metric\":", i ? "," : "");
		cfg_json_put_string(sb, r->metric);
		if (r->name) {
			strbuf_printf(sb, ",\"name\":");
			cfg_json_put_string(sb, r->name);
		}
		put_match(sb, "attribute", &r->attribute);
		put_match(sb, "group", &r->group);
		put_match(sb, "column", &r->column);
		if (r->has_min) {
			strbuf_printf(sb, ",\"min\":");
			cfg_json_put_number(sb, r->min);
		}
		if (r->has_max) {
			strbuf_printf(sb, ",\"max\":");
			cfg_json_put_number(sb, r->max);
		}
		if (r->share)
			strbuf_printf(sb, ",\"share\":true");
		strbuf_printf(sb, ",\"severity\":\"%s\",\"insufficient\":\"%s\"}",
			      r->severity == STATUS_WARN ? "warn" : "fail",
			      r->insufficient == STATUS_WARN ? "warn" : r->insufficient == STATUS_FAIL ? "fail" : "pass");
	}
	strbuf_putc(sb, ']');
}
