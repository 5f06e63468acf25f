/** Reads the values a policy locator names from a request, without consuming its body. */
import type { Context } from 'hono';
import type { Locator } from './route-policy.ts';

const patterns = new Map<string, RegExp>();

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles a Hono route path (`/a/:id`, `/a/:path{.+}`, `/a/*`) to a regex with named groups. */
function patternOf(routePath: string): RegExp {
  let compiled = patterns.get(routePath);
  if (compiled === undefined) {
    const source = routePath
      .split('/')
      .map((segment) => {
        const param = /^:(\w+)(?:\{(.+)\})?$/.exec(segment);
        if (param) return `(?<${param[1] as string}>${param[2] ?? '[^/]+'})`;
        return segment === '*' ? '.*' : escape(segment);
      })
      .join('/');
    compiled = new RegExp(`^${source}$`);
    patterns.set(routePath, compiled);
  }
  return compiled;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function asStrings(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (typeof value === 'number' && Number.isFinite(value)) return [String(value)];
  if (Array.isArray(value)) return value.flatMap(asStrings);
  return [];
}

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  try {
    const parsed: unknown = await c.req.raw.clone().json();
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    // The handler rejects a body it cannot parse; there is nothing to authorize against.
    return {};
  }
}

/** The values of the first field present; the locator's default when none is. */
export async function locatorValues(
  c: Context,
  routePath: string,
  locator: Pick<Locator, 'from' | 'fields' | 'default' | 'list'>,
): Promise<string[]> {
  let source: (field: string) => unknown;
  if (locator.from === 'param') {
    const groups = patternOf(routePath).exec(c.req.path)?.groups ?? {};
    source = (field) => (groups[field] === undefined ? undefined : decode(groups[field]));
  } else if (locator.from === 'query') {
    source = (field) => (locator.list === true ? c.req.queries(field) : c.req.query(field));
  } else {
    const body = await jsonBody(c);
    source = (field) => body[field];
  }
  for (const field of locator.fields) {
    const values = asStrings(source(field));
    if (values.length > 0) return locator.list === true ? values : values.slice(0, 1);
  }
  return locator.default === undefined ? [] : [locator.default];
}
