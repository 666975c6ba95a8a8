/*
 * html.h — report.html: one self-contained page a reviewer opens in any
 * browser. The dataset and the verdict, what the audit counted and against
 * which reference groups, the state of every family, the worst findings,
 * then a section per family with its findings and its charts as inline SVG,
 * the method of each metric and the effective configuration. Inline CSS, no
 * script, nothing fetched; byte-identical for the same result.
 *
 * Entry points: html_report_write, html_report_render, html_escape.
 */
#ifndef DSAUDIT_HTML_H
#define DSAUDIT_HTML_H

#include "record.h"
#include "util.h"

/*
 * Appends s escaped for HTML text and for a quoted attribute value alike:
 * & < > " ' become entities, a control character other than tab and
 * newline or a byte that is not valid UTF-8 becomes '?'. The one escape
 * every string from the data goes through.
 */
void html_escape(struct strbuf *sb, const char *s);

/* Appends the whole page for r to out. AUDIT_EINTERNAL when a chart cannot be drawn. */
int html_report_render(const struct audit_result *r, struct strbuf *out, struct audit_err *err);

/* Writes OUT_DIR/report.html atomically (temp file, then rename). */
int html_report_write(const struct audit_result *r, const char *out_dir, struct audit_err *err);

#endif
