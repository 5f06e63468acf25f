/**
 * The two tools under test, each as the commands its user would type, and the measurement
 * of one command: wall time and peak RSS from `measure.py` (ru_maxrss of the child).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export type ToolName = 'dvc' | 'cairn';

export interface Measured {
  seconds: number;
  maxRssMiB: number;
  userSeconds: number;
  systemSeconds: number;
  command: string;
  /** The machine's 1-minute load average when the command started (it is a shared machine). */
  loadAverage: number;
  /** The last lines the command printed (stdout and stderr), for the record. */
  outputTail: string;
}

export interface ToolCommand {
  file: string;
  args: string[];
  env?: Record<string, string>;
}

export interface Tool {
  name: ToolName;
  /** The tree the tool works in (its own copy of the inputs, one workspace per input). */
  tree: string;
  version: string;
  settings: string;
  /** Prepares one workspace under `tree` (for DVC: a repository). */
  init(workspace: string): Promise<void>;
  /** Versions `target` (a directory or file inside `tree`) as dataset `name`. */
  add(target: string, name: string, phase: string): ToolCommand;
  /** Asks "what changed in `target` since it was versioned as `name`". */
  status(target: string, name: string, phase: string): ToolCommand;
}

const measureScript = path.join(import.meta.dirname, 'measure.py');

/** Runs one command under measure.py in `cwd`; throws when it exits non-zero. */
export async function measure(
  cwd: string,
  command: ToolCommand,
  scratch: string,
): Promise<Measured> {
  const resultFile = path.join(scratch, `measure-${process.hrtime.bigint()}.json`);
  const loadAverage = os.loadavg()[0] ?? Number.NaN;
  const child = spawn('python3', [measureScript, resultFile, '--', command.file, ...command.args], {
    cwd,
    env: { ...process.env, ...command.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => resolve());
  });
  const shown = [path.basename(command.file), ...command.args].join(' ');
  const raw = JSON.parse(await readFile(resultFile, 'utf8')) as {
    seconds: number;
    maxRssKiB: number;
    userSeconds: number;
    systemSeconds: number;
    exitCode: number;
  };
  await rm(resultFile, { force: true });
  if (raw.exitCode !== 0) {
    throw new Error(`${shown} (in ${cwd}) exited with ${raw.exitCode}:\n${output}`);
  }
  return {
    seconds: raw.seconds,
    maxRssMiB: raw.maxRssKiB / 1024,
    userSeconds: raw.userSeconds,
    systemSeconds: raw.systemSeconds,
    command: shown,
    loadAverage,
    outputTail: output.trim().split('\n').slice(-6).join('\n'),
  };
}

function quiet(file: string, args: string[], cwd: string, env?: Record<string, string>): string {
  return execFileSync(file, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  }).trim();
}

/**
 * DVC in a git repository (how DVC is used), default cache settings (`reflink,copy`: a copy on
 * ext4, like Cairn's blob store). Its state database (inode/mtime/size → md5) lives in the
 * site cache dir, pointed inside the work dir so every run starts cold on hashes.
 */
export function createDvcTool(tree: string, dvcBin: string, siteCache: string): Tool {
  const env = { DVC_NO_ANALYTICS: '1', DVC_SITE_CACHE_DIR: siteCache };
  return {
    name: 'dvc',
    tree,
    version: quiet(dvcBin, ['--version'], tree, env),
    settings:
      'a git init + dvc init repository per input; cache.type default (reflink,copy → copy on ext4); analytics off',
    async init(workspace) {
      await mkdir(siteCache, { recursive: true });
      quiet('git', ['init', '-q'], workspace);
      quiet(dvcBin, ['init', '-q'], workspace, env);
      quiet(dvcBin, ['config', 'core.analytics', 'false'], workspace, env);
    },
    add: (target) => ({ file: dvcBin, args: ['add', target], env }),
    // `dvc status <target>.dvc`: "do the workspace files still match what was added?" — the
    // question `cairn data status <dir>` answers, scoped to the one tracked output.
    status: (target) => ({ file: dvcBin, args: ['status', `${target}.dvc`], env }),
  };
}

/**
 * The Cairn CLI run from source with the repo's Node 24, a local store inside the work dir.
 * `cpuProfileDir`, when set, adds `--cpu-prof` (main thread and hashing workers).
 */
export function createCairnTool(
  tree: string,
  repoRoot: string,
  store: string,
  cpuProfileDir?: string,
): Tool {
  const node = path.join(repoRoot, 'node_modules', '.bin', 'node');
  const main = path.join(repoRoot, 'packages', 'cli', 'src', 'main.ts');
  const nodeArgs = (phase: string) =>
    cpuProfileDir === undefined
      ? [main]
      : ['--cpu-prof', '--cpu-prof-dir', path.join(cpuProfileDir, phase), main];
  const commit = quiet('git', ['rev-parse', '--short', 'HEAD'], repoRoot);
  return {
    name: 'cairn',
    tree,
    version: `${quiet(node, ['--version'], repoRoot)} · cairn ${commit}`,
    settings: `node packages/cli/src/main.ts data … --store <work>/cairn/.cairn, one store for all inputs (no --fsync)`,
    async init() {
      await mkdir(store, { recursive: true });
    },
    add: (target, name, phase) => ({
      file: node,
      args: [...nodeArgs(phase), 'data', 'add', target, '--name', name, '--store', store],
    }),
    status: (target, name, phase) => ({
      file: node,
      args: [...nodeArgs(phase), 'data', 'status', target, '--name', name, '--store', store],
    }),
  };
}
