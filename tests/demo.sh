#!/bin/sh
# demo.sh — what `make demo` runs: sh tests/demo.sh BUILD_DIR
# Generates the bundled demo data once (dsaudit-out/hiring.csv, 2000 rows,
# seed 1, from BUILD_DIR/dsaudit-gen), loads it into dsaudit-out/dsaudit.db,
# then shows what was stored and a small SQL summary by sex. Safe to run
# again: the second load finds the same file and adds nothing.

set -e
if [ $# -ne 1 ]; then
	echo "usage: sh tests/demo.sh BUILD_DIR" >&2
	exit 2
fi
BUILD=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."

DATA=dsaudit-out/hiring.csv
DB=dsaudit-out/dsaudit.db
mkdir -p dsaudit-out
if [ ! -f "$DATA" ]; then
	"$BUILD/dsaudit-gen" --rows 2000 --seed 1 -o "$DATA"
fi

echo "\$ ./dsaudit load $DATA --db $DB"
./dsaudit load "$DATA" --db "$DB"

# The version that holds this very file (same name and SHA-256 as the load used).
sum=$(sha256sum "$DATA" | cut -c1-64)
id=$(sqlite3 "$DB" "select id from dataset where name = 'hiring' and sha256 = '$sum' order by version limit 1")

echo
echo "Stored versions (table dataset):"
sqlite3 -header -column "$DB" "select id, name, version, rows, columns, format, loaded_at from dataset order by id"

echo
echo "Preview until 'dsaudit audit' exists: applicants and hiring rate by sex (SQL on data_$id)"
sqlite3 -header -column "$DB" "
select sex,
       count(*) as applicants,
       printf('%.1f%%', 100.0 * count(*) / (select count(*) from data_$id)) as share,
       sum(hired) as hired,
       printf('%.3f', avg(hired)) as hired_rate
from data_$id group by sex order by sex"
echo
echo "Database: $DB (query it with sqlite3; tables are described in man/dsaudit.1)"
