/**
 * Model cards: one per model version, saved as append-only revisions (author and time each),
 * with a draft pre-filled from the registry and the version's lineage until the first save.
 * Reading never writes: the draft becomes revision 1 only when someone saves it.
 */
import {
  failedPrecondition,
  invalidArgument,
  notFound,
  type Clock,
  type RequestContext,
} from '../kernel/index.ts';
import type { ResourceVisibility } from '../lineage/index.ts';
import type { RegistryStore } from '../registry/index.ts';
import { decodePageToken, encodePageToken } from '../tracking/index.ts';
import type { Paged, TrackingStore } from '../tracking/index.ts';
import { modelCardCompleteness, type ModelCardCompleteness } from './card-completeness.ts';
import { renderModelCardHtml } from './card-html.ts';
import { renderModelCardMarkdown } from './card-markdown.ts';
import { prefillModelCard } from './card-prefill.ts';
import { validateModelCardContent } from './card-validation.ts';
import type { ModelCard, ModelCardContent } from './model-card.ts';
import type { ModelCardRevisionRow, ModelCardStore } from './ports.ts';

export const ModelCardEvents = { SAVED: 'model_card.saved' } as const;

export type ModelCardExportFormat = 'markdown' | 'html' | 'json';

/** A card as shown: the newest revision, or (with `saved: false`) the pre-filled draft as revision 0. */
export interface ModelCardView {
  card: ModelCard;
  saved: boolean;
  completeness: ModelCardCompleteness;
}

export interface ModelCardsApi {
  getModelCard(ctx: RequestContext, name: string, version: number): Promise<ModelCardView>;
  /**
   * Saves a new revision. With `baseRevision`, refuses (FAILED_PRECONDITION,
   * `model_card.stale_revision`) when someone saved another revision since.
   */
  saveModelCard(
    ctx: RequestContext,
    name: string,
    version: number,
    input: { content: unknown; baseRevision?: number },
  ): Promise<ModelCardView>;
  /** Saved revisions, newest first. */
  listRevisions(
    ctx: RequestContext,
    name: string,
    version: number,
    options?: { maxResults?: number; pageToken?: string },
  ): Promise<Paged<ModelCard>>;
  /** The card (newest revision, or the draft) as Markdown, HTML or JSON text. */
  exportModelCard(
    ctx: RequestContext,
    name: string,
    version: number,
    format: ModelCardExportFormat,
  ): Promise<string>;
}

export interface ModelCardServiceDeps {
  store: ModelCardStore;
  registry: RegistryStore;
  tracking: TrackingStore;
  clock: Clock;
  /**
   * Whether the caller may read an experiment: a draft takes nothing from a run or logged
   * model the caller could not read itself. Absent: everything is readable.
   */
  visibility?: ResourceVisibility;
}

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

export function createModelCardService(deps: ModelCardServiceDeps): ModelCardsApi {
  const { store, registry, tracking, clock } = deps;
  const readable = async <T extends { experimentId: string }>(
    ctx: RequestContext,
    entity: T | undefined,
  ): Promise<boolean> =>
    entity !== undefined &&
    (deps.visibility === undefined ||
      (await deps.visibility(ctx, { type: 'experiment', id: entity.experimentId })));

  async function resolveVersion(name: string, version: number) {
    const found = await registry.read(async (r) => {
      const model = await r.getRegisteredModel(name);
      const modelVersion = model && (await r.getModelVersion(model.id, version));
      return { model, modelVersion };
    });
    if (found.model === undefined) {
      throw notFound('registry.model_not_found', `Registered Model with name=${name} not found`);
    }
    if (found.modelVersion === undefined) {
      throw notFound(
        'registry.version_not_found',
        `Model Version (name=${name}, version=${version}) not found`,
      );
    }
    return { model: found.model, version: found.modelVersion };
  }

  const toCard = (name: string, row: ModelCardRevisionRow): ModelCard => ({
    registeredModelId: row.registeredModelId,
    name,
    version: row.version,
    revision: row.revision,
    content: JSON.parse(row.content) as ModelCardContent,
    author: row.author,
    createdAt: row.createdAt,
  });

  const view = (card: ModelCard, saved: boolean): ModelCardView => ({
    card,
    saved,
    completeness: modelCardCompleteness(card.content),
  });

  async function draft(
    ctx: RequestContext,
    name: string,
    versionNumber: number,
  ): Promise<ModelCardView> {
    const { model, version } = await resolveVersion(name, versionNumber);
    const latest = await store.read((r) => r.getLatestRevision(model.id, versionNumber));
    if (latest !== undefined) return view(toCard(model.name, latest), true);
    const { run, loggedModel } = await tracking.read(async (r) => ({
      run: version.runId === null ? undefined : await r.getRun(version.runId),
      loggedModel: version.modelId === null ? undefined : await r.getLoggedModel(version.modelId),
    }));
    const content = prefillModelCard({
      registeredModel: model,
      version,
      run: run !== undefined && (await readable(ctx, run.info)) ? run : undefined,
      loggedModel: (await readable(ctx, loggedModel)) ? loggedModel : undefined,
    });
    return view(
      {
        registeredModelId: model.id,
        name: model.name,
        version: versionNumber,
        revision: 0,
        content,
        author: '',
        createdAt: clock.now(),
      },
      false,
    );
  }

  return {
    getModelCard: (ctx, name, version) => draft(ctx, name, version),

    async saveModelCard(ctx, name, versionNumber, input) {
      const content = validateModelCardContent(input.content);
      const { model } = await resolveVersion(name, versionNumber);
      const row = await store.write(async (w) => {
        const latest = await w.getLatestRevision(model.id, versionNumber);
        const current = latest?.revision ?? 0;
        if (input.baseRevision !== undefined && input.baseRevision !== current) {
          throw failedPrecondition(
            'model_card.stale_revision',
            `The card is at revision ${current}, not ${input.baseRevision}: reload it and save again.`,
            { details: { currentRevision: current } },
          );
        }
        const next: ModelCardRevisionRow = {
          registeredModelId: model.id,
          version: versionNumber,
          revision: current + 1,
          content: JSON.stringify(content),
          author: ctx.actor,
          createdAt: clock.now(),
        };
        await w.insertRevision(next);
        await w.appendEvent({
          type: ModelCardEvents.SAVED,
          entityType: 'model_version',
          entityId: `${model.id}/${versionNumber}`,
          actor: ctx.actor,
          time: next.createdAt,
          payload: {
            registeredModelId: model.id,
            name: model.name,
            version: versionNumber,
            revision: next.revision,
          },
        });
        return next;
      });
      return view(toCard(model.name, row), true);
    },

    async listRevisions(_ctx, name, versionNumber, options = {}) {
      const limit = options.maxResults ?? DEFAULT_PAGE;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
        throw invalidArgument(
          'model_card.invalid_max_results',
          `maxResults must be from 1 to ${MAX_PAGE}.`,
        );
      }
      const offset = decodePageToken(options.pageToken);
      const { model } = await resolveVersion(name, versionNumber);
      const rows = await store.read((r) =>
        r.listRevisions(model.id, versionNumber, { offset, limit: limit + 1 }),
      );
      const items = rows.slice(0, limit).map((row) => toCard(model.name, row));
      return rows.length > limit
        ? { items, nextPageToken: encodePageToken(offset + limit) }
        : { items };
    },

    async exportModelCard(ctx, name, version, format) {
      const { card } = await draft(ctx, name, version);
      switch (format) {
        case 'markdown':
          return renderModelCardMarkdown(card);
        case 'html':
          return renderModelCardHtml(card);
        case 'json':
          return `${JSON.stringify(card.content, null, 2)}\n`;
        default:
          throw invalidArgument('model_card.invalid_format', 'format is markdown, html or json.');
      }
    },
  };
}
