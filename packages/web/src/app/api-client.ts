/**
 * The UI's one way to the server: the SDK, pointed at the page's own origin. Login
 * credentials live in sessionStorage (gone when the tab closes) and go out as HTTP Basic.
 */
import { CairnApiError, createClient } from '@cairn/sdk';
import type { CairnClient } from '@cairn/sdk';

export interface Credentials {
  username: string;
  password: string;
}

const STORAGE_KEY = 'cairn.credentials';

export function loadCredentials(): Credentials | undefined {
  const text = window.sessionStorage.getItem(STORAGE_KEY);
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Credentials>;
    if (typeof value.username === 'string' && typeof value.password === 'string') {
      return { username: value.username, password: value.password };
    }
  } catch {
    // A damaged entry is treated as no login.
  }
  window.sessionStorage.removeItem(STORAGE_KEY);
  return undefined;
}

export function saveCredentials(credentials: Credentials | undefined): void {
  if (credentials === undefined) window.sessionStorage.removeItem(STORAGE_KEY);
  else window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credentials));
}

export function createApiClient(credentials: Credentials | undefined): CairnClient {
  return createClient({
    url: window.location.origin,
    basic: credentials,
    retry: { maxRetries: 1 },
  });
}

/** A readable line for any failure, with the server's error code when there is one. */
export function errorMessage(error: unknown): string {
  if (error instanceof CairnApiError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

/** True for the answers that mean "you may not do this" (as opposed to "it failed"). */
export function isPermissionError(error: unknown): boolean {
  return error instanceof CairnApiError && (error.status === 401 || error.status === 403);
}
