/** How one event of the log becomes one Merkle leaf. */
import type { StoredEvent } from '../kernel/index.ts';
import { canonicalJson } from './canonical-json.ts';
import { hashLeaf, type Hash } from './merkle-tree.ts';

/**
 * The canonical bytes of an event: every field, the sequence number included, so moving
 * an event to another position changes its leaf as surely as editing it.
 */
export function eventLeafBytes(event: StoredEvent): Uint8Array {
  return new TextEncoder().encode(
    canonicalJson({
      seq: event.seq,
      type: event.type,
      entityType: event.entityType,
      entityId: event.entityId,
      actor: event.actor,
      time: event.time,
      payload: event.payload,
    }),
  );
}

/** SHA-256(0x00 ‖ canonical event): the leaf stored beside the event and signed into checkpoints. */
export function eventLeafHash(event: StoredEvent): Hash {
  return hashLeaf(eventLeafBytes(event));
}
