/**
 * A model version's `source` decides which files the version serves, so it is the
 * registry's sharpest input: MLflow's CVE list (reference/mlflow.md §4.3) is a history of
 * sources that reached the server's own disk (`file:`, `//proc/self/root`, traversal,
 * encoded traversal, `?`/`#`/`;` smuggling, a tag that skipped the check). Here a source
 * must name an artifact this server already holds, in one of three allow-listed shapes,
 * and it is resolved to that artifact's `mlflow-artifacts:/…` location. Nothing is ever
 * mapped onto a local path, and no input (tag, flag) skips the check.
 */
import { isCairnError, invalidArgument, ErrorCategory } from '../kernel/index.ts';
import type { RequestContext } from '../kernel/index.ts';
import { artifactPathFromUri, normalizeArtifactPath } from '../artifacts/index.ts';
import type { TrackingApi } from '../tracking/index.ts';
import { RegistryLimits } from './registry-limits.ts';

/** Run and logged-model ids: what MLflow's `_RUN_ID_REGEX`-style checks allow, nothing with a separator. */
const ID = /^[A-Za-z0-9][\w-]{0,255}$/;
// Anything a URI parser might treat as the start of a query, fragment or path parameter,
// a backslash some systems read as a separator, and control characters (NUL, CR, LF).
const FORBIDDEN = /[?#;\\\p{Cc}]/u;

export interface ResolvedSource {
  /** The source as given (kept verbatim, as MLflow shows it). */
  source: string;
  /** The `mlflow-artifacts:/…` (or run/model artifact) location the version's files live in. */
  storageLocation: string;
  /** The run a `runs:/` source names. */
  runId?: string;
  /** The source run of the logged model a `models:/` source names: the default run link. */
  modelRunId?: string;
  /** The logged model a `models:/` source names. */
  modelId?: string;
}

function invalidSource(source: string, reason: string, cause?: unknown) {
  return invalidArgument(
    'registry.invalid_source',
    `Invalid model version source '${source.slice(0, 200)}': ${reason}. A source must be models:/<model_id>, runs:/<run_id>/<path> or mlflow-artifacts:/<path> on this server.`,
    cause === undefined
      ? { details: { field: 'source' } }
      : { cause, details: { field: 'source' } },
  );
}

/** Decodes percent-encoding until it is stable, so `%252e` is seen as the `.` it becomes. */
function decodeFully(text: string): string {
  let current = text;
  for (let round = 0; round < 8; round += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return current;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}

function hasScheme(source: string, scheme: string): boolean {
  return source.slice(0, scheme.length).toLowerCase() === scheme;
}

/** Maps an artifact-path failure (thrown by the artifacts module) to `registry.invalid_source`. */
function checkedPath<T>(source: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (isCairnError(error) && error.category === ErrorCategory.INVALID_ARGUMENT) {
      throw invalidSource(source, error.message.replace(/\.$/, ''), error);
    }
    throw error;
  }
}

/** Looks an entity up through tracking; "not found" means the source names nothing here. */
async function mustExist<T>(source: string, what: string, lookup: () => Promise<T>): Promise<T> {
  try {
    return await lookup();
  } catch (error) {
    if (isCairnError(error) && error.category === ErrorCategory.NOT_FOUND) {
      throw invalidSource(source, `${what} does not exist`, error);
    }
    throw error;
  }
}

/**
 * Checks `source` and resolves where its files are. Throws INVALID_ARGUMENT
 * `registry.invalid_source` for every other shape.
 */
export async function resolveSource(
  ctx: RequestContext,
  tracking: TrackingApi,
  raw: unknown,
): Promise<ResolvedSource> {
  if (raw === undefined || raw === null || raw === '') {
    throw invalidArgument(
      'registry.missing_value',
      "Missing value for required parameter 'source'.",
      {
        details: { field: 'source' },
      },
    );
  }
  if (typeof raw !== 'string') throw invalidSource(typeof raw, 'the source must be a string');
  const source = raw;
  if (source.length > RegistryLimits.maxSourceLength) {
    throw invalidSource(
      source,
      `the source is longer than ${RegistryLimits.maxSourceLength} characters`,
    );
  }
  if (FORBIDDEN.test(source) || FORBIDDEN.test(decodeFully(source))) {
    throw invalidSource(source, 'it contains "?", "#", ";", "\\" or control characters');
  }

  if (hasScheme(source, 'models:/')) {
    const modelId = source.slice('models:/'.length);
    if (!ID.test(modelId)) {
      throw invalidSource(
        source,
        'a models:/ source must name a logged model id, e.g. models:/m-1a2b…',
      );
    }
    const model = await mustExist(source, `logged model '${modelId}'`, () =>
      tracking.getLoggedModel(ctx, modelId),
    );
    return {
      source,
      storageLocation: model.artifactLocation,
      modelId,
      ...(model.sourceRunId === null ? {} : { modelRunId: model.sourceRunId }),
    };
  }

  if (hasScheme(source, 'runs:/')) {
    const rest = source.slice('runs:/'.length);
    const slash = rest.indexOf('/');
    const runId = slash === -1 ? rest : rest.slice(0, slash);
    if (!ID.test(runId)) throw invalidSource(source, 'a runs:/ source must start with a run id');
    const path = checkedPath(source, () =>
      normalizeArtifactPath(slash === -1 ? '' : rest.slice(slash + 1), { directory: true }),
    );
    const run = await mustExist(source, `run '${runId}'`, () => tracking.getRun(ctx, runId));
    const root = run.info.artifactUri.replace(/\/+$/, '');
    return { source, storageLocation: path === '' ? root : `${root}/${path}`, runId };
  }

  if (hasScheme(source, 'mlflow-artifacts:')) {
    const path = checkedPath(source, () => artifactPathFromUri(source));
    if (path === '') throw invalidSource(source, 'it names the root of the artifact store');
    return { source, storageLocation: `mlflow-artifacts:/${path}` };
  }

  throw invalidSource(
    source,
    'this kind of URI is not accepted (local paths and foreign URIs never are)',
  );
}
