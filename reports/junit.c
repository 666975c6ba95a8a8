/*
 * junit.c — junit.xml, the gate's evaluations as JUnit XML (see junit.h;
 * rules cited as J1-J4).
 */
#include "junit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "output.h"

/* Decodes one UTF-8 character at s (n bytes left): its length, 0 when invalid. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	size_t len = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : 4;
	if (len > n || utf8_valid_prefix(s, len) != len)
		return 0;
	if (len == 1)
		*cp = s[0];
	else if (len == 2)
		*cp = ((unsigned long)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
	else if (len == 3)
		*cp = ((unsigned long)(s[0] & 0x0F) << 12) | ((unsigned long)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	else
		*cp = ((unsigned long)(s[0] & 0x07) << 18) | ((unsigned long)(s[1] & 0x3F) << 12) |
		      ((unsigned long)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
	return len;
}

/* J4: may XML 1.0 hold this character? */
static int xml_char(unsigned long c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
	       (c >= 0x10000 && c <= 0x10FFFF);
}

/* J4: appends s escaped for XML content, or (attribute) for a double-quoted attribute value. */
static void xml_put(struct strbuf *sb, const char *text, int attribute)
{
	const unsigned char *s = (const unsigned char *)(text ? text : "");
	size_t n = strlen((const char *)s);
	while (n) {
		unsigned long c;
		size_t len = utf8_decode(s, n, &c);
		if (len == 0) { /* not UTF-8: dropped */
			s++, n--;
			continue;
		}
		if (!xml_char(c)) {
			/* dropped */
		} else if (c == '&')
			strbuf_printf(sb, "&amp;");
		else if (c == '<')
			strbuf_printf(sb, "&lt;");
		else if (c == '>')
			strbuf_printf(sb, "&gt;");
		else if (c == '"' && attribute)
			strbuf_printf(sb, "&quot;");
		else if (c == '\r' || (attribute && (c == '\n' || c == '\t')))
			strbuf_printf(sb, "&#%lu;", c);
		else
			strbuf_append(sb, (const char *)s, len);
		s += len;
		n -= len;
	}
}

void gate_evaluation_message(struct strbuf *sb, const struct audit_result *r, const struct gate_evaluation *ev)
{
	const struct audit_record *rec = &r->records[ev->record];
	char a[32], b[32];
	finding_subject(sb, rec);
	if (ev->share && !isnan(ev->judged))
		strbuf_printf(sb, ": share %s (%s of %.0f)", finding_number(ev->judged, a), finding_number(rec->value, b),
			      rec->n);
	else
		finding_figures(sb, rec);
	if (ev->builtin) {
		strbuf_printf(sb, "; %s by the metric's own rule", record_status_name(ev->outcome));
		return;
	}
	if (ev->insufficient) {
		strbuf_printf(sb, "; insufficient data");
		if (ev->outcome == STATUS_FAIL || ev->outcome == STATUS_WARN)
			strbuf_printf(sb, ", counted as %s", record_status_name(ev->outcome));
	} else if (ev->outcome == STATUS_OK)
		strbuf_printf(sb, " is within the bounds");
	else
		strbuf_printf(sb, " is %s", ev->bound ? ev->bound : "out of bounds");
}

/* J2: is the evaluation a JUnit failure? */
static int is_failure(const struct audit_result *r, const struct gate_evaluation *ev)
{
	return ev->outcome == STATUS_FAIL || (ev->outcome == STATUS_WARN && r->strict);
}

/* J2: the body of a failure or of the system-out of a warning, a line each. */
static void failure_body(struct strbuf *sb, const struct audit_result *r, const struct gate_evaluation *ev)
{
	const struct audit_record *rec = &r->records[ev->record];
	struct strbuf line = {0};
	char a[32];

	strbuf_printf(&line, "rule: %s\n", ev->rule);
	strbuf_printf(&line, "record: %s %s ", rec->family, rec->metric);
	finding_subject(&line, rec);
	strbuf_printf(&line, "\nvalue");
	finding_figures(&line, rec);
	strbuf_putc(&line, '\n');
	if (ev->share)
		strbuf_printf(&line, "share: %s\n", finding_number(ev->judged, a));
	if (ev->builtin)
		strbuf_printf(&line, "threshold: %s\n", ev->bound && *ev->bound ? ev->bound : "(see METRICS)");
	else if (ev->insufficient)
		strbuf_printf(&line, "insufficient data, counted as %s\n", record_status_name(ev->outcome));
	else
		strbuf_printf(&line, "bound: %s\n", ev->bound ? ev->bound : "");
	if (rec->detail) {
		strbuf_printf(&line, "detail: ");
		finding_name(&line, rec->detail, 4 * NAME_WIDTH);
		strbuf_putc(&line, '\n');
	}
	xml_put(sb, line.buf, 0);
	strbuf_free(&line);
}

/* Does record i have more than one evaluation? (They are in record order, gate.h G6.) */
static int shared_record(const struct audit_result *r, size_t e)
{
	size_t i = r->evaluations[e].record;
	return (e > 0 && r->evaluations[e - 1].record == i) ||
	       (e + 1 < r->nevaluations && r->evaluations[e + 1].record == i);
}

/* J1, J2: one test case. */
static void testcase(struct strbuf *sb, const struct audit_result *r, size_t e)
{
	const struct gate_evaluation *ev = &r->evaluations[e];
	const struct audit_record *rec = &r->records[ev->record];
	struct strbuf text = {0};

	strbuf_printf(sb, "    <testcase classname=\"dsaudit.%s.%s\" name=\"", rec->family, rec->metric);
	strbuf_printf(&text, "%s ", rec->metric);
	finding_subject(&text, rec);
	if (shared_record(r, e))
		strbuf_printf(&text, " [%s]", ev->rule);
	xml_put(sb, text.buf, 1);
	strbuf_printf(sb, "\" time=\"0\"");
	strbuf_reset(&text);
	gate_evaluation_message(&text, r, ev);
	if (is_failure(r, ev)) {
		strbuf_printf(sb, ">\n      <failure message=\"");
		xml_put(sb, text.buf, 1);
		strbuf_printf(sb, "\" type=\"%s\">", record_status_name(ev->outcome));
		failure_body(sb, r, ev);
		strbuf_printf(sb, "</failure>\n    </testcase>\n");
	} else if (ev->outcome == STATUS_WARN) {
		strbuf_printf(sb, ">\n      <system-out>warn: ");
		xml_put(sb, text.buf, 0);
		strbuf_putc(sb, '\n');
		failure_body(sb, r, ev);
		strbuf_printf(sb, "</system-out>\n    </testcase>\n");
	} else if (ev->outcome == STATUS_INSUFFICIENT) {
		strbuf_printf(sb, ">\n      <skipped message=\"");
		xml_put(sb, text.buf, 1);
		strbuf_printf(sb, "\"/>\n    </testcase>\n");
	} else {
		strbuf_printf(sb, "/>\n");
	}
	strbuf_free(&text);
}

/* The families with evaluations, in report order, then any other in order of appearance (J1). */
static size_t families_of(const struct audit_result *r, const char **out)
{
	size_t n = 0;
	for (size_t k = 0; k < NFAMILIES; k++)
		for (size_t e = 0; e < r->nevaluations; e++)
			if (strcmp(r->records[r->evaluations[e].record].family, FAMILIES[k]) == 0) {
				out[n++] = FAMILIES[k];
				break;
			}
	for (size_t e = 0; e < r->nevaluations; e++) {
		const char *f = r->records[r->evaluations[e].record].family;
		int seen = 0;
		for (size_t k = 0; k < n && !seen; k++)
			seen = strcmp(out[k], f) == 0;
		if (!seen)
			out[n++] = f;
	}
	return n;
}

static void junit_document(struct strbuf *sb, const struct audit_result *r)
{
	const char **families = xcalloc(r->nevaluations + NFAMILIES + 1, sizeof *families);
	size_t nfamilies = families_of(r, families);
	size_t tests = r->nevaluations, failures = 0;
	for (size_t e = 0; e < r->nevaluations; e++)
		failures += is_failure(r, &r->evaluations[e]);

	strbuf_printf(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	strbuf_printf(sb, "<testsuites name=\"dsaudit\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" time=\"0\"",
		      tests, failures);
	if (nfamilies == 0) {
		strbuf_printf(sb, "/>\n");
		free(families);
		return;
	}
	strbuf_printf(sb, ">\n");
	for (size_t k = 0; k < nfamilies; k++) {
		size_t t = 0, f = 0, s = 0;
		for (size_t e = 0; e < r->nevaluations; e++) {
			const struct gate_evaluation *ev = &r->evaluations[e];
			if (strcmp(r->records[ev->record].family, families[k]) != 0)
				continue;
			t++;
			f += is_failure(r, ev);
			s += ev->outcome == STATUS_INSUFFICIENT;
		}
		strbuf_printf(sb, "  <testsuite name=\"dsaudit.");
		xml_put(sb, families[k], 1);
		strbuf_printf(sb, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"0\">\n", t, f,
			      s);
		for (size_t e = 0; e < r->nevaluations; e++)
			if (strcmp(r->records[r->evaluations[e].record].family, families[k]) == 0)
				testcase(sb, r, e);
		strbuf_printf(sb, "  </testsuite>\n");
	}
	strbuf_printf(sb, "</testsuites>\n");
	free(families);
}

static int write_text(FILE *f, void *ctx)
{
	const struct strbuf *sb = ctx;
	return fwrite(sb->buf, 1, sb->len, f) == sb->len ? 0 : -1;
}

int junit_report_write(const struct audit_result *r, const char *out_dir, struct audit_err *err)
{
	struct strbuf sb = {0};
	junit_document(&sb, r);
	int rc = output_write_atomic(out_dir, "junit.xml", write_text, &sb, err);
	strbuf_free(&sb);
	return rc;
}
