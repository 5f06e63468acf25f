/**
 * `/audit`: the tamper-evident audit log, newest first (or oldest first), filtered by actor,
 * entity, event type and time range, in pages — all in the URL, so a view can be shared —
 * with the verification status of the whole log (admins may run it).
 */
import { useState } from 'react';
import type { AuditVerification } from '@cairn/sdk';
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { formatTime } from '../../app/format.ts';
import { useQueryState } from '../../app/router.tsx';
import { useAsync } from '../../app/use-async.ts';
import {
  AUDIT_FILTERS,
  AUDIT_FILTER_KEYS,
  AUDIT_TIME_FILTERS,
  auditQueryFromUrl,
} from './audit-query.ts';

const PAGE_SIZE = 50;

function VerificationStatus() {
  const { client, me } = useCairn();
  const [result, setResult] = useState<AuditVerification | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const checkpoint = useAsync(() => client.audit.latestCheckpoint(), [client]);
  const verify = () => {
    setBusy(true);
    setError(undefined);
    client.audit
      .verify()
      .then(setResult, (failure: unknown) => setError(errorMessage(failure)))
      .finally(() => {
        setBusy(false);
        // The server signs checkpoints as the log grows; show the one just verified against.
        checkpoint.reload();
      });
  };
  return (
    <section aria-labelledby="verify-heading" data-testid="audit-verification">
      <h2 id="verify-heading">Verification</h2>
      <p className="muted" data-testid="audit-checkpoint">
        {checkpoint.status === 'ready'
          ? `Latest signed checkpoint: ${checkpoint.value.treeSize} entries, ${formatTime(checkpoint.value.time)}, key ${checkpoint.value.keyId}`
          : checkpoint.status === 'failed'
            ? `No checkpoint: ${errorMessage(checkpoint.error)}`
            : 'Loading the latest checkpoint…'}
      </p>
      <button
        type="button"
        onClick={verify}
        disabled={!me.isAdmin || busy}
        title={me.isAdmin ? undefined : 'Only an admin may verify the whole log.'}
        data-testid="audit-verify"
      >
        {busy ? 'Verifying…' : 'Verify the log'}
      </button>
      {!me.isAdmin && <p className="muted">Only an admin may verify the whole log.</p>}
      {result !== undefined && (
        <p
          role="status"
          className={result.ok ? 'ok' : 'error'}
          data-testid="audit-verify-result"
          data-ok={String(result.ok)}
        >
          {result.ok
            ? `Verified: ${result.checkedEntries} entries, consistent with the checkpoint of ${result.checkpointSize}.`
            : `Verification failed${result.firstBadSeq === undefined ? '' : ` at entry ${result.firstBadSeq}`}: ${result.message ?? result.reason ?? ''}`}
        </p>
      )}
      {error !== undefined && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** The filter form; keyed by the URL's filters, so Back and Forward refill it. */
function AuditFilterForm({
  initial,
  apply,
}: {
  initial: Record<string, string>;
  apply: (filters: Record<string, string>) => void;
}) {
  const [draft, setDraft] = useState(initial);
  const field = (key: string, label: string, type: 'text' | 'datetime-local') => (
    <label key={key}>
      {label}
      <input
        type={type}
        step={type === 'text' ? undefined : 1}
        value={draft[key] ?? ''}
        onChange={(event) => setDraft({ ...draft, [key]: event.target.value })}
        data-testid={`audit-filter-${key}`}
      />
    </label>
  );
  return (
    <form
      className="toolbar"
      role="search"
      aria-label="Filter the audit log"
      onSubmit={(event) => {
        event.preventDefault();
        apply(draft);
      }}
    >
      {AUDIT_FILTERS.map(({ key, label }) => field(key, label, 'text'))}
      {AUDIT_TIME_FILTERS.map(({ key, label }) => field(key, label, 'datetime-local'))}
      <button type="submit" data-testid="audit-filter-apply">
        Filter
      </button>
      <button
        type="button"
        onClick={() => apply(Object.fromEntries(AUDIT_FILTER_KEYS.map((key) => [key, ''])))}
        data-testid="audit-filter-clear"
      >
        Clear
      </button>
    </form>
  );
}

export function AuditPage() {
  const { client } = useCairn();
  const [query, setQuery] = useQueryState();
  const request = auditQueryFromUrl(query, PAGE_SIZE);
  const requestKey = JSON.stringify(request);
  const log = useAsync(
    () =>
      request.ok ? client.audit.log(request.query) : Promise.reject(new Error(request.message)),
    [client, requestKey],
  );
  const filters = Object.fromEntries(AUDIT_FILTER_KEYS.map((key) => [key, query.get(key) ?? '']));
  const oldestFirst = query.get('order') === 'asc';
  const pageToken = query.get('page') ?? undefined;
  // Tokens of the pages before this one, so "Previous" works without the server's help.
  const history = (query.get('prev') ?? '').split(',').filter((t) => t !== '');
  // A new filter or order starts again at its first page.
  const restart = { page: undefined, prev: undefined };
  return (
    <section data-testid="audit-page">
      <h1>Audit log</h1>
      <VerificationStatus />
      <AuditFilterForm
        key={JSON.stringify(filters)}
        initial={filters}
        apply={(next) => setQuery({ ...next, ...restart })}
      />
      <div className="toolbar" style={{ alignItems: 'center' }}>
        <label style={{ flexDirection: 'row', alignItems: 'center', gap: '0.35rem' }}>
          <input
            type="checkbox"
            checked={oldestFirst}
            onChange={(event) =>
              setQuery({ order: event.target.checked ? 'asc' : undefined, ...restart })
            }
            data-testid="audit-order"
          />
          Oldest first
        </label>
        <span className="muted" data-testid="audit-order-label">
          {oldestFirst ? 'Oldest entries first.' : 'Newest entries first.'}
        </span>
      </div>
      {log.status === 'loading' && <p role="status">Loading the audit log…</p>}
      {log.status === 'failed' && (
        <p className="error" role="alert" data-testid="audit-error">
          {errorMessage(log.error)}
        </p>
      )}
      {log.status === 'ready' && (
        <>
          <table className="data" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">Seq</th>
                <th scope="col">Time (UTC)</th>
                <th scope="col">Actor</th>
                <th scope="col">Event</th>
                <th scope="col">Entity</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {log.value.items.map((event) => (
                <tr
                  key={event.seq}
                  data-testid="audit-row"
                  data-seq={event.seq}
                  data-actor={event.actor}
                  data-type={event.type}
                >
                  <td className="mono">{event.seq}</td>
                  <td>{formatTime(event.time)}</td>
                  <td>{event.actor}</td>
                  <td className="mono">{event.type}</td>
                  <td className="mono">
                    {event.entityType}:{event.entityId}
                  </td>
                  <td className="mono">{JSON.stringify(event.payload)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {log.value.items.length === 0 && <p className="muted">No entries.</p>}
          <nav className="toolbar" aria-label="Audit log pages">
            <button
              type="button"
              disabled={pageToken === undefined}
              onClick={() => {
                const previous = history.slice(0, -1);
                setQuery({
                  page: history[history.length - 1],
                  prev: previous.length === 0 ? undefined : previous.join(','),
                });
              }}
              data-testid="audit-prev"
            >
              Previous
            </button>
            <span className="muted" data-testid="audit-page-number">
              Page {history.length + (pageToken === undefined ? 1 : 2)}
            </span>
            <button
              type="button"
              disabled={log.value.nextPageToken === undefined}
              onClick={() =>
                setQuery({
                  page: log.value.nextPageToken,
                  prev: [...history, pageToken ?? ''].join(','),
                })
              }
              data-testid="audit-next"
            >
              Next
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
