import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { createManualClock, type StoredEvent } from '../kernel/index.ts';
import { eventLeafHash } from './audit-leaf.ts';
import { createAuditService } from './audit-service.ts';
import { createEd25519Signer, type SignedCheckpoint } from './checkpoint.ts';
import { treeRoot } from './merkle-tree.ts';
import type { AuditStore } from './ports.ts';

const signer = createEd25519Signer(
  generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
);

/** An in-memory AuditStore; `counter` is what issuedCount answers, call by call. */
function memoryStore(events: StoredEvent[], counter: () => number) {
  const checkpoints: SignedCheckpoint[] = [];
  const leafReads: number[] = [];
  const store: AuditStore = {
    async *scanLog() {
      for (const event of [...events]) {
        yield { seq: event.seq, event, leafHash: eventLeafHash(event) };
        await Promise.resolve();
      }
    },
    readLeaves: (afterSeq, limit) => {
      leafReads.push(afterSeq);
      return Promise.resolve(
        events
          .filter((e) => e.seq > afterSeq)
          .slice(0, limit)
          .map((e) => ({ seq: e.seq, leafHash: eventLeafHash(e) })),
      );
    },
    leafCount: () => Promise.resolve(events.length),
    issuedCount: () => Promise.resolve(counter()),
    listCheckpoints: () => Promise.resolve([...checkpoints]),
    latestCheckpoint: () => Promise.resolve(checkpoints.at(-1)),
    appendCheckpoint: (checkpoint) => {
      checkpoints.push(checkpoint);
      return Promise.resolve();
    },
    searchLog: (_filter, { order, afterSeq }, limit) => {
      const ordered = order === 'asc' ? [...events] : [...events].reverse();
      const past = (seq: number) =>
        afterSeq === undefined || (order === 'asc' ? seq > afterSeq : seq < afterSeq);
      return Promise.resolve(ordered.filter((e) => past(e.seq)).slice(0, limit));
    },
  };
  return { store, checkpoints, leafReads };
}

const event = (seq: number): StoredEvent => ({
  seq,
  type: 'test.happened',
  entityType: 'test',
  entityId: String(seq),
  actor: 'alice',
  time: seq,
  payload: { seq },
});

describe('audit service', () => {
  it('signs only when the log grew, reading only the new leaves', async () => {
    const events = [1, 2, 3].map(event);
    const { store, checkpoints, leafReads } = memoryStore(events, () => events.length);
    const audit = createAuditService({ store, signer, clock: createManualClock() });
    assert.equal((await audit.checkpointNow())?.treeSize, 3);
    assert.equal(await audit.checkpointNow(), undefined);
    events.push(event(4), event(5));
    const second = await audit.checkpointNow();
    assert.equal(second?.treeSize, 5);
    assert.equal(
      second?.rootHash,
      Buffer.from(treeRoot(events.map(eventLeafHash))).toString('hex'),
    );
    assert.deepEqual(leafReads, [0, 3]);
    assert.equal(checkpoints.length, 2);
    assert.equal((await audit.verify()).ok, true);
  });

  it('does not take an event appended during the scan for an inserted one', async () => {
    const events = [1, 2, 3].map(event);
    let calls = 0;
    // The counter read before the scan says 2; the event it then issued is 3.
    const { store } = memoryStore(events, () => (++calls === 1 ? 2 : 3));
    const audit = createAuditService({ store, signer, clock: createManualClock() });
    assert.equal((await audit.verify()).ok, true);
    const stuck = memoryStore(events, () => 2);
    const result = await createAuditService({
      store: stuck.store,
      signer,
      clock: createManualClock(),
    }).verify();
    assert.deepEqual([result.reason, result.firstBadSeq], ['extra_entry', 3]);
  });

  it('pages the log by sequence number and rejects a bad page size', async () => {
    const events = [1, 2, 3].map(event);
    const { store } = memoryStore(events, () => 3);
    const audit = createAuditService({ store, signer, clock: createManualClock() });
    const first = await audit.searchLog({}, { maxResults: 2 });
    assert.deepEqual(
      first.items.map((e) => e.seq),
      [1, 2],
    );
    const rest = await audit.searchLog({}, { maxResults: 2, pageToken: first.nextPageToken });
    assert.deepEqual(
      rest.items.map((e) => e.seq),
      [3],
    );
    assert.equal(rest.nextPageToken, undefined);
    await assert.rejects(audit.searchLog({}, { maxResults: 0 }), {
      code: 'audit.invalid_max_results',
    });
  });

  it('pages the log newest first and rejects an unknown order', async () => {
    const events = [1, 2, 3, 4, 5].map(event);
    const { store } = memoryStore(events, () => 5);
    const audit = createAuditService({ store, signer, clock: createManualClock() });
    const seqs: number[][] = [];
    let pageToken: string | undefined;
    do {
      const page = await audit.searchLog({}, { maxResults: 2, order: 'desc', pageToken });
      seqs.push(page.items.map((e) => e.seq));
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
    assert.deepEqual(seqs, [[5, 4], [3, 2], [1]]);
    await assert.rejects(audit.searchLog({}, { order: 'sideways' as unknown as 'asc' }), {
      code: 'audit.invalid_order',
      category: 'INVALID_ARGUMENT',
    });
  });
});
