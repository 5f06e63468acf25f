/**
 * Artifacts are bytes in a content-addressed blob store plus an index that maps a
 * user-visible artifact path (metadata, never a filesystem path) to a blob digest.
 */
import type { EventAppender, UnitOfWork } from '../kernel/index.ts';

export interface StoredBlob {
  /** Lowercase hex SHA-256 of the content. */
  digest: string;
  size: number;
}

export interface BlobStore {
  /**
   * Streams `source` into the store. Atomic: a temp file is written, fsynced and renamed,
   * so no partial object is ever visible. Identical content is stored once. Fails with
   * RESOURCE_EXHAUSTED (code `artifacts.too_large`) past `maxBytes`, leaving nothing behind.
   */
  put(source: AsyncIterable<Uint8Array>, options?: { maxBytes?: number }): Promise<StoredBlob>;
  /** Streams a stored blob, or undefined when absent. */
  open(digest: string): Promise<AsyncIterable<Uint8Array> | undefined>;
  has(digest: string): Promise<boolean>;
  /** Which of `digests` are absent, answered as one batch (optional: `has` per digest otherwise). */
  missing?(digests: readonly string[]): Promise<string[]>;
}

export interface ArtifactEntry {
  /** Normalized relative path, `/`-separated, e.g. `1/<run_id>/artifacts/model/MLmodel`. */
  path: string;
  digest: string;
  size: number;
  createdAt: number;
}

/** One child of a listed directory. */
export interface ArtifactListing {
  /** Full normalized path of the child. */
  path: string;
  isDir: boolean;
  /** Bytes for files; undefined for directories. */
  size?: number | undefined;
}

export interface ArtifactReader {
  getArtifact(path: string): Promise<ArtifactEntry | undefined>;
  /** Immediate children (files and sub-directories) of `dir` ('' is the root), sorted by path. */
  listArtifacts(dir: string): Promise<ArtifactListing[]>;
}

export interface ArtifactWriter extends ArtifactReader, EventAppender {
  /** Inserts or replaces the entry at `entry.path`. */
  putArtifact(entry: ArtifactEntry): Promise<void>;
  /** Removes the file at `path` or every file under the directory `path`; returns how many. */
  deleteArtifacts(path: string): Promise<number>;
}

export type ArtifactIndex = UnitOfWork<ArtifactReader, ArtifactWriter>;
