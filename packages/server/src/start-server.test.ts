import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isCairnError } from '@cairn/core';
import { isLoopbackHost, startServer } from './start-server.ts';

describe('startServer', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cairn-start-server-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('serves /health over a real socket on a free port and closes cleanly', async () => {
    const server = await startServer({ port: 0, dataDir, quiet: true });
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(server.port > 0);
      assert.equal(server.url, `http://127.0.0.1:${server.port}`);
      const health = await fetch(`${server.url}/health`);
      assert.equal(health.status, 200);
      assert.equal(await health.text(), 'OK');
      assert.equal(health.headers.get('connection'), 'keep-alive');
      const run = await fetch(`${server.url}/api/v1/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(run.status, 201);
      assert.ok((await readdir(dataDir)).includes('cairn.db'));
    } finally {
      const started = Date.now();
      await server.close();
      // Keep-alive sockets from `fetch` are idle: close must not wait for their timeout.
      assert.ok(Date.now() - started < 5_000, 'close() drained promptly');
    }
    await assert.rejects(fetch(`${server.url}/health`));
    await server.close(); // idempotent
  });

  it('lets an in-flight request finish when closing', async () => {
    const server = await startServer({ port: 0, dataDir, quiet: true });
    // A slow upload keeps its request in flight while close() starts.
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${server.url}/api/v1/runs`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('{');
      setTimeout(() => req.end('}'), 200);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const closed = server.close();
    const answer = await response;
    await closed;
    assert.equal(answer.status, 201, answer.body);
    // The finished request's keep-alive connection is closed at once, not when the client hangs up.
    assert.ok(Date.now() - started < 3_000, `close() took ${Date.now() - started} ms`);
  });

  it('refuses a non-loopback address without insecureNoAuth, before opening anything', async () => {
    const emptyDir = join(dataDir, 'never-created');
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
      await assert.rejects(
        startServer({ host, port: 0, dataDir: emptyDir, quiet: true }),
        (error) => {
          assert.ok(isCairnError(error));
          assert.equal(error.code, 'server.insecure_bind');
          assert.match(error.message, /--insecure-no-auth/);
          return true;
        },
      );
    }
    await assert.rejects(readdir(emptyDir));
  });

  it('listens on 0.0.0.0 with insecureNoAuth and serves the machine’s addresses', async () => {
    const warnings: unknown[] = [];
    const originalWarn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const server = await startServer({
        host: '0.0.0.0',
        port: 0,
        dataDir,
        quiet: true,
        insecureNoAuth: true,
      });
      try {
        assert.equal(server.url, `http://127.0.0.1:${server.port}`);
        const health = await fetch(`${server.url}/health`);
        assert.equal(health.status, 200);
        const external = Object.values(networkInterfaces())
          .flatMap((list) => list ?? [])
          .find((info) => info.family === 'IPv4' && !info.internal);
        if (external !== undefined) {
          // Reached by the machine's own address, the Host header carries that address.
          const direct = await fetch(`http://${external.address}:${server.port}/health`);
          assert.equal(direct.status, 200);
        }
      } finally {
        await server.close();
      }
    } finally {
      console.warn = originalWarn;
    }
    assert.equal(warnings.length, 1);
  });

  it('rejects a busy port and leaves the store closed', async () => {
    const first = await startServer({ port: 0, dataDir, quiet: true });
    try {
      await assert.rejects(
        startServer({ port: first.port, dataDir: join(dataDir, 'second'), quiet: true }),
        {
          code: 'EADDRINUSE',
        },
      );
    } finally {
      await first.close();
    }
  });

  it('knows which hosts are loopback', () => {
    for (const host of [
      '127.0.0.1',
      '127.1.2.3',
      'localhost',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
    ]) {
      assert.equal(isLoopbackHost(host), true, host);
    }
    for (const host of ['0.0.0.0', '::', '10.0.0.1', 'localhost.example.com', '128.0.0.1']) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });
});

describe('main.ts', () => {
  it('exits with code 2 and a clear message when asked to listen on 0.0.0.0 without the flag', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cairn-main-'));
    try {
      const child = spawn(
        process.execPath,
        [
          join(import.meta.dirname, 'main.ts'),
          '--host',
          '0.0.0.0',
          '--port',
          '0',
          '--data-dir',
          dataDir,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const [code] = (await once(child, 'exit')) as [number];
      assert.equal(code, 2);
      assert.match(stderr, /Refusing to listen on 0\.0\.0\.0/);
      assert.match(stderr, /--insecure-no-auth/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('starts from CAIRN_* variables and stops cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cairn-main-'));
    try {
      const child = spawn(process.execPath, [join(import.meta.dirname, 'main.ts')], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, CAIRN_PORT: '0', CAIRN_DATA_DIR: dataDir, CAIRN_HOST: '127.0.0.1' },
      });
      let stdout = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(stdout);
          if (match?.[1] !== undefined) resolve(match[1]);
        });
        child.once('exit', () => reject(new Error(`exited early: ${stdout}`)));
      });
      assert.equal(await (await fetch(`${url}/health`)).text(), 'OK');
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number];
      assert.equal(code, 0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
