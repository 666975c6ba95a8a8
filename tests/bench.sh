#!/bin/sh
# bench.sh — `make bench`: times `dsaudit load` and `dsaudit audit` against
# the sqlite3 shell's .import of the same generated file, in the same run,
# and prints the figures, their ratios and peak memory.
#   sh tests/bench.sh BUILD_DIR [ROWS]
# The data is made by dsaudit-gen (seed 1) once and kept in BUILD_DIR/bench.
# Each tool writes a fresh database; times are wall-clock, memory is peak RSS.
set -e
BUILD=$1
ROWS=${2:-1000000}
DIR=$BUILD/bench
mkdir -p "$DIR"
DATA=$DIR/hiring-$ROWS.csv
# Made again when the generator's header changed (new columns, new effects).
if [ ! -s "$DATA" ] || [ "$(head -n 1 "$DATA")" != "$("$BUILD/dsaudit-gen" --rows 0)" ]; then
	"$BUILD/dsaudit-gen" --rows "$ROWS" --seed 1 -o "$DATA"
fi

measure() { # LABEL COMMAND... → prints a line, sets SECS
	label=$1
	shift
	sync # so neither run pays for writing back the other's pages
	rc=0
	"$BUILD/peak" "$@" >/dev/null 2>"$DIR/peak.out" || rc=$?
	# dsaudit audit exits 1 when a metric fails, as it does on this data.
	[ "$rc" -le 1 ] || {
		echo "bench: $label failed:" >&2
		cat "$DIR/peak.out" >&2
		exit 1
	}
	set -- $(tail -n 1 "$DIR/peak.out")
	SECS=$1
	PEAK=$2
	printf '  %-28s %7.2f s   peak %6.1f MB\n' "$label" "$1" "$(awk "BEGIN { print $2 / 1024 }")"
}

# Read the file once so neither tool pays for a cold page cache.
cat "$DATA" >/dev/null
cols=$(head -n 1 "$DATA" | tr ',' '\n' | wc -l)
size=$(wc -c <"$DATA")
printf 'dsaudit bench: %s rows x %s columns (%.1f MB), dsaudit-gen --seed 1\n' "$ROWS" "$cols" \
	"$(awk "BEGIN { print $size / 1000000 }")"

rm -f "$DIR/import.db" "$DIR/load.db"
measure "sqlite3 shell .import" sqlite3 "$DIR/import.db" -cmd ".mode csv" ".import $DATA data"
IMPORT=$SECS
measure "dsaudit load" ./dsaudit load "$DATA" --db "$DIR/load.db" --no-progress
LOAD=$SECS
# Each audit stores the rows into a new database of its own (never the
# user's default one), as a first audit of a file does.
rm -rf "$DIR/audit" "$DIR"/audit.db*
measure "dsaudit audit (json)" ./dsaudit audit "$DATA" --label hired --protected sex,race \
	--strata department --db "$DIR/audit.db" --out "$DIR/audit" --no-progress
AUDIT=$SECS
# Every family: measurement (screener, gold, three annotators), quality, privacy;
# then the same audit rendering every report (reports render records, not rows).
# Each is run three times, alternately, and the fastest run kept: the reports' share
# is small enough that one run's noise would hide it.
families() {
	rm -rf "$DIR/audit" "$DIR"/audit.db*
	measure "$1" ./dsaudit audit "$DATA" --label hired --protected sex,race \
		--strata department --prediction screen_pass --gold qualified \
		--annotators rater_1,rater_2,rater_3 --id applicant_id \
		--quasi-identifiers sex,age,postcode --sensitive hired --db "$DIR/audit.db" --out "$DIR/audit" \
		--no-progress "$2"
}
ALL=999999
REPORTS=999999
for run in 1 2 3; do
	families "dsaudit audit (all families)" --format=json
	ALL=$(awk "BEGIN { print ($SECS < $ALL) ? $SECS : $ALL }")
	families "  ... with every report" --format=json,xlsx,png,svg,pdf,md,html
	REPORTS=$(awk "BEGIN { print ($SECS < $REPORTS) ? $SECS : $REPORTS }")
done
printf '  %-28s %7.2f     (goal <= 0.80)\n' "ratio load / import" "$(awk "BEGIN { print $LOAD / $IMPORT }")"
# Every audit profiles every column since the quality and measurement
# families came, so both audits are held to their goal.
printf '  %-28s %7.2f     (goal <= 2.00, peak goal < 150 MB)\n' "ratio audit / import" \
	"$(awk "BEGIN { print $AUDIT / $IMPORT }")"
printf '  %-28s %7.2f     (goal <= 2.00, peak goal < 150 MB)\n' "ratio all families / import" \
	"$(awk "BEGIN { print $ALL / $IMPORT }")"
printf '  %-28s %6.1f%%     (goal < 10%%)\n' "time the reports add" \
	"$(awk "BEGIN { print 100 * ($REPORTS - $ALL) / $ALL }")"
rm -rf "$DIR/import.db" "$DIR/load.db" "$DIR/audit" "$DIR"/audit.db*
