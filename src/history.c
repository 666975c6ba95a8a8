/*
 * history.c — `dsaudit history` (see history.h): the store lists the
 * versions and audits; this file only lays them out.
 */
#include "history.h"

#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "record.h"

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

/* A table of text cells; align[c] is 'l' or 'r'. The last column is never padded. */
struct table {
	size_t ncols;
	const char *align;
	char **cells;   /* row-major, the heading first */
	size_t nrows, cap;
};

static void table_row(struct table *t, const char *const *cells)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof *t->cells);
	}
	for (size_t c = 0; c < t->ncols; c++)
		t->cells[t->nrows * t->ncols + c] = xstrdup(cells[c] ? cells[c] : "-");
	t->nrows++;
}

static void table_print(struct table *t, FILE *out)
{
	size_t *width = xcalloc(t->ncols, sizeof *width);
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			size_t w = utf8_display_width(t->cells[r * t->ncols + c]);
			if (w > width[c])
				width[c] = w;
		}
	for (size_t r = 0; r < t->nrows; r++) {
		fputs(" ", out);
		for (size_t c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];
			size_t pad = width[c] - utf8_display_width(cell);
			int last = c + 1 == t->ncols;
			fputc(' ', out);
			if (t->align[c] == 'r')
				fprintf(out, "%*s%s", (int)pad, "", cell);
			else
				fprintf(out, "%s%*s", cell, last ? 0 : (int)pad, "");
			if (!last)
				fputc(' ', out);
		}
		fputc('\n', out);
	}
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(width);
	t->cells = NULL;
	t->nrows = t->cap = 0;
}

/* "hiring@2", the name made safe for a terminal. */
static char *version_label(const char *name, int version)
{
	struct strbuf sb = {0};
	finding_name(&sb, name, NAME_WIDTH);
	strbuf_printf(&sb, "@%d", version);
	return sb.buf;
}

static void print_versions_text(const struct version_entry *v, size_t n, FILE *out)
{
	static const char *head[] = {"id", "version", "rows", "columns", "sha256", "loaded_at", "accepted"};
	struct table t = {.ncols = 7, .align = "rlrrlll"};
	table_row(&t, head);
	int any_current = 0, any_counts = 0;
	for (size_t i = 0; i < n; i++) {
		const struct dataset_version *d = &v[i].version;
		char id[32], rows[32], cols[32], sha[13];
		snprintf(id, sizeof id, "%lld", d->id);
		snprintf(rows, sizeof rows, "%lld%s", d->rows, v[i].rows_kept ? "" : " (counts only)");
		any_counts |= !v[i].rows_kept;
		snprintf(cols, sizeof cols, "%lld", d->columns);
		snprintf(sha, sizeof sha, "%.12s", d->sha256);
		char *label = version_label(d->name, d->version);
		struct strbuf acc = {0};
		if (v[i].accepted_at) {
			strbuf_printf(&acc, "%s by ", v[i].accepted_at);
			finding_name(&acc, v[i].accepted_by ? v[i].accepted_by : "", NAME_WIDTH);
			if (v[i].acceptances > 1)
				strbuf_printf(&acc, " (%lld times)", v[i].acceptances);
			if (v[i].accepted_current)
				strbuf_printf(&acc, " *");
			any_current |= v[i].accepted_current;
		}
		const char *cells[] = {id, label, rows, cols, sha, d->loaded_at, acc.buf};
		table_row(&t, cells);
		free(label);
		strbuf_free(&acc);
	}
	table_print(&t, out);
	if (any_current)
		fprintf(out, "  * the version NAME@accepted names (the latest acceptance)\n");
	if (any_counts)
		fprintf(out, "  (counts only) audited with --no-rows, or where its table lives: its rows were not kept, "
			"only the counts diff and --baseline read\n");
}

static void print_audits_text(const struct audit_entry *a, size_t n, FILE *out)
{
	static const char *head[] = {"id", "version", "created_at", "verdict", "ok", "warn", "fail",
				     "insufficient", "config"};
	struct table t = {.ncols = 9, .align = "rlllrrrrl"};
	table_row(&t, head);
	for (size_t i = 0; i < n; i++) {
		char id[32], counts[4][32], sha[13];
		snprintf(id, sizeof id, "%lld", a[i].id);
		for (int k = 0; k < 4; k++)
			snprintf(counts[k], sizeof counts[k], "%lld", a[i].counts[k]);
		snprintf(sha, sizeof sha, "%.12s", a[i].config_sha256 ? a[i].config_sha256 : "-");
		char *label = version_label(a[i].name, a[i].version);
		const char *cells[] = {id, label, a[i].created_at, a[i].verdict, counts[STATUS_OK], counts[STATUS_WARN],
				       counts[STATUS_FAIL], counts[STATUS_INSUFFICIENT], sha};
		table_row(&t, cells);
		free(label);
	}
	table_print(&t, out);
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

/* A JSON string: quotes, backslashes and control characters escaped; invalid UTF-8 becomes U+FFFD. */
static void put_string(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (*p == '"' || *p == '\\') {
			fprintf(out, "\\%c", *p++);
		} else if (*p < 0x20 || *p == 0x7F) {
			fprintf(out, "\\u%04x", *p++);
		} else if (*p < 0x80) {
			fputc(*p++, out);
		} else {
			size_t want = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
			size_t avail = strnlen((const char *)p, want);
			if (avail == want && utf8_valid_prefix(p, want) == want) {
				fwrite(p, 1, want, out);
				p += want;
			} else {
				fputs("\\ufffd", out);
				p++;
			}
		}
	}
	fputc('"', out);
}

/* ", KEY: VALUE": every object starts with its "id" and adds the rest with these. */
static void put_key_string(FILE *out, const char *key, const char *value)
{
	fprintf(out, ", \"%s\": ", key);
	put_string(out, value);
}

static void put_key_int(FILE *out, const char *key, long long value)
{
	fprintf(out, ", \"%s\": %lld", key, value);
}

static void print_versions_json(const struct version_entry *v, size_t n, FILE *out)
{
	fputs("  \"versions\": [", out);
	for (size_t i = 0; i < n; i++) {
		const struct dataset_version *d = &v[i].version;
		fprintf(out, "%s\n    {\"id\": %lld", i ? "," : "", d->id);
		put_key_string(out, "name", d->name);
		put_key_int(out, "version", d->version);
		put_key_int(out, "rows", d->rows);
		put_key_int(out, "columns", d->columns);
		fprintf(out, ", \"rows_kept\": %s", v[i].rows_kept ? "true" : "false");
		put_key_string(out, "sha256", d->sha256);
		put_key_string(out, "source", d->source);
		put_key_string(out, "format", d->format);
		put_key_string(out, "loaded_at", d->loaded_at);
		put_key_string(out, "accepted_by", v[i].accepted_by);
		put_key_string(out, "accepted_at", v[i].accepted_at);
		put_key_int(out, "acceptances", v[i].acceptances);
		fprintf(out, ", \"accepted_current\": %s}", v[i].accepted_current ? "true" : "false");
	}
	fputs(n ? "\n  ],\n" : "],\n", out);
}

static void print_audits_json(const struct audit_entry *a, size_t n, FILE *out)
{
	fputs("  \"audits\": [", out);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "%s\n    {\"id\": %lld", i ? "," : "", a[i].id);
		put_key_int(out, "dataset_id", a[i].dataset_id);
		put_key_string(out, "name", a[i].name);
		put_key_int(out, "version", a[i].version);
		put_key_string(out, "created_at", a[i].created_at);
		put_key_string(out, "tool_version", a[i].tool_version);
		put_key_string(out, "verdict", a[i].verdict);
		put_key_int(out, "records", a[i].records);
		put_key_int(out, "ok", a[i].counts[STATUS_OK]);
		put_key_int(out, "warn", a[i].counts[STATUS_WARN]);
		put_key_int(out, "fail", a[i].counts[STATUS_FAIL]);
		put_key_int(out, "insufficient", a[i].counts[STATUS_INSUFFICIENT]);
		put_key_string(out, "config_sha256", a[i].config_sha256);
		fputc('}', out);
	}
	fputs(n ? "\n  ]\n" : "]\n", out);
}

int history_print(struct store *st, const char *name, int json, FILE *out, struct audit_err *err)
{
	struct version_entry *versions = NULL;
	struct audit_entry *audits = NULL;
	size_t nversions = 0, naudits = 0;
	int e = name ? store_check_name(st, name, err) : AUDIT_OK;
	if (!e)
		e = store_list_versions(st, name, &versions, &nversions, err);
	if (!e)
		e = store_list_audits(st, name, &audits, &naudits, err);
	if (!e && json) {
		fputs("{\n", out);
		print_versions_json(versions, nversions, out);
		print_audits_json(audits, naudits, out);
		fputs("}\n", out);
	} else if (!e) {
		fprintf(out, "versions (%zu)\n", nversions);
		if (nversions)
			print_versions_text(versions, nversions, out);
		fprintf(out, "audits (%zu)\n", naudits);
		if (naudits)
			print_audits_text(audits, naudits, out);
	}
	version_entries_free(versions, nversions);
	audit_entries_free(audits, naudits);
	return e;
}
