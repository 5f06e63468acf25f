// The artifact service over the real local blob store (and the in-memory index fake):
// what a client's hostile path or oversized body can do to the data directory.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  CairnError,
  createArtifactService,
  createInMemoryArtifactIndex,
  createManualClock,
} from '@cairn/core';
import { BLOB_LAYOUT_MARKER } from './blob-layout.ts';
import { createLocalBlobStore } from './local-blob-store.ts';

const ctx = { actor: 'local' };
let base: string;
before(async () => {
  base = await mkdtemp(join(tmpdir(), 'cairn-artifacts-'));
});
after(async () => {
  await rm(base, { recursive: true, force: true });
});

let counter = 0;
function setup(maxArtifactBytes?: number) {
  counter += 1;
  const dataDir = join(base, `data-${counter}`);
  const root = join(dataDir, 'blobs');
  const index = createInMemoryArtifactIndex();
  const service = createArtifactService({
    index,
    blobs: createLocalBlobStore({ root }),
    clock: createManualClock(),
    ...(maxArtifactBytes === undefined ? {} : { maxArtifactBytes }),
  });
  return { base: dataDir, root, index, service };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return (
    entries
      // The layout marker is the store's bookkeeping, not a blob.
      .filter((e) => e.isFile() && e.name !== BLOB_LAYOUT_MARKER)
      .map((e) => relative(dir, join(e.parentPath, e.name)))
      .sort()
  );
}

function chunked(content: Buffer, size: number): AsyncIterable<Uint8Array> {
  return Readable.from(
    Array.from({ length: Math.ceil(content.length / size) }, (_, i) =>
      content.subarray(i * size, (i + 1) * size),
    ),
  );
}

describe('artifact service on the local blob store', () => {
  it('round-trips a multi-chunk artifact and dedups identical content across paths', async () => {
    const { root, index, service } = setup();
    const content = randomBytes(1024 * 1024 + 17);
    const digest = createHash('sha256').update(content).digest('hex');
    const first = await service.upload(
      ctx,
      '0/run/artifacts/model/model.onnx',
      chunked(content, 65_536),
    );
    const second = await service.upload(ctx, '0/run/artifacts/copy.onnx', chunked(content, 1000));
    assert.equal(first.digest, digest);
    assert.equal(second.digest, digest);
    assert.deepEqual(await filesUnder(root), [join('objects', digest.slice(0, 2), digest)]);
    const { entry, body } = await service.download(ctx, '0/run/artifacts/model/model.onnx');
    assert.equal(entry.size, content.length);
    const chunks: Uint8Array[] = [];
    for await (const chunk of body) chunks.push(chunk);
    assert.deepEqual(Buffer.concat(chunks), content);
    assert.equal(index.committedEvents().length, 2);
  });

  it('never writes outside the store for hostile paths', async () => {
    const { base: dataDir, service } = setup();
    await service.upload(ctx, 'seed.txt', chunked(Buffer.from('seed'), 4));
    const before = await filesUnder(dataDir);
    const hostile = [
      '../../evil.sh',
      '..%2f..%2fevil.sh',
      '%252e%252e%252fevil.sh',
      '/tmp/evil.sh',
      'C:\\evil.sh',
      '..;/evil.sh',
      '．．／evil.sh',
      'a%00.sh',
    ];
    for (const path of hostile) {
      await assert.rejects(
        service.upload(ctx, path, chunked(Buffer.from('#!/bin/sh\n'), 10)),
        (error: unknown) => error instanceof CairnError && error.code === 'artifacts.unsafe_path',
      );
    }
    assert.deepEqual(await filesUnder(dataDir), before);
    assert.deepEqual(
      await readdir(base).then((names) => names.filter((n) => n.includes('evil'))),
      [],
    );
  });

  it('rejects an oversized body leaving no blob, temp file or entry', async () => {
    const { root, index, service } = setup(1024 * 1024);
    await assert.rejects(
      service.upload(ctx, 'big.bin', chunked(randomBytes(3 * 1024 * 1024), 64 * 1024)),
      (error: unknown) =>
        error instanceof CairnError &&
        error.category === 'RESOURCE_EXHAUSTED' &&
        error.code === 'artifacts.too_large',
    );
    assert.deepEqual(await filesUnder(root), []);
    assert.deepEqual(index.committedEntries(), []);
    assert.deepEqual(index.committedEvents(), []);
  });
});
