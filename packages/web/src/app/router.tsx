/**
 * A small router on the History API: `navigate`, `useLocation`, `Link`, and `useQueryState`
 * for pages that keep their state in the query string.
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { AnchorHTMLAttributes, MouseEvent, ReactNode } from 'react';
import { withQuery } from './route-match.ts';

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

/** Goes to `to` (path and query); `replace` for state tweaks that should not add history. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (options.replace === true) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

export interface AppLocation {
  pathname: string;
  search: string;
}

const snapshot = () => window.location.pathname + window.location.search;

export function useLocation(): AppLocation {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { pathname: url.pathname, search: url.search };
}

/** The current query and a setter that merges updates (undefined/'' removes a key). */
export function useQueryState(): [
  URLSearchParams,
  (updates: Record<string, string | undefined>, options?: { replace?: boolean }) => void,
] {
  const { pathname, search } = useLocation();
  const update = useCallback(
    (updates: Record<string, string | undefined>, options: { replace?: boolean } = {}) => {
      navigate(pathname + withQuery(window.location.search, updates), options);
    },
    [pathname],
  );
  return [new URLSearchParams(search), update];
}

export interface LinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  to: string;
  children: ReactNode;
}

/** An ordinary link (so middle-click and copy work) that navigates in-app on a plain click. */
export function Link({ to, children, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
