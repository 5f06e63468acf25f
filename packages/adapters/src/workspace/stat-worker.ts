/**
 * Worker thread body for big scans: `lstat`s a list of paths and answers with the fields the
 * scan needs packed into one transferable BigUint64Array (no object per file crosses threads).
 */
import { lstatSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { STAT_FIELDS } from './parallel-stat.ts';

const port = parentPort;
if (port === null) throw new Error('stat-worker.ts runs only as a worker thread.');

port.on('message', ({ id, paths }: { id: number; paths: string[] }) => {
  const packed = new BigUint64Array(paths.length * STAT_FIELDS);
  paths.forEach((path, i) => {
    const at = i * STAT_FIELDS;
    try {
      const s = lstatSync(path, { bigint: true });
      packed[at] = s.mode;
      packed[at + 1] = s.size;
      packed[at + 2] = s.mtimeNs;
      packed[at + 3] = s.ctimeNs;
      packed[at + 4] = s.ino;
      packed[at + 5] = s.dev;
      packed[at + 6] = s.uid;
      packed[at + 7] = s.gid;
    } catch {
      // The main thread stats this path again itself and reports the error properly.
      packed[at] = 0n;
    }
  });
  port.postMessage({ id, packed }, [packed.buffer]);
});
