/**
 * Client-supplied artifact paths are hostile input: MLflow's history is a long list of
 * traversal CVEs through encodings the check did not anticipate (double encoding, `\`,
 * `;` and `?` smuggling, drive letters). So the path is decoded until stable and then
 * held to a strict allow-shape, never "cleaned up" into something else.
 */
import { invalidArgument } from '../kernel/index.ts';

/** Longest accepted artifact path, in characters after decoding. */
export const MAX_ARTIFACT_PATH_LENGTH = 4096;
/** Longest accepted path segment, in UTF-8 bytes (the usual file-name limit). */
export const MAX_ARTIFACT_SEGMENT_BYTES = 255;

// A fully percent-encoded path of the maximum length is three times as long.
const MAX_RAW_LENGTH = MAX_ARTIFACT_PATH_LENGTH * 3;
// Each round removes one layer of encoding; more layers than this is an attack, and the
// leftover `%` is rejected below anyway.
const MAX_DECODE_ROUNDS = 8;

const SEPARATOR_LIKE = new Set(['/', '\\', '.', '?', '#', ';', '%', ':']);
const BIDI_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const CONTROL = /\p{Cc}/u;
const ONLY_DOTS_AND_SPACES = /^[.\s]+$/u;
const DRIVE_LETTER = /^[A-Za-z]:/;

export interface NormalizeArtifactPathOptions {
  /**
   * The path names a directory: the empty string (the root) is allowed and one trailing
   * `/` is dropped. Files need at least one segment and no trailing `/`.
   */
  directory?: boolean;
}

/**
 * Decodes percent-encoding until stable and validates a client-supplied artifact path,
 * returning it as `a/b/c` (NFC-normalized, so canonically equal names are one name), or
 * '' for the root of a directory. Throws INVALID_ARGUMENT `artifacts.unsafe_path` on
 * traversal (`..`), `.` or empty segments, absolute or drive paths, `\`, `?`, `#`, `;`,
 * `%` left after decoding, control characters, Unicode look-alikes of those characters
 * and over-long paths or segments.
 */
export function normalizeArtifactPath(
  raw: string,
  options: NormalizeArtifactPathOptions = {},
): string {
  if (typeof raw !== 'string') throw unsafe('the artifact path must be a string');
  if (raw.length > MAX_RAW_LENGTH) {
    throw unsafe(`the artifact path is longer than ${MAX_ARTIFACT_PATH_LENGTH} characters`);
  }
  const decoded = decodeUntilStable(raw);
  rejectForbiddenCharacters(decoded);
  const path = decoded.normalize('NFC');
  if (path.length > MAX_ARTIFACT_PATH_LENGTH) {
    throw unsafe(`the artifact path is longer than ${MAX_ARTIFACT_PATH_LENGTH} characters`);
  }
  if (path === '') {
    if (options.directory === true) return '';
    throw unsafe('the artifact path is empty');
  }
  if (path.startsWith('/')) throw unsafe('absolute artifact paths are not allowed');
  if (DRIVE_LETTER.test(path)) {
    throw unsafe('Windows drive paths (such as C:) are not allowed');
  }
  const body = options.directory === true && path.endsWith('/') ? path.slice(0, -1) : path;
  const segments = body.split('/');
  for (const segment of segments) checkSegment(segment);
  return segments.join('/');
}

/**
 * Maps an `mlflow-artifacts:` URI (`mlflow-artifacts:/a/b` or
 * `mlflow-artifacts://host:port/a/b`) to the artifact path `a/b`, validated as a directory
 * path ('' for the root). Any other scheme throws INVALID_ARGUMENT
 * `artifacts.unsupported_uri`; an unsafe path throws `artifacts.unsafe_path`.
 */
export function artifactPathFromUri(uri: string): string {
  const scheme = 'mlflow-artifacts:';
  if (typeof uri !== 'string' || uri.length > MAX_RAW_LENGTH) {
    throw unsupported('the artifact URI must be a string of bounded length');
  }
  if (uri.slice(0, scheme.length).toLowerCase() !== scheme) {
    throw unsupported('only mlflow-artifacts: URIs are supported');
  }
  let rest = uri.slice(scheme.length);
  if (rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    const authority = end === -1 ? rest.slice(2) : rest.slice(2, end);
    // The authority names the server the client talked to; it never selects a location.
    if (authority !== '' && !/^([A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/.test(authority)) {
      throw unsupported('the host of the mlflow-artifacts: URI is malformed');
    }
    rest = end === -1 ? '' : rest.slice(end);
  }
  if (rest === '') return '';
  if (!rest.startsWith('/')) {
    throw unsupported('an mlflow-artifacts: URI needs an absolute path, e.g. mlflow-artifacts:/0');
  }
  return normalizeArtifactPath(rest.slice(1), { directory: true });
}

function decodeUntilStable(raw: string): string {
  let current = raw;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      // Malformed or overlong sequences (%zz, %C0%AE) stay encoded; their `%` is rejected.
      return current;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}

function rejectForbiddenCharacters(path: string): void {
  if (!path.isWellFormed()) throw unsafe('the artifact path is not well-formed Unicode');
  if (path.includes('%')) {
    throw unsafe('the artifact path contains "%" after percent-decoding');
  }
  if (CONTROL.test(path)) throw unsafe('the artifact path contains control characters (e.g. NUL)');
  if (BIDI_CONTROLS.test(path)) {
    throw unsafe('the artifact path contains bidirectional text controls');
  }
  for (const [character, name] of [
    ['\\', 'backslashes'],
    ['?', '"?"'],
    ['#', '"#"'],
    [';', '";"'],
  ] as const) {
    if (path.includes(character)) throw unsafe(`the artifact path contains ${name}`);
  }
  for (const character of path) {
    if (character.charCodeAt(0) < 0x80) continue;
    // Full-width and compatibility forms (．, ／, ＼, ‥) become separators under NFKC, which
    // another system on the way (a client, a filesystem, an object store) may apply.
    const folded = character.normalize('NFKC');
    for (const part of folded) {
      if (SEPARATOR_LIKE.has(part) || CONTROL.test(part)) {
        throw unsafe(
          `the artifact path contains "${character}", a Unicode look-alike of "${part}"`,
        );
      }
    }
  }
}

function checkSegment(segment: string): void {
  if (segment === '') {
    throw unsafe('the artifact path has an empty segment (such as a//b or a trailing /)');
  }
  if (segment === '..') throw unsafe('the artifact path contains a ".." segment');
  if (segment === '.') throw unsafe('the artifact path contains a "." segment');
  // Windows drops trailing dots and spaces, so ". ." or "..." can still mean a parent.
  if (ONLY_DOTS_AND_SPACES.test(segment)) {
    throw unsafe('the artifact path has a segment made only of dots and spaces');
  }
  if (new TextEncoder().encode(segment).length > MAX_ARTIFACT_SEGMENT_BYTES) {
    throw unsafe(
      `a segment of the artifact path is longer than ${MAX_ARTIFACT_SEGMENT_BYTES} bytes`,
    );
  }
}

function unsafe(reason: string) {
  return invalidArgument('artifacts.unsafe_path', `Unsafe artifact path: ${reason}.`);
}

function unsupported(reason: string) {
  return invalidArgument('artifacts.unsupported_uri', `Unsupported artifact URI: ${reason}.`);
}
