/**
 * Performance marks for the web benchmark (`bench/web`), which reads them with
 * `performance.getEntriesByName(…)`: `cairn:runs-table-painted` (runs page) and
 * `cairn:chart-drawn` (line chart).
 */

/**
 * Marks `name` once the current frame is painted: a requestAnimationFrame callback runs just
 * before the paint, and a task queued from it runs just after.
 */
export function markAfterPaint(name: string, detail?: unknown): void {
  requestAnimationFrame(() => {
    setTimeout(() => performance.mark(name, { detail }), 0);
  });
}
