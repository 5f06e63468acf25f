/**
 * `cairn users …` (admins) and `cairn tokens …` (your own; admins also anyone's). A token's
 * secret is printed once, on creation, and never again.
 */
import type { ApiToken, TokenScope, User } from '@cairn/sdk';
import { UsageError, type CommandContext, type CommandGroup } from '../command-spec.ts';
import { formatFields, formatTable, formatTime, toJson } from '../output-format.ts';

const usernameArg = { name: 'username', description: 'The user name', required: true };

function renderUsers(users: readonly User[]): string {
  return formatTable(
    ['USERNAME', 'ADMIN', 'DISABLED', 'CREATED'],
    users.map((u) => [
      u.username,
      u.isAdmin ? 'yes' : 'no',
      u.disabled ? 'yes' : 'no',
      formatTime(u.createdAt),
    ]),
  );
}

function renderUser(user: User): string {
  return formatFields([
    ['Username', user.username],
    ['Admin', user.isAdmin ? 'yes' : 'no'],
    ['Disabled', user.disabled ? 'yes' : 'no'],
    ['Created', formatTime(user.createdAt)],
  ]);
}

function tokenState(token: ApiToken): string {
  if (token.revokedAt !== null) return 'revoked';
  return token.expiresAt <= Date.now() ? 'expired' : 'active';
}

function renderTokens(tokens: readonly ApiToken[]): string {
  return formatTable(
    ['ID', 'NAME', 'SCOPE', 'STATE', 'EXPIRES', 'LAST USED'],
    tokens.map((t) => [
      t.id,
      t.name,
      t.scope,
      tokenState(t),
      formatTime(t.expiresAt),
      formatTime(t.lastUsedAt),
    ]),
  );
}

function print(context: CommandContext, data: unknown, human: string): void {
  context.stdout.write(context.json ? toJson(data) : human);
}

/** The password from --password-env's variable: never from argv, which `ps` shows to everyone. */
function passwordFrom(context: CommandContext, path: string[]): string | undefined {
  const variable = context.string('password-env');
  if (variable === undefined) return undefined;
  const password = context.env[variable];
  if (password === undefined || password === '') {
    throw new UsageError(
      `the environment variable ${variable} (from --password-env) is not set`,
      path,
    );
  }
  return password;
}

/** `--user` or, by default, whoever the credentials belong to. */
async function targetUser(context: CommandContext): Promise<string> {
  return context.string('user') ?? (await context.client().access.me()).username;
}

const passwordEnvOption = {
  type: 'string' as const,
  valueName: 'var',
  description: 'Read the new password from this environment variable',
  default: 'CAIRN_NEW_PASSWORD',
};

export const usersGroup: CommandGroup = {
  kind: 'group',
  name: 'users',
  summary: 'Manage users (admins)',
  commands: [
    {
      kind: 'command',
      name: 'list',
      summary: 'List every user',
      async run(context) {
        const users = await context.client().access.listUsers();
        print(context, users, renderUsers(users));
      },
    },
    {
      kind: 'command',
      name: 'create',
      summary: 'Create a user; the password comes from an environment variable',
      args: [usernameArg],
      options: {
        'password-env': passwordEnvOption,
        admin: { type: 'boolean', description: 'Make the user an admin' },
      },
      examples: [
        'CAIRN_NEW_PASSWORD=… cairn users create alice',
        'cairn users create ci-bot --password-env BOT_PW --json',
      ],
      async run(context) {
        const password = passwordFrom(context, ['users', 'create']);
        if (password === undefined)
          throw new UsageError('a password is required', ['users', 'create']);
        const user = await context.client().access.createUser({
          username: context.args['username'] ?? '',
          password,
          isAdmin: context.flag('admin'),
        });
        print(context, user, renderUser(user));
      },
    },
    {
      kind: 'command',
      name: 'disable',
      summary: 'Disable a user: their logins and tokens stop working at once',
      args: [usernameArg],
      options: { enable: { type: 'boolean', description: 'Enable the user again instead' } },
      async run(context) {
        const user = await context
          .client()
          .access.updateUser(context.args['username'] ?? '', { disabled: !context.flag('enable') });
        print(context, user, renderUser(user));
      },
    },
    {
      kind: 'command',
      name: 'set-admin',
      summary: 'Grant or (with --revoke) withdraw admin rights',
      args: [usernameArg],
      options: { revoke: { type: 'boolean', description: 'Withdraw admin rights instead' } },
      async run(context) {
        const user = await context
          .client()
          .access.updateUser(context.args['username'] ?? '', { isAdmin: !context.flag('revoke') });
        print(context, user, renderUser(user));
      },
    },
  ],
};

const userOption = {
  type: 'string' as const,
  valueName: 'username',
  description: 'Another user’s tokens (admins); default: your own',
};

export const tokensGroup: CommandGroup = {
  kind: 'group',
  name: 'tokens',
  summary: 'Create, list and revoke API tokens',
  commands: [
    {
      kind: 'command',
      name: 'create',
      summary: 'Create an API token and print its secret (shown this once only)',
      args: [{ name: 'name', description: 'What the token is for, e.g. ci', required: true }],
      options: {
        scope: {
          type: 'string',
          valueName: 'scope',
          choices: ['read', 'write', 'admin'],
          default: 'write',
          description: 'read: only reads; write: also changes; admin: all of the user’s rights',
        },
        'expires-in-days': {
          type: 'integer',
          valueName: 'days',
          default: 90,
          description: 'Days until the token expires (1-3650)',
        },
        user: userOption,
      },
      examples: [
        'cairn tokens create ci --scope write --expires-in-days 30',
        'cairn tokens create dashboards --scope read --json',
      ],
      async run(context) {
        const issued = await context.client().access.createToken(await targetUser(context), {
          name: context.args['name'] ?? '',
          scope: (context.string('scope') ?? 'write') as TokenScope,
          expiresInDays: context.integer('expires-in-days'),
        });
        print(
          context,
          issued,
          `${issued.secret}\n\nThis is the only time the token is shown. Use it as ` +
            `MLFLOW_TRACKING_TOKEN or CAIRN_TOKEN.\nID ${issued.token.id}, scope ${issued.token.scope}, ` +
            `expires ${formatTime(issued.token.expiresAt)}.\n`,
        );
      },
    },
    {
      kind: 'command',
      name: 'list',
      summary: 'List API tokens (never their secrets)',
      options: { user: userOption },
      async run(context) {
        const tokens = await context.client().access.listTokens(await targetUser(context));
        print(context, tokens, renderTokens(tokens));
      },
    },
    {
      kind: 'command',
      name: 'revoke',
      summary: 'Revoke an API token at once',
      args: [
        { name: 'token-id', description: 'The token id (`cairn tokens list`)', required: true },
      ],
      options: { user: userOption },
      async run(context) {
        const id = context.args['token-id'] ?? '';
        await context.client().access.revokeToken(await targetUser(context), id);
        print(context, { revoked: id }, `Revoked token ${id}.\n`);
      },
    },
  ],
};
