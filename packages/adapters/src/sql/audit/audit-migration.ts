/** Migration `0004_audit`: the leaf and checkpoint tables, with leaves for every existing event. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database, SqlDialectName } from '../schema.ts';
import { insertAuditLeaves } from './audit-leaves.ts';

const BACKFILL_CHUNK = 2_000;

export async function createAuditSchema(
  db: Kysely<unknown>,
  dialect: SqlDialectName,
): Promise<void> {
  const text = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('audit_leaves')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('leaf_hash', text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('tree_size', 'bigint', (c) => c.notNull())
    .addColumn('key_id', text, (c) => c.notNull())
    .addColumn('root_hash', text, (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('signature', text, (c) => c.notNull())
    .addColumn('public_key', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_checkpoints_pk', ['tree_size', 'key_id'])
    .execute();

  // Events appended before this migration get their leaves now: the log starts whole.
  const typed = db as unknown as Kysely<Database>;
  let after = 0;
  for (;;) {
    const rows = await typed
      .selectFrom('events')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(BACKFILL_CHUNK)
      .execute();
    if (rows.length === 0) break;
    await insertAuditLeaves({ db: typed, dialect }, rows);
    after = (rows.at(-1) as { seq: number }).seq;
  }
}
