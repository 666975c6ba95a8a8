#!/bin/sh
# servers.sh — real database servers for the engine tests, so that
# `dsaudit audit postgresql://...` and `clickhouse://...` meet the real thing:
# a PostgreSQL 15 and two ClickHouse servers, the shards of cluster "two",
# whose tables are read through a Distributed table over both. tests/run
# starts them once for the whole suite and stops them on exit; a case that
# needs one says `% needs DSAUDIT_PG` (or DSAUDIT_CH) and is skipped when the
# server could not be started at all.
#   sh tests/servers.sh start DIR       starts all three with every file under
#                                       DIR; writes DIR/env, `export` lines
#   sh tests/servers.sh stop DIR        stops them (any left, by PID; idempotent)
#   sh tests/servers.sh pg-load DIR TABLE CSV "name type, ..."
#   sh tests/servers.sh ch-load DIR TABLE CSV "name type, ..."
#       (re)create TABLE and load the CSV (a header line, then rows); types are
#       integer, real, boolean, text. An empty unquoted field is NULL, and so is
#       a quoted one ("") outside text columns. In ClickHouse TABLE is the
#       Distributed table over TABLE_local on each shard, which get the rows
#       between them; a shard that is down is started first.
#   sh tests/servers.sh ch-stop-shard DIR N    kills shard N (1 or 2), as a crash
#   sh tests/servers.sh ch-start-shard DIR N   starts it again: same ports, data
#   sh tests/servers.sh ch-wait-query DIR N TEXT
#       waits (at most 60 s) until shard N's log shows TEXT (literal) since the
#       last ch-load or start of the shard: so that a case can kill a shard in
#       the middle of an audit.
# DIR/env sets DSAUDIT_SERVERS (DIR); DSAUDIT_PG, postgresql://dsaudit@127.0.0.1:
# PORT/dsaudit, PGPASSWORD, DSAUDIT_PG_PORT, _SOCKDIR, _VERSION, _PIDFILE;
# DSAUDIT_CH, clickhouse://dsaudit@127.0.0.1:PORT/default (shard 1's HTTP
# port; DSAUDIT_CH2 shard 2's), CLICKHOUSE_PASSWORD, DSAUDIT_CH_HTTP1, _HTTP2,
# _TCP1, _TCP2 (for clickhouse-client), _PIDFILE1, _PIDFILE2, _VERSION.
# Ports are random free ones below the ephemeral range, and a start that loses
# one to another process retries with others: checkouts may test at once.
# A server that cannot start leaves its URI variable empty and says why in
# DSAUDIT_PG_SKIP (DSAUDIT_CH_SKIP); that is not an error of `start`.

PG_PASSWORD=dsaudit-pg-secret
CH_PASSWORD=dsaudit-ch-secret

die() {
	printf 'servers.sh: %s\n' "$*" >&2
	exit 1
}

usage() {
	die "usage: sh tests/servers.sh start|stop DIR | pg-load|ch-load DIR TABLE CSV COLUMNS | ch-stop-shard|ch-start-shard DIR N | ch-wait-query DIR N TEXT"
}

# ---- processes ----

# True if process $1 exists and is not a zombie (a zombie waits for its
# parent to reap it and no longer holds ports or files).
alive() {
	s=$(sed -n 's/^[0-9]* (.*) \(.\) .*/\1/p' "/proc/$1/stat" 2>/dev/null)
	[ -n "$s" ] && [ "$s" != Z ]
}

# Prints the PIDs of processes with an argument exactly $1. The pattern
# starts with ^, so it never matches the grep that searches for it.
pids_with_arg() {
	re=^$(printf '%s' "$1" | sed 's/[][\.*^$]/\\&/g')
	grep -lzx -- "$re" /proc/[0-9]*/cmdline 2>/dev/null | sed 's#^/proc/\([0-9]*\)/cmdline$#\1#'
}

# Sends signal $1 to each PID after it, waits up to $2 seconds for all to go;
# true if none is left. SIGCONT too: a test may have stopped one (SIGSTOP).
signal_wait() {
	sig=$1 secs=$2
	shift 2
	for p; do kill "-$sig" "$p" 2>/dev/null; kill -CONT "$p" 2>/dev/null; done
	i=0
	while [ "$i" -lt $((secs * 10)) ]; do
		left=""
		for p; do alive "$p" && left="$left $p"; done
		[ -z "$left" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# ---- ports ----

# Prints $1 distinct ports, picked at random among those no TCP socket of
# this machine uses (nor $taken), below the ephemeral range so that no
# outgoing connection takes one meanwhile.
free_ports() {
	hi=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null)
	case $hi in '' | *[!0-9]*) hi=32768 ;; esac
	[ "$hi" -gt 21000 ] || hi=32768
	# The candidates come from /dev/urandom: awk's srand would give checkouts
	# started in the same second (or, in mawk, with a large seed) the same ports.
	cands=$(od -An -N512 -tu2 /dev/urandom | tr -s ' \n' '  ')
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v n="$1" -v lo=20000 -v hi="$hi" -v cands="$cands" -v taken="$taken" '
	function hex(s,  i, v) {
		v = 0
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789ABCDEF", toupper(substr(s, i, 1))) - 1
		return v
	}
	split($2, a, ":") == 2 { used[hex(a[2])] = 1 }
	END {
		k = split(taken, t, " ")
		for (i = 1; i <= k; i++) used[t[i]] = 1
		k = split(cands, c, " ")
		for (i = 1; i <= k && got < n; i++) {
			p = lo + c[i] % (hi - lo)
			if (!(p in used)) { used[p] = 1; printf "%s%d", got++ ? " " : "", p }
		}
		print ""
	}'
}

# ---- the environment file ----

# Appends `export NAME='VALUE'` to the env file being written.
env_put() {
	v=$(printf '%s' "$2" | sed "s/'/'\\\\''/g")
	printf "export %s='%s'\n" "$1" "$v" >>"$D/env.tmp"
}

# One line of a log, for a message: its last line matching $2 (or its last),
# without a ClickHouse log line's time and level.
last_line() {
	l=$(grep -- "$2" "$1" 2>/dev/null | tail -n 1)
	[ -n "$l" ] || l=$(tail -n 1 "$1" 2>/dev/null)
	printf '%s' "$l" | tr -d '\r' | sed 's/^[0-9][0-9.]* [0-9:.]* \[ [0-9]* \] {[^}]*} <[A-Za-z]*> //' | cut -c1-200
}

# The path of program $1, also where PATH may lack sbin (not as root).
program() {
	command -v "$1" 2>/dev/null && return 0
	for d in /usr/sbin /sbin; do
		[ -x "$d/$1" ] && { printf '%s\n' "$d/$1"; return 0; }
	done
	return 1
}

# ---- PostgreSQL ----

pg_bin() {
	for b in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
		[ -x "$b/initdb" ] && { printf '%s' "$b"; return 0; }
	done
	b=$(command -v initdb 2>/dev/null) && { dirname "$b"; return 0; }
	return 1
}

# PostgreSQL refuses to run as root: then it runs as the postgres user.
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd "$D/pg" && "$(program runuser)" -u postgres -- "$@")
	else
		(cd "$D/pg" && "$@")
	fi
}

pg_psql() {
	port=$(cat "$D/pg/port" 2>/dev/null) || die "no PostgreSQL started in $D"
	PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=10 "$(pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 \
		-h 127.0.0.1 -p "$port" -U dsaudit "$@"
}

# Starts PostgreSQL; on failure prints why (one line) and returns 1.
pg_start() {
	bin=$(pg_bin) || { echo "initdb not found"; return 1; }
	mkdir -p "$D/pg/sock" || return 1
	printf '%s\n' "$PG_PASSWORD" >"$D/pg/pwfile"
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || { echo "running as root and there is no postgres user to run PostgreSQL as"; return 1; }
		program runuser >/dev/null || { echo "running as root and there is no runuser to run PostgreSQL as postgres"; return 1; }
		chown -R postgres "$D/pg" && chmod 711 "$D"
		as_pg test -w "$D/pg" 2>/dev/null ||
			{ echo "the postgres user cannot reach $D/pg (a parent directory is not searchable)"; return 1; }
	fi
	sock=$D/pg/sock
	# A Unix socket path longer than 107 bytes is refused; then TCP only.
	[ ${#sock} -gt 88 ] && sock=""
	as_pg "$bin/initdb" -D "$D/pg/data" -U dsaudit --auth=scram-sha-256 --pwfile="$D/pg/pwfile" \
		-E UTF8 --locale=C --no-sync >"$D/pg/initdb.log" 2>&1 ||
		{ echo "initdb failed: $(last_line "$D/pg/initdb.log" 'initdb:')"; return 1; }
	# Speed over durability: the data lives as long as the test run.
	cat >>"$D/pg/data/postgresql.conf" <<-EOF
		fsync = off
		synchronous_commit = off
		full_page_writes = off
		shared_buffers = 32MB
		max_connections = 50
	EOF
	n=0
	while :; do
		n=$((n + 1))
		port=$(free_ports 1)
		[ -n "$port" ] || { echo "no free port"; return 1; }
		if as_pg "$bin/pg_ctl" -D "$D/pg/data" -l "$D/pg/log" -w -t 30 -s \
			-o "-p $port -k '$sock' -c listen_addresses=127.0.0.1" start >/dev/null 2>&1; then
			break
		fi
		# Lost the port to another process: try another; anything else is final.
		if [ "$n" -ge 5 ] || ! grep -q 'could not bind\|Address already in use' "$D/pg/log" 2>/dev/null; then
			echo "did not start: $(last_line "$D/pg/log" 'FATAL\|ERROR')"
			return 1
		fi
		: >"$D/pg/log"
	done
	printf '%s\n' "$port" >"$D/pg/port"
	pg_psql -d postgres -c 'CREATE DATABASE dsaudit' 2>"$D/pg/createdb.log" ||
		{ echo "CREATE DATABASE failed: $(last_line "$D/pg/createdb.log")"; return 1; }
	version=$(pg_psql -d dsaudit -A -t -c 'SHOW server_version' 2>/dev/null | cut -d' ' -f1)
	env_put DSAUDIT_PG "postgresql://dsaudit@127.0.0.1:$port/dsaudit"
	env_put PGPASSWORD "$PG_PASSWORD"
	env_put DSAUDIT_PG_PORT "$port"
	env_put DSAUDIT_PG_SOCKDIR "$sock"
	env_put DSAUDIT_PG_VERSION "$version"
	env_put DSAUDIT_PG_PIDFILE "$D/pg/data/postmaster.pid"
}

pg_stop() {
	[ -d "$D/pg/data" ] || return 0
	# The postmaster (and initdb, pg_ctl) by its data directory: postmaster.pid
	# may be stale, its PID another process's by now.
	pids=$(pids_with_arg "$D/pg/data")
	[ -n "$pids" ] || return 0
	kids=""
	for p in $pids; do
		kids="$kids $(grep -l "^PPid:[[:space:]]*$p\$" /proc/[0-9]*/status 2>/dev/null | cut -d/ -f3)"
	done
	# Fast shutdown (SIGINT) ends the sessions; immediate (SIGQUIT); then kill.
	signal_wait INT 15 $pids && return 0
	signal_wait QUIT 5 $pids && return 0
	signal_wait KILL 5 $pids $kids
}

# ---- ClickHouse ----

ch_tcp() { cut -d' ' -f2 "$D/ch$1/ports" 2>/dev/null; }

# Runs clickhouse-client against shard $1 with the rest as its arguments.
ch_client() {
	n=$1
	shift
	port=$(ch_tcp "$n")
	[ -n "$port" ] || die "no ClickHouse shard $n started in $D"
	clickhouse-client --host 127.0.0.1 --port "$port" --user dsaudit --password "$CH_PASSWORD" "$@"
}

ch_pids() { pids_with_arg "--config-file=$D/ch$1/config.xml"; }

# Writes shard $1's config.xml and users.xml; $2..$4 are its HTTP, TCP and
# interserver ports, $5 and $6 the TCP ports of shards 1 and 2.
ch_config() {
	c=$D/ch$1
	mkdir -p "$c" || return 1
	printf '%s %s %s\n' "$2" "$3" "$4" >"$c/ports"
	replica() {
		printf '            <shard><replica><host>127.0.0.1</host><port>%s</port>' "$1"
		printf '<user>dsaudit</user><password>%s</password></replica></shard>\n' "$CH_PASSWORD"
	}
	cat >"$c/config.xml" <<-EOF
		<?xml version="1.0"?>
		<yandex>
		    <logger>
		        <!-- debug: the queries are logged, which ch-wait-query watches -->
		        <level>debug</level>
		        <log>$c/log</log>
		        <errorlog>$c/err.log</errorlog>
		        <size>100M</size>
		        <count>1</count>
		    </logger>
		    <http_port>$2</http_port>
		    <tcp_port>$3</tcp_port>
		    <interserver_http_port>$4</interserver_http_port>
		    <listen_host>127.0.0.1</listen_host>
		    <max_connections>256</max_connections>
		    <max_concurrent_queries>50</max_concurrent_queries>
		    <mark_cache_size>67108864</mark_cache_size>
		    <uncompressed_cache_size>67108864</uncompressed_cache_size>
		    <path>$c/data/</path>
		    <tmp_path>$c/tmp/</tmp_path>
		    <user_files_path>$c/user_files/</user_files_path>
		    <format_schema_path>$c/format_schemas/</format_schema_path>
		    <users_config>$c/users.xml</users_config>
		    <default_profile>default</default_profile>
		    <default_database>default</default_database>
		    <mlock_executable>false</mlock_executable>
		    <remote_servers>
		        <two>
		$(replica "$5")
		$(replica "$6")
		        </two>
		    </remote_servers>
		</yandex>
	EOF
	# Only the user dsaudit, with a password: no passwordless default user.
	cat >"$c/users.xml" <<-EOF
		<?xml version="1.0"?>
		<yandex>
		    <profiles>
		        <default>
		            <max_memory_usage>2000000000</max_memory_usage>
		            <background_pool_size>4</background_pool_size>
		            <background_schedule_pool_size>4</background_schedule_pool_size>
		            <load_balancing>random</load_balancing>
		        </default>
		    </profiles>
		    <users>
		        <dsaudit>
		            <password>$CH_PASSWORD</password>
		            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
		            <profile>default</profile>
		            <quota>default</quota>
		        </dsaudit>
		    </users>
		    <quotas>
		        <default>
		            <interval>
		                <duration>3600</duration>
		                <queries>0</queries>
		                <errors>0</errors>
		                <result_rows>0</result_rows>
		                <read_rows>0</read_rows>
		                <execution_time>0</execution_time>
		            </interval>
		        </default>
		    </quotas>
		</yandex>
	EOF
}

# Starts shard $1 from its config and waits (30 s) until it answers; on
# failure prints why (one line) and returns 1, 2 if it lost a port.
ch_launch() {
	c=$D/ch$1
	: >"$c/err.log"
	# A killed server leaves its pid file, and the server will not start
	# while that PID exists, even as a zombie or another process.
	rm -f "$c/pid"
	"$(program clickhouse-server)" --config-file="$c/config.xml" --pid-file="$c/pid" --daemon >>"$c/stdout" 2>&1 ||
		{ echo "shard $1 did not start: $(last_line "$c/stdout")"; return 1; }
	i=0
	while [ "$i" -lt 300 ]; do
		if ch_client "$1" -q 'SELECT 1' >/dev/null 2>&1; then
			ch_mark "$1"
			return 0
		fi
		# The daemon has forked already: no process with its config is a failure.
		if [ "$i" -ge 3 ] && [ -z "$(ch_pids "$1")" ]; then
			grep -q 'Address already in use' "$c/err.log" && return 2
			why=$(last_line "$c/err.log" 'Error\|Exception')
			echo "shard $1 did not start: ${why:-$(last_line "$c/stdout" 'Exception')}"
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "shard $1 did not answer within 30 s"
	return 1
}

# Where ch-wait-query starts looking in shard $1's log: its end, now.
ch_mark() {
	wc -c <"$D/ch$1/log" | tr -d ' ' >"$D/ch$1/mark"
}

ch_kill() {
	pids=$(ch_pids "$1")
	[ -n "$pids" ] || return 0
	signal_wait "$2" 15 $pids || signal_wait KILL 5 $pids
}

ch_start() {
	program clickhouse-server >/dev/null || { echo "clickhouse-server not found"; return 1; }
	command -v clickhouse-client >/dev/null || { echo "clickhouse-client not found"; return 1; }
	n=0
	while :; do
		n=$((n + 1))
		set -- $(free_ports 6)
		[ $# -eq 6 ] || { echo "no free ports"; return 1; }
		ch_config 1 "$1" "$2" "$3" "$2" "$5" && ch_config 2 "$4" "$5" "$6" "$2" "$5" ||
			{ echo "cannot write the configuration under $D"; return 1; }
		why=$(ch_launch 1) && why=$(ch_launch 2) && break
		rc=$?
		ch_kill 1 KILL
		ch_kill 2 KILL
		# Lost a port to another process: try others; anything else is final.
		if [ "$rc" -ne 2 ] || [ "$n" -ge 5 ]; then
			[ "$rc" -eq 2 ] && why="ports kept being taken"
			echo "$why"
			return 1
		fi
	done
	version=$(ch_client 1 -q 'SELECT version()' 2>/dev/null)
	set -- $(cat "$D/ch1/ports" "$D/ch2/ports")
	env_put DSAUDIT_CH "clickhouse://dsaudit@127.0.0.1:$1/default"
	env_put DSAUDIT_CH2 "clickhouse://dsaudit@127.0.0.1:$4/default"
	env_put CLICKHOUSE_PASSWORD "$CH_PASSWORD"
	env_put DSAUDIT_CH_HTTP1 "$1"
	env_put DSAUDIT_CH_TCP1 "$2"
	env_put DSAUDIT_CH_HTTP2 "$4"
	env_put DSAUDIT_CH_TCP2 "$5"
	env_put DSAUDIT_CH_PIDFILE1 "$D/ch1/pid"
	env_put DSAUDIT_CH_PIDFILE2 "$D/ch2/pid"
	env_put DSAUDIT_CH_VERSION "$version"
}

# ---- loading ----

# Checks the column list "name type, ..." and prints one line per column:
# its type, a tab, its name; or else only what is wrong, and fails.
columns() {
	printf '%s\n' "$1" | awk '
	{
		n = split($0, part, ",")
		for (i = 1; i <= n; i++) {
			s = part[i]
			sub(/^[ \t]+/, "", s)
			sub(/[ \t]+$/, "", s)
			t = s
			sub(/.*[ \t]/, "", t)
			name = substr(s, 1, length(s) - length(t))
			sub(/[ \t]+$/, "", name)
			if (name == "" || (t != "integer" && t != "real" && t != "boolean" && t != "text")) {
				printf "column %d: \"%s\" is not \"name type\", type integer, real, boolean or text\n", i, s
				exit 1
			}
			out = out sprintf("%s\t%s\n", t, name)
		}
		printf "%s", out
	}'
}

pg_ident() { printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"; }
ch_ident() { printf '`%s`' "$(printf '%s' "$1" | sed 's/[\\`]/\\&/g')"; }

pg_load() {
	[ -r "$CSV" ] || die "pg-load: cannot read $CSV"
	cols=$(columns "$COLS") || die "pg-load: $cols"
	defs="" nonnull=""
	tab=$(printf '\t')
	while IFS=$tab read -r t name; do
		case $t in
		integer) pt=bigint ;; real) pt="double precision" ;; boolean) pt=boolean ;; text) pt=text ;;
		esac
		defs="$defs${defs:+, }$(pg_ident "$name") $pt"
		[ "$t" = text ] || nonnull="$nonnull${nonnull:+, }$(pg_ident "$name")"
	done <<-EOF
		$cols
	EOF
	tq=$(pg_ident "$TABLE")
	# FORCE_NULL: "" is NULL too outside text columns, as in ch-load.
	opts="FORMAT csv, HEADER true${nonnull:+, FORCE_NULL ($nonnull)}"
	pg_psql -d dsaudit -1 -c "DROP TABLE IF EXISTS $tq; CREATE TABLE $tq ($defs)" \
		-c "COPY $tq FROM STDIN WITH ($opts)" <"$CSV" 2>"$D/tmp/pg-load.err" ||
		die "pg-load: $(last_line "$D/tmp/pg-load.err" 'ERROR\|error')$(grep -m1 '^CONTEXT:' "$D/tmp/pg-load.err" | sed 's/^CONTEXT: */ (/; s/$/)/')"
}

# CSV (with its header) to TabSeparated for ClickHouse: \N for NULL, booleans
# as 1/0; a record may span lines inside quotes. Prints the row count to $2.
csv_to_tsv() {
	awk -v types="$1" -v countfile="$2" '
	function fail(msg) { printf "line %d: %s\n", lineno, msg > "/dev/stderr"; bad = 1; exit 1 }
	# Splits rec into f[1..] (contents) and q[1..] (1 if quoted); returns the count.
	function parse(rec,  nf, c, s, i, k) {
		nf = 0
		while (1) {
			nf++
			if (substr(rec, 1, 1) == "\"") {
				s = ""
				i = 2
				while (1) {
					k = index(substr(rec, i), "\"")
					if (k == 0) fail("unterminated quoted field")
					s = s substr(rec, i, k - 1)
					i += k
					if (substr(rec, i, 1) != "\"") break
					s = s "\""
					i++
				}
				rec = substr(rec, i)
				q[nf] = 1
			} else {
				s = ""
				q[nf] = 0
			}
			c = index(rec, ",")
			if (c == 0) { f[nf] = s rec; return nf }
			f[nf] = s substr(rec, 1, c - 1)
			rec = substr(rec, c + 1)
		}
	}
	function escape(s,  i, c, o) {
		if (s !~ /[\\\t\n\r]/) return s
		o = ""
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c == "\\") c = "\\\\"
			else if (c == "\t") c = "\\t"
			else if (c == "\n") c = "\\n"
			else if (c == "\r") c = "\\r"
			o = o c
		}
		return o
	}
	BEGIN { ncols = split(types, ty, " ") }
	{
		lineno = NR
		rec = $0
		while (gsub(/"/, "\"", rec) % 2 == 1) {
			if ((getline more) <= 0) fail("unterminated quoted field")
			rec = rec "\n" more
		}
		sub(/\r$/, "", rec)
		nf = parse(rec)
		if (nf != ncols) fail(sprintf("%d fields, the column list has %d", nf, ncols))
		if (++records == 1) next
		out = ""
		for (i = 1; i <= nf; i++) {
			v = f[i]
			if (v == "" && (!q[i] || ty[i] != "text")) v = "\\N"
			else if (ty[i] == "boolean") {
				v = tolower(v)
				if (v == "true" || v == "1") v = 1
				else if (v == "false" || v == "0") v = 0
				else fail(sprintf("column %d: not a boolean: %s", i, f[i]))
			} else v = escape(v)
			out = out (i > 1 ? "\t" : "") v
		}
		print out
	}
	END {
		if (bad) exit 1
		if (records == 0) { lineno = 0; fail("no header line") }
		print records - 1 > countfile
	}'
}

ch_load() {
	[ -r "$CSV" ] || die "ch-load: cannot read $CSV"
	cols=$(columns "$COLS") || die "ch-load: $cols"
	defs="" types=""
	tab=$(printf '\t')
	while IFS=$tab read -r t name; do
		case $t in
		integer) ct=Int64 ;; real) ct=Float64 ;; boolean) ct=UInt8 ;; text) ct=String ;;
		esac
		defs="$defs${defs:+, }$(ch_ident "$name") Nullable($ct)"
		types="$types $t"
	done <<-EOF
		$cols
	EOF
	for n in 1 2; do
		pids=$(ch_pids $n)
		if [ -z "$pids" ]; then
			why=$(ch_launch $n) || die "ch-load: ${why:-shard $n lost a port to another process}"
		fi
		# One a case stopped (SIGSTOP) and left so would hang the load.
		for p in $pids; do kill -CONT "$p"; done
	done
	tsv=$D/tmp/ch-load.tsv
	csv_to_tsv "$types" "$tsv.count" <"$CSV" >"$tsv" 2>"$tsv.err" ||
		die "ch-load: $CSV: $(last_line "$tsv.err")"
	rows=$(cat "$tsv.count")
	lq=$(ch_ident "${TABLE}_local")
	tq=$(ch_ident "$TABLE")
	ll=$(printf '%s' "${TABLE}_local" | sed "s/[\\\\']/\\\\&/g")
	for n in 1 2; do
		ch_client $n -n -q "DROP TABLE IF EXISTS $tq; DROP TABLE IF EXISTS $lq;
			CREATE TABLE $lq ($defs) ENGINE = MergeTree ORDER BY tuple();
			CREATE TABLE $tq AS $lq ENGINE = Distributed(two, default, '$ll', rand())" 2>"$tsv.err" ||
			die "ch-load: shard $n: $(last_line "$tsv.err" Exception)"
	done
	# Synchronous: otherwise the Distributed table sends the rows later.
	ch_client 1 --insert_distributed_sync=1 -q "INSERT INTO $tq FORMAT TabSeparated" <"$tsv" 2>"$tsv.err" ||
		die "ch-load: $(last_line "$tsv.err" Exception)"
	got=$(ch_client 1 -q "SELECT count() FROM $tq" 2>"$tsv.err") ||
		die "ch-load: $(last_line "$tsv.err" Exception)"
	[ "$got" = "$rows" ] || die "ch-load: $TABLE holds $got rows, $CSV has $rows"
	for n in 1 2; do
		c=$(ch_client $n -q "SELECT count() FROM $lq" 2>/dev/null)
		[ "$rows" -lt 100 ] || [ "${c:-0}" -gt 0 ] || die "ch-load: shard $n got none of the $rows rows"
		ch_mark $n
	done
	rm -f "$tsv" "$tsv.count" "$tsv.err"
}

ch_wait_query() {
	log=$D/ch$N/log
	[ -f "$log" ] || die "ch-wait-query: no shard $N in $D"
	from=$(cat "$D/ch$N/mark" 2>/dev/null)
	i=0
	while [ "$i" -lt 600 ]; do
		tail -c +"$((${from:-0} + 1))" "$log" | grep -qF -- "$TEXT" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	die "ch-wait-query: no query with \"$TEXT\" reached shard $N within 60 s"
}

# ---- commands ----

[ $# -ge 2 ] || usage
cmd=$1
case $cmd in
start) mkdir -p "$2" || die "cannot create $2" ;;
esac
D=$(cd "$2" 2>/dev/null && pwd) || {
	[ "$cmd" = stop ] && exit 0
	die "no directory $2"
}
taken=""

case $cmd in
start)
	[ $# -eq 2 ] || usage
	# Ctrl-C lets the start finish (seconds), so that a stop that follows
	# finds every server it made, none of them still on its way up.
	trap '' INT
	# Whatever an earlier start left here goes first.
	pg_stop
	ch_kill 1 TERM
	ch_kill 2 TERM
	rm -rf "$D/pg" "$D/ch1" "$D/ch2" "$D/tmp" "$D/env" "$D/env.tmp"
	mkdir -p "$D/tmp" || die "cannot write in $D"
	: >"$D/env.tmp"
	env_put DSAUDIT_SERVERS "$D"
	if why=$(pg_start); then
		taken=$(cat "$D/pg/port")
	else
		pg_stop
		env_put DSAUDIT_PG ""
		env_put DSAUDIT_PG_SKIP "no PostgreSQL: $why"
	fi
	if ! why=$(ch_start); then
		ch_kill 1 KILL
		ch_kill 2 KILL
		env_put DSAUDIT_CH ""
		env_put DSAUDIT_CH_SKIP "no ClickHouse: $why"
	fi
	mv "$D/env.tmp" "$D/env" || die "cannot write $D/env"
	;;
stop)
	[ $# -eq 2 ] || usage
	pg_stop
	ch_kill 1 TERM
	ch_kill 2 TERM
	left="$(pids_with_arg "$D/pg/data") $(ch_pids 1) $(ch_pids 2)"
	[ -z "$(echo $left)" ] || die "stop: processes still running: $left"
	;;
pg-load | ch-load)
	[ $# -eq 5 ] || usage
	TABLE=$3 CSV=$4 COLS=$5
	[ -n "$TABLE" ] || die "$cmd: empty table name"
	mkdir -p "$D/tmp"
	if [ "$cmd" = pg-load ]; then pg_load; else ch_load; fi
	;;
ch-stop-shard | ch-start-shard)
	[ $# -eq 3 ] || usage
	N=$3
	case $N in 1 | 2) ;; *) die "$cmd: shard is 1 or 2, not $N" ;; esac
	[ -f "$D/ch$N/config.xml" ] || die "$cmd: no shard $N in $D"
	if [ "$cmd" = ch-stop-shard ]; then
		ch_kill "$N" KILL || die "$cmd: shard $N is still running"
	else
		[ -z "$(ch_pids "$N")" ] || exit 0
		why=$(ch_launch "$N") || die "$cmd: ${why:-shard $N lost a port to another process}"
	fi
	;;
ch-wait-query)
	[ $# -eq 4 ] || usage
	N=$3 TEXT=$4
	ch_wait_query
	;;
*) usage ;;
esac
