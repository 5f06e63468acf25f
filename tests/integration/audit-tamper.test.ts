/**
 * The audit trail against an attacker with database access: a real store filled through
 * real service calls, signed checkpoints, then rows edited, rewritten with their leaves,
 * deleted, swapped, inserted and truncated, and a checkpoint forged, all with plain SQL
 * behind Cairn's back. Each must be caught with the first bad entry named. On SQLite, and
 * on PostgreSQL when its binaries exist. Ends with `cairn audit verify` as a user runs it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openMetadataStore } from '@cairn/adapters';
import type { MetadataStore } from '@cairn/adapters';
import {
  createAuditService,
  createEd25519Signer,
  createManualClock,
  createTrackingService,
  eventLeafHash,
  signCheckpoint,
} from '@cairn/core';
import type { AuditApi, AuditVerification, StoredEvent } from '@cairn/core';
import { startServer } from '@cairn/server';
import { startPostgres } from '../support/postgres.ts';

const newSigner = () =>
  createEd25519Signer(
    generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  );
const signer = newSigner();
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Plain SQL on the store's database, the way an intruder with a database login would. */
type Exec = (statement: string, params?: unknown[]) => Promise<void>;

interface Target {
  name: string;
  open(): Promise<{ store: MetadataStore; exec: Exec }>;
}

async function targets(): Promise<Target[]> {
  const list: Target[] = [
    {
      name: 'sqlite',
      async open() {
        const dataDir = await mkdtemp(join(tmpdir(), 'cairn-audit-tamper-'));
        cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
        const store = await openMetadataStore({ dataDir });
        const exec: Exec = (statement, params = []) => {
          const db = new DatabaseSync(join(dataDir, 'cairn.db'));
          try {
            db.prepare(statement).run(...(params as (string | number)[]));
          } finally {
            db.close();
          }
          return Promise.resolve();
        };
        return { store, exec };
      },
    },
  ];
  const server = await startPostgres();
  if (server !== undefined) {
    cleanups.push(() => server.stop());
    let databases = 0;
    list.push({
      name: 'postgres',
      async open() {
        const name = `audit_tamper_${++databases}`;
        const admin = new pg.Client({ connectionString: server.url });
        await admin.connect();
        await admin.query(`create database ${name}`);
        await admin.end();
        const url = server.url.replace(/\/[^/]+$/, `/${name}`);
        const store = await openMetadataStore({ url });
        const exec: Exec = async (statement, params = []) => {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            let n = 0;
            await client.query(
              statement.replace(/\?/g, () => `$${++n}`),
              params,
            );
          } finally {
            await client.end();
          }
        };
        return { store, exec };
      },
    });
  }
  return list;
}

interface Scenario {
  store: MetadataStore;
  exec: Exec;
  audit: AuditApi;
  events: StoredEvent[];
}

/**
 * Eight events from eight service calls, with a checkpoint signed after each as the
 * server's timer would under steady load, so every entry sits in its own signed range.
 */
async function seeded(target: Target, checkpointEach = true): Promise<Scenario> {
  const { store, exec } = await target.open();
  cleanups.push(() => store.close());
  const clock = createManualClock(1_700_000_000_000);
  const tracking = createTrackingService({ store: store.tracking, clock });
  const audit = createAuditService({ store: store.audit, signer, clock });
  const alice = { actor: 'alice' };
  const bob = { actor: 'bob' };
  const calls: (() => Promise<unknown>)[] = [];
  let experimentId = '';
  let runId = '';
  calls.push(async () => {
    experimentId = (await tracking.createExperiment(alice, { name: 'churn' })).experimentId;
  });
  calls.push(() => tracking.setExperimentTag(alice, experimentId, { key: 'team', value: 'risk' }));
  calls.push(async () => {
    runId = (await tracking.createRun(bob, { experimentId })).info.runId;
  });
  calls.push(() =>
    tracking.logBatch(bob, runId, { params: [{ key: 'lr', value: '0.1' }], metrics: [], tags: [] }),
  );
  calls.push(() =>
    tracking.logBatch(bob, runId, {
      metrics: [{ key: 'auc', value: 0.91, timestamp: clock.now(), step: 0 }],
    }),
  );
  calls.push(() => tracking.updateRun(bob, runId, { status: 'FINISHED', endTime: clock.now() }));
  calls.push(() => tracking.renameExperiment(alice, experimentId, 'churn-v2'));
  calls.push(() => tracking.deleteRun(alice, runId));
  for (const call of calls) {
    clock.advance(1_000);
    await call();
    if (checkpointEach) await audit.checkpointNow();
  }
  if (!checkpointEach) await audit.checkpointNow();
  const events = await store.events.listEvents(0, 1_000);
  assert.equal(events.length, 8, 'one event per call');
  return { store, exec, audit, events };
}

function expectBad(
  result: AuditVerification,
  reason: string,
  firstBadSeq: number | undefined,
): void {
  assert.equal(result.ok, false, JSON.stringify(result));
  assert.equal(result.reason, reason, JSON.stringify(result));
  assert.equal(result.firstBadSeq, firstBadSeq, JSON.stringify(result));
}

const leafHex = (event: StoredEvent) => Buffer.from(eventLeafHash(event)).toString('hex');

for (const target of await targets()) {
  describe(`audit tamper detection (${target.name})`, () => {
    it('accepts the untouched log', async () => {
      const { audit } = await seeded(target);
      assert.deepEqual(await audit.verify(), {
        ok: true,
        treeSize: 8,
        checkedEntries: 8,
        checkpointSize: 8,
      });
    });

    it('catches an edited payload', async () => {
      const { audit, exec } = await seeded(target);
      await exec(`update events set payload = ? where seq = 4`, ['{"params":["lr=0.5"]}']);
      expectBad(await audit.verify(), 'content_changed', 4);
    });

    it('catches a row edited together with its stored leaf, and the server refuses to sign over it', async () => {
      const { audit, exec, events, store } = await seeded(target);
      const forged = { ...events[4]!, actor: 'mallory' };
      await exec(`update events set actor = 'mallory' where seq = 5`);
      await exec(`update audit_leaves set leaf_hash = ? where seq = 5`, [leafHex(forged)]);
      const result = await audit.verify();
      expectBad(result, 'checkpoint_mismatch', 5);
      assert.equal(result.lastSuspectSeq, 5);
      // A restarted server rebuilds the tree from the stored leaves and will not vouch for them.
      const restarted = createAuditService({
        store: store.audit,
        signer,
        clock: createManualClock(),
      });
      await store.tracking.write(async (w) =>
        w.appendEvent({
          type: 'test.event',
          entityType: 'test',
          entityId: '1',
          actor: 'x',
          time: 1,
          payload: {},
        }),
      );
      await assert.rejects(restarted.checkpointNow(), { code: 'audit.log_tampered' });
    });

    it('bounds a rewritten row by the signed checkpoints around it', async () => {
      const { audit, exec, events } = await seeded(target, false);
      const forged = { ...events[4]!, actor: 'mallory' };
      await exec(`update events set actor = 'mallory' where seq = 5`);
      await exec(`update audit_leaves set leaf_hash = ? where seq = 5`, [leafHex(forged)]);
      const result = await audit.verify();
      expectBad(result, 'checkpoint_mismatch', 1);
      assert.equal(result.lastSuspectSeq, 8);
    });

    it('catches a deleted row, with and without its leaf', async () => {
      const first = await seeded(target);
      await first.exec(`delete from events where seq = 3`);
      expectBad(await first.audit.verify(), 'missing_entry', 3);
      const second = await seeded(target);
      await second.exec(`delete from events where seq = 6`);
      await second.exec(`delete from audit_leaves where seq = 6`);
      expectBad(await second.audit.verify(), 'missing_entry', 6);
    });

    it('catches two rows whose contents were swapped', async () => {
      const { audit, exec, events } = await seeded(target);
      const set = `update events set type = ?, entity_type = ?, entity_id = ?, actor = ?, time = ?, payload = ? where seq = ?`;
      const values = (e: StoredEvent) => [
        e.type,
        e.entityType,
        e.entityId,
        e.actor,
        e.time,
        JSON.stringify(e.payload),
      ];
      await exec(set, [...values(events[6]!), 2]);
      await exec(set, [...values(events[1]!), 7]);
      expectBad(await audit.verify(), 'reordered', 2);
    });

    it('catches an inserted row', async () => {
      const { audit, exec } = await seeded(target);
      await exec(
        `insert into events (seq, type, entity_type, entity_id, actor, time, payload) values (9, 'tracking.run.deleted', 'run', 'r', 'alice', 1700000009000, '{}')`,
      );
      expectBad(await audit.verify(), 'extra_entry', 9);
    });

    it('catches a truncated tail', async () => {
      const { audit, exec } = await seeded(target);
      await exec(`delete from events where seq > 6`);
      await exec(`delete from audit_leaves where seq > 6`);
      await exec(`update counters set value = 6 where name = 'event_seq'`);
      expectBad(await audit.verify(), 'log_shorter_than_checkpoint', 7);
    });

    it('catches a forged checkpoint', async () => {
      const { audit, exec, store } = await seeded(target);
      // Entry 8 rewritten, and a checkpoint "signed" over the new state with another key.
      await exec(`update events set actor = 'mallory' where seq = 8`);
      const events = await store.events.listEvents(0, 100);
      await exec(`update audit_leaves set leaf_hash = ? where seq = 8`, [leafHex(events[7]!)]);
      const { treeRoot } = await import('@cairn/core');
      const forger = newSigner();
      const forged = signCheckpoint(
        forger,
        8,
        treeRoot(events.map(eventLeafHash)),
        1_800_000_000_000,
      );
      await exec(`delete from audit_checkpoints`);
      await exec(
        `insert into audit_checkpoints (tree_size, key_id, root_hash, time, signature, public_key) values (?, ?, ?, ?, ?, ?)`,
        [
          forged.treeSize,
          forged.keyId,
          forged.rootHash,
          forged.time,
          forged.signature,
          forger.publicKey,
        ],
      );
      expectBad(await audit.verify(), 'checkpoint_signature_invalid', undefined);
      // The same forgery under the real key id fails the signature check too.
      await exec(`update audit_checkpoints set key_id = ?`, [signer.keyId]);
      expectBad(await audit.verify(), 'checkpoint_signature_invalid', undefined);
    });
  });
}

describe('cairn audit verify (CLI, offline)', () => {
  const MAIN = fileURLToPath(new URL('../../packages/cli/src/main.ts', import.meta.url));
  const cli = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [MAIN, ...args], (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      });
    });

  it('exits 0 on an intact data directory and 1 naming the first bad entry on a tampered one', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cairn-audit-cli-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const server = await startServer({ port: 0, dataDir, quiet: true });
    for (const name of ['a', 'b', 'c']) {
      const response = await fetch(`${server.url}/api/v1/experiments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      assert.equal(response.status, 201);
    }
    await server.close();

    const intact = await cli(['audit', 'verify', '--data-dir', dataDir, '--json']);
    assert.equal(intact.code, 0, intact.stderr);
    const ok = JSON.parse(intact.stdout) as AuditVerification;
    assert.equal(ok.ok, true);
    assert.ok(ok.checkpointSize >= 3 && ok.checkpointSize === ok.treeSize);

    const db = new DatabaseSync(join(dataDir, 'cairn.db'));
    db.exec(`update events set payload = '{"name":"z"}' where seq = 3`);
    db.close();
    const tampered = await cli(['audit', 'verify', '--data-dir', dataDir]);
    assert.equal(tampered.code, 1);
    assert.match(tampered.stdout, /TAMPERED/);
    assert.match(tampered.stdout, /First bad entry:\s+3\n/);
    assert.match(tampered.stderr, /first bad entry 3 \(content_changed\)/);
    const asJson = await cli(['audit', 'verify', '--data-dir', dataDir, '--json']);
    assert.equal(asJson.code, 1);
    assert.deepEqual(pick(JSON.parse(asJson.stdout) as AuditVerification), [
      false,
      3,
      'content_changed',
    ]);
    const key = await cli(['audit', 'key', '--data-dir', dataDir, '--json']);
    assert.equal(key.code, 0, key.stderr);
    assert.match((JSON.parse(key.stdout) as { keyId: string }).keyId, /^[0-9a-f]{16}$/);
  });
});

function pick(result: AuditVerification): [boolean, number | undefined, string | undefined] {
  return [result.ok, result.firstBadSeq, result.reason];
}
