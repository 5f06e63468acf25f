/**
 * The `cairn` CLI as users run it: a child process (this Node + main.ts) against a real
 * server started here on a free port. Checks help, JSON shapes, exit codes and a
 * byte-exact directory download.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createClient, type CairnClient, type Experiment, type Page, type Run } from '@cairn/sdk';
import { startServer } from '@cairn/server';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let server: Awaited<ReturnType<typeof startServer>>;
let scratch: string;
let client: CairnClient;

function cairn(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { env: { ...process.env, CAIRN_URL: server.url, CAIRN_TOKEN: '', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function cairnJson<T>(args: string[]): Promise<T> {
  const result = await cairn([...args, '--json']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  return JSON.parse(result.stdout) as T;
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  assert.ok(typeof address === 'object' && address !== null);
  return address.port;
}

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cairn-cli-'));
  server = await startServer({ port: 0, dataDir: join(scratch, 'data'), quiet: true });
  client = createClient({ url: server.url });
});
after(async () => {
  await server.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('help', () => {
  it('documents every level and exits 0', async () => {
    const root = await cairn(['--help']);
    assert.equal(root.code, 0);
    assert.match(root.stdout, /^Usage: cairn <command> \[options\]/);
    for (const command of ['server', 'experiments', 'runs', 'artifacts']) {
      assert.match(root.stdout, new RegExp(`\\n  ${command} `));
    }
    const group = await cairn(['runs', '-h']);
    assert.equal(group.code, 0);
    assert.match(group.stdout, /Usage: cairn runs <command>/);
    assert.match(group.stdout, /\n {2}search +Search runs/);
    const command = await cairn(['artifacts', 'download', '--help']);
    assert.equal(command.code, 0);
    assert.match(command.stdout, /Usage: cairn artifacts download <run-id> \[path\] \[options\]/);
    assert.match(command.stdout, /--dest <dir>/);
    assert.match(command.stdout, /--url <url> .*env CAIRN_URL/);
  });
});

describe('usage errors exit 2 with a hint on stderr and nothing on stdout', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['a missing subcommand', ['experiments'], /missing subcommand for 'experiments'/],
    ['an unknown option', ['experiments', 'list', '--colour'], /unknown option '--colour'/],
    [
      'a non-integer',
      ['runs', 'search', '--experiment-id', '0', '--max-results', 'ten'],
      /--max-results must be an integer/,
    ],
    [
      'a missing experiment choice',
      ['runs', 'list'],
      /--experiment-id <id> or --experiment <name>/,
    ],
    ['a missing argument', ['runs', 'show'], /missing argument <run-id>/],
    ['a bad choice', ['experiments', 'list', '--view', 'gone'], /--view must be one of/],
    ['a URL without a scheme', ['--url', 'localhost:7420', 'runs', 'show', 'x'], /--url must be/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const result = await cairn(args);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /Run 'cairn[a-z ]*--help' for usage\./);
      assert.equal(result.stdout, '');
    });
  }
});

describe('experiments', () => {
  it('creates, shows, lists, deletes and restores with JSON output', async () => {
    const created = await cairnJson<Experiment>([
      'experiments',
      'create',
      'cli-exp',
      '--tag',
      'team=ml',
    ]);
    assert.equal(created.name, 'cli-exp');
    assert.deepEqual(created.tags, [{ key: 'team', value: 'ml' }]);
    const shown = await cairnJson<Experiment>(['experiments', 'show', '--name', 'cli-exp']);
    assert.deepEqual(shown, created);

    const list = await cairnJson<Page<Experiment>>(['experiments', 'list']);
    assert.ok(list.items.some((e) => e.name === 'Default'));
    assert.ok(list.items.some((e) => e.experimentId === created.experimentId));

    const deleted = await cairnJson<Experiment>(['experiments', 'delete', created.experimentId]);
    assert.equal(deleted.lifecycleStage, 'deleted');
    const onlyDeleted = await cairnJson<Page<Experiment>>([
      'experiments',
      'list',
      '--view',
      'deleted',
    ]);
    assert.deepEqual(
      onlyDeleted.items.map((e) => e.name),
      ['cli-exp'],
    );
    const restored = await cairnJson<Experiment>(['experiments', 'restore', created.experimentId]);
    assert.equal(restored.lifecycleStage, 'active');
  });

  it('prints a human table without --json', async () => {
    const result = await cairn(['experiments', 'list', '--filter', "name = 'Default'"]);
    assert.equal(result.code, 0, result.stderr);
    const [header, row, ...rest] = result.stdout.trimEnd().split('\n');
    assert.match(header ?? '', /^ID +NAME +STAGE +CREATED +LAST UPDATED$/);
    assert.match(row ?? '', /^0 +Default +active +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    assert.deepEqual(rest, []);
  });

  it('exits 1 with the error code for a duplicate name', async () => {
    const result = await cairn(['experiments', 'create', 'Default']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error: .+ \[[a-z_]+\.[a-z_.]+\]\n$/);
  });

  it('exits 3 when the experiment does not exist', async () => {
    const result = await cairn(['experiments', 'show', '424242']);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /^error: .+ \[tracking\.[a-z_]+\]/);
    assert.equal(result.stdout, '');
  });
});

describe('runs', () => {
  let experimentId: string;
  const runIds: string[] = [];

  before(async () => {
    for (let i = 0; i < 3; i++) {
      const run = await client.startRun({ experimentName: 'cli-runs', runName: `run-${i}` });
      await run.logParam('i', i);
      await run.logMetrics({ acc: i / 10, odd: i === 2 ? NaN : i }, { step: 1 });
      await run.end();
      runIds.push(run.id);
      experimentId = run.experimentId;
    }
  });

  it('searches with a filter and an order, and follows every page with --all', async () => {
    const page = await cairnJson<Page<Run>>([
      'runs',
      'search',
      '--experiment',
      'cli-runs',
      '--filter',
      'metrics.acc > 0',
      '--order-by',
      'metrics.acc DESC',
    ]);
    assert.deepEqual(
      page.items.map((run) => run.info.runName),
      ['run-2', 'run-1'],
    );
    assert.equal(page.nextPageToken, undefined);

    const first = await cairnJson<Page<Run>>([
      'runs',
      'list',
      '--experiment-id',
      experimentId,
      '--max-results',
      '1',
    ]);
    assert.equal(first.items.length, 1);
    assert.equal(typeof first.nextPageToken, 'string');
    const all = await cairnJson<Page<Run>>([
      'runs',
      'list',
      '--experiment-id',
      experimentId,
      '--max-results',
      '1',
      '--all',
    ]);
    assert.deepEqual(all.items.map((run) => run.info.runId).sort(), [...runIds].sort());
    assert.deepEqual(Object.keys(all), ['items']);
  });

  it('shows a run, writing NaN as the string the API uses', async () => {
    const run = await cairnJson<Run>(['runs', 'show', runIds[2] ?? '']);
    assert.equal(run.info.runId, runIds[2]);
    assert.equal(run.info.status, 'FINISHED');
    const odd = run.data.metrics.find((metric) => metric.key === 'odd');
    assert.equal(odd?.value, 'NaN');
    assert.deepEqual(run.data.params, [{ key: 'i', value: '2' }]);

    const human = await cairn(['runs', 'show', runIds[2] ?? '']);
    assert.equal(human.code, 0);
    assert.match(human.stdout, /^Run ID: +[0-9a-f]{32}$/m);
    assert.match(human.stdout, /^odd +NaN +1 /m);
  });

  it('exits 3 for a run that does not exist', async () => {
    const result = await cairn(['runs', 'show', 'f'.repeat(32)]);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /\[tracking\.run_not_found\]/);
  });
});

describe('artifacts', () => {
  let runId: string;
  const files = new Map<string, Uint8Array>([
    ['model/weights.bin', new Uint8Array(randomBytes(1_500_000))],
    ['model/config/params.json', new TextEncoder().encode('{"lr":0.1}')],
    ['model/empty.txt', new Uint8Array(0)],
    ['notes.txt', new TextEncoder().encode('not part of model/')],
  ]);

  before(async () => {
    const run = await client.startRun({ experimentName: 'cli-artifacts' });
    for (const [path, bytes] of files) await run.logArtifact(path, new Uint8Array(bytes));
    await run.end();
    runId = run.id;
  });

  it('downloads a directory recursively with identical bytes, quietly when stderr is no TTY', async () => {
    const dest = join(scratch, 'download-dir');
    const result = await cairn(['artifacts', 'download', runId, 'model', '--dest', dest, '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const summary = JSON.parse(result.stdout) as {
      dest: string;
      files: { path: string; size: number; file: string }[];
      totalBytes: number;
    };
    assert.equal(summary.dest, dest);
    assert.deepEqual(summary.files.map((f) => f.path).sort(), [
      'model/config/params.json',
      'model/empty.txt',
      'model/weights.bin',
    ]);
    assert.equal(summary.totalBytes, 1_500_000 + 10);
    for (const file of summary.files) {
      assert.equal(file.file, join(dest, file.path));
      assert.deepEqual(new Uint8Array(await readFile(file.file)), files.get(file.path));
    }
    // No temporary files left behind, and nothing outside model/.
    assert.deepEqual((await readdir(join(dest, 'model'))).sort(), [
      'config',
      'empty.txt',
      'weights.bin',
    ]);
    assert.deepEqual(await readdir(dest), ['model']);
  });

  it('downloads a single file and the whole run', async () => {
    const single = join(scratch, 'download-file');
    const one = await cairn(['artifacts', 'download', runId, 'notes.txt', '--dest', single]);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /^Downloaded 1 file\(s\), 18 B, to /);
    assert.equal(await readFile(join(single, 'notes.txt'), 'utf8'), 'not part of model/');

    const whole = join(scratch, 'download-run');
    const all = await cairn(['artifacts', 'download', runId, '--dest', whole]);
    assert.equal(all.code, 0, all.stderr);
    for (const [path, bytes] of files) {
      assert.deepEqual(new Uint8Array(await readFile(join(whole, path))), bytes, path);
    }
  });

  it('lists one level or, with -r, every file', async () => {
    const top = await cairnJson<{ items: { path: string; isDir: boolean }[] }>([
      'artifacts',
      'list',
      runId,
    ]);
    assert.deepEqual(top.items, [
      { path: 'model', isDir: true },
      { path: 'notes.txt', isDir: false, size: 18 },
    ]);
    const deep = await cairnJson<{ items: { path: string; size: number }[] }>([
      'artifacts',
      'list',
      runId,
      'model',
      '-r',
    ]);
    assert.deepEqual(deep.items.map((item) => [item.path, item.size]).sort(), [
      ['model/config/params.json', 10],
      ['model/empty.txt', 0],
      ['model/weights.bin', 1_500_000],
    ]);
  });

  it('exits 3 for a path that does not exist', async () => {
    const result = await cairn(['artifacts', 'download', runId, 'model/nope', '--dest', scratch]);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /no artifact 'model\/nope'/);
  });
});

describe('connection failures', () => {
  it('exit 4 with a hint when nothing listens at --url', async () => {
    const port = await closedPort();
    const result = await cairn(['--url', `http://127.0.0.1:${port}`, 'experiments', 'list']);
    assert.equal(result.code, 4);
    assert.match(result.stderr, /cannot connect to http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
    assert.equal(result.stdout, '');
  });
});

describe('cairn server', () => {
  it('serves until SIGTERM, announcing its URL as one JSON line', async () => {
    const child = spawn(process.execPath, [
      MAIN,
      'server',
      '--port',
      '0',
      '--data-dir',
      join(scratch, 'server-data'),
      '--json',
    ]);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', () => reject(new Error('server exited before announcing itself')));
    });
    const announced = JSON.parse(firstLine) as { url: string; port: number };
    assert.equal(announced.url, `http://127.0.0.1:${announced.port}`);
    const health = await createClient({ url: announced.url }).health();
    assert.equal(health.status, 'ok');
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  it('refuses a public address without --insecure-no-auth as a usage error', async () => {
    const result = await cairn([
      'server',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--data-dir',
      join(scratch, 'refused'),
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /insecure-no-auth/);
  });
});
