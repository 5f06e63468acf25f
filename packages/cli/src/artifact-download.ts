/**
 * Downloads a run's artifact file or directory (recursively) into a local directory.
 * Server-provided paths become local paths only after a check that they stay inside the
 * destination, and each file is written to a temporary name and renamed once its bytes
 * match the announced length, so an interrupted download never looks complete.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { CairnClient } from '@cairn/sdk';
import { createProgressReporter, type ProgressReporter } from './progress-bar.ts';

export interface RemoteFile {
  /** Relative to the run's artifact root. */
  path: string;
  size: number | undefined;
}

export interface DownloadedFile extends RemoteFile {
  /** Where it was written. */
  file: string;
}

export interface DownloadSummary {
  dest: string;
  files: DownloadedFile[];
  totalBytes: number;
}

/** Nothing exists at the requested artifact path (exit code 3, like an API NOT_FOUND). */
export class ArtifactNotFoundError extends Error {
  constructor(runId: string, path: string) {
    super(`no artifact '${path}' in run ${runId}`);
    this.name = 'ArtifactNotFoundError';
  }
}

/** The files under `path` ('' is the whole run): a single file, or a directory walked recursively. */
export async function collectArtifactFiles(
  client: CairnClient,
  runId: string,
  path: string,
): Promise<{ kind: 'file' | 'dir'; files: RemoteFile[] }> {
  if (path !== '') {
    const slash = path.lastIndexOf('/');
    const parent = slash === -1 ? '' : path.slice(0, slash);
    const self = (await client.artifacts.list(runId, parent)).find((item) => item.path === path);
    if (self === undefined) throw new ArtifactNotFoundError(runId, path);
    if (!self.isDir) return { kind: 'file', files: [{ path, size: self.size }] };
  }
  const files: RemoteFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const item of await client.artifacts.list(runId, dir)) {
      // Only strict descendants: a confused server must not send us into a loop.
      if (dir !== '' && !item.path.startsWith(`${dir}/`)) continue;
      if (item.isDir) await walk(item.path);
      else files.push({ path: item.path, size: item.size });
    }
  };
  await walk(path);
  return { kind: 'dir', files };
}

/**
 * The local file for `file`: `<dest>/<last segment of requested>/<rest>` (the whole run
 * goes straight into `dest`). Throws when a segment could escape `dest`.
 */
export function localPathFor(dest: string, requested: string, file: string): string {
  const baseName = requested === '' ? '' : requested.slice(requested.lastIndexOf('/') + 1);
  const rest = requested === '' ? file : file.slice(requested.length + 1);
  const relative = [baseName, rest].filter((part) => part !== '').join('/');
  const segments = relative.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || /[\\\0]/.test(segment)) {
      throw new Error(`refusing to write artifact '${file}': unsafe path segment '${segment}'`);
    }
  }
  const root = resolve(dest);
  const target = resolve(root, ...segments);
  if (!target.startsWith(root + sep)) {
    throw new Error(`refusing to write artifact '${file}' outside ${root}`);
  }
  return target;
}

export async function downloadArtifacts(input: {
  client: CairnClient;
  runId: string;
  path: string;
  dest: string;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}): Promise<DownloadSummary> {
  const { client, runId } = input;
  const path = input.path.replace(/^\/+|\/+$/g, '');
  const { files } = await collectArtifactFiles(client, runId, path);
  // Checked before anything is written, so an unsafe listing leaves no partial download.
  const targets = files.map((file) => ({
    ...file,
    file: localPathFor(input.dest, path, file.path),
  }));
  const progress = createProgressReporter(input.stderr, {
    totalBytes: files.reduce((sum, file) => sum + (file.size ?? 0), 0),
    totalFiles: files.length,
  });
  const done: DownloadedFile[] = [];
  let totalBytes = 0;
  try {
    for (const target of targets) {
      const size = await downloadOne(client, runId, target, progress);
      done.push({ ...target, size });
      totalBytes += size;
      progress.fileDone();
    }
  } finally {
    progress.finish();
  }
  return { dest: resolve(input.dest), files: done, totalBytes };
}

async function downloadOne(
  client: CairnClient,
  runId: string,
  target: DownloadedFile,
  progress: ProgressReporter,
): Promise<number> {
  const download = await client.artifacts.download(runId, target.path);
  await mkdir(join(target.file, '..'), { recursive: true });
  const temp = `${target.file}.partial-${randomBytes(4).toString('hex')}`;
  const handle = await open(temp, 'w');
  let written = 0;
  try {
    const reader = download.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await handle.write(value);
      written += value.byteLength;
      progress.advance(value.byteLength);
    }
    if (download.size !== undefined && written !== download.size) {
      throw new Error(
        `download of '${target.path}' was cut short: ${written} of ${download.size} bytes`,
      );
    }
    await handle.close();
    await rename(temp, target.file);
    return written;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}
