import type { MiddlewareHandler } from 'hono';
import { ErrorCategory, resourceExhausted } from '@cairn/core';
import { guardResponse } from './guard-response.ts';

/** JSON bodies are small by nature; 16 MB leaves room for the largest MLflow log-batch. */
export const DEFAULT_JSON_BODY_MAX_BYTES = 16 * 1024 * 1024;
/** Artifact uploads stream to the blob store; 5 GiB keeps one request from filling a disk. */
export const DEFAULT_ARTIFACT_MAX_BYTES = 5 * 1024 * 1024 * 1024;

export interface BodySizeGuardOptions {
  jsonMaxBytes: number;
  artifactMaxBytes: number;
  /** True for the routes whose body is raw artifact bytes (the other "route class"). */
  isArtifactUpload(method: string, path: string): boolean;
}

/**
 * Caps request bodies per route class. A declared `Content-Length` over the cap is refused
 * before a byte is read; a body without one (chunked) is counted as it streams and the
 * request fails with 413 as soon as it passes the cap, so memory and disk stay bounded
 * either way.
 */
export function createBodySizeGuard(options: BodySizeGuardOptions): MiddlewareHandler {
  return async (c, next) => {
    const raw = c.req.raw;
    if (raw.body === null) return next();
    const maxBytes = options.isArtifactUpload(c.req.method, c.req.path)
      ? options.artifactMaxBytes
      : options.jsonMaxBytes;
    const message = `The request body is larger than this route's limit of ${maxBytes} bytes.`;
    const tooLarge = () =>
      guardResponse(c, 413, ErrorCategory.RESOURCE_EXHAUSTED, 'http.body_too_large', message);

    const declared = c.req.header('content-length');
    if (declared !== undefined) {
      // Node's HTTP parser already rejects a malformed Content-Length and stops reading at
      // the declared length, so a declared length within the cap bounds the body.
      if (Number(declared) > maxBytes) return tooLarge();
      return next();
    }

    let seen = 0;
    let exceeded = false;
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) {
          exceeded = true;
          // A CairnError, so a handler reading the body fails with the right category
          // (and the error mapper answers 413) rather than an unknown stream error.
          controller.error(resourceExhausted('http.body_too_large', message));
          return;
        }
        controller.enqueue(chunk);
      },
    });
    // `duplex` is required by Node for a streamed request body but missing from DOM's RequestInit.
    const init: RequestInit & { duplex: 'half' } = {
      body: raw.body.pipeThrough(counter),
      duplex: 'half',
    };
    c.req.raw = new Request(raw, init);
    await next();
    // Whatever the handler made of the aborted stream, the client's answer is 413.
    if (exceeded) c.res = tooLarge();
  };
}
