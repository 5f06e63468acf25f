/**
 * `lstat` for many files at once. At 100,000 files the scan is almost all `lstat` calls; two
 * to four threads issue them in parallel (the main thread only walks directories).
 */
import { lstatSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** The stat fields a scan keeps for a regular file. */
export interface FileStat {
  mode: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  ino: bigint;
  dev: bigint;
  uid: bigint;
  gid: bigint;
}

export const STAT_FIELDS = 8;
/** Below this many files, starting threads (~30 ms each) costs more than it saves. */
const PARALLEL_FROM = 40_000;
const S_IFMT = 0o170000n;
const S_IFREG = 0o100000n;

/**
 * Stats `paths`; an entry is undefined when the path is no longer a regular file or cannot
 * be stat'ed (the caller looks at it again to report why). `whileWaiting` runs on this
 * thread while the workers stat.
 */
export async function statRegularFiles(
  paths: string[],
  options: { parallelFrom?: number; whileWaiting?: () => void } = {},
): Promise<(FileStat | undefined)[]> {
  const threads = Math.min(availableParallelism(), 4);
  if (paths.length < (options.parallelFrom ?? PARALLEL_FROM) || threads < 2) {
    options.whileWaiting?.();
    return paths.map(statHere);
  }
  const chunk = Math.ceil(paths.length / threads);
  const url = new URL('./stat-worker.ts', import.meta.url);
  const pending = Promise.all(
    Array.from({ length: threads }, (_, t) => {
      const slice = paths.slice(t * chunk, (t + 1) * chunk);
      return new Promise<BigUint64Array>((resolve, reject) => {
        const worker = new Worker(url);
        worker.once('message', ({ packed }: { packed: BigUint64Array }) => {
          resolve(packed);
          void worker.terminate();
        });
        worker.once('error', reject);
        worker.postMessage({ id: t, paths: slice });
      });
    }),
  );
  // The main thread is idle until the workers answer: lend it to the caller.
  options.whileWaiting?.();
  const parts = await pending;
  const stats: (FileStat | undefined)[] = [];
  for (const packed of parts) {
    for (let at = 0; at < packed.length; at += STAT_FIELDS) {
      const mode = packed[at] as bigint;
      stats.push(
        (mode & S_IFMT) !== S_IFREG
          ? undefined
          : {
              mode,
              size: packed[at + 1] as bigint,
              mtimeNs: packed[at + 2] as bigint,
              ctimeNs: packed[at + 3] as bigint,
              ino: packed[at + 4] as bigint,
              dev: packed[at + 5] as bigint,
              uid: packed[at + 6] as bigint,
              gid: packed[at + 7] as bigint,
            },
      );
    }
  }
  return stats;
}

function statHere(path: string): FileStat | undefined {
  try {
    const s = lstatSync(path, { bigint: true });
    return s.isFile() ? s : undefined;
  } catch {
    return undefined;
  }
}
