/**
 * One run: header facts, then tabs (overview, charts, artifacts, lineage). The tab and the
 * previewed artifact are in the URL (`tab=`, `artifact=`) so a view can be linked.
 */
import type { KeyboardEvent } from 'react';
import type { CairnClient } from '@cairn/sdk';
import { ActionButton } from '../../app/action-button.tsx';
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { formatDuration, formatTime } from '../../app/format.ts';
import { Link, useQueryState } from '../../app/router.tsx';
import { useAsync } from '../../app/use-async.ts';
import { usePermission } from '../../app/use-permission.ts';
import { CommentsSection } from '../audit/comments-section.tsx';
import { RunCharts } from '../charts/run-charts.tsx';
import { useLiveRun } from '../live/use-live-run.ts';
import { ArtifactBrowser } from './artifact-browser.tsx';
import { RunLineage } from './run-lineage.tsx';
import { RunOverview } from './run-overview.tsx';

const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'charts', label: 'Charts' },
  { id: 'artifacts', label: 'Artifacts' },
  { id: 'lineage', label: 'Lineage' },
] as const;

type TabId = (typeof TABS)[number]['id'];

function isTab(value: string | null): value is TabId {
  return TABS.some((tab) => tab.id === value);
}

export function RunDetailPage({ runId }: { runId: string }) {
  const { client, me } = useCairn();
  const [query, setQuery] = useQueryState();
  const run = useAsync(() => client.runs.get(runId), [client, runId]);
  // Metrics, params and status follow the run live while it logs (server-sent events).
  const current = useLiveRun(runId, run.value);
  const experimentId = run.value?.info.experimentId;
  const target = experimentId === undefined ? undefined : { experimentId };
  const permission = usePermission(target);
  // Deleting or restoring a run needs MANAGE on its experiment (as in MLflow).
  const manageReason = me.disabled ? 'Your account is disabled.' : permission.denyReason('MANAGE');
  const requested = query.get('tab');
  const tab: TabId = isTab(requested) ? requested : 'overview';
  const artifact = query.get('artifact') ?? undefined;

  // Arrow keys move between tabs, as the WAI-ARIA tabs pattern expects.
  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = TABS.findIndex((t) => t.id === tab);
    const step = event.key === 'ArrowRight' ? 1 : TABS.length - 1;
    const next = TABS[(index + step) % TABS.length];
    if (next === undefined) return;
    setQuery({ tab: next.id === 'overview' ? undefined : next.id }, { replace: true });
    document.getElementById(`run-tab-${next.id}`)?.focus();
  };

  if (run.status === 'loading') return <p role="status">Loading run…</p>;
  if (run.status === 'failed') {
    return (
      <section>
        <h1>Run {runId}</h1>
        <p className="error" role="alert" data-testid="run-error">
          {errorMessage(run.error)}
        </p>
      </section>
    );
  }
  const { info } = run.value;
  return (
    <section>
      <p>
        <Link to={`/experiments/${encodeURIComponent(info.experimentId)}`}>
          ← <ExperimentName client={client} experimentId={info.experimentId} />
        </Link>
      </p>
      <h1 data-testid="run-title">{info.runName === '' ? info.runId : info.runName}</h1>
      <p>
        {info.lifecycleStage === 'active' ? (
          <ActionButton
            action={async () => {
              await client.runs.delete(runId);
              run.reload();
            }}
            confirm={`Delete run ${info.runName === '' ? info.runId : info.runName}?`}
            disabledReason={manageReason}
            testId="run-delete"
          >
            Delete run
          </ActionButton>
        ) : (
          <ActionButton
            action={async () => {
              await client.runs.restore(runId);
              run.reload();
            }}
            disabledReason={manageReason}
            testId="run-restore"
          >
            Restore run (deleted)
          </ActionButton>
        )}
      </p>
      <dl className="toolbar summary" data-testid="run-summary">
        <div>
          <dt className="muted">Run ID</dt>
          <dd className="mono">{info.runId}</dd>
        </div>
        <div>
          <dt className="muted">Status</dt>
          <dd className={`status-${info.status}`}>{info.status}</dd>
        </div>
        <div>
          <dt className="muted">Started</dt>
          <dd>{formatTime(info.startTime)}</dd>
        </div>
        <div>
          <dt className="muted">Duration</dt>
          <dd>
            {info.startTime !== null && info.endTime !== null
              ? formatDuration(info.endTime - info.startTime)
              : '—'}
          </dd>
        </div>
        <div>
          <dt className="muted">User</dt>
          <dd>{info.userId}</dd>
        </div>
      </dl>
      <div className="tabs" role="tablist" aria-label="Run views" onKeyDown={onTabKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`run-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls="run-tab-panel"
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setQuery({ tab: t.id === 'overview' ? undefined : t.id })}
            data-testid={`run-tab-${t.id}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id="run-tab-panel" role="tabpanel" aria-labelledby={`run-tab-${tab}`}>
        {tab === 'overview' && <RunOverview run={current ?? run.value} />}
        {tab === 'charts' && <RunCharts runId={runId} run={run.value} />}
        {tab === 'artifacts' && (
          <ArtifactBrowser
            runId={runId}
            selected={artifact}
            onSelect={(path) => setQuery({ artifact: path }, { replace: true })}
          />
        )}
        {tab === 'lineage' && <RunLineage runId={runId} />}
      </div>
      <CommentsSection subject={{ runId }} permissionTarget={target} />
    </section>
  );
}

/** The experiment's name once loaded ("Experiment <id>" until then, or when it cannot be read). */
function ExperimentName({ client, experimentId }: { client: CairnClient; experimentId: string }) {
  const experiment = useAsync(() => client.experiments.get(experimentId), [client, experimentId]);
  return (
    <>{experiment.status === 'ready' ? experiment.value.name : `Experiment ${experimentId}`}</>
  );
}
