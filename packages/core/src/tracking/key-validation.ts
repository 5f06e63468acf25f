/**
 * Names of metrics, params and tags. MLflow's file store once wrote them as file names, so
 * they keep two rules from that time: a small character set, and no name that a POSIX path
 * normalisation would turn into another name (`a/../b`, `./a`, `/a`, `a/`).
 */
import { invalidArgument } from '../kernel/index.ts';

/** Python's `\w` is Unicode-aware: letters and numbers of any script, plus `_`. */
const KEY_CHARSET = /^[/\p{L}\p{N}_.\- :]*$/u;

const BAD_CHARACTERS_MESSAGE =
  'Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).';

/** Python's `posixpath.normpath`, which MLflow uses to decide whether a key is a "path". */
export function posixNormpath(path: string): string {
  if (path === '') return '.';
  const leading = path.startsWith('/')
    ? path.startsWith('//') && !path.startsWith('///')
      ? 2
      : 1
    : 0;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    const last = parts.at(-1);
    if (part !== '..' || (leading === 0 && parts.length === 0) || last === '..') {
      parts.push(part);
    } else if (parts.length > 0) {
      parts.pop();
    }
  }
  const joined = '/'.repeat(leading) + parts.join('/');
  return joined === '' ? '.' : joined;
}

/** True when `name`, read as a path, would resolve to a different or escaping name. */
export function pathNotUnique(name: string): boolean {
  const norm = posixNormpath(name);
  return norm !== name || norm === '.' || norm.startsWith('..') || norm.startsWith('/');
}

/** MLflow's `invalid_value` message shape, so clients see familiar wording. */
export function invalidValueMessage(path: string, value: unknown, message?: string): string {
  const formatted = JSON.stringify(value) ?? String(value);
  return message === undefined
    ? `Invalid value ${formatted} for parameter '${path}' supplied.`
    : `Invalid value ${formatted} for parameter '${path}' supplied: ${message}`;
}

/**
 * Validates a metric, param or tag key: present, a string, MLflow's character set, not a
 * path in disguise, at most `maxLength` characters. `path` names the field in messages
 * (`metrics[3].key`).
 */
export function validateEntityKey(key: unknown, path: string, maxLength: number): string {
  if (key === undefined || key === null) {
    throw invalidArgument(
      'tracking.missing_key',
      `Missing value for required parameter '${path}'.`,
      {
        details: { field: path },
      },
    );
  }
  if (typeof key !== 'string') {
    throw invalidArgument(
      'tracking.invalid_key',
      invalidValueMessage(path, key, 'Expected a string.'),
      {
        details: { field: path },
      },
    );
  }
  if (!KEY_CHARSET.test(key)) {
    throw invalidArgument(
      'tracking.invalid_key',
      invalidValueMessage(path, key, BAD_CHARACTERS_MESSAGE),
      {
        details: { field: path },
      },
    );
  }
  if (pathNotUnique(key)) {
    throw invalidArgument(
      'tracking.invalid_key',
      invalidValueMessage(
        path,
        key,
        `Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '${posixNormpath(key)}'`,
      ),
      { details: { field: path } },
    );
  }
  if (key.length > maxLength) {
    throw invalidArgument(
      'tracking.value_too_long',
      `'${path}' exceeds the maximum length of ${maxLength} characters`,
      { details: { field: path, limit: maxLength } },
    );
  }
  return key;
}
