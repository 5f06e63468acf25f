/**
 * Resolves a run's MLflow dataset input (name, digest, source JSON) to the Cairn dataset
 * version it read. MLflow clients compute their own digests (a pandas frame's is a short
 * hash of its rows), so the digest alone rarely matches: the source is tried too.
 *
 * 1. The digest (lowercased, `sha256:` stripped) equals a version's digest → the oldest such
 *    version, of any dataset. A shorter hex digest of at least 24 characters matches as a
 *    prefix: MLflow caps an input's digest at 36 characters, so a SHA-256 arrives cut.
 * 2. The source's `url` or `uri` names a version on a Cairn server
 *    (`…/api/v1/datasets/<name>/versions/<n>`) → that version.
 * 3. The source's `uri` or `path` (a `file://` URL taken as its path) equals the place a
 *    version was added from → the newest such version created at or before the run started
 *    (the data the run could have read), else the newest.
 */
import type { DatasetReader } from '../data/index.ts';
import type { DatasetVersion } from '../data/index.ts';

/** The fields of an MLflow dataset input the rules look at. */
export interface DatasetInputRef {
  digest: string;
  /** The MLflow source JSON, e.g. `{"uri": "/data/train.csv"}` or `{"url": "https://…"}`. */
  source: string;
}

/** How many versions sharing one source path are considered (newest first). */
const SOURCE_MATCH_LIMIT = 100;

/**
 * The shortest digest prefix that names a version (96 bits: a chance collision is
 * negligible). Shorter hex strings are what MLflow computes itself, not Cairn digests.
 */
export const MIN_DIGEST_PREFIX = 24;

const DIGEST_OR_PREFIX = new RegExp(`^[0-9a-f]{${MIN_DIGEST_PREFIX},64}$`);
const VERSION_PATH = /\/api\/v1\/datasets\/([^/]+)\/versions\/([0-9]+)\/?$/;

/**
 * An input digest as Cairn writes digests (lowercase hex): a whole one (64 characters) or a
 * prefix of one (24–63), or undefined when it can be neither.
 */
export function normalizeInputDigest(digest: string): string | undefined {
  const lower = digest.trim().toLowerCase();
  const bare = lower.startsWith('sha256:') ? lower.slice('sha256:'.length) : lower;
  return DIGEST_OR_PREFIX.test(bare) ? bare : undefined;
}

/** The path of a dataset version's URL on a Cairn server, as rule 2 matches it. */
export function datasetVersionUrlPath(name: string, version: number): string {
  return `/api/v1/datasets/${name}/versions/${version}`;
}

function sourceFields(source: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string' && value !== '') fields[key] = value;
  }
  return fields;
}

function pathOf(location: string): string {
  try {
    return /^[a-z][a-z0-9+.-]*:/i.test(location) ? new URL(location).pathname : location;
  } catch {
    return location;
  }
}

/** The `<name>@<n>` a source's `url` or `uri` names on a Cairn server, if any. */
export function versionNamedBySource(
  source: string,
): { name: string; version: number } | undefined {
  const fields = sourceFields(source);
  for (const location of [fields['url'], fields['uri']]) {
    if (location === undefined) continue;
    const match = VERSION_PATH.exec(pathOf(location));
    if (match === null) continue;
    let name: string;
    try {
      name = decodeURIComponent(match[1] ?? '');
    } catch {
      continue;
    }
    const version = Number(match[2]);
    if (name !== '' && Number.isSafeInteger(version) && version >= 1) return { name, version };
  }
  return undefined;
}

/**
 * The forms under which a version added from the source's `uri`/`path` may have recorded
 * it: as written, and each local path it denotes (`file://` stripped, also percent-decoded)
 * both bare and as a `file://` URL, each also without a trailing slash.
 */
export function sourcePathForms(source: string): string[] {
  const fields = sourceFields(source);
  const forms = new Set<string>();
  for (const location of [fields['uri'], fields['path']]) {
    if (location === undefined) continue;
    forms.add(location);
    const paths: string[] = [];
    if (location.startsWith('file://')) {
      let path = location.slice('file://'.length);
      if (path.startsWith('localhost/')) path = path.slice('localhost'.length);
      paths.push(path);
      try {
        paths.push(decodeURIComponent(path));
      } catch {
        // Not percent-encoded after all: the literal path is the only one.
      }
    } else if (location.startsWith('/')) {
      paths.push(location);
    }
    for (const path of paths) forms.add(path).add(`file://${path}`);
  }
  for (const form of [...forms]) forms.add(form.replace(/(?<=.)\/+$/, ''));
  return [...forms];
}

async function byDigest(
  reader: DatasetReader,
  input: DatasetInputRef,
): Promise<DatasetVersion | undefined> {
  const digest = normalizeInputDigest(input.digest);
  if (digest === undefined) return undefined;
  const [oldest] =
    digest.length === 64
      ? await reader.findVersionsByDigestAnywhere(digest, 1)
      : await reader.findVersionsByDigestPrefix(digest, 1);
  return oldest;
}

async function byUrl(
  reader: DatasetReader,
  input: DatasetInputRef,
): Promise<DatasetVersion | undefined> {
  const named = versionNamedBySource(input.source);
  if (named === undefined) return undefined;
  const dataset = await reader.getDatasetByName(named.name);
  return dataset === undefined ? undefined : reader.getVersion(dataset.id, named.version);
}

async function bySourcePath(
  reader: DatasetReader,
  input: DatasetInputRef,
  runStartTime: number | null,
): Promise<DatasetVersion | undefined> {
  const found = new Map<string, DatasetVersion>();
  for (const form of sourcePathForms(input.source)) {
    for (const version of await reader.findVersionsBySource(form, SOURCE_MATCH_LIMIT)) {
      found.set(`${version.datasetId}@${version.version}`, version);
    }
  }
  const newestFirst = [...found.values()].sort(
    (a, b) =>
      b.createdAt - a.createdAt || b.version - a.version || a.datasetId.localeCompare(b.datasetId),
  );
  const started = runStartTime ?? Number.POSITIVE_INFINITY;
  return newestFirst.find((v) => v.createdAt <= started) ?? newestFirst[0];
}

/**
 * The Cairn dataset version an MLflow dataset input read, or undefined when none matches.
 * `runStartTime` (ms) picks among versions added from the same place; null: the newest.
 */
export async function resolveDatasetInput(
  reader: DatasetReader,
  input: DatasetInputRef,
  runStartTime: number | null,
): Promise<DatasetVersion | undefined> {
  return (
    (await byDigest(reader, input)) ??
    (await byUrl(reader, input)) ??
    (await bySourcePath(reader, input, runStartTime))
  );
}
