/** MLflow 3 logged-model endpoints (`/mlflow/logged-models*`) onto `TrackingApi`. */
import { invalidArgument } from '@cairn/core';
import type { ArtifactsApi, LoggedModelStatus, TrackingApi } from '@cairn/core';
import { listArtifactsUnderRoot } from './artifact-listing.ts';
import { listResponse, loggedModelJson } from './entity-json.ts';
import { LOGGED_MODEL_STATUS } from './json-dialect.ts';
import {
  experimentIdList,
  invalidParameter,
  keyValueList,
  missingParameter,
  objectList,
  optionalBool,
  optionalEnum,
  optionalInt64,
  optionalString,
  requiredExperimentId,
  requiredString,
} from './request-fields.ts';
import type { Fields } from './request-fields.ts';
import type { JsonRoute } from './route-kit.ts';

function datasetScopingUnsupported() {
  return invalidArgument(
    'mlflow.logged_model_dataset_scope_unsupported',
    'Scoping logged-model search to datasets is not supported by this server.',
  );
}

function readOrderBy(fields: Fields): { fieldName: string; ascending?: boolean }[] {
  return objectList(fields, 'order_by').map((item, index) => {
    if (optionalString(item, 'dataset_name', `order_by[${index}].dataset_name`)) {
      throw datasetScopingUnsupported();
    }
    return {
      fieldName: requiredString(item, 'field_name', `order_by[${index}].field_name`),
      ascending: optionalBool(item, 'ascending'),
    };
  });
}

function readFinalStatus(fields: Fields): LoggedModelStatus {
  const status = optionalEnum(fields, 'status', LOGGED_MODEL_STATUS);
  if (status === undefined) throw missingParameter('status');
  if (status === 'LOGGED_MODEL_STATUS_UNSPECIFIED') throw invalidParameter('status', fields.status);
  return status;
}

export function loggedModelRoutes(tracking: TrackingApi, artifacts: ArtifactsApi): JsonRoute[] {
  return [
    {
      method: 'POST',
      path: '/logged-models',
      async handle({ fields, ctx }) {
        // No idempotency key: repeated identical creates are legitimate here (a checkpoint
        // logged each epoch under one name sends byte-identical bodies), and merging them
        // would overwrite one model's artifacts with another's.
        const model = await tracking.createLoggedModel(ctx, {
          experimentId: requiredExperimentId(fields),
          name: optionalString(fields, 'name') || undefined,
          modelType: optionalString(fields, 'model_type') || undefined,
          sourceRunId: optionalString(fields, 'source_run_id') || undefined,
          params: keyValueList(fields, 'params'),
          tags: keyValueList(fields, 'tags'),
        });
        return { model: loggedModelJson(model) };
      },
    },
    {
      method: 'POST',
      path: '/logged-models/search',
      async handle({ fields, ctx }) {
        const experimentIds = experimentIdList(fields);
        if (experimentIds.length === 0) throw missingParameter('experiment_ids');
        if (objectList(fields, 'datasets').length > 0) throw datasetScopingUnsupported();
        const page = await tracking.searchLoggedModels(ctx, {
          experimentIds,
          filter: optionalString(fields, 'filter') || undefined,
          orderBy: readOrderBy(fields),
          maxResults: optionalInt64(fields, 'max_results'),
          pageToken: optionalString(fields, 'page_token') || undefined,
        });
        return listResponse('models', page.items.map(loggedModelJson), page.nextPageToken);
      },
    },
    {
      method: 'GET',
      path: '/logged-models/:modelId',
      async handle({ ctx, param }) {
        return { model: loggedModelJson(await tracking.getLoggedModel(ctx, param('modelId'))) };
      },
    },
    {
      method: 'DELETE',
      path: '/logged-models/:modelId',
      async handle({ ctx, param }) {
        await tracking.deleteLoggedModel(ctx, param('modelId'));
        return {};
      },
    },
    {
      method: 'PATCH',
      path: '/logged-models/:modelId',
      async handle({ fields, ctx, param }) {
        const model = await tracking.finalizeLoggedModel(
          ctx,
          param('modelId'),
          readFinalStatus(fields),
        );
        return { model: loggedModelJson(model) };
      },
    },
    {
      method: 'PATCH',
      path: '/logged-models/:modelId/tags',
      async handle({ fields, ctx, param }) {
        await tracking.setLoggedModelTags(ctx, param('modelId'), keyValueList(fields, 'tags'));
        return {};
      },
    },
    {
      // The client puts the key into the path unquoted, so a key may contain slashes.
      method: 'DELETE',
      path: '/logged-models/:modelId/tags/:key{.+}',
      async handle({ ctx, param }) {
        await tracking.deleteLoggedModelTag(ctx, param('modelId'), param('key'));
        return {};
      },
    },
    {
      method: 'POST',
      path: '/logged-models/:modelId/params',
      async handle({ fields, ctx, param }) {
        await tracking.logLoggedModelParams(ctx, param('modelId'), keyValueList(fields, 'params'));
        return {};
      },
    },
    {
      method: 'GET',
      path: '/logged-models/:modelId/artifacts/directories',
      async handle({ fields, ctx, param }) {
        const model = await tracking.getLoggedModel(ctx, param('modelId'));
        const subPath = optionalString(fields, 'artifact_directory_path');
        return listArtifactsUnderRoot(artifacts, ctx, model.artifactLocation, subPath);
      },
    },
  ];
}
