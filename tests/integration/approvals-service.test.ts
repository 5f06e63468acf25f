/**
 * The four-eyes approval workflow against the real metadata store, on SQLite and (when its
 * binaries exist) PostgreSQL: protected aliases refuse direct moves, every transition from
 * every state is allowed or refused as the state machine says, requesters never decide
 * their own requests (admins included), reviewers need MANAGE, two concurrent approvals
 * have one winner, gates are evaluated and recorded, and the alias moves only on approval.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import type { MetadataStore } from '@cairn/adapters';
import {
  CairnError,
  createAccessService,
  createApprovalService,
  createIdentityService,
  createManualClock,
  createRegistryService,
  createTrackingService,
  ensureDefaultExperiment,
} from '@cairn/core';
import type {
  AccessApi,
  ApprovalsApi,
  PasswordKdf,
  Principal,
  RegistryApi,
  RequestContext,
  StoredEvent,
  TrackingApi,
} from '@cairn/core';
import { storeTargets } from '../../packages/adapters/src/sql/contract/contract-harness.ts';
import type { OpenedStore } from '../../packages/adapters/src/sql/contract/contract-harness.ts';

/** Passwords play no part here; a cheap stand-in for the slow KDF port. */
const plainKdf: PasswordKdf = {
  hash: (password) => Promise.resolve(`plain:${password}`),
  verify: (password, stored) => Promise.resolve(stored === `plain:${password}`),
};

interface Harness {
  opened: OpenedStore;
  store: MetadataStore;
  tracking: TrackingApi;
  registry: RegistryApi;
  access: AccessApi;
  approvals: ApprovalsApi;
  clock: ReturnType<typeof createManualClock>;
  runId: string;
  users: Record<'alice' | 'bob' | 'carol' | 'dave' | 'erin', RequestContext>;
  events(): Promise<StoredEvent[]>;
}

async function rejectsWith(promise: Promise<unknown>, category: string, code: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof CairnError, String(error));
    assert.equal(error.category, category, error.message);
    assert.equal(error.code, code, error.message);
    return true;
  });
}

const targets = await storeTargets();

for (const target of targets) {
  describe(`approvals (${target.name})`, () => {
    let h: Harness;
    let cardComplete = false;

    beforeEach(async () => {
      const opened = await target.open();
      const { store } = opened;
      const clock = createManualClock(1_700_000_000_000);
      await ensureDefaultExperiment({ store: store.tracking, clock });
      const tracking = createTrackingService({ store: store.tracking, clock });
      const registry = createRegistryService({ store: store.registry, tracking, clock });
      const access = createAccessService({ store: store.access, clock });
      const identity = createIdentityService({ store: store.identity, clock, kdf: plainKdf });
      const system: RequestContext = { actor: 'system' };
      const users = {} as Harness['users'];
      for (const name of ['alice', 'bob', 'carol', 'dave', 'erin'] as const) {
        const isAdmin = name === 'dave' || name === 'erin';
        const user = await identity.createUser(system, {
          username: name,
          password: 'a long password',
          isAdmin,
        });
        const principal: Principal = { userId: user.id, username: name, isAdmin, scope: 'admin' };
        users[name] = { actor: name, principal };
      }
      const run = await tracking.createRun(users.alice, { experimentId: '0' });
      await tracking.logBatch(users.alice, run.info.runId, {
        metrics: [{ key: 'accuracy', value: 0.93, timestamp: 1, step: 0 }],
      });
      const model = await registry.createRegisteredModel(users.alice, { name: 'fraud' });
      for (let i = 0; i < 3; i++) {
        await registry.createModelVersion(users.alice, {
          name: 'fraud',
          source: `runs:/${run.info.runId}/model`,
          runId: run.info.runId,
        });
      }
      await registry.setAlias(users.alice, 'fraud', 'champion', 1);
      // alice (requester) may edit, carol reviews with MANAGE, bob only reads (the default).
      for (const [who, permission] of [
        ['alice', 'EDIT'],
        ['carol', 'MANAGE'],
      ] as const) {
        const principal = users[who].principal;
        assert.ok(principal !== undefined);
        await access.setPermission(system, {
          type: 'registered_model',
          id: model.id,
          userId: principal.userId,
          username: who,
          permission,
        });
      }
      cardComplete = false;
      const approvals = createApprovalService({
        store: store.approvals,
        tracking,
        clock,
        access,
        modelCardCompleteness: () =>
          Promise.resolve(
            cardComplete
              ? { complete: true, missing: [] }
              : {
                  complete: false,
                  missing: [{ section: 'considerations.limitations', description: 'limits' }],
                },
          ),
      });
      await approvals.protectAlias(users.dave, 'fraud', 'champion');
      h = {
        opened,
        store,
        tracking,
        registry,
        access,
        approvals,
        clock,
        runId: run.info.runId,
        users,
        events: async () => store.events.listEvents(0, 10_000),
      };
    });

    afterEach(async () => {
      await h.opened.dispose();
    });

    const request = (version = 2, who: keyof Harness['users'] = 'alice') =>
      h.approvals.createRequest(h.users[who], {
        name: 'fraud',
        alias: 'champion',
        version,
        justification: 'better recall on the March data',
      });
    const championVersion = async () =>
      (await h.registry.getVersionByAlias(h.users.alice, 'fraud', 'champion')).version;

    it('refuses every direct move of a protected alias; unprotected aliases move freely', async () => {
      const { alice, dave } = h.users;
      for (const attempt of [
        () => h.registry.setAlias(alice, 'fraud', 'champion', 2),
        () => h.registry.setAlias(dave, 'fraud', 'champion', 3),
        () => h.registry.deleteAlias(dave, 'fraud', 'champion'),
        () => h.registry.deleteModelVersion(dave, 'fraud', 1),
        () => h.registry.deleteRegisteredModel(dave, 'fraud'),
      ]) {
        await rejectsWith(attempt(), 'FAILED_PRECONDITION', 'registry.alias_protected');
      }
      assert.equal(await championVersion(), 1);
      // Protecting an alias that is not set yet guards its first setting too.
      await h.approvals.protectAlias(dave, 'fraud', 'challenger');
      await rejectsWith(
        h.registry.setAlias(alice, 'fraud', 'challenger', 2),
        'FAILED_PRECONDITION',
        'registry.alias_protected',
      );
      await h.registry.setAlias(alice, 'fraud', 'staging', 2);
      await h.registry.deleteModelVersion(alice, 'fraud', 3);
      await h.approvals.unprotectAlias(dave, 'fraud', 'challenger');
      await h.registry.setAlias(alice, 'fraud', 'challenger', 2);
      const listed = await h.approvals.listProtectedAliases(alice, 'fraud');
      assert.deepEqual(
        listed.map((p) => [p.alias, p.version]),
        [['champion', 1]],
      );
    });

    it('moves the alias only on approval, in the approving transaction, with its events', async () => {
      const { alice, carol } = h.users;
      const created = await request();
      assert.equal(created.state, 'PENDING');
      assert.equal(created.baseVersion, 1);
      assert.equal(created.name, 'fraud');
      assert.equal(await championVersion(), 1);
      const approved = await h.approvals.approve(carol, created.id, 'looks good');
      assert.equal(approved.state, 'APPROVED');
      assert.equal(approved.decidedBy, 'carol');
      assert.deepEqual(approved.gateResults, []);
      assert.equal(await championVersion(), 2);
      assert.deepEqual(await h.approvals.getRequest(alice, created.id), approved);
      const events = (await h.events()).filter(
        (e) => e.type.startsWith('approvals.request') || e.type === 'registry.alias.set',
      );
      assert.deepEqual(
        events.slice(-3).map((e) => [e.type, e.actor]),
        [
          ['approvals.request.created', 'alice'],
          ['registry.alias.set', 'carol'],
          ['approvals.request.approved', 'carol'],
        ],
      );
      assert.equal(events.at(-2)?.payload.approvalRequestId, created.id);
      assert.equal(events.at(-1)?.payload.requestedBy, 'alice');
    });

    describe('state machine', () => {
      type Action = 'approve' | 'reject' | 'cancel';
      const act = (action: Action, id: string) => {
        const { alice, carol } = h.users;
        if (action === 'approve') return h.approvals.approve(carol, id);
        if (action === 'reject') return h.approvals.reject(carol, id, 'not convinced');
        return h.approvals.cancel(alice, id, 'changed my mind');
      };
      const expected = { approve: 'APPROVED', reject: 'REJECTED', cancel: 'CANCELLED' } as const;

      for (const action of ['approve', 'reject', 'cancel'] as const) {
        it(`PENDING --${action}--> ${expected[action]}, with its event`, async () => {
          const { id } = await request();
          const decided = await act(action, id);
          assert.equal(decided.state, expected[action]);
          assert.equal(await championVersion(), action === 'approve' ? 2 : 1);
          const last = (await h.events()).at(-1);
          assert.equal(last?.type, `approvals.request.${expected[action].toLowerCase()}`);
          assert.equal(last?.entityType, 'approval_request');
          assert.equal(last?.entityId, id);
        });
      }

      it('PENDING --(alias moved meanwhile)--> STALE on the next approve, and the alias stays', async () => {
        const { dave, carol } = h.users;
        const { id } = await request(2);
        await h.approvals.unprotectAlias(dave, 'fraud', 'champion');
        await h.registry.setAlias(dave, 'fraud', 'champion', 3);
        await h.approvals.protectAlias(dave, 'fraud', 'champion');
        await rejectsWith(
          h.approvals.approve(carol, id),
          'FAILED_PRECONDITION',
          'approvals.request_stale',
        );
        const stale = await h.approvals.getRequest(carol, id);
        assert.equal(stale.state, 'STALE');
        assert.match(stale.decisionReason ?? '', /moved from 1 to 3/);
        assert.equal(await championVersion(), 3);
        assert.equal((await h.events()).at(-1)?.type, 'approvals.request.stale');
      });

      it('PENDING --(alias unprotected meanwhile)--> STALE', async () => {
        const { id } = await request(2);
        await h.approvals.unprotectAlias(h.users.dave, 'fraud', 'champion');
        await rejectsWith(
          h.approvals.approve(h.users.carol, id),
          'FAILED_PRECONDITION',
          'approvals.request_stale',
        );
        assert.equal((await h.approvals.getRequest(h.users.carol, id)).state, 'STALE');
      });

      const reach = {
        APPROVED: (id: string) => act('approve', id),
        REJECTED: (id: string) => act('reject', id),
        CANCELLED: (id: string) => act('cancel', id),
        STALE: async (id: string) => {
          await h.approvals.unprotectAlias(h.users.dave, 'fraud', 'champion');
          await h.approvals.protectAlias(h.users.dave, 'fraud', 'champion', {});
          await h.registry.deleteModelVersion(h.users.dave, 'fraud', 2);
          await act('approve', id).catch(() => undefined);
        },
      };
      for (const [state, get] of Object.entries(reach)) {
        it(`${state} is final: approve, reject and cancel are all refused`, async () => {
          const { id } = await request(2);
          await get(id);
          assert.equal((await h.approvals.getRequest(h.users.alice, id)).state, state);
          const eventsBefore = (await h.events()).length;
          for (const action of ['approve', 'reject', 'cancel'] as const) {
            await rejectsWith(act(action, id), 'FAILED_PRECONDITION', 'approvals.not_pending');
          }
          assert.equal((await h.approvals.getRequest(h.users.alice, id)).state, state);
          assert.equal((await h.events()).length, eventsBefore);
        });
      }
    });

    it('never lets requesters decide their own request, admins included', async () => {
      const { alice, dave, carol } = h.users;
      const mine = await request(2, 'alice');
      await rejectsWith(
        h.approvals.approve(alice, mine.id),
        'PERMISSION_DENIED',
        'approvals.self_approval',
      );
      await rejectsWith(
        h.approvals.reject(alice, mine.id, 'x'),
        'PERMISSION_DENIED',
        'approvals.self_approval',
      );
      const admins = await request(3, 'dave');
      await rejectsWith(
        h.approvals.approve(dave, admins.id),
        'PERMISSION_DENIED',
        'approvals.self_approval',
      );
      assert.equal(await championVersion(), 1);
      // Another admin (MANAGE by being admin) may decide it; others may not cancel it.
      await rejectsWith(
        h.approvals.cancel(carol, admins.id),
        'PERMISSION_DENIED',
        'approvals.not_requester',
      );
      assert.equal((await h.approvals.approve(h.users.erin, admins.id)).state, 'APPROVED');
      assert.equal(await championVersion(), 3);
    });

    it('refuses reviewers without MANAGE on the model, and single-user mode', async () => {
      const { id } = await request();
      await rejectsWith(
        h.approvals.approve(h.users.bob, id),
        'PERMISSION_DENIED',
        'access.permission_denied',
      );
      await rejectsWith(
        h.approvals.reject(h.users.bob, id, 'no'),
        'PERMISSION_DENIED',
        'access.permission_denied',
      );
      await rejectsWith(
        h.approvals.approve({ actor: 'local' }, id),
        'FAILED_PRECONDITION',
        'approvals.four_eyes_unavailable',
      );
      // bob may read but not request (EDIT), nor protect (MANAGE).
      await rejectsWith(request(3, 'bob'), 'PERMISSION_DENIED', 'access.permission_denied');
      await rejectsWith(
        h.approvals.protectAlias(h.users.bob, 'fraud', 'x'),
        'PERMISSION_DENIED',
        'access.permission_denied',
      );
      assert.equal((await h.approvals.getRequest(h.users.bob, id)).state, 'PENDING');
      assert.equal(await championVersion(), 1);
    });

    it('lets exactly one of two concurrent approvals win', async () => {
      const { id } = await request();
      const results = await Promise.allSettled([
        h.approvals.approve(h.users.carol, id),
        h.approvals.approve(h.users.erin, id),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      assert.equal(won.length, 1);
      assert.equal(lost.length, 1);
      const reason: unknown = lost[0]?.reason;
      assert.ok(reason instanceof CairnError);
      assert.equal(reason.category, 'FAILED_PRECONDITION');
      assert.equal(reason.code, 'approvals.not_pending');
      const approvedEvents = (await h.events()).filter(
        (e) => e.type === 'approvals.request.approved',
      );
      assert.equal(approvedEvents.length, 1);
      assert.equal(await championVersion(), 2);
    });

    it('evaluates gates at approval, refuses on a failure and records the evidence', async () => {
      const { alice, carol, dave } = h.users;
      await h.approvals.protectAlias(dave, 'fraud', 'champion', {
        metrics: [
          { key: 'accuracy', op: '>=', threshold: 0.9 },
          { key: 'latency_ms', op: '<', threshold: 50 },
        ],
        tags: [{ key: 'validation_status', value: 'passed' }],
        modelCardComplete: true,
      });
      const { id } = await request(2);
      await assert.rejects(h.approvals.approve(carol, id), (error: unknown) => {
        assert.ok(error instanceof CairnError);
        assert.equal(error.code, 'approvals.gates_failed');
        assert.equal(error.category, 'FAILED_PRECONDITION');
        const failed = (error.details as { failedGates: { requirement: string }[] }).failedGates;
        assert.deepEqual(
          failed.map((g) => g.requirement),
          ['latency_ms < 50', 'validation_status = passed', 'model card complete'],
        );
        return true;
      });
      const blocked = (await h.events()).at(-1);
      assert.equal(blocked?.type, 'approvals.request.approval_blocked');
      assert.equal((blocked?.payload.gateResults as unknown[]).length, 4);
      assert.equal((await h.approvals.getRequest(alice, id)).state, 'PENDING');
      assert.equal(await championVersion(), 1);

      await h.tracking.logBatch(alice, h.runId, {
        metrics: [{ key: 'latency_ms', value: 42, timestamp: 2, step: 0 }],
      });
      await h.registry.setModelVersionTag(alice, 'fraud', 2, {
        key: 'validation_status',
        value: 'passed',
      });
      cardComplete = true;
      const approved = await h.approvals.approve(carol, id);
      assert.deepEqual(approved.gateResults, [
        { gate: 'metric', requirement: 'accuracy >= 0.9', passed: true, observed: '0.93' },
        { gate: 'metric', requirement: 'latency_ms < 50', passed: true, observed: '42' },
        {
          gate: 'tag',
          requirement: 'validation_status = passed',
          passed: true,
          observed: 'passed',
        },
        {
          gate: 'model_card',
          requirement: 'model card complete',
          passed: true,
          observed: 'complete',
        },
      ]);
      // Stored with the decision: read back, the evidence is the same.
      assert.deepEqual((await h.approvals.getRequest(alice, id)).gateResults, approved.gateResults);
      assert.equal(await championVersion(), 2);
    });

    it('lists requests newest first, by state and model, in full pages', async () => {
      const { alice, carol } = h.users;
      const first = await request(2);
      h.clock.advance(1);
      const second = await request(3);
      await h.approvals.reject(carol, first.id, 'no');
      const all = await h.approvals.listRequests(alice, { maxResults: 1 });
      assert.deepEqual(
        all.items.map((r) => r.id),
        [second.id],
      );
      assert.ok(all.nextPageToken !== undefined);
      const rest = await h.approvals.listRequests(alice, {
        maxResults: 1,
        pageToken: all.nextPageToken,
      });
      assert.deepEqual(
        rest.items.map((r) => r.id),
        [first.id],
      );
      assert.equal(rest.nextPageToken, undefined);
      const pending = await h.approvals.listRequests(alice, { name: 'fraud', state: 'PENDING' });
      assert.deepEqual(
        pending.items.map((r) => r.id),
        [second.id],
      );
    });
  });
}
