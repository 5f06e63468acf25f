/**
 * The stat cache makes a no-op `status` cost one `lstat` per file instead of one read: a file
 * whose (path, inode, device, mtime ns, ctime ns, size) are unchanged since it was hashed
 * keeps its digest. ctime is part of the key because a user can put an old mtime back
 * (`touch -d`) but not an old ctime.
 *
 * The entries under the scanned root are read into a Map in one range query (no per-file SQL);
 * new digests are buffered and written in one transaction on `flush`.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { ScannedFile } from './scan-path.ts';

export interface StatCache {
  /** The digest recorded for this exact file state, if any. */
  lookup(f: ScannedFile): string | undefined;
  /**
   * Reads the entries under the absolute path `root` in one range query, so a lookup there
   * does not read the whole table (the cache is shared by every dataset of a store). Without
   * it, the first lookup reads everything.
   */
  preload?(root: string): void;
  /** Remembers `digest` for this file state (written on `flush`). */
  record(f: ScannedFile, digest: string): void;
  flush(): void;
  /** Flushes and closes the file. */
  close(): void;
}

/**
 * A file stamped within this long of being recorded could still change within the same
 * timestamp tick after it was read, and keep an identical stat; such files are not cached
 * (git's "racily clean" entries). One second covers coarse filesystem clocks.
 */
const RACY_WINDOW_NS = 1_000_000_000n;

interface Entry {
  ino: bigint;
  dev: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  size: bigint;
  digest: string;
}

/** Opens (creating when missing) the stat cache kept in the SQLite file `file`. */
export function openStatCache(file: string): StatCache {
  mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA busy_timeout = 5000');
  // Integers, not one text stamp: BigInt comparisons are much cheaper than formatting five
  // BigInts per file on every lookup.
  db.exec(`CREATE TABLE IF NOT EXISTS stat_entries (
    path TEXT PRIMARY KEY, ino INTEGER NOT NULL, dev INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL, size INTEGER NOT NULL, digest TEXT NOT NULL) WITHOUT ROWID`);
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Entry>();
  /** Roots whose rows are in `entries`; `all` once the whole table is. */
  const loadedRoots: string[] = [];
  let loadedAll = false;
  const covered = (path: string) =>
    loadedAll || loadedRoots.some((root) => path === root || path.startsWith(`${root}/`));

  const read = (where: string, ...bounds: string[]) => {
    const select = db.prepare(
      `SELECT path, ino, dev, mtime_ns, ctime_ns, size, digest FROM stat_entries ${where}`,
    );
    select.setReadBigInts(true);
    select.setReturnArrays(true);
    for (const row of select.iterate(...bounds) as Iterable<
      [string, bigint, bigint, bigint, bigint, bigint, string]
    >) {
      const [path, ino, dev, mtimeNs, ctimeNs, size, digest] = row;
      // A digest recorded in this session is newer than the row.
      if (!pending.has(path)) entries.set(path, { ino, dev, mtimeNs, ctimeNs, size, digest });
    }
  };

  const flush = () => {
    if (pending.size === 0) return;
    const insert = db.prepare(
      'INSERT OR REPLACE INTO stat_entries (path, ino, dev, mtime_ns, ctime_ns, size, digest) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const [path, e] of pending) {
        insert.run(path, e.ino, e.dev, e.mtimeNs, e.ctimeNs, e.size, e.digest);
      }
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    pending.clear();
  };

  return {
    preload(root) {
      if (covered(root)) return;
      // A range on the primary key: `root` itself and everything under `root/` ('/' < '0').
      read('WHERE path >= ? AND path < ?', root, `${root}0`);
      loadedRoots.push(root);
    },
    lookup(f) {
      let e = entries.get(f.absolutePath);
      if (e === undefined && !covered(f.absolutePath)) {
        read('');
        loadedAll = true;
        e = entries.get(f.absolutePath);
      }
      return e !== undefined &&
        e.mtimeNs === f.mtimeNs &&
        e.ctimeNs === f.ctimeNs &&
        e.ino === f.ino &&
        e.dev === f.dev &&
        e.size === BigInt(f.size)
        ? e.digest
        : undefined;
    },
    record(f, digest) {
      const nowNs = BigInt(Date.now()) * 1_000_000n;
      const changedNs = f.ctimeNs > f.mtimeNs ? f.ctimeNs : f.mtimeNs;
      if (changedNs >= nowNs - RACY_WINDOW_NS) return;
      const entry: Entry = {
        ino: f.ino,
        dev: f.dev,
        mtimeNs: f.mtimeNs,
        ctimeNs: f.ctimeNs,
        size: BigInt(f.size),
        digest,
      };
      entries.set(f.absolutePath, entry);
      pending.set(f.absolutePath, entry);
    },
    flush,
    close() {
      try {
        flush();
      } finally {
        db.close();
      }
    },
  };
}
