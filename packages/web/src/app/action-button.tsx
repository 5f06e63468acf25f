/**
 * A button for something the user may not be allowed to do. A known reason (`disabledReason`)
 * disables it up front; otherwise a 401/403 from the server disables it with the server's
 * reason, since asking the server is the only complete answer to "may I". Other failures are
 * shown beside it and leave it enabled for a retry.
 */
import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { errorMessage, isPermissionError } from './api-client.ts';

export interface ActionButtonProps {
  action: () => Promise<void>;
  children: ReactNode;
  disabledReason?: string | undefined;
  /** Asked with `window.confirm` before acting (destructive actions). */
  confirm?: string | undefined;
  className?: string | undefined;
  testId?: string | undefined;
}

export function ActionButton(props: ActionButtonProps) {
  const reasonId = useId();
  const [busy, setBusy] = useState(false);
  const [denied, setDenied] = useState<string | undefined>(undefined);
  const [failed, setFailed] = useState<string | undefined>(undefined);
  const reason = props.disabledReason ?? denied;

  const run = () => {
    if (props.confirm !== undefined && !window.confirm(props.confirm)) return;
    setBusy(true);
    setFailed(undefined);
    props.action().then(
      () => setBusy(false),
      (error: unknown) => {
        setBusy(false);
        if (isPermissionError(error)) setDenied(`Not allowed: ${errorMessage(error)}`);
        else setFailed(errorMessage(error));
      },
    );
  };

  return (
    <span className="action">
      <button
        type="button"
        className={props.className}
        disabled={busy || reason !== undefined}
        aria-describedby={reason === undefined && failed === undefined ? undefined : reasonId}
        title={reason}
        onClick={run}
        data-testid={props.testId}
      >
        {props.children}
      </button>
      {(reason ?? failed) !== undefined && (
        <span
          id={reasonId}
          className={reason === undefined ? 'error' : 'muted'}
          role={reason === undefined ? 'alert' : undefined}
          data-testid={props.testId === undefined ? undefined : `${props.testId}-reason`}
        >
          {' '}
          {reason ?? failed}
        </span>
      )}
    </span>
  );
}
