/*
 * row.h — one field of a record as the readers deliver it. The readers only
 * split and unescape; the loader decides types (infer.h). A field's text is
 * valid until the reader's next call.
 */
#ifndef DSAUDIT_ROW_H
#define DSAUDIT_ROW_H

#include <stddef.h>

enum field_kind {
	FIELD_RAW,    /* CSV cell: its type is inferred from the text */
	FIELD_STRING, /* JSON string, unescaped to UTF-8: always text */
	FIELD_NUMBER, /* JSON number: the token's text, exactly as written */
	FIELD_BOOL,   /* JSON true/false: text is "true" or "false" */
	FIELD_NULL,   /* JSON null: text is empty */
	FIELD_NESTED, /* JSON object or array: its JSON text, as written */
};

struct field {
	const char *text; /* NUL-terminated at text[len] */
	size_t len;
	enum field_kind kind;
};

#endif
