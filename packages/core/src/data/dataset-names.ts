/**
 * Names of datasets and tags, and version references (`<name>@<ref>`). A dataset name is
 * used as a URL segment and as a default directory name, so it can never be a path.
 */
import { invalidArgument } from '../kernel/index.ts';
import type { DatasetVersionRef } from './entities.ts';

const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const TAG_NAME = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;
const VERSION_NUMBER = /^[1-9][0-9]{0,14}$/;

/** The ref that always means the highest version. */
export const LATEST_REF = 'latest';

const shown = (value: string): string => JSON.stringify(value.slice(0, 200));

/** Returns `name` when it is a valid dataset name; INVALID_ARGUMENT `data.invalid_name` if not. */
export function validateDatasetName(name: unknown): string {
  if (typeof name !== 'string' || !DATASET_NAME.test(name) || name.includes('..')) {
    throw invalidArgument(
      'data.invalid_name',
      `Invalid dataset name ${typeof name === 'string' ? shown(name) : String(name)}: ` +
        'use 1 to 128 letters, digits, dots, dashes or underscores, starting with a letter or ' +
        "digit, without '..'.",
    );
  }
  return name;
}

/** Returns `tag` when it is a valid tag name (not `latest`); `data.invalid_tag` if not. */
export function validateTagName(tag: unknown): string {
  if (typeof tag !== 'string' || !TAG_NAME.test(tag) || tag === LATEST_REF) {
    throw invalidArgument(
      'data.invalid_tag',
      `Invalid tag ${typeof tag === 'string' ? shown(tag) : String(tag)}: use 1 to 64 letters, ` +
        "digits, dots, dashes or underscores, starting with a letter, and not 'latest'.",
    );
  }
  return tag;
}

/** A version number, a tag name or `latest`. */
export type ParsedVersionRef =
  { kind: 'number'; version: number } | { kind: 'tag'; tag: string } | { kind: 'latest' };

/** Parses a ref (`3`, `prod`, `latest`); INVALID_ARGUMENT `data.invalid_ref` otherwise. */
export function parseVersionRef(ref: unknown): ParsedVersionRef {
  if (ref === LATEST_REF) return { kind: 'latest' };
  if (typeof ref === 'string' && VERSION_NUMBER.test(ref)) {
    return { kind: 'number', version: Number(ref) };
  }
  if (typeof ref === 'string' && TAG_NAME.test(ref)) return { kind: 'tag', tag: ref };
  throw invalidArgument(
    'data.invalid_ref',
    `Invalid version reference ${typeof ref === 'string' ? shown(ref) : String(ref)}: use a ` +
      "version number, a tag or 'latest'.",
  );
}

/**
 * Splits `ds@3`, `ds@prod` or a bare `ds` (meaning `ds@latest`), validating both halves.
 */
export function parseDatasetVersionRef(text: string): DatasetVersionRef {
  const at = text.indexOf('@');
  const name = validateDatasetName(at === -1 ? text : text.slice(0, at));
  if (at === -1) return { name, ref: LATEST_REF };
  const ref = text.slice(at + 1);
  parseVersionRef(ref);
  return { name, ref };
}

/** `name@version`, the form lineage and messages use. */
export function formatDatasetVersionRef(name: string, ref: string | number): string {
  return `${name}@${ref}`;
}
