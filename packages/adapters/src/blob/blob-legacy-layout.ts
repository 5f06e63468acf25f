/**
 * Stores written before the one-level layout kept objects at `objects/aa/bb/<digest>`. The
 * first open of such a store moves each object up one level (a rename on the same
 * filesystem, so nothing is copied and nothing is lost if the process dies half-way: the
 * next open continues), then leaves a marker so later opens skip the scan.
 */
import { readdir, rename, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BLOB_LAYOUT_MARKER } from './blob-layout.ts';

const FANOUT = /^[0-9a-f]{2}$/;

export async function adoptLegacyLayout(objectsDir: string): Promise<void> {
  const marker = join(objectsDir, BLOB_LAYOUT_MARKER);
  const top = await readdir(objectsDir, { withFileTypes: true });
  if (top.some((entry) => entry.name === BLOB_LAYOUT_MARKER)) return;
  for (const first of top) {
    if (!first.isDirectory() || !FANOUT.test(first.name)) continue;
    const firstPath = join(objectsDir, first.name);
    for (const second of await readdir(firstPath, { withFileTypes: true })) {
      if (!second.isDirectory() || !FANOUT.test(second.name)) continue;
      const secondPath = join(firstPath, second.name);
      for (const name of await readdir(secondPath)) {
        await rename(join(secondPath, name), join(firstPath, name));
      }
      await rmdir(secondPath);
    }
  }
  await writeFile(marker, 'objects/<aa>/<sha256>\n');
}
