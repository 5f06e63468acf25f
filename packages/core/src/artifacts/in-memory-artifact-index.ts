import type { NewEvent } from '../kernel/index.ts';
import type { ArtifactEntry, ArtifactIndex, ArtifactListing, ArtifactWriter } from './ports.ts';

/** An `ArtifactIndex` held in memory, plus what tests need to look inside it. */
export interface InMemoryArtifactIndex extends ArtifactIndex {
  /** Events committed so far, in order. */
  committedEvents(): NewEvent[];
  /** Entries committed so far, sorted by path. */
  committedEntries(): ArtifactEntry[];
}

/**
 * A fake of the artifact index port for tests. Writes run one at a time on a copy that
 * replaces the committed state only when the callback resolves, so a test sees the same
 * all-or-nothing behaviour as a real transaction.
 */
export function createInMemoryArtifactIndex(): InMemoryArtifactIndex {
  let entries = new Map<string, ArtifactEntry>();
  let events: NewEvent[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  const writerOver = (staged: Map<string, ArtifactEntry>, stagedEvents: NewEvent[]) => {
    const writer: ArtifactWriter = {
      getArtifact: (path) => Promise.resolve(copy(staged.get(path))),
      listArtifacts: (dir) => Promise.resolve(childrenOf(staged, dir)),
      putArtifact: (entry) => {
        staged.set(entry.path, { ...entry });
        return Promise.resolve();
      },
      deleteArtifacts: (path) => {
        let count = 0;
        for (const key of [...staged.keys()]) {
          if (key === path || key.startsWith(`${path}/`)) {
            staged.delete(key);
            count += 1;
          }
        }
        return Promise.resolve(count);
      },
      appendEvent: (event) => {
        stagedEvents.push(structuredClone(event));
        return Promise.resolve();
      },
    };
    return writer;
  };

  return {
    read: (fn) => fn(writerOver(entries, [])),
    write: (fn) => {
      const run = queue.then(async () => {
        const staged = new Map(entries);
        const stagedEvents = [...events];
        const result = await fn(writerOver(staged, stagedEvents));
        entries = staged;
        events = stagedEvents;
        return result;
      });
      queue = run.catch(() => undefined);
      return run;
    },
    committedEvents: () => structuredClone(events),
    committedEntries: () =>
      [...entries.values()].map((e) => ({ ...e })).sort((a, b) => compare(a.path, b.path)),
  };
}

function childrenOf(entries: Map<string, ArtifactEntry>, dir: string): ArtifactListing[] {
  const prefix = dir === '' ? '' : `${dir}/`;
  const children = new Map<string, ArtifactListing>();
  for (const entry of entries.values()) {
    if (!entry.path.startsWith(prefix) || entry.path === dir) continue;
    const rest = entry.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash === -1) {
      children.set(entry.path, { path: entry.path, isDir: false, size: entry.size });
    } else {
      const path = prefix + rest.slice(0, slash);
      children.set(path, { path, isDir: true, size: undefined });
    }
  }
  return [...children.values()].sort((a, b) => compare(a.path, b.path));
}

function copy(entry: ArtifactEntry | undefined): ArtifactEntry | undefined {
  return entry === undefined ? undefined : { ...entry };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
