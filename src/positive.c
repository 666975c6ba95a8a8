/*
 * positive.c — positive specs and declared domains (positive.h; rules 1-5
 * and 21 of config.h): parsing a spec, and matching a value against a spec or
 * a domain. It is its own module because the counting step matches every
 * row's label and decisions: count.c includes this header, not the
 * configuration's.
 */
#include "positive.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config_text.h"

/* Rule 1: an operator, optional spaces, one decimal number. */
static int parse_comparison(const char *s, enum cmp_op *op, double *threshold)
{
	static const struct {
		const char *text;
		enum cmp_op op;
	} ops[] = {
		/* Two-character operators first, so "<=" is not read as "<" and "=...". */
		{"<=", CMP_LE}, {">=", CMP_GE}, {"==", CMP_EQ}, {"!=", CMP_NE}, {"<", CMP_LT}, {">", CMP_GT},
	};
	for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
		size_t len = strlen(ops[k].text);
		if (strncmp(s, ops[k].text, len) != 0)
			continue;
		const char *num = s + len;
		while (cfg_is_space(*num))
			num++;
		size_t n = strlen(num);
		while (n && cfg_is_space(num[n - 1]))
			n--;
		if (!cfg_parse_decimal(num, n, threshold))
			return 0;
		*op = ops[k].op;
		return 1;
	}
	return 0;
}

int positive_spec_is_comparison(const char *s)
{
	enum cmp_op op;
	double t;
	return parse_comparison(s, &op, &t);
}

/* positive_spec_parse with the error prefix given by the caller. */
int positive_spec_parse_at(const char *where, const char *text, struct positive_spec *out,
			     struct audit_err *err)
{
	memset(out, 0, sizeof *out);
	char *trimmed = cfg_trimmed_copy(text, strlen(text));
	if (parse_comparison(trimmed, &out->op, &out->threshold)) {
		out->is_comparison = 1;
		out->text = trimmed;
		return AUDIT_OK;
	}
	struct cfg_item_list list;
	int e = cfg_split_list(where, trimmed, &list, err);
	if (e) {
		free(trimmed);
		return e;
	}
	for (size_t i = 0; i < list.n; i++) {
		if (!list.quoted[i] && list.n > 1 && positive_spec_is_comparison(list.items[i])) {
			e = audit_fail(err, AUDIT_EUSAGE,
				       "%s: \"%s\" is a comparison inside a list; a spec holds one comparison "
				       "(quote it to match the text)",
				       where, list.items[i]);
			cfg_item_list_free(&list);
			free(trimmed);
			return e;
		}
	}
	out->text = trimmed;
	out->values = list.items;
	out->nvalues = list.n;
	out->numeric = xcalloc(list.n, sizeof *out->numeric);
	out->numbers = xcalloc(list.n, sizeof *out->numbers);
	for (size_t i = 0; i < list.n; i++)
		out->numeric[i] = cfg_parse_decimal(list.items[i], strlen(list.items[i]), &out->numbers[i]);
	free(list.quoted);
	return AUDIT_OK;
}

int positive_spec_parse(const char *text, struct positive_spec *out, struct audit_err *err)
{
	return positive_spec_parse_at("--positive", text, out, err);
}

void positive_spec_free(struct positive_spec *p)
{
	free(p->text);
	cfg_free_strings(p->values, p->nvalues);
	free(p->numeric);
	free(p->numbers);
	memset(p, 0, sizeof *p);
}

static int compare(enum cmp_op op, double x, double t)
{
	switch (op) {
	case CMP_LT: return x < t;
	case CMP_LE: return x <= t;
	case CMP_GT: return x > t;
	case CMP_GE: return x >= t;
	case CMP_EQ: return x == t;
	case CMP_NE: return x != t;
	}
	return 0;
}

int positive_spec_match(const struct positive_spec *p, const char *text, int is_number, double number)
{
	if (!p->text)
		return 0;
	if (is_number && isnan(number))
		is_number = 0;
	if (p->is_comparison)
		return is_number && compare(p->op, number, p->threshold); /* rule 4: text never matches */
	for (size_t i = 0; i < p->nvalues; i++) {
		if (text && strcmp(text, p->values[i]) == 0)
			return 1;
		if (is_number && p->numeric[i] && number == p->numbers[i])
			return 1;
	}
	return 0;
}

void domain_free(struct domain *d)
{
	free(d->column);
	cfg_free_strings(d->values, d->nvalues);
	free(d->numeric);
	free(d->numbers);
	free(d->quoted);
	memset(d, 0, sizeof *d);
}

int domain_contains(const struct domain *d, const char *text, int is_number, double number)
{
	if (is_number && isnan(number))
		is_number = 0;
	if (d->is_range)
		return is_number && number >= d->lo && number <= d->hi; /* a text value is outside */
	for (size_t i = 0; i < d->nvalues; i++) {
		if (text && strcmp(text, d->values[i]) == 0)
			return 1;
		if (is_number && d->numeric[i] && number == d->numbers[i])
			return 1;
	}
	return 0;
}

/* Is text[0..) equal to word, ignoring ASCII case? */
static int same_word(const char *text, const char *word)
{
	for (; *text && *word; text++, word++)
		if ((*text | 0x20) != *word)
			return 0;
	return !*text && !*word;
}

int positive_default_code(const char *text, int is_number, double number)
{
	if (is_number && !isnan(number))
		return number == 1 ? 1 : number == 0 ? 0 : -1;
	if (!text)
		return -1;
	if (same_word(text, "true") || same_word(text, "yes"))
		return 1;
	if (same_word(text, "false") || same_word(text, "no"))
		return 0;
	return -1;
}

int positive_code(const struct positive_spec *p, const char *text, int is_number, double number)
{
	if (p && p->text)
		return positive_spec_match(p, text, is_number, number) ? 1 : 0;
	return positive_default_code(text, is_number, number);
}
