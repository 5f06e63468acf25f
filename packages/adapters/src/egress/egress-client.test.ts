import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isCairnError } from '@cairn/core';
import { classifyAddress } from './address-policy.ts';
import { createEgressClient } from './egress-client.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(handler: Handler): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error) => {
    assert.ok(isCairnError(error), String(error));
    assert.equal(error.code, code, error.message);
    return true;
  });
}

describe('address policy', () => {
  const cases: Array<[string, string | undefined]> = [
    ['8.8.8.8', undefined],
    ['93.184.216.34', undefined],
    ['2606:4700:4700::1111', undefined],
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.169.254', 'link_local'],
    ['fe80::1', 'link_local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['::ffff:169.254.169.254', 'link_local'],
    ['::ffff:a9fe:a9fe', 'link_local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', undefined],
    ['64:ff9b::a9fe:a9fe', 'link_local'],
    ['2002:7f00:1::1', 'loopback'],
    ['::127.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['not-an-ip', 'invalid'],
  ];
  for (const [address, expected] of cases) {
    it(`${address} → ${expected ?? 'allowed'}`, () => {
      assert.equal(classifyAddress(address), expected);
    });
  }
});

describe('egress client refuses without connecting', () => {
  const client = createEgressClient({ resolve: () => Promise.reject(new Error('no DNS here')) });
  const blockedUrls = [
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://127.0.0.1:7420/',
    'http://0x7f000001/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://10.0.0.1/',
    'http://172.16.0.1/',
    'http://192.168.0.10/',
    'http://100.64.0.1/',
    'http://[fc00::1]/',
    'http://[fe80::1]/',
    'http://224.0.0.1/',
    'http://[ff02::1]/',
    'http://0.0.0.0/',
    'http://[::]/',
    'http://[::1]/',
  ];
  for (const url of blockedUrls) {
    it(url, () => rejectsWith(client.request({ url }), 'egress.blocked_destination'));
  }
  for (const url of ['gopher://127.0.0.1:70/', 'ftp://example.com/', 'file:///etc/passwd']) {
    it(url, () => rejectsWith(client.request({ url }), 'egress.unsupported_scheme'));
  }
  it('credentials in the URL', () =>
    rejectsWith(client.checkUrl('http://user:pw@example.com/'), 'egress.invalid_url'));
  it('an unresolvable host', () =>
    rejectsWith(client.checkUrl('http://nowhere.invalid/'), 'egress.unresolvable_host'));
});

describe('egress client after DNS resolution', () => {
  it('refuses a name that resolves to loopback (localhost.attacker.tld)', async () => {
    const client = createEgressClient({ resolve: () => Promise.resolve(['127.0.0.1']) });
    await rejectsWith(
      client.request({ url: 'http://localhost.attacker.tld/' }),
      'egress.blocked_destination',
    );
  });
  it('refuses a name when any of its addresses is internal', async () => {
    const client = createEgressClient({
      resolve: () => Promise.resolve(['93.184.216.34', '169.254.169.254']),
    });
    await rejectsWith(client.checkUrl('https://mixed.example/'), 'egress.blocked_destination');
  });
  it('accepts a name resolving to public addresses only', async () => {
    const client = createEgressClient({ resolve: () => Promise.resolve(['93.184.216.34']) });
    await client.checkUrl('https://public.example/hook');
  });
});

describe('egress client against a real local server', () => {
  let target: { server: Server; port: number };
  const hits: Array<{
    url: string;
    host: string | undefined;
    body: string;
    length: string | undefined;
    chunked: boolean;
  }> = [];
  before(async () => {
    target = await listen((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        hits.push({
          url: req.url ?? '',
          host: req.headers.host,
          body,
          length: req.headers['content-length'],
          chunked: req.headers['transfer-encoding'] === 'chunked',
        });
        if (req.url === '/to-metadata') {
          res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
          res.end();
        } else if (req.url === '/to-local') {
          res.writeHead(302, { location: '/ok' });
          res.end();
        } else if (req.url === '/big') {
          res.end('x'.repeat(100_000));
        } else if (req.url === '/hang') {
          // Never answers: the client's deadline must end the request.
        } else {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`ok ${req.method}`);
        }
      });
    });
  });
  after(() => {
    target.server.closeAllConnections();
    target.server.close();
  });

  it('refuses loopback unless allowed', async () => {
    const strict = createEgressClient();
    await rejectsWith(
      strict.request({ url: `http://127.0.0.1:${target.port}/ok` }),
      'egress.blocked_destination',
    );
    const before = hits.length;
    const loose = createEgressClient({ allowLoopback: true });
    const response = await loose.request({
      url: `http://127.0.0.1:${target.port}/ok`,
      method: 'POST',
      body: 'héllo',
    });
    assert.equal(response.status, 200);
    assert.equal(new TextDecoder().decode(response.body), 'ok POST');
    assert.equal(hits.length, before + 1);
    assert.equal(hits.at(-1)?.body, 'héllo');
    // A byte length, not chunked encoding: simple receivers need Content-Length.
    assert.equal(hits.at(-1)?.length, '6');
    assert.equal(hits.at(-1)?.chunked, false);
  });

  it('still refuses private and link-local addresses with loopback allowed', async () => {
    const loose = createEgressClient({ allowLoopback: true });
    await rejectsWith(loose.checkUrl('http://169.254.169.254/'), 'egress.blocked_destination');
    await rejectsWith(loose.checkUrl('http://10.0.0.1/'), 'egress.blocked_destination');
  });

  it('connects to the address it checked: one resolution, the name kept in Host', async () => {
    const answers = [['127.0.0.1'], ['10.0.0.1']];
    let calls = 0;
    const client = createEgressClient({
      allowLoopback: true,
      resolve: () => Promise.resolve(answers[calls++] ?? []),
    });
    const response = await client.request({ url: `http://rebind.test:${target.port}/ok` });
    assert.equal(response.status, 200);
    assert.equal(response.remoteAddress, '127.0.0.1');
    assert.equal(calls, 1);
    assert.equal(hits.at(-1)?.host, `rebind.test:${target.port}`);
  });

  it('does not follow redirects by default', async () => {
    const client = createEgressClient({ allowLoopback: true });
    const count = hits.length;
    const response = await client.request({ url: `http://127.0.0.1:${target.port}/to-local` });
    assert.equal(response.status, 302);
    assert.equal(hits.length, count + 1);
  });

  it('re-checks every redirect hop and refuses one into a blocked range', async () => {
    const client = createEgressClient({ allowLoopback: true, maxRedirects: 3 });
    await rejectsWith(
      client.request({ url: `http://127.0.0.1:${target.port}/to-metadata` }),
      'egress.blocked_destination',
    );
    const followed = await client.request({ url: `http://127.0.0.1:${target.port}/to-local` });
    assert.equal(followed.status, 200);
    assert.equal(hits.at(-1)?.url, '/ok');
  });

  it('caps the response size', async () => {
    const client = createEgressClient({ allowLoopback: true, maxResponseBytes: 1024 });
    await rejectsWith(
      client.request({ url: `http://127.0.0.1:${target.port}/big` }),
      'egress.response_too_large',
    );
  });

  it('gives up at the deadline', async () => {
    const client = createEgressClient({ allowLoopback: true, timeoutMs: 200 });
    const started = Date.now();
    await rejectsWith(
      client.request({ url: `http://127.0.0.1:${target.port}/hang` }),
      'egress.timeout',
    );
    assert.ok(Date.now() - started < 5000);
  });
});
