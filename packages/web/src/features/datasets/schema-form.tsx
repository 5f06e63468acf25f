/**
 * The schema editor's form: one row per column (type, required, max null fraction, allowed
 * values, min/max, unique), then the row-count bounds and the unexpected-column policy. A
 * server error naming a field is shown beside that field.
 */
import type { ReactNode } from 'react';
import {
  emptyColumn,
  isNumericType,
  LOGICAL_TYPES,
  UNEXPECTED_COLUMN_POLICIES,
} from './schema-draft.ts';
import type { ColumnDraft, SchemaDraft } from './schema-draft.ts';

/** Server errors by form field (`columns[2].max`, `rowCount.min`, …). */
export type FieldErrors = Readonly<Record<string, string>>;

const errorId = (field: string) => `schema-error-${field.replace(/[^\w-]/g, '_')}`;

/** The attributes that tie an input to its error, when it has one. */
function invalid(errors: FieldErrors, field: string) {
  return errors[field] === undefined
    ? {}
    : { 'aria-invalid': true as const, 'aria-describedby': errorId(field) };
}

function FieldError({ errors, field }: { errors: FieldErrors; field: string }): ReactNode {
  const message = errors[field];
  if (message === undefined) return null;
  return (
    <span
      id={errorId(field)}
      className="error"
      role="alert"
      data-testid="schema-field-error"
      data-field={field}
      style={{ display: 'block', maxWidth: '16rem' }}
    >
      {message}
    </span>
  );
}

function ColumnRow(props: {
  index: number;
  column: ColumnDraft;
  errors: FieldErrors;
  onChange: (column: ColumnDraft) => void;
  onRemove: () => void;
}) {
  const { index, column, errors, onChange } = props;
  const field = (key: keyof ColumnDraft) => `columns[${index}].${key}`;
  const label = (what: string) => `Column ${index + 1} (${column.name || 'unnamed'}) ${what}`;
  const testId = (key: keyof ColumnDraft) => `schema-column-${index}-${key}`;
  const text = (key: 'name' | 'maxNullFraction' | 'min' | 'max', what: string, size: string) => (
    <td style={{ verticalAlign: 'top' }}>
      <input
        value={column[key]}
        onChange={(event) => onChange({ ...column, [key]: event.target.value })}
        aria-label={label(what)}
        inputMode={key === 'name' ? undefined : 'decimal'}
        disabled={(key === 'min' || key === 'max') && !isNumericType(column.type)}
        title={
          (key === 'min' || key === 'max') && !isNumericType(column.type)
            ? 'Bounds apply to integer and float columns only.'
            : undefined
        }
        style={{ width: size }}
        data-testid={testId(key)}
        {...invalid(errors, field(key))}
      />
      <FieldError errors={errors} field={field(key)} />
    </td>
  );
  const check = (key: 'required' | 'unique', what: string) => (
    <td style={{ verticalAlign: 'top' }}>
      <input
        type="checkbox"
        checked={column[key]}
        onChange={(event) => onChange({ ...column, [key]: event.target.checked })}
        aria-label={label(what)}
        data-testid={testId(key)}
        {...invalid(errors, field(key))}
      />
      <FieldError errors={errors} field={field(key)} />
    </td>
  );
  return (
    <tr data-testid="schema-column-row" data-column={column.name}>
      {text('name', 'name', '10rem')}
      <td style={{ verticalAlign: 'top' }}>
        <select
          value={column.type}
          onChange={(event) => onChange({ ...column, type: event.target.value })}
          aria-label={label('type')}
          data-testid={testId('type')}
          {...invalid(errors, field('type'))}
        >
          {/* A type the form does not know (typed as JSON) stays selectable, so it is not lost. */}
          {(LOGICAL_TYPES as readonly string[]).includes(column.type) ? null : (
            <option value={column.type}>{column.type}</option>
          )}
          {LOGICAL_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
        <FieldError errors={errors} field={field('type')} />
      </td>
      {check('required', 'required')}
      {text('maxNullFraction', 'max null fraction', '5rem')}
      <td style={{ verticalAlign: 'top' }}>
        <textarea
          value={column.domain}
          onChange={(event) => onChange({ ...column, domain: event.target.value })}
          aria-label={label('allowed values, one per line')}
          placeholder="any"
          rows={Math.min(4, Math.max(1, column.domain.split('\n').length))}
          style={{ width: '10rem' }}
          data-testid={testId('domain')}
          {...invalid(errors, field('domain'))}
        />
        <FieldError errors={errors} field={field('domain')} />
      </td>
      {text('min', 'minimum', '6rem')}
      {text('max', 'maximum', '6rem')}
      {check('unique', 'unique')}
      <td style={{ verticalAlign: 'top' }}>
        <button
          type="button"
          onClick={props.onRemove}
          aria-label={label('remove')}
          data-testid={`schema-column-${index}-remove`}
        >
          Remove
        </button>
      </td>
    </tr>
  );
}

export function SchemaForm(props: {
  draft: SchemaDraft;
  errors: FieldErrors;
  onChange: (draft: SchemaDraft) => void;
}) {
  const { draft, errors, onChange } = props;
  const setColumn = (index: number, column: ColumnDraft) =>
    onChange({ ...draft, columns: draft.columns.map((c, i) => (i === index ? column : c)) });
  return (
    <div data-testid="schema-form">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
            <th scope="col">Required</th>
            <th scope="col" title="A fraction of the rows, 0 to 1">
              Max null fraction
            </th>
            <th scope="col">Allowed values</th>
            <th scope="col">Min</th>
            <th scope="col">Max</th>
            <th scope="col">Unique</th>
            <th scope="col">
              <span className="muted">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {draft.columns.map((column, index) => (
            <ColumnRow
              // Rows have no identity but their position; names are being edited.
              key={index}
              index={index}
              column={column}
              errors={errors}
              onChange={(next) => setColumn(index, next)}
              onRemove={() =>
                onChange({ ...draft, columns: draft.columns.filter((_, i) => i !== index) })
              }
            />
          ))}
        </tbody>
      </table>
      <div className="toolbar" style={{ marginTop: '0.5rem' }}>
        <button
          type="button"
          onClick={() => onChange({ ...draft, columns: [...draft.columns, emptyColumn()] })}
          data-testid="schema-add-column"
        >
          Add column
        </button>
        <label>
          Rows per table, at least
          <input
            value={draft.rowCountMin}
            onChange={(event) => onChange({ ...draft, rowCountMin: event.target.value })}
            inputMode="numeric"
            placeholder="any"
            style={{ width: '7rem' }}
            data-testid="schema-rowcount-min"
            {...invalid(errors, 'rowCount.min')}
          />
          <FieldError errors={errors} field="rowCount.min" />
        </label>
        <label>
          at most
          <input
            value={draft.rowCountMax}
            onChange={(event) => onChange({ ...draft, rowCountMax: event.target.value })}
            inputMode="numeric"
            placeholder="any"
            style={{ width: '7rem' }}
            data-testid="schema-rowcount-max"
            {...invalid(errors, 'rowCount.max')}
          />
          <FieldError errors={errors} field="rowCount.max" />
        </label>
        <label>
          Columns not in the schema
          <select
            value={draft.unexpectedColumns}
            onChange={(event) => onChange({ ...draft, unexpectedColumns: event.target.value })}
            data-testid="schema-unexpected-columns"
            {...invalid(errors, 'unexpectedColumns')}
          >
            <option value="">warning (default)</option>
            {draft.unexpectedColumns === '' ||
            (UNEXPECTED_COLUMN_POLICIES as readonly string[]).includes(
              draft.unexpectedColumns,
            ) ? null : (
              <option value={draft.unexpectedColumns}>{draft.unexpectedColumns}</option>
            )}
            {UNEXPECTED_COLUMN_POLICIES.map((policy) => (
              <option key={policy} value={policy}>
                {policy}
              </option>
            ))}
          </select>
          <FieldError errors={errors} field="unexpectedColumns" />
        </label>
      </div>
    </div>
  );
}
