/** Which events the live stream shows a user: each kind mapped to the resource whose grant decides. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAccessService } from '@cairn/core';
import type { AccessReader, AccessWriter, Grant, Principal, StoredEvent } from '@cairn/core';
import { createEventFilter } from './event-visibility.ts';
import type { ServerResourceDirectory } from './resource-resolver.ts';

/** Grants in a map: the access service over a store that needs no database. */
function accessWith(grants: Grant[]) {
  const reader: AccessReader = {
    getGrant: (userId, type, id) =>
      Promise.resolve(
        grants.find((g) => g.userId === userId && g.resourceType === type && g.resourceId === id),
      ),
    listGrants: () => Promise.resolve([]),
  };
  const writer = reader as AccessWriter;
  return createAccessService({
    store: { read: (fn) => fn(reader), write: (fn) => fn(writer) },
    clock: { now: () => 0 },
    defaultPermission: 'NO_PERMISSIONS',
  });
}

const directory: ServerResourceDirectory = {
  experimentIdOfRun: (runId) => Promise.resolve({ 'run-a': 'exp-a', 'run-b': 'exp-b' }[runId]),
  experimentIdOfLoggedModel: (id) => Promise.resolve(id === 'm-a' ? 'exp-a' : undefined),
  experimentIdByName: () => Promise.resolve(undefined),
  experimentExists: (id) => Promise.resolve(id === 'exp-a' || id === 'exp-b'),
  registeredModelIdByName: () => Promise.resolve(undefined),
  datasetIdByName: () => Promise.resolve(undefined),
};

const grant = (resourceType: Grant['resourceType'], resourceId: string): Grant => ({
  userId: 'u1',
  resourceType,
  resourceId,
  permission: 'READ',
  updatedAt: 0,
});

let seq = 0;
const event = (
  entityType: string,
  entityId: string,
  payload: Record<string, unknown> = {},
): StoredEvent => ({
  seq: ++seq,
  type: `test.${entityType}.changed`,
  entityType,
  entityId,
  actor: 'someone',
  time: 0,
  payload,
});

const user: Principal = { userId: 'u1', username: 'ann', isAdmin: false, scope: 'admin' };

describe('event visibility', () => {
  const access = accessWith([
    grant('experiment', 'exp-a'),
    grant('registered_model', 'rm-a'),
    grant('dataset', 'ds-a'),
  ]);
  const visible = createEventFilter({ principal: user, access, resources: directory });

  const cases: [StoredEvent, boolean][] = [
    [event('experiment', 'exp-a'), true],
    [event('experiment', 'exp-b'), false],
    [event('run', 'run-a'), true],
    [event('run', 'run-b'), false],
    [event('run', 'run-gone'), false],
    [event('logged_model', 'm-a'), true],
    [event('artifact', 'exp-a/run-a/artifacts/model.pkl'), true],
    [event('artifact', 'exp-b/run-b/artifacts/x'), false],
    [event('registered_model', 'rm-a'), true],
    [event('model_version', 'rm-a/3'), true],
    [event('model_version', 'rm-b/1'), false],
    [event('approval_request', 'ar-1', { registeredModelId: 'rm-a' }), true],
    [event('approval_request', 'ar-2', { registeredModelId: 'rm-b' }), false],
    [event('dataset', 'ds-a'), true],
    [event('dataset', 'ds-b'), false],
    [event('comment', 'c1', { targetType: 'run', targetId: 'run-a' }), true],
    [event('comment', 'c2', { targetType: 'model_version', targetId: 'rm-b/2' }), false],
    [event('user', 'u2'), false],
    [event('webhook', 'wh-1'), false],
  ];
  for (const [e, expected] of cases) {
    it(`${expected ? 'shows' : 'hides'} ${e.entityType} ${e.entityId}`, async () => {
      assert.equal(await visible(e), expected);
    });
  }

  it('shows admins and single-user mode everything, and nothing without the directory', async () => {
    const admin = createEventFilter({
      principal: { ...user, isAdmin: true },
      access,
      resources: directory,
    });
    assert.equal(await admin(event('user', 'u2')), true);
    const local = createEventFilter({ principal: undefined, access, resources: directory });
    assert.equal(await local(event('run', 'run-b')), true);
    const blind = createEventFilter({ principal: user, access, resources: undefined });
    assert.equal(await blind(event('run', 'run-a')), false);
  });
});
