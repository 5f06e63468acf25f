/**
 * `npm run bench:data [-- --quick] [-- --only dvc|cairn] [-- --cpu-prof] [-- --keep]`
 *
 * Cairn against DVC on this machine, same files, one run: add 10,000 small files (~200 MB),
 * add one 2 GiB file, no-op status over 100,000 files, re-add after changing 1% of the
 * 10,000; plus Cairn's hasher against `sha256sum` on the 2 GiB file. The inputs are generated
 * into `.cache/bench-data` (`--work-dir`), wiped before and after. A full run of both tools
 * writes bench/results/data-<date>.json and bench/results/data.md; `--quick` and `--only` print.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { summarizeCpuProfile } from '../tracking/cpu-profile.ts';
import type { ProfileSummary } from '../tracking/cpu-profile.ts';
import {
  changeSmallTree,
  treeNames,
  writeLargeFile,
  writeManyTree,
  writeSmallTree,
} from './dataset-generator.ts';
import type { DataSizes } from './dataset-generator.ts';
import { ensureDvcVenv } from './dvc-venv.ts';
import { benchHashing } from './hash-throughput.ts';
import { judge, toMarkdown, writeReport } from './report.ts';
import type { BenchReport, PhaseName } from './report.ts';
import { createCairnTool, createDvcTool, measure } from './tools.ts';
import type { Tool, ToolName } from './tools.ts';
import { settleDisk } from './settle-disk.ts';
import { warmRead } from './warm-read.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

const fullSizes: DataSizes = {
  smallFiles: 10_000,
  smallMeanBytes: 20_000,
  largeBytes: 2 * 2 ** 30,
  manyFiles: 100_000,
  manyMeanBytes: 1_000,
  changedFiles: 100,
};

const quickSizes: DataSizes = {
  smallFiles: 1_000,
  smallMeanBytes: 20_000,
  largeBytes: 128 * 2 ** 20,
  manyFiles: 5_000,
  manyMeanBytes: 1_000,
  changedFiles: 10,
};

/**
 * Each input lives in its own workspace (for DVC its own repository): DVC walks the whole
 * workspace when it collects its .dvc files, so 100,000 untracked files beside `small/` would
 * add over a second to DVC's `add small` that has nothing to do with adding it.
 */
const workspaces = { small: 'ws-small', large: 'ws-large', many: 'ws-many' } as const;

interface PlanStep {
  phase: PhaseName;
  kind: 'add' | 'status';
  workspace: string;
  target: string;
  name: string;
}

const plan: PlanStep[] = [
  {
    phase: 'addSmall',
    kind: 'add',
    workspace: workspaces.small,
    target: treeNames.small,
    name: 'small',
  },
  {
    phase: 'addLarge',
    kind: 'add',
    workspace: workspaces.large,
    target: treeNames.large,
    name: 'large',
  },
  {
    phase: 'addMany',
    kind: 'add',
    workspace: workspaces.many,
    target: treeNames.many,
    name: 'many',
  },
  {
    phase: 'statusNoop',
    kind: 'status',
    workspace: workspaces.many,
    target: treeNames.many,
    name: 'many',
  },
  {
    phase: 'reAdd',
    kind: 'add',
    workspace: workspaces.small,
    target: treeNames.small,
    name: 'small',
  },
];

const log = (line: string) => console.log(line);

function output(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function machineInfo(workDir: string): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    // Other work on the machine (it is shared) shows here: the 1-minute load at the start.
    loadAverageAtStart: os.loadavg()[0]?.toFixed(2) ?? 'unknown',
    os: `${os.type()} ${os.release()}`,
    filesystem: output('df', ['--output=fstype', workDir]).split('\n').at(-1) ?? 'unknown',
    node: process.version,
    python: output('python3', ['--version']),
    sha256sum: output('sha256sum', ['--version']).split('\n')[0] ?? 'unknown',
    // Other people may be editing the code while this runs: say when the tree was not clean.
    commit: `${output('git', ['rev-parse', '--short', 'HEAD'])}${output('git', ['status', '--porcelain', '--untracked-files=no', 'packages']) === '' ? '' : ' + uncommitted changes in packages/'}`,
  };
}

/** One summary per `.cpuprofile` (main thread and each worker) under `dir`, by phase. */
async function summarizeProfiles(dir: string): Promise<Record<string, ProfileSummary[]>> {
  const byPhase: Record<string, ProfileSummary[]> = {};
  for (const phase of await readdir(dir).catch(() => [])) {
    const phaseDir = path.join(dir, phase);
    const summaries: ProfileSummary[] = [];
    for (const file of (await readdir(phaseDir)).filter((f) => f.endsWith('.cpuprofile'))) {
      // summarizeCpuProfile reads the newest profile of a directory: give each its own.
      const own = path.join(phaseDir, `${file}.d`);
      await mkdir(own);
      await rename(path.join(phaseDir, file), path.join(own, file));
      const summary = await summarizeCpuProfile(own);
      if (summary) summaries.push(summary);
    }
    byPhase[phase] = summaries.sort((a, b) => b.totalMs - a.totalMs);
  }
  return byPhase;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      'work-dir': { type: 'string', default: path.join(repoRoot, '.cache', 'bench-data') },
    },
  });
  const sizes = values.quick ? quickSizes : fullSizes;
  const names: ToolName[] = values.only ? [values.only as ToolName] : ['dvc', 'cairn'];
  if (!names.every((n) => n === 'dvc' || n === 'cairn'))
    throw new Error('--only takes dvc or cairn');
  const workDir = path.resolve(values['work-dir']);
  const scratch = path.join(workDir, 'scratch');
  const profileDir = path.join(workDir, 'cpu-profiles');

  const venv = names.includes('dvc') ? await ensureDvcVenv(log) : undefined;
  await rm(workDir, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  const tools: Tool[] = [];
  for (const name of names) {
    const tree = path.join(workDir, name);
    await mkdir(tree, { recursive: true });
    tools.push(
      name === 'dvc'
        ? createDvcTool(tree, venv?.dvc ?? 'dvc', path.join(workDir, 'dvc-site-cache'))
        : createCairnTool(
            tree,
            repoRoot,
            path.join(tree, '.cairn'),
            values['cpu-prof'] ? profileDir : undefined,
          ),
    );
  }

  const report: BenchReport = {
    date: new Date().toISOString(),
    quick: values.quick,
    machine: machineInfo(workDir),
    tools: Object.fromEntries(
      tools.map((t) => [t.name, { version: t.version, settings: t.settings }]),
    ),
    sizes,
    inputs: {},
    cacheConditions:
      'warm — `sync`, a wait until the I/O pressure-stall average (10 s) is under 1% (at most 90 s), then every input byte of the phase read once just before each command; the order of the tools alternates per phase.',
    phases: {},
    targets: [],
    errors: [],
  };
  try {
    const roots = (workspace: string) => tools.map((t) => path.join(t.tree, workspace));
    for (const workspace of Object.values(workspaces)) {
      for (const root of roots(workspace)) await mkdir(root, { recursive: true });
    }
    let started = Date.now();
    report.inputs['small/'] = writeSmallTree(roots(workspaces.small), sizes);
    report.inputs['large.bin'] = writeLargeFile(roots(workspaces.large), sizes);
    report.inputs['many/'] = writeManyTree(roots(workspaces.many), sizes);
    spawnSync('sync');
    log(`inputs written in ${((Date.now() - started) / 1000).toFixed(0)} s to ${workDir}`);
    for (const tool of tools) {
      for (const workspace of Object.values(workspaces)) {
        await tool.init(path.join(tool.tree, workspace));
      }
    }

    report.hashing = await benchHashing({
      file: path.join(roots(workspaces.large)[0] ?? workDir, treeNames.large),
      bytes: sizes.largeBytes,
      scratch,
      withCairn: names.includes('cairn'),
      rounds: 3,
      log,
    });

    for (const [index, step] of plan.entries()) {
      if (step.phase === 'reAdd') {
        const changed = changeSmallTree(roots(workspaces.small), sizes);
        log(`changed ${changed.length} files of small/`);
      }
      const order = index % 2 === 0 ? tools : [...tools].reverse();
      for (const tool of order) {
        const waited = await settleDisk();
        if (waited > 1000) log(`waited ${(waited / 1000).toFixed(0)} s for the disk to settle`);
        const cwd = path.join(tool.tree, step.workspace);
        warmRead(path.join(cwd, step.target));
        const command =
          step.kind === 'add'
            ? tool.add(step.target, step.name, step.phase)
            : tool.status(step.target, step.name, step.phase);
        started = Date.now();
        try {
          const measured = await measure(cwd, command, scratch);
          (report.phases[step.phase] ??= {})[tool.name] = measured;
          log(
            `${step.phase} ${tool.name}: ${measured.seconds.toFixed(2)} s, RSS ${measured.maxRssMiB.toFixed(0)} MiB — ${measured.outputTail.split('\n').at(-1) ?? ''}`,
          );
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          report.errors.push({
            phase: step.phase,
            tool: tool.name,
            message: message.slice(0, 2000),
          });
          log(
            `${step.phase} ${tool.name}: FAILED after ${((Date.now() - started) / 1000).toFixed(1)} s\n${message}`,
          );
        }
      }
    }
    if (values['cpu-prof']) report.cpuProfiles = await summarizeProfiles(profileDir);
    report.machine['loadAverageAtEnd'] = os.loadavg()[0]?.toFixed(2) ?? 'unknown';
    report.targets = judge(report);
    console.log(`\n${toMarkdown(report)}`);
    const complete = !values.quick && names.length === 2 && report.errors.length === 0;
    if (complete) {
      const written = await writeReport(report, path.join(repoRoot, 'bench', 'results'));
      log(`wrote ${written.map((f) => path.relative(repoRoot, f)).join(' and ')}`);
    } else {
      if (values['cpu-prof'] && !values.quick) {
        // The profile of a partial run is kept: it says where Cairn's time goes.
        const profilePage = path.join(repoRoot, 'bench', 'results', 'data-profile.md');
        await writeFile(profilePage, toMarkdown(report));
        log(`wrote ${path.relative(repoRoot, profilePage)}`);
      }
      const label = `${names.join('-')}${values.quick ? '-quick' : ''}`;
      const written = await writeReport(
        report,
        path.join(repoRoot, '.cache', 'bench-data-results', label),
      );
      log(`partial or quick run: bench/results untouched; wrote ${written.join(' and ')}`);
    }
  } finally {
    if (!values.keep) await rm(workDir, { recursive: true, force: true });
  }
}

await main();
