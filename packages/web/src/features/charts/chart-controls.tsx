/** The settings every chart on a page shares; the page keeps them in the URL. */
import { MAX_SMOOTHING } from './chart-smoothing.ts';
import { X_MODES } from './chart-view-state.ts';
import type { ChartViewState, XMode } from './chart-view-state.ts';

const X_LABELS: Record<XMode, string> = {
  step: 'Step',
  time: 'Wall time',
  relative: 'Relative time',
};

export function ChartControls({
  state,
  onChange,
  showKeyFilter = true,
}: {
  state: ChartViewState;
  onChange: (next: ChartViewState) => void;
  showKeyFilter?: boolean;
}) {
  return (
    <fieldset className="chart-controls" data-testid="chart-controls">
      <legend>Chart settings</legend>
      <label>
        X axis{' '}
        <select
          value={state.xMode}
          onChange={(e) => onChange({ ...state, xMode: e.target.value as XMode })}
          data-testid="chart-x-mode"
        >
          {X_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {X_LABELS[mode]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          checked={state.yLog}
          onChange={(e) => onChange({ ...state, yLog: e.target.checked })}
          data-testid="chart-y-log"
        />{' '}
        Log scale (y)
      </label>
      <label>
        Smoothing{' '}
        <input
          type="range"
          min={0}
          max={MAX_SMOOTHING}
          step={0.01}
          value={state.smoothing}
          onChange={(e) => onChange({ ...state, smoothing: Number(e.target.value) })}
          data-testid="chart-smoothing"
        />{' '}
        <output>{state.smoothing.toFixed(2)}</output>
      </label>
      {showKeyFilter && (
        <label>
          Metric keys{' '}
          <input
            type="search"
            placeholder="filter, e.g. loss"
            value={state.keyFilter}
            onChange={(e) => onChange({ ...state, keyFilter: e.target.value })}
            data-testid="chart-key-filter"
          />
        </label>
      )}
    </fieldset>
  );
}
