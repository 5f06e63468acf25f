import { createActiveRun, type ActiveRun, type BufferOptions } from './active-run.ts';
import { createArtifactsClient, type ArtifactsClient } from './artifacts-client.ts';
import { createAccessClient, type AccessClient } from './access-client.ts';
import { createApprovalsClient, type ApprovalsClient } from './approvals-client.ts';
import { createAuditClient, type AuditClient } from './audit-client.ts';
import { createDatasetsClient, type DatasetsClient } from './datasets-client.ts';
import { createCommentsClient, type CommentsClient } from './comments-client.ts';
import { CairnApiError } from './errors.ts';
import { streamEvents, type EventStreamOptions } from './event-stream.ts';
import { createExperimentsClient, type ExperimentsClient } from './experiments-client.ts';
import { createTransport, segment, type RetryOptions } from './http-transport.ts';
import { decodeLoggedModel } from './number-codec.ts';
import { createRegistryClient, type RegistryClient } from './registry-client.ts';
import { createRunsClient, type RunsClient } from './runs-client.ts';
import type { Health, LoggedModel, StoredEvent } from './wire-types.ts';

export interface ClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:7420`. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** HTTP Basic credentials, used when there is no token. */
  basic?: { username: string; password: string } | undefined;
  /** A fetch implementation; default the global one. */
  fetch?: typeof fetch | undefined;
  /** Retries of transient failures (connection errors, 408, 429, 502, 503, 504). */
  retry?: RetryOptions | undefined;
}

export interface StartRunOptions extends BufferOptions {
  /** The experiment to log to; default the Default experiment ("0"). */
  experimentId?: string;
  /** The experiment to log to by name; created when missing. */
  experimentName?: string;
  runName?: string;
  tags?: Record<string, string>;
  /** Milliseconds since the epoch; default the server's now. */
  startTime?: number;
}

export interface CairnClient {
  readonly url: string;
  readonly experiments: ExperimentsClient;
  readonly runs: RunsClient;
  readonly artifacts: ArtifactsClient;
  /** The tamper-evident audit trail: filtered log, verification, checkpoints, proofs. */
  readonly audit: AuditClient;
  /** Who am I, users (admins), API tokens and permission grants. */
  readonly access: AccessClient;
  /** Registered models, versions, aliases, model cards and lineage. */
  readonly registry: RegistryClient;
  /** Protected aliases and the approval requests that move them (four-eyes rule). */
  readonly approvals: ApprovalsClient;
  /** Versioned datasets: versions, tags, objects, profiles, schemas, validation, diffs. */
  readonly datasets: DatasetsClient;
  readonly events: {
    /** Events after `afterSeq` (default 0), oldest first, at most `limit` (≤1000). */
    list(options?: { afterSeq?: number; limit?: number }): Promise<StoredEvent[]>;
    /**
     * Live events (server-sent events) the caller may read, in log order; reconnects
     * after a dropped connection until `options.signal` aborts.
     */
    stream(options?: EventStreamOptions): AsyncGenerator<StoredEvent, void, undefined>;
  };
  /** Comments on runs and model versions. */
  readonly comments: CommentsClient;
  readonly loggedModels: { get(modelId: string): Promise<LoggedModel> };
  health(): Promise<Health>;
  /** The server's OpenAPI 3.1 document. */
  openapi(): Promise<Record<string, unknown>>;
  /** Creates a run (and its experiment, when given by a name not yet taken) and returns a logger for it. */
  startRun(options?: StartRunOptions): Promise<ActiveRun>;
}

/**
 * A typed client for Cairn's REST API v1 over `fetch`: it runs in Node and in browsers.
 *
 * @example
 * const client = createClient({ url: 'http://127.0.0.1:7420' });
 * const run = await client.startRun({ experimentName: 'mnist' });
 * await run.logParam('lr', 0.01);
 * await run.logMetric('loss', 0.3, { step: 1 });
 * await run.end();
 */
export function createClient(options: ClientOptions): CairnClient {
  const transport = createTransport(options);
  const experiments = createExperimentsClient(transport);
  const runs = createRunsClient(transport);
  const artifacts = createArtifactsClient(transport);

  async function resolveExperimentId(input: StartRunOptions): Promise<string | undefined> {
    if (input.experimentId !== undefined && input.experimentName !== undefined) {
      throw new TypeError('give experimentId or experimentName, not both');
    }
    if (input.experimentName === undefined) return input.experimentId;
    const name = input.experimentName;
    try {
      return (await experiments.getByName(name)).experimentId;
    } catch (error) {
      if (!(error instanceof CairnApiError && error.category === 'NOT_FOUND')) throw error;
    }
    try {
      return (await experiments.create({ name })).experimentId;
    } catch (error) {
      // Another process created it between our two calls: use theirs.
      if (!(error instanceof CairnApiError && error.category === 'ALREADY_EXISTS')) throw error;
      return (await experiments.getByName(name)).experimentId;
    }
  }

  return {
    url: transport.baseUrl,
    experiments,
    runs,
    artifacts,
    audit: createAuditClient(transport),
    access: createAccessClient(transport),
    registry: createRegistryClient(transport),
    approvals: createApprovalsClient(transport),
    datasets: createDatasetsClient(transport),
    events: {
      async list(query = {}) {
        const page = await transport.json<{ items: StoredEvent[] }>({
          method: 'GET',
          path: '/events',
          query: { afterSeq: query.afterSeq, limit: query.limit },
        });
        return page.items;
      },
      stream: (streamOptions) => streamEvents(transport, streamOptions),
    },
    comments: createCommentsClient(transport),
    loggedModels: {
      async get(modelId) {
        return decodeLoggedModel(
          await transport.json<LoggedModel>({
            method: 'GET',
            path: `/logged-models/${segment(modelId)}`,
          }),
        );
      },
    },
    health: () => transport.json({ method: 'GET', path: '/health' }),
    openapi: () => transport.json({ method: 'GET', path: '/openapi.json' }),
    async startRun(input = {}) {
      const experimentId = await resolveExperimentId(input);
      const run = await runs.create({
        ...(experimentId === undefined ? {} : { experimentId }),
        ...(input.runName === undefined ? {} : { runName: input.runName }),
        ...(input.startTime === undefined ? {} : { startTime: input.startTime }),
        tags: Object.entries(input.tags ?? {}).map(([key, value]) => ({ key, value })),
      });
      return createActiveRun({
        run,
        runs,
        artifacts,
        options: {
          ...(input.flushIntervalMs === undefined
            ? {}
            : { flushIntervalMs: input.flushIntervalMs }),
          ...(input.maxBufferedEntries === undefined
            ? {}
            : { maxBufferedEntries: input.maxBufferedEntries }),
        },
      });
    },
  };
}
