import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { statRegularFiles } from './parallel-stat.ts';

const base = mkdtempSync(join(tmpdir(), 'cairn-pstat-'));
after(() => rmSync(base, { recursive: true, force: true }));

test('worker threads report exactly what lstat on this thread reports', async () => {
  const paths: string[] = [];
  for (let i = 0; i < 300; i += 1) {
    const path = join(base, `f${i}.bin`);
    writeFileSync(path, 'x'.repeat(i), { mode: i % 2 === 0 ? 0o644 : 0o755 });
    paths.push(path);
  }
  mkdirSync(join(base, 'a-dir'));
  symlinkSync('f1.bin', join(base, 'a-link'));
  paths.push(join(base, 'a-dir'), join(base, 'a-link'), join(base, 'missing'));

  let waited = 0;
  const onThreads = await statRegularFiles(paths, {
    parallelFrom: 1,
    whileWaiting: () => (waited += 1),
  });
  const here = await statRegularFiles(paths, { parallelFrom: Number.POSITIVE_INFINITY });
  assert.equal(onThreads.length, paths.length);
  assert.equal(waited, 1, 'the caller got the idle main thread once');
  assert.deepEqual(
    onThreads,
    here.map((s) => (s === undefined ? undefined : pick(s))),
  );
  assert.equal(onThreads[299]?.size, 299n);
  assert.equal((onThreads[1]?.mode ?? 0n) & 0o777n, 0o755n);
  // Not regular files (a directory, a symlink, a missing path): left for the caller.
  assert.deepEqual(onThreads.slice(300), [undefined, undefined, undefined]);
});

function pick(s: NonNullable<Awaited<ReturnType<typeof statRegularFiles>>[number]>) {
  const { mode, size, mtimeNs, ctimeNs, ino, dev, uid, gid } = s;
  return { mode, size, mtimeNs, ctimeNs, ino, dev, uid, gid };
}
