/**
 * Metric points, the latest value per (run, key), and the copy of model-scoped points
 * that makes them a logged model's metrics. Writes are a few multi-row statements per
 * batch, never one per point.
 */
import type { Metric, TrackingReader, TrackingWriter } from '@cairn/core';
import { chunkForParameters } from '../batching.ts';
import { insertRows } from '../bulk-insert.ts';
import type { BulkInsert } from '../bulk-insert.ts';
import { encodeMetricValue, isLaterPoint, toMetric } from './metric-values.ts';
import type { BlockPoint } from './metric-block-codec.ts';
import { appendToBlocks, packSeries, readSeriesBlocks } from './metric-block-store.ts';
import { requireRunKey } from './run-keys.ts';
import type { LatestMetricTable, LoggedModelMetricTable, MetricTable } from '../schema.ts';
import type { SqlScope } from '../transaction-runner.ts';

type MetricReader = Pick<
  TrackingReader,
  'getMetricHistory' | 'readMetricSeries' | 'countMetricPoints' | 'getMetricHistoryForRuns'
>;
type MetricWriter = Pick<TrackingWriter, 'insertMetrics'>;

const POINT_COLUMNS = ['key', 'step', 'timestamp', 'value', 'is_nan'] as const;
const DATASET_COLUMNS = ['dataset_name', 'dataset_digest'] as const;

const METRIC_INSERT: BulkInsert<MetricTable> = {
  table: 'metrics',
  columns: ['run_key', ...POINT_COLUMNS, 'model_id', ...DATASET_COLUMNS],
  onConflict: 'on conflict do nothing',
};

/**
 * Replaces a stored latest point only when the new one is strictly later by
 * (step, timestamp, value), compared in the database as a row value: one statement for
 * every key of the batch.
 */
const LATEST_UPSERT: BulkInsert<LatestMetricTable> = {
  table: 'latest_metrics',
  columns: ['run_key', ...POINT_COLUMNS],
  onConflict: `on conflict (run_key, key) do update set
    step = excluded.step, timestamp = excluded.timestamp,
    value = excluded.value, is_nan = excluded.is_nan
    where (excluded.step, excluded.timestamp, excluded.value)
      > (latest_metrics.step, latest_metrics.timestamp, latest_metrics.value)`,
};

const MODEL_METRIC_INSERT: BulkInsert<LoggedModelMetricTable> = {
  table: 'logged_model_metrics',
  columns: ['model_id', 'run_uuid', ...POINT_COLUMNS, ...DATASET_COLUMNS],
  onConflict: 'on conflict do nothing',
};

export function createMetricReader(scope: SqlScope): MetricReader {
  const { db, dialect } = scope;
  return {
    async getMetricHistory(runId, key, page) {
      const rows = await db
        .selectFrom('metrics')
        .select([...POINT_COLUMNS, 'model_id', ...DATASET_COLUMNS])
        .where('run_key', '=', (eb) =>
          eb.selectFrom('runs').select('run_key').where('run_uuid', '=', runId),
        )
        .where('key', '=', key)
        .orderBy('step')
        .orderBy('timestamp')
        .orderBy('value')
        .orderBy('is_nan')
        .limit(page.limit)
        .offset(page.offset)
        .execute();
      return rows.map(toMetric);
    },
    async countMetricPoints(runId, key) {
      // Summed over the series' blocks: ~100 rows for 100,000 points.
      const row = await db
        .selectFrom('metric_blocks')
        .select((eb) => eb.fn.sum<number | string | null>('points').as('points'))
        .where('run_key', '=', (eb) =>
          eb.selectFrom('runs').select('run_key').where('run_uuid', '=', runId),
        )
        .where('key', '=', key)
        .executeTakeFirst();
      return Number(row?.points ?? 0);
    },
    readMetricSeries: (runId, key) => readSeriesBlocks(scope, runId, key),
    async getMetricHistoryForRuns(runIds, key, stepRange) {
      const points: Metric[] = [];
      for (const chunk of chunkForParameters(runIds, 1, dialect)) {
        let query = db
          .selectFrom('metrics as m')
          .innerJoin('runs as r', 'r.run_key', 'm.run_key')
          .select(['r.run_uuid', 'm.key', 'm.step', 'm.timestamp', 'm.value', 'm.is_nan'])
          .select(['m.model_id', 'm.dataset_name', 'm.dataset_digest'])
          .where('r.run_uuid', 'in', chunk)
          .where('m.key', '=', key);
        if (stepRange !== undefined) {
          query = query
            .where('m.step', '>=', stepRange.startStep)
            .where('m.step', '<=', stepRange.endStep);
        }
        const rows = await query
          .orderBy('r.run_uuid')
          .orderBy('m.step')
          .orderBy('m.timestamp')
          .orderBy('m.value')
          .orderBy('m.is_nan')
          .execute();
        for (const row of rows) points.push(toMetric(row));
      }
      return points;
    },
  };
}

export function createMetricWriter(scope: SqlScope): MetricWriter {
  const { db, dialect } = scope;
  return {
    async insertMetrics(runId, metrics) {
      if (metrics.length === 0) return;
      const runKey = await requireRunKey(scope, runId);
      const rows: MetricTable[] = metrics.map((m) => ({
        run_key: runKey,
        key: m.key,
        step: m.step,
        timestamp: m.timestamp,
        ...encodeMetricValue(m.value),
        model_id: m.modelId ?? null,
        dataset_name: m.datasetName ?? null,
        dataset_digest: m.datasetDigest ?? null,
      }));
      // A point already stored (a retried batch) is skipped by the primary key.
      const inserted = await insertRows(scope, METRIC_INSERT, rows);
      // First the latest-value upsert: on PostgreSQL it locks each series' row, so two
      // batches of one series change its blocks one after the other.
      await insertRows(scope, LATEST_UPSERT, latestPerKey(rows));
      if (inserted === rows.length) {
        await appendToBlocks(scope, runKey, pointsByKey(metrics));
      } else if (inserted > 0) {
        // Some points were stored before: which ones is not worth asking row by row.
        for (const key of new Set(rows.map((row) => row.key))) {
          await packSeries(scope, runKey, key);
        }
      }
      const modelRows = rows.filter((row) => row.model_id !== null);
      if (modelRows.length > 0) await copyModelMetrics(runId, modelRows);
    },
  };

  /** Points naming a logged model also become that model's metrics (unknown models are skipped). */
  async function copyModelMetrics(runId: string, rows: MetricTable[]): Promise<void> {
    const ids = [...new Set(rows.map((row) => row.model_id as string))];
    const known = new Set<string>();
    for (const chunk of chunkForParameters(ids, 1, dialect)) {
      const found = await db
        .selectFrom('logged_models')
        .select('model_id')
        .where('model_id', 'in', chunk)
        .execute();
      for (const { model_id } of found) known.add(model_id);
    }
    const modelRows = rows
      .filter((row) => known.has(row.model_id as string))
      .map((row) => ({ ...row, model_id: row.model_id as string, run_uuid: runId }));
    await insertRows(scope, MODEL_METRIC_INSERT, modelRows);
  }
}

/** The batch's points grouped by key, in the order given. */
function pointsByKey(metrics: readonly Metric[]): Map<string, BlockPoint[]> {
  const byKey = new Map<string, BlockPoint[]>();
  for (const { key, step, timestamp, value } of metrics) {
    let points = byKey.get(key);
    if (points === undefined) byKey.set(key, (points = []));
    points.push({ step, timestamp, value });
  }
  return byKey;
}

/** The batch's own latest point per key (the first of equal points wins, as in MLflow). */
function latestPerKey(rows: MetricTable[]): LatestMetricTable[] {
  const latest = new Map<string, LatestMetricTable>();
  for (const row of rows) {
    const current = latest.get(row.key);
    if (current === undefined || isLaterPoint(row, current)) {
      latest.set(row.key, {
        run_key: row.run_key,
        key: row.key,
        step: row.step,
        timestamp: row.timestamp,
        value: row.value,
        is_nan: row.is_nan,
      });
    }
  }
  return [...latest.values()];
}
