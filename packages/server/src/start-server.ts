import { DEFAULT_WEB_UI_DIR } from './web-ui/web-ui-routes.ts';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import {
  createEgressClient,
  createEgressWebhookTransport,
  createLocalBlobStore,
  defaultAuditKeyPath,
  loadWebhookSecretKey,
  createAesGcmSealer,
  loadAuditSigningKey,
  openMetadataStore,
} from '@cairn/adapters';
import {
  createArtifactService,
  createAuditService,
  createRegistryService,
  createTrackingService,
  createWebhookDispatcher,
  createWebhookService,
  createCommentService,
  createCommentTargetDirectory,
  createLineageService,
  createModelCardService,
  createApprovalService,
  ensureDefaultExperiment,
  failedPrecondition,
  invalidArgument,
  systemClock,
} from '@cairn/core';
import type { Permission } from '@cairn/core';
import { createApp } from './app.ts';
import { startAuditCheckpoints } from './audit/audit-checkpointer.ts';
import { createDataServices } from './data-services.ts';
import { setUpAccessControl } from './auth/access-control.ts';
import { createAccessVisibility } from './auth/lineage-policies.ts';
import { DEFAULT_ARTIFACT_MAX_BYTES } from './http/body-size-guard.ts';
import { CAIRN_VERSION } from './version.ts';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 7420;
export const DEFAULT_DATA_DIR = './.cairn';

export interface StartServerOptions {
  /** Address to listen on; default 127.0.0.1. Anything but loopback needs `insecureNoAuth`. */
  host?: string;
  /** Default 7420; 0 picks any free port. */
  port?: number;
  /** Default `./.cairn`: the SQLite file and the blobs live here. */
  dataDir?: string;
  /** `postgres://…` for PostgreSQL metadata instead of SQLite. */
  dbUrl?: string;
  /** Allow a non-loopback address without `auth`. */
  insecureNoAuth?: boolean;
  /** Require a login (Bearer token or HTTP Basic) and enforce permissions on every route. */
  auth?: boolean;
  /** The permission of a user on a resource without an explicit grant; default READ. */
  defaultPermission?: Permission;
  /** With `auth`: the admin created on the first start (there must be some user). */
  admin?: { username: string; password: string };
  /** No "listening" line on stdout. */
  quiet?: boolean;
  /** Extra Host names to serve (the bound host and loopback names are always allowed). */
  allowedHosts?: string[];
  /** Browser origins allowed to call the API cross-origin. */
  allowedOrigins?: string[];
  /** Cap of one artifact upload; default 5 GiB. */
  artifactMaxBytes?: number;
  /** The web UI build served at `/`; default `packages/web/dist` of this checkout. */
  webUiDir?: string;
  /** The Ed25519 audit signing key file; default `<dataDir>/audit-signing.key` (created if missing). */
  auditKeyPath?: string;
  /** How often a checkpoint is signed while events arrive; default 10 s. */
  auditCheckpointIntervalMs?: number;
  /** Let webhooks reach loopback receivers (tests); private and link-local stay refused. */
  webhookAllowLoopback?: boolean;
  /** The key sealing webhook secrets; default `<dataDir>/webhook-secrets.key` (created if missing). */
  webhookKeyPath?: string;
}

export interface RunningServer {
  /** Where clients reach it, e.g. `http://127.0.0.1:7420`. */
  url: string;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish, then closes the store. */
  close(): Promise<void>;
}

/** How long `close()` waits for in-flight requests before cutting their connections. */
const DRAIN_TIMEOUT_MS = 10_000;

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return (
    bare === 'localhost' ||
    bare === '::1' ||
    /^127(\.\d{1,3}){3}$/.test(bare) ||
    /^::ffff:127(\.\d{1,3}){3}$/.test(bare)
  );
}

/**
 * The Host names this server answers to: the bound one, and for a wildcard bind every
 * address of this machine (that is what "bound" then means).
 */
function boundHostNames(host: string): string[] {
  if (!WILDCARD_HOSTS.has(host)) return [urlHost(host)];
  const addresses = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  return addresses.map((info) => urlHost(info.address.replace(/%.*$/, '')));
}

/** A host as it appears in a URL or Host header: IPv6 in brackets. */
function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function checkOptions(host: string, port: number, insecure: boolean): void {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw invalidArgument('server.invalid_port', `The port must be 0..65535, not ${port}.`);
  }
  if (!isLoopbackHost(host) && !insecure) {
    throw failedPrecondition(
      'server.insecure_bind',
      `Refusing to listen on ${host} without authentication: anyone who can reach that ` +
        'address could read and change all data. Pass --auth, listen on 127.0.0.1, or pass ' +
        '--insecure-no-auth to accept the risk.',
    );
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolvePort(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/**
 * Graceful close: stop accepting, let in-flight requests finish, and close each keep-alive
 * connection as soon as it falls idle (a closing server must not wait for clients to hang
 * up). Connections still busy after DRAIN_TIMEOUT_MS are cut.
 */
function createDrainer(server: Server): () => Promise<void> {
  let closing = false;
  server.on('request', (_request, response) => {
    if (closing) response.shouldKeepAlive = false;
    response.on('finish', () => {
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });
  return () =>
    new Promise((resolveClosed) => {
      closing = true;
      const timer = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        resolveClosed();
      });
      server.closeIdleConnections();
    });
}

/**
 * Opens the stores, builds the services and serves Cairn over HTTP. Rejects (without
 * leaving anything open) on a refused bind address, a busy port or an unusable store.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const insecureNoAuth = options.insecureNoAuth ?? false;
  const auth = options.auth ?? false;
  checkOptions(host, port, insecureNoAuth || auth);

  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  await mkdir(dataDir, { recursive: true });
  const store = await openMetadataStore({ url: options.dbUrl, dataDir });
  let closeData = async (): Promise<void> => {};
  try {
    const clock = systemClock;
    const artifactMaxBytes = options.artifactMaxBytes ?? DEFAULT_ARTIFACT_MAX_BYTES;
    await ensureDefaultExperiment({ store: store.tracking, clock });
    const signer = await loadAuditSigningKey(
      resolve(options.auditKeyPath ?? defaultAuditKeyPath(dataDir)),
      { create: true },
    );
    const audit = createAuditService({ store: store.audit, signer, clock });
    const webhookTransport = createEgressWebhookTransport(
      createEgressClient({ allowLoopback: options.webhookAllowLoopback ?? false }),
    );
    const webhookKey = await loadWebhookSecretKey(
      resolve(options.webhookKeyPath ?? join(dataDir, 'webhook-secrets.key')),
      { create: true },
    );
    const webhookDeps = {
      store: store.webhooks,
      transport: webhookTransport,
      sealer: createAesGcmSealer(webhookKey),
      clock,
    };
    const tracking = createTrackingService({ store: store.tracking, clock });
    const streamsClosing = new AbortController();
    const registry = createRegistryService({ store: store.registry, tracking, clock });
    const data = createDataServices({ store, dataDir, clock });
    closeData = () => data.close();
    const accessControl = await setUpAccessControl({
      identityStore: store.identity,
      accessStore: store.access,
      resources: store.resources,
      registry,
      datasets: data.datasets,
      clock,
      enabled: auth,
      ...(options.defaultPermission === undefined
        ? {}
        : { defaultPermission: options.defaultPermission }),
      ...(options.admin === undefined ? {} : { admin: options.admin }),
    });
    if (accessControl.createdAdmin !== undefined && options.quiet !== true) {
      console.log(`Created the admin user '${accessControl.createdAdmin}'.`);
    }
    const modelCards = createModelCardService({
      store: store.modelCards,
      registry: store.registry,
      tracking: store.tracking,
      clock,
      visibility: createAccessVisibility(accessControl.access),
    });
    const app = createApp({
      tracking,
      artifacts: createArtifactService({
        index: store.artifacts,
        blobs: createLocalBlobStore({ root: join(dataDir, 'blobs') }),
        clock,
        maxArtifactBytes: artifactMaxBytes,
      }),
      registry,
      identity: accessControl.identity,
      access: accessControl.access,
      ...(accessControl.auth === undefined ? {} : { auth: accessControl.auth }),
      events: store.events,
      audit,
      webhooks: createWebhookService(webhookDeps),
      comments: createCommentService({
        store: store.comments,
        targets: createCommentTargetDirectory(store),
        clock,
      }),
      lineage: createLineageService({
        tracking: store.tracking,
        registry: store.registry,
        datasets: store.datasets,
        visibility: createAccessVisibility(accessControl.access),
      }),
      modelCards,
      datasets: { api: data.datasets, objects: data.objects },
      approvals: createApprovalService({
        store: store.approvals,
        tracking,
        clock,
        access: accessControl.access,
        // The "model card complete" gate reads the version's card (its saved revision, or
        // the pre-filled draft, whose human-written sections are empty until someone saves).
        modelCardCompleteness: async (ctx, model, version) =>
          (await modelCards.getModelCard(ctx, model.name, version)).completeness,
      }),
      version: CAIRN_VERSION,
      // Live event streams never finish on their own: closing ends them, so the drain
      // does not wait its whole timeout for an open browser tab.
      eventStream: { closing: streamsClosing.signal },
      webUiDir: options.webUiDir ?? DEFAULT_WEB_UI_DIR,
      allowedHosts: [...boundHostNames(host), ...(options.allowedHosts ?? [])],
      allowedOrigins: options.allowedOrigins ?? [],
      artifactMaxBytes,
    });
    const server = createAdaptorServer({
      fetch: app.fetch,
      serverOptions: {
        keepAlive: true,
        // Longer than the 60 s idle timeout of common proxies and load balancers, so they
        // never reuse a connection this server has just closed.
        keepAliveTimeout: 65_000,
        // No whole-request deadline: a multi-gigabyte upload may take long. Slow-loris
        // protection comes from the header deadline and the per-socket idle timeout.
        requestTimeout: 0,
        headersTimeout: 60_000,
      },
    }) as Server;
    server.setTimeout(120_000);
    const drain = createDrainer(server);
    const boundPort = await listen(server, port, host);
    const url = `http://${urlHost(WILDCARD_HOSTS.has(host) ? DEFAULT_HOST : host)}:${boundPort}`;
    if (!options.quiet) {
      const where = WILDCARD_HOSTS.has(host) ? ` (all interfaces, ${host})` : '';
      console.log(`Cairn ${CAIRN_VERSION} listening on ${url}${where}`);
    }
    if (!isLoopbackHost(host) && !auth) {
      console.warn(
        `Warning: Cairn is serving ${host} without authentication (--insecure-no-auth).`,
      );
    }
    const checkpoints = startAuditCheckpoints({
      audit,
      intervalMs: options.auditCheckpointIntervalMs,
      onError: (error) => console.error('Audit checkpoint failed:', error),
    });
    const webhookDispatcher = createWebhookDispatcher(webhookDeps);
    webhookDispatcher.start();
    let closing: Promise<void> | undefined;
    return {
      url,
      port: boundPort,
      close: () =>
        (closing ??= (async () => {
          streamsClosing.abort();
          await drain();
          await webhookDispatcher.stop();
          await checkpoints.stop();
          await data.close();
          await store.close();
        })()),
    };
  } catch (error) {
    await closeData();
    await store.close();
    throw error;
  }
}
