/**
 * The data benchmark's own virtualenv, `.cache/bench-venv`, holding DVC from
 * `bench/data/requirements.txt`. Kept apart from the interop venv so DVC's dependency pins never
 * meet MLflow's. A stamp of the requirements and interpreter makes a rerun do no pip work.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const venvDir = path.join(repoRoot, '.cache', 'bench-venv');
const requirementsFile = path.join(import.meta.dirname, 'requirements.txt');

export interface DvcVenv {
  /** The venv's interpreter. */
  python: string;
  /** The venv's `dvc` entry point. */
  dvc: string;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${String(code)}\n${output}`));
    });
  });
}

/** Creates (or reuses) the venv with DVC installed; throws when Python or pip fails. */
export async function ensureDvcVenv(log: (line: string) => void): Promise<DvcVenv> {
  const basePython = process.env['CAIRN_PYTHON'] ?? 'python3';
  const probe = spawnSync(basePython, ['-c', 'import platform; print(platform.python_version())'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) {
    throw new Error(
      `${basePython} is needed to install DVC: ${probe.stderr || probe.error?.message}`,
    );
  }
  const requirements = await readFile(requirementsFile, 'utf8');
  const stamp = createHash('sha256')
    .update(`python ${probe.stdout.trim()}\n`)
    .update(requirements)
    .digest('hex');
  const venv: DvcVenv = {
    python: path.join(venvDir, 'bin', 'python'),
    dvc: path.join(venvDir, 'bin', 'dvc'),
  };
  const stampFile = path.join(venvDir, '.cairn-requirements.sha256');
  const current = existsSync(stampFile) ? (await readFile(stampFile, 'utf8')).trim() : '';
  if (current === stamp && existsSync(venv.dvc)) return venv;

  log(`Preparing ${path.relative(repoRoot, venvDir)} with DVC; pip may take minutes…`);
  await rm(venvDir, { recursive: true, force: true });
  await mkdir(path.dirname(venvDir), { recursive: true });
  await run(basePython, ['-m', 'venv', venvDir]);
  await run(venv.python, [
    '-m',
    'pip',
    'install',
    '--disable-pip-version-check',
    '-q',
    '-r',
    requirementsFile,
  ]);
  await writeFile(stampFile, `${stamp}\n`);
  return venv;
}
