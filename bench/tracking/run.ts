/**
 * `npm run bench:tracking [-- --quick] [-- --cpu-prof] [-- --only cairn|mlflow]`
 *
 * Cairn against `mlflow server` on this machine, one after the other, same client, same
 * requests: create-run rate, 1000-point log-batch from 4 clients, and search over 10,000
 * runs × 20 metrics. A full run of both servers writes bench/results/tracking-<date>.json
 * and bench/results/tracking.md; `--quick` (small sizes) and `--only` just print.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { ensurePythonVenv } from '../../tests/support/python-venv.ts';
import { summarizeCpuProfile } from './cpu-profile.ts';
import { judge, toMarkdown, writeReport } from './report.ts';
import type { BenchReport, PhaseName, ServerName } from './report.ts';
import { startCairn, startMlflow } from './servers.ts';
import type { ServerUnderTest } from './servers.ts';
import { benchCreateRuns, benchLogBatch, benchSearch, seedSearch } from './workloads.ts';
import type { BenchSizes } from './workloads.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

const fullSizes: BenchSizes = {
  createRuns: 3000,
  createConcurrency: 8,
  logBatchClients: 4,
  logBatchRequestsPerClient: 100,
  searchRuns: 10_000,
  searchMetrics: 20,
  searchQueries: 40,
  phaseTimeLimitMs: 60_000,
  seedTimeLimitMs: 10 * 60_000,
};

const quickSizes: BenchSizes = {
  ...fullSizes,
  createRuns: 300,
  logBatchRequestsPerClient: 10,
  searchRuns: 500,
  searchQueries: 10,
  phaseTimeLimitMs: 20_000,
  seedTimeLimitMs: 60_000,
};

function machineInfo(venvPython: string): Record<string, string | number> {
  const cpus = os.cpus();
  const run = (command: string, args: string[]) => {
    try {
      return execFileSync(command, args, { cwd: repoRoot, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    python: run(venvPython, ['-c', 'import platform; print(platform.python_version())']),
    commit: run('git', ['rev-parse', '--short', 'HEAD']),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  const sizes = values.quick ? quickSizes : fullSizes;
  const servers: ServerName[] = values.only ? [values.only as ServerName] : ['mlflow', 'cairn'];
  if (!servers.every((s) => s === 'mlflow' || s === 'cairn'))
    throw new Error('--only takes mlflow or cairn');

  const venv = await ensurePythonVenv({ log: (line) => console.log(line) });
  if (venv === undefined) throw new Error('The benchmark needs Python 3 with venv to run MLflow.');
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'cairn-bench-'));
  const profileDir = path.join(workDir, 'cairn', 'cpu-profile');
  const tag = Date.now().toString(36);

  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: machineInfo(venv.python),
    servers: {},
    sizes,
    phases: { createRun: {}, logBatch: {}, search: {} },
    ratios: {},
    targets: [],
  };
  // Cairn's search data set is seeded to the size MLflow reached, so both answer the same query.
  let searchRuns = sizes.searchRuns;
  try {
    for (const name of servers) {
      const serverDir = path.join(workDir, name);
      await mkdir(serverDir, { recursive: true });
      console.log(`\n== ${name}: starting`);
      let server: ServerUnderTest;
      if (name === 'mlflow') {
        server = await startMlflow(venv, serverDir);
      } else {
        await mkdir(profileDir, { recursive: true });
        server = await startCairn(
          serverDir,
          values['cpu-prof'] ? { cpuProfileDir: profileDir } : {},
        );
      }
      report.servers[name] = { version: server.version, settings: server.settings };
      const record = (phase: PhaseName, result: BenchReport['phases'][PhaseName][ServerName]) => {
        report.phases[phase][name] = result;
        console.log(
          `${name} ${phase}: ${result?.ok} ok, ${result?.errors} errors, ${result?.opsPerSec.toFixed(1)} ops/s, p50 ${result?.p50Ms.toFixed(1)} ms, p99 ${result?.p99Ms.toFixed(1)} ms`,
        );
      };
      try {
        record('createRun', await benchCreateRuns(server.url, sizes, tag));
        record('logBatch', await benchLogBatch(server.url, sizes, tag));
        console.log(`${name}: seeding ${searchRuns} runs × ${sizes.searchMetrics} metrics…`);
        const seed = await seedSearch(server.url, sizes, searchRuns, tag);
        console.log(`${name}: seeded ${seed.runs} runs in ${seed.seedSeconds.toFixed(0)} s`);
        searchRuns = seed.runs;
        record('search', await benchSearch(server.url, sizes, seed));
      } finally {
        await server.stop();
      }
    }
    if (values['cpu-prof'] && servers.includes('cairn')) {
      report.cpuProfile = await summarizeCpuProfile(profileDir);
    }
    Object.assign(report, judge(report));
    const markdown = toMarkdown(report);
    console.log(`\n${markdown}`);
    if (!values.quick && servers.length === 2) {
      const written = await writeReport(report, path.join(repoRoot, 'bench', 'results'));
      console.log(`wrote ${written.map((f) => path.relative(repoRoot, f)).join(' and ')}`);
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
