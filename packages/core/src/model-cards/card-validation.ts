/**
 * Checks a card document from a client against the card's shape: no unknown fields (as MCT's
 * `additionalProperties: false`), bounded text and lists; absent fields take their empty
 * value, so a client may send only the sections it fills.
 */
import { invalidArgument } from '../kernel/index.ts';
import { DatasetRole, MODEL_CARD_SCHEMA_VERSION, type ModelCardContent } from './model-card.ts';

export const ModelCardLimits = {
  /** Characters of one text field. */
  text: 20_000,
  /** Entries of one list. */
  list: 500,
  /** Characters of the whole document as JSON. */
  document: 1_000_000,
} as const;

type Shape =
  | { t: 'string' }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'list'; of: Shape }
  | { t: 'object'; fields: Record<string, Shape> }
  | { t: 'nullable'; of: Shape };

const str: Shape = { t: 'string' };
const list = (of: Shape): Shape => ({ t: 'list', of });
const obj = (fields: Record<string, Shape>): Shape => ({ t: 'object', fields });

const CARD_SHAPE = obj({
  schema_version: { t: 'enum', values: [MODEL_CARD_SCHEMA_VERSION] },
  model_details: obj({
    name: str,
    overview: str,
    documentation: str,
    owners: list(obj({ name: str, contact: str })),
    version: obj({ name: str, date: str, diff: str }),
    licenses: list(obj({ identifier: str, custom_text: str })),
    references: list(obj({ reference: str })),
    citations: list(obj({ style: str, citation: str })),
  }),
  model_parameters: obj({
    model_architecture: str,
    data: list(
      obj({
        name: str,
        link: str,
        description: str,
        role: { t: 'enum', values: Object.values(DatasetRole) },
        digest: str,
        sensitive: obj({ sensitive_data: list(str) }),
      }),
    ),
    input_format: str,
    output_format: str,
    parameters: list(obj({ name: str, value: str })),
  }),
  quantitative_analysis: obj({
    performance_metrics: list(obj({ type: str, value: str, slice: str })),
  }),
  considerations: obj({
    users: list(str),
    use_cases: list(str),
    limitations: list(str),
    tradeoffs: list(str),
    ethical_considerations: list(obj({ name: str, mitigation_strategy: str })),
  }),
  factors: list(str),
  code_version: { t: 'nullable', of: obj({ commit: str, source_name: str, repo_url: str }) },
});

function fail(path: string, message: string): never {
  throw invalidArgument('model_card.invalid', `${path}: ${message}`, {
    details: { field: path },
  });
}

function emptyOf(shape: Shape): unknown {
  switch (shape.t) {
    case 'string':
      return '';
    case 'enum':
      return shape.values[0];
    case 'list':
      return [];
    case 'nullable':
      return null;
    case 'object':
      return Object.fromEntries(Object.entries(shape.fields).map(([k, s]) => [k, emptyOf(s)]));
  }
}

function check(value: unknown, shape: Shape, path: string): unknown {
  if (value === undefined) return emptyOf(shape);
  switch (shape.t) {
    case 'string':
      if (typeof value !== 'string') fail(path, 'must be a string');
      if (value.length > ModelCardLimits.text) {
        fail(path, `must have at most ${ModelCardLimits.text} characters`);
      }
      return value;
    case 'enum':
      if (typeof value !== 'string' || !shape.values.includes(value)) {
        fail(path, `must be one of ${shape.values.join(', ')}`);
      }
      return value;
    case 'nullable':
      return value === null ? null : check(value, shape.of, path);
    case 'list':
      if (!Array.isArray(value)) fail(path, 'must be a list');
      if (value.length > ModelCardLimits.list) {
        fail(path, `must have at most ${ModelCardLimits.list} entries`);
      }
      return value.map((item, index) => check(item, shape.of, `${path}[${index}]`));
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        fail(path, 'must be an object');
      }
      const record = value as Record<string, unknown>;
      const unknown = Object.keys(record).find((key) => !Object.hasOwn(shape.fields, key));
      if (unknown !== undefined) fail(`${path}.${unknown}`, 'is not a model card field');
      return Object.fromEntries(
        Object.entries(shape.fields).map(([key, s]) => [
          key,
          check(record[key], s, `${path}.${key}`),
        ]),
      );
    }
  }
}

/** The validated document, with absent fields filled in; INVALID_ARGUMENT naming the first bad field. */
export function validateModelCardContent(value: unknown): ModelCardContent {
  const content = check(value, CARD_SHAPE, 'content') as ModelCardContent;
  if (JSON.stringify(content).length > ModelCardLimits.document) {
    fail('content', `must be at most ${ModelCardLimits.document} characters as JSON`);
  }
  return content;
}
