/**
 * Aliases with their controls: move or delete an ordinary alias, set a new one. A protected
 * alias changes only through an approved request, so it offers no direct move: it links to
 * the approvals panel with the request form filled in instead.
 */
import { useState } from 'react';
import type { ProtectedAlias } from '@cairn/sdk';
import { ActionButton } from '../../app/action-button.tsx';
import { useCairn } from '../../app/auth-context.tsx';
import { withQuery } from '../../app/route-match.ts';
import { Link } from '../../app/router.tsx';
import { VersionSelect } from '../../app/version-select.tsx';
import { modelPath, versionPath } from './models-page.tsx';

const PROTECTED_LABEL = 'Protected: request approval';

/** The model page with the approval request form prefilled for `alias` (and `version`). */
function approvalRequestPath(name: string, alias: string, version?: number): string {
  return `${modelPath(name)}${withQuery('', {
    requestAlias: alias,
    requestVersion: version === undefined ? undefined : String(version),
  })}`;
}

function RequestApprovalLink(props: { name: string; alias: string; version?: number }) {
  return (
    <Link
      to={approvalRequestPath(props.name, props.alias, props.version)}
      data-testid="alias-request-approval"
    >
      {PROTECTED_LABEL}
    </Link>
  );
}

interface AliasControlsProps {
  name: string;
  aliases: readonly { alias: string; version: number }[];
  versions: readonly { version: number }[];
  protectedAliases: readonly ProtectedAlias[];
  /** Why the user may not change aliases (EDIT), when known. */
  denyReason: string | undefined;
  onChanged: () => void;
}

function AliasRow(props: AliasControlsProps & { alias: string; version: number }) {
  const { client } = useCairn();
  const [target, setTarget] = useState('');
  const isProtected = props.protectedAliases.some((p) => p.alias === props.alias);
  return (
    <tr data-testid="alias-row" data-alias={props.alias}>
      <td>
        <Link to={versionPath(props.name, props.version)}>
          @{props.alias} → v{props.version}
        </Link>
      </td>
      <td>
        {isProtected ? (
          <RequestApprovalLink name={props.name} alias={props.alias} />
        ) : (
          <span className="registry-controls">
            <label>
              Move to
              <VersionSelect
                value={target}
                onChange={setTarget}
                versions={props.versions.filter((v) => v.version !== props.version)}
                testId="alias-move-version"
              />
            </label>
            <ActionButton
              action={async () => {
                if (target === '') throw new Error('Pick the version to move it to.');
                await client.registry.setAlias(props.name, props.alias, Number(target));
                setTarget('');
                props.onChanged();
              }}
              disabledReason={props.denyReason}
              testId="alias-move"
            >
              Move
            </ActionButton>
            <ActionButton
              action={async () => {
                await client.registry.deleteAlias(props.name, props.alias);
                props.onChanged();
              }}
              confirm={`Delete the alias @${props.alias}?`}
              disabledReason={props.denyReason}
              testId="alias-delete"
            >
              Delete
            </ActionButton>
          </span>
        )}
      </td>
    </tr>
  );
}

/** A version's own aliases: Delete for an ordinary one, the approval link for a protected one. */
export function VersionAliasList(props: {
  name: string;
  aliases: readonly string[];
  protectedAliases: readonly ProtectedAlias[];
  denyReason: string | undefined;
  onChanged: () => void;
}) {
  const { client } = useCairn();
  if (props.aliases.length === 0) return <p data-testid="version-aliases">—</p>;
  return (
    <ul className="plain-list" data-testid="version-aliases">
      {props.aliases.map((alias) => (
        <li key={alias} data-testid="alias-row" data-alias={alias}>
          @{alias}{' '}
          {props.protectedAliases.some((p) => p.alias === alias) ? (
            <RequestApprovalLink name={props.name} alias={alias} />
          ) : (
            <ActionButton
              action={async () => {
                await client.registry.deleteAlias(props.name, alias);
                props.onChanged();
              }}
              confirm={`Delete the alias @${alias}?`}
              disabledReason={props.denyReason}
              testId="alias-delete"
            >
              Delete
            </ActionButton>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * A form to point an alias at a version: any version on the model page, `fixedVersion` on a
 * version's page. Typing a protected alias swaps the button for the approval link.
 */
export function SetAliasForm(
  props: Omit<AliasControlsProps, 'aliases'> & { fixedVersion?: number },
) {
  const { client } = useCairn();
  const [alias, setAlias] = useState('');
  const [version, setVersion] = useState('');
  const typed = alias.trim();
  const isProtected = props.protectedAliases.some((p) => p.alias === typed);
  const target = props.fixedVersion ?? (version === '' ? undefined : Number(version));
  return (
    <div className="registry-controls" data-testid="alias-set-form">
      <label>
        {props.fixedVersion === undefined ? 'Set alias' : 'Point an alias here'}
        <input
          value={alias}
          onChange={(event) => setAlias(event.target.value)}
          placeholder="alias name"
          data-testid="alias-new-name"
        />
      </label>
      {props.fixedVersion === undefined && (
        <label>
          Version
          <VersionSelect
            value={version}
            onChange={setVersion}
            versions={props.versions}
            testId="alias-new-version"
          />
        </label>
      )}
      {isProtected ? (
        <RequestApprovalLink name={props.name} alias={typed} version={target} />
      ) : (
        <ActionButton
          action={async () => {
            if (typed === '') throw new Error('Name the alias.');
            if (target === undefined) throw new Error('Pick the version it should point to.');
            await client.registry.setAlias(props.name, typed, target);
            setAlias('');
            setVersion('');
            props.onChanged();
          }}
          disabledReason={props.denyReason}
          testId="alias-set"
        >
          Set alias
        </ActionButton>
      )}
    </div>
  );
}

/** The model's aliases, one row each with its controls, and the form to set another. */
export function AliasControls(props: AliasControlsProps) {
  return (
    <section aria-labelledby="aliases-heading" data-testid="alias-controls">
      <h2 id="aliases-heading">Aliases</h2>
      <div data-testid="model-aliases">
        {props.aliases.length === 0 ? (
          <p className="muted">No aliases yet.</p>
        ) : (
          <table className="data alias-table">
            <thead>
              <tr>
                <th scope="col">Alias</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {props.aliases.map((a) => (
                <AliasRow key={a.alias} {...props} alias={a.alias} version={a.version} />
              ))}
            </tbody>
          </table>
        )}
      </div>
      <SetAliasForm {...props} />
    </section>
  );
}
