#!/bin/sh
# demo.sh — what `make demo` runs: sh tests/demo.sh
# Audits the bundled hiring dataset (fixtures/hiring.csv: 5,000 rows made by
# dsaudit-gen --rows 5000 --seed 1, with the group effects planted as
# documented in src/gen.c) with fixtures/hiring_audit.json, writing
# dsaudit-out/report.json and dsaudit-out/dsaudit.db. The audit exits 1
# because it finds the planted disparity against women; that is the demo
# working, so only other statuses fail `make demo`.

cd "$(dirname "$0")/.." || exit 2
echo "\$ ./dsaudit audit fixtures/hiring.csv --config fixtures/hiring_audit.json --out dsaudit-out"
./dsaudit audit fixtures/hiring.csv --config fixtures/hiring_audit.json --out dsaudit-out
status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
	exit "$status"
fi
echo
echo "Exit status $status (1: a metric failed its threshold). The planted effects to look for:"
echo "  sex: women are 38% of applicants against 50% of the population, and are hired"
echo "  at about 0.7 times the rate of men (four-fifths rule: fail);"
echo "  race: no planted penalty, so every race's disparate impact stays inside [0.8, 1.25]."
echo
echo "Failing records, from the database:"
sqlite3 -header -column dsaudit-out/dsaudit.db "
select attribute, \"group\", reference, printf('%.3f', value) as value,
       printf('%.3f-%.3f', ci_low, ci_high) as ci95, n
from metric where status = 'fail' and audit_id = (select max(id) from audit)
order by attribute, \"group\""
echo
echo "Report: dsaudit-out/report.json   Database: dsaudit-out/dsaudit.db (see man/dsaudit.1)"
