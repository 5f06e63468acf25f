/** MLflow model-version endpoints (`/mlflow/model-versions/*`) onto `RegistryApi`. */
import type { RegistryApi } from '@cairn/core';
import { listResponse } from '../entity-json.ts';
import {
  keyValueList,
  missingParameter,
  optionalBool,
  optionalInt64,
  optionalString,
  requiredString,
  stringList,
} from '../request-fields.ts';
import type { JsonRoute } from '../route-kit.ts';
import { requiredVersion } from './registry-fields.ts';
import { modelVersionJson } from './registry-json.ts';
import { createRetryWindow } from './retry-window.ts';
import type { RetryWindow } from './retry-window.ts';

/** Longer than the mlflow client's whole default back-off (sleeps of 2 s doubling to 120 s). */
const CREATE_RETRY_WINDOW_MS = 10 * 60 * 1000;
const CREATE_RETRY_WINDOW_ENTRIES = 10_000;

export interface ModelVersionRoutesOptions {
  /** Which repeats of `model-versions/create` count as retries; see `retry-window.ts`. */
  retryWindow?: RetryWindow;
}

export function modelVersionRoutes(
  registry: RegistryApi,
  options: ModelVersionRoutesOptions = {},
): JsonRoute[] {
  const retryWindow =
    options.retryWindow ??
    createRetryWindow({
      windowMs: CREATE_RETRY_WINDOW_MS,
      maxEntries: CREATE_RETRY_WINDOW_ENTRIES,
      now: () => Date.now(),
    });

  return [
    {
      method: 'POST',
      path: '/model-versions/create',
      async handle({ fields, ctx, idempotencyKey }) {
        const version = await registry.createModelVersion(
          ctx,
          {
            name: requiredString(fields, 'name'),
            source: requiredString(fields, 'source'),
            runId: optionalString(fields, 'run_id') || undefined,
            tags: keyValueList(fields, 'tags'),
            runLink: optionalString(fields, 'run_link') || undefined,
            description: optionalString(fields, 'description') || undefined,
            modelId: optionalString(fields, 'model_id') || undefined,
          },
          // A retry and a deliberate re-registration of the same source look alike; only a
          // repeat within the client's retry window is answered with the first version.
          { idempotencyKey: retryWindow.keyFor(idempotencyKey()) },
        );
        return { model_version: modelVersionJson(version) };
      },
    },
    {
      method: 'GET',
      path: '/model-versions/get',
      async handle({ fields, ctx }) {
        const name = requiredString(fields, 'name');
        const version = await registry.getModelVersion(ctx, name, requiredVersion(fields));
        return { model_version: modelVersionJson(version) };
      },
    },
    {
      method: 'PATCH',
      path: '/model-versions/update',
      async handle({ fields, ctx }) {
        const name = requiredString(fields, 'name');
        const version = await registry.updateModelVersion(ctx, name, requiredVersion(fields), {
          description: optionalString(fields, 'description'),
        });
        return { model_version: modelVersionJson(version) };
      },
    },
    {
      method: 'DELETE',
      path: '/model-versions/delete',
      async handle({ fields, ctx }) {
        const name = requiredString(fields, 'name');
        await registry.deleteModelVersion(ctx, name, requiredVersion(fields));
        return {};
      },
    },
    {
      method: 'POST',
      path: '/model-versions/transition-stage',
      async handle({ fields, ctx }) {
        const name = requiredString(fields, 'name');
        const version = requiredVersion(fields);
        const stage = requiredString(fields, 'stage');
        const archive = optionalBool(fields, 'archive_existing_versions');
        if (archive === undefined) throw missingParameter('archive_existing_versions');
        const updated = await registry.transitionStage(ctx, name, version, stage, archive);
        return { model_version: modelVersionJson(updated) };
      },
    },
    {
      method: 'GET',
      path: '/model-versions/search',
      repeated: ['order_by'],
      async handle({ fields, ctx }) {
        const page = await registry.searchModelVersions(ctx, {
          filter: optionalString(fields, 'filter') || undefined,
          orderBy: stringList(fields, 'order_by'),
          maxResults: optionalInt64(fields, 'max_results'),
          pageToken: optionalString(fields, 'page_token') || undefined,
        });
        return listResponse('model_versions', page.items.map(modelVersionJson), page.nextPageToken);
      },
    },
    {
      method: 'GET',
      path: '/model-versions/get-download-uri',
      async handle({ fields, ctx }) {
        const name = requiredString(fields, 'name');
        return { artifact_uri: await registry.getDownloadUri(ctx, name, requiredVersion(fields)) };
      },
    },
    {
      method: 'POST',
      path: '/model-versions/set-tag',
      async handle({ fields, ctx }) {
        const name = requiredString(fields, 'name');
        await registry.setModelVersionTag(ctx, name, requiredVersion(fields), {
          key: requiredString(fields, 'key'),
          value: optionalString(fields, 'value') ?? '',
        });
        return {};
      },
    },
    {
      method: 'DELETE',
      path: '/model-versions/delete-tag',
      async handle({ fields, ctx }) {
        const name = requiredString(fields, 'name');
        const version = requiredVersion(fields);
        await registry.deleteModelVersionTag(ctx, name, version, requiredString(fields, 'key'));
        return {};
      },
    },
  ];
}
