/**
 * The schema editor's draft: a dataset schema document as the form holds it (numbers as
 * the text the user typed), and the conversions to and from the document the server takes.
 * Pure, for `node --test`. The server checks the document (`data.invalid_schema`, naming
 * the field); this only shapes it, so a typo reaches the server and comes back as an error
 * beside its field instead of being dropped here.
 */
import type { DatasetSchema, LogicalType } from '@cairn/sdk';

export const LOGICAL_TYPES: readonly LogicalType[] = [
  'integer',
  'float',
  'string',
  'boolean',
  'date',
  'timestamp',
  'other',
];

export const UNEXPECTED_COLUMN_POLICIES = ['ignore', 'warning', 'error'] as const;

export interface ColumnDraft {
  name: string;
  type: string;
  required: boolean;
  maxNullFraction: string;
  /** Allowed values, one per line; empty: any value. */
  domain: string;
  min: string;
  max: string;
  unique: boolean;
}

export interface SchemaDraft {
  columns: ColumnDraft[];
  rowCountMin: string;
  rowCountMax: string;
  /** '' leaves the policy out (the server's default: warning). */
  unexpectedColumns: string;
}

export const emptyColumn = (): ColumnDraft => ({
  name: '',
  type: 'string',
  required: true,
  maxNullFraction: '0',
  domain: '',
  min: '',
  max: '',
  unique: false,
});

/** Min and max apply to integer and float columns only (the server refuses them elsewhere). */
export const isNumericType = (type: string) => type === 'integer' || type === 'float';

const text = (value: number | undefined) => (value === undefined ? '' : String(value));

export function draftFromSchema(schema: DatasetSchema): SchemaDraft {
  return {
    columns: schema.columns.map((c) => ({
      name: c.name,
      type: c.type,
      required: c.required,
      maxNullFraction: String(c.maxNullFraction),
      domain: (c.domain ?? []).join('\n'),
      min: text(c.min),
      max: text(c.max),
      unique: c.unique === true,
    })),
    rowCountMin: text(schema.rowCount?.min),
    rowCountMax: text(schema.rowCount?.max),
    unexpectedColumns: schema.unexpectedColumns ?? '',
  };
}

/** A number the user typed; what is not one goes as typed, for the server to name. */
function numberOf(value: string): number | string {
  const trimmed = value.trim();
  const parsed = Number(trimmed);
  return trimmed !== '' && Number.isFinite(parsed) ? parsed : trimmed;
}

/** The schema document for `PUT /datasets/{name}/schema`. */
export function documentFromDraft(draft: SchemaDraft): Record<string, unknown> {
  const columns = draft.columns.map((c) => {
    const column: Record<string, unknown> = {
      name: c.name,
      type: c.type,
      required: c.required,
      maxNullFraction: c.maxNullFraction.trim() === '' ? 0 : numberOf(c.maxNullFraction),
    };
    const domain = c.domain
      .split('\n')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if (domain.length > 0) column['domain'] = domain;
    // Kept in the draft when the type changes (switching back restores them), sent only where they apply.
    if (isNumericType(c.type)) {
      if (c.min.trim() !== '') column['min'] = numberOf(c.min);
      if (c.max.trim() !== '') column['max'] = numberOf(c.max);
    }
    if (c.unique) column['unique'] = true;
    return column;
  });
  const document: Record<string, unknown> = { columns };
  const rowCount: Record<string, unknown> = {};
  if (draft.rowCountMin.trim() !== '') rowCount['min'] = numberOf(draft.rowCountMin);
  if (draft.rowCountMax.trim() !== '') rowCount['max'] = numberOf(draft.rowCountMax);
  if (Object.keys(rowCount).length > 0) document['rowCount'] = rowCount;
  if (draft.unexpectedColumns !== '') document['unexpectedColumns'] = draft.unexpectedColumns;
  return document;
}

const COLUMN_KEYS = new Set([
  'name',
  'type',
  'required',
  'maxNullFraction',
  'domain',
  'min',
  'max',
  'unique',
]);
const SCHEMA_KEYS = new Set(['columns', 'rowCount', 'unexpectedColumns']);

export type DraftResult = { ok: true; draft: SchemaDraft } | { ok: false; message: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Text for a number field: numbers and (not yet valid) text both fit; anything else does not. */
function fieldText(value: unknown): string | undefined {
  if (value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  return undefined;
}

/**
 * The form's draft for a document edited as JSON, or why the form cannot show it (an
 * unknown key, a value of the wrong kind): then it stays in the JSON view, unchanged.
 */
export function draftFromDocument(document: unknown): DraftResult {
  const cannot = (field: string) => ({
    ok: false as const,
    message: `The form cannot show ${field}; keep editing it as JSON (saving checks it).`,
  });
  if (!isRecord(document)) return cannot('a document that is not an object');
  for (const key of Object.keys(document)) if (!SCHEMA_KEYS.has(key)) return cannot(key);
  if (!Array.isArray(document['columns'])) return cannot('columns that are not a list');
  const columns: ColumnDraft[] = [];
  for (const [index, value] of (document['columns'] as unknown[]).entries()) {
    const field = `columns[${index}]`;
    if (!isRecord(value)) return cannot(field);
    for (const key of Object.keys(value))
      if (!COLUMN_KEYS.has(key)) return cannot(`${field}.${key}`);
    const { name, type, required, unique, domain } = value;
    const nullFraction = fieldText(value['maxNullFraction']);
    const min = fieldText(value['min']);
    const max = fieldText(value['max']);
    if (typeof name !== 'string') return cannot(`${field}.name`);
    if (typeof type !== 'string') return cannot(`${field}.type`);
    if (required !== undefined && typeof required !== 'boolean') return cannot(`${field}.required`);
    if (unique !== undefined && typeof unique !== 'boolean') return cannot(`${field}.unique`);
    if (nullFraction === undefined) return cannot(`${field}.maxNullFraction`);
    if (min === undefined) return cannot(`${field}.min`);
    if (max === undefined) return cannot(`${field}.max`);
    // One value per line: values with line breaks, or empty ones, only fit the JSON view.
    const domainOk =
      domain === undefined ||
      (Array.isArray(domain) &&
        domain.every(
          (v) => typeof v === 'string' && v.trim() === v && v !== '' && !v.includes('\n'),
        ));
    if (!domainOk) return cannot(`${field}.domain`);
    columns.push({
      name,
      type,
      required: required ?? true,
      maxNullFraction: nullFraction === '' ? '0' : nullFraction,
      domain: ((domain as string[] | undefined) ?? []).join('\n'),
      min,
      max,
      unique: unique ?? false,
    });
  }
  const rowCount = document['rowCount'] ?? {};
  if (!isRecord(rowCount)) return cannot('rowCount');
  for (const key of Object.keys(rowCount)) {
    if (key !== 'min' && key !== 'max') return cannot(`rowCount.${key}`);
  }
  const rowCountMin = fieldText(rowCount['min']);
  const rowCountMax = fieldText(rowCount['max']);
  if (rowCountMin === undefined) return cannot('rowCount.min');
  if (rowCountMax === undefined) return cannot('rowCount.max');
  const policy = document['unexpectedColumns'] ?? '';
  if (typeof policy !== 'string') return cannot('unexpectedColumns');
  return {
    ok: true,
    draft: { columns, rowCountMin, rowCountMax, unexpectedColumns: policy },
  };
}

/**
 * The form field a server error names (`details.field` of `data.invalid_schema`), as the
 * key the form shows it beside: `columns[2].domain[4]` → `columns[2].domain`.
 * `columns[2]` itself (an unknown key in it) → `columns[2].name`, the row's first field.
 */
export function formFieldOf(field: string): string {
  const column = /^(columns\[\d+\])(?:\.(\w+))?/.exec(field);
  if (column !== null) {
    const key = column[2];
    return `${column[1]}.${key !== undefined && COLUMN_KEYS.has(key) ? key : 'name'}`;
  }
  if (field === 'rowCount.min' || field === 'rowCount.max' || field === 'unexpectedColumns') {
    return field;
  }
  if (field.startsWith('rowCount')) return 'rowCount.min';
  return 'schema';
}
