import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attachmentDisposition, requestBodyChunks } from './artifact-transfer.ts';

describe('attachmentDisposition', () => {
  it('keeps a plain name as is', () => {
    assert.equal(attachmentDisposition('model.pkl'), 'attachment; filename="model.pkl"');
  });

  it('gives other names an ASCII fallback and the exact UTF-8 name (RFC 6266)', () => {
    assert.equal(
      attachmentDisposition('résumé "v2".txt'),
      `attachment; filename="r_sum_ _v2_.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22v2%22.txt`,
    );
  });
});

describe('requestBodyChunks', () => {
  it('yields the body and nothing for a bodiless request', async () => {
    const chunks: number[] = [];
    for await (const chunk of requestBodyChunks(
      new Request('http://x/', { method: 'PUT', body: 'abc' }),
    )) {
      chunks.push(...chunk);
    }
    assert.deepEqual(chunks, [97, 98, 99]);
    const empty = requestBodyChunks(new Request('http://x/'))[Symbol.asyncIterator]();
    assert.equal((await empty.next()).done, true);
  });

  it('cancels the rest of the upload when the reader stops early', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(new Uint8Array(8)),
      cancel: () => {
        cancelled = true;
      },
    });
    const init: RequestInit & { duplex: 'half' } = { method: 'PUT', body, duplex: 'half' };
    const chunks = requestBodyChunks(new Request('http://x/', init))[Symbol.asyncIterator]();
    await chunks.next();
    await chunks.return?.();
    assert.equal(cancelled, true);
  });
});
