import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { CairnError, createManualClock } from '../kernel/index.ts';
import { createArtifactService, DEFAULT_MAX_ARTIFACT_BYTES } from './artifact-service.ts';
import { createInMemoryArtifactIndex } from './in-memory-artifact-index.ts';
import { createMemoryBlobStore } from './memory-blob-store.ts';
import type { BlobStore } from './ports.ts';

const ctx = { actor: 'alice' };
const text = new TextEncoder();

function bytes(...parts: string[]): AsyncIterable<Uint8Array> {
  return Readable.from(parts.map((part) => text.encode(part)));
}

/** An upload body that yields `parts` and then fails, as a dropped connection does. */
async function* failingAfter(...parts: string[]): AsyncIterable<Uint8Array> {
  yield* bytes(...parts);
  throw new Error('client went away');
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function setup(options: { maxArtifactBytes?: number; blobs?: BlobStore } = {}) {
  const index = createInMemoryArtifactIndex();
  const blobs = createMemoryBlobStore();
  const clock = createManualClock(1_000);
  const service = createArtifactService({
    index,
    blobs: options.blobs ?? blobs,
    clock,
    ...(options.maxArtifactBytes === undefined
      ? {}
      : { maxArtifactBytes: options.maxArtifactBytes }),
  });
  return { index, blobs, clock, service };
}

function isError(category: string, code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof CairnError, String(error));
    assert.equal(error.category, category);
    assert.equal(error.code, code);
    return true;
  };
}

describe('createArtifactService upload and download', () => {
  it('stores the bytes, records the entry and one event, and reads them back', async () => {
    const { index, blobs, service } = setup();
    const entry = await service.upload(
      ctx,
      '1/run/artifacts/model%2FMLmodel',
      bytes('flavors:', '\n'),
    );
    const digest = sha256('flavors:\n');
    assert.deepEqual(entry, {
      path: '1/run/artifacts/model/MLmodel',
      digest,
      size: 9,
      createdAt: 1_000,
    });
    assert.deepEqual(blobs.digests(), [digest]);
    assert.deepEqual(index.committedEntries(), [entry]);
    assert.deepEqual(index.committedEvents(), [
      {
        type: 'artifacts.artifact.uploaded',
        entityType: 'artifact',
        entityId: '1/run/artifacts/model/MLmodel',
        actor: 'alice',
        time: 1_000,
        payload: { path: '1/run/artifacts/model/MLmodel', digest, size: 9 },
      },
    ]);

    const { entry: found, body } = await service.download(ctx, '1/run/artifacts/model/MLmodel');
    assert.deepEqual(found, entry);
    assert.equal(await readAll(body), 'flavors:\n');
  });

  it('replaces a file uploaded again at the same path', async () => {
    const { index, clock, service } = setup();
    await service.upload(ctx, 'a.txt', bytes('one'));
    clock.advance(5);
    await service.upload(ctx, 'a.txt', bytes('two'));
    const [entry] = index.committedEntries();
    assert.deepEqual(entry, { path: 'a.txt', digest: sha256('two'), size: 3, createdAt: 1_005 });
    assert.equal(await readAll((await service.download(ctx, 'a.txt')).body), 'two');
    assert.equal(index.committedEvents().length, 2);
  });

  it('rejects an unsafe path before reading the body or touching the index', async () => {
    const { index, blobs, service } = setup();
    let pulled = false;
    const body = (async function* () {
      for await (const chunk of bytes('x')) {
        pulled = true;
        yield chunk;
      }
    })();
    await assert.rejects(
      service.upload(ctx, '..%2f..%2fetc/passwd', body),
      isError('INVALID_ARGUMENT', 'artifacts.unsafe_path'),
    );
    assert.equal(pulled, false);
    assert.deepEqual(blobs.digests(), []);
    assert.deepEqual(index.committedEvents(), []);
    await assert.rejects(
      service.download(ctx, '%252e%252e%252fetc'),
      isError('INVALID_ARGUMENT', 'artifacts.unsafe_path'),
    );
    await assert.rejects(
      service.list(ctx, 'C:/'),
      isError('INVALID_ARGUMENT', 'artifacts.unsafe_path'),
    );
    await assert.rejects(
      service.delete(ctx, '\\..\\x'),
      isError('INVALID_ARGUMENT', 'artifacts.unsafe_path'),
    );
  });

  it('enforces the configured ceiling and lets a call lower it, but not raise it', async () => {
    const { index, service } = setup({ maxArtifactBytes: 5 });
    await service.upload(ctx, 'five', bytes('12345'));
    await assert.rejects(
      service.upload(ctx, 'six', bytes('123', '456')),
      isError('RESOURCE_EXHAUSTED', 'artifacts.too_large'),
    );
    await assert.rejects(
      service.upload(ctx, 'six', bytes('123456'), { maxBytes: 100 }),
      isError('RESOURCE_EXHAUSTED', 'artifacts.too_large'),
    );
    await assert.rejects(
      service.upload(ctx, 'four', bytes('1234'), { maxBytes: 3 }),
      isError('RESOURCE_EXHAUSTED', 'artifacts.too_large'),
    );
    assert.deepEqual(
      index.committedEntries().map((e) => e.path),
      ['five'],
    );
    assert.equal(index.committedEvents().length, 1);
    await assert.rejects(
      service.upload(ctx, 'x', bytes('1'), { maxBytes: -1 }),
      isError('INVALID_ARGUMENT', 'artifacts.invalid_limit'),
    );
  });

  it('defaults the ceiling to 5 GiB and refuses a nonsense configuration', () => {
    assert.equal(DEFAULT_MAX_ARTIFACT_BYTES, 5 * 1024 * 1024 * 1024);
    assert.throws(
      () => setup({ maxArtifactBytes: Number.NaN }),
      isError('INVALID_ARGUMENT', 'artifacts.invalid_limit'),
    );
  });

  it('answers NOT_FOUND for a missing file and for a directory', async () => {
    const { service } = setup();
    await assert.rejects(
      service.download(ctx, 'nope.txt'),
      isError('NOT_FOUND', 'artifacts.not_found'),
    );
    await service.upload(ctx, 'dir/file.txt', bytes('x'));
    await assert.rejects(service.download(ctx, 'dir'), isError('NOT_FOUND', 'artifacts.not_found'));
  });

  it('reports an index entry whose blob vanished as an internal error, not NOT_FOUND', async () => {
    const blobs = createMemoryBlobStore();
    const forgetful: BlobStore = {
      put: (s, o) => blobs.put(s, o),
      has: () => Promise.resolve(false),
      open: () => Promise.resolve(undefined),
    };
    const { service } = setup({ blobs: forgetful });
    await service.upload(ctx, 'a.bin', bytes('x'));
    await assert.rejects(
      service.download(ctx, 'a.bin'),
      isError('INTERNAL', 'artifacts.blob_missing'),
    );
  });

  it('refuses a file where a directory is, and under a file', async () => {
    const { index, service } = setup();
    await service.upload(ctx, 'model/MLmodel', bytes('x'));
    await assert.rejects(
      service.upload(ctx, 'model', bytes('y')),
      isError('FAILED_PRECONDITION', 'artifacts.path_conflict'),
    );
    await assert.rejects(
      service.upload(ctx, 'model/MLmodel/inner', bytes('y')),
      isError('FAILED_PRECONDITION', 'artifacts.path_conflict'),
    );
    assert.deepEqual(
      index.committedEntries().map((e) => e.path),
      ['model/MLmodel'],
    );
  });

  it('leaves no entry and no event when the body fails midway', async () => {
    const { index, service } = setup();
    await assert.rejects(service.upload(ctx, 'a.bin', failingAfter('partial')), /client went away/);
    assert.deepEqual(index.committedEntries(), []);
    assert.deepEqual(index.committedEvents(), []);
  });
});

describe('createArtifactService list and delete', () => {
  async function populated() {
    const fixture = setup();
    for (const path of [
      'run/b.txt',
      'run/a.txt',
      'run/model/MLmodel',
      'run/model/data/w.bin',
      'other/x',
    ]) {
      await fixture.service.upload(ctx, path, bytes(path));
    }
    return fixture;
  }

  it('lists the children of a directory, and nothing for a file or a missing path', async () => {
    const { service } = await populated();
    assert.deepEqual(await service.list(ctx, 'run'), [
      { path: 'run/a.txt', isDir: false, size: 9 },
      { path: 'run/b.txt', isDir: false, size: 9 },
      { path: 'run/model', isDir: true, size: undefined },
    ]);
    assert.deepEqual(await service.list(ctx, 'run/model/'), [
      { path: 'run/model/MLmodel', isDir: false, size: 17 },
      { path: 'run/model/data', isDir: true, size: undefined },
    ]);
    assert.deepEqual(
      (await service.list(ctx, '')).map((l) => l.path),
      ['other', 'run'],
    );
    assert.deepEqual(await service.list(ctx, 'run/a.txt'), []);
    assert.deepEqual(await service.list(ctx, 'missing'), []);
  });

  it('deletes a file with one event', async () => {
    const { index, clock, service } = await populated();
    const before = index.committedEvents().length;
    clock.advance(10);
    await service.delete(ctx, 'run/a.txt');
    assert.deepEqual(
      index.committedEntries().map((e) => e.path),
      ['other/x', 'run/b.txt', 'run/model/MLmodel', 'run/model/data/w.bin'],
    );
    const events = index.committedEvents().slice(before);
    assert.deepEqual(events, [
      {
        type: 'artifacts.artifact.deleted',
        entityType: 'artifact',
        entityId: 'run/a.txt',
        actor: 'alice',
        time: 1_010,
        payload: { path: 'run/a.txt', count: 1 },
      },
    ]);
  });

  it('deletes a directory recursively with one event, leaving siblings with the same prefix', async () => {
    const { index, service } = await populated();
    await service.upload(ctx, 'run/model2.txt', bytes('keep'));
    const before = index.committedEvents().length;
    await service.delete(ctx, 'run/model/');
    assert.deepEqual(
      index.committedEntries().map((e) => e.path),
      ['other/x', 'run/a.txt', 'run/b.txt', 'run/model2.txt'],
    );
    const events = index.committedEvents().slice(before);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0]?.payload, { path: 'run/model', count: 2 });
  });

  it('succeeds without an event when nothing matches, as MLflow does', async () => {
    const { index, service } = await populated();
    const before = index.committedEvents().length;
    await service.delete(ctx, 'run/nothing-here');
    assert.equal(index.committedEvents().length, before);
    assert.equal(index.committedEntries().length, 5);
  });

  it('refuses to delete the root', async () => {
    const { index, service } = await populated();
    await assert.rejects(
      service.delete(ctx, ''),
      isError('INVALID_ARGUMENT', 'artifacts.unsafe_path'),
    );
    assert.equal(index.committedEntries().length, 5);
  });
});

describe('createMemoryBlobStore (the fake used above)', () => {
  it('rejects malformed digests like the real stores and streams copies', async () => {
    const blobs = createMemoryBlobStore();
    await assert.rejects(
      blobs.open('../x'),
      isError('INVALID_ARGUMENT', 'artifacts.invalid_digest'),
    );
    await assert.rejects(
      blobs.has('A'.repeat(64)),
      isError('INVALID_ARGUMENT', 'artifacts.invalid_digest'),
    );
    const { digest } = await blobs.put(bytes('abc'));
    const first = await blobs.open(digest);
    assert.ok(first !== undefined);
    for await (const chunk of first) chunk.fill(0);
    const second = await blobs.open(digest);
    assert.ok(second !== undefined);
    assert.equal(await readAll(second), 'abc');
  });
});
