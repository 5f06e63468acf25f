/**
 * Logged-model use cases of the tracking service (MLflow 3's `logged-models` endpoints).
 */
import { invalidArgument, newLoggedModelId, notFound } from '../kernel/index.ts';
import { appendToUri } from './artifact-location.ts';
import { LoggedModelStatus } from './entities.ts';
import type { LoggedModel, Param, Tag } from './entities.ts';
import {
  validateBoundedString,
  validateLoggedModelName,
  validateLookupId,
  validateParam,
  validateParamKeysUnique,
  validateRunId,
  validateTag,
} from './entity-validation.ts';
import { parseLoggedModelFilter } from './filter-parser.ts';
import { TrackingLimits } from './limits.ts';
import { parseLoggedModelOrderBy } from './order-by-parser.ts';
import { decodePageToken, resolvePageSize, toPage } from './page-token.ts';
import { assertParamsUnchanged } from './param-rules.ts';
import { generateRunName } from './run-name.ts';
import {
  appendEvent,
  asList,
  assertExperimentActive,
  dedupeByKey,
  requireExperiment,
  requireLoggedModel,
} from './service-support.ts';
import type { TrackingServiceDeps } from './service-support.ts';
import type { TrackingApi } from './tracking-api.ts';
import { TrackingEntityTypes, TrackingEvents } from './tracking-events.ts';

type LoggedModelOperations = Pick<
  TrackingApi,
  | 'createLoggedModel'
  | 'getLoggedModel'
  | 'finalizeLoggedModel'
  | 'deleteLoggedModel'
  | 'setLoggedModelTags'
  | 'deleteLoggedModelTag'
  | 'logLoggedModelParams'
  | 'searchLoggedModels'
>;

const STATUSES: readonly string[] = Object.values(LoggedModelStatus);

const modelEntity = (id: string) => ({ type: TrackingEntityTypes.loggedModel, id });

function checkCount(count: number, field: string): void {
  if (count > TrackingLimits.maxEntitiesPerBatch) {
    throw invalidArgument(
      'tracking.batch_too_large',
      `A request can carry at most ${TrackingLimits.maxEntitiesPerBatch} ${field}. Got ${count}.`,
      { details: { field, limit: TrackingLimits.maxEntitiesPerBatch } },
    );
  }
}

function validateModelParams(raw: readonly Param[] | undefined): Param[] {
  const list = asList(raw, 'params');
  checkCount(list.length, 'params');
  const params = list.map((param, i) => validateParam(param, `params[${i}].`));
  validateParamKeysUnique(params);
  return params;
}

function validateModelTags(raw: readonly Tag[] | undefined): Tag[] {
  const list = asList(raw, 'tags');
  checkCount(list.length, 'tags');
  return dedupeByKey(list.map((tag, i) => validateTag(tag, `tags[${i}].`)));
}

export function createLoggedModelOperations(deps: TrackingServiceDeps): LoggedModelOperations {
  const { store, clock } = deps;

  return {
    async createLoggedModel(ctx, input, options) {
      const experimentId = validateLookupId(input.experimentId, 'experiment_id');
      const name =
        input.name === undefined || input.name === ''
          ? generateRunName()
          : validateLoggedModelName(input.name);
      const modelType =
        input.modelType === undefined || input.modelType === ''
          ? null
          : validateBoundedString(
              input.modelType,
              'model_type',
              TrackingLimits.maxLoggedModelTypeLength,
            );
      const sourceRunId =
        input.sourceRunId === undefined || input.sourceRunId === ''
          ? null
          : validateRunId(input.sourceRunId, 'source_run_id');
      const params = validateModelParams(input.params);
      const tags = validateModelTags(input.tags);
      const key = options?.idempotencyKey;

      return store.write(async (writer) => {
        if (key !== undefined) {
          const remembered = await writer.findRememberedResult(key);
          const previous =
            remembered === undefined ? undefined : await writer.getLoggedModel(remembered);
          if (previous !== undefined) return previous;
        }
        const experiment = await requireExperiment(writer, experimentId);
        assertExperimentActive(experiment);
        const now = clock.now();
        const modelId = newLoggedModelId();
        const model: LoggedModel = {
          modelId,
          experimentId,
          name,
          artifactLocation: appendToUri(
            experiment.artifactLocation,
            'models',
            modelId,
            'artifacts',
          ),
          creationTimestamp: now,
          lastUpdatedTimestamp: now,
          modelType,
          sourceRunId,
          status: LoggedModelStatus.PENDING,
          statusMessage: null,
          tags,
          params,
          metrics: [],
        };
        await writer.insertLoggedModel(model);
        await appendEvent(
          writer,
          ctx,
          now,
          TrackingEvents.loggedModelCreated,
          modelEntity(modelId),
          {
            experimentId,
            name,
          },
        );
        if (key !== undefined) await writer.rememberResult(key, modelId, now);
        return model;
      });
    },

    async getLoggedModel(_ctx, modelId) {
      const id = validateLookupId(modelId, 'model_id');
      return store.read((reader) => requireLoggedModel(reader, id));
    },

    async finalizeLoggedModel(ctx, modelId, status) {
      const id = validateLookupId(modelId, 'model_id');
      if (!STATUSES.includes(status)) {
        throw invalidArgument(
          'tracking.invalid_logged_model_status',
          `Invalid value ${JSON.stringify(status)} for parameter 'status' supplied. Expected one of ${STATUSES.join(', ')}.`,
          { details: { field: 'status' } },
        );
      }
      return store.write(async (writer) => {
        const model = await requireLoggedModel(writer, id);
        const now = clock.now();
        await writer.updateLoggedModel(id, { status, lastUpdatedTimestamp: now });
        await appendEvent(writer, ctx, now, TrackingEvents.loggedModelFinalized, modelEntity(id), {
          status,
        });
        return { ...model, status, lastUpdatedTimestamp: now };
      });
    },

    async deleteLoggedModel(ctx, modelId) {
      const id = validateLookupId(modelId, 'model_id');
      await store.write(async (writer) => {
        await requireLoggedModel(writer, id);
        await writer.deleteLoggedModel(id);
        await appendEvent(
          writer,
          ctx,
          clock.now(),
          TrackingEvents.loggedModelDeleted,
          modelEntity(id),
          {},
        );
      });
    },

    async setLoggedModelTags(ctx, modelId, rawTags) {
      const id = validateLookupId(modelId, 'model_id');
      const tags = validateModelTags(rawTags);
      await store.write(async (writer) => {
        await requireLoggedModel(writer, id);
        if (tags.length === 0) return;
        await writer.setLoggedModelTags(id, tags);
        await appendEvent(
          writer,
          ctx,
          clock.now(),
          TrackingEvents.loggedModelTagsSet,
          modelEntity(id),
          {
            keys: tags.map((tag) => tag.key),
          },
        );
      });
    },

    async deleteLoggedModelTag(ctx, modelId, key) {
      const id = validateLookupId(modelId, 'model_id');
      const tagKey = validateBoundedString(key, 'tag_key', TrackingLimits.maxEntityKeyLength);
      await store.write(async (writer) => {
        const model = await requireLoggedModel(writer, id);
        if (!model.tags.some((tag) => tag.key === tagKey)) {
          throw notFound(
            'tracking.tag_not_found',
            `No tag with key '${tagKey}' found for model with ID '${id}'.`,
            {
              details: { modelId: id, key: tagKey },
            },
          );
        }
        await writer.deleteLoggedModelTag(id, tagKey);
        await appendEvent(
          writer,
          ctx,
          clock.now(),
          TrackingEvents.loggedModelTagDeleted,
          modelEntity(id),
          {
            key: tagKey,
          },
        );
      });
    },

    async logLoggedModelParams(ctx, modelId, rawParams) {
      const id = validateLookupId(modelId, 'model_id');
      const params = validateModelParams(rawParams);
      await store.write(async (writer) => {
        const model = await requireLoggedModel(writer, id);
        const fresh = assertParamsUnchanged(params, model.params, `model ID='${id}'`);
        if (fresh.length === 0) return;
        await writer.insertLoggedModelParams(id, fresh);
        await appendEvent(
          writer,
          ctx,
          clock.now(),
          TrackingEvents.loggedModelParamsLogged,
          modelEntity(id),
          {
            params: fresh.length,
          },
        );
      });
    },

    async searchLoggedModels(_ctx, input) {
      const experimentIds = asList(input.experimentIds, 'experiment_ids').map((id, i) =>
        validateLookupId(id, `experiment_ids[${i}]`),
      );
      if (experimentIds.length === 0) {
        throw invalidArgument(
          'tracking.missing_value',
          "Missing value for required parameter 'experiment_ids'.",
          {
            details: { field: 'experiment_ids' },
          },
        );
      }
      const filter = parseLoggedModelFilter(input.filter);
      const orderBy = parseLoggedModelOrderBy(input.orderBy);
      const limit = resolvePageSize(
        input.maxResults,
        TrackingLimits.searchLoggedModelsDefault,
        TrackingLimits.searchLoggedModelsMax,
      );
      const offset = decodePageToken(input.pageToken);
      const rows = await store.read((reader) =>
        reader.searchLoggedModels({ experimentIds, filter, orderBy, offset, limit: limit + 1 }),
      );
      return toPage(rows, offset, limit);
    },
  };
}
