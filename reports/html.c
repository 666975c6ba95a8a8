/*
 * html.c — report.html (see html.h): the PDF's sections as one page that
 * any browser opens from disk.
 *
 *   header      the dataset (name@version, file, rows, columns, SHA-256,
 *               tool), the verdict as a word on a band of its colour with the
 *               counts by status, and one tile per status
 *   context     the outcome a rate counts, the rule statuses follow
 *               (method.h JUDGING_RULE), the reference group of every
 *               attribute and why it is the one
 *   families    every family in FAMILIES order with its state (audited, or
 *               not audited and why; "0 found" when nothing failed or
 *               warned) and its records by status
 *   findings    the ten worst findings overall, as on the PDF's cover
 *   per family  each family with records: its counts, its findings, its
 *               charts (chart.h) as inline SVG
 *   method      each metric in the report: definition, direction, interval,
 *               threshold, source (method.h)
 *   config      the effective configuration, indented
 *
 * Rules (cited in the code):
 *   H1. One escape: every string from the data, in text or in an attribute
 *       value, goes through html_escape (& < > " ' as entities, control
 *       characters and invalid UTF-8 as '?'), so a group called
 *       <script>alert(1)</script> shows as text. Our own strings (metric and
 *       family names, the method texts) go through it too; ids and class
 *       names are ours alone and ASCII.
 *   H2. Self-contained: the CSS is in a <style> element, the charts are
 *       inline SVG whose ids carry a per-chart prefix (c1-, c2-, ...), and
 *       the page has no script and no URL. The SVG root loses its xmlns
 *       attributes: the HTML parser puts <svg> in the SVG namespace itself,
 *       and they are the only URLs cairo writes.
 *   H3. Findings are the ones every report shows (findings.h: ranked by
 *       R1-R4, worded alike, personal data only as its masked examples), so
 *       the page agrees with the PDF, the summary and summary.md.
 *   H4. Status is a word (FAIL, WARN, ok, insufficient), never a colour
 *       alone; tables have a caption and th cells with a scope.
 *   H5. Deterministic bytes: no clock, fixed order, ids from indexes; the
 *       same result gives the same file.
 *   H6. The configuration is shown with its tokens exactly as in the
 *       canonical JSON; only whitespace is added, outside strings.
 *
 * Entry points: html_escape, html_report_render, html_report_write.
 */
#include "html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "findings.h"
#include "method.h"
#include "output.h"

/* The worst findings in the header: the PDF cover's ten (H3). */
#define TOP_FINDINGS 10
/* A family's table lists at most this many; every record is in report.json. */
#define FAMILY_FINDINGS 100

/* ---- escaping (H1) -------------------------------------------------- */

/* Byte length of the valid UTF-8 character at s, or 0 when it is not one. */
static size_t utf8_char(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
	if (strnlen(s, len) < len)
		return 0;
	return utf8_valid_prefix((const unsigned char *)s, len) == len ? len : 0;
}

void html_escape(struct strbuf *sb, const char *s)
{
	if (!s)
		return;
	while (*s) {
		unsigned char c = (unsigned char)*s;
		const char *entity = NULL;
		switch (c) {
		case '&': entity = "&amp;"; break;
		case '<': entity = "&lt;"; break;
		case '>': entity = "&gt;"; break;
		case '"': entity = "&quot;"; break;
		case '\'': entity = "&#39;"; break;
		default: break;
		}
		if (entity) {
			strbuf_printf(sb, "%s", entity);
			s++;
			continue;
		}
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
			strbuf_putc(sb, '?');
			s++;
			continue;
		}
		size_t len = utf8_char(s);
		if (len == 0) {
			strbuf_putc(sb, '?');
			s++;
			continue;
		}
		strbuf_append(sb, s, len);
		s += len;
	}
}

/* Appends the escaped text built in tmp, then empties tmp. */
static void flush_escaped(struct strbuf *out, struct strbuf *tmp)
{
	html_escape(out, tmp->buf ? tmp->buf : "");
	strbuf_reset(tmp);
}

/* ---- the style ------------------------------------------------------ */

/* Status colours as in the PDF; text on each has at least 4.5:1 contrast. */
static const char CSS[] =
	":root{--ink:#1f2328;--muted:#59636e;--rule:#d1d9e0;--shade:#f6f8fa;--link:#0a58b0;"
	"--fail:#c62828;--warn:#f2b01e;--ok:#2e7d32;--insufficient:#656d76}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;background:#fff;color:var(--ink);"
	"font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",\"DejaVu Sans\",\"Noto Sans\",\"NanumGothic\",sans-serif}\n"
	".page{max-width:1080px;margin:0 auto;padding:28px 32px 40px}\n"
	"a{color:var(--link)}\n"
	"h1{font-size:30px;line-height:1.2;margin:2px 0 18px}\n"
	"h2{font-size:22px;line-height:1.3;margin:44px 0 12px;padding-bottom:6px;border-bottom:2px solid var(--ink)}\n"
	"h3{font-size:17px;margin:26px 0 8px}\nh3 .none{font-size:14px;font-weight:400}\n"
	"p{margin:8px 0}\n"
	".kicker{margin:0;color:var(--muted);font-size:13px;font-weight:600;letter-spacing:.08em;text-transform:uppercase}\n"
	".facts{display:grid;grid-template-columns:max-content 1fr;gap:3px 18px;margin:0 0 20px}\n"
	".facts dt{color:var(--muted);font-weight:600}\n"
	".facts dd{margin:0;overflow-wrap:anywhere}\n"
	".verdict{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 24px;margin:0 0 12px;padding:14px 22px;"
	"border-radius:6px}\n"
	".verdict strong{font-size:28px;letter-spacing:.02em}\n"
	".tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:10px;margin:0 0 6px;padding:0;list-style:none}\n"
	".tiles li{border:1px solid var(--rule);border-left:8px solid;border-radius:6px;padding:6px 14px}\n"
	".tiles b{display:block;font-size:26px;line-height:1.2}\n"
	".tiles span{color:var(--muted);font-size:13px}\n"
	".t-fail{border-left-color:var(--fail)!important}.t-warn{border-left-color:var(--warn)!important}"
	".t-ok{border-left-color:var(--ok)!important}.t-insufficient{border-left-color:var(--insufficient)!important}\n"
	".s-fail{background:var(--fail);color:#fff}.s-warn{background:var(--warn);color:#1f2328}"
	".s-ok,.s-pass{background:var(--ok);color:#fff}.s-insufficient{background:var(--insufficient);color:#fff}\n"
	".badge{display:inline-block;min-width:4.6em;padding:1px 6px;border-radius:4px;font-size:12px;font-weight:700;"
	"letter-spacing:.04em;text-align:center}\n"
	"nav.toc{margin:22px 0 0;padding:10px 16px;background:var(--shade);border:1px solid var(--rule);"
	"border-radius:6px;font-size:14px}\n"
	"nav.toc ol{display:flex;flex-wrap:wrap;gap:4px 20px;margin:0;padding:0;list-style:none}\n"
	"table{width:100%;border-collapse:collapse;margin:6px 0 14px;font-size:14px}\n"
	"caption{caption-side:top;text-align:left;color:var(--muted);padding:0 0 6px}\n"
	"th,td{padding:6px 10px;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}\n"
	"td{overflow-wrap:break-word}\n.wrap{overflow-wrap:anywhere}\n"
	"thead th{background:var(--ink);color:#fff;font-weight:600;border-bottom:0}\n"
	"tbody th{font-weight:600}\n"
	"tbody tr:nth-child(even){background:var(--shade)}\n"
	".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	".none{color:var(--muted);font-style:italic}\n"
	"code{font-family:\"DejaVu Sans Mono\",ui-monospace,Menlo,Consolas,monospace;font-size:.9em}\n"
	".context{display:grid;grid-template-columns:max-content 1fr;gap:6px 18px;margin:0 0 10px}\n"
	".context dt{font-weight:600}\n"
	".context dd{margin:0}\n"
	".subject{min-width:13em}\n"
	".figures{font-variant-numeric:tabular-nums}\n"
	"figure{position:relative;margin:14px 0 24px;padding:8px;border:1px solid var(--rule);border-radius:6px;break-inside:avoid}\n"
	"figure svg{display:block;width:100%;height:auto}\n"
	"/* The chart draws its own title: the caption is for screen readers. */\n"
	"figcaption{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}\n"
	".method section{margin:0 0 14px;padding:0 0 10px;border-bottom:1px solid var(--rule)}\n"
	".method h3{margin:14px 0 6px}\n"
	".method dl{display:grid;grid-template-columns:7em 1fr;gap:2px 14px;margin:0}\n"
	".method dt{color:var(--muted);font-weight:600}\n"
	".method dd{margin:0}\n"
	"pre{margin:8px 0;padding:12px 16px;overflow:auto;background:var(--shade);border:1px solid var(--rule);"
	"border-radius:6px;font-size:13px;line-height:1.45;white-space:pre-wrap;overflow-wrap:anywhere}\n"
	"footer{margin-top:40px;padding-top:10px;border-top:1px solid var(--rule);color:var(--muted);font-size:13px;"
	"overflow-wrap:anywhere}\n"
	"@media (max-width:700px){.page{padding:16px}.tiles{grid-template-columns:repeat(2,1fr)}}\n"
	"@media print{.page{max-width:none;padding:0}nav.toc{display:none}h2{break-after:avoid}"
	"thead th,.verdict,.badge{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

/* ---- small parts ---------------------------------------------------- */

static const char *verdict_word(const char *verdict)
{
	return strcmp(verdict, "fail") == 0 ? "FAIL" : strcmp(verdict, "warn") == 0 ? "WARN" : "PASS";
}

/* H4: the status as a word on a badge of its colour. */
static void badge(struct strbuf *out, enum record_status s)
{
	static const char *const word[4] = {"ok", "WARN", "FAIL", "insufficient"};
	strbuf_printf(out, "<span class=\"badge s-%s\">%s</span>", record_status_name(s), word[s]);
}

static int is_pii(const char *metric)
{
	return metric && strncmp(metric, "pii_", 4) == 0;
}

/* "dataset@version", the name made safe by finding_name; the caller frees. */
static char *dataset_title(const struct audit_result *r)
{
	struct strbuf sb = {0};
	finding_name(&sb, r->dataset.name ? r->dataset.name : "(unnamed)", 2 * NAME_WIDTH);
	strbuf_printf(&sb, "@%d", r->dataset.version);
	return sb.buf;
}

/* The id of a metric's method entry: both parts are static snake_case ASCII (H1). */
static void method_id(struct strbuf *out, const struct method *m)
{
	strbuf_printf(out, "method-%s-%s", m->family, m->metric);
}

/* The counts line: "14 fail, 33 warn, 817 ok, 50 insufficient of 914 records". */
static void counts_text(struct strbuf *out, const size_t c[4], size_t records)
{
	strbuf_printf(out, "%zu fail, %zu warn, %zu ok, %zu insufficient of %zu record%s", c[STATUS_FAIL],
		      c[STATUS_WARN], c[STATUS_OK], c[STATUS_INSUFFICIENT], records, records == 1 ? "" : "s");
}

/* ---- header --------------------------------------------------------- */

static void header(struct strbuf *out, const struct audit_result *r, const char *title)
{
	const struct dataset_facts *d = &r->dataset;
	const char *verdict = audit_verdict(r);
	size_t c[4];
	audit_result_status_counts(r, c);

	strbuf_printf(out, "<header>\n<p class=\"kicker\">dsaudit report</p>\n<h1>Dataset bias audit: ");
	html_escape(out, title);
	strbuf_printf(out, "</h1>\n");

	/* The verdict band says its word; the colour only repeats it (H4). */
	strbuf_printf(out, "<p class=\"verdict s-%s\"><strong>Verdict: %s</strong> <span>", verdict,
		      verdict_word(verdict));
	counts_text(out, c, r->n);
	strbuf_printf(out, "</span></p>\n<ul class=\"tiles\" aria-label=\"Records by status\">\n");
	static const enum record_status order[4] = {STATUS_FAIL, STATUS_WARN, STATUS_OK, STATUS_INSUFFICIENT};
	for (int i = 0; i < 4; i++)
		strbuf_printf(out, "<li class=\"t-%s\"><b>%zu</b><span>%s</span></li>\n",
			      record_status_name(order[i]), c[order[i]], record_status_name(order[i]));
	strbuf_printf(out, "</ul>\n");

	strbuf_printf(out, "<dl class=\"facts\">\n<dt>Dataset</dt><dd>");
	html_escape(out, title);
	strbuf_printf(out, "</dd>\n<dt>File</dt><dd><code>");
	html_escape(out, d->path ? d->path : "(unknown)");
	strbuf_printf(out, "</code></dd>\n<dt>Rows</dt><dd>%lld</dd>\n<dt>Columns</dt><dd>%lld</dd>\n", d->rows,
		      d->columns);
	strbuf_printf(out, "<dt>SHA-256</dt><dd><code>");
	html_escape(out, d->sha256[0] ? d->sha256 : "(unknown)");
	strbuf_printf(out, "</code></dd>\n<dt>Tool</dt><dd>dsaudit ");
	html_escape(out, r->tool_version ? r->tool_version : DSAUDIT_VERSION);
	strbuf_printf(out, "</dd>\n</dl>\n</header>\n");
}

/* Links to the sections, the families with records among them. */
static void contents(struct strbuf *out, const struct audit_result *r)
{
	strbuf_printf(out, "<nav class=\"toc\" aria-label=\"Contents\"><ol>\n"
			   "<li><a href=\"#context\">What was audited</a></li>\n"
			   "<li><a href=\"#families\">Families</a></li>\n"
			   "<li><a href=\"#findings\">Top findings</a></li>\n");
	for (size_t k = 0; k < NFAMILIES; k++) {
		size_t c[4];
		if (audit_result_family_counts(r, FAMILIES[k], c))
			strbuf_printf(out, "<li><a href=\"#family-%s\">%s</a></li>\n", FAMILIES[k], FAMILIES[k]);
	}
	strbuf_printf(out, "<li><a href=\"#method\">Method</a></li>\n"
			   "<li><a href=\"#config\">Configuration</a></li>\n</ol></nav>\n");
}

/* ---- context -------------------------------------------------------- */

static void context_section(struct strbuf *out, const struct audit_result *r)
{
	const struct audit_context *ctx = &r->context;

	strbuf_printf(out, "<section id=\"context\">\n<h2>What was audited</h2>\n<dl class=\"context\">\n");
	strbuf_printf(out, "<dt>Outcome</dt><dd>");
	if (ctx->outcome) {
		html_escape(out, ctx->outcome);
	} else if (ctx->label) {
		strbuf_printf(out, "label <code>");
		html_escape(out, ctx->label);
		strbuf_printf(out, "</code>");
	} else {
		strbuf_printf(out, "<span class=\"none\">no label</span>");
	}
	strbuf_printf(out, "</dd>\n<dt>Judging</dt><dd>");
	html_escape(out, JUDGING_RULE);
	strbuf_printf(out, "</dd>\n</dl>\n");

	if (ctx->nreferences == 0) {
		strbuf_printf(out, "<p class=\"none\">No reference groups.</p>\n");
	} else {
		strbuf_printf(out, "<table>\n<caption>The reference group of each attribute: the group every other "
				   "one is compared with.</caption>\n<thead><tr><th scope=\"col\">attribute</th>"
				   "<th scope=\"col\">reference group</th><th scope=\"col\">why</th></tr></thead>\n"
				   "<tbody>\n");
		for (size_t i = 0; i < ctx->nreferences; i++) {
			const struct reference_choice *rc = &ctx->references[i];
			strbuf_printf(out, "<tr><th scope=\"row\" class=\"wrap\">");
			html_escape(out, rc->attribute);
			strbuf_printf(out, "</th><td class=\"wrap\">");
			html_escape(out, rc->group);
			strbuf_printf(out, "</td><td class=\"wrap\">");
			html_escape(out, rc->why);
			strbuf_printf(out, "</td></tr>\n");
		}
		strbuf_printf(out, "</tbody>\n</table>\n");
	}
	strbuf_printf(out, "</section>\n");
}

/* ---- families ------------------------------------------------------- */

/*
 * A family's state in words: "audited", "audited, 0 found", "not audited:
 * why". A family with records was audited even when the context does not
 * say so.
 */
static void family_state(struct strbuf *out, const struct audit_result *r, size_t k)
{
	const struct family_state *st = &r->context.families[k];
	size_t c[4];
	size_t records = audit_result_family_counts(r, FAMILIES[k], c);

	if (!st->audited && records == 0) {
		strbuf_printf(out, "<span class=\"none\">not audited");
		if (st->not_audited) {
			strbuf_printf(out, ": ");
			html_escape(out, st->not_audited);
		}
		strbuf_printf(out, "</span>");
		return;
	}
	strbuf_printf(out, "audited");
	if (c[STATUS_FAIL] + c[STATUS_WARN] == 0)
		strbuf_printf(out, ", 0 found");
	if (st->not_audited) {
		strbuf_printf(out, "<br><span class=\"none\">not audited: ");
		html_escape(out, st->not_audited);
		strbuf_printf(out, "</span>");
	}
}

static void families_section(struct strbuf *out, const struct audit_result *r)
{
	strbuf_printf(out, "<section id=\"families\">\n<h2>Families</h2>\n<table>\n"
			   "<caption>Each family's state and its records by status.</caption>\n"
			   "<thead><tr><th scope=\"col\">family</th><th scope=\"col\">state</th>"
			   "<th scope=\"col\" class=\"num\">records</th><th scope=\"col\" class=\"num\">fail</th>"
			   "<th scope=\"col\" class=\"num\">warn</th><th scope=\"col\" class=\"num\">ok</th>"
			   "<th scope=\"col\" class=\"num\">insufficient</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < NFAMILIES; k++) {
		size_t c[4];
		size_t records = audit_result_family_counts(r, FAMILIES[k], c);
		strbuf_printf(out, "<tr><th scope=\"row\">");
		if (records)
			strbuf_printf(out, "<a href=\"#family-%s\">%s</a>", FAMILIES[k], FAMILIES[k]);
		else
			strbuf_printf(out, "%s", FAMILIES[k]);
		strbuf_printf(out, "</th><td class=\"wrap\">");
		family_state(out, r, k);
		strbuf_printf(out, "</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
				   "<td class=\"num\">%zu</td><td class=\"num\">%zu</td></tr>\n",
			      records, c[STATUS_FAIL], c[STATUS_WARN], c[STATUS_OK], c[STATUS_INSUFFICIENT]);
	}
	strbuf_printf(out, "</tbody>\n</table>\n</section>\n");
}

/* ---- findings (H3) -------------------------------------------------- */

static void finding_row(struct strbuf *out, const struct audit_record *rec, int with_family)
{
	struct strbuf tmp = {0};

	strbuf_printf(out, "<tr><td>");
	badge(out, rec->status);
	strbuf_printf(out, "</td>");
	if (with_family) {
		strbuf_printf(out, "<td>");
		html_escape(out, rec->family);
		strbuf_printf(out, "</td>");
	}
	const struct method *m = method_lookup_family(rec->metric, rec->family);
	strbuf_printf(out, "<td><code>");
	if (m) {
		strbuf_printf(out, "<a href=\"#");
		method_id(out, m);
		strbuf_printf(out, "\">");
	}
	html_escape(out, rec->metric ? rec->metric : "?");
	strbuf_printf(out, "%s</code></td><td class=\"subject\">", m ? "</a>" : "");
	finding_subject(&tmp, rec);
	flush_escaped(out, &tmp);
	strbuf_printf(out, "</td><td class=\"figures\">");
	finding_figures(&tmp, rec);
	/* finding_figures starts with ": " for the summary's line. */
	html_escape(out, strncmp(tmp.buf, ": ", 2) == 0 ? tmp.buf + 2 : tmp.buf);
	strbuf_reset(&tmp);
	if (is_pii(rec->metric) && rec->detail) { /* summary.c R5: masked examples */
		strbuf_printf(out, "; ");
		finding_name(&tmp, rec->detail, 3 * NAME_WIDTH);
		flush_escaped(out, &tmp);
	}
	strbuf_printf(out, "</td></tr>\n");
	strbuf_free(&tmp);
}

/*
 * The worst findings of one family (all when family is NULL), at most limit,
 * in a table with a caption saying how many there are.
 */
static void findings_table(struct strbuf *out, const struct audit_result *r, const char *family, size_t limit)
{
	size_t total;
	const struct audit_record **f = findings_ranked(r, family, &total);
	size_t shown = total < limit ? total : limit;

	if (total == 0) {
		strbuf_printf(out, "<p>Nothing failed or warned: 0 found.</p>\n");
		free(f);
		return;
	}
	strbuf_printf(out, "<table>\n<caption>");
	if (shown < total)
		strbuf_printf(out, "The %zu worst of %zu findings, worst first; every record is in the full report.",
			      shown, total);
	else
		strbuf_printf(out, "%zu finding%s, worst first.", total, total == 1 ? "" : "s");
	strbuf_printf(out, "</caption>\n<thead><tr><th scope=\"col\">status</th>%s<th scope=\"col\">metric</th>"
			   "<th scope=\"col\">subject</th><th scope=\"col\">figures</th></tr></thead>\n<tbody>\n",
		      family ? "" : "<th scope=\"col\">family</th>");
	for (size_t i = 0; i < shown; i++)
		finding_row(out, f[i], family == NULL);
	strbuf_printf(out, "</tbody>\n</table>\n");
	free(f);
}

static void top_findings_section(struct strbuf *out, const struct audit_result *r)
{
	strbuf_printf(out, "<section id=\"findings\">\n<h2>Top findings</h2>\n");
	findings_table(out, r, NULL, TOP_FINDINGS);
	strbuf_printf(out, "</section>\n");
}

/* ---- family sections ------------------------------------------------ */

/* Removes the first occurrence of attr from the first tag of svg. */
static void drop_root_attribute(struct strbuf *svg, const char *attr)
{
	char *tag_end = strchr(svg->buf, '>');
	char *at = strstr(svg->buf, attr);
	if (!at || !tag_end || at > tag_end)
		return;
	size_t n = strlen(attr);
	memmove(at, at + n, svg->len - (size_t)(at - svg->buf) - n + 1);
	svg->len -= n;
}

/*
 * H2: chart i inline, its ids prefixed "c<i+1>-", without the namespace
 * URLs, labelled by its caption for screen readers.
 */
static int chart_figure(struct strbuf *out, const struct audit_result *r, const struct chart *c, size_t i,
			struct audit_err *err)
{
	struct strbuf svg = {0};
	char prefix[32];
	snprintf(prefix, sizeof prefix, "c%zu-", i + 1);
	int rc = chart_svg_text(r, c, prefix, &svg, err);
	if (rc) {
		strbuf_free(&svg);
		return rc;
	}
	if (!svg.buf)
		strbuf_append(&svg, "", 0);
	drop_root_attribute(&svg, " xmlns=\"http://www.w3.org/2000/svg\"");
	drop_root_attribute(&svg, " xmlns:xlink=\"http://www.w3.org/1999/xlink\"");

	strbuf_printf(out, "<figure>\n");
	char *root = strstr(svg.buf, "<svg");
	if (root) {
		strbuf_append(out, svg.buf, (size_t)(root - svg.buf) + 4);
		strbuf_printf(out, " role=\"img\" aria-labelledby=\"%scaption\"", prefix);
		strbuf_printf(out, "%s", root + 4);
	} else {
		strbuf_append(out, svg.buf, svg.len);
	}
	if (out->len && out->buf[out->len - 1] != '\n')
		strbuf_putc(out, '\n');
	strbuf_printf(out, "<figcaption id=\"%scaption\">", prefix);
	html_escape(out, c->title ? c->title : c->name);
	strbuf_printf(out, "</figcaption>\n</figure>\n");
	strbuf_free(&svg);
	return AUDIT_OK;
}

static int family_section(struct strbuf *out, const struct audit_result *r, size_t k, const struct chart *charts,
			  size_t ncharts, struct audit_err *err)
{
	const char *family = FAMILIES[k];
	size_t c[4];
	size_t records = audit_result_family_counts(r, family, c);
	if (!records)
		return AUDIT_OK;

	strbuf_printf(out, "<section id=\"family-%s\">\n<h2>%c%s</h2>\n<p>", family, family[0] - 'a' + 'A', family + 1);
	counts_text(out, c, records);
	strbuf_printf(out, ".");
	const struct family_state *st = &r->context.families[k];
	if (st->not_audited) {
		strbuf_printf(out, " <span class=\"none\">Not audited: ");
		html_escape(out, st->not_audited);
		strbuf_printf(out, ".</span>");
	}
	strbuf_printf(out, "</p>\n<h3>Findings</h3>\n");
	findings_table(out, r, family, FAMILY_FINDINGS);

	int any = 0;
	for (size_t i = 0; i < ncharts; i++) {
		if (!charts[i].family || strcmp(charts[i].family, family) != 0)
			continue;
		if (!any)
			strbuf_printf(out, "<h3>Charts</h3>\n");
		any = 1;
		int rc = chart_figure(out, r, &charts[i], i, err);
		if (rc)
			return rc;
	}
	strbuf_printf(out, "</section>\n");
	return AUDIT_OK;
}

/* ---- method --------------------------------------------------------- */

static void method_entry(struct strbuf *out, const struct method *m)
{
	const char *parts[][2] = {
		{"Definition", m->definition}, {"Direction", m->direction}, {"Interval", m->interval},
		{"Threshold", m->threshold},   {"Source", m->source},
	};
	strbuf_printf(out, "<section id=\"");
	method_id(out, m);
	strbuf_printf(out, "\">\n<h3><code>");
	html_escape(out, m->metric);
	strbuf_printf(out, "</code> <span class=\"none\">");
	html_escape(out, m->family);
	strbuf_printf(out, "</span></h3>\n<dl>\n");
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (!parts[i][1] || !parts[i][1][0])
			continue;
		strbuf_printf(out, "<dt>%s</dt><dd>", parts[i][0]);
		html_escape(out, parts[i][1]);
		strbuf_printf(out, "</dd>\n");
	}
	strbuf_printf(out, "</dl>\n</section>\n");
}

/*
 * The method of every metric in the report, in the man page's order
 * (METHODS), as the PDF's appendix; metrics without a text are named last.
 */
static void method_section(struct strbuf *out, const struct audit_result *r)
{
	unsigned char *used = xcalloc(NMETHODS + 1, 1);
	struct strbuf unknown = {0};
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		const struct method *m = method_lookup_family(rec->metric, rec->family);
		if (m) {
			used[m - METHODS] = 1;
			continue;
		}
		if (!rec->metric || method_lookup(rec->metric))
			continue;
		/* Named once each, in record order. */
		struct strbuf needle = {0}, hay = {0};
		strbuf_printf(&needle, ", %s,", rec->metric);
		strbuf_printf(&hay, ", %s,", unknown.buf ? unknown.buf : "");
		if (!strstr(hay.buf, needle.buf))
			strbuf_printf(&unknown, "%s%s", unknown.len ? ", " : "", rec->metric);
		strbuf_free(&needle);
		strbuf_free(&hay);
	}

	strbuf_printf(out, "<section id=\"method\" class=\"method\">\n<h2>Method</h2>\n<p>How each metric in this "
			   "report is defined, what a larger value means, its interval or test, and when it warns or "
			   "fails. Every interval is two-sided 95%%. The dsaudit(1) manual page says the same at "
			   "greater length.</p>\n");
	for (size_t i = 0; i < NMETHODS; i++)
		if (used[i])
			method_entry(out, &METHODS[i]);
	if (unknown.len) {
		strbuf_printf(out, "<p>No method text yet for: ");
		html_escape(out, unknown.buf);
		strbuf_printf(out, ". See dsaudit(1).</p>\n");
	}
	strbuf_printf(out, "</section>\n");
	strbuf_free(&unknown);
	free(used);
}

/* ---- configuration (H6) --------------------------------------------- */

static void indent(struct strbuf *sb, int depth)
{
	strbuf_putc(sb, '\n');
	for (int i = 0; i < depth; i++)
		strbuf_printf(sb, "  ");
}

/* Whether the array or object opening at s holds no array or object: it then stays on one line. */
static int flat_container(const char *s)
{
	int in_str = 0;
	for (s++; *s; s++) {
		if (in_str) {
			if (*s == '\\' && s[1])
				s++;
			else if (*s == '"')
				in_str = 0;
		} else if (*s == '"') {
			in_str = 1;
		} else if (*s == '{' || *s == '[') {
			return 0;
		} else if (*s == '}' || *s == ']') {
			return 1;
		}
	}
	return 1;
}

/*
 * Appends json indented by two spaces a level, its tokens unchanged: a
 * container holding another one gets a line per member, a flat one stays
 * on one line ("[\"sex\", \"race\"]"). Text that is not JSON comes out
 * with its whitespace re-spaced but every other byte kept.
 */
static void json_pretty(struct strbuf *sb, const char *json)
{
	enum { MAX_DEPTH = 64 };
	int flat[MAX_DEPTH] = {0};
	int depth = 0, in_str = 0;

	for (const char *s = json; *s; s++) {
		char c = *s;
		if (in_str) {
			strbuf_putc(sb, c);
			if (c == '\\' && s[1])
				strbuf_putc(sb, *++s);
			else if (c == '"')
				in_str = 0;
			continue;
		}
		int is_flat = depth > 0 && depth <= MAX_DEPTH && flat[depth - 1];
		switch (c) {
		case '"':
			in_str = 1;
			strbuf_putc(sb, c);
			break;
		case '{':
		case '[':
			strbuf_putc(sb, c);
			depth++;
			if (depth <= MAX_DEPTH)
				flat[depth - 1] = flat_container(s);
			if (depth > MAX_DEPTH || !flat[depth - 1]) {
				if (s[1] != '}' && s[1] != ']')
					indent(sb, depth);
			}
			break;
		case '}':
		case ']':
			if (depth > 0)
				depth--;
			if (!is_flat && s[-1] != '{' && s[-1] != '[')
				indent(sb, depth);
			strbuf_putc(sb, c);
			break;
		case ',':
			strbuf_putc(sb, c);
			if (is_flat)
				strbuf_putc(sb, ' ');
			else
				indent(sb, depth);
			break;
		case ':':
			strbuf_printf(sb, ": ");
			break;
		case ' ':
		case '\t':
		case '\n':
		case '\r':
			break;
		default:
			strbuf_putc(sb, c);
		}
	}
}

static void config_section(struct strbuf *out, const struct audit_result *r)
{
	strbuf_printf(out, "<section id=\"config\">\n<h2>Effective configuration</h2>\n");
	if (!r->config_json) {
		strbuf_printf(out, "<p class=\"none\">Not recorded.</p>\n</section>\n");
		return;
	}
	strbuf_printf(out, "<p>Every setting the audit ran with, from the flags, the configuration file and the "
			   "defaults, as stored with the audit.</p>\n<pre><code>");
	struct strbuf pretty = {0};
	json_pretty(&pretty, r->config_json);
	flush_escaped(out, &pretty);
	strbuf_free(&pretty);
	strbuf_printf(out, "</code></pre>\n</section>\n");
}

/* ---- document ------------------------------------------------------- */

int html_report_render(const struct audit_result *r, struct strbuf *out, struct audit_err *err)
{
	char *title = dataset_title(r);
	struct strbuf page = {0};
	struct chart *charts = NULL;
	size_t ncharts = chart_list(r, &charts);
	int rc = AUDIT_OK;

	strbuf_printf(&page, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			     "<meta name=\"generator\" content=\"dsaudit ");
	html_escape(&page, r->tool_version ? r->tool_version : DSAUDIT_VERSION);
	strbuf_printf(&page, "\">\n<title>dsaudit report: ");
	html_escape(&page, title);
	strbuf_printf(&page, " (%s)</title>\n<style>\n%s</style>\n</head>\n<body>\n<div class=\"page\">\n",
		      verdict_word(audit_verdict(r)), CSS);

	header(&page, r, title);
	contents(&page, r);
	strbuf_printf(&page, "<main>\n");
	context_section(&page, r);
	families_section(&page, r);
	top_findings_section(&page, r);
	for (size_t k = 0; k < NFAMILIES && !rc; k++)
		rc = family_section(&page, r, k, charts, ncharts, err);
	if (!rc) {
		method_section(&page, r);
		config_section(&page, r);
		strbuf_printf(&page, "</main>\n<footer>dsaudit ");
		html_escape(&page, r->tool_version ? r->tool_version : DSAUDIT_VERSION);
		strbuf_printf(&page, " · ");
		html_escape(&page, title);
		if (r->dataset.sha256[0]) {
			strbuf_printf(&page, " · sha256 ");
			html_escape(&page, r->dataset.sha256);
		}
		strbuf_printf(&page, "</footer>\n</div>\n</body>\n</html>\n");
		strbuf_append(out, page.buf, page.len);
	}
	strbuf_free(&page);
	chart_list_free(charts, ncharts);
	free(title);
	return rc;
}

static int write_bytes(FILE *f, void *ctx)
{
	const struct strbuf *sb = ctx;
	return fwrite(sb->buf, 1, sb->len, f) == sb->len ? 0 : -1;
}

int html_report_write(const struct audit_result *r, const char *out_dir, struct audit_err *err)
{
	struct strbuf page = {0};
	int rc = html_report_render(r, &page, err);
	if (!rc)
		rc = output_write_atomic(out_dir, "report.html", write_bytes, &page, err);
	strbuf_free(&page);
	return rc;
}
