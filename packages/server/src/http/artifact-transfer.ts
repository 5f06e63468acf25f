/** Streaming artifacts in and out of HTTP, shared by Cairn's API and the MLflow layer. */
import { guessContentType } from '@cairn/core';
import type { ArtifactEntry } from '@cairn/core';

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / 5987). */
export function attachmentDisposition(fileName: string): string {
  if (/^[\w.\- ]+$/.test(fileName)) return `attachment; filename="${fileName}"`;
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A pull-based stream over `source`, so a slow client slows the read instead of buffering it. */
export function toReadableStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done === true) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * The request body as the `AsyncIterable` the artifact service takes (empty when absent).
 * Stopping early (a size limit hit, a refused path) cancels the rest of the upload.
 */
export async function* requestBodyChunks(request: Request): AsyncIterable<Uint8Array> {
  if (request.body === null) return;
  const reader = request.body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    if (finished) reader.releaseLock();
    else await reader.cancel();
  }
}

/**
 * The download answer. For HEAD the content is released at once: the router drops a HEAD
 * response's body without reading or cancelling it, which would hold the blob open.
 */
export async function downloadResponse(
  method: string,
  entry: ArtifactEntry,
  body: AsyncIterable<Uint8Array>,
): Promise<Response> {
  const fileName = entry.path.slice(entry.path.lastIndexOf('/') + 1);
  let stream: ReadableStream<Uint8Array> | null = toReadableStream(body);
  if (method === 'HEAD') {
    await stream.cancel();
    stream = null;
  }
  return new Response(stream, {
    status: 200,
    headers: {
      'Content-Type': guessContentType(entry.path),
      'Content-Length': String(entry.size),
      'Content-Disposition': attachmentDisposition(fileName),
      ETag: `"${entry.digest}"`,
      // Stored bytes are untrusted: never sniffed, never run as a page of this origin.
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
