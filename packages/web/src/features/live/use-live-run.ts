/**
 * A run that stays current: `useLiveRun(runId, loaded)` answers the loaded run until the
 * server reports that this run logged something (or changed status), then the freshly
 * fetched run. Fetches are spaced at least a second apart however fast the run logs.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Run } from '@cairn/sdk';
import { useCairn } from '../../app/auth-context.tsx';
import { useEventStream } from './use-event-stream.ts';

/** Event types after which a run's metrics, params, tags or status may differ. */
export const RUN_CHANGE_EVENTS = ['tracking.batch.logged', 'tracking.run.updated'] as const;

const MIN_INTERVAL_MS = 1000;

export function useLiveRun(runId: string, loaded: Run | undefined): Run | undefined {
  const { client } = useCairn();
  const [latest, setLatest] = useState<{ runId: string; run: Run } | undefined>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastFetch = useRef(0);

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      timer.current = undefined;
    },
    [runId],
  );

  const refresh = useCallback(() => {
    if (timer.current !== undefined) return;
    const wait = Math.max(0, lastFetch.current + MIN_INTERVAL_MS - Date.now());
    timer.current = setTimeout(() => {
      timer.current = undefined;
      lastFetch.current = Date.now();
      client.runs.get(runId).then(
        (run) => setLatest({ runId, run }),
        () => undefined,
      );
    }, wait);
  }, [client, runId]);

  useEventStream(
    RUN_CHANGE_EVENTS,
    (event) => {
      if (event.entityId === runId) refresh();
    },
    loaded !== undefined,
  );
  return latest?.runId === runId ? latest.run : loaded;
}
