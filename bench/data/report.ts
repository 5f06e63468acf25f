/**
 * The data benchmark's record: `bench/results/data-<date>.json` (raw figures) and
 * `bench/results/data.md` (the table the issue asks for), both from one BenchReport.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { ProfileSummary } from '../tracking/cpu-profile.ts';
import type { DataSizes } from './dataset-generator.ts';
import type { Measured, ToolName } from './tools.ts';

export const timedPhases = ['addSmall', 'addLarge', 'statusNoop', 'reAdd'] as const;
export type TimedPhase = (typeof timedPhases)[number];
/** `addMany` versions the 100,000 files `statusNoop` then checks: recorded, not judged. */
export type PhaseName = TimedPhase | 'addMany';

export interface HashThroughput {
  bytes: number;
  /** Alternating rounds run; each hasher's best round is kept. */
  rounds: number;
  sha256sum: { seconds: number; mbPerSec: number; maxRssMiB: number; digest: string };
  cairn?: {
    seconds: number;
    processSeconds: number;
    mbPerSec: number;
    maxRssMiB: number;
    digest: string;
  };
}

export interface BenchReport {
  date: string;
  quick: boolean;
  machine: Record<string, string | number>;
  tools: Partial<Record<ToolName, { version: string; settings: string }>>;
  sizes: DataSizes;
  inputs: Record<string, { files: number; bytes: number }>;
  cacheConditions: string;
  phases: Partial<Record<PhaseName, Partial<Record<ToolName, Measured>>>>;
  hashing?: HashThroughput;
  targets: { target: string; actual: string; met: boolean | undefined }[];
  /** Commands that failed, by phase and tool (their phase row then lacks that tool). */
  errors: { phase: string; tool: ToolName; message: string }[];
  cpuProfiles?: Record<string, ProfileSummary[]>;
}

export const phaseTitles: Record<PhaseName, string> = {
  addSmall: 'add 10,000 small files',
  addLarge: 'add one 2 GiB file',
  addMany: 'add 100,000 files (setup for status)',
  statusNoop: 'no-op status over 100,000 files',
  reAdd: 're-add after changing 1% of the 10,000',
};

const mb = (bytes: number) => bytes / 1e6;

/** The issue's targets: ≥3× DVC per phase, hashing ≥80% of sha256sum, RSS < 300 MB on 2 GiB. */
export function judge(report: Pick<BenchReport, 'phases' | 'hashing'>): BenchReport['targets'] {
  const targets: BenchReport['targets'] = [];
  for (const phase of timedPhases) {
    const dvc = report.phases[phase]?.dvc?.seconds;
    const cairn = report.phases[phase]?.cairn?.seconds;
    const ratio = dvc !== undefined && cairn !== undefined ? dvc / cairn : undefined;
    targets.push({
      target: `${phaseTitles[phase]}: ≥ 3× faster than DVC`,
      actual: ratio === undefined ? 'not measured' : `${ratio.toFixed(2)}×`,
      met: ratio === undefined ? undefined : ratio >= 3,
    });
  }
  const hashing = report.hashing;
  const hashRatio = hashing?.cairn
    ? hashing.cairn.mbPerSec / hashing.sha256sum.mbPerSec
    : undefined;
  targets.push({
    target: 'hashing throughput ≥ 80% of sha256sum on the same file',
    actual:
      hashRatio === undefined || hashing?.cairn === undefined
        ? 'not measured'
        : `${(hashRatio * 100).toFixed(0)}% (${hashing.cairn.mbPerSec.toFixed(0)} vs ${hashing.sha256sum.mbPerSec.toFixed(0)} MB/s)`,
    met: hashRatio === undefined ? undefined : hashRatio >= 0.8,
  });
  const rss = report.phases.addLarge?.cairn?.maxRssMiB;
  const rssMb = rss === undefined ? undefined : mb(rss * 2 ** 20);
  targets.push({
    target: 'Cairn peak RSS adding the 2 GiB file < 300 MB',
    actual: rssMb === undefined ? 'not measured' : `${rssMb.toFixed(0)} MB`,
    met: rssMb === undefined ? undefined : rssMb < 300,
  });
  return targets;
}

const fmt = (x: number | undefined, digits = 2) =>
  x === undefined || Number.isNaN(x)
    ? '—'
    : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const metCell = (met: boolean | undefined) =>
  met === undefined ? 'not measured' : met ? 'yes' : '**no**';

export function toMarkdown(report: BenchReport): string {
  const lines: string[] = [];
  lines.push('# Data benchmark: Cairn vs DVC', '');
  if (report.cpuProfiles !== undefined) {
    lines.push('Run with `--cpu-prof`: Cairn timings below include the profiler’s overhead.', '');
  }
  lines.push(
    `Run ${report.date} with \`npm run bench:data\`${report.quick ? ' (quick sizes)' : ''} (raw figures: \`data-${report.date.slice(0, 10)}.json\`).`,
    'Same machine, same files (generated deterministically, one identical copy per tool), each',
    'command run once, wall time including process start-up, peak RSS = `ru_maxrss` of the command',
    `(\`bench/data/measure.py\`). Page cache: ${report.cacheConditions}`,
    '',
  );
  lines.push(
    'Method:',
    '',
    '- Each tool works on its own copy of the inputs, each input in its own workspace: for DVC a',
    '  `git init` + `dvc init` repository per input (DVC walks the whole workspace to collect its',
    '  .dvc files, which would charge it for files beside the one being added), for Cairn one local',
    '  store (`--store`) for all three. Both end up holding a second copy of every byte (DVC cache',
    '  with its default `reflink,copy`, Cairn blob store); ext4 has no reflink.',
    '- Hash caches start empty: DVC’s state database lives in `DVC_SITE_CACHE_DIR` inside the',
    '  wiped work dir, Cairn’s stat cache in its new store.',
    '- "What changed" is asked with `dvc status <target>.dvc` (does the workspace still match what',
    '  was added) and `cairn data status <dir> --name <ds>`: the same question, one dataset.',
    '- The 1% re-add rewrites 100 of the 10,000 files with new bytes of the same size.',
    '',
  );
  lines.push('| machine | |', '|---|---|');
  for (const [key, value] of Object.entries(report.machine)) lines.push(`| ${key} | ${value} |`);
  for (const [name, tool] of Object.entries(report.tools)) {
    lines.push(`| ${name} | ${tool.version}; ${tool.settings} |`);
  }
  lines.push('', '| input | files | MB |', '|---|---:|---:|');
  for (const [name, input] of Object.entries(report.inputs)) {
    lines.push(`| ${name} | ${input.files.toLocaleString('en-US')} | ${fmt(mb(input.bytes), 1)} |`);
  }

  lines.push('', '## Results', '');
  lines.push(
    '| phase | DVC s | Cairn s | DVC/Cairn | target | met | DVC RSS MiB | Cairn RSS MiB | load at start (DVC / Cairn) |',
    '|---|---:|---:|---:|---|---|---:|---:|---|',
  );
  for (const phase of Object.keys(phaseTitles) as PhaseName[]) {
    const dvc = report.phases[phase]?.dvc;
    const cairn = report.phases[phase]?.cairn;
    if (dvc === undefined && cairn === undefined) continue;
    const ratio = dvc && cairn ? dvc.seconds / cairn.seconds : undefined;
    const judged = (timedPhases as readonly string[]).includes(phase);
    lines.push(
      `| ${phaseTitles[phase]} | ${fmt(dvc?.seconds)} | ${fmt(cairn?.seconds)} | ${ratio === undefined ? '—' : `${fmt(ratio)}×`} | ${judged ? '≥ 3×' : '(not judged)'} | ${judged ? metCell(ratio === undefined ? undefined : ratio >= 3) : ''} | ${fmt(dvc?.maxRssMiB, 0)} | ${fmt(cairn?.maxRssMiB, 0)} | ${fmt(dvc?.loadAverage, 1)} / ${fmt(cairn?.loadAverage, 1)} |`,
    );
  }
  if (report.hashing) {
    const h = report.hashing;
    lines.push(
      '',
      `## Hashing throughput (the 2 GiB file, warm page cache, best of ${h.rounds} alternating rounds)`,
      '',
    );
    lines.push('| hasher | s | MB/s | RSS MiB | digest |', '|---|---:|---:|---:|---|');
    lines.push(
      `| \`sha256sum\` (wall) | ${fmt(h.sha256sum.seconds)} | ${fmt(h.sha256sum.mbPerSec, 0)} | ${fmt(h.sha256sum.maxRssMiB, 0)} | ${h.sha256sum.digest.slice(0, 16)}… |`,
    );
    if (h.cairn) {
      lines.push(
        `| Cairn \`hashFiles\` (the call; process ${fmt(h.cairn.processSeconds)} s) | ${fmt(h.cairn.seconds)} | ${fmt(h.cairn.mbPerSec, 0)} | ${fmt(h.cairn.maxRssMiB, 0)} | ${h.cairn.digest.slice(0, 16)}… |`,
      );
    }
  }
  lines.push('', '## Targets', '', '| target | actual | met |', '|---|---|---|');
  for (const t of report.targets) lines.push(`| ${t.target} | ${t.actual} | ${metCell(t.met)} |`);

  if (report.errors.length > 0) {
    lines.push('', '## Failures', '');
    for (const e of report.errors) lines.push(`- ${e.phase} / ${e.tool}: ${e.message}`);
  }
  lines.push('', '## Commands', '');
  for (const [phase, byTool] of Object.entries(report.phases)) {
    for (const [tool, m] of Object.entries(byTool)) {
      lines.push(
        `- ${phase} / ${tool}: \`${m.command}\` (user ${fmt(m.userSeconds)} s, sys ${fmt(m.systemSeconds)} s)`,
      );
    }
  }
  for (const [phase, summaries] of Object.entries(report.cpuProfiles ?? {})) {
    lines.push('', `## Where Cairn spends its CPU: ${phase}`, '');
    for (const p of summaries) {
      const busy = p.byOrigin.reduce((sum, o) => sum + o.ms, 0);
      const origins = p.byOrigin
        .slice(0, 6)
        .map((o) => `${o.origin} ${o.ms} ms`)
        .join(', ');
      lines.push(
        `\`${path.basename(p.file)}\` (${fmt(p.totalMs / 1000)} s profiled, ~${Math.max(0, p.totalMs - busy)} ms idle; ${origins}):`,
        '',
        '| function | self ms | share |',
        '|---|---:|---:|',
      );
      for (const f of p.byFunction.slice(0, 10)) {
        lines.push(`| \`${f.fn}\` | ${f.ms} | ${(f.share * 100).toFixed(1)} % |`);
      }
      lines.push('');
    }
  }
  lines.push(
    '',
    'Reproduce: `npm run bench:data` (`-- --quick` for small sizes; `-- --cpu-prof`).',
  );
  return `${lines.join('\n')}\n`;
}

/** Writes `data-<date>.json` and `data.md` into `dir`; returns their paths. */
export async function writeReport(report: BenchReport, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const json = path.join(dir, `data-${report.date.slice(0, 10)}.json`);
  const markdown = path.join(dir, 'data.md');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(markdown, toMarkdown(report));
  return [json, markdown];
}
