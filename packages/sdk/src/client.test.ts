/**
 * Wire-level edge cases of the client against a scripted HTTP listener: what is sent,
 * how errors and retries behave. The happy paths against the real server are in
 * client.integration.test.ts.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createClient } from './client.ts';
import { CairnApiError, CairnConnectionError } from './errors.ts';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** A listener that records each request and answers with the next scripted reply. */
async function startWire(answer: (request: Recorded, index: number) => Reply) {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: Recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const reply = answer(request, requests.length - 1);
      const body = reply.json === undefined ? (reply.text ?? '') : JSON.stringify(reply.json);
      res.writeHead(reply.status, {
        ...(reply.json === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...reply.headers,
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const runJson = (metrics: { key: string; value: number | string }[]) => ({
  info: {
    runId: 'r1',
    runName: 'n',
    experimentId: '0',
    userId: 'u',
    status: 'RUNNING',
    startTime: 1,
    endTime: null,
    artifactUri: 'mlflow-artifacts:/0/r1/artifacts',
    lifecycleStage: 'active',
  },
  data: {
    metrics: metrics.map((m) => ({ ...m, timestamp: 1, step: 0 })),
    params: [],
    tags: [],
  },
  inputs: { datasetInputs: [], modelInputs: [] },
  outputs: { modelOutputs: [] },
});

describe('client wire format', () => {
  let wire: Awaited<ReturnType<typeof startWire>>;
  let reply: (request: Recorded, index: number) => Reply;
  before(async () => {
    wire = await startWire((request, index) => reply(request, index));
  });
  after(() => wire.close());

  it('sends the bearer token, JSON bodies and repeated query keys under /api/v1', async () => {
    reply = () => ({ status: 200, json: { items: [], nextPageToken: 'next' } });
    const client = createClient({ url: `${wire.url}/`, token: 's3cret' });
    const page = await client.experiments.list({ orderBy: ['name ASC', 'creation_time'] });
    assert.deepEqual(page, { items: [], nextPageToken: 'next' });
    const sent = wire.requests.at(-1);
    assert.equal(sent?.url, '/api/v1/experiments?orderBy=name+ASC&orderBy=creation_time');
    assert.equal(sent?.headers.authorization, 'Bearer s3cret');

    reply = () => ({ status: 204 });
    await client.experiments.setTag('7', 'team/owner', 'ml');
    const put = wire.requests.at(-1);
    assert.equal(put?.method, 'PUT');
    assert.equal(put?.url, '/api/v1/experiments/7/tags/team%2Fowner');
    assert.equal(put?.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(put?.body ?? ''), { value: 'ml' });
  });

  it('encodes non-finite metric values as strings and decodes them back', async () => {
    reply = () => ({ status: 204 });
    const client = createClient({ url: wire.url });
    await client.runs.logBatch('r1', {
      metrics: [
        { key: 'a', value: NaN, step: 0, timestamp: 5 },
        { key: 'b', value: Infinity, step: 1, timestamp: 5 },
        { key: 'c', value: -Infinity, step: 2, timestamp: 5 },
        { key: 'd', value: 0.5, step: 3, timestamp: 5 },
      ],
    });
    const body = JSON.parse(wire.requests.at(-1)?.body ?? '') as {
      metrics: { value: unknown }[];
    };
    assert.deepEqual(
      body.metrics.map((m) => m.value),
      ['NaN', 'Infinity', '-Infinity', 0.5],
    );

    reply = () => ({
      status: 200,
      json: runJson([
        { key: 'a', value: 'NaN' },
        { key: 'b', value: '-Infinity' },
        { key: 'c', value: 2 },
      ]),
    });
    const run = await client.runs.get('r1');
    assert.deepEqual(
      run.data.metrics.map((m) => m.value),
      [NaN, -Infinity, 2],
    );

    reply = () => ({
      status: 200,
      json: { items: [{ key: 'a', value: 'Infinity', step: 0, timestamp: 1 }] },
    });
    const history = await client.runs.metricHistory('r1', 'train/loss', { maxResults: 10 });
    assert.equal(history.items[0]?.value, Infinity);
    assert.equal(
      wire.requests.at(-1)?.url,
      '/api/v1/runs/r1/metrics/train%2Floss/history?maxResults=10',
    );
  });

  it('turns an error body into a CairnApiError with status, code and category', async () => {
    reply = () => ({
      status: 404,
      json: {
        error: {
          code: 'tracking.run_not_found',
          category: 'NOT_FOUND',
          message: 'Run abc not found',
          details: { runId: 'abc' },
        },
      },
    });
    const client = createClient({ url: wire.url });
    const error = await client.runs.get('abc').catch((e: unknown) => e);
    assert.ok(error instanceof CairnApiError);
    assert.equal(error.status, 404);
    assert.equal(error.code, 'tracking.run_not_found');
    assert.equal(error.category, 'NOT_FOUND');
    assert.equal(error.message, 'Run abc not found');
    assert.deepEqual(error.details, { runId: 'abc' });
  });

  it('derives the category from the status when the body is not ours', async () => {
    reply = () => ({ status: 403, text: '<html>denied by proxy</html>' });
    const client = createClient({ url: wire.url });
    const error = await client.health().catch((e: unknown) => e);
    assert.ok(error instanceof CairnApiError);
    assert.equal(error.category, 'PERMISSION_DENIED');
    assert.equal(error.code, 'http.403');
    assert.match(error.message, /denied by proxy/);
  });

  it('retries 503 and 429 (honouring Retry-After) but not 400', async () => {
    const client = createClient({ url: wire.url, retry: { maxRetries: 3, baseDelayMs: 1 } });
    const start = wire.requests.length;
    reply = (_request, index) =>
      index - start === 0
        ? { status: 503, text: 'busy' }
        : index - start === 1
          ? { status: 429, text: 'slow down', headers: { 'Retry-After': '0' } }
          : { status: 200, json: { status: 'ok', version: '0.1.0' } };
    assert.deepEqual(await client.health(), { status: 'ok', version: '0.1.0' });
    assert.equal(wire.requests.length - start, 3);

    const before400 = wire.requests.length;
    reply = () => ({
      status: 400,
      json: { error: { code: 'x.bad', category: 'INVALID_ARGUMENT', message: 'bad' } },
    });
    await assert.rejects(client.runs.get('r'), { code: 'x.bad', status: 400 });
    assert.equal(wire.requests.length - before400, 1);
  });

  it('gives up after maxRetries and reports the last answer', async () => {
    const client = createClient({ url: wire.url, retry: { maxRetries: 2, baseDelayMs: 1 } });
    const start = wire.requests.length;
    reply = () => ({ status: 502, text: 'bad gateway' });
    await assert.rejects(client.health(), { status: 502, category: 'INTERNAL' });
    assert.equal(wire.requests.length - start, 3);
  });

  it('uploads a Node Buffer (a Uint8Array view of a larger pool) byte for byte', async () => {
    reply = () => ({ status: 201, json: { path: 'a.txt', digest: 'd', size: 5 } });
    const client = createClient({ url: wire.url });
    const pooled = Buffer.from('xxhelloxx').subarray(2, 7);
    assert.deepEqual(await client.artifacts.upload('r1', 'a.txt', pooled), {
      path: 'a.txt',
      digest: 'd',
      size: 5,
    });
    const sent = wire.requests.at(-1);
    assert.equal(sent?.body, 'hello');
    assert.equal(sent?.headers['content-type'], 'application/octet-stream');
  });

  it('sends a stream upload once, never retrying it', async () => {
    const client = createClient({ url: wire.url, retry: { maxRetries: 3, baseDelayMs: 1 } });
    const start = wire.requests.length;
    reply = () => ({ status: 503, text: 'busy' });
    const stream = new Blob([new Uint8Array([1, 2, 3])]).stream();
    await assert.rejects(client.artifacts.upload('r1', 'a/b.bin', stream), { status: 503 });
    assert.equal(wire.requests.length - start, 1);
    assert.equal(wire.requests.at(-1)?.url, '/api/v1/runs/r1/artifacts/content?path=a%2Fb.bin');
  });
});

describe('client connection failures', () => {
  it('raises CairnConnectionError naming the cause when nothing listens', async () => {
    const wire = await startWire(() => ({ status: 200 }));
    await wire.close();
    const client = createClient({ url: wire.url, retry: { maxRetries: 1, baseDelayMs: 1 } });
    const error = await client.health().catch((e: unknown) => e);
    assert.ok(error instanceof CairnConnectionError, String(error));
    assert.match(error.message, /ECONNREFUSED/);
    assert.equal(error.url, wire.url);
  });
});
