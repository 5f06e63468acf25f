import type { AuditVerification, StoredEvent } from '@cairn/sdk';
import {
  UsageError,
  type CommandContext,
  type CommandGroup,
  type OptionSpec,
} from '../command-spec.ts';
import { formatFields, formatTable, formatTime, toJson } from '../output-format.ts';
import { printPaged } from './paged-output.ts';
import { pagingOptions } from './shared-options.ts';

const PATH = ['audit'];

/** Options that switch a command to reading the store and key file directly, without a server. */
const offlineOptions: Readonly<Record<string, OptionSpec>> = {
  'data-dir': {
    type: 'string',
    valueName: 'dir',
    description: 'Check this data directory directly (offline), not through the server',
  },
  db: {
    type: 'string',
    valueName: 'url',
    description: 'Offline, with a PostgreSQL metadata database (postgres://…); needs --audit-key',
  },
  'audit-key': {
    type: 'string',
    valueName: 'path',
    env: 'CAIRN_AUDIT_KEY',
    description: 'Offline: the signing key file (default <data-dir>/audit-signing.key)',
  },
};

function isOffline(context: CommandContext): boolean {
  return context.string('data-dir') !== undefined || context.string('db') !== undefined;
}

function offlineOptionsOf(context: CommandContext) {
  return {
    dataDir: context.string('data-dir'),
    dbUrl: context.string('db'),
    auditKeyPath: context.string('audit-key'),
  };
}

/** Milliseconds since the epoch, or any date `Date.parse` reads (`2026-01-31`, ISO 8601 with time). */
function parseTime(context: CommandContext, option: string): number | undefined {
  const value = context.string(option);
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new UsageError(
      `--${option} must be a date (2026-01-31, 2026-01-31T12:00:00Z) or epoch milliseconds; got '${value}'`,
      [...PATH, 'log'],
    );
  }
  return ms;
}

function parseEntity(value: string | undefined): { entityType?: string; entityId?: string } {
  if (value === undefined) return {};
  const colon = value.indexOf(':');
  if (colon === 0 || value === '') {
    throw new UsageError(`--entity must be <type> or <type>:<id>; got '${value}'`, [
      ...PATH,
      'log',
    ]);
  }
  return colon < 0
    ? { entityType: value }
    : { entityType: value.slice(0, colon), entityId: value.slice(colon + 1) };
}

function renderVerification(result: AuditVerification): string {
  const fields: [string, string][] = [
    ['Status', result.ok ? 'intact' : 'TAMPERED'],
    ['Verified entries', String(result.treeSize)],
    ['Signed checkpoint size', String(result.checkpointSize)],
  ];
  if (result.firstBadSeq !== undefined) {
    const range =
      result.lastSuspectSeq !== undefined && result.lastSuspectSeq !== result.firstBadSeq
        ? ` (somewhere in ${result.firstBadSeq}..${result.lastSuspectSeq})`
        : '';
    fields.push(['First bad entry', `${result.firstBadSeq}${range}`]);
  }
  if (result.reason !== undefined) fields.push(['Reason', result.reason]);
  if (result.message !== undefined) fields.push(['Detail', result.message]);
  return formatFields(fields);
}

function renderEvents(events: StoredEvent[]): string {
  return formatTable(
    ['SEQ', 'TIME', 'ACTOR', 'TYPE', 'ENTITY'],
    events.map((e) => [
      String(e.seq),
      formatTime(e.time),
      e.actor,
      e.type,
      `${e.entityType}:${e.entityId}`,
    ]),
  );
}

export const auditGroup: CommandGroup = {
  kind: 'group',
  name: 'audit',
  summary: 'Verify and read the tamper-evident audit log',
  commands: [
    {
      kind: 'command',
      name: 'verify',
      summary: 'Check the whole audit log against its signed checkpoints',
      description:
        'Recomputes the Merkle leaf of every event, compares it with the stored leaf and ' +
        'rebuilds the root at every signed checkpoint. Exit code 0 when the log is intact, ' +
        '1 when it is not, naming the first bad entry and why. With --data-dir (or --db and ' +
        '--audit-key) the store is opened directly and only the key file is trusted, so a ' +
        'copied data directory can be checked offline; otherwise the server checks (admin).',
      options: offlineOptions,
      examples: [
        'cairn audit verify',
        'cairn audit verify --data-dir /var/lib/cairn --json',
        'cairn audit verify --db postgres://cairn@db/cairn --audit-key /etc/cairn/audit-signing.key',
      ],
      async run(context) {
        let result: AuditVerification;
        if (isOffline(context)) {
          const { verifyAuditOffline } = await import('@cairn/server');
          result = await verifyAuditOffline(offlineOptionsOf(context));
        } else {
          result = await context.client().audit.verify();
        }
        context.stdout.write(context.json ? toJson(result) : renderVerification(result));
        if (!result.ok) {
          throw new Error(
            result.firstBadSeq === undefined
              ? `the audit log is not intact: ${result.reason ?? 'unknown reason'}`
              : `the audit log is not intact: first bad entry ${result.firstBadSeq} (${result.reason ?? 'unknown reason'})`,
          );
        }
      },
    },
    {
      kind: 'command',
      name: 'log',
      summary: 'List audit events by time, actor, entity and type',
      options: {
        since: {
          type: 'string',
          valueName: 'time',
          description: 'From this time on (date or epoch ms)',
        },
        until: {
          type: 'string',
          valueName: 'time',
          description: 'Up to this time (date or epoch ms)',
        },
        actor: { type: 'string', valueName: 'user', description: 'Only changes by this actor' },
        entity: {
          type: 'string',
          valueName: 'type[:id]',
          description:
            'Only this entity type, or one entity (e.g. run:<run-id>, registered_model:<id>)',
        },
        type: {
          type: 'string',
          valueName: 'event',
          description: 'Only this event type, e.g. registry.alias.set',
        },
        'newest-first': {
          type: 'boolean',
          description: 'Newest events first (default: oldest first, the order they happened)',
        },
        ...pagingOptions,
      },
      examples: [
        'cairn audit log --since 2026-01-01 --actor alice',
        'cairn audit log --newest-first --max-results 20',
        'cairn audit log --entity registered_model:<id> --type registry.alias.set --json',
      ],
      async run(context) {
        const filter = {
          since: parseTime(context, 'since'),
          until: parseTime(context, 'until'),
          actor: context.string('actor'),
          type: context.string('type'),
          ...parseEntity(context.string('entity')),
        };
        const client = context.client();
        await printPaged(
          context,
          (pageToken) =>
            client.audit.log({
              ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)),
              order: context.flag('newest-first') ? 'desc' : 'asc',
              ...(context.integer('max-results') === undefined
                ? {}
                : { maxResults: context.integer('max-results') }),
              ...(pageToken === undefined ? {} : { pageToken }),
            }),
          renderEvents,
        );
      },
    },
    {
      kind: 'command',
      name: 'key',
      summary: 'Print the public key that signs audit checkpoints',
      description:
        'From the server, or with --data-dir / --audit-key from the key file itself. ' +
        'Give the public key to auditors: it is all they need to check checkpoints.',
      options: {
        'data-dir': offlineOptions['data-dir']!,
        'audit-key': offlineOptions['audit-key']!,
      },
      examples: ['cairn audit key', 'cairn audit key --data-dir ./.cairn --json'],
      async run(context) {
        const offline =
          context.string('data-dir') !== undefined || context.string('audit-key') !== undefined;
        let key;
        if (offline) {
          const { readAuditPublicKey } = await import('@cairn/server');
          key = await readAuditPublicKey({
            dataDir: context.string('data-dir'),
            auditKeyPath: context.string('audit-key'),
          });
        } else {
          key = await context.client().audit.publicKey();
        }
        context.stdout.write(
          context.json
            ? toJson(key)
            : formatFields([
                ['Key ID', key.keyId],
                ['Public key (Ed25519, base64)', key.publicKey],
              ]),
        );
      },
    },
  ],
};
