/**
 * A Cairn server run as a real child process (`packages/server/src/main.ts`), for suites that
 * must cross a process boundary: the Python interop suite, the crash-safety test (which
 * SIGKILLs it) and the benchmark.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const mainScript = path.join(repoRoot, 'packages', 'server', 'src', 'main.ts');

export interface CairnProcessOptions {
  dataDir: string;
  /** A `postgres://` URL; SQLite under `dataDir` when absent. */
  dbUrl?: string;
  /** A fixed port; a free loopback port is picked when absent. */
  port?: number;
  /** Extra environment for the child (on top of this process's). */
  env?: Record<string, string>;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** How long to wait for the server to answer HTTP; 30 s by default. */
  startTimeoutMs?: number;
}

export interface CairnProcess {
  url: string;
  port: number;
  pid: number;
  /** Everything the child wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs` (5 s); resolves once the child has exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once (a crash); resolves once the child has exited. */
  kill(): Promise<void>;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const live = new Set<ChildProcess>();
// A test that crashes must not leave servers behind holding ports and data dirs.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

async function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await once(child, 'exit');
}

/**
 * Starts `main.ts --host 127.0.0.1 --port <port> --data-dir <dir> [--db <url>]` with the same
 * Node binary as this process, and resolves when it answers HTTP (any status counts as
 * listening). Rejects with the child's output if it exits or times out first.
 */
export async function startCairnProcess(options: CairnProcessOptions): Promise<CairnProcess> {
  const port = options.port ?? (await findFreePort());
  const args = [
    ...(options.nodeArgs ?? []),
    mainScript,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--data-dir',
    options.dataDir,
    ...(options.dbUrl === undefined ? [] : ['--db', options.dbUrl]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `Cairn exited early (${String(child.exitCode ?? child.signalCode)}):\n${output}`,
      );
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await waitForExit(child);
      throw new Error(`Cairn did not answer on ${url} in time:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  return {
    url,
    port,
    pid: child.pid ?? -1,
    output: () => output,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await waitForExit(child);
      clearTimeout(timer);
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await waitForExit(child);
    },
  };
}
