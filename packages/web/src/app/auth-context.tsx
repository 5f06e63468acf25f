/**
 * Who is using the UI. `/api/v1/me` decides: a 401 shows the login page; otherwise the pages
 * get the client and the user (`useCairn`) to call the API and to disable what they may not do.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { CairnApiError } from '@cairn/sdk';
import type { CairnClient, User } from '@cairn/sdk';
import { createApiClient, errorMessage, loadCredentials, saveCredentials } from './api-client.ts';
import type { Credentials } from './api-client.ts';
import { LoginPage } from '../features/login/login-page.tsx';

export interface CairnSession {
  client: CairnClient;
  me: User;
  /** True when the user logged in here (so signing out means something). */
  signedIn: boolean;
  signOut: () => void;
}

const SessionContext = createContext<CairnSession | undefined>(undefined);

/** The session of the logged-in user; only inside `AuthGate`. */
export function useCairn(): CairnSession {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useCairn is used outside AuthGate.');
  return session;
}

type GateState =
  | { kind: 'loading' }
  | { kind: 'login'; message: string | undefined }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; me: User };

/**
 * The first `/api/v1/me`, sent while the script is still starting (`prefetchSession` in
 * main.tsx) instead of from an effect after React's first paint, which comes ~60 ms later on
 * the benchmark machine; every page waits for this answer before loading its own data.
 */
let prefetched: { client: CairnClient; me: Promise<User> } | undefined;

export function prefetchSession(): void {
  const client = createApiClient(loadCredentials());
  const me = client.access.me();
  // Handled where it is used; this only keeps an early failure from being reported unhandled.
  me.catch(() => undefined);
  prefetched = { client, me };
}

export function AuthGate({ children }: { children: ReactNode }) {
  const [credentials, setCredentials] = useState<Credentials | undefined>(loadCredentials);
  const [state, setState] = useState<GateState>({ kind: 'loading' });
  const client = useMemo(() => prefetched?.client ?? createApiClient(credentials), [credentials]);

  useEffect(() => {
    let live = true;
    setState({ kind: 'loading' });
    const me = prefetched?.client === client ? prefetched.me : client.access.me();
    prefetched = undefined;
    me.then(
      (me) => {
        if (live) setState({ kind: 'ready', me });
      },
      (error: unknown) => {
        if (!live) return;
        if (error instanceof CairnApiError && error.status === 401) {
          if (credentials !== undefined) saveCredentials(undefined);
          setState({
            kind: 'login',
            message: credentials === undefined ? undefined : 'Wrong username or password.',
          });
        } else {
          setState({ kind: 'failed', message: errorMessage(error) });
        }
      },
    );
    return () => {
      live = false;
    };
  }, [client, credentials]);

  const signIn = useCallback((next: Credentials) => {
    saveCredentials(next);
    setCredentials(next);
  }, []);
  const signOut = useCallback(() => {
    saveCredentials(undefined);
    setCredentials(undefined);
  }, []);

  const session = useMemo(
    () =>
      state.kind === 'ready'
        ? { client, me: state.me, signedIn: credentials !== undefined, signOut }
        : undefined,
    [client, credentials, signOut, state],
  );

  if (state.kind === 'loading') {
    return (
      <p className="page-status" role="status" data-testid="auth-loading">
        Loading…
      </p>
    );
  }
  if (state.kind === 'login') return <LoginPage message={state.message} onSubmit={signIn} />;
  if (state.kind === 'failed' || session === undefined) {
    return (
      <p className="error" role="alert" data-testid="auth-error">
        Cannot reach the Cairn server: {state.kind === 'failed' ? state.message : ''}
      </p>
    );
  }
  return <SessionContext value={session}>{children}</SessionContext>;
}
