#!/bin/sh
# demo.sh — what `make demo` runs: sh tests/demo.sh
# Audits the bundled hiring dataset (fixtures/hiring.csv: 5,000 rows made by
# dsaudit-gen --rows 5000 --seed 1, with the group effects planted as
# documented in src/gen.c) with fixtures/hiring_audit.json, writing every
# report (report.json, report.xlsx, charts/, report.pdf, summary.md) into
# dsaudit-out/ and the audit into the database build/demo.db (never inside the
# report directory: it holds the rows; make clean removes it). The audit exits 1
# because it finds the planted disparity against women and the planted
# personal data; that is the demo working, so only other statuses fail
# `make demo`.

cd "$(dirname "$0")/.." || exit 2
mkdir -p build
echo "\$ ./dsaudit audit fixtures/hiring.csv --config fixtures/hiring_audit.json --out dsaudit-out --db build/demo.db"
./dsaudit audit fixtures/hiring.csv --config fixtures/hiring_audit.json --out dsaudit-out --db build/demo.db
status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
	exit "$status"
fi
echo
echo "Exit status $status (1: a metric failed its threshold). The planted effects to look for:"
echo "  selection:   women are hired at about 0.7 times the rate of men (four-fifths rule: fail);"
echo "               race has no planted penalty, so no race fails."
echo "  measurement: the screener misses qualified women more often (fnr_disparity); labels are"
echo "               wrong for women more often (label_error_rate); annotators disagree on"
echo "               Hispanic applicants; postcode stands in for race and womens_club for sex"
echo "               (proxy_strength); interview_score is missing more for Black applicants."
echo "  privacy:     e-mail addresses, phones, cards, RRNs, SSNs, IPs and IBANs in notes,"
echo "               shown masked; sex, age and postcode single out most applicants."
echo
echo "Failed and warned records by family, from the database:"
sqlite3 -header -column build/demo.db "
select family, metric, ifnull(attribute, '') as attribute, ifnull(\"column\", '') as \"column\",
       ifnull(\"group\", '') as \"group\", printf('%.4g', value) as value, status
from metric where status in ('fail', 'warn') and audit_id = (select max(id) from audit)
  and attribute is not 'sex*race'
order by case family when 'representation' then 1 when 'selection' then 2
  when 'measurement' then 3 when 'quality' then 4 else 5 end, status, metric"
echo
echo "Reports in dsaudit-out/: report.xlsx (for reviewers), report.pdf, charts/*.png and *.svg,"
echo "summary.md, report.json; the database build/demo.db, outside them (see man/dsaudit.1, DATABASE)."
