/** MLflow experiment endpoints (`/mlflow/experiments/*`) onto `TrackingApi`. */
import type { TrackingApi } from '@cairn/core';
import { experimentJson, listResponse } from './entity-json.ts';
import { VIEW_TYPE } from './json-dialect.ts';
import {
  keyValueList,
  optionalEnum,
  optionalInt64,
  optionalString,
  requiredExperimentId,
  requiredString,
  stringList,
} from './request-fields.ts';
import type { RouteInput, JsonRoute } from './route-kit.ts';

export function experimentRoutes(tracking: TrackingApi): JsonRoute[] {
  const search = async ({ fields, ctx }: RouteInput) => {
    const page = await tracking.searchExperiments(ctx, {
      filter: optionalString(fields, 'filter') || undefined,
      orderBy: stringList(fields, 'order_by'),
      maxResults: optionalInt64(fields, 'max_results'),
      pageToken: optionalString(fields, 'page_token') || undefined,
      viewType: optionalEnum(fields, 'view_type', VIEW_TYPE),
    });
    return listResponse('experiments', page.items.map(experimentJson), page.nextPageToken);
  };

  return [
    {
      method: 'POST',
      path: '/experiments/create',
      async handle({ fields, ctx, idempotencyKey }) {
        const experiment = await tracking.createExperiment(
          ctx,
          {
            name: requiredString(fields, 'name'),
            artifactLocation: optionalString(fields, 'artifact_location') || undefined,
            tags: keyValueList(fields, 'tags'),
          },
          // A retried create returns the first experiment instead of "name already taken".
          { idempotencyKey: idempotencyKey() },
        );
        return { experiment_id: experiment.experimentId };
      },
    },
    {
      method: 'GET',
      path: '/experiments/get',
      async handle({ fields, ctx }) {
        const experiment = await tracking.getExperiment(ctx, requiredExperimentId(fields));
        return { experiment: experimentJson(experiment) };
      },
    },
    {
      method: 'GET',
      path: '/experiments/get-by-name',
      async handle({ fields, ctx }) {
        const name = requiredString(fields, 'experiment_name');
        return { experiment: experimentJson(await tracking.getExperimentByName(ctx, name)) };
      },
    },
    { method: 'POST', path: '/experiments/search', handle: search },
    { method: 'GET', path: '/experiments/search', repeated: ['order_by'], handle: search },
    {
      method: 'POST',
      path: '/experiments/update',
      async handle({ fields, ctx }) {
        const experimentId = requiredExperimentId(fields);
        await tracking.renameExperiment(ctx, experimentId, requiredString(fields, 'new_name'));
        return {};
      },
    },
    {
      method: 'POST',
      path: '/experiments/delete',
      async handle({ fields, ctx }) {
        await tracking.deleteExperiment(ctx, requiredExperimentId(fields));
        return {};
      },
    },
    {
      method: 'POST',
      path: '/experiments/restore',
      async handle({ fields, ctx }) {
        await tracking.restoreExperiment(ctx, requiredExperimentId(fields));
        return {};
      },
    },
    {
      method: 'POST',
      path: '/experiments/set-experiment-tag',
      async handle({ fields, ctx }) {
        const experimentId = requiredExperimentId(fields);
        await tracking.setExperimentTag(ctx, experimentId, {
          key: requiredString(fields, 'key'),
          value: optionalString(fields, 'value') ?? '',
        });
        return {};
      },
    },
    {
      method: 'POST',
      path: '/experiments/delete-experiment-tag',
      async handle({ fields, ctx }) {
        const experimentId = requiredExperimentId(fields);
        await tracking.deleteExperimentTag(ctx, experimentId, requiredString(fields, 'key'));
        return {};
      },
    },
  ];
}
