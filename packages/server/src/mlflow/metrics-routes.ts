/** MLflow metric history endpoints (`/mlflow/metrics/*`) onto `TrackingApi`. */
import type { TrackingApi } from '@cairn/core';
import { listResponse, metricJson, metricWithRunIdJson } from './entity-json.ts';
import {
  missingParameter,
  optionalInt64,
  optionalString,
  requiredRunId,
  requiredString,
  stringList,
} from './request-fields.ts';
import type { JsonRoute } from './route-kit.ts';

export function metricRoutes(tracking: TrackingApi): JsonRoute[] {
  return [
    {
      method: 'GET',
      path: '/metrics/get-history',
      async handle({ fields, ctx }) {
        const runId = requiredRunId(fields);
        const page = await tracking.getMetricHistory(
          ctx,
          runId,
          requiredString(fields, 'metric_key'),
          {
            maxResults: optionalInt64(fields, 'max_results'),
            pageToken: optionalString(fields, 'page_token') || undefined,
          },
        );
        return listResponse('metrics', page.items.map(metricJson), page.nextPageToken);
      },
    },
    {
      method: 'GET',
      path: '/metrics/get-history-bulk-interval',
      repeated: ['run_ids'],
      async handle({ fields, ctx }) {
        const runIds = stringList(fields, 'run_ids');
        if (runIds.length === 0) throw missingParameter('run_ids');
        const metrics = await tracking.getMetricHistoryBulkInterval(ctx, {
          runIds,
          key: requiredString(fields, 'metric_key'),
          startStep: optionalInt64(fields, 'start_step'),
          endStep: optionalInt64(fields, 'end_step'),
          maxResults: optionalInt64(fields, 'max_results'),
        });
        return listResponse('metrics', metrics.map(metricWithRunIdJson));
      },
    },
  ];
}
