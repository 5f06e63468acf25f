/**
 * The stat cache makes a no-op `status` cost one `lstat` per file instead of one read: a file
 * whose (path, inode, device, mtime ns, ctime ns, size) are unchanged since it was hashed
 * keeps its digest. ctime is part of the key because a user can put an old mtime back
 * (`touch -d`) but not an old ctime.
 *
 * The whole table is read into a Map on first lookup (one query, no per-file SQL); new digests
 * are buffered and written in one transaction on `flush`.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { ScannedFile } from './scan-path.ts';

export interface StatCache {
  /** The digest recorded for this exact file state, if any. */
  lookup(f: ScannedFile): string | undefined;
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
  let entries: Map<string, Entry> | undefined;
  const pending = new Map<string, Entry>();

  const load = () => {
    if (entries !== undefined) return entries;
    entries = new Map();
    const select = db.prepare(
      'SELECT path, ino, dev, mtime_ns, ctime_ns, size, digest FROM stat_entries',
    );
    select.setReadBigInts(true);
    select.setReturnArrays(true);
    for (const row of select.iterate() as Iterable<
      [string, bigint, bigint, bigint, bigint, bigint, string]
    >) {
      const [path, ino, dev, mtimeNs, ctimeNs, size, digest] = row;
      entries.set(path, { ino, dev, mtimeNs, ctimeNs, size, digest });
    }
    return entries;
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
    lookup(f) {
      const e = load().get(f.absolutePath);
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
      load().set(f.absolutePath, entry);
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
