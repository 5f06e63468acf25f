/**
 * The on-disk layout of the local blob store, in a module with no dependencies so the data
 * workspace's hash workers can publish objects in exactly this layout without loading the
 * rest of Cairn into every worker thread.
 */
import { join } from 'node:path';

/** The directory under a store root where blobs are written before being renamed into place. */
export const BLOB_TEMP_DIR = 'tmp';
/** The directory under a store root holding the content-addressed objects. */
export const BLOB_OBJECTS_DIR = 'objects';

/**
 * Where the object `digest` lives under a local store `root`: `objects/aa/<digest>`. One
 * level of 256 fan-out directories, not two: adding 10,000 files to a two-level layout made
 * ~9,300 directories, and on the ext4 disks we measured each mkdir cost as much as writing a
 * small file. 256 directories keep listings short up to millions of objects.
 */
export function blobObjectPath(root: string, digest: string): string {
  return join(root, BLOB_OBJECTS_DIR, digest.slice(0, 2), digest);
}

/** Written in `objects/` once the store is in the one-level layout (see blob-legacy-layout.ts). */
export const BLOB_LAYOUT_MARKER = 'LAYOUT-v2';
