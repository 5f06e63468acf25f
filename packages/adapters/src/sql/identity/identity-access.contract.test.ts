import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  createAccessService,
  createIdentityService,
  createManualClock,
  createScryptKdf,
  createTrackingService,
  isCairnError,
} from '@cairn/core';
import type { AccessApi, IdentityApi, Principal, TrackingApi, User } from '@cairn/core';
import { storeTargets } from '../contract/contract-harness.ts';
import type { OpenedStore } from '../contract/contract-harness.ts';
import type { MetadataStore } from '../index.ts';

const kdf = createScryptKdf({ cost: 1024, blockSize: 8, parallelization: 1 });
const admin = { actor: 'root' };

function principalOf(user: User): Principal {
  return { userId: user.id, username: user.username, isAdmin: user.isAdmin, scope: 'admin' };
}

for (const target of await storeTargets()) {
  describe(`identity and access stores (${target.name})`, () => {
    let opened: OpenedStore;
    let store: MetadataStore;
    let identity: IdentityApi;
    let access: AccessApi;
    let tracking: TrackingApi;
    const clock = createManualClock();
    beforeEach(async () => {
      opened = await target.open();
      store = opened.store;
      identity = createIdentityService({ store: store.identity, clock, kdf });
      access = createAccessService({ store: store.access, clock });
      tracking = createTrackingService({ store: store.tracking, clock });
    });
    afterEach(() => opened.dispose());

    it('creates users with unique names, verifies passwords, disables and promotes', async () => {
      const alice = await identity.createUser(admin, {
        username: 'alice',
        password: 'correct horse',
      });
      assert.equal(alice.isAdmin, false);
      await assert.rejects(
        identity.createUser(admin, { username: 'alice', password: 'another one' }),
        (e) => isCairnError(e) && e.code === 'identity.username_taken',
      );
      assert.equal((await identity.authenticatePassword('alice', 'correct horse'))?.id, alice.id);
      assert.equal(await identity.authenticatePassword('alice', 'wrong horse!'), undefined);
      assert.equal(await identity.authenticatePassword('nobody', 'correct horse'), undefined);
      const promoted = await identity.updateUser(admin, 'alice', { isAdmin: true });
      assert.equal(promoted.isAdmin, true);
      await identity.updateUser(admin, 'alice', { disabled: true });
      assert.equal(await identity.authenticatePassword('alice', 'correct horse'), undefined);
      assert.deepEqual(
        (await identity.listUsers()).map((u) => [u.username, u.isAdmin, u.disabled]),
        [['alice', true, true]],
      );
      const row = await store.identity.read((r) => r.getUser(alice.id));
      assert.match(row?.passwordHash ?? '', /^scrypt\$/);
      assert.ok(!(row?.passwordHash ?? '').includes('correct horse'));
    });

    it('issues tokens shown once, stored hashed, expiring, revocable, with last-used time', async () => {
      await identity.createUser(admin, { username: 'bob', password: 'bob password' });
      const issued = await identity.createToken(admin, {
        username: 'bob',
        name: 'ci',
        scope: 'read',
        expiresInDays: 1,
      });
      assert.match(issued.secret, /^cairn_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
      const stored = await store.identity.read((r) => r.getToken(issued.token.id));
      assert.ok(stored !== undefined && !issued.secret.includes(stored.secretHash));
      assert.notEqual(stored?.secretHash, issued.secret.split('_').at(-1));

      const ok = await identity.authenticateToken(issued.secret);
      assert.equal(ok?.user.username, 'bob');
      assert.equal(ok?.token.scope, 'read');
      assert.equal((await identity.getToken(issued.token.id)).lastUsedAt, clock.now());
      await identity.authenticateToken(issued.secret);
      const events = await store.events.listEvents(0, 1000);
      assert.deepEqual(
        events.filter((e) => e.entityId === issued.token.id).map((e) => [e.type, e.actor]),
        [
          ['identity.token.created', 'root'],
          ['identity.token.used', 'bob'],
        ],
        'one use event per 30 s, by the token owner',
      );
      const tampered = issued.secret.slice(0, -1) + (issued.secret.endsWith('A') ? 'B' : 'A');
      assert.equal(await identity.authenticateToken(tampered), undefined);

      clock.advance(86_400_001);
      assert.equal(await identity.authenticateToken(issued.secret), undefined, 'expired');
      const second = await identity.createToken(admin, {
        username: 'bob',
        name: 'x',
        scope: 'write',
      });
      await identity.revokeToken(admin, second.token.id);
      assert.equal(await identity.authenticateToken(second.secret), undefined, 'revoked');
      assert.deepEqual(
        (await identity.listTokens('bob')).map((t) => [t.name, t.revokedAt === null]),
        [
          ['x', false],
          ['ci', true],
        ],
      );
    });

    it('bootstraps the first admin only once and refuses to start without one', async () => {
      await assert.rejects(
        identity.bootstrapAdmin(undefined),
        (e) => isCairnError(e) && e.code === 'identity.no_admin',
      );
      assert.deepEqual(
        await identity.bootstrapAdmin({ username: 'root', password: 'root pass!' }),
        {
          created: true,
        },
      );
      assert.deepEqual(await identity.bootstrapAdmin(undefined), { created: false });
      assert.equal((await identity.getUser('root')).isAdmin, true);
    });

    it('grants MANAGE to the creator in the create transaction, and filters searches in SQL', async () => {
      const owner = await identity.createUser(admin, { username: 'owner', password: 'owner pass' });
      const reader = await identity.createUser(admin, {
        username: 'reader',
        password: 'reader pass',
      });
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) {
        ids.push(
          (await tracking.createExperiment({ actor: 'owner' }, { name: `e${i}` })).experimentId,
        );
      }
      assert.equal(
        await access.effectivePermission(principalOf(owner), 'experiment', ids[0] as string),
        'MANAGE',
      );
      const visible = new Set([0, 3, 4, 5, 6, 8].map((i) => ids[i] as string));
      for (const id of ids) {
        await access.setPermission(admin, {
          type: 'experiment',
          id,
          userId: reader.id,
          username: 'reader',
          permission: visible.has(id) ? 'READ' : 'NO_PERMISSIONS',
        });
      }
      // An experiment nobody granted anything on: visible under READ default only.
      const open = (await tracking.createExperiment(admin, { name: 'open' })).experimentId;
      for (const defaultPermission of ['READ', 'NO_PERMISSIONS'] as const) {
        const svc = createAccessService({ store: store.access, clock, defaultPermission });
        const filter = svc.searchFilter(principalOf(reader));
        const ctx = { actor: 'reader', ...(filter === undefined ? {} : { access: filter }) };
        const seen: string[] = [];
        let pageToken: string | undefined;
        do {
          const page = await tracking.searchExperiments(ctx, { maxResults: 4, pageToken });
          if (page.nextPageToken !== undefined) assert.equal(page.items.length, 4, 'full pages');
          seen.push(...page.items.map((e) => e.experimentId));
          pageToken = page.nextPageToken;
        } while (pageToken !== undefined);
        const expected = defaultPermission === 'READ' ? [...visible, open] : [...visible];
        assert.deepEqual(seen.sort(), expected.sort(), defaultPermission);
      }
      const run = await tracking.createRun({ actor: 'owner' }, { experimentId: ids[1] });
      const filter = access.searchFilter(principalOf(reader));
      assert.ok(filter !== undefined);
      const runs = await tracking.searchRuns(
        { actor: 'reader', access: filter },
        {
          experimentIds: [ids[1] as string],
        },
      );
      assert.deepEqual(runs.items, []);
      const own = await tracking.searchRuns(
        { actor: 'owner', access: access.searchFilter(principalOf(owner)) ?? filter },
        {
          experimentIds: [ids[1] as string],
        },
      );
      assert.deepEqual(
        own.items.map((r) => r.info.runId),
        [run.info.runId],
      );
      assert.equal(await store.resources.experimentIdOfRun(run.info.runId), ids[1]);
      assert.equal(await store.resources.experimentIdByName('e2'), ids[2]);
      assert.equal(await store.resources.experimentExists('999'), false);
    });
  });
}
