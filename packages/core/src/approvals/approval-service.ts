/**
 * The approvals service. A request is PENDING until exactly one decision moves it to
 * APPROVED, REJECTED, CANCELLED or STALE; the move is a conditional update on the state,
 * so concurrent decisions cannot both win. Approval moves the alias in the same
 * transaction. Staleness is found when someone acts on a request: if the alias no longer
 * points where it did when the request was made, the version or the protection is gone,
 * the request becomes STALE and a fresh request is needed.
 */
import type { AccessApi } from '../access/index.ts';
import {
  CairnError,
  ErrorCategory,
  failedPrecondition,
  invalidArgument,
  notFound,
} from '../kernel/index.ts';
import type { Clock, RequestContext } from '../kernel/index.ts';
import type { ModelCardCompleteness } from '../model-cards/index.ts';
import { RegistryEntityTypes, RegistryEvents } from '../registry/index.ts';
import { parseVersion, validateAlias, validateModelName } from '../registry/index.ts';
import type { Metric, TrackingApi } from '../tracking/index.ts';
import { ApprovalEvents } from './approval-events.ts';
import {
  DEFAULT_PAGE,
  appendRequestEvent,
  denied,
  lostRace,
  newRequestId,
  pendingRequest,
  reasonText,
  requestNotFound,
  requireModel,
  staleness,
} from './approval-support.ts';
import type { ApprovalRequestView, ApprovalsApi, ProtectedAliasView } from './approvals-api.ts';
import { ApprovalState } from './entities.ts';
import type { ApprovalRequest, GateResult } from './entities.ts';
import { evaluateGates, validatePolicyGates } from './policy-gates.ts';
import type { ApprovalReader, ApprovalStore } from './ports.ts';

export interface ApprovalServiceDeps {
  store: ApprovalStore;
  tracking: TrackingApi;
  clock: Clock;
  /** Decides MANAGE/EDIT/READ on the model; absent only in single-user apps. */
  access?: AccessApi | undefined;
  /**
   * The "model card complete" gate's source. Absent: that gate fails, saying no source
   * is configured, so an alias that requires it cannot be approved into.
   */
  modelCardCompleteness?:
    | ((
        ctx: RequestContext,
        model: { id: string; name: string },
        version: number,
      ) => Promise<ModelCardCompleteness>)
    | undefined;
}

export function createApprovalService(deps: ApprovalServiceDeps): ApprovalsApi {
  const { store, clock, access, tracking } = deps;

  async function authorize(
    ctx: RequestContext,
    action: 'read' | 'edit' | 'manage',
    modelId: string,
  ): Promise<void> {
    // Without a principal the app runs single-user (no auth) or the call is internal.
    if (access === undefined || ctx.principal === undefined) return;
    await access.authorize(ctx.principal, action, { type: 'registered_model', id: modelId });
  }

  /** Authorizes on the named model before any transaction (SQLite: no nested connection). */
  async function authorizeOnName(
    ctx: RequestContext,
    action: 'read' | 'edit' | 'manage',
    name: string,
  ): Promise<void> {
    const model = await store.read((reader) => requireModel(reader, name));
    await authorize(ctx, action, model.id);
  }

  async function view(reader: ApprovalReader, request: ApprovalRequest) {
    const model = await reader.getRegisteredModelById(request.registeredModelId);
    return { ...request, name: model?.name ?? null } satisfies ApprovalRequestView;
  }

  /** Marks a stale request STALE (committed), then refuses the decision. */
  async function refuseStale(ctx: RequestContext, id: string, seen: string): Promise<never> {
    const why = await store.write(async (writer) => {
      // Decided meanwhile (the alias "moved" because a concurrent approval won): that
      // decision stands, and this caller lost the race.
      const request = await pendingRequest(writer, id).catch(() => {
        throw lostRace(id);
      });
      // Judged again under the write lock, so a request is never marked on stale reads.
      const reason = await staleness(writer, request);
      if (reason === null) {
        throw failedPrecondition(
          'approvals.changed_concurrently',
          `The alias of approval request '${id}' changed while it was being decided (${seen}); try again.`,
        );
      }
      const now = clock.now();
      const decided = {
        state: ApprovalState.STALE,
        decidedBy: ctx.actor,
        decidedByUserId: ctx.principal?.userId ?? null,
        decidedAt: now,
        decisionReason: reason,
        gateResults: null,
      };
      if (!(await writer.decideApprovalRequest(id, decided))) throw lostRace(id);
      const model = await writer.getRegisteredModelById(request.registeredModelId);
      await appendRequestEvent(
        writer,
        ctx,
        ApprovalEvents.requestStale,
        { ...request, ...decided },
        model?.name ?? null,
        now,
        { reason },
      );
      return reason;
    });
    throw failedPrecondition(
      'approvals.request_stale',
      `Approval request '${id}' is stale (${why}); make a new request.`,
      { details: { id, reason: why } },
    );
  }

  /** Rights of a reviewer: authenticated, not the requester, MANAGE on the model. */
  async function checkReviewer(ctx: RequestContext, request: ApprovalRequest) {
    const principal = ctx.principal;
    if (principal === undefined || access === undefined) {
      throw failedPrecondition(
        'approvals.four_eyes_unavailable',
        'The four-eyes rule needs a second, authenticated user: start the server with --auth. ' +
          'In single-user mode a request can only be cancelled; to move the alias, unprotect it.',
      );
    }
    const self =
      principal.userId === request.requestedByUserId ||
      (request.requestedByUserId === null && principal.username === request.requestedBy);
    if (self) {
      throw denied(
        'approvals.self_approval',
        'The four-eyes rule: a request must be decided by someone other than its requester.',
      );
    }
    await access.authorize(principal, 'manage', {
      type: 'registered_model',
      id: request.registeredModelId,
    });
  }

  async function gatherEvidence(
    ctx: RequestContext,
    request: ApprovalRequest,
  ): Promise<GateResult[]> {
    const found = await store.read(async (reader) => {
      const model = await reader.getRegisteredModelById(request.registeredModelId);
      if (model === undefined) return undefined;
      const rule = await reader.getProtectedAlias(model.id, request.alias);
      const version = await reader.getModelVersion(model.id, request.version);
      return rule === undefined || version === undefined ? undefined : { model, rule, version };
    });
    if (found === undefined) return [];
    const { model, rule, version } = found;
    let runMetrics: Metric[] | null = null;
    if (version.runId !== null) {
      try {
        runMetrics = (await tracking.getRun(ctx, version.runId)).data.metrics;
      } catch (error) {
        if (!(error instanceof CairnError && error.category === ErrorCategory.NOT_FOUND)) {
          throw error;
        }
      }
    }
    const modelCard =
      rule.gates.modelCardComplete && deps.modelCardCompleteness !== undefined
        ? await deps.modelCardCompleteness(ctx, model, version.version)
        : null;
    return evaluateGates(rule.gates, { runMetrics, versionTags: version.tags, modelCard });
  }

  async function decide(
    ctx: RequestContext,
    id: string,
    state: typeof ApprovalState.REJECTED | typeof ApprovalState.CANCELLED,
    reason: string | null,
  ): Promise<ApprovalRequestView> {
    return store.write(async (writer) => {
      const request = await pendingRequest(writer, id);
      const now = clock.now();
      const decided = {
        state,
        decidedBy: ctx.actor,
        decidedByUserId: ctx.principal?.userId ?? null,
        decidedAt: now,
        decisionReason: reason,
        gateResults: null,
      };
      if (!(await writer.decideApprovalRequest(id, decided))) throw lostRace(id);
      const updated = { ...request, ...decided };
      const shown = await view(writer, updated);
      const type =
        state === ApprovalState.REJECTED
          ? ApprovalEvents.requestRejected
          : ApprovalEvents.requestCancelled;
      await appendRequestEvent(writer, ctx, type, updated, shown.name, now, { reason });
      return shown;
    });
  }

  return {
    async protectAlias(ctx, name, alias, gates) {
      const valid = validateModelName(name);
      const checked = validateAlias(alias);
      const rules = validatePolicyGates(gates);
      await authorizeOnName(ctx, 'manage', valid);
      return store.write(async (writer) => {
        const model = await requireModel(writer, valid);
        const now = clock.now();
        const rule = {
          registeredModelId: model.id,
          alias: checked,
          gates: rules,
          createdBy: ctx.actor,
          createdAt: now,
        };
        await writer.putProtectedAlias(rule);
        await writer.appendEvent({
          type: ApprovalEvents.protectedAliasSet,
          entityType: RegistryEntityTypes.registeredModel,
          entityId: model.id,
          actor: ctx.actor,
          time: now,
          payload: { registeredModelId: model.id, name: model.name, alias: checked, gates: rules },
        });
        const version = (await writer.getAliasVersion(model.id, checked)) ?? null;
        return { ...rule, name: model.name, version };
      });
    },

    async unprotectAlias(ctx, name, alias) {
      const valid = validateModelName(name);
      const checked = validateAlias(alias);
      await authorizeOnName(ctx, 'manage', valid);
      await store.write(async (writer) => {
        const model = await requireModel(writer, valid);
        if ((await writer.getProtectedAlias(model.id, checked)) === undefined) return;
        await writer.deleteProtectedAlias(model.id, checked);
        await writer.appendEvent({
          type: ApprovalEvents.protectedAliasDeleted,
          entityType: RegistryEntityTypes.registeredModel,
          entityId: model.id,
          actor: ctx.actor,
          time: clock.now(),
          payload: { registeredModelId: model.id, name: model.name, alias: checked },
        });
      });
    },

    async listProtectedAliases(ctx, name) {
      const valid = validateModelName(name);
      await authorizeOnName(ctx, 'read', valid);
      return store.read(async (reader) => {
        const model = await requireModel(reader, valid);
        const rules = await reader.listProtectedAliasRules(model.id);
        return rules.map((rule): ProtectedAliasView => ({
          ...rule,
          name: model.name,
          version: model.aliases.find((a) => a.alias === rule.alias)?.version ?? null,
        }));
      });
    },

    async createRequest(ctx, input) {
      const name = validateModelName(input.name);
      const alias = validateAlias(input.alias);
      const version = parseVersion(input.version);
      const justification = reasonText(input.justification, 'justification', true) ?? '';
      await authorizeOnName(ctx, 'edit', name);
      return store.write(async (writer) => {
        const model = await requireModel(writer, name);
        if ((await writer.getProtectedAlias(model.id, alias)) === undefined) {
          throw failedPrecondition(
            'approvals.alias_not_protected',
            `Alias '${alias}' of '${model.name}' is not protected; set it directly.`,
            { details: { name: model.name, alias } },
          );
        }
        if ((await writer.getModelVersion(model.id, version)) === undefined) {
          throw notFound(
            'registry.version_not_found',
            `Model Version (name=${model.name}, version=${version}) not found`,
            { details: { name: model.name, version } },
          );
        }
        const baseVersion = (await writer.getAliasVersion(model.id, alias)) ?? null;
        if (baseVersion === version) {
          throw failedPrecondition(
            'approvals.alias_already_set',
            `Alias '${alias}' already points to version ${version}.`,
          );
        }
        const now = clock.now();
        const request: ApprovalRequest = {
          id: newRequestId(now),
          registeredModelId: model.id,
          alias,
          version,
          baseVersion,
          justification,
          state: ApprovalState.PENDING,
          requestedBy: ctx.actor,
          requestedByUserId: ctx.principal?.userId ?? null,
          createdAt: now,
          decidedBy: null,
          decidedByUserId: null,
          decidedAt: null,
          decisionReason: null,
          gateResults: null,
        };
        await writer.insertApprovalRequest(request);
        await appendRequestEvent(
          writer,
          ctx,
          ApprovalEvents.requestCreated,
          request,
          model.name,
          now,
          {
            baseVersion,
            justification,
          },
        );
        return { ...request, name: model.name };
      });
    },

    async getRequest(ctx, id) {
      const request = await store.read((reader) => reader.getApprovalRequest(id));
      if (request === undefined) throw requestNotFound(id);
      await authorize(ctx, 'read', request.registeredModelId);
      return store.read((reader) => view(reader, request));
    },

    async listRequests(ctx, options) {
      const limit = options.maxResults ?? DEFAULT_PAGE;
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw invalidArgument('approvals.invalid_max_results', 'maxResults is 1 to 1000.');
      }
      if (options.state !== undefined && !Object.values(ApprovalState).includes(options.state)) {
        throw invalidArgument(
          'approvals.invalid_state',
          `state is one of ${Object.values(ApprovalState).join(', ')}.`,
        );
      }
      return store.read(async (reader) => {
        let registeredModelId: string | undefined;
        if (options.name !== undefined) {
          const model = await requireModel(reader, validateModelName(options.name));
          registeredModelId = model.id;
        }
        const rows = await reader.listApprovalRequests({
          ...(registeredModelId === undefined ? {} : { registeredModelId }),
          ...(options.state === undefined ? {} : { state: options.state }),
          ...(ctx.access === undefined ? {} : { access: ctx.access }),
          ...(options.pageToken === undefined ? {} : { afterId: options.pageToken }),
          limit: limit + 1,
        });
        const page = rows.slice(0, limit);
        const items = [];
        for (const row of page) items.push(await view(reader, row));
        const last = page.at(-1);
        return rows.length > limit && last !== undefined
          ? { items, nextPageToken: last.id }
          : { items };
      });
    },

    async approve(ctx, id, reason) {
      const note = reasonText(reason, 'reason', false);
      const request = await store.read((reader) => pendingRequest(reader, id));
      await checkReviewer(ctx, request);
      const stale = await store.read((reader) => staleness(reader, request));
      if (stale !== null) return refuseStale(ctx, id, stale);
      const gateResults = await gatherEvidence(ctx, request);
      const failed = gateResults.filter((g) => !g.passed);
      if (failed.length > 0) {
        // The refused attempt is recorded too: what was checked, what was found.
        await store.write(async (writer) => {
          const model = await writer.getRegisteredModelById(request.registeredModelId);
          await appendRequestEvent(
            writer,
            ctx,
            ApprovalEvents.approvalBlocked,
            request,
            model?.name ?? null,
            clock.now(),
            { gateResults },
          );
        });
        throw failedPrecondition(
          'approvals.gates_failed',
          `Approval refused: policy gates failed: ${failed
            .map((g) => `${g.requirement} (found: ${g.observed ?? 'nothing'})`)
            .join('; ')}.`,
          { details: { id, failedGates: failed } },
        );
      }
      const outcome = await store.write(async (writer) => {
        const current = await pendingRequest(writer, id);
        // Checked again under the write lock: the alias may have moved since the reads.
        const why = await staleness(writer, current);
        if (why !== null) return { stale: why, approved: undefined };
        const model = await writer.getRegisteredModelById(current.registeredModelId);
        if (model === undefined) {
          return { stale: 'the registered model was deleted', approved: undefined };
        }
        const now = clock.now();
        const decided = {
          state: ApprovalState.APPROVED,
          decidedBy: ctx.actor,
          decidedByUserId: ctx.principal?.userId ?? null,
          decidedAt: now,
          decisionReason: note,
          gateResults,
        };
        if (!(await writer.decideApprovalRequest(id, decided))) throw lostRace(id);
        await writer.setAlias(model.id, current.alias, current.version);
        await writer.appendEvent({
          type: RegistryEvents.aliasSet,
          entityType: RegistryEntityTypes.registeredModel,
          entityId: model.id,
          actor: ctx.actor,
          time: now,
          payload: {
            registeredModelId: model.id,
            name: model.name,
            alias: current.alias,
            version: current.version,
            previousVersion: current.baseVersion,
            approvalRequestId: id,
          },
        });
        const updated = { ...current, ...decided };
        await appendRequestEvent(
          writer,
          ctx,
          ApprovalEvents.requestApproved,
          updated,
          model.name,
          now,
          {
            requestedBy: current.requestedBy,
            gateResults,
            reason: note,
          },
        );
        return { stale: '', approved: { ...updated, name: model.name } };
      });
      if (outcome.approved === undefined) return refuseStale(ctx, id, outcome.stale);
      return outcome.approved;
    },

    async reject(ctx, id, reason) {
      const note = reasonText(reason, 'reason', true);
      const request = await store.read((reader) => pendingRequest(reader, id));
      await checkReviewer(ctx, request);
      return decide(ctx, id, ApprovalState.REJECTED, note);
    },

    async cancel(ctx, id, reason) {
      const note = reasonText(reason, 'reason', false);
      const request = await store.read((reader) => pendingRequest(reader, id));
      const own =
        ctx.principal === undefined
          ? request.requestedByUserId === null && ctx.actor === request.requestedBy
          : ctx.principal.userId === request.requestedByUserId;
      if (!own) {
        throw denied('approvals.not_requester', 'Only the requester can cancel a request.');
      }
      return decide(ctx, id, ApprovalState.CANCELLED, note);
    },
  };
}
