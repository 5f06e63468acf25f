/**
 * One filter comparison (`<column> <comparator> <value>`) as SQL that means the same on
 * both databases: LIKE is case-sensitive, ILIKE case-insensitive, `\` escapes `%` and `_`.
 */
import { sql } from 'kysely';
import type { RawBuilder, SqlBool } from 'kysely';
import { invalidArgument } from '@cairn/core';
import type { Comparator } from '@cairn/core';
import type { SqlDialectName } from './schema.ts';

type Operand = RawBuilder<unknown>;
export type ComparisonValue = string | number | readonly (string | number)[];

const BINARY_OPERATORS: Partial<Record<Comparator, string>> = {
  '=': '=',
  '!=': '<>',
  '>': '>',
  '>=': '>=',
  '<': '<',
  '<=': '<=',
};

export function compare(
  column: Operand,
  comparator: Comparator,
  value: ComparisonValue,
  dialect: SqlDialectName,
): RawBuilder<SqlBool> {
  if (comparator === 'IN' || comparator === 'NOT IN') {
    const values = Array.isArray(value) ? value : [value];
    // `x IN ()` is a syntax error; an empty list matches nothing (NOT IN: everything).
    if (values.length === 0) return comparator === 'IN' ? sql`1 = 0` : sql`1 = 1`;
    const list = sql.join(values.map((v) => sql`${v}`));
    return comparator === 'IN' ? sql`${column} in (${list})` : sql`${column} not in (${list})`;
  }
  if (Array.isArray(value)) {
    throw invalidArgument(
      'tracking.invalid_filter',
      `Comparator ${comparator} takes a single value, not a list.`,
    );
  }
  const scalar = value as string | number;
  if (comparator === 'LIKE') return sql`${column} like ${scalar} escape '\\'`;
  if (comparator === 'ILIKE') {
    return dialect === 'postgres'
      ? sql`${column} ilike ${scalar} escape '\\'`
      : sql`lower(${column}) like lower(${scalar}) escape '\\'`;
  }
  const operator = BINARY_OPERATORS[comparator];
  if (operator === undefined) {
    throw invalidArgument('tracking.invalid_filter', `Unknown comparator ${comparator}.`);
  }
  // pg sends parameters as text and PostgreSQL types them from the column: a fractional
  // value against a bigint column would fail to parse, so it is compared as a double.
  const operand =
    dialect === 'postgres' && typeof scalar === 'number' && !Number.isInteger(scalar)
      ? sql`cast(${scalar} as double precision)`
      : sql`${scalar}`;
  return sql`${column} ${sql.raw(operator)} ${operand}`;
}
