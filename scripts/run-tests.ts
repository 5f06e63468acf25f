/**
 * `npm test`: every suite, one summary. The node:test suites (unit tests beside the code,
 * integration tests under tests/), the Python interop suite, which drives a real Cairn
 * server process with the real `mlflow` client, once on SQLite and once on PostgreSQL, and
 * the browser suite (`e2e`): headless Chromium against the built web app on a real server.
 *
 * Usage: `node scripts/run-tests.ts [suite-name-prefix …]`, e.g. `npm test -- interop-sqlite`.
 * The last line is `N passed, N failed, N skipped`; the exit code is non-zero on any
 * failure, and with CAIRN_REQUIRE_ALL_SUITES=1 also on any skip (CI uses that, so a missing
 * PostgreSQL or Python can never pass silently).
 */
import { spawn } from 'node:child_process';
import { glob, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { chromiumAvailable, chromiumPath } from '../tests/e2e/support/chromium-path.ts';
import { startCairnProcess } from '../tests/support/cairn-process.ts';
import type { CairnProcess } from '../tests/support/cairn-process.ts';
import { ensurePythonVenv } from '../tests/support/python-venv.ts';
import type { PythonVenv } from '../tests/support/python-venv.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const requireAll = process.env['CAIRN_REQUIRE_ALL_SUITES'] === '1';
// Two cores: one test file per core. Files that start servers mostly wait on I/O anyway.
const testConcurrency = 2;
const minutes = 60_000;

interface SuiteResult {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  note?: string;
}

interface Suite {
  name: string;
  run(): Promise<Omit<SuiteResult, 'name' | 'seconds'>>;
}

function banner(text: string): void {
  console.log(`\n━━━━ ${text} ${'━'.repeat(Math.max(4, 70 - text.length))}`);
}

/** Runs a child with inherited stdio; resolves its exit code (or a signal name), killing it past `timeoutMs`. */
function runChild(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<{ code: number | null; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: options.env ?? process.env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut });
    });
  });
}

async function findFiles(patterns: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const pattern of patterns) {
    for await (const file of glob(pattern, {
      cwd: repoRoot,
      exclude: (name) => name === 'node_modules',
    })) {
      found.add(file);
    }
  }
  return [...found].sort();
}

/** The last value of each `# name N` line in a TAP stream (node:test writes totals at the end). */
function tapTotals(tap: string): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const match of tap.matchAll(/^# (tests|pass|fail|cancelled|skipped|todo) (\d+)$/gm)) {
    totals[match[1] as string] = Number(match[2]);
  }
  return totals;
}

interface NodeSuiteOptions {
  /** Files under these folders (relative to the repo) belong to another suite. */
  excludeDirs?: string[];
  /** Test files run at once; default two (one per core). */
  concurrency?: number;
}

async function runNodeTests(
  name: string,
  patterns: string[],
  scratch: string,
  options: NodeSuiteOptions = {},
): Promise<Omit<SuiteResult, 'name' | 'seconds'>> {
  const excluded = (options.excludeDirs ?? []).map((dir) => `${dir}/`);
  const files = (await findFiles(patterns)).filter(
    (file) => !excluded.some((dir) => file.startsWith(dir)),
  );
  if (files.length === 0) return { passed: 0, failed: 0, skipped: 0, note: 'no test files' };
  const tapFile = path.join(scratch, `${name}.tap`);
  const { code, timedOut } = await runChild(
    process.execPath,
    [
      '--test',
      `--test-concurrency=${options.concurrency ?? testConcurrency}`,
      `--test-timeout=${3 * minutes}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tapFile}`,
      ...files,
    ],
    { timeoutMs: 12 * minutes },
  );
  const totals = tapTotals(await readFile(tapFile, 'utf8').catch(() => ''));
  const passed = totals['pass'] ?? 0;
  let failed = (totals['fail'] ?? 0) + (totals['cancelled'] ?? 0);
  const skipped = (totals['skipped'] ?? 0) + (totals['todo'] ?? 0);
  let note = `${files.length} files`;
  if (timedOut) {
    failed += 1;
    note += '; TIMED OUT';
  } else if (code !== 0 && failed === 0) {
    // e.g. a file that could not even load: node reports no test, but the run failed.
    failed = 1;
    note += `; node --test exited ${String(code)}`;
  }
  return { passed, failed, skipped, note };
}

function nodeSuite(
  name: string,
  patterns: string[],
  scratch: string,
  options: NodeSuiteOptions = {},
): Suite {
  return { name, run: () => runNodeTests(name, patterns, scratch, options) };
}

/** Counts from pytest's JUnit XML (the `<testsuite>` element's attributes). */
function junitTotals(xml: string): {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
} {
  const suite = /<testsuite\b([^>]*)>/.exec(xml)?.[1] ?? '';
  const attribute = (key: string): number =>
    Number(new RegExp(`\\b${key}="(\\d+)"`).exec(suite)?.[1] ?? 0);
  return {
    tests: attribute('tests'),
    failures: attribute('failures'),
    errors: attribute('errors'),
    skipped: attribute('skipped'),
  };
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function interopSuite(
  backend: 'sqlite' | 'postgres',
  venvReady: Promise<PythonVenv | undefined>,
  scratch: string,
): Suite {
  return {
    name: `interop-${backend}`,
    async run() {
      const venv = await venvReady;
      if (venv === undefined)
        return { passed: 0, failed: 0, skipped: 1, note: 'SKIPPED: no Python' };
      const dataDir = await mkdtemp(path.join(scratch, `cairn-${backend}-`));
      let postgres: { url: string; stop(): Promise<void> } | undefined;
      let server: CairnProcess | undefined;
      try {
        let dbUrl: string | undefined;
        if (backend === 'postgres') {
          // Loaded only here, so the other suites run even where PostgreSQL support is broken.
          const { startPostgres } = await import('../tests/support/postgres.ts');
          postgres = await startPostgres();
          if (postgres === undefined) {
            return { passed: 0, failed: 0, skipped: 1, note: 'SKIPPED: no PostgreSQL' };
          }
          dbUrl = postgres.url;
        }
        server = await startCairnProcess({
          dataDir,
          ...(dbUrl === undefined ? {} : { dbUrl }),
        });
        console.log(`Cairn (${backend}) at ${server.url}, data in ${dataDir}`);
        const junit = path.join(scratch, `interop-${backend}.xml`);
        const { code, timedOut } = await runChild(
          venv.python,
          [
            '-m',
            'pytest',
            'tests/interop',
            '-q',
            '-rfE',
            '-p',
            'no:cacheprovider',
            `--junitxml=${junit}`,
          ],
          {
            env: {
              ...process.env,
              MLFLOW_TRACKING_URI: server.url,
              MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0',
              CAIRN_INTEROP_BACKEND: backend,
              // test_auth.py starts a second Cairn (with --auth) on the same Node and database.
              CAIRN_INTEROP_NODE: process.execPath,
              CAIRN_INTEROP_DB_URL: dbUrl ?? '',
              PYTHONDONTWRITEBYTECODE: '1',
            },
            timeoutMs: 10 * minutes,
          },
        );
        const totals = junitTotals(await readFile(junit, 'utf8').catch(() => ''));
        let failed = totals.failures + totals.errors;
        const passed = totals.tests - failed - totals.skipped;
        let note = '';
        if (timedOut) {
          failed += 1;
          note = 'TIMED OUT';
        } else if (code === 5) {
          // pytest's "no tests collected" must never read as green.
          failed += 1;
          note = 'pytest collected no tests (exit 5)';
        } else if (code !== 0 && failed === 0) {
          failed = 1;
          note = `pytest exited ${String(code)}`;
        }
        if (failed > 0)
          console.log(`\nLast lines of the Cairn server log:\n${tail(server.output(), 40)}`);
        return { passed, failed, skipped: totals.skipped, ...(note ? { note } : {}) };
      } finally {
        await server?.stop();
        await postgres?.stop();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * The browser tests (tests/e2e): build the web app, then run the files one at a time (each
 * drives a Chromium and a server, and a second pair at once only makes both slower on two
 * cores). Skipped only when Chromium or Python is missing, which CI counts as a failure.
 */
function e2eSuite(venvReady: Promise<PythonVenv | undefined>, scratch: string): Suite {
  return {
    name: 'e2e',
    async run() {
      if (!chromiumAvailable()) {
        return {
          passed: 0,
          failed: 0,
          skipped: 1,
          note: `SKIPPED: no Chromium at ${chromiumPath}`,
        };
      }
      // The tests seed data with the real mlflow client from the interop venv.
      if ((await venvReady) === undefined) {
        return { passed: 0, failed: 0, skipped: 1, note: 'SKIPPED: no Python' };
      }
      // Always rebuilt (about a second): the bundle also holds @cairn/sdk, whose changes a
      // staleness check on packages/web alone would miss.
      const build = await runChild('npm', ['run', 'build:web'], { timeoutMs: 5 * minutes });
      if (build.code !== 0) {
        return { passed: 0, failed: 1, skipped: 0, note: 'building the web app failed' };
      }
      return runNodeTests('e2e', ['tests/e2e/*.test.ts'], scratch, { concurrency: 1 });
    },
  };
}

async function main(): Promise<number> {
  const started = Date.now();
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'cairn-tests-'));
  const wanted = process.argv.slice(2);
  const selected = (name: string): boolean =>
    wanted.length === 0 || wanted.some((prefix) => name.startsWith(prefix));

  // pip can take minutes on a fresh machine: start it now, while the node suites run.
  const wantsPython = selected('interop-sqlite') || selected('interop-postgres') || selected('e2e');
  const venvLog: string[] = [];
  const venvReady = wantsPython
    ? ensurePythonVenv({ log: (line) => venvLog.push(line) })
    : Promise.resolve(undefined);
  // Awaited by the interop suites; this keeps a rejection from counting as unhandled meanwhile.
  venvReady.catch(() => undefined);

  const suites: Suite[] = [
    nodeSuite('unit', ['packages/*/src/**/*.test.ts'], scratch),
    nodeSuite('integration', ['tests/**/*.test.ts'], scratch, { excludeDirs: ['tests/e2e'] }),
    interopSuite('sqlite', venvReady, scratch),
    interopSuite('postgres', venvReady, scratch),
    e2eSuite(venvReady, scratch),
  ].filter((suite) => selected(suite.name));

  const results: SuiteResult[] = [];
  for (const suite of suites) {
    banner(suite.name);
    const suiteStarted = Date.now();
    let outcome: Omit<SuiteResult, 'name' | 'seconds'>;
    try {
      if (suite.name.startsWith('interop') || suite.name === 'e2e') {
        await venvReady.catch(() => undefined);
        if (venvLog.length > 0) console.log(venvLog.splice(0).join('\n'));
      }
      outcome = await suite.run();
    } catch (error) {
      console.error(error);
      outcome = {
        passed: 0,
        failed: 1,
        skipped: 0,
        note: `ERROR: ${(error as Error).message.split('\n')[0]}`,
      };
    }
    const seconds = (Date.now() - suiteStarted) / 1000;
    results.push({ name: suite.name, seconds, ...outcome });
  }
  await rm(scratch, { recursive: true, force: true });

  banner('summary');
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) {
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
    const counts = `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`;
    console.log(
      `${r.name.padEnd(18)} ${counts.padEnd(36)} ${r.seconds.toFixed(1).padStart(6)} s${r.note ? `  (${r.note})` : ''}`,
    );
  }
  console.log(`total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (requireAll && total.skipped > 0) {
    console.log(`CAIRN_REQUIRE_ALL_SUITES=1: ${total.skipped} skipped counts as failure.`);
  }
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  return total.failed > 0 || (requireAll && total.skipped > 0) ? 1 : 0;
}

process.exitCode = await main();
