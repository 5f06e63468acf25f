/** The model card store on SQLite and PostgreSQL: one set of expectations. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCairnError } from '@cairn/core';
import type { ModelCardRevisionRow } from '@cairn/core';
import { storeTargets } from '../contract/contract-harness.ts';

const targets = await storeTargets();

const revision = (modelId: string, version: number, n: number): ModelCardRevisionRow => ({
  registeredModelId: modelId,
  version,
  revision: n,
  content: JSON.stringify({ note: `r${n}`, text: 'ünïcødé ✓' }),
  author: `author-${n}`,
  createdAt: 1000 + n,
});

for (const target of targets) {
  describe(`model card store (${target.name})`, () => {
    it('appends revisions per version, reads the newest and pages newest first', async () => {
      const opened = await target.open();
      const cards = opened.store.modelCards;
      try {
        assert.equal(await cards.read((r) => r.getLatestRevision('m1', 1)), undefined);
        for (const n of [1, 2, 3]) {
          await cards.write((w) => w.insertRevision(revision('m1', 1, n)));
        }
        await cards.write((w) => w.insertRevision(revision('m1', 2, 1)));
        await cards.write((w) => w.insertRevision(revision('m2', 1, 1)));

        assert.deepEqual(
          await cards.read((r) => r.getLatestRevision('m1', 1)),
          revision('m1', 1, 3),
        );
        assert.deepEqual(
          (await cards.read((r) => r.listRevisions('m1', 1, { offset: 0, limit: 2 }))).map(
            (row) => row.revision,
          ),
          [3, 2],
        );
        assert.deepEqual(
          await cards.read((r) => r.listRevisions('m1', 1, { offset: 2, limit: 2 })),
          [revision('m1', 1, 1)],
        );
        assert.deepEqual(
          (await cards.read((r) => r.listRevisions('m1', 2, { offset: 0, limit: 10 }))).length,
          1,
        );
      } finally {
        await opened.dispose();
      }
    });

    it('refuses a revision number twice with ALREADY_EXISTS and keeps the first', async () => {
      const opened = await target.open();
      const cards = opened.store.modelCards;
      try {
        await cards.write((w) => w.insertRevision(revision('m1', 1, 1)));
        await assert.rejects(
          cards.write((w) => w.insertRevision({ ...revision('m1', 1, 1), author: 'intruder' })),
          (error) =>
            isCairnError(error) &&
            error.category === 'ALREADY_EXISTS' &&
            error.code === 'model_card.revision_conflict',
        );
        assert.equal((await cards.read((r) => r.getLatestRevision('m1', 1)))?.author, 'author-1');
      } finally {
        await opened.dispose();
      }
    });

    it('writes the revision and its event in one transaction', async () => {
      const opened = await target.open();
      const { modelCards, events } = opened.store;
      try {
        await assert.rejects(
          modelCards.write(async (w) => {
            await w.insertRevision(revision('m9', 1, 1));
            await w.appendEvent({
              type: 'model_card.saved',
              entityType: 'model_version',
              entityId: 'm9/1',
              actor: 'a',
              time: 1,
              payload: {},
            });
            throw new Error('abort');
          }),
          /abort/,
        );
        assert.equal(await modelCards.read((r) => r.getLatestRevision('m9', 1)), undefined);
        const logged = await events.listEvents(0, 1000);
        assert.ok(!logged.some((e) => e.entityId === 'm9/1'));
      } finally {
        await opened.dispose();
      }
    });
  });
}
