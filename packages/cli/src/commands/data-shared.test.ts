import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { createProgressTracker, formatCount, shortDigest } from './data-shared.ts';

function terminal(): {
  stream: PassThrough & { isTTY: boolean; columns: number };
  text: () => string;
} {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe('data command helpers', () => {
  it('turns cumulative workspace progress into a progress bar on a terminal', () => {
    const { stream, text } = terminal();
    const tracker = createProgressTracker(stream, { totalFiles: 3, totalBytes: 3000 });
    tracker.onProgress({ files: 1, bytes: 1000, totalFiles: 3, totalBytes: 3000 });
    tracker.onProgress({ files: 3, bytes: 3000, totalFiles: 3, totalBytes: 3000 });
    tracker.finish();
    const lines = text().split('\r').filter(Boolean);
    assert.match(lines.at(-1) ?? '', /100%\s+3\.0 KB \/ 3\.0 KB.*3\/3 files/);
  });

  it('draws nothing when no progress was reported, or when stderr is not a terminal', () => {
    const { stream, text } = terminal();
    createProgressTracker(stream, { totalFiles: 0, totalBytes: 0 }).finish();
    assert.equal(text(), '');
    const pipe = new PassThrough();
    let piped = '';
    pipe.on('data', (chunk: Buffer) => (piped += chunk.toString()));
    const tracker = createProgressTracker(pipe, { totalFiles: 1, totalBytes: 10 });
    tracker.onProgress({ files: 1, bytes: 10, totalFiles: 1, totalBytes: 10 });
    tracker.finish();
    assert.equal(piped, '');
  });

  it('formats counts and digests for people', () => {
    assert.equal(formatCount(10000), '10,000');
    assert.equal(shortDigest('ab'.repeat(32)), 'sha256:abababababab…');
  });
});
