/**
 * MLflow's JSON dialect for scalar values (reference/mlflow.md §1.0): int64 are JSON
 * numbers on output and numbers or strings on input; doubles carry NaN and ±Infinity as
 * the strings "NaN", "Infinity", "-Infinity"; enums travel by name (numbers accepted on
 * input, as protobuf's JSON parser does); GET booleans are "true"/"false" in any case.
 *
 * Decoders return `undefined` for a value they cannot read; the caller turns that into
 * MLflow's "Invalid value … for parameter …" error with the field name it knows.
 */

/** Encodes a double: finite numbers as JSON numbers, the rest as protobuf's strings. */
export function encodeDouble(value: number): number | string {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

const INTEGER_TEXT = /^-?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Reads an int64 sent as a JSON number or a decimal string. */
export function decodeInt64(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && INTEGER_TEXT.test(value.trim())) {
    const parsed = Number(value.trim());
    return Number.isSafeInteger(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** Reads a double sent as a JSON number, a numeric string, or "NaN"/"Infinity"/"-Infinity". */
export function decodeDouble(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === 'NaN') return Number.NaN;
  if (text === 'Infinity' || text === 'inf') return Number.POSITIVE_INFINITY;
  if (text === '-Infinity' || text === '-inf') return Number.NEGATIVE_INFINITY;
  return NUMBER_TEXT.test(text) ? Number(text) : undefined;
}

/** Reads a bool sent as JSON `true`/`false` or (from a query string) as text in any case. */
export function decodeBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const lowered = value.toLowerCase();
  if (lowered === 'true') return true;
  if (lowered === 'false') return false;
  return undefined;
}

/** A proto enum: its value names in declaration order and the number of the first. */
export interface WireEnum<T extends string> {
  names: readonly T[];
  firstNumber: number;
}

/** Reads an enum sent by name, by number, or by number as text (protobuf accepts all three). */
export function decodeEnum<T extends string>(value: unknown, wireEnum: WireEnum<T>): T | undefined {
  if (typeof value === 'string') {
    const byName = wireEnum.names.find((name) => name === value);
    if (byName !== undefined || !INTEGER_TEXT.test(value)) return byName;
    value = Number(value);
  }
  if (typeof value === 'number' && Number.isInteger(value)) {
    return wireEnum.names[value - wireEnum.firstNumber];
  }
  return undefined;
}

export const RUN_STATUS: WireEnum<'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED'> = {
  names: ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'],
  firstNumber: 1,
};

export const VIEW_TYPE: WireEnum<'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL'> = {
  names: ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'],
  firstNumber: 1,
};

export const LOGGED_MODEL_STATUS: WireEnum<
  | 'LOGGED_MODEL_STATUS_UNSPECIFIED'
  | 'LOGGED_MODEL_PENDING'
  | 'LOGGED_MODEL_READY'
  | 'LOGGED_MODEL_UPLOAD_FAILED'
> = {
  names: [
    'LOGGED_MODEL_STATUS_UNSPECIFIED',
    'LOGGED_MODEL_PENDING',
    'LOGGED_MODEL_READY',
    'LOGGED_MODEL_UPLOAD_FAILED',
  ],
  firstNumber: 0,
};
