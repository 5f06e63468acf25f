/**
 * The two servers under test, each started fresh in its own temp directory with its
 * defaults: `mlflow server` from the interop venv (SQLite backend, proxied artifacts, its
 * default uvicorn worker count) and a Cairn process (embedded SQLite).
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { findFreePort, startCairnProcess } from '../../tests/support/cairn-process.ts';
import type { PythonVenv } from '../../tests/support/python-venv.ts';

export interface ServerUnderTest {
  name: 'mlflow' | 'cairn';
  url: string;
  version: string;
  /** How the server was run, for the report. */
  settings: Record<string, string>;
  stop(): Promise<void>;
}

async function waitForHealth(url: string, timeoutMs: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) throw new Error(`server at ${url} exited during start-up`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server at ${url} did not become healthy`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** MLflow's own default for `--workers`, read from its help so the report states what ran. */
function mlflowDefaultWorkers(venv: PythonVenv): string {
  const help = spawnSync(path.join(venv.bin, 'mlflow'), ['server', '--help'], { encoding: 'utf8' });
  const match = /-w, --workers[\s\S]*?\(default:\s*(\d+)\)/.exec(help.stdout);
  return match?.[1] ?? 'unknown';
}

export async function startMlflow(venv: PythonVenv, workDir: string): Promise<ServerUnderTest> {
  const version = spawnSync(venv.python, ['-c', 'import mlflow; print(mlflow.__version__)'], {
    encoding: 'utf8',
  }).stdout.trim();
  const port = await findFreePort();
  const logFile = path.join(workDir, 'mlflow-server.log');
  const log = createWriteStream(logFile);
  const args = [
    'server',
    '--backend-store-uri',
    `sqlite:///${path.join(workDir, 'mlflow.db')}`,
    '--artifacts-destination',
    path.join(workDir, 'mlartifacts'),
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
  ];
  // Its own process group, so stopping it also stops the uvicorn workers it forks.
  const child = spawn(path.join(venv.bin, 'mlflow'), args, {
    cwd: workDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  try {
    await waitForHealth(url, 90_000, exited);
  } catch (error) {
    if (!exited()) process.kill(-(child.pid as number), 'SIGKILL');
    throw new Error(`${(error as Error).message}\n${await readFile(logFile, 'utf8')}`);
  }
  return {
    name: 'mlflow',
    url,
    version,
    settings: {
      command: `mlflow ${args.join(' ').replaceAll(workDir, '<tmp>')}`,
      workers: `${mlflowDefaultWorkers(venv)} (mlflow default, uvicorn)`,
      backend: 'SQLite file',
    },
    async stop() {
      if (exited()) return;
      process.kill(-(child.pid as number), 'SIGTERM');
      const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), 10_000);
      await once(child, 'exit');
      clearTimeout(timer);
      log.end();
    },
  };
}

export async function startCairn(
  workDir: string,
  options: { cpuProfileDir?: string } = {},
): Promise<ServerUnderTest> {
  const packageJson = JSON.parse(
    await readFile(path.resolve(import.meta.dirname, '../../packages/server/package.json'), 'utf8'),
  ) as { version: string };
  const nodeArgs =
    options.cpuProfileDir === undefined
      ? []
      : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`];
  const server = await startCairnProcess({ dataDir: path.join(workDir, 'cairn-data'), nodeArgs });
  return {
    name: 'cairn',
    url: server.url,
    version: packageJson.version,
    settings: {
      command: [
        'node',
        ...nodeArgs,
        'packages/server/src/main.ts',
        '--data-dir',
        '<tmp>/cairn-data',
      ]
        .join(' ')
        .replaceAll(workDir, '<tmp>'),
      workers: '1 process (Node event loop)',
      backend: 'SQLite file (node:sqlite)',
    },
    stop: () => server.stop(15_000),
  };
}
