/**
 * Experiment use cases of the tracking service (MLflow's `experiments/*` endpoints).
 */
import { alreadyExists, invalidArgument, notFound } from '../kernel/index.ts';
import type { RequestContext } from '../kernel/index.ts';
import { appendToUri, validateArtifactLocation } from './artifact-location.ts';
import { LifecycleStage, ViewType } from './entities.ts';
import type { Experiment, Tag } from './entities.ts';
import {
  validateBoundedString,
  validateExperimentName,
  validateExperimentTag,
  validateLookupId,
} from './entity-validation.ts';
import { parseExperimentFilter } from './filter-parser.ts';
import { TrackingLimits } from './limits.ts';
import { parseExperimentOrderBy } from './order-by-parser.ts';
import { decodePageToken, resolvePageSize, toPage } from './page-token.ts';
import type { TrackingWriter } from './ports.ts';
import {
  DEFAULT_ARTIFACT_ROOT,
  appendEvent,
  asList,
  assertExperimentActive,
  dedupeByKey,
  requireExperiment,
} from './service-support.ts';
import type { TrackingServiceDeps } from './service-support.ts';
import type { TrackingApi } from './tracking-api.ts';
import { TrackingEntityTypes, TrackingEvents } from './tracking-events.ts';

type ExperimentOperations = Pick<
  TrackingApi,
  | 'createExperiment'
  | 'getExperiment'
  | 'getExperimentByName'
  | 'searchExperiments'
  | 'renameExperiment'
  | 'deleteExperiment'
  | 'restoreExperiment'
  | 'setExperimentTag'
  | 'deleteExperimentTag'
>;

const VIEW_TYPES: readonly string[] = Object.values(ViewType);

/** An optional view type: ACTIVE_ONLY when absent. */
export function resolveViewType(value: ViewType | undefined, field: string): ViewType {
  if (value === undefined) return ViewType.ACTIVE_ONLY;
  if (!VIEW_TYPES.includes(value)) {
    throw invalidArgument(
      'tracking.invalid_view_type',
      `Invalid value ${JSON.stringify(value)} for parameter '${field}' supplied. Expected one of ${VIEW_TYPES.join(', ')}.`,
      { details: { field } },
    );
  }
  return value;
}

const experimentEntity = (id: string) => ({ type: TrackingEntityTypes.experiment, id });

/**
 * Ids of the experiment's runs in one lifecycle stage, collected before anything changes
 * so that paging is not disturbed by the updates that follow.
 */
async function runIdsInStage(
  writer: TrackingWriter,
  experimentId: string,
  viewType: ViewType,
): Promise<string[]> {
  const ids: string[] = [];
  const limit = 1000;
  for (let offset = 0; ; offset += limit) {
    const runs = await writer.searchRuns({
      experimentIds: [experimentId],
      filter: [],
      orderBy: [],
      viewType,
      offset,
      limit,
    });
    ids.push(...runs.map((run) => run.info.runId));
    if (runs.length < limit) return ids;
  }
}

export function createExperimentOperations(deps: TrackingServiceDeps): ExperimentOperations {
  const { store, clock } = deps;
  const artifactRoot = deps.defaultArtifactRoot ?? DEFAULT_ARTIFACT_ROOT;

  /**
   * Deletes or restores an experiment together with its runs, as MLflow does. The
   * experiment must be in the other stage: MLflow looks it up among those only, so a
   * second delete (or restoring an active one) is a 404.
   */
  async function moveLifecycle(
    ctx: RequestContext,
    experimentId: string,
    to: LifecycleStage,
  ): Promise<void> {
    const id = validateLookupId(experimentId, 'experiment_id');
    const deleting = to === LifecycleStage.DELETED;
    await store.write(async (writer) => {
      const experiment = await requireExperiment(writer, id);
      if (experiment.lifecycleStage === to) {
        throw notFound('tracking.experiment_not_found', `No Experiment with id=${id} exists`, {
          details: { experimentId: id },
        });
      }
      const from = deleting ? ViewType.ACTIVE_ONLY : ViewType.DELETED_ONLY;
      const runIds = await runIdsInStage(writer, id, from);
      const now = clock.now();
      await writer.updateExperiment(id, { lifecycleStage: to, lastUpdateTime: now });
      for (const runId of runIds) {
        await writer.updateRunInfo(runId, {
          lifecycleStage: to,
          deletedTime: deleting ? now : null,
        });
      }
      await appendEvent(
        writer,
        ctx,
        now,
        deleting ? TrackingEvents.experimentDeleted : TrackingEvents.experimentRestored,
        experimentEntity(id),
        deleting ? { runsDeleted: runIds.length } : { runsRestored: runIds.length },
      );
    });
  }

  return {
    async createExperiment(ctx, input, options) {
      const name = validateExperimentName(input.name);
      const givenLocation =
        input.artifactLocation === undefined || input.artifactLocation === ''
          ? undefined
          : validateArtifactLocation(
              validateBoundedString(
                input.artifactLocation,
                'artifact_location',
                TrackingLimits.maxArtifactLocationLength,
              ),
            );
      const tags = dedupeByKey(
        asList(input.tags, 'tags').map((tag, i) => validateExperimentTag(tag, `tags[${i}].`)),
      );
      const key = options?.idempotencyKey;

      return store.write(async (writer) => {
        if (key !== undefined) {
          const remembered = await writer.findRememberedResult(key);
          const previous =
            remembered === undefined ? undefined : await writer.getExperiment(remembered);
          // Only a true retry gets the first result back: once that experiment has been
          // renamed or deleted, the same request is a new create.
          if (previous?.name === name && previous.lifecycleStage === LifecycleStage.ACTIVE) {
            return previous;
          }
        }
        if ((await writer.getExperimentByName(name)) !== undefined) {
          throw alreadyExists(
            'tracking.experiment_name_taken',
            `Experiment(name=${name}) already exists.`,
            {
              details: { name },
            },
          );
        }
        const experimentId = await writer.allocateExperimentId();
        const now = clock.now();
        const experiment: Experiment = {
          experimentId,
          name,
          artifactLocation: givenLocation ?? appendToUri(artifactRoot, experimentId),
          lifecycleStage: LifecycleStage.ACTIVE,
          creationTime: now,
          lastUpdateTime: now,
          tags,
        };
        await writer.insertExperiment(experiment);
        await appendEvent(
          writer,
          ctx,
          now,
          TrackingEvents.experimentCreated,
          experimentEntity(experimentId),
          {
            name,
            artifactLocation: experiment.artifactLocation,
          },
        );
        if (key !== undefined) await writer.rememberResult(key, experimentId, now);
        return experiment;
      });
    },

    async getExperiment(_ctx, experimentId) {
      const id = validateLookupId(experimentId, 'experiment_id');
      return store.read((reader) => requireExperiment(reader, id));
    },

    async getExperimentByName(_ctx, name) {
      const wanted = validateExperimentName(name, 'experiment_name');
      const experiment = await store.read((reader) => reader.getExperimentByName(wanted));
      if (experiment === undefined) {
        throw notFound(
          'tracking.experiment_not_found',
          `Could not find experiment with name '${wanted}'`,
          {
            details: { name: wanted },
          },
        );
      }
      return experiment;
    },

    async searchExperiments(ctx, options) {
      const filter = parseExperimentFilter(options.filter);
      const orderBy = parseExperimentOrderBy(options.orderBy);
      const limit = resolvePageSize(
        options.maxResults,
        TrackingLimits.searchExperimentsDefault,
        TrackingLimits.searchExperimentsMax,
      );
      const offset = decodePageToken(options.pageToken);
      const viewType = resolveViewType(options.viewType, 'view_type');
      const rows = await store.read((reader) =>
        reader.searchExperiments({
          filter,
          orderBy,
          viewType,
          offset,
          limit: limit + 1,
          ...(ctx.access === undefined ? {} : { access: ctx.access }),
        }),
      );
      return toPage(rows, offset, limit);
    },

    async renameExperiment(ctx, experimentId, newName) {
      const id = validateLookupId(experimentId, 'experiment_id');
      const name = validateExperimentName(newName, 'new_name');
      await store.write(async (writer) => {
        const experiment = await requireExperiment(writer, id);
        if (experiment.lifecycleStage !== LifecycleStage.ACTIVE) {
          throw invalidArgument(
            'tracking.experiment_not_active',
            'Cannot rename a non-active experiment.',
            {
              details: { experimentId: id },
            },
          );
        }
        if (experiment.name === name) return;
        if ((await writer.getExperimentByName(name)) !== undefined) {
          throw alreadyExists(
            'tracking.experiment_name_taken',
            `Experiment(name=${name}) already exists.`,
            {
              details: { name },
            },
          );
        }
        const now = clock.now();
        await writer.updateExperiment(id, { name, lastUpdateTime: now });
        await appendEvent(
          writer,
          ctx,
          now,
          TrackingEvents.experimentRenamed,
          experimentEntity(id),
          {
            name,
            previousName: experiment.name,
          },
        );
      });
    },

    async deleteExperiment(ctx, experimentId) {
      await moveLifecycle(ctx, experimentId, LifecycleStage.DELETED);
    },

    async restoreExperiment(ctx, experimentId) {
      await moveLifecycle(ctx, experimentId, LifecycleStage.ACTIVE);
    },

    async setExperimentTag(ctx, experimentId, tag) {
      const id = validateLookupId(experimentId, 'experiment_id');
      const valid: Tag = validateExperimentTag(tag, '');
      await store.write(async (writer) => {
        assertExperimentActive(await requireExperiment(writer, id));
        await writer.setExperimentTag(id, valid);
        await appendEvent(
          writer,
          ctx,
          clock.now(),
          TrackingEvents.experimentTagSet,
          experimentEntity(id),
          {
            key: valid.key,
          },
        );
      });
    },

    async deleteExperimentTag(ctx, experimentId, key) {
      const id = validateLookupId(experimentId, 'experiment_id');
      const tagKey = validateBoundedString(key, 'key', TrackingLimits.maxExperimentTagKeyLength);
      await store.write(async (writer) => {
        const experiment = await requireExperiment(writer, id);
        assertExperimentActive(experiment);
        if (!experiment.tags.some((tag) => tag.key === tagKey)) {
          throw notFound(
            'tracking.tag_not_found',
            `No tag with name: ${tagKey} in experiment with id ${id}`,
            {
              details: { experimentId: id, key: tagKey },
            },
          );
        }
        await writer.deleteExperimentTag(id, tagKey);
        await appendEvent(
          writer,
          ctx,
          clock.now(),
          TrackingEvents.experimentTagDeleted,
          experimentEntity(id),
          {
            key: tagKey,
          },
        );
      });
    },
  };
}
