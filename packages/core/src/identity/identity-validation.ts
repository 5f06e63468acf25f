/** Input rules for users and tokens, shared by every entry point. */
import { invalidArgument } from '../kernel/index.ts';
import { TOKEN_SCOPES } from './entities.ts';
import type { TokenScope } from './entities.ts';

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
/** The single-user actor; a real user by that name would be indistinguishable in events. */
const RESERVED_USERNAMES = new Set(['local']);

export const PASSWORD_MIN_LENGTH = 8;
const PASSWORD_MAX_LENGTH = 256;
const TOKEN_NAME_MAX_LENGTH = 100;
export const DEFAULT_TOKEN_DAYS = 90;
const MAX_TOKEN_DAYS = 3650;

export function checkUsername(username: string): void {
  if (!USERNAME.test(username) || RESERVED_USERNAMES.has(username.toLowerCase())) {
    throw invalidArgument(
      'identity.invalid_username',
      'A username has 1-64 characters (letters, digits, ".", "_", "@", "-"), starts with a ' +
        'letter or digit, and is not "local".',
      { details: { field: 'username' } },
    );
  }
}

export function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw invalidArgument(
      'identity.invalid_password',
      `A password has ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.`,
      { details: { field: 'password' } },
    );
  }
}

export function checkTokenName(name: string): void {
  if (name.trim() === '' || name.length > TOKEN_NAME_MAX_LENGTH || /[\u0000-\u001f]/.test(name)) {
    throw invalidArgument(
      'identity.invalid_token_name',
      `A token name has 1 to ${TOKEN_NAME_MAX_LENGTH} printable characters.`,
      { details: { field: 'name' } },
    );
  }
}

export function checkTokenScope(scope: string): TokenScope {
  const found = TOKEN_SCOPES.find((s) => s === scope);
  if (found === undefined) {
    throw invalidArgument(
      'identity.invalid_token_scope',
      `A token scope is read, write or admin.`,
      {
        details: { field: 'scope' },
      },
    );
  }
  return found;
}

export function checkTokenDays(days: number): void {
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
    throw invalidArgument(
      'identity.invalid_token_expiry',
      `A token expires after 1 to ${MAX_TOKEN_DAYS} days.`,
      { details: { field: 'expiresInDays' } },
    );
  }
}
