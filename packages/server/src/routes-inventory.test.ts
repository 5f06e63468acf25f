import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { v1OpenApiDocument } from './api-reference.ts';
import { listRoutes, listV1Routes } from './routes-inventory.ts';
import { createTestApp } from './test-support/test-app.ts';
import type { TestApp } from './test-support/test-app.ts';

/** The v1 table of the agreed API contract, written out independently of the route table. */
const contractTable = [
  'GET /api/v1/health',
  'GET /api/v1/openapi.json',
  'GET /api/v1/experiments',
  'POST /api/v1/experiments',
  'GET /api/v1/experiments/{experimentId}',
  'GET /api/v1/experiments/by-name/{name}',
  'PATCH /api/v1/experiments/{experimentId}',
  'DELETE /api/v1/experiments/{experimentId}',
  'POST /api/v1/experiments/{experimentId}/restore',
  'PUT /api/v1/experiments/{experimentId}/tags/{key}',
  'DELETE /api/v1/experiments/{experimentId}/tags/{key}',
  'POST /api/v1/runs',
  'GET /api/v1/runs/{runId}',
  'PATCH /api/v1/runs/{runId}',
  'DELETE /api/v1/runs/{runId}',
  'POST /api/v1/runs/{runId}/restore',
  'POST /api/v1/runs/search',
  'POST /api/v1/runs/{runId}/log-batch',
  'DELETE /api/v1/runs/{runId}/tags/{key}',
  'GET /api/v1/runs/{runId}/metrics/{key}/history',
  'GET /api/v1/runs/{runId}/metrics/{key}/series',
  'GET /api/v1/runs/{runId}/artifacts',
  'GET /api/v1/runs/{runId}/artifacts/content',
  'PUT /api/v1/runs/{runId}/artifacts/content',
  'GET /api/v1/logged-models/{modelId}',
  'GET /api/v1/events',
  'GET /api/v1/events/stream',
  'GET /api/v1/audit/log',
  'POST /api/v1/audit/verify',
  'GET /api/v1/audit/checkpoints/latest',
  'GET /api/v1/audit/key',
  'GET /api/v1/audit/proof/{seq}',
  'GET /api/v1/audit/consistency',
  'GET /api/v1/webhooks',
  'POST /api/v1/webhooks',
  'GET /api/v1/webhooks/{webhookId}',
  'PATCH /api/v1/webhooks/{webhookId}',
  'DELETE /api/v1/webhooks/{webhookId}',
  'POST /api/v1/webhooks/{webhookId}/test',
  'GET /api/v1/webhooks/{webhookId}/deliveries',
  'GET /api/v1/webhooks/{webhookId}/deliveries/{deliveryId}',
  'GET /api/v1/runs/{runId}/comments',
  'POST /api/v1/runs/{runId}/comments',
  'GET /api/v1/runs/{runId}/comments/{commentId}',
  'PATCH /api/v1/runs/{runId}/comments/{commentId}',
  'DELETE /api/v1/runs/{runId}/comments/{commentId}',
  'GET /api/v1/registered-models/{name}/versions/{version}/comments',
  'POST /api/v1/registered-models/{name}/versions/{version}/comments',
  'GET /api/v1/registered-models/{name}/versions/{version}/comments/{commentId}',
  'PATCH /api/v1/registered-models/{name}/versions/{version}/comments/{commentId}',
  'DELETE /api/v1/registered-models/{name}/versions/{version}/comments/{commentId}',
  'GET /api/v1/registered-models',
  'POST /api/v1/registered-models',
  'GET /api/v1/registered-models/{name}',
  'PATCH /api/v1/registered-models/{name}',
  'DELETE /api/v1/registered-models/{name}',
  'PUT /api/v1/registered-models/{name}/tags/{key}',
  'DELETE /api/v1/registered-models/{name}/tags/{key}',
  'GET /api/v1/registered-models/{name}/latest-versions',
  'PUT /api/v1/registered-models/{name}/aliases/{alias}',
  'GET /api/v1/registered-models/{name}/aliases/{alias}',
  'DELETE /api/v1/registered-models/{name}/aliases/{alias}',
  'GET /api/v1/model-versions',
  'GET /api/v1/registered-models/{name}/versions',
  'POST /api/v1/registered-models/{name}/versions',
  'GET /api/v1/registered-models/{name}/versions/{version}',
  'PATCH /api/v1/registered-models/{name}/versions/{version}',
  'DELETE /api/v1/registered-models/{name}/versions/{version}',
  'GET /api/v1/lineage',
  'GET /api/v1/registered-models/{name}/versions/{version}/model-card',
  'PUT /api/v1/registered-models/{name}/versions/{version}/model-card',
  'GET /api/v1/registered-models/{name}/versions/{version}/model-card/revisions',
  'GET /api/v1/registered-models/{name}/versions/{version}/model-card/export',
  'GET /api/v1/registered-models/{name}/protected-aliases',
  'PUT /api/v1/registered-models/{name}/protected-aliases/{alias}',
  'DELETE /api/v1/registered-models/{name}/protected-aliases/{alias}',
  'GET /api/v1/approvals',
  'POST /api/v1/approvals',
  'GET /api/v1/approvals/{requestId}',
  'POST /api/v1/approvals/{requestId}/approve',
  'POST /api/v1/approvals/{requestId}/reject',
  'POST /api/v1/approvals/{requestId}/cancel',
  'PUT /api/v1/registered-models/{name}/versions/{version}/tags/{key}',
  'DELETE /api/v1/registered-models/{name}/versions/{version}/tags/{key}',
  'POST /api/v1/registered-models/{name}/versions/{version}/stage',
  'GET /api/v1/registered-models/{name}/versions/{version}/download-uri',
  'GET /api/v1/me',
  'GET /api/v1/users',
  'POST /api/v1/users',
  'GET /api/v1/users/{username}',
  'PATCH /api/v1/users/{username}',
  'GET /api/v1/users/{username}/tokens',
  'POST /api/v1/users/{username}/tokens',
  'DELETE /api/v1/users/{username}/tokens/{tokenId}',
  'GET /api/v1/experiments/{experimentId}/my-permission',
  'GET /api/v1/experiments/{experimentId}/permissions',
  'PUT /api/v1/experiments/{experimentId}/permissions/{username}',
  'DELETE /api/v1/experiments/{experimentId}/permissions/{username}',
  'GET /api/v1/registered-models/{name}/my-permission',
  'GET /api/v1/registered-models/{name}/permissions',
  'PUT /api/v1/registered-models/{name}/permissions/{username}',
  'DELETE /api/v1/registered-models/{name}/permissions/{username}',
  'GET /api/v1/datasets/{name}/my-permission',
  'GET /api/v1/datasets/{name}/permissions',
  'PUT /api/v1/datasets/{name}/permissions/{username}',
  'DELETE /api/v1/datasets/{name}/permissions/{username}',
  'GET /api/v1/datasets',
  'POST /api/v1/datasets',
  'GET /api/v1/datasets/{name}',
  'PATCH /api/v1/datasets/{name}',
  'GET /api/v1/datasets/{name}/versions',
  'POST /api/v1/datasets/{name}/versions',
  'GET /api/v1/datasets/{name}/versions/{ref}',
  'PATCH /api/v1/datasets/{name}/versions/{ref}',
  'GET /api/v1/datasets/{name}/versions/{ref}/manifest',
  'GET /api/v1/datasets/{name}/versions/{ref}/profile',
  'GET /api/v1/datasets/{name}/versions/{ref}/schema/inferred',
  'POST /api/v1/datasets/{name}/versions/{ref}/validate',
  'GET /api/v1/datasets/{name}/versions/{ref}/files/{digest}',
  'PUT /api/v1/datasets/{name}/tags/{tag}',
  'DELETE /api/v1/datasets/{name}/tags/{tag}',
  'GET /api/v1/datasets/{name}/schema',
  'PUT /api/v1/datasets/{name}/schema',
  'GET /api/v1/datasets/{name}/schema/revisions',
  'GET /api/v1/datasets/{name}/diff',
  'POST /api/v1/datasets/{name}/objects/missing',
  'PUT /api/v1/datasets/{name}/objects/{digest}',
].sort();

const toHono = (entry: string) => entry.replace(/\{(\w+)\}/g, ':$1');

describe('route inventory', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('lists every v1 route of the contract among the app’s routes, and no other v1 route', () => {
    const registered = listRoutes(t.app).map((r) => `${r.method} ${r.path}`);
    const v1 = registered.filter((entry) => entry.split(' ')[1]?.startsWith('/api/v1/'));
    assert.deepEqual(v1.sort(), contractTable.map(toHono).sort());
    assert.deepEqual(
      listV1Routes()
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
      contractTable.map(toHono).sort(),
    );
  });

  it('lists the other routes too (MLflow layer, health, version, home), without middleware', () => {
    const registered = listRoutes(t.app);
    for (const entry of [
      'GET /health',
      'GET /version',
      'GET /',
      'POST /api/2.0/mlflow/runs/create',
    ]) {
      assert.ok(
        registered.some((r) => `${r.method} ${r.path}` === entry),
        `${entry} is in the inventory`,
      );
    }
    assert.ok(!registered.some((r) => r.path === '/*'), 'global middleware is not a route');
    const keys = registered.map((r) => `${r.method} ${r.path}`);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('has the OpenAPI document list exactly the v1 routes', () => {
    const paths = v1OpenApiDocument('0.0.0')['paths'] as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    assert.deepEqual(documented.sort(), contractTable);
  });
});
