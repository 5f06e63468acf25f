/** A one-line download progress bar on stderr, drawn only when stderr is a terminal. */
import { formatBytes } from './output-format.ts';

export interface ProgressState {
  doneBytes: number;
  totalBytes: number;
  doneFiles: number;
  totalFiles: number;
  elapsedMs: number;
}

export interface ProgressReporter {
  advance(bytes: number): void;
  fileDone(): void;
  finish(): void;
}

/** `[######------]  45%  12.3 MB / 27.1 MB  4.2 MB/s  3/10 files`, fitted to `columns`. */
export function formatProgressLine(state: ProgressState, columns = 80): string {
  const fraction = state.totalBytes > 0 ? Math.min(1, state.doneBytes / state.totalBytes) : 1;
  const rate = state.elapsedMs > 0 ? (state.doneBytes * 1000) / state.elapsedMs : 0;
  const text = [
    `${String(Math.floor(fraction * 100)).padStart(3)}%`,
    `${formatBytes(state.doneBytes)} / ${formatBytes(state.totalBytes)}`,
    `${formatBytes(Math.round(rate))}/s`,
    `${state.doneFiles}/${state.totalFiles} files`,
  ].join('  ');
  const barWidth = Math.max(10, Math.min(40, columns - text.length - 4));
  const filled = Math.round(fraction * barWidth);
  return `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]  ${text}`;
}

/** Redraws at most every `intervalMs`; a no-op reporter when `stream` is not a TTY. */
export function createProgressReporter(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  totals: { totalBytes: number; totalFiles: number },
  options: { now?: () => number; intervalMs?: number } = {},
): ProgressReporter {
  if (stream.isTTY !== true) return { advance() {}, fileDone() {}, finish() {} };
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 100;
  const start = now();
  const state: ProgressState = { doneBytes: 0, doneFiles: 0, elapsedMs: 0, ...totals };
  let lastDraw = -Infinity;

  function draw(force: boolean): void {
    const time = now();
    if (!force && time - lastDraw < intervalMs) return;
    lastDraw = time;
    state.elapsedMs = time - start;
    // \r returns to the line start; \x1b[K clears what a longer previous line left behind.
    stream.write(`\r${formatProgressLine(state, stream.columns ?? 80)}\x1b[K`);
  }

  return {
    advance(bytes) {
      state.doneBytes += bytes;
      draw(false);
    },
    fileDone() {
      state.doneFiles++;
      draw(false);
    },
    finish() {
      draw(true);
      stream.write('\n');
    },
  };
}
