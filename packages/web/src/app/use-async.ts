/**
 * Loads something for a page: `{ status, value, error, reload }`, re-run when `deps` change.
 * An older load that finishes late never overwrites a newer one.
 */
import { useCallback, useEffect, useState } from 'react';

export type AsyncState<T> =
  | { status: 'loading'; value: undefined; error: undefined }
  | { status: 'ready'; value: T; error: undefined }
  | { status: 'failed'; value: undefined; error: unknown };

export function useAsync<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
): AsyncState<T> & { reload(): void } {
  const [state, setState] = useState<AsyncState<T>>({
    status: 'loading',
    value: undefined,
    error: undefined,
  });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    setState({ status: 'loading', value: undefined, error: undefined });
    load().then(
      (value) => {
        if (live) setState({ status: 'ready', value, error: undefined });
      },
      (error: unknown) => {
        if (live) setState({ status: 'failed', value: undefined, error });
      },
    );
    return () => {
      live = false;
    };
    // The caller's deps decide when to reload; `load` is a fresh closure every render.
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { ...state, reload };
}
