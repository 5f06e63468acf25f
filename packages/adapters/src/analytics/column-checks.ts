/**
 * How a column's actual type meets the type its schema expects. Some pairs are compatible
 * outright (integers where floats are expected, dates where timestamps are, any scalar where
 * text is); a text or float column may hold values of the expected type, and then only the
 * rows that do not convert break the rule; any other pair is a mismatch of the whole column.
 */
import { LogicalType } from '@cairn/core';
import { quoteIdent } from './column-sql.ts';
import type { TableColumn } from './column-sql.ts';

export type TypeFit =
  /** `value` is the column as the checks should compare it. */
  | { kind: 'compatible'; value: string }
  /** Rows matching `offending` break the type; the others compare as `value`. */
  | { kind: 'partial'; offending: string; value: string }
  | { kind: 'mismatch'; offending: string };

const CAST_TARGETS: Partial<Record<LogicalType, string>> = {
  [LogicalType.INTEGER]: 'BIGINT',
  [LogicalType.FLOAT]: 'DOUBLE',
  [LogicalType.BOOLEAN]: 'BOOLEAN',
  [LogicalType.DATE]: 'DATE',
  [LogicalType.TIMESTAMP]: 'TIMESTAMP',
};

export function typeFit(expected: LogicalType, column: TableColumn): TypeFit {
  const ref = quoteIdent(column.name);
  const actual = column.type;
  if (
    expected === actual ||
    (expected === LogicalType.FLOAT && actual === LogicalType.INTEGER) ||
    (expected === LogicalType.TIMESTAMP && actual === LogicalType.DATE) ||
    (expected === LogicalType.STRING && actual !== LogicalType.OTHER)
  ) {
    return { kind: 'compatible', value: ref };
  }
  const target = CAST_TARGETS[expected];
  if (actual === LogicalType.STRING && expected === LogicalType.INTEGER) {
    // TRY_CAST('1.5' AS BIGINT) rounds to 2: a text integer must also equal its double.
    const value = `TRY_CAST(${ref} AS BIGINT)`;
    const x = `TRY_CAST(${ref} AS DOUBLE)`;
    return {
      kind: 'partial',
      offending: `${ref} IS NOT NULL AND (${value} IS NULL OR ${x} IS NULL OR ${x} <> trunc(${x}))`,
      value,
    };
  }
  if (actual === LogicalType.STRING && target !== undefined) {
    const value = `TRY_CAST(${ref} AS ${target})`;
    return { kind: 'partial', offending: `${ref} IS NOT NULL AND ${value} IS NULL`, value };
  }
  if (expected === LogicalType.INTEGER && actual === LogicalType.FLOAT) {
    const x = `CAST(${ref} AS DOUBLE)`;
    return {
      kind: 'partial',
      offending: `${ref} IS NOT NULL AND NOT (isfinite(${x}) AND ${x} = trunc(${x}))`,
      value: ref,
    };
  }
  return { kind: 'mismatch', offending: `${ref} IS NOT NULL` };
}

/** A fraction as people read it: two decimals unless that would hide the value. */
export function formatFraction(value: number): string {
  const fixed = value.toFixed(2);
  return Number(fixed) === value ? fixed : String(Number(value.toPrecision(6)));
}

/** Up to `limit` values, quoted, for messages. */
export function listValues(values: unknown[], limit = 5): string {
  const shown = values.slice(0, limit).map((value) => JSON.stringify(value));
  return values.length > limit ? `${shown.join(', ')}, …` : shown.join(', ');
}
