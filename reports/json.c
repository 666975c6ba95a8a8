/*
 * json.c — report.json (see json.h).
 *
 * The document is built as a cJSON tree, because cJSON escapes strings
 * correctly (quotes, control characters; UTF-8 passes through unchanged) and
 * keeps keys in insertion order. Numbers, though, are added as raw text
 * formatted here: cJSON prints doubles with 15 significant digits when they
 * fit and never distinguishes an undefined value, while the report promises
 * numbers that read back exactly and null for NaN (STYLE.md).
 *
 * Key order is part of the contract (readers diff reports), so every object
 * is built field by field in the order of DESIGN.md's record table.
 */
#include "json.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "method.h"
#include "output.h"

/* Each add_* returns 1 on success, 0 when cJSON could not allocate. */
static int add_string(cJSON *o, const char *key, const char *s)
{
	if (!s)
		return cJSON_AddNullToObject(o, key) != NULL;
	return cJSON_AddStringToObject(o, key, s) != NULL;
}

/* NaN and infinities are not numbers: null, never a fake 0. */
static int add_number(cJSON *o, const char *key, double x)
{
	char buf[32];
	if (!format_double(x, buf))
		return cJSON_AddNullToObject(o, key) != NULL;
	return cJSON_AddRawToObject(o, key, buf) != NULL;
}

static int add_integer(cJSON *o, const char *key, long long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", v);
	return cJSON_AddRawToObject(o, key, buf) != NULL;
}

static int add_tool(cJSON *root, const struct audit_result *r)
{
	cJSON *o = cJSON_AddObjectToObject(root, "tool");
	return o && add_string(o, "name", "dsaudit") && add_string(o, "version", r->tool_version);
}

static int add_dataset(cJSON *root, const struct dataset_facts *d)
{
	cJSON *o = cJSON_AddObjectToObject(root, "dataset");
	return o &&
	       add_string(o, "name", d->name) &&
	       add_integer(o, "version", d->version) &&
	       add_integer(o, "id", d->id) &&
	       add_string(o, "path", d->path) &&
	       add_string(o, "sha256", d->sha256[0] ? d->sha256 : NULL) &&
	       add_integer(o, "rows", d->rows) &&
	       add_integer(o, "columns", d->columns);
}

/*
 * Embeds the effective configuration as an object, so a reader can query it
 * (jq .config.population) rather than parse a string. It is text we produced
 * ourselves, so failing to parse it is an internal error.
 */
static int add_config(cJSON *root, const char *text, struct audit_err *err)
{
	cJSON *cfg;

	if (text) {
		const char *end = NULL;
		cfg = cJSON_ParseWithOpts(text, &end, 1);
		if (!cfg || !cJSON_IsObject(cfg)) {
			cJSON_Delete(cfg);
			return audit_fail(err, AUDIT_EINTERNAL,
					  "report.json: the effective configuration is not a JSON object");
		}
	} else {
		cfg = cJSON_CreateObject();
	}
	if (!cfg || !cJSON_AddItemToObject(root, "config", cfg)) {
		cJSON_Delete(cfg);
		return audit_fail(err, AUDIT_EINTERNAL, "report.json: out of memory");
	}
	return AUDIT_OK;
}

static int add_summary(cJSON *root, const struct audit_result *r)
{
	size_t counts[4];
	audit_result_status_counts(r, counts);

	cJSON *o = cJSON_AddObjectToObject(root, "summary");
	return o &&
	       add_integer(o, "records", (long long)r->n) &&
	       add_integer(o, "ok", (long long)counts[STATUS_OK]) &&
	       add_integer(o, "warn", (long long)counts[STATUS_WARN]) &&
	       add_integer(o, "fail", (long long)counts[STATUS_FAIL]) &&
	       add_integer(o, "insufficient", (long long)counts[STATUS_INSUFFICIENT]) &&
	       add_string(o, "verdict", audit_verdict(r));
}

/* The outcome, each reference and why, and the judging rule (record.h struct audit_context). */
static int add_context(cJSON *root, const struct audit_result *r)
{
	const struct audit_context *c = &r->context;
	cJSON *o = cJSON_AddObjectToObject(root, "context");
	if (!o || !add_string(o, "label", c->label) || !add_string(o, "outcome", c->outcome))
		return 0;
	cJSON *refs = cJSON_AddArrayToObject(o, "references");
	if (!refs)
		return 0;
	for (size_t i = 0; i < c->nreferences; i++) {
		cJSON *ref = cJSON_CreateObject();
		if (!ref || !cJSON_AddItemToArray(refs, ref)) {
			cJSON_Delete(ref);
			return 0;
		}
		if (!add_string(ref, "attribute", c->references[i].attribute) ||
		    !add_string(ref, "group", c->references[i].group) || !add_string(ref, "why", c->references[i].why))
			return 0;
	}
	return add_string(o, "judging", JUDGING_RULE);
}

/*
 * Every family with its state, so what was not audited is said: "audited"
 * or "not audited", the records and findings (fail + warn) it has, and
 * what was left out and why.
 */
static int add_families(cJSON *root, const struct audit_result *r)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "families");
	if (!arr)
		return 0;
	for (size_t k = 0; k < NFAMILIES; k++) {
		const struct family_state *f = &r->context.families[k];
		size_t counts[4];
		size_t records = audit_result_family_counts(r, FAMILIES[k], counts);
		cJSON *o = cJSON_CreateObject();
		if (!o || !cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			return 0;
		}
		if (!add_string(o, "family", FAMILIES[k]) ||
		    !add_string(o, "state", f->audited ? "audited" : "not audited") ||
		    !add_integer(o, "records", (long long)records) ||
		    !add_integer(o, "found", (long long)(counts[STATUS_FAIL] + counts[STATUS_WARN])) ||
		    !add_string(o, "not_audited", f->not_audited))
			return 0;
	}
	return 1;
}

/* All 14 fields, always, so every element has the same shape. */
static cJSON *record_object(const struct audit_record *rec)
{
	cJSON *o = cJSON_CreateObject();
	int ok = o &&
		 add_string(o, "family", rec->family) &&
		 add_string(o, "metric", rec->metric) &&
		 add_string(o, "attribute", rec->attribute) &&
		 add_string(o, "column", rec->column) &&
		 add_string(o, "group", rec->group) &&
		 add_string(o, "reference", rec->reference) &&
		 add_number(o, "value", rec->value) &&
		 add_number(o, "ci_low", rec->ci_low) &&
		 add_number(o, "ci_high", rec->ci_high) &&
		 add_number(o, "p_value", rec->p_value) &&
		 add_number(o, "p_adjusted", rec->p_adjusted) &&
		 add_number(o, "n", rec->n) &&
		 add_string(o, "status", record_status_name(rec->status)) &&
		 add_string(o, "detail", rec->detail);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int add_records(cJSON *root, const struct audit_result *r)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "records");
	if (!arr)
		return 0;
	for (size_t i = 0; i < r->n; i++) {
		cJSON *o = record_object(&r->records[i]);
		if (!o)
			return 0;
		if (!cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			return 0;
		}
	}
	return 1;
}

/* Builds the whole document into *out (the caller deletes it); returns 0 or an error. */
static int report_tree(const struct audit_result *r, cJSON **out, struct audit_err *err)
{
	cJSON *root = cJSON_CreateObject();
	int rc = AUDIT_OK;

	if (!root || !add_tool(root, r) || !add_dataset(root, &r->dataset))
		rc = audit_fail(err, AUDIT_EINTERNAL, "report.json: out of memory");
	if (!rc)
		rc = add_config(root, r->config_json, err);
	if (!rc && (!add_summary(root, r) || !add_context(root, r) || !add_families(root, r) || !add_records(root, r)))
		rc = audit_fail(err, AUDIT_EINTERNAL, "report.json: out of memory");
	if (rc) {
		cJSON_Delete(root);
		root = NULL;
	}
	*out = root;
	return rc;
}

static int write_text(FILE *f, void *ctx)
{
	const char *text = ctx;
	if (fputs(text, f) == EOF || fputc('\n', f) == EOF)
		return -1;
	return 0;
}

int json_report_write(const struct audit_result *r, const char *out_dir, struct audit_err *err)
{
	cJSON *root;
	int rc = report_tree(r, &root, err);
	if (rc)
		return rc;

	char *text = cJSON_Print(root);
	cJSON_Delete(root);
	if (!text)
		return audit_fail(err, AUDIT_EINTERNAL, "report.json: out of memory");

	rc = output_write_atomic(out_dir, "report.json", write_text, text, err);
	cJSON_free(text);
	return rc;
}
