/**
 * Waits until the disk has caught up with earlier writes and deletes before a timed command.
 * On the VMs we measure on (ext4 mounted with `discard`), creating a file right after a large
 * delete or write-back burst took 10× longer than on an idle disk, and whichever tool ran then
 * paid for the previous one. Linux's pressure-stall figure for I/O says when that is over.
 */
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const PRESSURE_FILE = '/proc/pressure/io';
/** Share of the last 10 s some task stalled on I/O, in percent, below which the disk is idle. */
const IDLE_BELOW = 1;
const MAX_WAIT_MS = 90_000;

function ioPressure(): number | undefined {
  try {
    const line = readFileSync(PRESSURE_FILE, 'utf8').split('\n')[0] ?? '';
    const match = /avg10=([\d.]+)/.exec(line);
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

/** `sync`, then waits (at most 90 s) for I/O pressure to fall; returns the milliseconds waited. */
export async function settleDisk(): Promise<number> {
  spawnSync('sync');
  const started = Date.now();
  for (;;) {
    const pressure = ioPressure();
    if (pressure === undefined || pressure < IDLE_BELOW) break;
    if (Date.now() - started > MAX_WAIT_MS) break;
    await new Promise((done) => setTimeout(done, 1000));
  }
  return Date.now() - started;
}
