/*
 * record.c — building and freeing the audit result (see record.h).
 */
#include "record.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *const FAMILIES[NFAMILIES] = {"representation", "selection", "measurement", "quality", "privacy", "drift"};

int family_index(const char *family)
{
	for (int k = 0; k < NFAMILIES; k++)
		if (family && strcmp(FAMILIES[k], family) == 0)
			return k;
	return -1;
}

const struct reference_choice *audit_context_reference(const struct audit_context *c, const char *attribute)
{
	for (size_t i = 0; i < c->nreferences; i++)
		if (attribute && strcmp(c->references[i].attribute, attribute) == 0)
			return &c->references[i];
	return NULL;
}

static void context_free(struct audit_context *c)
{
	free(c->label);
	free(c->outcome);
	for (size_t i = 0; i < c->nreferences; i++) {
		free(c->references[i].attribute);
		free(c->references[i].group);
		free(c->references[i].why);
	}
	free(c->references);
	for (size_t k = 0; k < NFAMILIES; k++)
		free(c->families[k].not_audited);
}

struct audit_record record_init(const char *family, const char *metric)
{
	struct audit_record rec;
	memset(&rec, 0, sizeof rec);
	rec.family = family;
	rec.metric = metric;
	rec.value = rec.ci_low = rec.ci_high = rec.p_value = rec.p_adjusted = rec.n = NAN;
	rec.status = STATUS_OK;
	return rec;
}

struct audit_record *audit_result_add(struct audit_result *r, const struct audit_record *rec)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->records = xrealloc(r->records, r->cap * sizeof *r->records);
	}
	r->records[r->n] = *rec;
	return &r->records[r->n++];
}

void audit_result_add_evaluation(struct audit_result *r, const struct gate_evaluation *ev)
{
	if (r->nevaluations == r->evaluations_cap) {
		r->evaluations_cap = r->evaluations_cap ? r->evaluations_cap * 2 : 64;
		r->evaluations = xrealloc(r->evaluations, r->evaluations_cap * sizeof *r->evaluations);
	}
	r->evaluations[r->nevaluations++] = *ev;
}

static void record_free(struct audit_record *rec)
{
	free(rec->attribute);
	free(rec->column);
	free(rec->group);
	free(rec->reference);
	free(rec->detail);
}

void audit_result_free(struct audit_result *r)
{
	for (size_t i = 0; i < r->n; i++)
		record_free(&r->records[i]);
	free(r->records);
	for (size_t i = 0; i < r->nevaluations; i++) {
		free(r->evaluations[i].rule);
		free(r->evaluations[i].bound);
	}
	free(r->evaluations);
	free(r->dataset.name);
	free(r->dataset.path);
	free(r->config_json);
	context_free(&r->context);
	memset(r, 0, sizeof *r);
}

const char *record_status_name(enum record_status s)
{
	switch (s) {
	case STATUS_OK: return "ok";
	case STATUS_WARN: return "warn";
	case STATUS_FAIL: return "fail";
	case STATUS_INSUFFICIENT: return "insufficient";
	}
	return "ok";
}

void audit_result_status_counts(const struct audit_result *r, size_t counts[4])
{
	audit_result_family_counts(r, NULL, counts);
}

size_t audit_result_family_counts(const struct audit_result *r, const char *family, size_t counts[4])
{
	size_t records = 0;
	memset(counts, 0, 4 * sizeof *counts);
	for (size_t i = 0; i < r->n; i++) {
		if (family && strcmp(r->records[i].family, family) != 0)
			continue;
		counts[r->records[i].status]++;
		records++;
	}
	return records;
}

const char *audit_verdict(const struct audit_result *r)
{
	size_t counts[4];
	audit_result_status_counts(r, counts);
	if (counts[STATUS_FAIL])
		return "fail";
	if (counts[STATUS_WARN])
		return "warn";
	return "pass";
}
