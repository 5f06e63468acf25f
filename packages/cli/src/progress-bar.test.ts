import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createProgressReporter, formatProgressLine } from './progress-bar.ts';

/** A writable that records what was written and can claim to be a terminal. */
function captureStream(isTTY: boolean) {
  const writes: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        writes.push(chunk.toString());
        callback();
      },
    }),
    { isTTY, columns: 80 },
  );
  return { stream, writes };
}

describe('formatProgressLine', () => {
  it('shows the fraction, bytes done of total, the rate and the file count', () => {
    const line = formatProgressLine(
      { doneBytes: 2_500_000, totalBytes: 10_000_000, doneFiles: 1, totalFiles: 4, elapsedMs: 500 },
      80,
    );
    assert.match(line, /^\[#+-+\] +25% {2}2\.5 MB \/ 10\.0 MB {2}5\.0 MB\/s {2}1\/4 files$/);
    assert.ok(line.length <= 80, `${line.length} columns`);
    const bar = /^\[([#-]+)\]/.exec(line)?.[1] ?? '';
    assert.equal(bar.split('#').length - 1, Math.round(bar.length / 4));
  });

  it('reads 100% for an empty download instead of dividing by zero', () => {
    const line = formatProgressLine(
      { doneBytes: 0, totalBytes: 0, doneFiles: 0, totalFiles: 0, elapsedMs: 0 },
      80,
    );
    assert.match(line, /100% {2}0 B \/ 0 B {2}0 B\/s {2}0\/0 files/);
  });
});

describe('createProgressReporter', () => {
  it('draws nothing when the stream is not a terminal', () => {
    const { stream, writes } = captureStream(false);
    const reporter = createProgressReporter(stream, { totalBytes: 10, totalFiles: 1 });
    reporter.advance(10);
    reporter.fileDone();
    reporter.finish();
    assert.deepEqual(writes, []);
  });

  it('redraws one line in place at most once per interval and ends it with a newline', () => {
    const { stream, writes } = captureStream(true);
    let now = 0;
    const reporter = createProgressReporter(
      stream,
      { totalBytes: 1000, totalFiles: 2 },
      { now: () => now, intervalMs: 100 },
    );
    reporter.advance(100); // drawn: first update
    now = 50;
    reporter.advance(100); // skipped: within the interval
    now = 200;
    reporter.fileDone(); // drawn
    now = 210;
    reporter.advance(800);
    reporter.finish(); // always drawn
    assert.equal(writes.length, 4);
    assert.ok(writes.slice(0, 3).every((text) => text.startsWith('\r') && text.endsWith('\x1b[K')));
    assert.match(writes[1] ?? '', /20%.*1\/2 files/);
    assert.match(writes[2] ?? '', /100% {2}1\.0 KB \/ 1\.0 KB/);
    assert.equal(writes[3], '\n');
  });
});
