/**
 * A loaded value that follows the server: `useLiveValue(key, loaded, fetch, types, matches)`
 * answers `loaded` until an event of `types` that `matches` arrives, then refetches (at most
 * once a second) and answers the fresh value, without passing through a loading state, so
 * forms on the page keep what the user typed. `key` names what is shown; a new key starts over.
 * The second element refetches on demand (after the user's own change, say).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StoredEvent } from '@cairn/sdk';
import { useEventStream } from './use-event-stream.ts';

const MIN_INTERVAL_MS = 1000;

export function useLiveValue<T>(
  key: string,
  loaded: T | undefined,
  fetch: () => Promise<T>,
  types: readonly string[],
  matches: (event: StoredEvent) => boolean,
): [T | undefined, () => void] {
  const [latest, setLatest] = useState<{ key: string; value: T } | undefined>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastFetch = useRef(0);
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      timer.current = undefined;
    },
    [key],
  );

  const refresh = useCallback(() => {
    if (timer.current !== undefined) return;
    const wait = Math.max(0, lastFetch.current + MIN_INTERVAL_MS - Date.now());
    timer.current = setTimeout(() => {
      timer.current = undefined;
      lastFetch.current = Date.now();
      fetchRef.current().then(
        (value) => setLatest({ key, value }),
        () => undefined,
      );
    }, wait);
  }, [key]);

  useEventStream(
    types,
    (event) => {
      if (matches(event)) refresh();
    },
    loaded !== undefined,
    // The stream starts at the newest event: a change made between the first load and the
    // stream's start would otherwise never show.
    refresh,
  );
  return [latest?.key === key ? latest.value : loaded, refresh];
}
