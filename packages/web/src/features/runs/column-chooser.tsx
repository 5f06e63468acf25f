import type { ColumnGroup } from './runs-url-state.ts';

const GROUPS: readonly { group: ColumnGroup; label: string }[] = [
  { group: 'metrics', label: 'Metrics' },
  { group: 'params', label: 'Parameters' },
  { group: 'tags', label: 'Tags' },
];

export interface ColumnChooserProps {
  keys: Record<ColumnGroup, string[]>;
  chosen: readonly string[];
  onChange: (columns: string[]) => void;
}

/** Checkboxes for every param, metric and tag key of the loaded runs. */
export function ColumnChooser({ keys, chosen, onChange }: ColumnChooserProps) {
  const toggle = (id: string) =>
    onChange(chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id]);
  return (
    <div className="column-chooser" id="column-chooser" data-testid="column-chooser">
      {GROUPS.map(({ group, label }) => (
        <fieldset key={group}>
          <legend>{label}</legend>
          {keys[group].length === 0 && <p className="muted">None in the loaded runs.</p>}
          {keys[group].map((key) => {
            const id = `${group}.${key}`;
            return (
              <label key={id}>
                <input
                  type="checkbox"
                  checked={chosen.includes(id)}
                  onChange={() => toggle(id)}
                  data-testid={`column-option-${id}`}
                />{' '}
                {key}
              </label>
            );
          })}
        </fieldset>
      ))}
      <div>
        <button type="button" onClick={() => onChange([])}>
          Hide all
        </button>
      </div>
    </div>
  );
}
