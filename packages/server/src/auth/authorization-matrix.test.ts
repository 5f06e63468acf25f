/**
 * The authorization matrix: every route the app serves × every role, against a resource
 * the `owner` created (own for the owner, foreign for everyone else). Expectations come
 * from the same policy table the middleware applies, so a policy and its enforcement
 * cannot drift; the rules themselves are pinned by the explicit cases at the bottom.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createIdentityService, createScryptKdf, permissionRank } from '@cairn/core';
import type { Permission } from '@cairn/core';
import { listRoutes } from '../routes-inventory.ts';
import { buildPolicyTable } from './policy-table.ts';
import { policyKey } from './route-policy.ts';
import type { Locator, RoutePolicy } from './route-policy.ts';
import { basic, createAuthTestApp, TEST_PASSWORD } from './testing/auth-test-app.ts';
import type { AuthTestApp } from './testing/auth-test-app.ts';

interface Role {
  name: string;
  /** Undefined: the request carries no (valid) credentials. */
  permission: Permission | 'ADMIN' | undefined;
  /** A read-scoped token: only read actions, whatever the grant. */
  readOnly?: boolean;
}

const roles: Role[] = [
  { name: 'admin', permission: 'ADMIN' },
  { name: 'owner', permission: 'MANAGE' },
  { name: 'editor', permission: 'EDIT' },
  { name: 'reader', permission: 'READ' },
  { name: 'blocked', permission: 'NO_PERMISSIONS' },
  { name: 'stranger', permission: 'READ' }, // no grant: the default (READ) applies
  { name: 'read-token', permission: 'MANAGE', readOnly: true },
  { name: 'anonymous', permission: undefined },
  { name: 'expired-token', permission: undefined },
  { name: 'revoked-token', permission: undefined },
  { name: 'disabled-user', permission: undefined },
];

interface Fixture {
  experimentId: string;
  experimentName: string;
  runId: string;
  modelId: string;
  registeredModelName: string;
  datasetName: string;
}

function valueFor(resolve: Locator['resolve'], f: Fixture): string {
  switch (resolve) {
    case 'experiment':
      return f.experimentId;
    case 'experiment-name':
      return f.experimentName;
    case 'run':
      return f.runId;
    case 'logged-model':
      return f.modelId;
    case 'artifact-path':
      return `${f.experimentId}/${f.runId}/artifacts/file.txt`;
    case 'registered-model-name':
      return f.registeredModelName;
    case 'model-source':
      return `runs:/${f.runId}/model`;
    case 'dataset-name':
      return f.datasetName;
    case 'registered-model':
      throw new Error('no route names a registered model by id');
  }
}

const PARAM_DEFAULTS: Record<string, string> = {
  key: 'k',
  name: 'n',
  alias: 'a',
  version: '1',
  ref: 'latest',
  tag: 't',
  digest: 'a'.repeat(64),
};

/** A concrete request for a route, naming the fixture wherever the policy looks. */
function requestFor(method: string, path: string, policy: RoutePolicy, f: Fixture) {
  const params: Record<string, string> = {};
  const query = new URLSearchParams();
  const body: Record<string, unknown> = {};
  if (policy.kind === 'self') params[policy.locator.field] = 'owner';
  if (policy.kind === 'resource') {
    for (const { locator } of policy.checks) {
      const value = valueFor(locator.resolve, f);
      const field = locator.fields[0] as string;
      if (locator.from === 'param') params[field] = value;
      else if (locator.from === 'query') query.append(field, value);
      else body[field] = locator.list === true ? [value] : value;
    }
  }
  const url = path
    .split('/')
    .map((segment) => {
      const param = /^:(\w+)/.exec(segment);
      if (param)
        return encodeURI(params[param[1] as string] ?? PARAM_DEFAULTS[param[1] as string] ?? 'x');
      return segment === '*' ? 'not-a-route' : segment;
    })
    .join('/');
  const search = query.size > 0 ? `?${query.toString()}` : '';
  const sendsBytes = method === 'PUT' && /artifacts|objects\/:digest/.test(path);
  return {
    method: method === 'ALL' ? 'GET' : method,
    url: url + search,
    init: sendsBytes
      ? { body: 'bytes', headers: { 'content-type': 'application/octet-stream' } }
      : method === 'GET' || method === 'ALL'
        ? {}
        : { json: body },
  };
}

function expectedOutcome(policy: RoutePolicy, role: Role): 'allowed' | 401 | 403 {
  if (policy.kind === 'public') return 'allowed';
  if (role.permission === undefined) return 401;
  if (role.permission === 'ADMIN') return 'allowed';
  if (policy.kind === 'admin') return 403;
  if (policy.kind === 'authenticated') {
    return role.readOnly === true && policy.action !== 'read' ? 403 : 'allowed';
  }
  if (policy.kind === 'self') {
    // The routes name the owner's account; the read token is the owner's too.
    if (role.name !== 'owner' && role.name !== 'read-token') return 403;
    return role.readOnly === true && policy.action !== 'read' ? 403 : 'allowed';
  }
  for (const check of policy.checks) {
    if (role.readOnly === true && check.action !== 'read') return 403;
    const need: Permission =
      check.action === 'read' ? 'READ' : check.action === 'edit' ? 'EDIT' : 'MANAGE';
    if (permissionRank(role.permission) < permissionRank(need)) return 403;
  }
  return 'allowed';
}

describe('authorization matrix', () => {
  let t: AuthTestApp;
  const credentials = new Map<string, string | undefined>();

  before(async () => {
    t = await createAuthTestApp();
    const root = { actor: 'test-setup' };
    credentials.set('admin', await t.user('admin', { isAdmin: true }));
    for (const name of ['owner', 'editor', 'reader', 'blocked', 'stranger', 'disabled-user']) {
      credentials.set(name, await t.user(name));
    }
    await t.identity.updateUser(root, 'disabled-user', { disabled: true });
    const readToken = await t.identity.createToken(root, {
      username: 'owner',
      name: 'r',
      scope: 'read',
    });
    credentials.set('read-token', `Bearer ${readToken.secret}`);
    const revoked = await t.identity.createToken(root, {
      username: 'owner',
      name: 'x',
      scope: 'admin',
    });
    await t.identity.revokeToken(root, revoked.token.id);
    credentials.set('revoked-token', `Bearer ${revoked.secret}`);
    // Issued two days ago for one day, by the same service logic on a clock set back.
    const past = createIdentityService({
      store: t.store.identity,
      clock: { now: () => Date.now() - 2 * 86_400_000 },
      kdf: createScryptKdf({ cost: 1024, blockSize: 8, parallelization: 1 }),
    });
    const expired = await past.createToken(root, {
      username: 'owner',
      name: 'e',
      scope: 'admin',
      expiresInDays: 1,
    });
    credentials.set('expired-token', basic('owner', expired.secret));
    credentials.set('anonymous', undefined);
  });
  after(() => t.close());

  let counter = 0;
  async function fixture(): Promise<Fixture> {
    const owner = { actor: 'owner' };
    const experimentName = `matrix-${++counter}`;
    const { experimentId } = await t.tracking.createExperiment(owner, { name: experimentName });
    await t.grant('editor', experimentId, 'EDIT');
    await t.grant('reader', experimentId, 'READ');
    await t.grant('blocked', experimentId, 'NO_PERMISSIONS');
    const run = await t.tracking.createRun(owner, { experimentId });
    const model = await t.tracking.createLoggedModel(owner, {
      experimentId,
      sourceRunId: run.info.runId,
    });
    const registeredModelName = `model-${counter}`;
    const registered = await t.registry.createRegisteredModel(owner, { name: registeredModelName });
    for (const [name, permission] of [
      ['editor', 'EDIT'],
      ['reader', 'READ'],
      ['blocked', 'NO_PERMISSIONS'],
    ] as const) {
      await t.grant(name, registered.id, permission, 'registered_model');
    }
    const datasetName = `dataset-${counter}`;
    const dataset = await t.datasets.createDataset(owner, { name: datasetName });
    for (const [name, permission] of [
      ['editor', 'EDIT'],
      ['reader', 'READ'],
      ['blocked', 'NO_PERMISSIONS'],
    ] as const) {
      await t.grant(name, dataset.id, permission, 'dataset');
    }
    return {
      experimentId,
      experimentName,
      runId: run.info.runId,
      modelId: model.modelId,
      registeredModelName,
      datasetName,
    };
  }

  it('answers every route as its policy says, for every role', async () => {
    const table = buildPolicyTable();
    const failures: string[] = [];
    const visited = new Set<string>();
    let checked = 0;
    for (const route of listRoutes(t.app)) {
      const policy = table.get(policyKey(route.method, route.path));
      // Routes without a policy are the coverage test's business (they are denied).
      if (policy === undefined) continue;
      visited.add(policyKey(route.method, route.path));
      // One fixture per route. Denied roles go first, since they change nothing; of the
      // allowed ones, the first may delete or rename it, after which the others get a 404,
      // which still shows they got past authorization.
      const f = await fixture();
      const ordered = [...roles].sort(
        (a, b) =>
          Number(expectedOutcome(policy, a) === 'allowed') -
          Number(expectedOutcome(policy, b) === 'allowed'),
      );
      for (const role of ordered) {
        const request = requestFor(route.method, route.path, policy, f);
        const response = await t.call(request.method, request.url, {
          ...request.init,
          auth: credentials.get(role.name),
        });
        await response.body?.cancel();
        const expected = expectedOutcome(policy, role);
        const ok =
          expected === 'allowed'
            ? response.status !== 401 && response.status !== 403
            : response.status === expected;
        checked++;
        if (!ok) {
          failures.push(
            `${role.name} ${request.method} ${request.url}: expected ${expected}, got ${response.status}`,
          );
        }
        if (expected === 401) {
          assert.equal(response.headers.get('www-authenticate'), 'Basic realm="cairn"');
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(checked > 500, `checked ${checked} cases`);
    // Grants on every kind of resource are MANAGE-only; pin that the matrix walked them.
    for (const resource of [
      'experiments/:experimentId',
      'registered-models/:name',
      'datasets/:name',
    ]) {
      for (const key of [
        `GET /api/v1/${resource}/permissions`,
        `PUT /api/v1/${resource}/permissions/:username`,
        `DELETE /api/v1/${resource}/permissions/:username`,
      ]) {
        assert.ok(visited.has(key), key);
      }
    }
  });

  it('keeps the password out of reach of a wrong password', async () => {
    const response = await t.call('GET', '/api/2.0/mlflow/experiments/search', {
      auth: basic('owner', `${TEST_PASSWORD}x`),
    });
    assert.equal(response.status, 401);
  });
});
