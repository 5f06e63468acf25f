/**
 * Experiment artifact locations supplied by clients. MLflow's CVE history (reference
 * mlflow.md §4.3: query strings, fragments, `;` params, double-encoded `../`, `file:` and
 * `dbfs:` locations) shows what happens when such a URI reaches a filesystem; here it is an
 * opaque, allow-listed URI that the server never opens, and it is checked after decoding
 * until stable so an encoded payload cannot slip through.
 */
import { invalidArgument } from '../kernel/index.ts';
import { TrackingLimits } from './limits.ts';

/** Schemes a client may name. `mlflow-artifacts:` is served by Cairn; the rest are recorded only. */
export const ALLOWED_ARTIFACT_SCHEMES: readonly string[] = [
  'mlflow-artifacts',
  's3',
  'gs',
  'wasbs',
  'abfss',
  'hdfs',
  'http',
  'https',
];

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
// C0 controls and DEL: a NUL truncates paths in C libraries, the others have no place in a URI.
const CONTROL = /[\u0000-\u001f\u007f]/;
const MAX_DECODE_ROUNDS = 8;

function reject(location: string, reason: string): never {
  throw invalidArgument(
    'tracking.invalid_artifact_location',
    `Invalid artifact location '${location.slice(0, 200)}': ${reason}`,
    { details: { field: 'artifact_location' } },
  );
}

function decodeUntilStable(location: string): string {
  let current = location;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return reject(location, 'it is not validly percent-encoded.');
    }
    if (decoded === current) return current;
    current = decoded;
  }
  return reject(location, 'it is encoded too many times.');
}

/** Returns `location` unchanged when it is acceptable; throws INVALID_ARGUMENT otherwise. */
export function validateArtifactLocation(location: string): string {
  if (location.length > TrackingLimits.maxArtifactLocationLength) {
    reject(
      location,
      `the length of the artifact location cannot be greater than ${TrackingLimits.maxArtifactLocationLength} characters.`,
    );
  }
  const decoded = decodeUntilStable(location);
  for (const form of [location, decoded]) {
    if (CONTROL.test(form)) reject(location, 'it contains control characters.');
    if (form.includes('#') || form.includes(';')) {
      reject(location, "the URL can't include fragments or params.");
    }
    if (form.includes('?')) reject(location, "the URL can't include a query string.");
    if (form.includes('\\')) reject(location, "the URL can't include backslashes.");
    // Splitting on ':' too catches an opaque path such as `mlflow-artifacts:..`.
    if (form.split(/[/:]/).some((segment) => segment === '..')) {
      reject(location, "the URL can't include '..' path segments.");
    }
  }
  const scheme = SCHEME.exec(location)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    reject(
      location,
      'local paths are not accepted; use a URI with one of the schemes ' +
        ALLOWED_ARTIFACT_SCHEMES.join(', ') +
        '.',
    );
  }
  if (!ALLOWED_ARTIFACT_SCHEMES.includes(scheme)) {
    reject(
      location,
      `the scheme '${scheme}:' is not accepted; use one of ${ALLOWED_ARTIFACT_SCHEMES.join(', ')}.`,
    );
  }
  return location;
}

/** MLflow's `append_to_uri_path`: joins without doubling or dropping the separator. */
export function appendToUri(base: string, ...parts: string[]): string {
  const tail = parts.join('/');
  return base.endsWith('/') ? `${base}${tail}` : `${base}/${tail}`;
}
