/**
 * Metric points, the latest value per (run, key), and the copy of model-scoped points
 * that makes them a logged model's metrics. Writes are a few multi-row statements per
 * batch, never one per point.
 */
import { sql } from 'kysely';
import type { Metric, TrackingReader, TrackingWriter } from '@cairn/core';
import { chunkForParameters } from './batching.ts';
import { encodeMetricValue, isLaterPoint, toMetric } from './metric-values.ts';
import type { LatestMetricTable, MetricTable } from './schema.ts';
import type { SqlScope } from './transaction-runner.ts';

type MetricReader = Pick<TrackingReader, 'getMetricHistory' | 'getMetricHistoryForRuns'>;
type MetricWriter = Pick<TrackingWriter, 'insertMetrics'>;

const METRIC_COLUMNS = 9;
const LATEST_COLUMNS = 6;
const MODEL_METRIC_COLUMNS = 9;

export function createMetricReader({ db, dialect }: SqlScope): MetricReader {
  return {
    async getMetricHistory(runId, key, page) {
      const rows = await db
        .selectFrom('metrics')
        .selectAll()
        .where('run_uuid', '=', runId)
        .where('key', '=', key)
        .orderBy('step')
        .orderBy('timestamp')
        .orderBy('value')
        .orderBy('is_nan')
        .limit(page.limit)
        .offset(page.offset)
        .execute();
      return rows.map(({ run_uuid: _run, ...row }) => toMetric(row));
    },
    async getMetricHistoryForRuns(runIds, key, stepRange) {
      const points: Metric[] = [];
      for (const chunk of chunkForParameters(runIds, 1, dialect)) {
        let query = db
          .selectFrom('metrics')
          .selectAll()
          .where('run_uuid', 'in', chunk)
          .where('key', '=', key);
        if (stepRange !== undefined) {
          query = query
            .where('step', '>=', stepRange.startStep)
            .where('step', '<=', stepRange.endStep);
        }
        const rows = await query
          .orderBy('run_uuid')
          .orderBy('step')
          .orderBy('timestamp')
          .orderBy('value')
          .orderBy('is_nan')
          .execute();
        for (const row of rows) points.push(toMetric(row));
      }
      return points;
    },
  };
}

export function createMetricWriter({ db, dialect }: SqlScope): MetricWriter {
  return {
    async insertMetrics(runId, metrics) {
      if (metrics.length === 0) return;
      const rows: MetricTable[] = metrics.map((m) => ({
        run_uuid: runId,
        key: m.key,
        step: m.step,
        timestamp: m.timestamp,
        ...encodeMetricValue(m.value),
        model_id: m.modelId ?? null,
        dataset_name: m.datasetName ?? null,
        dataset_digest: m.datasetDigest ?? null,
      }));
      // A point already stored (a retried batch) is skipped by the primary key.
      for (const chunk of chunkForParameters(rows, METRIC_COLUMNS, dialect)) {
        await db
          .insertInto('metrics')
          .values(chunk)
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      await raiseLatest(latestPerKey(rows));
      await copyModelMetrics(rows.filter((row) => row.model_id !== null));
    },
  };

  /**
   * One upsert that replaces a stored latest point only when the new one is strictly
   * later by (step, timestamp, value), compared in the database as a row value.
   */
  async function raiseLatest(latest: LatestMetricTable[]): Promise<void> {
    for (const chunk of chunkForParameters(latest, LATEST_COLUMNS, dialect)) {
      await db
        .insertInto('latest_metrics')
        .values(chunk)
        .onConflict((oc) =>
          oc
            .columns(['run_uuid', 'key'])
            .doUpdateSet({
              step: (eb) => eb.ref('excluded.step'),
              timestamp: (eb) => eb.ref('excluded.timestamp'),
              value: (eb) => eb.ref('excluded.value'),
              is_nan: (eb) => eb.ref('excluded.is_nan'),
            })
            .where(
              sql<boolean>`(excluded.step, excluded.timestamp, excluded.value) > (latest_metrics.step, latest_metrics.timestamp, latest_metrics.value)`,
            ),
        )
        .execute();
    }
  }

  /** Points naming a logged model also become that model's metrics (unknown models are skipped). */
  async function copyModelMetrics(rows: MetricTable[]): Promise<void> {
    if (rows.length === 0) return;
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
      .map((row) => ({
        model_id: row.model_id as string,
        run_uuid: row.run_uuid,
        key: row.key,
        step: row.step,
        timestamp: row.timestamp,
        value: row.value,
        is_nan: row.is_nan,
        dataset_name: row.dataset_name,
        dataset_digest: row.dataset_digest,
      }));
    for (const chunk of chunkForParameters(modelRows, MODEL_METRIC_COLUMNS, dialect)) {
      await db
        .insertInto('logged_model_metrics')
        .values(chunk)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }
}

/** The batch's own latest point per key (the first of equal points wins, as in MLflow). */
function latestPerKey(rows: MetricTable[]): LatestMetricTable[] {
  const latest = new Map<string, LatestMetricTable>();
  for (const row of rows) {
    const current = latest.get(row.key);
    if (current === undefined || isLaterPoint(row, current)) {
      latest.set(row.key, {
        run_uuid: row.run_uuid,
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
