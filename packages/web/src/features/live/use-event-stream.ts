/**
 * Live events in a component: `useEventStream(types, onEvent)` keeps one server-sent-event
 * stream open (through the SDK, which sends the login) while mounted and calls `onEvent`
 * for each event of those types the user may read. Reconnects after a dropped connection.
 * `onOpen` runs when a connection is accepted: the stream starts at the newest event, so
 * what was loaded before then may already be stale.
 */
import { useEffect, useRef } from 'react';
import type { StoredEvent } from '@cairn/sdk';
import { useCairn } from '../../app/auth-context.tsx';

export function useEventStream(
  types: readonly string[],
  onEvent: (event: StoredEvent) => void,
  enabled = true,
  onOpen?: () => void,
): void {
  const { client } = useCairn();
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const opened = useRef(onOpen);
  opened.current = onOpen;
  const typeKey = types.join(',');
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    void (async () => {
      try {
        for await (const event of client.events.stream({
          types: typeKey === '' ? undefined : typeKey.split(','),
          signal: controller.signal,
          onOpen: () => opened.current?.(),
        })) {
          handler.current(event);
        }
      } catch {
        // Refused (e.g. logged out): live updates stop; the page still works without them.
      }
    })();
    return () => controller.abort();
  }, [client, typeKey, enabled]);
}
