/**
 * Validation of registry inputs, to MLflow's rules (`mlflow/utils/validation.py`,
 * `mlflow/entities/model_registry/model_version_stages.py`). Every failure is
 * INVALID_ARGUMENT with a stable `registry.*` code.
 */
import { invalidArgument } from '../kernel/index.ts';
import type { Tag } from '../tracking/index.ts';
import { validateEntityKey } from '../tracking/index.ts';
import { ModelStage } from './entities.ts';
import { RegistryLimits } from './registry-limits.ts';

// Control characters in a name would reach logs, URIs and the UI.
const CONTROL = /\p{Cc}/u;
const ALIAS_CHARSET = /^[\w-]*$/;
const VERSION_LIKE_ALIAS = /^[vV]\d+$/;
const DECIMAL = /^\d+$/;

function requireText(value: unknown, field: string): string {
  if (value === undefined || value === null || value === '') {
    throw invalidArgument(
      'registry.missing_value',
      `Missing value for required parameter '${field}'.`,
      {
        details: { field },
      },
    );
  }
  if (typeof value !== 'string') {
    throw invalidArgument('registry.invalid_value', `Parameter '${field}' must be a string.`, {
      details: { field },
    });
  }
  return value;
}

function bounded(value: string, field: string, limit: number): string {
  if (value.length > limit) {
    throw invalidArgument(
      'registry.value_too_long',
      `'${field}' exceeds the maximum length of ${limit} characters`,
      { details: { field, limit } },
    );
  }
  return value;
}

/** A registered model name: a non-empty string of at most 256 characters, no control characters. */
export function validateModelName(value: unknown, field = 'name'): string {
  const name = bounded(requireText(value, field), field, RegistryLimits.maxModelNameLength);
  if (CONTROL.test(name)) {
    throw invalidArgument(
      'registry.invalid_name',
      `Invalid registered model name ${JSON.stringify(name)}: control characters are not allowed.`,
      { details: { field } },
    );
  }
  return name;
}

/** A version number as MLflow sends it (a decimal string) or as a number. */
export function parseVersion(value: unknown, field = 'version'): number {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text === 'string' && DECIMAL.test(text)) {
    const version = Number(text);
    if (Number.isSafeInteger(version)) return version;
  }
  if (value === undefined || value === null || value === '') {
    throw invalidArgument(
      'registry.missing_value',
      `Missing value for required parameter '${field}'.`,
      {
        details: { field },
      },
    );
  }
  throw invalidArgument(
    'registry.invalid_version',
    `Parameter '${field}' must be an integer, got ${JSON.stringify(value)}.`,
    { details: { field } },
  );
}

/**
 * An alias: `^[\w-]*$`, at most 255 characters, not `latest` in any case and not `v<n>`,
 * because those would be ambiguous with `models:/name/latest` and version references.
 */
export function validateAlias(value: unknown, field = 'alias'): string {
  const alias = requireText(value, field);
  const fail = (reason: string) =>
    invalidArgument(
      'registry.invalid_alias',
      `Invalid alias name ${JSON.stringify(alias)}: ${reason}`,
      {
        details: { field },
      },
    );
  if (!ALIAS_CHARSET.test(alias)) {
    throw fail('an alias may only contain letters, digits, underscores (_) and dashes (-).');
  }
  if (alias.length > RegistryLimits.maxAliasLength) {
    throw fail(`an alias may be at most ${RegistryLimits.maxAliasLength} characters long.`);
  }
  if (alias.toLowerCase() === 'latest') throw fail("'latest' is reserved.");
  if (VERSION_LIKE_ALIAS.test(alias)) {
    throw fail("aliases of the form 'v<number>' are reserved for version references.");
  }
  return alias;
}

/** Registry tags: MLflow's key rules, key ≤ 250, value ≤ 100,000 (rejected, never truncated). */
export function validateRegistryTag(tag: Tag, path = ''): Tag {
  if (tag === null || typeof tag !== 'object') {
    throw invalidArgument(
      'registry.invalid_value',
      `Parameter '${path || 'tag'}' must be an object.`,
    );
  }
  const key = validateRegistryTagKey(tag.key, `${path}key`);
  const raw: unknown = tag.value;
  if (raw === undefined || raw === null) {
    throw invalidArgument(
      'registry.missing_value',
      `Missing value for required parameter '${path}value'.`,
    );
  }
  if (typeof raw !== 'string') {
    throw invalidArgument('registry.invalid_value', `Parameter '${path}value' must be a string.`);
  }
  return { key, value: bounded(raw, `${path}value`, RegistryLimits.maxTagValueLength) };
}

export function validateRegistryTagKey(key: unknown, field = 'key'): string {
  return validateEntityKey(key, field, RegistryLimits.maxTagKeyLength);
}

/** An optional free-text field (description): absent is '', otherwise a bounded string. */
export function validateDescription(value: unknown, field = 'description'): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') {
    throw invalidArgument('registry.invalid_value', `Parameter '${field}' must be a string.`, {
      details: { field },
    });
  }
  return bounded(value, field, RegistryLimits.maxDescriptionLength);
}

/**
 * A run link is shown to people as a link, so only web addresses are kept: anything
 * else (`javascript:`, `file:`) would be a click away from harm.
 */
export function validateRunLink(value: unknown, field = 'run_link'): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) {
    throw invalidArgument(
      'registry.invalid_run_link',
      `Parameter '${field}' must be an http(s) URL.`,
      {
        details: { field },
      },
    );
  }
  return bounded(value, field, RegistryLimits.maxRunLinkLength);
}

const STAGES: readonly ModelStage[] = Object.values(ModelStage);

/** A stage in any case (`production`, `PRODUCTION`) → its canonical spelling. */
export function canonicalStage(value: unknown, field = 'stage'): ModelStage {
  const text = requireText(value, field);
  const stage = STAGES.find((s) => s.toLowerCase() === text.toLowerCase());
  if (stage === undefined) {
    throw invalidArgument(
      'registry.invalid_stage',
      `Invalid Model Version stage: ${text}. Value must be one of ${STAGES.join(', ')}.`,
      { details: { field } },
    );
  }
  return stage;
}

/** The stages `archiveExistingVersions` may be combined with. */
export const ACTIVE_STAGES: readonly ModelStage[] = [ModelStage.STAGING, ModelStage.PRODUCTION];

/** A client's tag list: each tag validated, the last value of a repeated key kept. */
export function validateRegistryTagList(tags: readonly Tag[] | undefined): Tag[] {
  const raw: unknown = tags;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    throw invalidArgument('registry.invalid_value', "Parameter 'tags' must be a list.");
  }
  const byKey = new Map<string, Tag>();
  (raw as Tag[]).forEach((tag, i) => {
    const valid = validateRegistryTag(tag, `tags[${i}].`);
    byKey.set(valid.key, valid);
  });
  return [...byKey.values()];
}
