import {
  CairnError,
  ErrorCategory,
  failedPrecondition,
  invalidArgument,
  notFound,
} from '../kernel/index.ts';
import type { Clock } from '../kernel/index.ts';
import { normalizeArtifactPath } from './artifact-path.ts';
import type { ArtifactsApi } from './artifacts-api.ts';
import type { ArtifactEntry, ArtifactIndex, ArtifactReader, BlobStore } from './ports.ts';

/** 5 GiB: the largest artifact accepted unless the deployment configures otherwise. */
export const DEFAULT_MAX_ARTIFACT_BYTES = 5 * 1024 ** 3;

export interface ArtifactServiceDeps {
  index: ArtifactIndex;
  blobs: BlobStore;
  clock: Clock;
  /** Ceiling on one artifact's size in bytes; a per-call `maxBytes` may only lower it. */
  maxArtifactBytes?: number;
}

/**
 * The artifact use cases over a blob store and an index. Bytes are written to the blob
 * store first and the index entry second (with its event, in one transaction), so an
 * entry never points at a missing blob; a crash in between leaves only an orphan blob.
 */
export function createArtifactService(deps: ArtifactServiceDeps): ArtifactsApi {
  const ceiling = deps.maxArtifactBytes ?? DEFAULT_MAX_ARTIFACT_BYTES;
  checkByteLimit(ceiling, 'maxArtifactBytes');
  const { index, blobs, clock } = deps;

  return {
    async upload(ctx, rawPath, body, options) {
      const path = normalizeArtifactPath(rawPath);
      const maxBytes = Math.min(ceiling, options?.maxBytes ?? ceiling);
      checkByteLimit(maxBytes, 'maxBytes');
      // Fail before streaming gigabytes into the store; checked again inside the write.
      await index.read((reader) => assertNoConflict(reader, path));
      const blob = await blobs.put(body, { maxBytes });
      const entry: ArtifactEntry = {
        path,
        digest: blob.digest,
        size: blob.size,
        createdAt: clock.now(),
      };
      await index.write(async (writer) => {
        await assertNoConflict(writer, path);
        await writer.putArtifact(entry);
        await writer.appendEvent({
          type: 'artifacts.artifact.uploaded',
          entityType: 'artifact',
          entityId: path,
          actor: ctx.actor,
          time: entry.createdAt,
          payload: { path, digest: entry.digest, size: entry.size },
        });
      });
      return entry;
    },

    async download(_ctx, rawPath) {
      const path = normalizeArtifactPath(rawPath);
      const entry = await index.read((reader) => reader.getArtifact(path));
      if (entry === undefined) throw notFound('artifacts.not_found', `No artifact at "${path}".`);
      const body = await blobs.open(entry.digest);
      if (body === undefined) {
        throw new CairnError(
          ErrorCategory.INTERNAL,
          'artifacts.blob_missing',
          `The content of artifact "${path}" is missing from the blob store.`,
          { details: { path, digest: entry.digest } },
        );
      }
      return { entry, body };
    },

    async list(_ctx, rawDir) {
      const dir = normalizeArtifactPath(rawDir, { directory: true });
      // A file, or a path that does not exist, has no children: an empty list, as MLflow.
      return index.read((reader) => reader.listArtifacts(dir));
    },

    async delete(ctx, rawPath) {
      const path = normalizeArtifactPath(rawPath, { directory: true });
      if (path === '') {
        throw invalidArgument('artifacts.unsafe_path', 'The artifact root cannot be deleted.');
      }
      // Deleting nothing succeeds, as MLflow's proxied DELETE does (it removes the path only
      // if it exists); only a real change is recorded as an event.
      await index.write(async (writer) => {
        const count = await writer.deleteArtifacts(path);
        if (count === 0) return;
        await writer.appendEvent({
          type: 'artifacts.artifact.deleted',
          entityType: 'artifact',
          entityId: path,
          actor: ctx.actor,
          time: clock.now(),
          payload: { path, count },
        });
      });
    },
  };
}

/**
 * A path is either a file or a directory: a file may not sit where a directory has
 * children, nor under an ancestor that is a file, or listings would become ambiguous.
 */
async function assertNoConflict(reader: ArtifactReader, path: string): Promise<void> {
  const children = await reader.listArtifacts(path);
  if (children.length > 0) {
    throw failedPrecondition(
      'artifacts.path_conflict',
      `"${path}" is a directory of artifacts; a file cannot replace it.`,
    );
  }
  const segments = path.split('/');
  for (let depth = 1; depth < segments.length; depth += 1) {
    const ancestor = segments.slice(0, depth).join('/');
    if ((await reader.getArtifact(ancestor)) !== undefined) {
      throw failedPrecondition(
        'artifacts.path_conflict',
        `"${ancestor}" is a file; it cannot contain "${path}".`,
      );
    }
  }
}

function checkByteLimit(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalidArgument(
      'artifacts.invalid_limit',
      `${name} must be a non-negative integer number of bytes.`,
    );
  }
}
