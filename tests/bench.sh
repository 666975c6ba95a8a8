#!/bin/sh
# bench.sh — `make bench`: times `dsaudit load` and `dsaudit audit` against
# the sqlite3 shell's .import of the same generated file, in the same run,
# at 1,000,000 and at 10,000,000 rows, and prints the figures, their ratios,
# peak memory and the goals of issue 12 beside them (a goal missed is printed,
# never a failure).
#   sh tests/bench.sh BUILD_DIR
#   BENCH_ROWS=1000000 sh tests/bench.sh BUILD_DIR    only the 1M figures
#   BENCH_ROWS=10000000 ...                           only the 10M ones
# The 1M file is made by dsaudit-gen (seed 1) once and kept in BUILD_DIR/bench;
# the 10M one (about 900 MB, and a database of about 1 GB at a time) is made into a
# `mktemp -d` directory (TMPDIR, else /tmp) and removed afterwards, also on a
# failure or an interrupt; when that directory has less than about 6 GB free,
# a line says so and the 10M figures are skipped. Any size other than 1M is
# treated as the large one (BENCH_LARGE=200000 tries that path quickly).
# Each tool writes a fresh database; times are wall-clock, memory is peak RSS.
# DuckDB, which the `--no-rows` goal is measured against, is timed by hand
# beside this, never by it: node tests/bench/duckdb/audit.mjs FILE.
# At each size the same rows are then loaded into two ClickHouse servers
# (tests/servers.sh, the shards of a Distributed table) and audited there,
# every family, beside the local --no-rows audit of the file (issue 13); the
# servers' own time is in that audit's wall-clock time, their memory is not
# in its peak. When ClickHouse cannot start, a line says so.
set -e
BUILD=$1
SMALL=1000000
LARGE=${BENCH_LARGE:-10000000}
SIZES=$(echo "${BENCH_ROWS:-$SMALL $LARGE}" | tr ',' ' ')
KEPT=$BUILD/bench
mkdir -p "$KEPT"
TMP=
SERVERS=
trap '[ -z "$SERVERS" ] || sh tests/servers.sh stop "$SERVERS"; [ -z "$TMP" ] || rm -rf "$TMP"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

measure() { # LABEL COMMAND... → prints a line, sets SECS and PEAK (KiB)
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
	printf '  %-32s %7.2f s   peak %6.1f MiB\n' "$label" "$1" "$(awk "BEGIN { print $2 / 1024 }")"
}
least() { awk "BEGIN { print ($1 < $2) ? $1 : $2 }"; }
most() { awk "BEGIN { print ($1 > $2) ? $1 : $2 }"; }

# Every family: measurement (screener, gold, three annotators), quality, privacy.
families() { # LABEL OPTIONS...
	label=$1
	shift
	rm -rf "$DIR/audit" "$DIR"/audit.db*
	measure "$label" ./dsaudit audit "$DATA" --label hired --protected sex,race \
		--strata department --prediction screen_pass --gold qualified \
		--annotators rater_1,rater_2,rater_3 --id applicant_id \
		--quasi-identifiers sex,age,postcode --sensitive hired --db "$DIR/audit.db" --out "$DIR/audit" \
		--no-progress "$@"
	rm -rf "$DIR/audit" "$DIR"/audit.db*
}

# The generator's columns, typed as dsaudit infers them from its file.
TYPES="applicant_id integer, sex text, race text, age integer, education text, years_experience integer, \
test_score real, postcode text, referral boolean, womens_club integer, department text, interview_score real, \
hired integer, screen_pass integer, notes text, qualified integer, rater_1 integer, rater_2 integer, rater_3 integer"

# The same audit as families --no-rows, of the same rows in a two-shard ClickHouse.
clickhouse() {
	SERVERS=$DIR/servers
	sh tests/servers.sh start "$SERVERS"
	. "$SERVERS/env"
	if [ -z "$DSAUDIT_CH" ]; then
		printf '  %-32s skipped: %s\n' "dsaudit audit clickhouse" "$DSAUDIT_CH_SKIP"
	else
		t0=$(date +%s.%N)
		sh tests/servers.sh ch-load "$SERVERS" bench "$DATA" "$TYPES"
		printf '  %-32s %7.2f s   (tests/servers.sh ch-load: CSV to TSV, insert, not timed against)\n' \
			"load into clickhouse, 2 shards" "$(awk "BEGIN { print $(date +%s.%N) - $t0 }")"
		DATA_FILE=$DATA
		DATA=$DSAUDIT_CH
		families "dsaudit audit clickhouse, 2 shards" --format=json --table bench
		DATA=$DATA_FILE
		printf '  %-32s %7.2f     (the local --no-rows audit of the file: %.2f s)\n' \
			"ratio clickhouse / --no-rows" "$(awk "BEGIN { print $SECS / $NOROWS }")" "$NOROWS"
	fi
	sh tests/servers.sh stop "$SERVERS"
	rm -rf "$SERVERS"
	SERVERS=
}

bench_size() { # ROWS → prints its figures, sets ALL (best time of every family; empty when skipped)
	ROWS=$1
	ALL=
	if [ "$ROWS" = "$SMALL" ]; then
		DIR=$KEPT
		DATA=$DIR/hiring-$ROWS.csv
		RUNS=3
		# Made again when the generator's header changed (new columns, new effects).
		if [ ! -s "$DATA" ] || [ "$(head -n 1 "$DATA")" != "$("$BUILD/dsaudit-gen" --rows 0)" ]; then
			"$BUILD/dsaudit-gen" --rows "$ROWS" --seed 1 -o "$DATA"
		fi
	else
		TMP=$(mktemp -d "${TMPDIR:-/tmp}/dsaudit-bench.XXXXXX")
		DIR=$TMP
		RUNS=1
		# About 90 bytes a row for the file and 100 for each database (import,
		# load, audit, each removed before the next; 1M rows, 2026-12-07), with
		# their journals and whatever the audit spills: 600 a row leaves room,
		# 6 GB at 10M rows.
		free=$(df -Pk "$TMP" | awk 'NR == 2 { print $4 }')
		need=$(awk "BEGIN { printf \"%d\", $ROWS * 600 / 1024 }")
		if [ "$free" -lt "$need" ]; then
			printf 'dsaudit bench: %s rows skipped: %.1f GB free in %s, about %.1f GB needed for the file and its databases\n' \
				"$ROWS" "$(awk "BEGIN { print $free / 1048576 }")" "$TMP" "$(awk "BEGIN { print $need / 1048576 }")"
			rm -rf "$TMP"
			TMP=
			return 0
		fi
		DATA=$DIR/hiring-$ROWS.csv
		"$BUILD/dsaudit-gen" --rows "$ROWS" --seed 1 -o "$DATA"
	fi

	# Read the file once so neither tool pays for a cold page cache.
	cat "$DATA" >/dev/null
	cols=$(head -n 1 "$DATA" | tr ',' '\n' | wc -l)
	size=$(wc -c <"$DATA")
	printf 'dsaudit bench: %s rows x %s columns (%.1f MB), dsaudit-gen --seed 1, best of %s run(s)\n' \
		"$ROWS" "$cols" "$(awk "BEGIN { print $size / 1000000 }")" "$RUNS"
	if [ "$DIR" = "$TMP" ]; then
		printf '  (in %s, %.1f GB free, removed afterwards)\n' "$TMP" "$(awk "BEGIN { print $free / 1048576 }")"
	fi

	rm -f "$DIR/import.db" "$DIR/load.db"
	measure "sqlite3 shell .import" sqlite3 "$DIR/import.db" -cmd ".mode csv" ".import $DATA data"
	IMPORT=$SECS
	rm -f "$DIR/import.db"
	measure "dsaudit load" ./dsaudit load "$DATA" --db "$DIR/load.db" --no-progress
	LOAD=$SECS
	rm -f "$DIR/load.db"
	# Each audit stores the rows into a new database of its own (never the
	# user's default one), as a first audit of a file does.
	rm -rf "$DIR/audit" "$DIR"/audit.db*
	measure "dsaudit audit (json)" ./dsaudit audit "$DATA" --label hired --protected sex,race \
		--strata department --db "$DIR/audit.db" --out "$DIR/audit" --no-progress
	AUDIT=$SECS
	rm -rf "$DIR/audit" "$DIR"/audit.db*
	# Every family, without and with --no-rows, then (at 1M) the same audit
	# rendering every report (reports render records, not rows). Each is run
	# RUNS times, alternately, and the fastest run kept: the reports' share is
	# small enough that one run's noise would hide it.
	ALL=999999
	NOROWS=999999
	REPORTS=999999
	ALL_PEAK=0
	NOROWS_PEAK=0
	run=0
	while [ "$run" -lt "$RUNS" ]; do
		run=$((run + 1))
		families "dsaudit audit (all families)" --format=json
		ALL=$(least "$SECS" "$ALL")
		ALL_PEAK=$(most "$PEAK" "$ALL_PEAK")
		families "  ... with --no-rows" --format=json --no-rows
		NOROWS=$(least "$SECS" "$NOROWS")
		NOROWS_PEAK=$(most "$PEAK" "$NOROWS_PEAK")
		if [ "$ROWS" = "$SMALL" ]; then
			families "  ... with every report" --format=json,xlsx,png,svg,pdf,md,html
			REPORTS=$(least "$SECS" "$REPORTS")
		fi
	done
	printf '  %-32s %7.2f     (goal <= 0.80)\n' "ratio load / import" "$(awk "BEGIN { print $LOAD / $IMPORT }")"
	printf '  %-32s %7.2f     (goal <= 2.00)\n' "ratio audit / import" \
		"$(awk "BEGIN { print $AUDIT / $IMPORT }")"
	printf '  %-32s %7.2f     (goal <= 1.30)\n' "ratio all families / import" \
		"$(awk "BEGIN { print $ALL / $IMPORT }")"
	printf '  %-32s %7.1f MiB (goal < 128 MiB)\n' "peak all families" "$(awk "BEGIN { print $ALL_PEAK / 1024 }")"
	printf '  %-32s %7.1f MiB (goal < 128 MiB)\n' "peak all families --no-rows" \
		"$(awk "BEGIN { print $NOROWS_PEAK / 1024 }")"
	printf '  %-32s %7.2f s   (goal <= half of DuckDB on the same file: tests/bench/duckdb/audit.mjs)\n' \
		"all families --no-rows" "$NOROWS"
	if [ "$ROWS" = "$SMALL" ]; then
		printf '  %-32s %6.1f%%     (goal < 10%%)\n' "time the reports add" \
			"$(awk "BEGIN { print 100 * ($REPORTS - $ALL) / $ALL }")"
	fi
	clickhouse
	rm -f "$DIR/peak.out"
	if [ "$DIR" = "$TMP" ]; then
		rm -rf "$TMP"
		TMP=
	fi
}

ALL_SMALL=
ALL_LARGE=
# (Not `if bench_size`: set -e does not hold inside a condition.)
for rows in $SIZES; do
	bench_size "$rows"
	if [ "$rows" = "$SMALL" ]; then
		ALL_SMALL=$ALL
	else
		ALL_LARGE=$ALL
		ROWS_LARGE=$rows
	fi
done
# Time grows with the rows, not faster: 10 times the rows in at most 11 times the time.
if [ -n "$ALL_SMALL" ] && [ -n "$ALL_LARGE" ]; then
	printf 'dsaudit bench: all families, %s rows / %s rows: %.2f times the time (goal <= %.2f)\n' \
		"$ROWS_LARGE" "$SMALL" "$(awk "BEGIN { print $ALL_LARGE / $ALL_SMALL }")" \
		"$(awk "BEGIN { print 1.1 * $ROWS_LARGE / $SMALL }")"
fi
