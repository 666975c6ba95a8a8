/*
 * pii.h — detectors of personal data in text cells: e-mail addresses, phone
 * numbers, payment card numbers, Korean resident registration numbers, US
 * social security numbers, IP addresses and IBANs; and direct identifiers
 * found from a column's name with its values' shape: person names and birth
 * dates. Entry points: pii_scan (which kinds a cell holds, and where),
 * pii_column_kind, pii_name_shape, pii_birth_date_shape (rules 8-10),
 * pii_quasi_candidate (rule 11), pii_mask (the only form of a value any
 * report may show), pii_metric_name.
 *
 * The counting scan calls pii_scan on every non-missing text cell, so it is
 * built for speed: a cell with no ASCII digit and no '@' is rejected in one
 * pass over its bytes; there is no allocation, no regex library, and no
 * locale (character classes are ASCII, written out).
 *
 * Detection rules (the man page quotes them; pii.c cites the numbers):
 *
 *  0. General. A cell is any bytes (not NUL-terminated, possibly invalid
 *     UTF-8). A match must be delimited: the byte before it and the byte
 *     after it are not ASCII letters or digits ("abc4111111111111111" does
 *     not count). Non-ASCII bytes delimit, so "010-1234-5678로" counts
 *     (Korean particles attach to the number). Kinds claim spans in this
 *     order: email, IBAN, credit card, RRN, SSN, IP, phone; a candidate that
 *     overlaps a span already claimed by an earlier kind is dropped, so a
 *     value is counted once (a card number is not also a phone). A cell
 *     with more than 64 matches in all is still scanned to the end, but
 *     only the first 64 spans shield later kinds.
 *  1. Email: a local part [A-Za-z0-9._%+-]+ (the longest such run before
 *     the '@'), '@', then domain labels [A-Za-z0-9-]+ separated by single
 *     dots: at least two labels, the last (the TLD) of two or more letters
 *     only. The domain is the longest run of labels that ends so
 *     ("a@example.com.2" matches "a@example.com").
 *  2. Phone. (a) International: '+' then 8-15 digits in all, the first one
 *     1-9 (no country code starts with 0), in groups separated by a single
 *     space, hyphen or dot; a group may be parenthesised ("+1 (555)
 *     010-0199", "+44 (0)20 7946 0958") and needs no separator next to its
 *     parenthesis. Groups are taken while the total stays within 15 digits.
 *     (b) Korean national numbers: mobile 010, 011, 016, 017, 018, 019,
 *     then 3-4 digits, then 4 digits, with '-', '.' or ' ' (the same one
 *     twice) or no separators ("010-1234-5678", "01012345678"); Seoul
 *     02-XXX(X)-XXXX, area codes 0[3-6][1-5]-XXX(X)-XXXX and 070-XXXX-XXXX,
 *     with separators required ('-', '.' or ' ', the same one twice).
 *     Other national formats (a US "(555) 010-0199" without '+', Korean
 *     "(02)123-4567" or "1588-1234") are not counted.
 *  3. Credit card: 13-19 digits, first digit 2-6, Luhn-valid only. Written
 *     either as one run of digits (the whole run, 13-19 digits) or in
 *     groups separated by single spaces or by single hyphens (one kind per
 *     number): a first group of 4 digits, then groups of 3-6 digits
 *     (4-4-4-4, 4-6-5, 4-4-4-4-3). Grouping stops at a group of another
 *     size, so "4111 1111 1111 1111 12/25" matches the card; more than 19
 *     grouped digits is a longer number, not a card. A 13-digit number
 *     must start with 4 (only Visa issues 13 digits), so a bare Korean RRN
 *     born in the 1920s-60s is not taken for a card.
 *  4. Korean resident registration number (RRN): YYMMDD-GNNNNNC, the hyphen
 *     optional (13 digits), month 01-12, day 01-31, G in 1-8, and the
 *     checksum: weights 2,3,4,5,6,7,8,9,2,3,4,5 on the first 12 digits,
 *     check = (11 - sum mod 11) mod 10 must equal the last digit.
 *  5. US SSN: AAA-GG-SSSS with hyphens only (a bare 9-digit run is too
 *     ambiguous), area not 000, 666 or 900-999, group not 00, serial not
 *     0000.
 *  6. IP address. IPv4: a dotted quad, each part 0-255 with no leading zero
 *     (except "0" itself), not part of a longer dotted run ("1.2.3.4.5" and
 *     the "2.3.4.5" in it do not count; a sentence's final dot is fine).
 *     IPv6: the longest token of hex digits, colons and dots (trailing dots
 *     dropped) with at least two colons and at least one decimal digit, that
 *     inet_pton(AF_INET6) accepts ("2001:db8::1", "::ffff:192.0.2.1"). The
 *     digit requirement keeps the rule consistent with the quick first pass;
 *     so an address of letters only ("fe::ab", "::") is not counted.
 *  7. IBAN: two uppercase letters, two check digits, then 11-30 uppercase
 *     letters or digits (total length 15-34), either contiguous or in
 *     groups of 4 separated by single spaces, the last group 1-4 long;
 *     ISO 13616 mod-97 check == 1. When grouped, trailing groups are
 *     dropped until the check passes, so "BE68 5390 0754 7034 EUR" matches
 *     the IBAN. For the SEPA countries the length must be the country's
 *     (SWIFT IBAN registry: DE 22, GB 22, FR 27, ...), so a shorter piece of
 *     a longer number does not pass mod 97 by chance.
 *
 * Direct identifiers are not looked for in single cells: a lone "Rose" or
 * "1980-05-01" says nothing. A column is a candidate by its name (rule 8),
 * and its cells are then tested for the shape (rules 9 and 10); the counting
 * step (profile.h rule 17) reports the column only when at least 80% of its
 * non-missing cells have the shape.
 *  8. Column names. The name is normalised: ASCII letters lower-cased and
 *     '_', '-', '.' and spaces dropped (so "First Name", "first_name" and
 *     "FIRST-NAME" are "firstname"); it must then equal one of
 *       person name: name, fullname, firstname, first, fname, givenname,
 *         forename, middlename, lastname, last, lname, surname,
 *         familyname, personname, 성명, 이름, 성
 *       birth date: dob, birthdate, dateofbirth, birthday, birthdt,
 *         생년월일, 생일
 *     A whole-name match only: "username", "filename" or "product_name" are
 *     not candidates.
 *  9. Name shape: after trimming spaces, 1 to 4 tokens separated by runs of
 *     spaces, at most 128 bytes. A token starts with a letter and holds
 *     letters, with single apostrophes (' or U+2019) or hyphens between
 *     letters; it may end in one '.' or ',' ("J.", "Smith,"). Letters are
 *     ASCII A-Z a-z, Latin-1 and Latin Extended letters U+00C0-U+024F (but
 *     U+00D7 and U+00F7), U+1E00-U+1EFF, and Hangul syllables
 *     U+AC00-U+D7A3. So no digit, and no other punctuation: "AB-1234",
 *     "n/a 2" and "x@y" are not names; "Mary-Jane O'Neil", "José Núñez" and
 *     "김민지" are.
 * 10. Birth-date shape: after trimming spaces, one of YYYY-MM-DD,
 *     YYYY/MM/DD, YYYY.MM.DD (month and day one or two digits, the same
 *     separator twice), DD/MM/YYYY or MM/DD/YYYY (separator '/', '-' or
 *     '.', the same twice; either reading may make it valid), or YYYYMMDD
 *     (exactly 8 digits); optionally followed by a time: 'T' or one space,
 *     then digits, ':' and '.', and an optional 'Z' ("1947-04-18 00:00:00").
 *     The date must exist (days per month, leap years) and lie between
 *     1900-01-01 and today, inclusive (the caller's today, as YYYYMMDD).
 * 11. Candidate quasi-identifiers, by a normalised name as in rule 8: sex,
 *     gender, age, agegroup, agecat, the birth-date names of rule 8,
 *     birthyear, yearofbirth, yob, zip, zipcode, zip5, postcode,
 *     postalcode, race, ethnicity, maritalstatus, 성별, 나이, 연령, 우편번호.
 */
#ifndef DSAUDIT_PII_H
#define DSAUDIT_PII_H

#include <stddef.h>

enum pii_kind {
	PII_EMAIL,
	PII_PHONE,
	PII_CREDIT_CARD,
	PII_KR_RRN,
	PII_US_SSN,
	PII_IP,
	PII_IBAN,
	PII_PERSON_NAME,   /* never set by pii_scan: found per column (rules 8-9) */
	PII_BIRTH_DATE,    /* likewise (rules 8 and 10) */
	PII_NKINDS
};

/*
 * The metric name of a kind: "pii_email", "pii_phone", "pii_credit_card",
 * "pii_kr_rrn", "pii_us_ssn", "pii_ip", "pii_iban", "pii_person_name",
 * "pii_birth_date"; NULL for anything else.
 */
const char *pii_metric_name(enum pii_kind k);

/*
 * Rule 8: PII_PERSON_NAME or PII_BIRTH_DATE when the column's name (a
 * NUL-terminated string) is one of that kind's names, else PII_NKINDS.
 */
enum pii_kind pii_column_kind(const char *column);

/* Rule 9: 1 when the len bytes at s have the shape of a person's name. */
int pii_name_shape(const char *s, size_t len);

/*
 * Rule 10: 1 when the len bytes at s are a date from 1900-01-01 to today
 * (YYYYMMDD as a number, e.g. 20261207).
 */
int pii_birth_date_shape(const char *s, size_t len, long today);

/* Rule 11: 1 when the column's name names a candidate quasi-identifier. */
int pii_quasi_candidate(const char *column);

struct pii_match {
	size_t start, len; /* byte range in the cell */
};

/*
 * Scans one cell of len bytes (not NUL-terminated; any bytes, possibly
 * invalid UTF-8; s may be NULL when len is 0). Returns a bit mask: bit
 * (1u << k) is set when the cell holds at least one value of kind k, and
 * then m[k] gives the first (leftmost) one. Entries of kinds not found are
 * {0, 0}. m may be NULL when only the mask is wanted. No allocation.
 */
unsigned pii_scan(const char *s, size_t len, struct pii_match m[PII_NKINDS]);

#define PII_MASK_MAX 64

/*
 * Writes the masked form of a match of kind k (the len bytes at match, as
 * pii_scan found them) to out: NUL-terminated, at most PII_MASK_MAX bytes
 * with the NUL, truncated if longer. At most 4 characters of the value are
 * revealed (plus an email's top-level domain), and its shape is kept:
 *   email        first char of the local part, "***@", first char of the
 *                domain, "***", the last label: j***@e***.com
 *   phone        a leading '+' kept, every digit '*' but the last 2,
 *                separators and parentheses as written: +** **-****-**78
 *   credit card  digits only, every one '*' but the last 4, in groups of 4
 *                from the left joined by '-': ****-****-****-1111,
 *                ****-****-***0-005 (15 digits)
 *   RRN          every digit '*', the hyphen kept if written: ******-*******
 *   SSN          ***-**-****
 *   IP           IPv4 first octet kept: 192.*.*.*; IPv6 first group kept,
 *                then ":*": 2001:* (or ::* when it starts with "::")
 *   IBAN         country code kept, the rest '*' but the last 2, no spaces:
 *                DE******************00
 *   person name  each token's first character (a whole UTF-8 character)
 *                then "***", tokens joined by one space, a token's final
 *                '.' or ',' dropped: "Mary-Jane O'Neil" is M*** O***,
 *                "김민지" is 김***. Three stars whatever the length, as for
 *                an email, so the mask does not give the name's length.
 *   birth date   every digit '*', everything else as written: 1980-05-01
 *                is ****-**-**, 19800501 is ******** (nothing revealed, not
 *                even the year: with sex and a postcode a birth date
 *                identifies most people, and a year narrows it a lot)
 * Any other k writes "***".
 */
void pii_mask(enum pii_kind k, const char *match, size_t len, char out[PII_MASK_MAX]);

/*
 * The text with every value of every kind replaced by its mask, for any
 * place where data reaches a report or a message (group names, listed
 * values). NULL when the text holds none, so callers keep their own copy;
 * else a new string the caller frees.
 */
char *pii_redact(const char *s, size_t len);

#endif
