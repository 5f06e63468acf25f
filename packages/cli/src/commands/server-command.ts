import { UsageError, type CommandSpec } from '../command-spec.ts';
import { toJson } from '../output-format.ts';

/** The first admin of an `--auth` server, from the environment only (never argv, which `ps` shows). */
function adminFrom(
  env: Readonly<Record<string, string | undefined>>,
): { username: string; password: string } | undefined {
  const username = env['CAIRN_ADMIN_USERNAME'];
  const password = env['CAIRN_ADMIN_PASSWORD'];
  return username && password ? { username, password } : undefined;
}

export const serverCommand: CommandSpec = {
  kind: 'command',
  name: 'server',
  summary: 'Run the Cairn server (REST API v1 and the MLflow-compatible API)',
  description:
    'Stores metadata in SQLite under the data directory unless --db gives a PostgreSQL URL. ' +
    'Stops cleanly on Ctrl+C (SIGINT) or SIGTERM. With --json, prints {"url", "port"} once listening.',
  options: {
    host: {
      type: 'string',
      valueName: 'host',
      env: 'CAIRN_HOST',
      default: '127.0.0.1',
      description: 'Interface to listen on',
    },
    port: {
      type: 'integer',
      valueName: 'port',
      env: 'CAIRN_PORT',
      default: 7420,
      description: 'Port to listen on; 0 picks a free one',
    },
    'data-dir': {
      type: 'string',
      valueName: 'dir',
      env: 'CAIRN_DATA_DIR',
      default: './.cairn',
      description: 'Directory for the SQLite database and the artifact blobs',
    },
    db: {
      type: 'string',
      valueName: 'url',
      env: 'CAIRN_DB_URL',
      description: 'PostgreSQL URL (postgres://…) for the metadata instead of SQLite',
    },
    'audit-key': {
      type: 'string',
      valueName: 'path',
      env: 'CAIRN_AUDIT_KEY',
      description:
        'Ed25519 key file that signs audit checkpoints (default <data-dir>/audit-signing.key, created mode 0600)',
    },
    'insecure-no-auth': {
      type: 'boolean',
      description: 'Allow listening beyond loopback without authentication',
    },
    auth: {
      type: 'boolean',
      description:
        'Require a login (Bearer token or HTTP Basic) and enforce permissions; also env CAIRN_AUTH=1. ' +
        'On the first start, CAIRN_ADMIN_USERNAME and CAIRN_ADMIN_PASSWORD create the admin user',
    },
    'default-permission': {
      type: 'string',
      valueName: 'permission',
      env: 'CAIRN_DEFAULT_PERMISSION',
      choices: ['READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS'],
      description:
        'With --auth: the permission of users on resources they hold no grant for (default READ)',
    },
  },
  examples: [
    'cairn server',
    'cairn server --port 8080 --data-dir /var/lib/cairn',
    'CAIRN_ADMIN_USERNAME=admin CAIRN_ADMIN_PASSWORD=… cairn server --auth --host 0.0.0.0',
  ],
  async run(context) {
    const port = context.integer('port');
    if (port !== undefined && (port < 0 || port > 65535)) {
      throw new UsageError(`--port must be between 0 and 65535; got ${port}`, ['server']);
    }
    // Loaded here so that client commands do not pay for the server's modules.
    const { startServer } = await import('@cairn/server');
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer({
        host: context.string('host'),
        port,
        dataDir: context.string('data-dir'),
        dbUrl: context.string('db'),
        auditKeyPath: context.string('audit-key'),
        insecureNoAuth: context.flag('insecure-no-auth'),
        auth:
          context.flag('auth') ||
          ['1', 'true', 'yes', 'on'].includes(context.env['CAIRN_AUTH'] ?? ''),
        defaultPermission: context.string('default-permission') as
          'READ' | 'EDIT' | 'MANAGE' | 'NO_PERMISSIONS' | undefined,
        admin: adminFrom(context.env),
        // The line below replaces the server's own, so that --json keeps stdout pure.
        quiet: true,
      });
    } catch (error) {
      // A refused configuration (e.g. a public address without --insecure-no-auth) is a usage error.
      if (isConfigurationError(error)) throw new UsageError(error.message, ['server']);
      throw error;
    }
    context.stdout.write(
      context.json
        ? toJson({ url: server.url, port: server.port }, { oneLine: true })
        : `Cairn listening on ${server.url} (Ctrl+C to stop)\n`,
    );
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      const stop = (received: NodeJS.Signals) => {
        // Removed at once: a second Ctrl+C then ends the process without waiting for the drain.
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(received);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    context.stderr.write(`Received ${signal}; stopping…\n`);
    await server.close();
  },
};

function isConfigurationError(error: unknown): error is Error {
  const category = (error as { category?: unknown } | null)?.category;
  return (
    error instanceof Error &&
    (category === 'INVALID_ARGUMENT' || category === 'FAILED_PRECONDITION')
  );
}
