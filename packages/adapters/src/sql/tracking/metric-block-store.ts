/**
 * Keeps `metric_blocks` equal to `metrics`, and reads a whole series from it. A batch whose
 * points were all new is appended in the write transaction that stores them: one query
 * fetches the last block of each of its series, one upsert writes the filled last blocks
 * and the new ones. A batch of which only some points were new (a retried or overlapping
 * request, rare) has its series packed again from their rows. Two writers of one series
 * never interleave: SQLite has one writer, and on PostgreSQL the batch's upsert of the
 * series' `latest_metrics` row, which always comes first, locks that row until commit (even
 * when the upsert changes nothing).
 */
import { sql } from 'kysely';
import type { MetricPointColumns } from '@cairn/core';
import { chunkForParameters } from '../batching.ts';
import { insertRows } from '../bulk-insert.ts';
import type { BulkInsert } from '../bulk-insert.ts';
import type { MetricBlockTable } from '../schema.ts';
import type { SqlScope } from '../transaction-runner.ts';
import {
  BLOCK_POINTS,
  concatColumns,
  decodeBlock,
  encodeBlock,
  joinBlocks,
  toBlockColumns,
  type BlockPoint,
} from './metric-block-codec.ts';

const BLOCK_UPSERT: BulkInsert<MetricBlockTable> = {
  table: 'metric_blocks',
  columns: ['run_key', 'key', 'block_no', 'points', 'data'],
  onConflict: `on conflict (run_key, key, block_no) do update set
    points = excluded.points, data = excluded.data`,
};

/** Last-block lookups joined into one statement. */
const LOOKUPS_PER_STATEMENT = 200;

/** Rows read per page when a series is packed from the metrics table. */
const PACK_PAGE = 50_000;

/** Appends each key's points (in the order given) to that series' blocks. */
export async function appendToBlocks(
  scope: SqlScope,
  runKey: number,
  pointsByKey: ReadonlyMap<string, readonly BlockPoint[]>,
): Promise<void> {
  const tails = await lastBlocks(scope, runKey, [...pointsByKey.keys()]);
  const rows: MetricBlockTable[] = [];
  for (const [key, points] of pointsByKey) {
    const tail = tails.get(key);
    let rest = points;
    let blockNo = 0;
    if (tail !== undefined) {
      blockNo = tail.block_no + 1;
      const room = BLOCK_POINTS - tail.points;
      if (room > 0 && rest.length > 0) {
        const filled = concatColumns([decodeBlock(tail.data), toBlockColumns(rest.slice(0, room))]);
        rows.push(blockRow(runKey, key, tail.block_no, filled));
        rest = rest.slice(room);
      }
    }
    for (let start = 0; start < rest.length; start += BLOCK_POINTS) {
      const columns = toBlockColumns(rest.slice(start, start + BLOCK_POINTS));
      rows.push(blockRow(runKey, key, blockNo, columns));
      blockNo += 1;
    }
  }
  await insertRows(scope, BLOCK_UPSERT, rows);
}

/** Rebuilds the blocks of one series from its rows in the metrics table, in their key order. */
export async function packSeries(scope: SqlScope, runKey: number, key: string): Promise<void> {
  const { db } = scope;
  await db
    .deleteFrom('metric_blocks')
    .where('run_key', '=', runKey)
    .where('key', '=', key)
    .execute();
  let pending: BlockPoint[] = [];
  let blockNo = 0;
  /** Writes the full blocks pending (and with `all`, the partial last one) in one upsert. */
  const writeBlocks = async (all: boolean) => {
    const rows: MetricBlockTable[] = [];
    while (pending.length >= BLOCK_POINTS || (all && pending.length > 0)) {
      rows.push(blockRow(runKey, key, blockNo, toBlockColumns(pending.slice(0, BLOCK_POINTS))));
      pending = pending.slice(BLOCK_POINTS);
      blockNo += 1;
    }
    await insertRows(scope, BLOCK_UPSERT, rows);
  };
  let after: { step: number; timestamp: number; value: number; is_nan: number } | undefined;
  for (;;) {
    const cursor = after;
    let query = db
      .selectFrom('metrics')
      .select(['step', 'timestamp', 'value', 'is_nan'])
      .where('run_key', '=', runKey)
      .where('key', '=', key);
    if (cursor !== undefined) {
      query = query.where((eb) =>
        eb(
          eb.refTuple('step', 'timestamp', 'value', 'is_nan'),
          '>',
          eb.tuple(cursor.step, cursor.timestamp, cursor.value, cursor.is_nan),
        ),
      );
    }
    const rows = await query
      .orderBy('step')
      .orderBy('timestamp')
      .orderBy('value')
      .orderBy('is_nan')
      .limit(PACK_PAGE)
      .execute();
    for (const row of rows) {
      pending.push({
        step: Number(row.step),
        timestamp: Number(row.timestamp),
        value: Number(row.is_nan) === 1 ? Number.NaN : Number(row.value),
      });
    }
    await writeBlocks(false);
    after = rows.at(-1);
    if (rows.length < PACK_PAGE) break;
  }
  await writeBlocks(true);
}

/** Every point of one metric of a run, in (step, timestamp, value) order; empty when none. */
export async function readSeriesBlocks(
  { db }: SqlScope,
  runId: string,
  key: string,
): Promise<MetricPointColumns> {
  const rows = await db
    .selectFrom('metric_blocks')
    .select('data')
    .where('run_key', '=', (eb) =>
      eb.selectFrom('runs').select('run_key').where('run_uuid', '=', runId),
    )
    .where('key', '=', key)
    .orderBy('block_no')
    .execute();
  return joinBlocks(rows.map((row) => row.data));
}

type LastBlock = Pick<MetricBlockTable, 'key' | 'block_no' | 'points' | 'data'>;

/**
 * The last block of each of `keys`' series (absent for a series with none yet): one
 * statement of per-key `order by block_no desc limit 1` lookups, each a short index seek
 * (a `max()` per group would scan every block of the series).
 */
async function lastBlocks(
  { db, dialect }: SqlScope,
  runKey: number,
  keys: string[],
): Promise<Map<string, LastBlock>> {
  const tails = new Map<string, LastBlock>();
  const groups: string[][] = [];
  // SQLite allows 500 terms in a compound select.
  for (let start = 0; start < keys.length; start += LOOKUPS_PER_STATEMENT) {
    groups.push(
      ...chunkForParameters(keys.slice(start, start + LOOKUPS_PER_STATEMENT), 2, dialect),
    );
  }
  for (const chunk of groups) {
    const lookups = chunk.map(
      (key) => sql`select * from (select key, block_no, points, data from metric_blocks
        where run_key = ${runKey} and key = ${key} order by block_no desc limit 1) as last_block`,
    );
    const { rows } = await sql<LastBlock>`${sql.join(lookups, sql` union all `)}`.execute(db);
    for (const row of rows) tails.set(row.key, row);
  }
  return tails;
}

function blockRow(
  runKey: number,
  key: string,
  blockNo: number,
  columns: MetricPointColumns,
): MetricBlockTable {
  return {
    run_key: runKey,
    key,
    block_no: blockNo,
    points: columns.values.length,
    data: encodeBlock(columns),
  };
}
