/**
 * Metric-history use cases of the tracking service: the paged full history of one metric,
 * and MLflow's sampled multi-run history for charts (`metric-sampling.ts`).
 */
import { invalidArgument } from '../kernel/index.ts';
import { validateBoundedString, validateLookupId, validateStep } from './entity-validation.ts';
import { TrackingLimits } from './limits.ts';
import { sampleMetricHistory } from './metric-sampling.ts';
import { decodePageToken, resolvePageSize, toPage } from './page-token.ts';
import { asList } from './service-support.ts';
import type { TrackingServiceDeps } from './service-support.ts';
import type { TrackingApi } from './tracking-api.ts';

type MetricHistoryOperations = Pick<
  TrackingApi,
  'getMetricHistory' | 'getMetricHistoryBulkInterval'
>;

export function createMetricHistoryOperations(deps: TrackingServiceDeps): MetricHistoryOperations {
  const { store } = deps;

  return {
    // Like MLflow's SQL store, an unknown run or key is an empty history, not an error.
    async getMetricHistory(_ctx, runId, key, page) {
      const id = validateLookupId(runId, 'run_id');
      const metricKey = validateBoundedString(key, 'metric_key', TrackingLimits.maxEntityKeyLength);
      const limit = resolvePageSize(
        page.maxResults,
        TrackingLimits.metricHistoryDefault,
        TrackingLimits.metricHistoryMax,
      );
      const offset = decodePageToken(page.pageToken);
      const rows = await store.read((reader) =>
        reader.getMetricHistory(id, metricKey, { offset, limit: limit + 1 }),
      );
      return toPage(rows, offset, limit);
    },

    async getMetricHistoryBulkInterval(_ctx, input) {
      const runIds = asList(input.runIds, 'run_ids').map((runId, i) =>
        validateLookupId(runId, `run_ids[${i}]`),
      );
      if (runIds.length === 0) {
        throw invalidArgument(
          'tracking.missing_value',
          "Missing value for required parameter 'run_ids'.",
          {
            details: { field: 'run_ids' },
          },
        );
      }
      if (runIds.length > TrackingLimits.bulkIntervalMaxRunIds) {
        throw invalidArgument(
          'tracking.too_many_run_ids',
          `GetMetricHistoryBulkInterval request must specify at most ${TrackingLimits.bulkIntervalMaxRunIds} run_ids. Received ${runIds.length} run_ids.`,
          { details: { field: 'run_ids', limit: TrackingLimits.bulkIntervalMaxRunIds } },
        );
      }
      const metricKey = validateBoundedString(
        input.key,
        'metric_key',
        TrackingLimits.maxEntityKeyLength,
      );
      const maxResults = input.maxResults ?? TrackingLimits.bulkIntervalDefaultResults;
      if (
        !Number.isSafeInteger(maxResults) ||
        maxResults < 1 ||
        maxResults > TrackingLimits.bulkIntervalMaxResults
      ) {
        throw invalidArgument(
          'tracking.invalid_max_results',
          `max_results must be between 1 and ${TrackingLimits.bulkIntervalMaxResults}.`,
          { details: { field: 'max_results' } },
        );
      }
      const stepRange = resolveStepRange(input.startStep, input.endStep);
      const points = await store.read((reader) =>
        reader.getMetricHistoryForRuns(runIds, metricKey, stepRange),
      );
      return sampleMetricHistory(points, { runIds, maxResults, stepRange });
    },
  };
}

function resolveStepRange(
  startStep: number | undefined,
  endStep: number | undefined,
): { startStep: number; endStep: number } | undefined {
  if (startStep === undefined && endStep === undefined) return undefined;
  if (startStep === undefined || endStep === undefined) {
    throw invalidArgument(
      'tracking.invalid_step_range',
      'If either start step or end step are specified, both must be specified.',
    );
  }
  const start = validateStep(startStep, 'start_step');
  const end = validateStep(endStep, 'end_step');
  if (start > end) {
    throw invalidArgument(
      'tracking.invalid_step_range',
      `end_step must be greater than start_step. Found start_step=${start} and end_step=${end}.`,
    );
  }
  return { startStep: start, endStep: end };
}
