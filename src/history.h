/*
 * history.h — `dsaudit history`: the stored versions and the audits of
 * them, as aligned text tables or as one JSON object.
 *
 * Text: a table of versions (id, NAME@N, rows, with " (counts only)" and a
 * footnote for a version audited with --no-rows, columns, the first 12 hex
 * digits of the file's SHA-256, loaded_at, the latest acceptance "AT by
 * WHO", with a "*" on the version NAME@accepted names), then a table of
 * audits (id, NAME@N audited, created_at, verdict, records by status, the
 * first 12 hex digits of config_sha256, "-" when NULL). Names are shown
 * as the summary shows them (control characters as '?', cut at 32 columns).
 *
 * JSON (the contract: keys in this order, no others; strings and integers,
 * null where there is nothing):
 *   {"versions": [{"id", "name", "version", "rows", "columns", "rows_kept", "sha256",
 *                  "source", "format", "loaded_at", "accepted_by",
 *                  "accepted_at", "acceptances", "accepted_current"}, ...],
 *    "audits": [{"id", "dataset_id", "name", "version", "created_at",
 *                "tool_version", "verdict", "records", "ok", "warn", "fail",
 *                "insufficient", "config_sha256"}, ...]}
 * sha256 and config_sha256 are whole (64 hex digits); accepted_by and
 * accepted_at are those of the version's latest acceptance; acceptances
 * counts them; accepted_current (true/false) says NAME@accepted names the
 * version; rows_kept (true/false) says the version keeps its rows (false:
 * audited with --no-rows, only its counts are stored). Versions are ordered by name then version, audits by id. One
 * version or audit per line, so grep finds one.
 *
 * Entry point: history_print.
 */
#ifndef DSAUDIT_HISTORY_H
#define DSAUDIT_HISTORY_H

#include <stdio.h>

#include "store.h"
#include "util.h"

/*
 * Prints the versions and audits of name (of every name when NULL; an
 * unknown name is AUDIT_EUSAGE) to out, as text or JSON. Reads only.
 */
int history_print(struct store *st, const char *name, int json, FILE *out, struct audit_err *err);

#endif
