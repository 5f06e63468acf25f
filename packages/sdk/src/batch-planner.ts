/**
 * Cuts a queue of buffered entries into log-batch requests the server accepts: at most
 * 1000 metrics, 100 params, 100 tags and 1000 entries per request (MLflow's limits, which
 * v1 shares), under the 1 MB body limit, and never the same param or tag key twice in one
 * request (the server would reject the batch or apply it in an undefined order).
 */
import type { Metric, Param, Tag } from './wire-types.ts';

export type BatchEntry =
  { kind: 'metric'; item: Metric } | { kind: 'param'; item: Param } | { kind: 'tag'; item: Tag };

export interface BatchLimits {
  metrics: number;
  params: number;
  tags: number;
  entities: number;
  /** Estimated JSON bytes per request; kept below the server's 1,000,000. */
  bytes: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = {
  metrics: 1000,
  params: 100,
  tags: 100,
  entities: 1000,
  bytes: 900_000,
};

export interface PlannedBatch {
  metrics: Metric[];
  params: Param[];
  tags: Tag[];
  /** How many entries from the head of the queue this batch holds. */
  count: number;
}

/** The next request's worth of entries from the head of `queue` (which is not modified). */
export function planBatch(
  queue: readonly BatchEntry[],
  limits: BatchLimits = DEFAULT_BATCH_LIMITS,
): PlannedBatch {
  const batch: PlannedBatch = { metrics: [], params: [], tags: [], count: 0 };
  const paramKeys = new Set<string>();
  const tagKeys = new Set<string>();
  let bytes = 0;
  for (const entry of queue) {
    const size = estimateBytes(entry);
    if (batch.count > 0 && (batch.count >= limits.entities || bytes + size > limits.bytes)) break;
    if (entry.kind === 'metric') {
      if (batch.metrics.length >= limits.metrics) break;
      batch.metrics.push(entry.item);
    } else if (entry.kind === 'param') {
      if (batch.params.length >= limits.params || paramKeys.has(entry.item.key)) break;
      paramKeys.add(entry.item.key);
      batch.params.push(entry.item);
    } else {
      if (batch.tags.length >= limits.tags || tagKeys.has(entry.item.key)) break;
      tagKeys.add(entry.item.key);
      batch.tags.push(entry.item);
    }
    bytes += size;
    batch.count++;
  }
  return batch;
}

const encoder = new TextEncoder();

/**
 * An upper bound of the entry's JSON size. Metric keys are short, so 3 bytes per UTF-16
 * unit is close enough; param and tag values may be kilobytes and are measured exactly.
 */
function estimateBytes(entry: BatchEntry): number {
  const fieldOverhead = 100;
  if (entry.kind === 'metric') return fieldOverhead + 3 * entry.item.key.length;
  return fieldOverhead + encoder.encode(JSON.stringify(entry.item)).length;
}
