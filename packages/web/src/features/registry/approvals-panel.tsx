/**
 * Approvals of one model: its protected aliases, a form to request an alias move, and the
 * requests with Approve / Reject / Cancel. The four-eyes rule is shown, not just enforced:
 * the requester's own Approve button is disabled with the reason.
 */
import { useEffect, useRef, useState } from 'react';
import type { ApprovalRequest, ModelVersion, ProtectedAlias } from '@cairn/sdk';
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { formatTime } from '../../app/format.ts';
import { useQueryState } from '../../app/router.tsx';
import { useAsync } from '../../app/use-async.ts';
import type { PermissionView } from '../../app/use-permission.ts';
import { VersionSelect } from '../../app/version-select.tsx';
import { useLiveValue } from '../live/use-live-value.ts';
import { MODEL_PAGE_EVENTS, isAboutModel } from './model-events.ts';

export const FOUR_EYES_REASON = 'You requested this; another user with MANAGE must approve.';

function RequestRow({
  request,
  manageReason,
  onChanged,
}: {
  request: ApprovalRequest;
  /** Why the user may not decide requests (MANAGE), when known. */
  manageReason: string | undefined;
  onChanged: () => void;
}) {
  const { client, me } = useCairn();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const mine = request.requestedBy === me.username;
  const pending = request.state === 'PENDING';
  // The requester's own rule comes first: even with MANAGE they may not decide.
  const decideReason = mine ? FOUR_EYES_REASON : manageReason;
  const noteId = `decide-note-${request.id}`;
  const act = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
      onChanged();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  return (
    <tr data-testid="approval-row" data-request-id={request.id} data-state={request.state}>
      <td>@{request.alias}</td>
      <td>
        v{request.version}
        {request.baseVersion !== null && (
          <span className="muted"> (from v{request.baseVersion})</span>
        )}
      </td>
      <td data-testid="approval-state">{request.state}</td>
      <td>{request.requestedBy}</td>
      <td>{request.justification}</td>
      <td>
        {request.decidedBy !== null && (
          <>
            {request.decidedBy} · {formatTime(request.decidedAt)}
            {request.decisionReason !== null && request.decisionReason !== '' && (
              <> · “{request.decisionReason}”</>
            )}
          </>
        )}
        {request.gateResults !== null && request.gateResults.length > 0 && (
          <ul className="muted">
            {request.gateResults.map((gate) => (
              <li key={`${gate.gate}:${gate.requirement}`}>
                {gate.passed ? '✓' : '✗'} {gate.requirement}
                {gate.observed !== null && ` (observed ${gate.observed})`}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        {pending && (
          <div className="toolbar">
            <label>
              Reason
              <input
                value={reason}
                onChange={(event) => setReason(event.target.value)}
                data-testid="approval-reason"
              />
            </label>
            <button
              type="button"
              disabled={decideReason !== undefined}
              title={decideReason}
              aria-describedby={decideReason === undefined ? undefined : noteId}
              onClick={() =>
                void act(() => client.approvals.approve(request.id, reason || undefined))
              }
              data-testid="approval-approve"
            >
              Approve
            </button>
            <button
              type="button"
              disabled={decideReason !== undefined || reason.trim() === ''}
              title={
                mine
                  ? 'You requested this; cancel it instead.'
                  : (manageReason ??
                    (reason.trim() === '' ? 'Give a reason to reject.' : undefined))
              }
              onClick={() => void act(() => client.approvals.reject(request.id, reason))}
              data-testid="approval-reject"
            >
              Reject
            </button>
            {mine && (
              <button
                type="button"
                onClick={() =>
                  void act(() => client.approvals.cancel(request.id, reason || undefined))
                }
                data-testid="approval-cancel"
              >
                Cancel request
              </button>
            )}
            {mine && (
              <p className="muted" id={noteId} data-testid="four-eyes-note">
                {FOUR_EYES_REASON}
              </p>
            )}
            {!mine && manageReason !== undefined && (
              <p className="muted" id={noteId} data-testid="approval-permission-note">
                {manageReason}
              </p>
            )}
          </div>
        )}
        {error !== undefined && (
          <p className="error" role="alert" data-testid="approval-error">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}

/**
 * `protectedAliases` comes from the model page's own (live) load, so the protected-alias line
 * moves together with the aliases when a request is decided. `?requestAlias=…&requestVersion=…`
 * fills the request form (the "Protected: request approval" links lead here).
 */
export function ApprovalsPanel({
  modelName,
  versions,
  protectedAliases,
  permission,
  onChanged,
}: {
  modelName: string;
  versions: ModelVersion[];
  protectedAliases: readonly ProtectedAlias[];
  /** What the user may do here: requesting needs EDIT, deciding MANAGE. */
  permission: PermissionView;
  onChanged: () => void;
}) {
  const { client } = useCairn();
  const [query, setQuery] = useQueryState();
  const stateFilter = query.get('state') ?? '';
  const listRequests = () =>
    client.approvals.list({
      name: modelName,
      maxResults: 200,
      ...(stateFilter === '' ? {} : { state: stateFilter as ApprovalRequest['state'] }),
    });
  const loadedRequests = useAsync(listRequests, [client, modelName, stateFilter]);
  // Another user's request or decision shows up without a reload.
  const [liveRequests, refreshRequests] = useLiveValue(
    `${modelName}?${stateFilter}`,
    loadedRequests.value,
    listRequests,
    MODEL_PAGE_EVENTS,
    (event) => isAboutModel(event, modelName),
  );
  const requests =
    liveRequests === undefined
      ? loadedRequests
      : { ...loadedRequests, status: 'ready' as const, value: liveRequests };
  const [alias, setAlias] = useState('');
  const [version, setVersion] = useState('');
  const [justification, setJustification] = useState('');
  const [error, setError] = useState<string | undefined>();
  const justificationInput = useRef<HTMLInputElement>(null);
  const editReason = permission.denyReason('EDIT');
  const requestAlias = query.get('requestAlias') ?? '';
  const requestVersion = query.get('requestVersion') ?? '';
  useEffect(() => {
    if (requestAlias === '') return;
    setAlias(requestAlias);
    setVersion(requestVersion);
    // Focusing scrolls the form into view: the user came here to write the justification.
    justificationInput.current?.focus();
  }, [requestAlias, requestVersion]);
  const changed = () => {
    refreshRequests();
    onChanged();
  };
  return (
    <section aria-labelledby="approvals-heading" data-testid="approvals-panel">
      <h2 id="approvals-heading">Approvals</h2>
      <p data-testid="protected-aliases">
        Protected aliases:{' '}
        {protectedAliases.length === 0
          ? 'none'
          : protectedAliases
              .map((a) => `@${a.alias}${a.version === null ? '' : ` → v${a.version}`}`)
              .join(', ')}
      </p>
      <form
        className="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          setError(undefined);
          client.approvals
            .request({ name: modelName, alias, version: Number(version), justification })
            .then(() => {
              setJustification('');
              setQuery({ requestAlias: undefined, requestVersion: undefined }, { replace: true });
              changed();
            })
            .catch((failure: unknown) => setError(errorMessage(failure)));
        }}
        data-testid="approval-request-form"
      >
        <label>
          Alias
          <input
            list="protected-alias-names"
            value={alias}
            onChange={(event) => setAlias(event.target.value)}
            required
            data-testid="approval-alias"
          />
          <datalist id="protected-alias-names">
            {protectedAliases.map((a) => (
              <option key={a.alias} value={a.alias} />
            ))}
          </datalist>
        </label>
        <label>
          Version
          <VersionSelect
            value={version}
            onChange={setVersion}
            versions={versions}
            testId="approval-version"
          />
        </label>
        <label>
          Justification
          <input
            ref={justificationInput}
            value={justification}
            onChange={(event) => setJustification(event.target.value)}
            required
            data-testid="approval-justification"
          />
        </label>
        <button
          type="submit"
          disabled={editReason !== undefined}
          title={editReason}
          aria-describedby={editReason === undefined ? undefined : 'approval-request-denied'}
          data-testid="approval-submit"
        >
          Request alias move
        </button>
        {editReason !== undefined && (
          <span className="muted" id="approval-request-denied" data-testid="approval-submit-reason">
            {editReason}
          </span>
        )}
      </form>
      {error !== undefined && (
        <p className="error" role="alert" data-testid="approval-request-error">
          {error}
        </p>
      )}
      <label>
        State
        <select
          value={stateFilter}
          onChange={(event) => setQuery({ state: event.target.value }, { replace: true })}
          data-testid="approval-state-filter"
        >
          <option value="">All</option>
          {['PENDING', 'APPROVED', 'REJECTED', 'CANCELLED', 'STALE'].map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      {requests.status === 'loading' && <p role="status">Loading requests…</p>}
      {requests.status === 'failed' && (
        <p className="error" role="alert">
          {errorMessage(requests.error)}
        </p>
      )}
      {requests.status === 'ready' && requests.value.items.length === 0 && (
        <p className="muted" data-testid="approvals-empty">
          No approval requests{stateFilter === '' ? '' : ` in state ${stateFilter}`}.
        </p>
      )}
      {requests.status === 'ready' && requests.value.items.length > 0 && (
        <table className="data" data-testid="approvals-table">
          <thead>
            <tr>
              <th scope="col">Alias</th>
              <th scope="col">Version</th>
              <th scope="col">State</th>
              <th scope="col">Requested by</th>
              <th scope="col">Justification</th>
              <th scope="col">Decision</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {requests.value.items.map((request) => (
              <RequestRow
                key={`${request.id}:${request.state}`}
                request={request}
                manageReason={permission.denyReason('MANAGE')}
                onChanged={changed}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
