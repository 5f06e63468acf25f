/** MLflow registered-model and alias endpoints (`/mlflow/registered-models/*`) onto `RegistryApi`. */
import type { RegistryApi } from '@cairn/core';
import { listResponse } from '../entity-json.ts';
import {
  keyValueList,
  optionalInt64,
  optionalString,
  requiredString,
  stringList,
} from '../request-fields.ts';
import type { JsonRoute, RouteInput } from '../route-kit.ts';
import { requiredVersion } from './registry-fields.ts';
import { modelVersionJson, registeredModelJson } from './registry-json.ts';

export function registeredModelRoutes(registry: RegistryApi): JsonRoute[] {
  const latestVersions = async ({ fields, ctx }: RouteInput) => {
    const stages = stringList(fields, 'stages');
    const versions = await registry.getLatestVersions(ctx, requiredString(fields, 'name'), stages);
    return listResponse('model_versions', versions.map(modelVersionJson));
  };

  return [
    {
      method: 'POST',
      path: '/registered-models/create',
      async handle({ fields, ctx, idempotencyKey }) {
        const model = await registry.createRegisteredModel(
          ctx,
          {
            name: requiredString(fields, 'name'),
            description: optionalString(fields, 'description') ?? undefined,
            tags: keyValueList(fields, 'tags'),
          },
          // A byte-identical retry returns the model the first attempt made; a create that
          // differs in any field (or comes from another user) still meets "already exists".
          { idempotencyKey: idempotencyKey() },
        );
        return { registered_model: registeredModelJson(model) };
      },
    },
    {
      method: 'GET',
      path: '/registered-models/get',
      async handle({ fields, ctx }) {
        const model = await registry.getRegisteredModel(ctx, requiredString(fields, 'name'));
        return { registered_model: registeredModelJson(model) };
      },
    },
    {
      method: 'POST',
      path: '/registered-models/rename',
      async handle({ fields, ctx }) {
        const model = await registry.renameRegisteredModel(
          ctx,
          requiredString(fields, 'name'),
          requiredString(fields, 'new_name'),
        );
        return { registered_model: registeredModelJson(model) };
      },
    },
    {
      method: 'PATCH',
      path: '/registered-models/update',
      async handle({ fields, ctx }) {
        const model = await registry.updateRegisteredModel(ctx, requiredString(fields, 'name'), {
          description: optionalString(fields, 'description'),
        });
        return { registered_model: registeredModelJson(model) };
      },
    },
    {
      method: 'DELETE',
      path: '/registered-models/delete',
      async handle({ fields, ctx }) {
        await registry.deleteRegisteredModel(ctx, requiredString(fields, 'name'));
        return {};
      },
    },
    {
      method: 'GET',
      path: '/registered-models/search',
      repeated: ['order_by'],
      async handle({ fields, ctx }) {
        const page = await registry.searchRegisteredModels(ctx, {
          filter: optionalString(fields, 'filter') || undefined,
          orderBy: stringList(fields, 'order_by'),
          maxResults: optionalInt64(fields, 'max_results'),
          pageToken: optionalString(fields, 'page_token') || undefined,
        });
        return listResponse(
          'registered_models',
          page.items.map(registeredModelJson),
          page.nextPageToken,
        );
      },
    },
    // POST is the documented form; the client falls back to GET on ENDPOINT_NOT_FOUND.
    { method: 'POST', path: '/registered-models/get-latest-versions', handle: latestVersions },
    {
      method: 'GET',
      path: '/registered-models/get-latest-versions',
      repeated: ['stages'],
      handle: latestVersions,
    },
    {
      method: 'POST',
      path: '/registered-models/set-tag',
      async handle({ fields, ctx }) {
        await registry.setRegisteredModelTag(ctx, requiredString(fields, 'name'), {
          key: requiredString(fields, 'key'),
          value: optionalString(fields, 'value') ?? '',
        });
        return {};
      },
    },
    {
      method: 'DELETE',
      path: '/registered-models/delete-tag',
      async handle({ fields, ctx }) {
        const name = requiredString(fields, 'name');
        await registry.deleteRegisteredModelTag(ctx, name, requiredString(fields, 'key'));
        return {};
      },
    },
    {
      method: 'POST',
      path: '/registered-models/alias',
      async handle({ fields, ctx }) {
        await registry.setAlias(
          ctx,
          requiredString(fields, 'name'),
          requiredString(fields, 'alias'),
          requiredVersion(fields),
        );
        return {};
      },
    },
    {
      method: 'DELETE',
      path: '/registered-models/alias',
      async handle({ fields, ctx }) {
        const name = requiredString(fields, 'name');
        await registry.deleteAlias(ctx, name, requiredString(fields, 'alias'));
        return {};
      },
    },
    {
      method: 'GET',
      path: '/registered-models/alias',
      async handle({ fields, ctx }) {
        const name = requiredString(fields, 'name');
        const version = await registry.getVersionByAlias(
          ctx,
          name,
          requiredString(fields, 'alias'),
        );
        return { model_version: modelVersionJson(version) };
      },
    },
  ];
}
