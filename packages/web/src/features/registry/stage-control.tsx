/**
 * Moves a version between MLflow's legacy stages. "Archive the versions now in it" exists only
 * for Staging and Production, as on the server, so the box is off for the other two.
 */
import { useState } from 'react';
import type { ModelVersion } from '@cairn/sdk';
import { ActionButton } from '../../app/action-button.tsx';
import { useCairn } from '../../app/auth-context.tsx';
import { VersionSelect } from '../../app/version-select.tsx';

type Stage = ModelVersion['currentStage'];

export const STAGES: readonly Stage[] = ['None', 'Staging', 'Production', 'Archived'];
const ACTIVE_STAGES: readonly Stage[] = ['Staging', 'Production'];

export function StageControl(props: {
  name: string;
  /** The version page's version; without it, the user picks one of `versions`. */
  version?: ModelVersion;
  versions?: readonly ModelVersion[];
  /** Why the user may not change stages (EDIT), when known. */
  denyReason: string | undefined;
  onChanged: () => void;
}) {
  const { client } = useCairn();
  const [picked, setPicked] = useState('');
  const [stage, setStage] = useState<Stage | ''>('');
  const [archive, setArchive] = useState(false);
  const version = props.version ?? props.versions?.find((v) => String(v.version) === picked);
  const canArchive = stage !== '' && ACTIVE_STAGES.includes(stage);
  return (
    <div className="registry-controls" data-testid="stage-control">
      {props.version === undefined && (
        <label>
          Version
          <VersionSelect
            value={picked}
            onChange={setPicked}
            versions={props.versions ?? []}
            testId="stage-version"
          />
        </label>
      )}
      <label>
        Move to stage
        <select
          value={stage}
          onChange={(event) => setStage(event.target.value as Stage | '')}
          data-testid="stage-target"
        >
          <option value="">—</option>
          {STAGES.filter((s) => s !== version?.currentStage).map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label title={canArchive ? undefined : 'Only for Staging and Production.'}>
        <span>
          <input
            type="checkbox"
            checked={canArchive && archive}
            disabled={!canArchive}
            onChange={(event) => setArchive(event.target.checked)}
            data-testid="stage-archive"
          />{' '}
          Archive the versions now in {canArchive ? stage : 'it'}
        </span>
      </label>
      <ActionButton
        action={async () => {
          if (version === undefined) throw new Error('Pick a version.');
          if (stage === '') throw new Error('Pick the stage to move it to.');
          await client.registry.transitionStage(
            props.name,
            version.version,
            stage,
            canArchive && archive,
          );
          setStage('');
          setArchive(false);
          props.onChanged();
        }}
        disabledReason={props.denyReason}
        testId="stage-transition"
      >
        Transition
      </ActionButton>
    </div>
  );
}
