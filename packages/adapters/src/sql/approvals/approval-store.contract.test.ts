/**
 * The approvals store on SQLite and PostgreSQL: protected-alias rules, request rows and
 * their JSON evidence round-trip, the decision is a conditional update (of two concurrent
 * write transactions exactly one moves a request out of PENDING), listing pages newest
 * first and filters by model, state and the reader's grants in the query, and a model's
 * delete takes its rules but keeps the decision records.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApprovalRequest, ProtectedAlias } from '@cairn/core';
import { storeTargets } from '../contract/contract-harness.ts';
import type { MetadataStore } from '../metadata-store.ts';

const targets = await storeTargets();

const request = (id: string, model: string, state = 'PENDING'): ApprovalRequest => ({
  id,
  registeredModelId: model,
  alias: 'champion',
  version: 2,
  baseVersion: 1,
  justification: 'why not',
  state: state as ApprovalRequest['state'],
  requestedBy: 'alice',
  requestedByUserId: 'u-alice',
  createdAt: 10,
  decidedBy: null,
  decidedByUserId: null,
  decidedAt: null,
  decisionReason: null,
  gateResults: null,
});

const rule: ProtectedAlias = {
  registeredModelId: 'rm-a',
  alias: 'champion',
  gates: {
    metrics: [{ key: 'accuracy', op: '>=', threshold: 0.9 }],
    tags: [{ key: 'validation_status', value: 'passed' }],
    modelCardComplete: true,
  },
  createdBy: 'dave',
  createdAt: 5,
};

async function seedModels(store: MetadataStore) {
  await store.registry.write(async (w) => {
    for (const id of ['rm-a', 'rm-b']) {
      await w.insertRegisteredModel(
        {
          id,
          name: `model ${id}`,
          creationTimestamp: 1,
          lastUpdatedTimestamp: 1,
          userId: 'alice',
          description: '',
        },
        [],
      );
    }
  });
}

const decision = (by: string) => ({
  state: 'APPROVED' as const,
  decidedBy: by,
  decidedByUserId: `u-${by}`,
  decidedAt: 20,
  decisionReason: null,
  gateResults: [
    { gate: 'metric' as const, requirement: 'accuracy >= 0.9', passed: true, observed: '0.93' },
  ],
});

for (const target of targets) {
  describe(`approval store (${target.name})`, () => {
    it('stores rules and requests, and lists newest first by model, state and grants', async () => {
      const opened = await target.open();
      const { store } = opened;
      try {
        await seedModels(store);
        await store.approvals.write(async (w) => {
          await w.putProtectedAlias(rule);
          await w.putProtectedAlias({ ...rule, gates: { ...rule.gates, metrics: [] } });
          await w.insertApprovalRequest(request('ar-1', 'rm-a'));
          await w.insertApprovalRequest(request('ar-2', 'rm-b'));
          await w.insertApprovalRequest(request('ar-3', 'rm-a', 'REJECTED'));
        });
        await store.approvals.read(async (r) => {
          assert.deepEqual(await r.getProtectedAlias('rm-a', 'champion'), {
            ...rule,
            gates: { ...rule.gates, metrics: [] },
          });
          assert.deepEqual(await r.listProtectedAliases('rm-a'), ['champion']);
          assert.deepEqual(await r.listProtectedAliases('rm-b'), []);
          assert.deepEqual(await r.getApprovalRequest('ar-1'), request('ar-1', 'rm-a'));
          const ids = async (query: Parameters<typeof r.listApprovalRequests>[0]) =>
            (await r.listApprovalRequests(query)).map((x) => x.id);
          assert.deepEqual(await ids({ limit: 10 }), ['ar-3', 'ar-2', 'ar-1']);
          assert.deepEqual(await ids({ limit: 10, afterId: 'ar-3' }), ['ar-2', 'ar-1']);
          assert.deepEqual(await ids({ limit: 10, registeredModelId: 'rm-a' }), ['ar-3', 'ar-1']);
          assert.deepEqual(await ids({ limit: 10, state: 'PENDING' }), ['ar-2', 'ar-1']);
          // No grants and no default READ: nothing; default READ: everything.
          const hidden = { userId: 'u-bob', readableByDefault: false };
          assert.deepEqual(await ids({ limit: 10, access: hidden }), []);
          const open = { userId: 'u-bob', readableByDefault: true };
          assert.deepEqual(await ids({ limit: 1, access: open }), ['ar-3']);
        });
        await store.approvals.write(async (w) => {
          await w.deleteProtectedAlias('rm-a', 'champion');
        });
        assert.deepEqual(await store.approvals.read((r) => r.listProtectedAliases('rm-a')), []);
      } finally {
        await opened.dispose();
      }
    });

    it('lets exactly one of two concurrent transactions decide a request', async () => {
      const opened = await target.open();
      const { store } = opened;
      try {
        await seedModels(store);
        await store.approvals.write((w) => w.insertApprovalRequest(request('ar-1', 'rm-a')));
        const outcomes = await Promise.all(
          ['carol', 'erin'].map((who) =>
            store.approvals.write((w) => w.decideApprovalRequest('ar-1', decision(who))),
          ),
        );
        assert.deepEqual(outcomes.map(Boolean).sort(), [false, true]);
        const stored = await store.approvals.read((r) => r.getApprovalRequest('ar-1'));
        const winner = outcomes[0] === true ? 'carol' : 'erin';
        assert.deepEqual(stored, { ...request('ar-1', 'rm-a'), ...decision(winner) });
        // A decided request stays decided.
        assert.equal(
          await store.approvals.write((w) => w.decideApprovalRequest('ar-1', decision('x'))),
          false,
        );
      } finally {
        await opened.dispose();
      }
    });

    it('drops the rules with the model but keeps its decision records', async () => {
      const opened = await target.open();
      const { store } = opened;
      try {
        await seedModels(store);
        await store.approvals.write(async (w) => {
          await w.putProtectedAlias(rule);
          await w.insertApprovalRequest(request('ar-1', 'rm-a'));
          await w.deleteRegisteredModel('rm-a');
        });
        await store.approvals.read(async (r) => {
          assert.equal(await r.getProtectedAlias('rm-a', 'champion'), undefined);
          assert.equal((await r.getApprovalRequest('ar-1'))?.registeredModelId, 'rm-a');
        });
      } finally {
        await opened.dispose();
      }
    });
  });
}
