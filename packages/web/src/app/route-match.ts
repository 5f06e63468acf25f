/**
 * Path patterns for the hand-written router: `/runs/:runId` style segments, matched whole.
 * Pure (no DOM) so it runs under `node --test`.
 */
export type RouteParams = Readonly<Record<string, string>>;

/** The params of `path` under `pattern`, or undefined when it does not match. */
export function matchPath(pattern: string, path: string): RouteParams | undefined {
  const want = pattern.split('/').filter((part) => part !== '');
  const have = path.split('/').filter((part) => part !== '');
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const expected = want[i] ?? '';
    const actual = have[i] ?? '';
    if (expected.startsWith(':')) {
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}

/** The first pattern matching `path`, with its params. */
export function findRoute<R extends { path: string }>(
  routes: readonly R[],
  path: string,
): { route: R; params: RouteParams } | undefined {
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}

/**
 * `search` with `updates` applied: a string sets a key, undefined or '' removes it. Keys keep
 * their order so a link built twice is the same string.
 */
export function withQuery(
  search: string,
  updates: Readonly<Record<string, string | undefined>>,
): string {
  const query = new URLSearchParams(search);
  for (const [key, value] of Object.entries(updates)) {
    if (value === undefined || value === '') query.delete(key);
    else query.set(key, value);
  }
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}
