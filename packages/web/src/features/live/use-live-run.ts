/**
 * A run that stays current: `useLiveRun(runId, loaded)` answers the loaded run until the
 * server reports that this run logged something (or changed status), then the freshly
 * fetched run, so the run page's latest metrics, params and status follow a running job.
 */
import type { Run } from '@cairn/sdk';
import { useCairn } from '../../app/auth-context.tsx';
import { useLiveValue } from './use-live-value.ts';

/** Event types after which a run's metrics, params, tags or status may differ. */
export const RUN_CHANGE_EVENTS = ['tracking.batch.logged', 'tracking.run.updated'] as const;

export function useLiveRun(runId: string, loaded: Run | undefined): Run | undefined {
  const { client } = useCairn();
  const [run] = useLiveValue(
    runId,
    loaded,
    () => client.runs.get(runId),
    RUN_CHANGE_EVENTS,
    (event) => event.entityId === runId,
  );
  return run;
}
