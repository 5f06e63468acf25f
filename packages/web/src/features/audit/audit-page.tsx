/**
 * `/audit`: the tamper-evident audit log, newest page first, filtered by actor, entity and
 * type (all in the URL), with the verification status of the whole log (admins may run it).
 */
import { useState } from 'react';
import type { AuditLogQuery, AuditVerification } from '@cairn/sdk';
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { formatTime } from '../../app/format.ts';
import { useQueryState } from '../../app/router.tsx';
import { useAsync } from '../../app/use-async.ts';

const FILTERS = [
  { key: 'actor', label: 'Actor' },
  { key: 'entityType', label: 'Entity type' },
  { key: 'entityId', label: 'Entity id' },
  { key: 'type', label: 'Event type' },
] as const;

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
      .finally(() => setBusy(false));
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

export function AuditPage() {
  const { client } = useCairn();
  const [query, setQuery] = useQueryState();
  const filters: AuditLogQuery = { maxResults: PAGE_SIZE };
  for (const { key } of FILTERS) {
    const value = query.get(key);
    if (value !== null && value !== '') filters[key] = value;
  }
  const pageToken = query.get('page') ?? undefined;
  if (pageToken !== undefined) filters.pageToken = pageToken;
  const filterKey = JSON.stringify(filters);
  const log = useAsync(() => client.audit.log(filters), [client, filterKey]);
  const [draft, setDraft] = useState<Record<string, string>>(() =>
    Object.fromEntries(FILTERS.map(({ key }) => [key, query.get(key) ?? ''])),
  );
  // Tokens of the pages before this one, so "Previous" works without the server's help.
  const history = (query.get('prev') ?? '').split(',').filter((t) => t !== '');
  return (
    <section data-testid="audit-page">
      <h1>Audit log</h1>
      <VerificationStatus />
      <form
        className="toolbar"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery({ ...draft, page: undefined, prev: undefined });
        }}
      >
        {FILTERS.map(({ key, label }) => (
          <label key={key}>
            {label}
            <input
              value={draft[key] ?? ''}
              onChange={(event) => setDraft({ ...draft, [key]: event.target.value })}
              data-testid={`audit-filter-${key}`}
            />
          </label>
        ))}
        <button type="submit" data-testid="audit-filter-apply">
          Filter
        </button>
      </form>
      {log.status === 'loading' && <p role="status">Loading the audit log…</p>}
      {log.status === 'failed' && (
        <p className="error" role="alert">
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
                <tr key={event.seq} data-testid="audit-row" data-type={event.type}>
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
          <div className="toolbar">
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
          </div>
        </>
      )}
    </section>
  );
}
