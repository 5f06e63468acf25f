/**
 * The packed form of a metric series (`metric_blocks`): each block holds up to
 * `BLOCK_POINTS` points as three little-endian float64 columns one after another —
 * steps, timestamps, values (NaN as NaN) — in the order the points were stored. A chart's
 * first read of 100,000 points then decodes ~100 blobs instead of converting 100,000 rows.
 */
import { endianness } from 'node:os';
import type { MetricPointColumns } from '@cairn/core';

/** Points per block: a full block is 6 KiB, the most an append rewrites; 100,000 points are 391 blocks. */
export const BLOCK_POINTS = 256;

/** A point as the blocks hold it. */
export interface BlockPoint {
  step: number;
  timestamp: number;
  value: number;
}

if (endianness() !== 'LE') {
  // Float64Array uses the platform's byte order; every platform Node supports for Cairn is
  // little-endian, and the stored blocks must read the same everywhere.
  throw new Error('Cairn stores metric blocks little-endian and needs a little-endian platform.');
}

export function encodeBlock(columns: MetricPointColumns): Uint8Array {
  const n = columns.values.length;
  const packed = new Float64Array(3 * n);
  packed.set(columns.steps, 0);
  packed.set(columns.timestamps, n);
  packed.set(columns.values, 2 * n);
  return new Uint8Array(packed.buffer);
}

/** The points of a block, in stored order. */
export function decodeBlock(data: Uint8Array): MetricPointColumns {
  const packed = float64View(data);
  const n = packed.length / 3;
  return {
    steps: packed.subarray(0, n),
    timestamps: packed.subarray(n, 2 * n),
    values: packed.subarray(2 * n, 3 * n),
  };
}

/** `points` as columns. */
export function toBlockColumns(points: readonly BlockPoint[]): MetricPointColumns {
  return {
    steps: Float64Array.from(points, (p) => p.step),
    timestamps: Float64Array.from(points, (p) => p.timestamp),
    values: Float64Array.from(points, (p) => p.value),
  };
}

/** The blocks of one series joined, then put in (step, timestamp, value) order if needed. */
export function joinBlocks(blocks: readonly Uint8Array[]): MetricPointColumns {
  return inSeriesOrder(concatColumns(blocks.map(decodeBlock)));
}

/** Column sets one after another. */
export function concatColumns(parts: readonly MetricPointColumns[]): MetricPointColumns {
  const total = parts.reduce((sum, part) => sum + part.values.length, 0);
  const joined = {
    steps: new Float64Array(total),
    timestamps: new Float64Array(total),
    values: new Float64Array(total),
  };
  let offset = 0;
  for (const part of parts) {
    joined.steps.set(part.steps, offset);
    joined.timestamps.set(part.timestamps, offset);
    joined.values.set(part.values, offset);
    offset += part.values.length;
  }
  return joined;
}

/**
 * Points arrive in any order (a resumed run logs earlier steps again, clients batch by
 * key); the series order is the metrics table's key order: step, timestamp, then the stored
 * value with NaN counted as 0 and placed after a real 0. Usually already in order: checked
 * in one pass, sorted only when not.
 */
export function inSeriesOrder(columns: MetricPointColumns): MetricPointColumns {
  const { steps, timestamps, values } = columns;
  const compare = (a: number, b: number) =>
    (steps[a] as number) - (steps[b] as number) ||
    (timestamps[a] as number) - (timestamps[b] as number) ||
    storedValue(values[a] as number) - storedValue(values[b] as number) ||
    Number(Number.isNaN(values[a])) - Number(Number.isNaN(values[b]));
  let sorted = true;
  for (let i = 1; i < values.length && sorted; i += 1) sorted = compare(i - 1, i) <= 0;
  if (sorted) return columns;
  const order = Array.from({ length: values.length }, (_, i) => i).sort(compare);
  return {
    steps: Float64Array.from(order, (i) => steps[i] as number),
    timestamps: Float64Array.from(order, (i) => timestamps[i] as number),
    values: Float64Array.from(order, (i) => values[i] as number),
  };
}

/** As the metrics table stores it: NaN is (0, is_nan = 1). */
function storedValue(value: number): number {
  return Number.isNaN(value) ? 0 : value;
}

/** The bytes as float64s; copied when the driver's buffer is not 8-byte aligned. */
function float64View(data: Uint8Array): Float64Array {
  if (data.byteLength % 24 !== 0) {
    throw new Error(`A metric block of ${data.byteLength} bytes is not whole points.`);
  }
  if (data.byteOffset % 8 === 0) {
    return new Float64Array(data.buffer, data.byteOffset, data.byteLength / 8);
  }
  return new Float64Array(data.slice().buffer);
}
