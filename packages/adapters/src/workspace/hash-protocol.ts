/** Messages between the main thread and the hash workers (structured-clone friendly). */

/** A file is re-read while its stat changes during the read, at most this many times. */
export const MAX_READ_ATTEMPTS = 3;

export interface WorkerRequest {
  id: number;
  files: { absolutePath: string }[];
  /** Set: publish each file into this blob store root; unset: hash only. */
  blobRoot?: string;
  fsync?: boolean;
}

export interface WorkerResult {
  digest: string;
  /** The file's state while it was read (what the digest belongs to). */
  size: number;
  mtimeNs: bigint;
  ctimeNs: bigint;
  ino: bigint;
  dev: bigint;
  /** True when this read wrote the object into the store. */
  stored: boolean;
}

export interface WorkerFailure {
  /** A CairnError code: data.unreadable_file, data.path_not_found, artifacts.storage_full. */
  code: string;
  path: string;
  message: string;
}

export type WorkerResponse =
  | { id: number; results: WorkerResult[]; failure?: undefined }
  | { id: number; failure: WorkerFailure; results?: undefined };
