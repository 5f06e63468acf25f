import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCairnError, resourceExhausted } from '@cairn/core';
import {
  parseJsonMessage,
  queryFields,
  readBodyBytes,
  requireJsonContentType,
} from './request-parsing.ts';

const encoder = new TextEncoder();
const tooLarge = (size: number) => resourceExhausted('test.too_large', `size ${size}`);

function post(headers: Record<string, string>, body?: BodyInit): Request {
  return new Request('http://localhost/x', { method: 'POST', headers, body });
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isCairnError(error));
    return { code: error.code, message: error.message };
  }
  assert.fail('expected a rejection');
}

describe('requireJsonContentType', () => {
  it('accepts application/json with parameters and in any case', () => {
    requireJsonContentType(post({ 'content-type': 'application/json' }));
    requireJsonContentType(post({ 'content-type': 'Application/JSON; charset=utf-8' }));
  });

  it("rejects other types with MLflow's message, echoing only harmless types", () => {
    assert.throws(
      () => requireJsonContentType(post({ 'content-type': 'text/plain' })),
      (error: unknown) =>
        isCairnError(error) &&
        error.category === 'INVALID_ARGUMENT' &&
        error.message ===
          "Bad Request. Content-Type must be one of [application/json]. Got 'text/plain'.",
    );
    assert.throws(
      () => requireJsonContentType(post({ 'content-type': 'text/<script>' })),
      (error: unknown) => isCairnError(error) && !error.message.includes('<script>'),
    );
    assert.throws(() => requireJsonContentType(post({})), /Content-Type must be/);
  });
});

describe('readBodyBytes', () => {
  it('reads a body whole', async () => {
    const bytes = await readBodyBytes(post({}, '{"a":1}'), 100, tooLarge);
    assert.equal(new TextDecoder().decode(bytes), '{"a":1}');
    assert.equal((await readBodyBytes(post({}), 100, tooLarge)).byteLength, 0);
  });

  it('refuses a declared length over the cap without reading the body', async () => {
    let pulled = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled = true;
          controller.enqueue(encoder.encode('x'));
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request('http://localhost/x', {
      method: 'POST',
      headers: { 'content-length': '5000' },
      body,
      duplex: 'half',
    } as RequestInit);
    const error = await rejection(readBodyBytes(request, 1000, tooLarge));
    assert.equal(error.message, 'size 5000');
    assert.equal(pulled, false);
  });

  it('stops reading a streamed body as soon as it passes the cap', async () => {
    let chunksServed = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          chunksServed += 1;
          controller.enqueue(new Uint8Array(400));
          if (chunksServed === 100) controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request('http://localhost/x', {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);
    const error = await rejection(readBodyBytes(request, 1000, tooLarge));
    assert.equal(error.code, 'test.too_large');
    assert.ok(chunksServed < 10, `read ${chunksServed} chunks`);
  });
});

describe('parseJsonMessage', () => {
  const parse = (text: string) => parseJsonMessage(encoder.encode(text));

  it('parses objects, treats an empty body and null as {}', () => {
    assert.deepEqual(parse('{"run_id":"r","value":"NaN"}'), { run_id: 'r', value: 'NaN' });
    assert.deepEqual(parseJsonMessage(new Uint8Array(0)), {});
    assert.deepEqual(parse('null'), {});
  });

  it('decodes the double-encoded bodies of old clients', () => {
    assert.deepEqual(parse(JSON.stringify(JSON.stringify({ name: 'e' }))), { name: 'e' });
  });

  it('rejects malformed JSON, arrays, scalars and invalid UTF-8', () => {
    for (const text of ['{', '[1]', '3', '"x"']) {
      assert.throws(() => parse(text), /Malformed request body/, text);
    }
    assert.throws(() => parseJsonMessage(new Uint8Array([0x7b, 0xff, 0x7d])), /Malformed/);
  });
});

describe('queryFields', () => {
  it('keeps every value of repeated fields and the first of the others', () => {
    const fields = queryFields(
      { run_ids: ['a', 'b'], metric_key: ['loss', 'ignored'] },
      new Set(['run_ids']),
    );
    assert.deepEqual(fields, { run_ids: ['a', 'b'], metric_key: 'loss' });
  });
});
