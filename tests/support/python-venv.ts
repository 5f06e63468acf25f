/**
 * The Python virtualenv used by the interop suite and the MLflow benchmark: `.cache/venv`,
 * populated from PyPI with `tests/interop/requirements.txt`. A stamp file records the hash of
 * the requirements (and the interpreter) that were installed, so a rerun with unchanged
 * requirements does no network or pip work at all.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** Where the venv lives and the file listing what goes into it. */
export const venvPaths = {
  dir: path.join(repoRoot, '.cache', 'venv'),
  requirements: path.join(repoRoot, 'tests', 'interop', 'requirements.txt'),
} as const;

export interface PythonVenv {
  dir: string;
  /** The venv's interpreter. */
  python: string;
  /** The venv's `bin` directory (holds `pytest`, `mlflow`, …). */
  bin: string;
}

const requireAll = (): boolean => process.env['CAIRN_REQUIRE_ALL_SUITES'] === '1';

/** The base interpreter: `CAIRN_PYTHON` or `python3` on PATH, if it can create venvs. */
function findBasePython(): { python: string; version: string } | { problem: string } {
  const python = process.env['CAIRN_PYTHON'] ?? 'python3';
  // `ensurepip` is what Debian splits out into python3-venv; without it `-m venv` fails late.
  const probe = spawnSync(
    python,
    ['-c', 'import sys, venv, ensurepip; print("%d.%d.%d" % sys.version_info[:3])'],
    { encoding: 'utf8' },
  );
  if (probe.error) return { problem: `${python} not found (${probe.error.message})` };
  if (probe.status !== 0) {
    return {
      problem: `${python} cannot create virtualenvs (install python3-venv): ${probe.stderr.trim()}`,
    };
  }
  return { python, version: probe.stdout.trim() };
}

function venvPythonVersion(python: string): string | undefined {
  if (!existsSync(python)) return undefined;
  const probe = spawnSync(python, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], {
    encoding: 'utf8',
  });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

function run(command: string, args: string[], log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) {
        resolve();
        return;
      }
      log(output.trim());
      reject(new Error(`${command} ${args.join(' ')} exited with ${String(code)}`));
    });
  });
}

/**
 * Creates or reuses `.cache/venv` with the interop requirements installed. Returns undefined
 * (after a loud warning) when no usable Python exists; throws instead when
 * `CAIRN_REQUIRE_ALL_SUITES=1`. A failing `pip install` always throws: that is a real
 * failure, not a missing prerequisite.
 */
export async function ensurePythonVenv(
  options: { log?: (line: string) => void } = {},
): Promise<PythonVenv | undefined> {
  const log = options.log ?? ((line: string) => console.error(line));
  const base = findBasePython();
  if ('problem' in base) {
    if (requireAll()) throw new Error(`Python is required: ${base.problem}`);
    log(`\n!!! SKIPPING Python suites: ${base.problem}\n`);
    return undefined;
  }

  const requirements = await readFile(venvPaths.requirements, 'utf8');
  const stamp = createHash('sha256')
    .update(`python ${base.version}\n`)
    .update(requirements)
    .digest('hex');
  const venv: PythonVenv = {
    dir: venvPaths.dir,
    python: path.join(venvPaths.dir, 'bin', 'python'),
    bin: path.join(venvPaths.dir, 'bin'),
  };
  const stampFile = path.join(venvPaths.dir, '.cairn-requirements.sha256');
  const current = existsSync(stampFile) ? (await readFile(stampFile, 'utf8')).trim() : '';
  if (current === stamp && existsSync(venv.python)) return venv;

  const started = Date.now();
  log(
    `Preparing ${path.relative(repoRoot, venvPaths.dir)} (python ${base.version}); pip may take minutes…`,
  );
  if (venvPythonVersion(venv.python) !== base.version) {
    // A venv built by another interpreter is rebuilt from scratch; one with the same
    // interpreter is kept, and pip only adds what the requirements now ask for.
    await rm(venvPaths.dir, { recursive: true, force: true });
    await mkdir(path.dirname(venvPaths.dir), { recursive: true });
    await run(base.python, ['-m', 'venv', venvPaths.dir], log);
  }
  await run(
    venv.python,
    ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', venvPaths.requirements],
    log,
  );
  await writeFile(stampFile, `${stamp}\n`);
  log(`Python venv ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return venv;
}
