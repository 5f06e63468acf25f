/**
 * Renders the OpenAPI document as the Markdown reference `docs/reference/api.md`, so the
 * human-readable reference comes from the same route table as the API itself.
 */
type Json = Record<string, unknown>;

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const SAFE_INT = 9_007_199_254_740_991;

function asObject(value: unknown): Json {
  return typeof value === 'object' && value !== null ? (value as Json) : {};
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function anchor(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replaceAll(' ', '-');
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

function typeOf(schema: Json): string {
  if (typeof schema.$ref === 'string') {
    const name = refName(schema.$ref);
    return `[${name}](#${anchor(name)})`;
  }
  if (Array.isArray(schema.anyOf)) return schema.anyOf.map((s) => typeOf(asObject(s))).join(' | ');
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (schema.type === 'array') return `${typeOf(asObject(schema.items))}[]`;
  if (schema.type === 'object' && schema.properties === undefined) return 'object';
  return typeof schema.type === 'string' ? schema.type : 'any';
}

function constraints(schema: Json): string[] {
  const notes: string[] = [];
  const bound = (key: string, text: (n: number) => string) => {
    const value = schema[key];
    if (typeof value === 'number' && Math.abs(value) !== SAFE_INT) notes.push(text(value));
  };
  bound('minLength', (n) => `≥ ${n} chars`);
  bound('maxLength', (n) => `≤ ${n} chars`);
  bound('minimum', (n) => `≥ ${n}`);
  bound('maximum', (n) => `≤ ${n}`);
  bound('minItems', (n) => `≥ ${n} items`);
  bound('maxItems', (n) => `≤ ${n} items`);
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  if (schema.type === 'array')
    notes.push(...constraints(asObject(schema.items)).map((n) => `each ${n}`));
  if (typeof schema.description === 'string') notes.push(schema.description);
  return notes;
}

/** Rows `| field | type | required | notes |`, descending into inline objects as `a.b` / `a[].b`. */
function fieldRows(schema: Json, prefix = ''): string[] {
  const properties = asObject(schema.properties);
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const rows: string[] = [];
  for (const [name, raw] of Object.entries(properties)) {
    const property = asObject(raw);
    const field = `${prefix}${name}`;
    rows.push(
      `| \`${field}\` | ${cell(typeOf(property))} | ${required.has(name) ? 'yes' : 'no'} | ${cell(constraints(property).join('; '))} |`,
    );
    if (property.type === 'object' && property.properties !== undefined) {
      rows.push(...fieldRows(property, `${field}.`));
    }
    const items = asObject(property.items);
    if (property.type === 'array' && items.type === 'object' && items.properties !== undefined) {
      rows.push(...fieldRows(items, `${field}[].`));
    }
  }
  return rows;
}

function fieldTable(schema: Json): string[] {
  if (schema.type !== 'object' || schema.properties === undefined) {
    return [`Type: ${typeOf(schema)}`];
  }
  const rows = fieldRows(schema);
  if (rows.length === 0) return ['An empty object `{}`.'];
  return ['| Field | Type | Required | Notes |', '|---|---|---|---|', ...rows];
}

function jsonSchemaOf(content: unknown): Json | undefined {
  const json = asObject(asObject(content)['application/json']);
  return json.schema === undefined ? undefined : asObject(json.schema);
}

function renderOperation(method: string, path: string, op: Json): string[] {
  const lines = [`### ${String(op.summary)}`, '', `\`${method.toUpperCase()} ${path}\``, ''];
  if (typeof op.description === 'string') lines.push(op.description, '');
  const parameters = (Array.isArray(op.parameters) ? op.parameters : []).map(asObject);
  if (parameters.length > 0) {
    lines.push('| Parameter | In | Type | Required | Notes |', '|---|---|---|---|---|');
    for (const p of parameters) {
      const schema = asObject(p.schema);
      const notes = [
        ...constraints(schema),
        ...(typeof p.description === 'string' ? [p.description] : []),
      ];
      const repeat = schema.type === 'array' ? ' (repeatable)' : '';
      lines.push(
        `| \`${String(p.name)}\`${repeat} | ${String(p.in)} | ${cell(typeOf(schema))} | ${p.required === true ? 'yes' : 'no'} | ${cell(notes.join('; '))} |`,
      );
    }
    lines.push('');
  }
  const body = asObject(op.requestBody);
  if (body.content !== undefined) {
    const schema = jsonSchemaOf(body.content);
    if (schema !== undefined) {
      lines.push('Request body (`application/json`):', '', ...fieldTable(schema), '');
    } else {
      lines.push(
        `Request body: raw bytes. ${typeof body.description === 'string' ? body.description : ''}`.trim(),
        '',
      );
    }
  }
  const errors: string[] = [];
  for (const [status, raw] of Object.entries(asObject(op.responses))) {
    const response = asObject(raw);
    if (typeof response.$ref === 'string') {
      errors.push(status);
      continue;
    }
    lines.push(`Response \`${status}\`: ${String(response.description)}`, '');
    const schema = jsonSchemaOf(response.content);
    if (schema !== undefined) lines.push(...fieldTable(schema), '');
  }
  if (errors.length > 0) {
    lines.push(
      `Errors: ${errors.map((status) => `\`${status}\``).join(', ')} (see [Errors](#errors)).`,
      '',
    );
  }
  return lines;
}

/** The Markdown reference of an OpenAPI document built by `createOpenApiDocument`. */
export function renderOpenApiMarkdown(document: Json): string {
  const info = asObject(document.info);
  const components = asObject(document.components);
  const operations = new Map<string, string[][]>();
  const index = new Map<string, string[]>();
  for (const [path, rawItem] of Object.entries(asObject(document.paths))) {
    const item = asObject(rawItem);
    for (const method of HTTP_METHODS) {
      if (item[method] === undefined) continue;
      const op = asObject(item[method]);
      const tag = Array.isArray(op.tags) ? String(op.tags[0]) : 'Other';
      if (!operations.has(tag)) {
        operations.set(tag, []);
        index.set(tag, []);
      }
      operations.get(tag)?.push(renderOperation(method, path, op));
      index
        .get(tag)
        ?.push(`  - [\`${method.toUpperCase()} ${path}\`](#${anchor(String(op.summary))})`);
    }
  }
  const lines = [
    `# ${String(info.title)} reference (v${String(info.version)})`,
    '',
    '<!-- Generated by `npm run docs:api` from the OpenAPI document of packages/server/src/v1; do not edit by hand. -->',
    '',
    typeof info.description === 'string' ? info.description : '',
    '',
    'The machine-readable form of this page is served at `GET /api/v1/openapi.json` (OpenAPI 3.1).',
    '',
    '## Operations',
    '',
  ];
  for (const [tag, entries] of index) lines.push(`- [${tag}](#${anchor(tag)})`, ...entries);
  lines.push('', '## Errors', '', 'Every error answer has the body [Error](#error).', '');
  for (const [name, raw] of Object.entries(asObject(components.responses))) {
    lines.push(`- \`${name.replace(/^Error/, '')}\`: ${String(asObject(raw).description)}`);
  }
  lines.push('');
  const tags = Array.isArray(document.tags) ? document.tags.map(asObject) : [];
  for (const tag of tags) {
    const name = String(tag.name);
    lines.push(`## ${name}`, '', typeof tag.description === 'string' ? tag.description : '', '');
    for (const op of operations.get(name) ?? []) lines.push(...op);
  }
  lines.push('## Schemas', '');
  for (const [name, schema] of Object.entries(asObject(components.schemas))) {
    const s = asObject(schema);
    lines.push(`### ${name}`, '');
    if (typeof s.description === 'string') lines.push(s.description, '');
    lines.push(...fieldTable(s), '');
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
