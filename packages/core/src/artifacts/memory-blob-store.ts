import { createHash } from 'node:crypto';
import { invalidArgument, resourceExhausted } from '../kernel/index.ts';
import type { BlobStore, StoredBlob } from './ports.ts';

/** A `BlobStore` held in memory, plus what tests need to look inside it. */
export interface MemoryBlobStore extends BlobStore {
  /** Digests of the blobs stored so far, sorted. */
  digests(): string[];
}

/**
 * A fake of the blob store port for tests: content-addressed like the real stores, with
 * the same `maxBytes` and digest rules, but kept whole in memory.
 */
export function createMemoryBlobStore(): MemoryBlobStore {
  const blobs = new Map<string, readonly Uint8Array[]>();

  const checkDigest = (digest: string) => {
    if (!/^[0-9a-f]{64}$/.test(digest)) {
      throw invalidArgument(
        'artifacts.invalid_digest',
        'A blob digest is 64 lowercase hex digits.',
      );
    }
  };

  return {
    async put(source, options): Promise<StoredBlob> {
      const maxBytes = options?.maxBytes ?? Number.POSITIVE_INFINITY;
      const hash = createHash('sha256');
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          throw resourceExhausted(
            'artifacts.too_large',
            `The artifact is larger than the limit of ${maxBytes} bytes.`,
            { details: { maxBytes } },
          );
        }
        hash.update(chunk);
        chunks.push(Uint8Array.from(chunk));
      }
      const digest = hash.digest('hex');
      if (!blobs.has(digest)) blobs.set(digest, chunks);
      return { digest, size };
    },
    // Rejections, not synchronous throws, exactly like the real stores.
    open: (digest) =>
      Promise.resolve(digest)
        .then(checkDigest)
        .then(() => {
          const content = blobs.get(digest);
          return content === undefined ? undefined : streamOf(content);
        }),
    has: (digest) =>
      Promise.resolve(digest)
        .then(checkDigest)
        .then(() => blobs.has(digest)),
    digests: () => [...blobs.keys()].sort(),
  };
}

/** Streams stored chunks as copies, so a consumer that mutates them cannot change the blob. */
function streamOf(chunks: readonly Uint8Array[]): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]() {
      let next = 0;
      return {
        next: () => {
          const chunk = chunks[next];
          next += 1;
          return Promise.resolve(
            chunk === undefined
              ? { done: true as const, value: undefined }
              : { done: false as const, value: Uint8Array.from(chunk) },
          );
        },
      };
    },
  };
}
