/** MLflow run lifecycle and search endpoints (`/mlflow/runs/*`) onto `TrackingApi`. */
import type { TrackingApi } from '@cairn/core';
import { listResponse, runInfoJson, runJson } from './entity-json.ts';
import { RUN_STATUS, VIEW_TYPE } from './json-dialect.ts';
import {
  experimentIdList,
  invalidParameter,
  keyValueList,
  optionalEnum,
  optionalExperimentId,
  optionalInt64,
  optionalString,
  requiredRunId,
  stringList,
} from './request-fields.ts';
import type { JsonRoute } from './route-kit.ts';

/** `max_results` cap asserted by MLflow's `_search_runs` handler. */
const SEARCH_RUNS_MAX_RESULTS = 50_000;

export function runRoutes(tracking: TrackingApi): JsonRoute[] {
  return [
    {
      method: 'POST',
      path: '/runs/create',
      async handle({ fields, ctx, idempotencyKey }) {
        const startTime = optionalInt64(fields, 'start_time');
        const run = await tracking.createRun(
          ctx,
          {
            experimentId: optionalExperimentId(fields) || undefined,
            userId: optionalString(fields, 'user_id') || undefined,
            runName: optionalString(fields, 'run_name') || undefined,
            startTime,
            tags: keyValueList(fields, 'tags'),
          },
          // The Python client stamps every create with its start time, so a byte-identical
          // body is a retry of one call. Without a start time identical bodies are ordinary
          // repeated creates (scripts, benchmarks) and must each yield a new run.
          startTime === undefined ? undefined : { idempotencyKey: idempotencyKey() },
        );
        return { run: runJson(run) };
      },
    },
    {
      method: 'GET',
      path: '/runs/get',
      async handle({ fields, ctx }) {
        return { run: runJson(await tracking.getRun(ctx, requiredRunId(fields))) };
      },
    },
    {
      method: 'POST',
      path: '/runs/update',
      async handle({ fields, ctx }) {
        const info = await tracking.updateRun(ctx, requiredRunId(fields), {
          status: optionalEnum(fields, 'status', RUN_STATUS),
          endTime: optionalInt64(fields, 'end_time'),
          // MLflow leaves the name unchanged when the new one is empty.
          runName: optionalString(fields, 'run_name') || undefined,
        });
        return { run_info: runInfoJson(info) };
      },
    },
    {
      method: 'POST',
      path: '/runs/delete',
      async handle({ fields, ctx }) {
        await tracking.deleteRun(ctx, requiredRunId(fields));
        return {};
      },
    },
    {
      method: 'POST',
      path: '/runs/restore',
      async handle({ fields, ctx }) {
        await tracking.restoreRun(ctx, requiredRunId(fields));
        return {};
      },
    },
    {
      method: 'POST',
      path: '/runs/search',
      async handle({ fields, ctx }) {
        const maxResults = optionalInt64(fields, 'max_results');
        if (maxResults !== undefined && maxResults > SEARCH_RUNS_MAX_RESULTS) {
          throw invalidParameter('max_results', fields.max_results);
        }
        const page = await tracking.searchRuns(ctx, {
          experimentIds: experimentIdList(fields),
          filter: optionalString(fields, 'filter') || undefined,
          orderBy: stringList(fields, 'order_by'),
          maxResults,
          pageToken: optionalString(fields, 'page_token') || undefined,
          viewType: optionalEnum(fields, 'run_view_type', VIEW_TYPE),
        });
        return listResponse('runs', page.items.map(runJson), page.nextPageToken);
      },
    },
  ];
}
