/**
 * Hashing throughput: `sha256sum` against Cairn's worker-thread hasher (`hash-file.ts`) on the
 * same file, with the file in page cache. The two alternate for a few rounds and each keeps its
 * best round: on a shared machine the best round is the one least disturbed by other work.
 */
import path from 'node:path';

import type { HashThroughput } from './report.ts';
import { measure } from './tools.ts';
import { warmRead } from './warm-read.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export async function benchHashing(options: {
  file: string;
  bytes: number;
  scratch: string;
  withCairn: boolean;
  rounds: number;
  log: (line: string) => void;
}): Promise<HashThroughput> {
  const { file, bytes, scratch, log } = options;
  const mbps = (seconds: number) => bytes / 1e6 / seconds;
  const node = path.join(repoRoot, 'node_modules', '.bin', 'node');
  const hasher = path.join(import.meta.dirname, 'hash-file.ts');
  warmRead(file);
  let result: HashThroughput | undefined;
  for (let round = 1; round <= options.rounds; round++) {
    const sum = await measure(repoRoot, { file: 'sha256sum', args: [file] }, scratch);
    const digest = sum.outputTail.split(/\s+/)[0] ?? '';
    log(
      `round ${round} sha256sum: ${sum.seconds.toFixed(2)} s, ${mbps(sum.seconds).toFixed(0)} MB/s`,
    );
    if (result === undefined || sum.seconds < result.sha256sum.seconds) {
      const sha256sum = {
        seconds: sum.seconds,
        mbPerSec: mbps(sum.seconds),
        maxRssMiB: sum.maxRssMiB,
        digest,
      };
      result = { bytes, rounds: options.rounds, ...result, sha256sum };
    }
    if (!options.withCairn) continue;
    const cairn = await measure(repoRoot, { file: node, args: [hasher, file] }, scratch);
    const printed = JSON.parse(cairn.outputTail.split('\n').at(-1) ?? '{}') as {
      seconds: number;
      digest: string;
    };
    if (printed.digest !== digest) {
      throw new Error(`Cairn hashed ${printed.digest}, sha256sum says ${digest}`);
    }
    log(
      `round ${round} cairn hashFiles: ${printed.seconds.toFixed(2)} s, ${mbps(printed.seconds).toFixed(0)} MB/s`,
    );
    if (result.cairn === undefined || printed.seconds < result.cairn.seconds) {
      result.cairn = {
        seconds: printed.seconds,
        processSeconds: cairn.seconds,
        mbPerSec: mbps(printed.seconds),
        maxRssMiB: cairn.maxRssMiB,
        digest: printed.digest,
      };
    }
  }
  if (result === undefined) throw new Error('rounds must be at least 1');
  return result;
}
