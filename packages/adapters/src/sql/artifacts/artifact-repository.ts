/**
 * The artifact index: path → blob digest. Directories are implied by files but also kept
 * in `artifact_dirs`, so listing a directory reads its children and never its whole subtree.
 */
import { sql } from 'kysely';
import { failedPrecondition } from '@cairn/core';
import type { ArtifactEntry, ArtifactListing, ArtifactReader, ArtifactWriter } from '@cairn/core';
import type { SqlScope } from '../transaction-runner.ts';

type ArtifactRepository = Omit<ArtifactWriter, 'appendEvent'>;

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** 'a/b/c' → ['a', 'a/b']. */
function ancestorsOf(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/**
 * Bounds of every path under `dir`: with byte-wise collation they all sort in
 * [`dir/`, `dir0`), because '0' is the character right after '/'.
 */
function subtree(dir: string): [string, string] {
  return [`${dir}/`, `${dir}0`];
}

export function createArtifactReader({ db }: SqlScope): ArtifactReader {
  return {
    async getArtifact(path): Promise<ArtifactEntry | undefined> {
      const row = await db
        .selectFrom('artifacts')
        .selectAll()
        .where('path', '=', path)
        .executeTakeFirst();
      return row === undefined
        ? undefined
        : { path: row.path, digest: row.digest, size: row.size, createdAt: row.created_at };
    },
    async listArtifacts(dir): Promise<ArtifactListing[]> {
      const { rows } = await sql<{ path: string; is_dir: number; size: number | null }>`
        select path, 0 as is_dir, size from artifacts where parent = ${dir}
        union all
        select path, 1 as is_dir, null as size from artifact_dirs where parent = ${dir}
        order by path`.execute(db);
      return rows.map((row) =>
        row.is_dir === 1
          ? { path: row.path, isDir: true }
          : { path: row.path, isDir: false, size: Number(row.size) },
      );
    },
  };
}

export function createArtifactWriter(scope: SqlScope): ArtifactRepository {
  const { db } = scope;
  const hasFilesUnder = async (dir: string) => {
    const [low, high] = subtree(dir);
    const row = await db
      .selectFrom('artifacts')
      .select('path')
      .where('path', '>', low)
      .where('path', '<', high)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  };
  return {
    ...createArtifactReader(scope),
    async putArtifact(entry) {
      const ancestors = ancestorsOf(entry.path);
      const dir = await db
        .selectFrom('artifact_dirs')
        .select('path')
        .where('path', '=', entry.path)
        .executeTakeFirst();
      if (dir !== undefined) {
        throw failedPrecondition(
          'artifacts.path_is_directory',
          `'${entry.path}' is a directory of artifacts.`,
        );
      }
      if (ancestors.length > 0) {
        const file = await db
          .selectFrom('artifacts')
          .select('path')
          .where('path', 'in', ancestors)
          .executeTakeFirst();
        if (file !== undefined) {
          throw failedPrecondition(
            'artifacts.parent_is_file',
            `'${file.path}' is a file, so it cannot contain '${entry.path}'.`,
          );
        }
      }
      await db
        .insertInto('artifacts')
        .values({
          path: entry.path,
          parent: parentOf(entry.path),
          digest: entry.digest,
          size: entry.size,
          created_at: entry.createdAt,
        })
        .onConflict((oc) =>
          oc.column('path').doUpdateSet({
            digest: (eb) => eb.ref('excluded.digest'),
            size: (eb) => eb.ref('excluded.size'),
            created_at: (eb) => eb.ref('excluded.created_at'),
          }),
        )
        .execute();
      if (ancestors.length > 0) {
        await db
          .insertInto('artifact_dirs')
          .values(ancestors.map((path) => ({ path, parent: parentOf(path) })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    },
    async deleteArtifacts(path) {
      if (path === '') {
        const result = await db.deleteFrom('artifacts').executeTakeFirst();
        await db.deleteFrom('artifact_dirs').execute();
        return Number(result.numDeletedRows);
      }
      const [low, high] = subtree(path);
      const result = await db
        .deleteFrom('artifacts')
        .where((eb) =>
          eb.or([eb('path', '=', path), eb.and([eb('path', '>', low), eb('path', '<', high)])]),
        )
        .executeTakeFirst();
      await db
        .deleteFrom('artifact_dirs')
        .where((eb) =>
          eb.or([eb('path', '=', path), eb.and([eb('path', '>', low), eb('path', '<', high)])]),
        )
        .execute();
      // Directories left without files disappear, deepest first, as on a filesystem listing.
      for (const ancestor of ancestorsOf(path).reverse()) {
        if (await hasFilesUnder(ancestor)) break;
        await db.deleteFrom('artifact_dirs').where('path', '=', ancestor).execute();
      }
      return Number(result.numDeletedRows);
    },
  };
}
