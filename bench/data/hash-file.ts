/**
 * `node bench/data/hash-file.ts <file>`: hashes one file with Cairn's worker-thread hasher
 * (`hashFiles` from @cairn/adapters, empty stat cache, so every byte is read and hashed) and
 * prints `{"seconds","bytes","digest"}` — the time of the hashing call alone, without Node's
 * start-up, to set against `sha256sum` on the same file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { hashFiles, openStatCache, scanPath } from '@cairn/adapters';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: hash-file.ts <file>');
const scratch = await mkdtemp(path.join(os.tmpdir(), 'cairn-hash-bench-'));
const statCache = openStatCache(path.join(scratch, 'stat-cache.sqlite'));
try {
  const scan = await scanPath(path.resolve(file));
  const started = performance.now();
  const entries = await hashFiles(scan, { statCache });
  const seconds = (performance.now() - started) / 1000;
  const entry = entries[0];
  if (entries.length !== 1 || entry === undefined) throw new Error(`expected one file: ${file}`);
  console.log(JSON.stringify({ seconds, bytes: entry.size, digest: entry.digest }));
} finally {
  statCache.close();
  await rm(scratch, { recursive: true, force: true });
}
