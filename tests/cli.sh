#!/usr/bin/env bash
# cli.sh — runs the command-line tests, which are data in tests/*.test
# (in the spirit of jq's tests/jq.test).
#   usage: tests/cli.sh BIN_DIR FILE.test...
# BIN_DIR holds the dsaudit under test and is put first on PATH. Commands run
# with `bash -c` from the repo root, stdin from /dev/null, with $T a fresh
# empty directory (removed after the case), $FIX the absolute fixtures/ path
# and $DSAUDIT_GEN the generator, when given in the environment. DSAUDIT_DB
# is "$T/dsaudit.db", so an audit without --db stores there.
#
# File format, one item per line (blank lines and `# ...` ignored):
#   ### name      starts a case; a case is one test
#   $ command     runs a command; the lines below it are its expectations
#   ? N           exit status is N (default 0)
#   > text        stdout contains text        ! text   stderr contains text
#   ~ text        stdout does not contain text
#   = line        stdout is exactly the = lines of this command, joined with
#                 newlines (one trailing newline of the output is ignored)
#   % needs VAR   (before the case's commands) runs the case only if the
#                 environment variable VAR is not empty; else it is skipped
#                 with $VAR_SKIP as the reason (tests/run sets both for each
#                 server of tests/servers.sh, VAR empty if it did not start)
# All text is compared literally. A case stops at its first failing command.
# Any sanitizer report on stderr fails the command too: ASan exits with 1,
# the same status as a failed gate, so the status alone would not show it.
# Ends with "cli: N passed, M failed", after "cli: K skipped" if K > 0;
# exits 1 if any case failed.
# CLI_TIMEOUT (seconds, default 300, 0 = none) bounds each command.
# CLI_SHOW_LINES (default 20) is how much of a failing command's output is shown.

set -u

if [ $# -lt 1 ]; then
	echo "usage: tests/cli.sh BIN_DIR FILE.test..." >&2
	exit 2
fi

ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 2
BIN=$(cd "$1" && pwd) || { echo "cli.sh: no directory $1" >&2; exit 2; }
shift
export FIX="$ROOT/fixtures"
if [ -n "${DSAUDIT_GEN:-}" ]; then
	case $DSAUDIT_GEN in
	/*) ;;
	*) DSAUDIT_GEN="$PWD/$DSAUDIT_GEN" ;;
	esac
	export DSAUDIT_GEN
fi
TIMEOUT=${CLI_TIMEOUT:-300}
CLI_SHOW_LINES=${CLI_SHOW_LINES:-20}
if ! command -v timeout >/dev/null 2>&1; then
	TIMEOUT=0
fi

passed=0
failed=0
skipped=0
work=""
trap 'if [ -n "$work" ]; then chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"; fi' EXIT
trap 'exit 130' INT TERM

# The case being read: its commands and their expectations, in parallel arrays.
case_name=""
case_line=0
case_error=""
c_cmd=() c_line=() c_status=() c_exact=() c_has_exact=()
e_ci=() e_kind=() e_text=()
needs=()

reset_case() {
	case_name=$1
	case_line=$2
	case_error=""
	c_cmd=() c_line=() c_status=() c_exact=() c_has_exact=()
	e_ci=() e_kind=() e_text=()
	needs=()
}

# Prints at most 20 lines of file $2, headed by $1, indented.
show() {
	local n
	n=$(wc -l <"$2")
	if [ ! -s "$2" ]; then
		printf '  %s: (empty)\n' "$1"
		return
	fi
	printf '  %s:\n' "$1"
	head -n "$CLI_SHOW_LINES" "$2" | sed 's/^/    | /'
	# A last line without a newline is not counted by wc.
	[ -n "$(tail -c 1 "$2")" ] && n=$((n + 1))
	if [ "$n" -gt "$CLI_SHOW_LINES" ]; then
		printf '    (%d more lines)\n' $((n - CLI_SHOW_LINES))
	fi
}

# Reads file $1 into the variable named $2, keeping trailing newlines.
slurp() {
	local s
	s=$(cat "$1" 2>/dev/null; printf x)
	printf -v "$2" '%s' "${s%x}"
}

# Prints the FAIL report for command $1 and the unmet expectations in "$why".
report() {
	local i=$1
	printf 'FAIL %s: %s\n' "$file" "$case_name"
	printf '  command (line %d): %s\n' "${c_line[$i]}" "${c_cmd[$i]}"
	printf '%s' "$why"
	printf '  exit status: %s\n' "$status"
	show stdout "$work/out"
	show stderr "$work/err"
}

run_case() {
	local i j status out err want got why sb x v
	[ -z "$case_name" ] && [ -z "$case_error" ] && return
	if [ -n "$case_error" ]; then
		printf 'FAIL %s: %s\n  %s\n' "$file" "${case_name:-(before the first case)}" "$case_error"
		failed=$((failed + 1))
		return
	fi
	if [ ${#c_cmd[@]} -eq 0 ]; then
		printf 'FAIL %s: %s\n  case at line %d has no $ command\n' "$file" "$case_name" "$case_line"
		failed=$((failed + 1))
		return
	fi
	for ((i = 0; i < ${#needs[@]}; i++)); do
		v=${needs[$i]}
		[ -z "${!v:-}" ] || continue
		x=${v}_SKIP
		printf 'skip %s: %s: %s\n' "$file" "$case_name" "${!x:-$v is not set}"
		skipped=$((skipped + 1))
		return
	done
	work=$(mktemp -d "${TMPDIR:-/tmp}/dsaudit-cli.XXXXXX") || exit 2
	mkdir "$work/t"
	local ok=1
	for ((i = 0; i < ${#c_cmd[@]}; i++)); do
		(
			cd "$ROOT" || exit 2
			# The default database is per case (dsaudit(1) ENVIRONMENT), never the user's.
			export T="$work/t" PATH="$BIN:$PATH" DSAUDIT_DB="$work/t/dsaudit.db"
			if [ "$TIMEOUT" -gt 0 ]; then
				exec timeout -k 10 "$TIMEOUT" bash -c "${c_cmd[$i]}"
			else
				exec bash -c "${c_cmd[$i]}"
			fi
		) </dev/null >"$work/out" 2>"$work/err"
		status=$?
		slurp "$work/out" out
		slurp "$work/err" err
		why=""
		want=${c_status[$i]}
		if [ "$status" -ne "$want" ]; then
			why+="  expected exit status $want, got $status"
			if [ "$TIMEOUT" -gt 0 ] && [ "$status" -eq 124 ]; then
				why+=" (timed out after ${TIMEOUT}s)"
			fi
			why+=$'\n'
		fi
		for ((j = 0; j < ${#e_ci[@]}; j++)); do
			[ "${e_ci[$j]}" -eq "$i" ] || continue
			x=${e_text[$j]}
			case ${e_kind[$j]} in
			'>') [[ $out == *"$x"* ]] || why+="  expected stdout to contain: $x"$'\n' ;;
			'!') [[ $err == *"$x"* ]] || why+="  expected stderr to contain: $x"$'\n' ;;
			'~') [[ $out != *"$x"* ]] || why+="  expected stdout not to contain: $x"$'\n' ;;
			esac
		done
		if [ "${c_has_exact[$i]}" = 1 ]; then
			got=${out%$'\n'}
			want=${c_exact[$i]}
			if [ "$got" != "$want" ]; then
				why+="  expected stdout to be exactly:"$'\n'
				why+=$(printf '%s\n' "$want" | sed 's/^/    = /')$'\n'
			fi
		fi
		for sb in 'ERROR: AddressSanitizer' 'ERROR: LeakSanitizer' 'runtime error:' \
			'SUMMARY: UndefinedBehaviorSanitizer'; do
			if [[ $err == *"$sb"* ]]; then
				why+="  expected no sanitizer report on stderr, found: $sb"$'\n'
				break
			fi
		done
		if [ -n "$why" ]; then
			report "$i"
			ok=0
			break
		fi
	done
	chmod -R u+rwx "$work" 2>/dev/null
	rm -rf "$work"
	work=""
	if [ "$ok" = 1 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
}

# Records a malformed line; the case it is in fails without running.
bad_line() {
	[ -n "$case_error" ] || case_error="line $lineno: $1: $line"
}

for file in "$@"; do
	if [ ! -f "$file" ] || [ ! -r "$file" ]; then
		printf 'FAIL %s: cannot read the test file\n' "$file"
		failed=$((failed + 1))
		continue
	fi
	reset_case "" 0
	lineno=0
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		n=$((${#c_cmd[@]} - 1))
		case $line in
		'###'*)
			run_case
			name=${line#'###'}
			name=${name#"${name%%[![:space:]]*}"}
			reset_case "${name:-(unnamed case at line $lineno)}" "$lineno"
			continue
			;;
		'#'*) continue ;;
		*[![:space:]]*) ;;
		*) continue ;;
		esac
		# Every other line is a one-character marker, then a space and text or nothing.
		mark=${line:0:1}
		if [ ${#line} -gt 1 ] && [ "${line:1:1}" != ' ' ]; then
			bad_line "expected a marker, a space, then text"
			continue
		fi
		text=${line:2}
		if [ -z "$case_name" ]; then
			bad_line "line outside any case (start one with ###)"
			continue
		fi
		if [ "$mark" = '%' ]; then
			if [ "$n" -ge 0 ]; then
				bad_line "% needs must come before the case's commands"
			elif [[ $text =~ ^needs\ +([A-Za-z_][A-Za-z0-9_]*)\ *$ ]]; then
				needs+=("${BASH_REMATCH[1]}")
			else
				bad_line "expected % needs VAR"
			fi
			continue
		fi
		if [ "$mark" != '$' ] && [ "$n" -lt 0 ]; then
			bad_line "expectation before any \$ command"
			continue
		fi
		case $mark in
		'$')
			if [ -z "$text" ]; then
				bad_line "empty command"
				continue
			fi
			c_cmd+=("$text")
			c_line+=("$lineno")
			c_status+=(0)
			c_exact+=("")
			c_has_exact+=(0)
			;;
		'?')
			if [[ ! $text =~ ^[0-9]+$ ]] || [ "$text" -gt 255 ]; then
				bad_line "exit status must be a number from 0 to 255"
				continue
			fi
			c_status[n]=$((10#$text))
			;;
		'=')
			if [ "${c_has_exact[n]}" = 1 ]; then
				c_exact[n]+=$'\n'"$text"
			else
				c_exact[n]=$text
				c_has_exact[n]=1
			fi
			;;
		'>' | '!' | '~')
			e_ci+=("$n")
			e_kind+=("$mark")
			e_text+=("$text")
			;;
		*)
			bad_line "unknown marker"
			;;
		esac
	done <"$file"
	run_case
done

[ "$skipped" -eq 0 ] || echo "cli: $skipped skipped"
echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
