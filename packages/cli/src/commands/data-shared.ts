/** What the `cairn data` commands share: options, the store they act on, refs and progress. */
import type { Progress } from '@cairn/adapters/workspace';
import type * as Core from '@cairn/core';
import type { DatasetsApi, DatasetVersionRef, RequestContext } from '@cairn/core';
import type { CommandContext, OptionSpec } from '../command-spec.ts';
import { storeOption, withLocalDataStore, type LocalDataStore } from '../local-data-store.ts';
import { createProgressReporter } from '../progress-bar.ts';

export { storeOption };

export const remoteOption: OptionSpec = {
  type: 'boolean',
  description: 'Act on the server (--url, --token) instead of the local store',
};

/** `--store`, and `--remote` for commands that can act on the server too. */
export const storeOptions: Readonly<Record<string, OptionSpec>> = { store: storeOption };
export const storeOrRemoteOptions: Readonly<Record<string, OptionSpec>> = {
  store: storeOption,
  remote: remoteOption,
};

/** `@cairn/core`, loaded on first use (the CLI's other commands never need it). */
export function loadCore(): Promise<typeof Core> {
  return import('@cairn/core');
}

/** Runs `fn` against the local store. */
export function withLocalStore<T>(
  context: CommandContext,
  fn: (store: LocalDataStore) => Promise<T>,
): Promise<T> {
  return withLocalDataStore(context.string('store') ?? '.cairn', fn);
}

/**
 * Runs `fn` against the datasets API of the local store, or of the server with `--remote`:
 * each command is written once for both.
 */
export async function withDatasets<T>(
  context: CommandContext,
  fn: (api: DatasetsApi, ctx: RequestContext) => Promise<T>,
): Promise<T> {
  if (context.flag('remote')) {
    const { createRemoteDatasetsApi } = await import('./data-remote-api.ts');
    return fn(createRemoteDatasetsApi(context.client()), { actor: 'remote' });
  }
  return withLocalStore(context, (store) => fn(store.datasets, store.ctx));
}

/** `ds`, `ds@3`, `ds@prod`, `ds@latest` → name and ref (validated by the core rules). */
export async function parseRef(text: string): Promise<DatasetVersionRef> {
  const { parseDatasetVersionRef } = await loadCore();
  return parseDatasetVersionRef(text);
}

/** `10,000`. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** `sha256:ab12cd34ef56…`: enough to recognise a digest in a terminal. */
export function shortDigest(digest: string): string {
  return `sha256:${digest.slice(0, 12)}…`;
}

/**
 * Adapts the workspace's cumulative progress callbacks to the CLI's progress bar (drawn on
 * stderr only when it is a terminal).
 */
export function createProgressTracker(
  stream: CommandContext['stderr'],
  totals: { totalBytes: number; totalFiles: number },
): { onProgress: (progress: Progress) => void; finish: () => void } {
  const reporter = createProgressReporter(stream, totals);
  let bytes = 0;
  let files = 0;
  let drawn = false;
  return {
    onProgress: (progress) => {
      drawn = true;
      if (progress.bytes > bytes) reporter.advance(progress.bytes - bytes);
      for (; files < progress.files; files++) reporter.fileDone();
      bytes = Math.max(bytes, progress.bytes);
    },
    finish: () => {
      if (drawn) reporter.finish();
    },
  };
}
