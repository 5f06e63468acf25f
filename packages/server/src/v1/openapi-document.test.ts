import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { renderApiReference } from '../api-reference.ts';
import { createOpenApiDocument } from './openapi-document.ts';
import { v1Routes } from './v1-routes.ts';

type Json = Record<string, unknown>;
const document = createOpenApiDocument(v1Routes, '1.2.3') as Json & {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; responses: Record<string, Json> };
};
const JSON_SCHEMA_TYPES = new Set([
  'string',
  'number',
  'integer',
  'boolean',
  'object',
  'array',
  'null',
]);

function* walk(value: unknown, path: string): Generator<[string, Json]> {
  if (typeof value !== 'object' || value === null) return;
  if (!Array.isArray(value)) yield [path, value as Json];
  for (const [key, child] of Object.entries(value)) yield* walk(child, `${path}/${key}`);
}

function operations(): [string, string, Json][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]): [string, string, Json] => [path, method, op]),
  );
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with info, tags and components', () => {
    assert.equal(document['openapi'], '3.1.0');
    const info = document['info'] as Json;
    assert.equal(info['title'], 'Cairn API');
    assert.equal(info['version'], '1.2.3');
    assert.ok(Object.keys(document.components.schemas).length > 5);
    const tags = (document['tags'] as Json[]).map((tag) => tag['name']);
    for (const [, , op] of operations()) assert.ok(tags.includes((op['tags'] as string[])[0]));
  });

  it('gives every operation a unique id, a success response and schemas for all its JSON', () => {
    const ids = new Set<string>();
    for (const [path, method, op] of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      assert.ok(typeof op['operationId'] === 'string' && !ids.has(op['operationId']), where);
      ids.add(op['operationId']);
      assert.ok(typeof op['summary'] === 'string', where);

      const templateParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const params = (op['parameters'] ?? []) as Json[];
      assert.deepEqual(
        params.filter((p) => p['in'] === 'path').map((p) => p['name']),
        templateParams,
        where,
      );
      for (const p of params) {
        assert.ok(p['schema'] !== undefined, `${where} parameter ${String(p['name'])}`);
        if (p['in'] === 'path') assert.equal(p['required'], true);
      }

      const responses = op['responses'] as Record<string, Json>;
      const success = Object.keys(responses).filter((status) => /^2\d\d$/.test(status));
      // One success answer, or a create's 201 with the 200 of finding it already there.
      assert.ok(
        success.length === 1 || success.sort().join(',') === '200,201',
        `${where}: ${success.join(',')}`,
      );
      for (const [status, response] of Object.entries(responses)) {
        if (response['$ref'] !== undefined) continue;
        const content = response['content'] as Record<string, Json> | undefined;
        if (status === '204') assert.equal(content, undefined, where);
        else for (const media of Object.values(content ?? {})) assert.ok(media['schema'], where);
      }
      const body = op['requestBody'] as Json | undefined;
      if (method === 'post' || method === 'patch' || method === 'put') {
        assert.ok(body, `${where} documents its body`);
        for (const media of Object.values(body['content'] as Record<string, Json>)) {
          assert.ok(media['schema'], where);
        }
      }
    }
  });

  it('uses JSON Schema 2020-12 keywords only, and every $ref resolves', () => {
    for (const [path, node] of walk(document, '#')) {
      assert.equal(node['$defs'], undefined, path);
      assert.equal(node['$schema'], undefined, path);
      if (typeof node['type'] === 'string' && !path.includes('/examples')) {
        assert.ok(JSON_SCHEMA_TYPES.has(node['type']), `${path}: type ${node['type']}`);
      }
      if (typeof node['$ref'] === 'string') {
        const ref = node['$ref'];
        const match = /^#\/components\/(schemas|responses)\/(\w+)$/.exec(ref);
        assert.ok(match, `${path}: ${ref}`);
        const section = document.components[match[1] as 'schemas' | 'responses'];
        assert.ok(section[match[2] as string], `${path}: ${ref} resolves`);
      }
    }
  });

  it('documents the bounds that validation enforces', () => {
    const search = document.paths['/api/v1/runs/search']?.['post'] as Json;
    const schema = ((search['requestBody'] as Json)['content'] as Record<string, Json>)[
      'application/json'
    ]?.['schema'] as {
      properties: Record<string, Json>;
      required: string[];
      additionalProperties: boolean;
    };
    assert.equal(schema.properties['maxResults']?.['maximum'], 50_000);
    assert.equal(schema.properties['maxResults']?.['default'], 100);
    assert.deepEqual(schema.required, ['experimentIds']);
    assert.equal(schema.additionalProperties, false);
    const history = document.paths['/api/v1/runs/{runId}/metrics/{key}/history']?.['get'] as Json;
    const maxResults = (history['parameters'] as Json[]).find((p) => p['name'] === 'maxResults');
    assert.equal((maxResults?.['schema'] as Json)['maximum'], 25_000);
  });

  it('matches the committed docs/reference/api.md (run `npm run docs:api` when this fails)', async () => {
    const committed = await readFile(
      new URL('../../../../docs/reference/api.md', import.meta.url),
      'utf8',
    );
    assert.equal(committed, renderApiReference());
  });
});
