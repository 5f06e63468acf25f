/**
 * `cairn-server` configuration from the command line and the environment: flags win over
 * `CAIRN_*` variables, which win over the defaults of `startServer`.
 */
import { parseArgs } from 'node:util';
import { PERMISSIONS, invalidArgument, isPermission } from '@cairn/core';
import type { StartServerOptions } from './start-server.ts';

export const SERVER_USAGE = `Usage: cairn-server [options]

Options:
  --host <address>          Address to listen on (env CAIRN_HOST, default 127.0.0.1)
  --port <number>           Port, 0 for any free one (env CAIRN_PORT, default 7420)
  --data-dir <path>         Data directory (env CAIRN_DATA_DIR, default ./.cairn)
  --db <url>                PostgreSQL URL postgres://… (env CAIRN_DB_URL, default SQLite in the data dir)
  --allowed-hosts <list>    Comma-separated extra Host names to serve (env CAIRN_ALLOWED_HOSTS)
  --allowed-origins <list>  Comma-separated browser origins allowed cross-origin (env CAIRN_ALLOWED_ORIGINS)
  --audit-key <path>        Ed25519 audit signing key file (env CAIRN_AUDIT_KEY, default <data-dir>/audit-signing.key)
  --auth                    Require a login and enforce permissions (env CAIRN_AUTH=1); on the
                            first start CAIRN_ADMIN_USERNAME and CAIRN_ADMIN_PASSWORD create the admin
  --default-permission <p>  Permission without an explicit grant: READ (default), EDIT, MANAGE
                            or NO_PERMISSIONS (env CAIRN_DEFAULT_PERMISSION)
  --insecure-no-auth        Allow a non-loopback address without --auth
  --quiet                   Do not print the listening line
  --help                    Show this help
`;

export type ServerCommand = { help: true } | { help: false; options: StartServerOptions };

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) {
    throw invalidArgument(
      'server.invalid_port',
      `The port must be a number 0..65535, not "${value}".`,
    );
  }
  return Number(value);
}

/** Throws INVALID_ARGUMENT `server.invalid_arguments` / `server.invalid_port` on bad input. */
export function parseServerCommand(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ServerCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        db: { type: 'string' },
        'allowed-hosts': { type: 'string' },
        'allowed-origins': { type: 'string' },
        'audit-key': { type: 'string' },
        'insecure-no-auth': { type: 'boolean' },
        auth: { type: 'boolean' },
        'default-permission': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw invalidArgument('server.invalid_arguments', (error as Error).message);
  }
  if (values.help === true) return { help: true };

  const pick = (flag: string | undefined, name: string) => {
    const value = flag ?? env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const options: StartServerOptions = {};
  const host = pick(values.host, 'CAIRN_HOST');
  const port = pick(values.port, 'CAIRN_PORT');
  const dataDir = pick(values['data-dir'], 'CAIRN_DATA_DIR');
  const dbUrl = pick(values.db, 'CAIRN_DB_URL');
  const allowedHosts = list(pick(values['allowed-hosts'], 'CAIRN_ALLOWED_HOSTS'));
  const allowedOrigins = list(pick(values['allowed-origins'], 'CAIRN_ALLOWED_ORIGINS'));
  if (host !== undefined) options.host = host;
  if (port !== undefined) options.port = parsePort(port);
  if (dataDir !== undefined) options.dataDir = dataDir;
  if (dbUrl !== undefined) options.dbUrl = dbUrl;
  const auditKey = pick(values['audit-key'], 'CAIRN_AUDIT_KEY');
  if (auditKey !== undefined) options.auditKeyPath = auditKey;
  if (allowedHosts !== undefined) options.allowedHosts = allowedHosts;
  if (allowedOrigins !== undefined) options.allowedOrigins = allowedOrigins;
  if (values['insecure-no-auth'] === true) options.insecureNoAuth = true;
  if (values.auth === true || isTrue(env['CAIRN_AUTH'])) options.auth = true;
  const defaultPermission = pick(values['default-permission'], 'CAIRN_DEFAULT_PERMISSION');
  if (defaultPermission !== undefined) {
    if (!isPermission(defaultPermission)) {
      throw invalidArgument(
        'server.invalid_default_permission',
        `--default-permission is one of ${PERMISSIONS.join(', ')}, not "${defaultPermission}".`,
      );
    }
    options.defaultPermission = defaultPermission;
  }
  const adminUsername = env['CAIRN_ADMIN_USERNAME'];
  const adminPassword = env['CAIRN_ADMIN_PASSWORD'];
  if (adminUsername && adminPassword) {
    options.admin = { username: adminUsername, password: adminPassword };
  }
  if (values.quiet === true) options.quiet = true;
  return { help: false, options };
}
