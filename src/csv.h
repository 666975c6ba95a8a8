/*
 * csv.h — a streaming RFC 4180 reader: one record at a time, in bounded
 * memory, over a struct input.
 *
 * Handles quoted fields, doubled quotes, newlines inside quotes, CRLF or LF
 * (or a lone CR), a UTF-8 byte-order mark, a missing final newline, and the
 * delimiters , ; TAB | (detected from the header line unless given). Blank
 * lines are skipped. Errors (unterminated quote, text after a closing quote,
 * invalid UTF-8) name PATH:LINE:COL, with COL counted in bytes from 1.
 */
#ifndef DSAUDIT_CSV_H
#define DSAUDIT_CSV_H

#include "input.h"
#include "row.h"

struct csv_record {
	size_t n;                    /* number of fields */
	const struct field *fields;  /* all FIELD_RAW; valid until the next read */
	long line;                   /* line where the record starts, from 1 */
};

struct csv_reader;

/*
 * Borrows in (the caller closes it after csv_reader_free). delimiter 0 means
 * detect it from the first line. Never returns NULL.
 */
struct csv_reader *csv_reader_new(struct input *in, char delimiter);
void csv_reader_free(struct csv_reader *r);

/* 1: *rec holds a record; 0: end of file; -1: error, err filled. */
int csv_reader_next(struct csv_reader *r, struct csv_record *rec, struct audit_err *err);

/* The delimiter in use (known after the first csv_reader_next). */
char csv_reader_delimiter(const struct csv_reader *r);

/* Byte column (from 1) of field i of the last record, for error messages. */
long csv_reader_field_column(const struct csv_reader *r, size_t i);
long csv_reader_field_line(const struct csv_reader *r, size_t i);

#endif
