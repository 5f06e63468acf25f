/**
 * `cairn data push|pull` and `--remote` against a real server (SQLite data directory), and
 * pull's digest check against a server that sends the wrong bytes.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { startServer } from '@cairn/server';
import { pullVersion, type DatasetRemote } from './data-transfer.ts';
import { withLocalDataStore } from './local-data-store.ts';
import { runCliInProcess, type CliOutcome } from './testing/run-cli-in-process.ts';

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

describe('cairn data push and pull', () => {
  const originalCwd = process.cwd();
  let server: Awaited<ReturnType<typeof startServer>>;
  let work: string;

  const cairn = (argv: string[]): Promise<CliOutcome> =>
    runCliInProcess(argv, { env: { CAIRN_URL: server.url } });

  async function json<T>(argv: string[]): Promise<T> {
    const result = await cairn([...argv, '--json']);
    assert.equal(result.code, 0, `cairn ${argv.join(' ')}: ${result.err}`);
    return JSON.parse(result.out) as T;
  }

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'cairn-data-transfer-'));
    server = await startServer({ port: 0, dataDir: join(work, 'server'), quiet: true });
    process.chdir(work);
    await mkdir('set/nested', { recursive: true });
    await writeFile('set/a.txt', 'alpha');
    await writeFile('set/nested/b.txt', 'beta');
    await writeFile('set/copy-of-a.txt', 'alpha');
    await writeFile('set/table.csv', 'x,y\n1,2\n3,4\n');
  });
  after(async () => {
    process.chdir(originalCwd);
    await server.close();
    await rm(work, { recursive: true, force: true });
  });

  it('pushes only what the server lacks, and pulls into an empty store identically', async () => {
    type Added = { version: { digest: string } };
    type Moved = {
      version: { version: number; digest: string };
      created: boolean;
      objects: number;
    };
    const local = await json<Added>([
      'data',
      'add',
      'set',
      '--name',
      'set',
      '--store',
      'a',
      '--tag',
      'v1',
    ]);
    const pushed = await json<Moved>(['data', 'push', 'set', '--store', 'a']);
    // Three distinct file contents, then the manifest.
    assert.equal(pushed.objects, 4);
    assert.equal(pushed.created, true);
    assert.equal(pushed.version.version, 1);
    assert.equal(pushed.version.digest, local.version.digest);
    const again = await json<Moved>(['data', 'push', 'set', '--store', 'a']);
    assert.equal(again.objects, 0);
    assert.equal(again.created, false);

    const pulled = await json<Moved>(['data', 'pull', 'set@v1', '--store', 'b']);
    assert.equal(pulled.created, true);
    assert.equal(pulled.objects, 3);
    const shown = await json<{ version: { digest: string; tags: string[]; sourceUri: string } }>([
      'data',
      'show',
      'set',
      '--store',
      'b',
    ]);
    assert.equal(shown.version.digest, local.version.digest);
    assert.deepEqual(shown.version.tags, ['v1']);
    assert.equal(shown.version.sourceUri, `${server.url}/api/v1/datasets/set/versions/1`);
    const got = await cairn(['data', 'get', 'set', 'copy', '--store', 'b']);
    assert.equal(got.code, 0, got.err);
    for (const file of ['a.txt', 'nested/b.txt', 'copy-of-a.txt', 'table.csv']) {
      assert.equal(
        await readFile(join('copy', file), 'utf8'),
        await readFile(join('set', file), 'utf8'),
      );
    }
    // The pulled version came from a URL, so it has no working copy to compare.
    const status = await json<{ items: { dataset: string }[] }>(['data', 'status', '--store', 'b']);
    assert.deepEqual(status.items, []);
    const pulledAgain = await json<Moved>(['data', 'pull', 'set', '--store', 'b']);
    assert.equal(pulledAgain.objects, 0);
    assert.equal(pulledAgain.created, false);
  });

  it('acts on the server with --remote', async () => {
    const datasets = await json<{ items: { name: string }[] }>(['data', 'ls', '--remote']);
    assert.deepEqual(
      datasets.items.map((d) => d.name),
      ['set'],
    );
    const profile = await json<{ tables: { path: string; rowCount: number }[] }>([
      'data',
      'profile',
      'set',
      '--remote',
    ]);
    assert.deepEqual(
      profile.tables.map((t) => [t.path, t.rowCount]),
      [['table.csv', 2]],
    );
    const tagged = await cairn(['data', 'tag', 'set@1', 'prod', '--remote']);
    assert.equal(tagged.code, 0, tagged.err);
    const onServer = await json<{ version: { tags: string[] } }>([
      'data',
      'show',
      'set@prod',
      '--remote',
    ]);
    assert.deepEqual(onServer.version.tags.sort(), ['prod', 'v1']);
    const saved = await json<{ revision: number; inferredFromVersion: number }>([
      'data',
      'schema',
      'infer',
      'set',
      '--save',
      '--remote',
    ]);
    assert.deepEqual([saved.revision, saved.inferredFromVersion], [1, 1]);
    const report = await json<{ passed: boolean; schemaRevision: number }>([
      'data',
      'validate',
      'set@prod',
      '--remote',
    ]);
    assert.deepEqual([report.passed, report.schemaRevision], [true, 1]);
    const diff = await json<{ files: { unchangedCount: number } }>([
      'data',
      'diff',
      'set@1',
      'set@prod',
      '--remote',
    ]);
    assert.equal(diff.files.unchangedCount, 4);
    const missing = await cairn(['data', 'show', 'nope', '--remote']);
    assert.equal(missing.code, 3);
  });

  it('stops a pull whose bytes do not match their digest, adding nothing', async () => {
    const entries = [{ path: 'f.txt', digest: sha256('good'), size: 4 }];
    const version = {
      datasetId: 'ds-x',
      datasetName: 'evil',
      version: 1,
      kind: 'file' as const,
      digest: sha256('good'),
      fileCount: 1,
      totalBytes: 4,
      description: '',
      sourceUri: null,
      producedByRunId: null,
      createdAt: 0,
      createdBy: 'x',
      tags: [],
    };
    const lying: DatasetRemote = {
      datasets: {
        getVersion: () => Promise.resolve(version),
        getManifest: () => Promise.resolve(entries),
      } as unknown as DatasetRemote['datasets'],
      missingObjects: () => Promise.resolve([]),
      uploadObject: () => Promise.resolve(),
      downloadObject: () => Promise.resolve(Readable.from([Buffer.from('evil')])),
      versionUrl: () => 'http://example.invalid/evil/1',
    };
    await withLocalDataStore(join(work, 'c'), async (store) => {
      await assert.rejects(pullVersion(store, lying, { name: 'evil', ref: '1' }), {
        code: 'data.digest_mismatch',
      });
      const unsafe: DatasetRemote = {
        ...lying,
        datasets: {
          getVersion: () => Promise.resolve({ ...version, kind: 'directory' as const }),
          getManifest: () => Promise.resolve([{ ...entries[0], path: '../outside.txt' }]),
        } as unknown as DatasetRemote['datasets'],
        downloadObject: () => Promise.reject(new Error('nothing may be fetched')),
      };
      await assert.rejects(pullVersion(store, unsafe, { name: 'evil', ref: '1' }), {
        code: 'data.invalid_path',
      });
      const listed = await store.datasets.listDatasets(store.ctx, {});
      assert.deepEqual(listed.items, []);
    });
  });
});
