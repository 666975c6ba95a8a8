/*
 * context.c — the outcome in words, the reference groups and why, and the
 * families' states (see context.h; rules cited as C1-C3).
 */
#include "context.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "output.h"
#include "selection.h"

static const char *op_text(enum cmp_op op)
{
	switch (op) {
	case CMP_LT: return "<";
	case CMP_LE: return "<=";
	case CMP_GT: return ">";
	case CMP_GE: return ">=";
	case CMP_EQ: return "=";
	case CMP_NE: return "!=";
	}
	return "?";
}

/* C1. */
static char *outcome_text(const struct audit_config *cfg, const struct count_tables *ct)
{
	struct strbuf sb = {0};
	const struct positive_spec *p = &cfg->positive;
	if (!cfg->label)
		return NULL;
	if (p->text && p->is_comparison) {
		char num[32];
		format_double(p->threshold, num);
		strbuf_printf(&sb, "%s %s %s", cfg->label, op_text(p->op), num);
	} else if (p->text) {
		strbuf_printf(&sb, "%s = ", cfg->label);
		for (size_t i = 0; i < p->nvalues; i++)
			strbuf_printf(&sb, "%s%s", i ? " or " : "", p->values[i]);
	} else if (ct && ct->binary && ct->nclasses == 2) {
		strbuf_printf(&sb, "%s = %s", cfg->label, ct->classes[1]);
	} else {
		strbuf_printf(&sb, "%s: each class against the rest", cfg->label);
	}
	return sb.buf;
}

static const char *configured_reference(const struct audit_config *cfg, const char *attribute)
{
	for (size_t i = 0; i < cfg->nreferences; i++)
		if (strcmp(cfg->references[i].attribute, attribute) == 0)
			return cfg->references[i].value;
	return NULL;
}

static long group_index(const struct count_table *t, const char *group)
{
	for (size_t g = 0; g < t->ngroups; g++)
		if (strcmp(t->groups[g], group) == 0)
			return (long)g;
	return -1;
}

/*
 * C2 for an intersection without a configured cell: its parts' configured
 * references joined in its order, when each part has one. NULL otherwise;
 * *why receives the reason.
 */
static char *combined_reference(const struct audit_config *cfg, const char *attribute, struct strbuf *why)
{
	struct strbuf cell = {0};
	const char *p = attribute;
	for (;;) {
		const char *star = strchr(p, '*');
		char *part = xstrndup(p, star ? (size_t)(star - p) : strlen(p));
		const char *ref = configured_reference(cfg, part);
		if (!ref) {
			free(part);
			strbuf_free(&cell);
			strbuf_reset(why);
			return NULL;
		}
		strbuf_printf(&cell, "%s%s", cell.len ? "*" : "", ref);
		strbuf_printf(why, "%s%s=%s", why->len ? " and " : "", part, ref);
		free(part);
		if (!star)
			break;
		p = star + 1;
	}
	strbuf_printf(why, ", combined");
	return cell.buf;
}

static char *group_list(const struct count_table *t)
{
	struct strbuf sb = {0};
	for (size_t g = 0; g < t->ngroups && g < 20; g++)
		strbuf_printf(&sb, "%s%s", g ? ", " : "", t->groups[g]);
	if (t->ngroups > 20)
		strbuf_printf(&sb, ", ... and %zu more", t->ngroups - 20);
	return sb.buf ? sb.buf : xstrdup("");
}

/* C2 for one table. */
static int choose_reference(const struct audit_config *cfg, const struct count_table *t, size_t *ref,
			    struct strbuf *why, struct audit_err *err)
{
	const char *want = configured_reference(cfg, t->attribute);
	if (want) {
		long g = group_index(t, want);
		if (g < 0) {
			char *groups = group_list(t);
			audit_fail(err, AUDIT_EUSAGE, "--reference %s=%s: no such group; %s has: %s", t->attribute,
				   want, t->attribute, groups);
			free(groups);
			return AUDIT_EUSAGE;
		}
		*ref = (size_t)g;
		strbuf_printf(why, "configured");
		return AUDIT_OK;
	}
	if (strchr(t->attribute, '*')) {
		char *cell = combined_reference(cfg, t->attribute, why);
		long g = cell ? group_index(t, cell) : -1;
		if (g >= 0) {
			*ref = (size_t)g;
			free(cell);
			return AUDIT_OK;
		}
		strbuf_reset(why);
		*ref = selection_default_reference(t);
		strbuf_printf(why, "the largest cell");
		if (cell)
			strbuf_printf(why, " (%s, the configured references combined, has no rows)", cell);
		free(cell);
		return AUDIT_OK;
	}
	*ref = selection_default_reference(t);
	strbuf_printf(why, "the largest group");
	return AUDIT_OK;
}

int context_references(const struct audit_config *cfg, const struct count_tables *ct, size_t *refs,
		       struct audit_result *res, struct audit_err *err)
{
	struct audit_context *c = &res->context;
	c->references = xcalloc(ct->ntables + 1, sizeof *c->references);
	for (size_t i = 0; i < ct->ntables; i++) {
		const struct count_table *t = &ct->tables[i];
		struct strbuf why = {0};
		int e = choose_reference(cfg, t, &refs[i], &why, err);
		if (e) {
			strbuf_free(&why);
			return e;
		}
		if (t->ngroups == 0) {
			strbuf_free(&why);
			continue;
		}
		struct reference_choice *rc = &c->references[c->nreferences++];
		rc->attribute = xstrdup(t->attribute);
		rc->group = xstrdup(t->groups[refs[i]]);
		rc->why = why.buf;
	}
	return AUDIT_OK;
}

static void set_state(struct audit_context *c, const char *family, int audited, const char *not_audited)
{
	struct family_state *f = &c->families[family_index(family)];
	f->audited = audited;
	free(f->not_audited);
	f->not_audited = not_audited ? xstrdup(not_audited) : NULL;
}

/* C3: what is left out of an audited family, its parts joined by "; ". */
static void add_part(struct strbuf *sb, int given, const char *part)
{
	if (!given)
		strbuf_printf(sb, "%s%s", sb->len ? "; " : "", part);
}

void context_fill(const struct audit_config *cfg, const struct count_tables *ct, struct audit_result *res)
{
	struct audit_context *c = &res->context;
	int protected = cfg->nprotected > 0;
	c->label = cfg->label ? xstrdup(cfg->label) : NULL;
	c->outcome = outcome_text(cfg, ct);

	set_state(c, "representation", protected, protected ? NULL : "no --protected");
	set_state(c, "selection", protected && cfg->label,
		  !cfg->label ? "no --label" : !protected ? "no --protected" : NULL);

	size_t counts[4];
	int measured = audit_result_family_counts(res, "measurement", counts) > 0;
	struct strbuf parts = {0};
	if (!measured)
		strbuf_printf(&parts, "%s", !protected && !cfg->label ? "no --protected or --label" : "no column to measure");
	else {
		add_part(&parts, protected, "bias in the data columns (no --protected)");
		add_part(&parts, cfg->prediction || cfg->gold, "decisions against the truth (no --prediction or --gold)");
		add_part(&parts, cfg->nannotators > 0, "annotator agreement (no --annotators)");
	}
	set_state(c, "measurement", measured, parts.buf);
	strbuf_free(&parts);

	set_state(c, "quality", 1, NULL);
	set_state(c, "privacy", 1, cfg->nquasi ? NULL : "k-anonymity and l-diversity (no --quasi-identifiers)");
	set_state(c, "drift", cfg->baseline != NULL, cfg->baseline ? NULL : "no --baseline");
}

void context_require(const struct audit_config *cfg, struct audit_result *res)
{
	for (size_t i = 0; i < cfg->nrequire; i++) {
		int k = family_index(cfg->require[i]);
		const struct family_state *f = &res->context.families[k];
		if (f->audited)
			continue;
		struct audit_record *r = metric_add(res, FAMILIES[k], "not_audited", NULL, NULL, NULL, NULL);
		r->status = STATUS_FAIL;
		metric_detail(r, "required by \"require\", but not audited: %s",
			      f->not_audited ? f->not_audited : "no records");
	}
}

void context_fill_diff(const struct audit_config *cfg, const struct count_tables *ct, struct audit_result *res)
{
	struct audit_context *c = &res->context;
	c->label = cfg->label ? xstrdup(cfg->label) : NULL;
	c->outcome = outcome_text(cfg, ct);
	for (size_t k = 0; k < NFAMILIES; k++)
		set_state(c, FAMILIES[k], 0, "diff measures drift only");
	set_state(c, "drift", 1, NULL);
}
