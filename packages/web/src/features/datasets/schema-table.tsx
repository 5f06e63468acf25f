/** A dataset schema, read-only: one row per column with its checks, then the table-level rules. */
import type { DatasetSchema } from '@cairn/sdk';
import { formatValue } from '../../app/format.ts';

const bound = (value: number | undefined) => (value === undefined ? '…' : formatValue(value));

export function SchemaTable({ schema }: { schema: DatasetSchema }) {
  const rows = schema.rowCount;
  return (
    <>
      <table className="data" data-testid="dataset-schema">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
            <th scope="col">Required</th>
            <th scope="col">Max nulls</th>
            <th scope="col">Range</th>
            <th scope="col">Allowed values</th>
            <th scope="col">Unique</th>
          </tr>
        </thead>
        <tbody>
          {schema.columns.map((c) => (
            <tr key={c.name} data-testid="schema-row" data-column={c.name}>
              <th scope="row">{c.name}</th>
              <td>{c.type}</td>
              <td>{c.required ? 'yes' : 'no'}</td>
              <td>{(c.maxNullFraction * 100).toFixed(1)}%</td>
              <td>
                {c.min !== undefined || c.max !== undefined
                  ? `${bound(c.min)} – ${bound(c.max)}`
                  : ''}
              </td>
              <td title={c.domain?.join(', ')}>{c.domain?.join(', ') ?? ''}</td>
              <td>{c.unique === true ? 'yes' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="kv" data-testid="dataset-schema-rules">
        <dt>Rows per table</dt>
        <dd>
          {rows?.min === undefined && rows?.max === undefined
            ? 'any number'
            : `${bound(rows?.min)} – ${bound(rows?.max)}`}
        </dd>
        <dt>Columns not in the schema</dt>
        <dd>{schema.unexpectedColumns ?? 'warning'}</dd>
      </dl>
    </>
  );
}
