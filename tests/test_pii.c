/*
 * test_pii.c — the personal-data detectors (src/pii.h) on hand-made cells.
 * Each case scans a cell and checks the whole bit mask, the span of the
 * first match (start, length) and, where it matters, the masked form.
 * Rule numbers refer to the header comment of src/pii.h.
 */
#include "harness.h"

#include "pii.h"
#include "util.h"

void test_pii(void);

/*
 * The cell holds exactly one kind, first found at want_start, want_len bytes
 * long; its mask is want_mask (NULL: not checked).
 */
#define CHECK_ONLY(cell, kind, want_start, want_len, want_mask)                             \
	do {                                                                      \
		const char *c_ = (cell);                                          \
		struct pii_match m_[PII_NKINDS];                                  \
		CHECK_INT(pii_scan(c_, strlen(c_), m_), 1u << (kind));            \
		CHECK_INT(m_[kind].start, (want_start));                               \
		CHECK_INT(m_[kind].len, (want_len));                                   \
		if ((want_mask) != NULL) {                                        \
			char out_[PII_MASK_MAX];                                  \
			pii_mask((kind), c_ + m_[kind].start, m_[kind].len, out_); \
			CHECK_STR(out_, (want_mask));                             \
		}                                                                 \
	} while (0)

/* The cell holds nothing: mask 0 and every span {0, 0}. */
#define CHECK_NONE(cell)                                                   \
	do {                                                               \
		const char *c_ = (cell);                                   \
		struct pii_match m_[PII_NKINDS];                           \
		memset(m_, 0xAB, sizeof m_);                               \
		CHECK_INT(pii_scan(c_, strlen(c_), m_), 0);                \
		int zero_ = 1;                                             \
		for (int k_ = 0; k_ < PII_NKINDS; k_++)                    \
			zero_ &= m_[k_].start == 0 && m_[k_].len == 0;     \
		HARNESS_REPORT(zero_, "spans of \"%s\" not all {0, 0}", c_); \
	} while (0)

#define CHECK_MASK(kind, text, want)                             \
	do {                                                     \
		char out_[PII_MASK_MAX];                         \
		pii_mask((kind), (text), strlen(text), out_);    \
		CHECK_STR(out_, (want));                         \
	} while (0)

static void test_pii_names(void)
{
	/* The metric names fixed by the API (src/pii.h). */
	CHECK_STR(pii_metric_name(PII_EMAIL), "pii_email");
	CHECK_STR(pii_metric_name(PII_PHONE), "pii_phone");
	CHECK_STR(pii_metric_name(PII_CREDIT_CARD), "pii_credit_card");
	CHECK_STR(pii_metric_name(PII_KR_RRN), "pii_kr_rrn");
	CHECK_STR(pii_metric_name(PII_US_SSN), "pii_us_ssn");
	CHECK_STR(pii_metric_name(PII_IP), "pii_ip");
	CHECK_STR(pii_metric_name(PII_IBAN), "pii_iban");
	CHECK_STR(pii_metric_name(PII_PERSON_NAME), "pii_person_name");
	CHECK_STR(pii_metric_name(PII_BIRTH_DATE), "pii_birth_date");
	CHECK(pii_metric_name(PII_NKINDS) == NULL);
}

static void test_pii_email(void)
{
	/* Rule 1; example.com is reserved for examples (RFC 2606 §3). */
	CHECK_ONLY("john.doe@example.com", PII_EMAIL, 0, 20, "j***@e***.com");
	/* The trailing sentence dot is not part of the domain; 'mail: ' is 6 bytes. */
	CHECK_ONLY("mail: a_b+tag@mail.example.co.kr.", PII_EMAIL, 6, 26, "a***@m***.kr");
	/* The longest run of labels ending in a letters-only TLD. */
	CHECK_ONLY("x a@example.com.2", PII_EMAIL, 2, 13, "a***@e***.com");
	/* Digits in the local part do not make it a card (rule 0, email claims first). */
	CHECK_ONLY("4111111111111111@example.com", PII_EMAIL, 0, 28, "4***@e***.com");
	/* One label, one-letter TLD, numeric TLD, empty local part, double dot. */
	CHECK_NONE("user@localhost");
	CHECK_NONE("user@example.c");
	CHECK_NONE("user@example.123");
	CHECK_NONE("@example.com");
	CHECK_NONE("user@example..com");
	CHECK_NONE("a @ b.com");
}

static void test_pii_card(void)
{
	/*
	 * Published test card numbers (PayPal Payflow "test credit card
	 * numbers"; 378282246310005 and 5555555555554444 also in Stripe's
	 * testing docs): 4111111111111111 (Visa), 378282246310005 (Amex, 15
	 * digits), 4222222222222 (Visa, 13 digits), 5555555555554444 (MC); all
	 * Luhn-valid (re-checked in Python). 4111111111111112 (last digit
	 * changed) fails Luhn.
	 */
	CHECK_ONLY("card 4111111111111111 ok", PII_CREDIT_CARD, 5, 16, "****-****-****-1111");
	CHECK_ONLY("4111 1111 1111 1111", PII_CREDIT_CARD, 0, 19, "****-****-****-1111");
	CHECK_ONLY("4111-1111-1111-1111.", PII_CREDIT_CARD, 0, 19, "****-****-****-1111");
	CHECK_ONLY("378282246310005", PII_CREDIT_CARD, 0, 15, "****-****-***0-005");
	/* Amex grouping 4-6-5. */
	CHECK_ONLY("Amex 3782 822463 10005", PII_CREDIT_CARD, 5, 17, "****-****-***0-005");
	CHECK_ONLY("4222222222222", PII_CREDIT_CARD, 0, 13, "****-****-*222-2");
	CHECK_ONLY("5555555555554444", PII_CREDIT_CARD, 0, 16, "****-****-****-4444");
	/* An expiry date after the groups ends the grouping (rule 3). */
	CHECK_ONLY("4111 1111 1111 1111 12/25", PII_CREDIT_CARD, 0, 19, NULL);
	CHECK_NONE("4111111111111112");
	CHECK_NONE("4111 1111 1111 1112");
	/* Rule 0 delimiting: glued to letters, or inside a longer digit run. */
	CHECK_NONE("abc4111111111111111");
	CHECK_NONE("4111111111111111abc");
	CHECK_NONE("94111111111111111");
	/* Mixed separators, and more than 19 grouped digits. */
	CHECK_NONE("4111 1111-1111 1111");
	CHECK_NONE("4111 1111 1111 1111 1111");
	/* First digit outside 2-6: 7111111111111114 is Luhn-valid (computed in Python). */
	CHECK_NONE("7111111111111114");
}

static void test_pii_iban(void)
{
	/*
	 * Valid IBANs: GB82 WEST 1234 5698 7654 32 and DE89 3704 0044 0532 0130 00
	 * (ECBS IBAN standard examples, also on Wikipedia "International Bank
	 * Account Number"); BE68 5390 0754 7034 (sepabelgium.be example). The
	 * variants with one digit changed fail mod 97 (checked in Python).
	 */
	CHECK_ONLY("GB82 WEST 1234 5698 7654 32", PII_IBAN, 0, 27, "GB******************32");
	CHECK_ONLY("IBAN: DE89 3704 0044 0532 0130 00", PII_IBAN, 6, 27, "DE******************00");
	CHECK_ONLY("DE89370400440532013000", PII_IBAN, 0, 22, "DE******************00");
	/* A trailing currency code is dropped as a group (rule 7). */
	CHECK_ONLY("BE68 5390 0754 7034 EUR", PII_IBAN, 0, 19, "BE************34");
	CHECK_NONE("GB82 WEST 1234 5698 7654 33");
	CHECK_NONE("DE89 3704 0044 0532 0130 01");
	CHECK_NONE("DE89370400440532013001");
	/* Lowercase is not an IBAN (rule 7), nor one glued to a word. */
	CHECK_NONE("gb82 west 1234 5698 7654 32");
	CHECK_NONE("xDE89370400440532013000");
}

static void test_pii_rrn(void)
{
	/*
	 * Rule 4 checksum, computed by hand for 900101-123456C:
	 * 9*2 + 0*3 + 0*4 + 1*5 + 0*6 + 1*7 + 1*8 + 2*9 + 3*2 + 4*3 + 5*4 + 6*5
	 * = 18+0+0+5+0+7+8+18+6+12+20+30 = 124; 124 mod 11 = 3; (11-3) mod 10 = 8.
	 * So 900101-1234568 is valid and 900101-1234567 is not.
	 */
	CHECK_ONLY("RRN 900101-1234568", PII_KR_RRN, 4, 14, "******-*******");
	CHECK_ONLY("9001011234568", PII_KR_RRN, 0, 13, "*************");
	CHECK_NONE("900101-1234567");
	/*
	 * Checksum-valid but month 13: 901301-123456C has sum 138, 138 mod 11 = 6,
	 * C = 5. G = 9: 900101-923456C has sum 188, 188 mod 11 = 1, C = 0.
	 */
	CHECK_NONE("901301-1234565");
	CHECK_NONE("900101-9234560");
	CHECK_NONE("x900101-1234568");
	CHECK_NONE("900101-12345689");
	/*
	 * Rule 0 claiming order: 650315-100006C has sum 6*2+5*3+0*4+3*5+1*6+5*7
	 * +1*8+0*9+0*2+0*3+0*4+6*5 = 121, 121 mod 11 = 0, C = 11 mod 10 = 1.
	 * 6503151000061 also passes Luhn (checked in Python), but a 13-digit
	 * card must start with 4 (rule 3), so the bare form stays an RRN too;
	 * with the hyphen it is no card anyway (a first group of 6 digits).
	 */
	CHECK_ONLY("6503151000061", PII_KR_RRN, 0, 13, NULL);
	CHECK_ONLY("650315-1000061", PII_KR_RRN, 0, 14, NULL);
}

static void test_pii_iban_length(void)
{
	/*
	 * Rule 7: a DE IBAN has 22 characters. The 19-character
	 * DE66 2986 5356 8726 514 passes mod 97 all the same (Python:
	 * int("298653568726514" + "1314" + "66") % 97 == 1), so only the
	 * country's length keeps it out; a GB value of 22 still counts.
	 */
	CHECK_NONE("IBAN DE66298653568726514");
	CHECK_ONLY("GB82WEST12345698765432", PII_IBAN, 0, 22, "GB******************32");
}

static void test_pii_redact(void)
{
	/* Every value masked in place, the text around it kept. */
	const char *text = "mail a.b@example.com or call 010-1234-5678, ssn 123-45-6789.";
	char *r = pii_redact(text, strlen(text));
	CHECK_STR(r, "mail a***@e***.com or call ***-****-**78, ssn ***-**-****.");
	free(r);
	/* Two of one kind: both masked. */
	text = "a@example.com b@example.org";
	r = pii_redact(text, strlen(text));
	CHECK_STR(r, "a***@e***.com b***@e***.org");
	free(r);
	/* Nothing to mask: NULL, the caller keeps its text. */
	CHECK(pii_redact("Relocating, available in March", 30) == NULL);
	CHECK(pii_redact("", 0) == NULL);
}

static void test_pii_ssn(void)
{
	/* Rule 5; exclusions per SSA's randomization rules (area 000, 666, 900-999; group 00; serial 0000). */
	CHECK_ONLY("SSN: 123-45-6789", PII_US_SSN, 5, 11, "***-**-****");
	CHECK_NONE("000-12-3456");
	CHECK_NONE("666-12-3456");
	CHECK_NONE("912-34-5678");
	CHECK_NONE("123-00-4567");
	CHECK_NONE("123-45-0000");
	/* Bare 9-digit runs and other separators are not counted. */
	CHECK_NONE("123456789");
	CHECK_NONE("123 45 6789");
	CHECK_NONE("1123-45-6789");
}

static void test_pii_ip(void)
{
	/* Rule 6; 192.168.0.0/16 is private-use (RFC 1918). */
	CHECK_ONLY("from 192.168.0.1.", PII_IP, 5, 11, "192.*.*.*");
	CHECK_ONLY("0.0.0.0", PII_IP, 0, 7, "0.*.*.*");
	CHECK_ONLY("255.255.255.255", PII_IP, 0, 15, "255.*.*.*");
	CHECK_NONE("256.1.1.1");
	CHECK_NONE("1.2.3");
	CHECK_NONE("01.2.3.4");
	CHECK_NONE("1.2.3.4.5");
	CHECK_NONE("v1.2.3.4");
	/* 2001:db8::/32 is the IPv6 documentation prefix (RFC 3849). */
	CHECK_ONLY("host 2001:db8::1 up", PII_IP, 5, 11, "2001:*");
	CHECK_ONLY("::1", PII_IP, 0, 3, "::*");
	/* IPv4-mapped form (RFC 4291 §2.5.5.2), 192.0.2.0/24 is TEST-NET-1 (RFC 5737). */
	CHECK_ONLY("::ffff:192.0.2.1", PII_IP, 0, 16, "::*");
	/* Clock times and MAC addresses are not IPv6; letters-only tokens are not counted. */
	CHECK_NONE("at 12:30:45");
	CHECK_NONE("00:1a:2b:3c:4d:5e");
	CHECK_NONE("fe::ab 7");
	CHECK_NONE("2001:db8::1g");
}

static void test_pii_phone(void)
{
	/* Rule 2a: +82 is Korea's country code (ITU-T E.164 assignments). */
	CHECK_ONLY("+82 10-1234-5678", PII_PHONE, 0, 16, "+** **-****-**78");
	/* A parenthesised group counts; 555-0100..0199 are fictional (NANPA). */
	CHECK_ONLY("call +1 (555) 010-0199", PII_PHONE, 5, 17, "+* (***) ***-**99");
	CHECK_ONLY("+44 (0)20 7946 0958", PII_PHONE, 0, 19, NULL);
	CHECK_ONLY("+1.555.010.0199", PII_PHONE, 0, 15, "+*.***.***.**99");
	/* Rule 2b: Korean mobile, Seoul, area code, 070. */
	CHECK_ONLY("010-1234-5678", PII_PHONE, 0, 13, "***-****-**78");
	CHECK_ONLY("01012345678", PII_PHONE, 0, 11, "*********78");
	CHECK_ONLY("02-123-4567", PII_PHONE, 0, 11, "**-***-**67");
	CHECK_ONLY("031 1234 5678", PII_PHONE, 0, 13, NULL);
	CHECK_ONLY("070.1234.5678", PII_PHONE, 0, 13, NULL);
	/* Non-ASCII bytes delimit (rule 0): the particle 로 follows directly. */
	CHECK_ONLY("010-1234-5678로 연락", PII_PHONE, 0, 13, NULL);
	/* 7 digits (8 is the least), country code 0, no '+', other national formats. */
	/* 8 and 15 digits are the bounds of rule 2a; 16 is too many. */
	CHECK_ONLY("+1 555 0199", PII_PHONE, 0, 11, "+* *** **99");
	CHECK_ONLY("+123 456 789 012 345", PII_PHONE, 0, 20, NULL);
	CHECK_NONE("+1234567890123456");
	CHECK_NONE("+1 555 019");
	CHECK_NONE("+0 123 456 7890");
	CHECK_NONE("(555) 010-0199");
	CHECK_NONE("0212345678");
	CHECK_NONE("020-1234-5678");
	CHECK_NONE("070-123-4567");
	CHECK_NONE("010-1234.5678");
	/* Inside longer runs of digits or letters (rule 2). */
	CHECK_NONE("12010-1234-5678");
	CHECK_NONE("010123456789");
	CHECK_NONE("a010-1234-5678");
	CHECK_NONE("010-1234-5678a");
}

static void test_pii_claims(void)
{
	/*
	 * Rule 0: a span is counted once. +1 4222222222222 fits rule 2a, but
	 * 4222222222222 is a Luhn-valid Visa test number that the card rule
	 * claims first, so the phone candidate overlapping it is dropped.
	 */
	CHECK_ONLY("+1 4222222222222", PII_CREDIT_CARD, 3, 13, NULL);
	/* The SSN claims before the phone: "+1 123-45-6789" is not also a phone. */
	CHECK_ONLY("+1 123-45-6789", PII_US_SSN, 3, 11, NULL);
	/* The IBAN claims its digits before the card rule sees them. */
	CHECK_ONLY("DE89 3704 0044 0532 0130 00", PII_IBAN, 0, 27, NULL);

	/* Several kinds in one cell set several bits, each with its first span. */
	const char *cell = "Call +82 10-1234-5678 or john@example.com; card 4111 1111 1111 1111, "
			   "ip 10.0.0.1, 02-123-4567";
	struct pii_match m[PII_NKINDS];
	unsigned got = pii_scan(cell, strlen(cell), m);
	CHECK_INT(got, (1u << PII_PHONE) | (1u << PII_EMAIL) | (1u << PII_CREDIT_CARD) | (1u << PII_IP));
	CHECK_INT(m[PII_PHONE].start, 5);
	CHECK_INT(m[PII_PHONE].len, 16);
	CHECK_INT(m[PII_EMAIL].start, 25);
	CHECK_INT(m[PII_EMAIL].len, 16);
	CHECK_INT(m[PII_CREDIT_CARD].start, 48);
	CHECK_INT(m[PII_CREDIT_CARD].len, 19);
	CHECK_INT(m[PII_IP].start, 72);
	CHECK_INT(m[PII_IP].len, 8);
	CHECK_INT(m[PII_IBAN].len, 0);

	/* The first of two of a kind is reported. */
	CHECK_ONLY("a@example.org, b@example.net", PII_EMAIL, 0, 13, NULL);

	/* Many matches: past the claim array (64), the scan still ends safely. */
	struct strbuf sb = {0};
	for (int i = 0; i < 100; i++)
		strbuf_append(&sb, "123-45-6789 ", 12);
	CHECK_INT(pii_scan(sb.buf, sb.len, m), 1u << PII_US_SSN);
	CHECK_INT(m[PII_US_SSN].start, 0);
	CHECK_INT(m[PII_US_SSN].len, 11);
	strbuf_free(&sb);
}

static void test_pii_bytes(void)
{
	/* The common case: no digit and no '@'. */
	CHECK_NONE("Relocating, available in March");
	CHECK_NONE("Referred by a former colleague");
	CHECK_NONE("");
	CHECK_INT(pii_scan(NULL, 0, NULL), 0);
	/* m may be NULL. */
	CHECK_INT(pii_scan("010-1234-5678", 13, NULL), 1u << PII_PHONE);

	/* Invalid UTF-8 and NUL bytes around a card: found, nothing read past len. */
	static const char bad[] = "\xff\xfe\x80\0" "4111111111111111\xc0\0";
	struct pii_match m[PII_NKINDS];
	CHECK_INT(pii_scan(bad, sizeof bad - 1, m), 1u << PII_CREDIT_CARD);
	CHECK_INT(m[PII_CREDIT_CARD].start, 4);
	CHECK_INT(m[PII_CREDIT_CARD].len, 16);

	/* Every byte value once: no crash, and nothing in it is personal data. */
	char all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (char)i;
	CHECK_INT(pii_scan(all, sizeof all, m), 0);

	/* A cell cut short in the middle of a value: len decides, not the NUL. */
	CHECK_INT(pii_scan("john@example.com", 15, m), 1u << PII_EMAIL);
	CHECK_INT(m[PII_EMAIL].len, 15);
	CHECK_INT(pii_scan("john@example.com", 14, m), 0);
	CHECK_INT(pii_scan("4111111111111111", 15, m), 0);
	CHECK_INT(pii_scan("@", 1, m), 0);
	CHECK_INT(pii_scan("+", 1, m), 0);
}

/* Rule 8: whole normalised names only. */
static void test_pii_column_kind(void)
{
	CHECK_INT(pii_column_kind("name"), PII_PERSON_NAME);
	CHECK_INT(pii_column_kind("First Name"), PII_PERSON_NAME);
	CHECK_INT(pii_column_kind("first_name"), PII_PERSON_NAME);
	CHECK_INT(pii_column_kind("FIRST-NAME"), PII_PERSON_NAME);
	CHECK_INT(pii_column_kind("first"), PII_PERSON_NAME);
	CHECK_INT(pii_column_kind("last"), PII_PERSON_NAME);
	CHECK_INT(pii_column_kind("Surname"), PII_PERSON_NAME);
	CHECK_INT(pii_column_kind("given.name"), PII_PERSON_NAME);
	CHECK_INT(pii_column_kind("full_name"), PII_PERSON_NAME);
	CHECK_INT(pii_column_kind("\xec\x84\xb1\xeb\xaa\x85"), PII_PERSON_NAME); /* 성명 */
	CHECK_INT(pii_column_kind("\xec\x9d\xb4\xeb\xa6\x84"), PII_PERSON_NAME); /* 이름 */
	CHECK_INT(pii_column_kind("\xec\x84\xb1"), PII_PERSON_NAME);             /* 성 */
	CHECK_INT(pii_column_kind("dob"), PII_BIRTH_DATE);
	CHECK_INT(pii_column_kind("DOB"), PII_BIRTH_DATE);
	CHECK_INT(pii_column_kind("birth_date"), PII_BIRTH_DATE);
	CHECK_INT(pii_column_kind("Date of Birth"), PII_BIRTH_DATE);
	CHECK_INT(pii_column_kind("date-of-birth"), PII_BIRTH_DATE);
	CHECK_INT(pii_column_kind("birthday"), PII_BIRTH_DATE);
	CHECK_INT(pii_column_kind("\xec\x83\x9d\xeb\x85\x84\xec\x9b\x94\xec\x9d\xbc"), PII_BIRTH_DATE); /* 생년월일 */
	/* Not whole names, or other things. */
	CHECK_INT(pii_column_kind("username"), PII_NKINDS);
	CHECK_INT(pii_column_kind("filename"), PII_NKINDS);
	CHECK_INT(pii_column_kind("product_name"), PII_NKINDS);
	CHECK_INT(pii_column_kind("names"), PII_NKINDS);
	CHECK_INT(pii_column_kind("first_seen"), PII_NKINDS);
	CHECK_INT(pii_column_kind("date"), PII_NKINDS);
	CHECK_INT(pii_column_kind("\xec\x84\xb1\xeb\xb3\x84"), PII_NKINDS); /* 성별 (sex), not 성 */
	CHECK_INT(pii_column_kind(""), PII_NKINDS);
	CHECK_INT(pii_column_kind(NULL), PII_NKINDS);
}

/* Rule 11. */
static void test_pii_quasi_candidate(void)
{
	CHECK(pii_quasi_candidate("sex"));
	CHECK(pii_quasi_candidate("Gender"));
	CHECK(pii_quasi_candidate("age"));
	CHECK(pii_quasi_candidate("age_cat"));
	CHECK(pii_quasi_candidate("dob"));
	CHECK(pii_quasi_candidate("zip"));
	CHECK(pii_quasi_candidate("ZIP code"));
	CHECK(pii_quasi_candidate("postal_code"));
	CHECK(pii_quasi_candidate("postcode"));
	CHECK(pii_quasi_candidate("race"));
	CHECK(pii_quasi_candidate("ethnicity"));
	CHECK(pii_quasi_candidate("marital-status"));
	CHECK(pii_quasi_candidate("\xec\x84\xb1\xeb\xb3\x84")); /* 성별 */
	CHECK(!pii_quasi_candidate("name"));
	CHECK(!pii_quasi_candidate("stage"));
	CHECK(!pii_quasi_candidate("average"));
	CHECK(!pii_quasi_candidate("race_2"));
	CHECK(!pii_quasi_candidate("income"));
}

#define NAME_YES(cell) CHECK(pii_name_shape((cell), strlen(cell)))
#define NAME_NO(cell) CHECK(!pii_name_shape((cell), strlen(cell)))

/* Rule 9. */
static void test_pii_name_shape(void)
{
	NAME_YES("miguel hernandez");
	NAME_YES("Miguel");
	NAME_YES("  John  Smith ");
	NAME_YES("Mary-Jane O'Neil");
	NAME_YES("D\xe2\x80\x99" "Angelo");                  /* D’Angelo, U+2019 */
	NAME_YES("Jos\xc3\xa9 N\xc3\xba\xc3\xb1\x65z");      /* José Núñez */
	NAME_YES("\xc5\x81ukasz \xc5\xbb\xc3\xb3\xc5\x82w"); /* Łukasz Żółw */
	NAME_YES("Nguy\xe1\xbb\x85n");                      /* Nguyễn, U+1EC5 */
	NAME_YES("\xea\xb9\x80\xeb\xaf\xbc\xec\xa7\x80");   /* 김민지 */
	NAME_YES("J. R. Smith");
	NAME_YES("Smith, John");
	NAME_YES("Anna Maria de Souza");                  /* 4 tokens */
	NAME_NO("Anna Maria de la Souza");                /* 5 tokens */
	NAME_NO("");
	NAME_NO("   ");
	NAME_NO("AB-1234");
	NAME_NO("R2D2");
	NAME_NO("12");
	NAME_NO("x@y");
	NAME_NO("n/a");
	NAME_NO("-");
	NAME_NO("Mary--Jane");
	NAME_NO("O'");
	NAME_NO("'quoted'");
	NAME_NO("Smith.John");
	NAME_NO("A\xc3\x97" "B");                           /* × is not a letter */
	NAME_NO("\xe4\xb8\xad\xe6\x96\x87");                 /* Han, not Hangul */
	NAME_NO("Jos\xc3");                                 /* cut UTF-8 */
	NAME_NO("\xc0\x80");                                /* overlong */
	/* 129 bytes is too long for a name. */
	char longname[130];
	memset(longname, 'a', 129);
	longname[129] = '\0';
	NAME_NO(longname);
}

#define DATE_YES(cell) CHECK(pii_birth_date_shape((cell), strlen(cell), 20261207))
#define DATE_NO(cell) CHECK(!pii_birth_date_shape((cell), strlen(cell), 20261207))

/* Rule 10, with today = 2026-12-07. */
static void test_pii_birth_date_shape(void)
{
	DATE_YES("1947-04-18");
	DATE_YES("1947/04/18");
	DATE_YES("1947.4.18");
	DATE_YES("18/04/1947");   /* DD/MM */
	DATE_YES("04/18/1947");   /* MM/DD */
	DATE_YES("4/5/1947");
	DATE_YES("18.04.1947");
	DATE_YES("19470418");
	DATE_YES(" 1947-04-18 ");
	DATE_YES("1947-04-18 00:00:00");
	DATE_YES("1947-04-18T00:00:00.000Z");
	DATE_YES("1900-01-01");   /* the first day */
	DATE_YES("2026-12-07");   /* today */
	DATE_YES("2000-02-29");   /* leap year (divisible by 400) */
	DATE_NO("1899-12-31");
	DATE_NO("2026-12-08");    /* tomorrow */
	DATE_NO("1900-02-29");    /* 1900 is not a leap year */
	DATE_NO("1947-02-30");
	DATE_NO("1947-13-01");
	DATE_NO("1947-00-10");
	DATE_NO("13/13/1947");
	DATE_NO("1947-04/18");    /* mixed separators */
	DATE_NO("1947-04-18x");
	DATE_NO("1947-04-18 noon");
	DATE_NO("18/04/47");      /* two-digit year */
	DATE_NO("194704181");     /* 9 digits */
	DATE_NO("12345");
	DATE_NO("unknown");
	DATE_NO("");
	DATE_NO("2026");
}

static void test_pii_direct_masks(void)
{
	CHECK_MASK(PII_PERSON_NAME, "John Smith", "J*** S***");
	CHECK_MASK(PII_PERSON_NAME, "miguel hernandez", "m*** h***");
	CHECK_MASK(PII_PERSON_NAME, "  Mary-Jane  O'Neil ", "M*** O***");
	CHECK_MASK(PII_PERSON_NAME, "J. R. Smith", "J*** R*** S***");
	CHECK_MASK(PII_PERSON_NAME, "\xc3\x89mile", "\xc3\x89***");           /* Émile: É*** */
	CHECK_MASK(PII_PERSON_NAME, "\xea\xb9\x80\xeb\xaf\xbc\xec\xa7\x80", "\xea\xb9\x80***"); /* 김*** */
	CHECK_MASK(PII_PERSON_NAME, "Al", "A***");       /* the stars do not give the length */
	CHECK_MASK(PII_PERSON_NAME, "", "***");
	CHECK_MASK(PII_PERSON_NAME, "'x", "****");        /* not a letter first: nothing shown */
	CHECK_MASK(PII_BIRTH_DATE, "1947-04-18", "****-**-**");
	CHECK_MASK(PII_BIRTH_DATE, "18/04/1947", "**/**/****");
	CHECK_MASK(PII_BIRTH_DATE, "19470418", "********");
	CHECK_MASK(PII_BIRTH_DATE, "1947-04-18 00:00:00", "****-**-** **:**:**");
}

static void test_pii_masks(void)
{
	/* The masked forms given in the task and in src/pii.h. */
	CHECK_MASK(PII_EMAIL, "john.doe@example.com", "j***@e***.com");
	CHECK_MASK(PII_CREDIT_CARD, "4111 1111 1111 1111", "****-****-****-1111");
	/* 19 digits: groups of 4 from the left, the last of 3. */
	CHECK_MASK(PII_CREDIT_CARD, "6011000990139424123", "****-****-****-***4-123");
	CHECK_MASK(PII_KR_RRN, "900101-1234568", "******-*******");
	CHECK_MASK(PII_US_SSN, "123-45-6789", "***-**-****");
	CHECK_MASK(PII_IP, "192.168.0.1", "192.*.*.*");
	CHECK_MASK(PII_IP, "2001:db8::1", "2001:*");
	CHECK_MASK(PII_IBAN, "DE89370400440532013000", "DE******************00");
	CHECK_MASK(PII_PHONE, "010-1234-5678", "***-****-**78");
	CHECK_MASK(PII_NKINDS, "secret", "***");
	/* Truncated to PII_MASK_MAX - 1 bytes. */
	char longmail[200] = "a@b.";
	memset(longmail + 4, 'x', 150);
	longmail[154] = '\0';
	char out[PII_MASK_MAX];
	pii_mask(PII_EMAIL, longmail, strlen(longmail), out);
	CHECK_INT(strlen(out), PII_MASK_MAX - 1);
	CHECK(strncmp(out, "a***@b***.xxx", 13) == 0);
	/* An empty or malformed match does not crash. */
	pii_mask(PII_EMAIL, "", 0, out);
	CHECK_STR(out, "***");
	pii_mask(PII_IP, "", 0, out);
	CHECK_STR(out, "");
}

/*
 * Random cells, each copied into a buffer of exactly its length (so
 * AddressSanitizer catches any read past len): odd ones over an alphabet
 * rich in separators, even ones a valid example of some kind with 1-3 bytes
 * replaced, inserted or deleted. Invariants: spans lie inside the cell,
 * found kinds have non-empty spans and the others {0, 0}, spans of
 * different kinds never overlap (rule 0), and masks fit PII_MASK_MAX; the
 * name and date shapes (rules 9-10) run on the same cells.
 */
static unsigned long long fuzz_next(unsigned long long *seed)
{
	*seed = *seed * 6364136223846793005ull + 1442695040888963407ull; /* Knuth's MMIX LCG */
	return *seed >> 33;
}

static void test_pii_fuzz(void)
{
	static const char alphabet[] = "0123456789012345678901234567890123456789 -.:@+()ABDEGZabcefxyz\xc3\xff";
	static const char *const valid[] = {
		"john.doe@example.com", "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000",
		"4111 1111 1111 1111", "378282246310005", "900101-1234568", "123-45-6789",
		"192.168.0.1", "2001:db8::1", "+1 (555) 010-0199", "010-1234-5678", "02-123-4567",
	};
	unsigned long long seed = 20240601;
	int bad = 0;
	for (int n = 0; n < 100000 && !bad; n++) {
		char buf[64];
		size_t len;
		if (n & 1) {
			len = fuzz_next(&seed) % 48;
			for (size_t i = 0; i < len; i++)
				buf[i] = alphabet[fuzz_next(&seed) % (sizeof alphabet - 1)];
		} else {
			const char *v = valid[fuzz_next(&seed) % (sizeof valid / sizeof valid[0])];
			len = strlen(v);
			memcpy(buf, v, len);
			for (int edits = 1 + (int)(fuzz_next(&seed) % 3); edits > 0; edits--) {
				size_t at = len ? fuzz_next(&seed) % len : 0;
				char c = alphabet[fuzz_next(&seed) % (sizeof alphabet - 1)];
				switch (fuzz_next(&seed) % 3) {
				case 0:
					if (len)
						buf[at] = c;
					break;
				case 1:
					memmove(buf + at + 1, buf + at, len - at);
					buf[at] = c;
					len++;
					break;
				default:
					if (len) {
						memmove(buf + at, buf + at + 1, len - at - 1);
						len--;
					}
				}
			}
		}
		char *cell = len ? xmalloc(len) : NULL;
		if (len)
			memcpy(cell, buf, len);
		struct pii_match m[PII_NKINDS];
		unsigned mask = pii_scan(cell, len, m);
		for (int k = 0; k < PII_NKINDS; k++) {
			if (!(mask & (1u << k))) {
				bad |= m[k].start != 0 || m[k].len != 0;
				continue;
			}
			bad |= m[k].len == 0 || m[k].start + m[k].len > len;
			for (int j = 0; j < k; j++)
				if ((mask & (1u << j)) && m[j].start < m[k].start + m[k].len &&
				    m[k].start < m[j].start + m[j].len)
					bad = 1;
			char out[PII_MASK_MAX];
			pii_mask((enum pii_kind)k, cell + m[k].start, m[k].len, out);
			bad |= strlen(out) >= PII_MASK_MAX;
		}
		/* The whole-cell rules 9-10 and their masks read only inside the cell too. */
		(void)pii_name_shape(cell, len);
		(void)pii_birth_date_shape(cell, len, 20261207);
		for (int k = PII_PERSON_NAME; k <= PII_BIRTH_DATE; k++) {
			char out[PII_MASK_MAX];
			pii_mask((enum pii_kind)k, cell, len, out);
			bad |= strlen(out) >= PII_MASK_MAX;
		}
		if (bad)
			fprintf(stderr, "pii fuzz: invariant broken on cell %d: \"%.*s\"\n", n, (int)len, buf);
		free(cell);
	}
	CHECK(!bad);
}

void test_pii(void)
{
	test_pii_names();
	test_pii_email();
	test_pii_card();
	test_pii_iban();
	test_pii_rrn();
	test_pii_iban_length();
	test_pii_redact();
	test_pii_ssn();
	test_pii_ip();
	test_pii_phone();
	test_pii_claims();
	test_pii_bytes();
	test_pii_masks();
	test_pii_column_kind();
	test_pii_quasi_candidate();
	test_pii_name_shape();
	test_pii_birth_date_shape();
	test_pii_direct_masks();
	test_pii_fuzz();
}
