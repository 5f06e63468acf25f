/** Reads of the registry's own request fields, with MLflow's error messages. */
import { invalidParameter, missingParameter } from '../request-fields.ts';
import type { Fields } from '../request-fields.ts';

/**
 * A model version: a decimal string in the proto, a JSON number from hand-written clients.
 * The registry checks that it names an integer; only the wire type is checked here.
 */
export function requiredVersion(fields: Fields, name = 'version'): string | number {
  const value = fields[name];
  if (value === undefined || value === null || value === '') throw missingParameter(name);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw invalidParameter(name, value);
}
