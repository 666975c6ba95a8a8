/*
 * test_infer.c — value classes and column types, rule by rule (infer.h).
 */
#include <stdint.h>

#include "harness.h"

#include "infer.h"

void test_infer(void);

static enum value_class raw(const char *s, const struct na_list *na)
{
	struct field f = {.text = s, .len = strlen(s), .kind = FIELD_RAW};
	return value_classify(&f, na);
}

static enum value_class json(const char *s, enum field_kind kind)
{
	struct field f = {.text = s, .len = strlen(s), .kind = kind};
	return value_classify(&f, NULL);
}

static void test_classify(void)
{
	struct na_list na;
	na_list_parse(&na, "NA,N/A,null,?");
	CHECK_INT(na.n, 4);
	/* Rule 1: missing. */
	CHECK_INT(raw("", &na), VAL_MISSING);
	CHECK_INT(raw("NA", &na), VAL_MISSING);
	CHECK_INT(raw("?", &na), VAL_MISSING);
	CHECK_INT(raw("na", &na), VAL_TEXT);      /* markers are case-sensitive */
	CHECK_INT(raw("NAN", &na), VAL_TEXT);
	/* Rule 2: booleans. */
	CHECK_INT(raw("true", &na), VAL_BOOL);
	CHECK_INT(raw("FALSE", &na), VAL_BOOL);
	CHECK_INT(raw("yes", &na), VAL_TEXT);
	/* Rule 3: integers, and codes that must stay text. */
	CHECK_INT(raw("0", &na), VAL_INT);
	CHECK_INT(raw("-17", &na), VAL_INT);
	CHECK_INT(raw("01234", &na), VAL_TEXT);
	CHECK_INT(raw("+5", &na), VAL_TEXT);
	CHECK_INT(raw(" 5", &na), VAL_TEXT);
	CHECK_INT(raw("-0", &na), VAL_TEXT);
	CHECK_INT(raw("9223372036854775807", &na), VAL_INT);
	CHECK_INT(raw("-9223372036854775808", &na), VAL_INT);
	CHECK_INT(raw("9223372036854775808", &na), VAL_TEXT);
	CHECK_INT(raw("12345678901234567890", &na), VAL_TEXT);
	/* Rule 4: reals. */
	CHECK_INT(raw("0.5", &na), VAL_REAL);
	CHECK_INT(raw("-1.25e-3", &na), VAL_REAL);
	CHECK_INT(raw("1E5", &na), VAL_REAL);
	CHECK_INT(raw("89.52", &na), VAL_REAL);
	CHECK_INT(raw(".5", &na), VAL_TEXT);
	CHECK_INT(raw("1.", &na), VAL_TEXT);
	CHECK_INT(raw("00.5", &na), VAL_TEXT);
	CHECK_INT(raw("1e400", &na), VAL_TEXT);   /* would be infinite */
	CHECK_INT(raw("1e", &na), VAL_TEXT);
	CHECK_INT(raw("inf", &na), VAL_TEXT);
	CHECK_INT(raw("1,5", &na), VAL_TEXT);
	/* Rule 5: JSON values keep their JSON type. */
	CHECK_INT(json("42", FIELD_STRING), VAL_TEXT);
	CHECK_INT(json("42", FIELD_NUMBER), VAL_INT);
	CHECK_INT(json("4.5e1", FIELD_NUMBER), VAL_REAL);
	CHECK_INT(json("", FIELD_NULL), VAL_MISSING);
	CHECK_INT(json("", FIELD_STRING), VAL_MISSING);
	CHECK_INT(json("true", FIELD_BOOL), VAL_BOOL);
	CHECK_INT(json("[1,2]", FIELD_NESTED), VAL_TEXT);
	na_list_free(&na);
}

static enum col_type join_all(const enum value_class *v, size_t n)
{
	enum col_type t = COL_UNKNOWN;
	for (size_t i = 0; i < n; i++)
		t = col_type_join(t, v[i]);
	return t;
}

static void test_join(void)
{
	/* Rule 6. */
	enum value_class ints[] = {VAL_INT, VAL_MISSING, VAL_INT};
	enum value_class mixed_num[] = {VAL_INT, VAL_REAL, VAL_INT};
	enum value_class bools[] = {VAL_BOOL, VAL_MISSING, VAL_BOOL};
	enum value_class bool_int[] = {VAL_BOOL, VAL_INT};
	enum value_class code[] = {VAL_INT, VAL_TEXT, VAL_INT};
	enum value_class none[] = {VAL_MISSING, VAL_MISSING};
	CHECK_INT(join_all(ints, 3), COL_INTEGER);
	CHECK_INT(join_all(mixed_num, 3), COL_REAL);
	CHECK_INT(join_all(bools, 3), COL_BOOLEAN);
	CHECK_INT(join_all(bool_int, 2), COL_TEXT);
	CHECK_INT(join_all(code, 3), COL_TEXT);
	CHECK_INT(join_all(none, 2), COL_UNKNOWN);
	CHECK_STR(col_type_name(COL_UNKNOWN), "text");
	CHECK_STR(col_type_name(COL_BOOLEAN), "boolean");
}

static void test_convert(void)
{
	struct na_list na;
	na_list_parse(&na, "NA");
	struct typed_value v;
	struct field f = {.text = "-42", .len = 3, .kind = FIELD_RAW};
	value_convert(&f, COL_INTEGER, &na, &v);
	CHECK_INT(v.type, COL_INTEGER);
	CHECK_INT(v.i, -42);
	value_convert(&f, COL_REAL, &na, &v);
	CHECK_INT(v.type, COL_REAL);
	CHECK_NEAR(v.d, -42.0, 0);
	value_convert(&f, COL_TEXT, &na, &v);
	CHECK_INT(v.type, COL_TEXT);
	CHECK_INT(v.len, 3);
	struct field t = {.text = "True", .len = 4, .kind = FIELD_RAW};
	value_convert(&t, COL_BOOLEAN, &na, &v);
	CHECK_INT(v.i, 1);
	struct field m = {.text = "NA", .len = 2, .kind = FIELD_RAW};
	value_convert(&m, COL_INTEGER, &na, &v);
	CHECK_INT(v.type, COL_UNKNOWN);
	struct field big = {.text = "9223372036854775807", .len = 19, .kind = FIELD_RAW};
	value_convert(&big, COL_INTEGER, &na, &v);
	CHECK(v.i == INT64_MAX);
	na_list_free(&na);
}

/* A real cell is read by a fast path when it can be (infer.c decimal_fast): always strtod's double, bit for bit. */
static int converts_as_strtod(const char *text)
{
	struct field f = {.text = text, .len = strlen(text), .kind = FIELD_RAW};
	struct typed_value v;
	value_convert(&f, COL_REAL, NULL, &v);
	double want = strtod(text, NULL);
	return v.type == COL_REAL && memcmp(&v.d, &want, sizeof want) == 0;
}

static void test_convert_reals(void)
{
	const char *edge[] = {"0", "-0", "0.0", "-0.0", "5.", "0.1", "0.3", "62.3", "-12.75", "123456789012345",
			      "1234567890123456", "0.000000000000000000001", "0.0000000000000000000001",
			      "99999999999999.9", "00012.50", "1e5", "2.5E-3", "9007199254740993", "0.1234567890123456"};
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
		HARNESS_REPORT(converts_as_strtod(edge[i]), "value_convert(\"%s\") differs from strtod", edge[i]);
	/* 200,000 decimals of 1 to 17 digits, 0 to 20 after the point, either sign (a fixed LCG). */
	uint64_t x = 88172645463325252ull;
	int bad = 0;
	for (int k = 0; k < 200000 && !bad; k++) {
		char buf[64];
		size_t n = 0;
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		int digits = 1 + (int)((x >> 33) % 17), frac = (int)((x >> 40) % 21);
		if (x >> 63)
			buf[n++] = '-';
		for (int d = 0; d < digits; d++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			if (d == digits - frac && d > 0)
				buf[n++] = '.';
			buf[n++] = (char)('0' + (x >> 59) % 10);
		}
		buf[n] = 0;
		bad = !converts_as_strtod(buf);
		if (bad)
			HARNESS_REPORT(0, "value_convert(\"%s\") differs from strtod", buf);
	}
	CHECK(!bad);
}

void test_infer(void)
{
	test_classify();
	test_join();
	test_convert();
	test_convert_reals();
}
