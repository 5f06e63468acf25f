/**
 * Approvals over HTTP on a started server with `--auth`: a protected alias refuses direct
 * moves through the MLflow API (400 INVALID_PARAMETER_VALUE naming the approval request)
 * and v1, and the four-eyes promotion works end to end through the v1 routes.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { basic } from '../auth/testing/auth-test-app.ts';
import { startServer } from '../start-server.ts';

type Server = Awaited<ReturnType<typeof startServer>>;
const PASSWORD = 'a long password 1';

describe('approvals over HTTP (--auth)', () => {
  let dataDir: string;
  let server: Server;
  const as = (user: string) => ({
    authorization: basic(user, user === 'admin' ? 'admin password 1' : PASSWORD),
  });
  async function call(user: string, method: string, path: string, json?: unknown) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...as(user),
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>,
    };
  }
  async function ok(user: string, method: string, path: string, json?: unknown) {
    const { status, body } = await call(user, method, path, json);
    assert.ok(
      status >= 200 && status < 300,
      `${method} ${path}: ${status} ${JSON.stringify(body)}`,
    );
    return body;
  }
  const errorCode = (body: Record<string, unknown>) => (body.error as { code: string }).code;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cairn-approvals-http-'));
    server = await startServer({
      auth: true,
      port: 0,
      dataDir,
      quiet: true,
      admin: { username: 'admin', password: 'admin password 1' },
    });
    for (const username of ['alice', 'carol']) {
      await ok('admin', 'POST', '/api/v1/users', { username, password: PASSWORD });
    }
    const run = (await ok('admin', 'POST', '/api/v1/runs', { experimentId: '0' })) as {
      info: { runId: string };
    };
    const upload = await fetch(
      `${server.url}/api/v1/runs/${run.info.runId}/artifacts/content?path=model%2FMLmodel`,
      {
        method: 'PUT',
        headers: { ...as('admin'), 'content-type': 'application/octet-stream' },
        body: 'flavors: {}\n',
      },
    );
    assert.equal(upload.status, 201);
    await ok('admin', 'POST', '/api/v1/registered-models', { name: 'fraud' });
    for (let i = 0; i < 2; i++) {
      await ok('admin', 'POST', '/api/v1/registered-models/fraud/versions', {
        source: `runs:/${run.info.runId}/model`,
      });
    }
    await ok('admin', 'PUT', '/api/v1/registered-models/fraud/aliases/champion', { version: 1 });
    await ok('admin', 'PUT', '/api/v1/registered-models/fraud/permissions/alice', {
      permission: 'EDIT',
    });
    await ok('admin', 'PUT', '/api/v1/registered-models/fraud/permissions/carol', {
      permission: 'MANAGE',
    });
  });
  after(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('protects an alias only with MANAGE, then refuses direct moves on every API', async () => {
    const refused = await call(
      'alice',
      'PUT',
      '/api/v1/registered-models/fraud/protected-aliases/champion',
      {},
    );
    assert.equal(refused.status, 403);
    const rule = await ok(
      'admin',
      'PUT',
      '/api/v1/registered-models/fraud/protected-aliases/champion',
      {
        tags: [{ key: 'validation_status', value: 'passed' }],
      },
    );
    assert.equal(rule.version, 1);

    for (const prefix of ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow']) {
      const moved = await call('admin', 'POST', `${prefix}/registered-models/alias`, {
        name: 'fraud',
        alias: 'champion',
        version: '2',
      });
      assert.equal(moved.status, 400);
      assert.equal(moved.body.error_code, 'INVALID_PARAMETER_VALUE');
      assert.match(String(moved.body.message), /approval request/);
      const deleted = await call(
        'admin',
        'DELETE',
        `${prefix}/registered-models/alias?name=fraud&alias=champion`,
      );
      assert.equal(deleted.status, 400);
      assert.equal(deleted.body.error_code, 'INVALID_PARAMETER_VALUE');
    }
    const v1 = await call('admin', 'PUT', '/api/v1/registered-models/fraud/aliases/champion', {
      version: 2,
    });
    assert.equal(v1.status, 400);
    assert.equal(errorCode(v1.body), 'registry.alias_protected');
    const alias = await ok('admin', 'GET', '/api/v1/registered-models/fraud/aliases/champion');
    assert.equal(alias.version, 1);
  });

  it('promotes through a request that another user with MANAGE approves, gates recorded', async () => {
    const request = await ok('alice', 'POST', '/api/v1/approvals', {
      name: 'fraud',
      alias: 'champion',
      version: 2,
      justification: 'recall +4 points',
    });
    assert.equal(request.state, 'PENDING');
    const id = String(request.id);
    const self = await call('alice', 'POST', `/api/v1/approvals/${id}/approve`, {});
    assert.equal(self.status, 403);
    assert.equal(errorCode(self.body), 'approvals.self_approval');
    const gated = await call('carol', 'POST', `/api/v1/approvals/${id}/approve`, {});
    assert.equal(gated.status, 400);
    assert.equal(errorCode(gated.body), 'approvals.gates_failed');
    await ok('admin', 'PUT', '/api/v1/registered-models/fraud/versions/2/tags/validation_status', {
      value: 'passed',
    });
    const approved = await ok('carol', 'POST', `/api/v1/approvals/${id}/approve`, {
      reason: 'validated',
    });
    assert.equal(approved.state, 'APPROVED');
    assert.deepEqual(approved.gateResults, [
      { gate: 'tag', requirement: 'validation_status = passed', passed: true, observed: 'passed' },
    ]);
    const alias = await ok('alice', 'GET', '/api/v1/registered-models/fraud/aliases/champion');
    assert.equal(alias.version, 2);
    const listed = (await ok('alice', 'GET', '/api/v1/approvals?name=fraud')) as {
      items: { id: string; state: string }[];
    };
    assert.deepEqual(
      listed.items.map((r) => [r.id, r.state]),
      [[id, 'APPROVED']],
    );
  });
});
