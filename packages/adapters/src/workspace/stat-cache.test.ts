import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ScannedFile } from './scan-path.ts';
import { openStatCache } from './stat-cache.ts';

const base = mkdtempSync(join(tmpdir(), 'cairn-statcache-'));
after(() => rmSync(base, { recursive: true, force: true }));
const digest = (n: number) => n.toString(16).padStart(64, '0');
const longAgoNs = 1_600_000_000_000_000_000n;

function file(absolutePath: string, overrides: Partial<ScannedFile> = {}): ScannedFile {
  return {
    path: absolutePath.split('/').at(-1) ?? '',
    absolutePath,
    size: 10,
    mtimeNs: longAgoNs,
    ctimeNs: longAgoNs + 5n,
    ino: 42n,
    dev: 7n,
    executable: false,
    ...overrides,
  };
}

test('a recorded state is found after reopening; any changed field misses', () => {
  const path = join(base, 'a.sqlite');
  const cache = openStatCache(path);
  cache.record(file('/data/x.bin'), digest(1));
  cache.close();
  const reopened = openStatCache(path);
  assert.equal(reopened.lookup(file('/data/x.bin')), digest(1));
  for (const change of [
    { size: 11 },
    { mtimeNs: longAgoNs + 1n },
    { ctimeNs: longAgoNs + 6n },
    { ino: 43n },
    { dev: 8n },
  ]) {
    assert.equal(
      reopened.lookup(file('/data/x.bin', change)),
      undefined,
      JSON.stringify(Object.keys(change)),
    );
  }
  assert.equal(reopened.lookup(file('/data/other.bin')), undefined);
  reopened.close();
});

test('a file changed within the last second is not recorded (it could change again unseen)', () => {
  const cache = openStatCache(join(base, 'b.sqlite'));
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  cache.record(file('/data/fresh.bin', { ctimeNs: nowNs, mtimeNs: nowNs }), digest(2));
  assert.equal(
    cache.lookup(file('/data/fresh.bin', { ctimeNs: nowNs, mtimeNs: nowNs })),
    undefined,
  );
  cache.close();
});

test('preload reads one root; a lookup elsewhere still finds its entry', () => {
  const path = join(base, 'c.sqlite');
  const cache = openStatCache(path);
  cache.record(file('/ds/a/1.bin'), digest(3));
  cache.record(file('/ds/a/sub/2.bin'), digest(4));
  cache.record(file('/ds/ab/3.bin'), digest(5));
  cache.record(file('/ds/b/4.bin'), digest(6));
  cache.close();
  const reopened = openStatCache(path);
  reopened.preload?.('/ds/a');
  assert.equal(reopened.lookup(file('/ds/a/1.bin')), digest(3));
  assert.equal(reopened.lookup(file('/ds/a/sub/2.bin')), digest(4));
  assert.equal(reopened.lookup(file('/ds/a/new.bin')), undefined);
  assert.equal(reopened.lookup(file('/ds/ab/3.bin')), digest(5));
  assert.equal(reopened.lookup(file('/ds/b/4.bin')), digest(6));
  reopened.close();
});
