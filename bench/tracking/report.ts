/**
 * The benchmark's record: a JSON file per run date and a markdown page for the latest run,
 * both in bench/results/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { ProfileSummary } from './cpu-profile.ts';
import type { BenchSizes, PhaseResult } from './workloads.ts';

export type PhaseName = 'createRun' | 'logBatch' | 'search';
export type ServerName = 'mlflow' | 'cairn';

export interface BenchReport {
  date: string;
  machine: Record<string, string | number>;
  servers: Partial<Record<ServerName, { version: string; settings: Record<string, string> }>>;
  sizes: BenchSizes;
  phases: Record<PhaseName, Partial<Record<ServerName, PhaseResult>>>;
  ratios: Record<string, number>;
  targets: { target: string; actual: string; met: boolean }[];
  cpuProfile?: ProfileSummary;
}

const phaseTitles: Record<PhaseName, string> = {
  createRun: 'create-run',
  logBatch: 'log-batch (1000 points)',
  search: 'search-runs (filter + order)',
};

/** Cairn/MLflow throughput ratios, MLflow/Cairn latency ratios, and the targets they are held to. */
export function judge(
  report: Pick<BenchReport, 'phases'>,
): Pick<BenchReport, 'ratios' | 'targets'> {
  const { createRun, logBatch, search } = report.phases;
  const ratio = (a?: number, b?: number) =>
    a !== undefined && b !== undefined ? a / b : Number.NaN;
  const ratios = {
    createRunThroughput: ratio(createRun.cairn?.opsPerSec, createRun.mlflow?.opsPerSec),
    logBatchThroughput: ratio(logBatch.cairn?.opsPerSec, logBatch.mlflow?.opsPerSec),
    searchLatencyP50: ratio(search.mlflow?.p50Ms, search.cairn?.p50Ms),
    searchLatencyP99: ratio(search.mlflow?.p99Ms, search.cairn?.p99Ms),
  };
  const times = (x: number) => `${x.toFixed(1)}×`;
  const cairnBatchP99 = logBatch.cairn?.p99Ms ?? Number.NaN;
  const targets = [
    {
      target: 'create-run throughput ≥ 10× MLflow',
      actual: times(ratios.createRunThroughput),
      met: ratios.createRunThroughput >= 10,
    },
    {
      target: 'log-batch throughput ≥ 10× MLflow',
      actual: times(ratios.logBatchThroughput),
      met: ratios.logBatchThroughput >= 10,
    },
    {
      target: 'search p50 latency ≥ 10× lower than MLflow',
      actual: times(ratios.searchLatencyP50),
      met: ratios.searchLatencyP50 >= 10,
    },
    {
      target: 'Cairn log-batch (1000 points) p99 < 50 ms',
      actual: `${cairnBatchP99.toFixed(1)} ms`,
      met: cairnBatchP99 < 50,
    },
  ];
  return { ratios, targets };
}

const fmt = (x: number | undefined, digits = 1) =>
  x === undefined || Number.isNaN(x)
    ? '—'
    : x.toLocaleString('en-US', { maximumFractionDigits: digits });

export function toMarkdown(report: BenchReport): string {
  const lines: string[] = [];
  lines.push(`# Tracking benchmark: Cairn vs MLflow`, '');
  lines.push(
    `Run ${report.date} with \`npm run bench:tracking\` (raw figures: \`tracking-${report.date.slice(0, 10)}.json\`).`,
  );
  lines.push(
    'Both servers ran one after the other on the same machine with their default SQLite storage, driven over',
    'loopback by the same keep-alive HTTP client (`bench/tracking/http-load.ts`) with the same requests.',
    '',
  );
  lines.push('| machine | |', '|---|---|');
  for (const [key, value] of Object.entries(report.machine)) lines.push(`| ${key} | ${value} |`);
  for (const [name, server] of Object.entries(report.servers)) {
    lines.push(`| ${name} | ${server.version}; ${Object.values(server.settings).join('; ')} |`);
  }
  lines.push('', '## Results', '');
  lines.push(
    '| phase | server | ok | errors | ops/s | p50 ms | p99 ms | notes |',
    '|---|---|---:|---:|---:|---:|---:|---|',
  );
  for (const phase of Object.keys(phaseTitles) as PhaseName[]) {
    for (const server of ['mlflow', 'cairn'] as ServerName[]) {
      const r = report.phases[phase][server];
      if (r === undefined) continue;
      const notes = Object.entries(r.extra)
        .map(([k, v]) => `${k} ${typeof v === 'number' ? fmt(v, 0) : v}`)
        .concat(r.timedOut ? ['stopped by time limit'] : [])
        .join(', ');
      lines.push(
        `| ${phaseTitles[phase]} | ${server} | ${r.ok} | ${r.errors} | ${fmt(r.opsPerSec)} | ${fmt(r.p50Ms)} | ${fmt(r.p99Ms)} | ${notes} |`,
      );
    }
  }
  lines.push('', '| ratio | value |', '|---|---:|');
  for (const [key, value] of Object.entries(report.ratios))
    lines.push(`| ${key} | ${fmt(value)}× |`);
  lines.push('', '## Targets', '', '| target | actual | met |', '|---|---|---|');
  for (const t of report.targets)
    lines.push(`| ${t.target} | ${t.actual} | ${t.met ? 'yes' : '**no**'} |`);
  const errors = Object.entries(report.phases).flatMap(([phase, byServer]) =>
    Object.entries(byServer).flatMap(([server, r]) =>
      r.errorSamples.map((e) => `- ${phase} / ${server}: ${e}`),
    ),
  );
  if (errors.length > 0) lines.push('', '## Error samples', '', ...errors);
  if (report.cpuProfile) {
    const p = report.cpuProfile;
    lines.push(
      '',
      '## Where Cairn spends its CPU',
      '',
      `From \`node --cpu-prof\` over the whole Cairn run (${fmt(p.totalMs / 1000)} s wall).`,
      '',
    );
    lines.push('| origin | self ms | share |', '|---|---:|---:|');
    for (const o of p.byOrigin)
      lines.push(`| ${o.origin} | ${o.ms} | ${(o.share * 100).toFixed(1)} % |`);
    lines.push('', '| function | self ms | share |', '|---|---:|---:|');
    for (const f of p.byFunction)
      lines.push(`| \`${f.fn}\` | ${f.ms} | ${(f.share * 100).toFixed(1)} % |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes `tracking-<date>.json` and `tracking.md` into `dir`; returns their paths. */
export async function writeReport(report: BenchReport, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const json = path.join(dir, `tracking-${report.date.slice(0, 10)}.json`);
  const markdown = path.join(dir, 'tracking.md');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(markdown, toMarkdown(report));
  return [json, markdown];
}
