// audit.mjs — DuckDB beside `make bench` (issue 12): run by hand, never by
// `make bench`, `make check` or the build, because dsaudit must not depend on
// Node or DuckDB; it only gives the figure the `--no-rows` goal is held to
// (an audit without rows in at most half of DuckDB's time).
//   cd tests/bench/duckdb && npm install     (@duckdb/node-api, pinned in package.json)
//   node tests/bench/duckdb/audit.mjs FILE.csv [-v] [--threads=N]
// Loads FILE (a dsaudit-gen hiring file) into a DuckDB database file in a
// temporary directory, `CREATE TABLE t AS SELECT * FROM read_csv_auto(FILE)`,
// runs the group-bys an audit of that data needs (a-h below), and prints
// the seconds of the load, of the group-bys and of the whole job (from before
// the database is opened to after it is closed), the database removed after.
// Peak memory: run it under build/peak or /usr/bin/time -v. -v prints the
// results. DuckDB uses every core unless --threads=N (dsaudit uses one).
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const verbose = args.includes('-v');
const threads = args.find((a) => a.startsWith('--threads='))?.slice(10);
const file = args.find((a) => !a.startsWith('-'));
if (!file || (threads !== undefined && !/^[1-9][0-9]*$/.test(threads))) {
	console.error('usage: node audit.mjs FILE.csv [-v] [--threads=N]');
	process.exit(2);
}
const quote = (s) => "'" + s.replaceAll("'", "''") + "'";
const cols = ['applicant_id', 'sex', 'race', 'age', 'education', 'years_experience', 'test_score',
	'postcode', 'referral', 'womens_club', 'department', 'interview_score', 'hired', 'screen_pass',
	'notes', 'qualified', 'rater_1', 'rater_2', 'rater_3'];
const numeric = ['test_score', 'interview_score', 'age', 'years_experience'];
const stats = numeric.map((c) => `avg(${c}), stddev_samp(${c}), median(${c})`).join(', ');
const queries = {
	// (a) counts of each protected attribute, the strata and the label
	'a sex': 'SELECT sex, count(*) FROM t GROUP BY ALL',
	'a race': 'SELECT race, count(*) FROM t GROUP BY ALL',
	'a department': 'SELECT department, count(*) FROM t GROUP BY ALL',
	'a hired': 'SELECT hired, count(*) FROM t GROUP BY ALL',
	// (b) the intersection sex x race with the label
	'b sex x race x hired': 'SELECT sex, race, hired, count(*) FROM t GROUP BY ALL',
	// (c) distributions of the numeric columns per group
	'c per sex': `SELECT sex, count(*), ${stats} FROM t GROUP BY ALL`,
	'c per race': `SELECT race, count(*), ${stats} FROM t GROUP BY ALL`,
	// (d) duplicate rows, the id left out
	'd duplicates': `SELECT count(*) AS groups, coalesce(sum(n), 0) AS rows, coalesce(sum(n - 1), 0) AS extra
		FROM (SELECT count(*) AS n FROM t GROUP BY ${cols.filter((c) => c !== 'applicant_id').join(', ')}
		HAVING count(*) > 1)`,
	// (e) annotator patterns against the gold
	'e raters x gold': 'SELECT rater_1, rater_2, rater_3, qualified, count(*) FROM t GROUP BY ALL',
	// (f) missing values per column
	'f missing': `SELECT ${cols.map((c) => `count(*) - count(${c}) AS ${c}`).join(', ')} FROM t`,
	// (g) quasi-identifier equivalence classes
	'g sex x age x postcode': `SELECT count(*) AS classes, min(n) AS smallest, count(*) FILTER (n < 5) AS under_5
		FROM (SELECT count(*) AS n FROM t GROUP BY sex, age, postcode)`,
	// (h) the screener against the label, per group
	'h screen x hired per sex': 'SELECT sex, screen_pass, hired, count(*) FROM t GROUP BY ALL',
	'h screen x hired per race': 'SELECT race, screen_pass, hired, count(*) FROM t GROUP BY ALL',
};

const now = () => Number(process.hrtime.bigint()) / 1e9;
const dir = mkdtempSync(join(tmpdir(), 'dsaudit-duckdb-'));
const cleanup = () => rmSync(dir, { recursive: true, force: true });
process.on('SIGINT', () => { cleanup(); process.exit(130); });
process.on('SIGTERM', () => { cleanup(); process.exit(143); });
try {
	const t0 = now();
	const instance = await DuckDBInstance.create(join(dir, 'bench.duckdb'), threads ? { threads } : {});
	const db = await instance.connect();
	await db.run(`CREATE TABLE t AS SELECT * FROM read_csv_auto(${quote(resolve(file))})`);
	const t1 = now();
	for (const [name, sql] of Object.entries(queries)) {
		const reader = await db.runAndReadAll(sql);
		const rows = reader.getRowObjectsJson();
		if (verbose) {
			console.log(`-- ${name} (${rows.length} rows)`);
			for (const r of rows.slice(0, 40))
				console.log(JSON.stringify(r));
		}
	}
	const t2 = now();
	const [setting] = (await db.runAndReadAll("SELECT version() AS v, current_setting('threads') AS n")).getRowObjectsJson();
	db.closeSync();
	instance.closeSync();
	const t3 = now();
	console.log(`duckdb ${setting.v}, ${setting.n} thread(s): load ${(t1 - t0).toFixed(2)} s, group-bys ${(t2 - t1).toFixed(2)} s, ` +
		`total ${(t3 - t0).toFixed(2)} s`);
} finally {
	cleanup();
}
