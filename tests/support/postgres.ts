/**
 * A throwaway PostgreSQL cluster for test suites: its own temp directory, a free loopback
 * port, a unix socket inside that directory, durability switched off for speed. Nothing
 * is shared with other suites or left behind.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const POSTGRES_ROOT = '/usr/lib/postgresql';
const DATABASE = 'cairn_test';
const SUPERUSER = 'cairn';

export interface TestPostgres {
  /** `postgres://cairn@127.0.0.1:<port>/cairn_test`, trust authentication. */
  url: string;
  /** Stops the server and removes its directory; idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts a fresh cluster and database. Returns undefined (with a loud warning) when the
 * PostgreSQL binaries are absent, unless CAIRN_REQUIRE_ALL_SUITES=1, which makes that an
 * error so CI never skips silently.
 */
export async function startPostgres(): Promise<TestPostgres | undefined> {
  const bin = findBinDir();
  if (bin === undefined) {
    const message = `PostgreSQL binaries not found under ${POSTGRES_ROOT}/<version>/bin`;
    if (process.env.CAIRN_REQUIRE_ALL_SUITES === '1') {
      throw new Error(`${message}, and CAIRN_REQUIRE_ALL_SUITES=1 forbids skipping.`);
    }
    console.warn(
      `\n${'!'.repeat(72)}\n!! ${message}: PostgreSQL suites are SKIPPED.\n${'!'.repeat(72)}\n`,
    );
    return undefined;
  }

  const root = mkdtempSync(join(tmpdir(), 'cairn-pg-'));
  const dataDir = join(root, 'data');
  const asOwner = ownerCommand(root);
  let started = false;
  const cleanUpSync = () => {
    if (started) {
      try {
        execFileSync(
          ...asOwner(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']),
          {
            stdio: 'ignore',
          },
        );
      } catch {
        // Already stopped.
      }
      started = false;
    }
    rmSync(root, { recursive: true, force: true });
  };
  // A cluster must not outlive its test process: stop it on exit, and on the signals a
  // runner sends to a hung suite (then die by the same signal, as without this handler).
  const onSignal = (signal: NodeJS.Signals) => {
    cleanUpSync();
    process.kill(process.pid, signal);
  };
  const detach = () => {
    process.removeListener('exit', cleanUpSync);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
  process.once('exit', cleanUpSync);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    await run(
      ...asOwner(join(bin, 'initdb'), [
        '-D',
        dataDir,
        '-U',
        SUPERUSER,
        '--auth=trust',
        '--encoding=UTF8',
        '--no-locale',
        '--no-sync',
      ]),
    );
    const port = await freePort();
    const serverOptions = [
      `-p ${port}`,
      `-k ${root}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=50',
    ].join(' ');
    await run(
      ...asOwner(join(bin, 'pg_ctl'), [
        '-D',
        dataDir,
        '-l',
        join(root, 'server.log'),
        '-o',
        serverOptions,
        '-w',
        '-t',
        '30',
        'start',
      ]),
    );
    started = true;
    await run(join(bin, 'createdb'), [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      SUPERUSER,
      DATABASE,
    ]);
    return {
      url: `postgres://${SUPERUSER}@127.0.0.1:${port}/${DATABASE}`,
      stop: () => {
        cleanUpSync();
        detach();
        return Promise.resolve();
      },
    };
  } catch (error) {
    cleanUpSync();
    detach();
    throw error;
  }
}

function findBinDir(): string | undefined {
  if (!existsSync(POSTGRES_ROOT)) return undefined;
  const versions = readdirSync(POSTGRES_ROOT)
    .filter((name) => existsSync(join(POSTGRES_ROOT, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(POSTGRES_ROOT, versions[0], 'bin');
}

/**
 * initdb and pg_ctl refuse to run as root: as root, the directory goes to the `postgres`
 * user and the commands run through `runuser`.
 */
function ownerCommand(root: string): (file: string, args: string[]) => [string, string[]] {
  if (process.getuid?.() !== 0) return (file, args) => [file, args];
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(root, uid, gid);
  return (file, args) => ['runuser', ['-u', 'postgres', '--', file, ...args]];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
