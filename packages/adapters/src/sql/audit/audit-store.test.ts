/**
 * The audit store on SQLite and PostgreSQL: a leaf per event written with the event, the
 * log read back with its leaves, checkpoints signed and listed, and filtered reads. The
 * tamper scenarios live in tests/integration/audit-tamper.test.ts.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, it } from 'node:test';
import {
  createAuditService,
  createEd25519Signer,
  createManualClock,
  createTrackingService,
  eventLeafHash,
  treeRoot,
  verifyInclusion,
} from '@cairn/core';
import type { AuditRow, RequestContext } from '@cairn/core';
import type { Kysely } from 'kysely';
import { storeTargets } from '../contract/contract-harness.ts';
import { openSqlite } from '../sqlite-database.ts';
import { createAuditSchema } from './audit-migration.ts';
import { openMetadataStore, type MetadataStore } from '../metadata-store.ts';

const targets = await storeTargets();
const signer = createEd25519Signer(
  generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
);

async function seed(store: MetadataStore) {
  const clock = createManualClock(1_700_000_000_000);
  const tracking = createTrackingService({ store: store.tracking, clock });
  const alice: RequestContext = { actor: 'alice' };
  const bob: RequestContext = { actor: 'bob' };
  const experiment = await tracking.createExperiment(alice, { name: 'audit' });
  clock.advance(1_000);
  const run = await tracking.createRun(bob, { experimentId: experiment.experimentId });
  clock.advance(1_000);
  await tracking.setExperimentTag(alice, experiment.experimentId, { key: 'k', value: 'v' });
  return { clock, experiment, run };
}

async function collect(rows: AsyncIterable<AuditRow>): Promise<AuditRow[]> {
  const list: AuditRow[] = [];
  for await (const row of rows) list.push(row);
  return list;
}

for (const target of targets) {
  describe(`audit store (${target.name})`, () => {
    it('stores one leaf per event, signs checkpoints and proves inclusion', async () => {
      const opened = await target.open();
      const store = opened.store;
      try {
        const { clock } = await seed(store);
        const events = await store.events.listEvents(0, 100);
        assert.ok(events.length >= 3);
        const rows = await collect(store.audit.scanLog());
        assert.deepEqual(
          rows.map((row) => row.seq),
          events.map((event) => event.seq),
        );
        for (const [i, row] of rows.entries()) {
          assert.deepEqual(row.event, events[i]);
          assert.deepEqual(row.leafHash, eventLeafHash(events[i]!));
        }
        assert.equal(await store.audit.leafCount(), events.length);
        assert.equal(await store.audit.issuedCount(), events.length);

        const audit = createAuditService({ store: store.audit, signer, clock });
        const first = await audit.checkpointNow();
        assert.equal(first?.treeSize, events.length);
        assert.equal(
          first?.rootHash,
          Buffer.from(treeRoot(events.map(eventLeafHash))).toString('hex'),
        );
        assert.equal(await audit.checkpointNow(), undefined, 'nothing new, nothing signed');
        assert.deepEqual(await audit.latestCheckpoint(), first);

        const proof = await audit.inclusionProof(2);
        assert.ok(
          verifyInclusion(
            1,
            proof.treeSize,
            Buffer.from(proof.leafHash, 'hex'),
            proof.proof.map((p) => Buffer.from(p, 'hex')),
            Buffer.from(proof.checkpoint.rootHash, 'hex'),
          ),
        );
        assert.deepEqual(await audit.verify(), {
          ok: true,
          treeSize: events.length,
          checkedEntries: events.length,
          checkpointSize: events.length,
        });
      } finally {
        await opened.dispose();
      }
    });

    it('filters the log by actor, entity, type and time, in pages', async () => {
      const opened = await target.open();
      const store = opened.store;
      try {
        const { experiment, clock } = await seed(store);
        const audit = createAuditService({ store: store.audit, signer, clock });
        const byAlice = await audit.searchLog({ actor: 'alice' }, {});
        assert.ok(byAlice.items.length >= 2);
        assert.ok(byAlice.items.every((e) => e.actor === 'alice'));
        const onExperiment = await audit.searchLog(
          { entityType: 'experiment', entityId: experiment.experimentId },
          {},
        );
        assert.ok(onExperiment.items.every((e) => e.entityId === experiment.experimentId));
        const late = await audit.searchLog({ since: 1_700_000_002_000 }, {});
        assert.ok(late.items.length >= 1 && late.items.every((e) => e.time >= 1_700_000_002_000));
        const early = await audit.searchLog({ until: 1_700_000_000_000 }, {});
        assert.ok(early.items.every((e) => e.time <= 1_700_000_000_000));
        const all = await audit.searchLog({}, {});
        const first = await audit.searchLog({}, { maxResults: 1 });
        assert.equal(first.items.length, 1);
        const second = await audit.searchLog({}, { maxResults: 1, pageToken: first.nextPageToken });
        assert.deepEqual([...first.items, ...second.items], all.items.slice(0, 2));
        const types = await audit.searchLog({ type: all.items[0]!.type }, {});
        assert.ok(types.items.every((e) => e.type === all.items[0]!.type));

        // Newest first: the same events reversed, paged by the last seq seen, with filters.
        const newest: number[] = [];
        let pageToken: string | undefined;
        do {
          const page = await audit.searchLog({}, { maxResults: 2, order: 'desc', pageToken });
          newest.push(...page.items.map((e) => e.seq));
          pageToken = page.nextPageToken;
        } while (pageToken !== undefined);
        assert.deepEqual(newest, all.items.map((e) => e.seq).reverse());
        const aliceNewest = await audit.searchLog({ actor: 'alice' }, { order: 'desc' });
        assert.deepEqual(aliceNewest.items, [...byAlice.items].reverse());
        const lateNewest = await audit.searchLog(
          { actor: 'alice', since: 1_700_000_001_000 },
          { order: 'desc', maxResults: 1 },
        );
        assert.equal(lateNewest.items[0]?.type, 'tracking.experiment.tag_set');
      } finally {
        await opened.dispose();
      }
    });
  });
}

describe('migration 0004_audit', () => {
  it('gives every event appended before it a leaf', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cairn-audit-migration-'));
    try {
      let store = await openMetadataStore({ dataDir });
      await seed(store);
      const events = await store.events.listEvents(0, 100);
      await store.close();
      // Back to the state before the migration (no audit tables), then the migration itself.
      const raw = new DatabaseSync(join(dataDir, 'cairn.db'));
      raw.exec(`drop table audit_leaves; drop table audit_checkpoints`);
      raw.close();
      const db = openSqlite(dataDir);
      await createAuditSchema(db as unknown as Kysely<unknown>, 'sqlite');
      await db.destroy();
      store = await openMetadataStore({ dataDir });
      try {
        const rows = await collect(store.audit.scanLog());
        assert.deepEqual(
          rows.map((row) => row.leafHash),
          events.map(eventLeafHash),
        );
      } finally {
        await store.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
