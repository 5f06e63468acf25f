/**
 * The WHERE-clause condition that limits a search to resources a user may read. It is
 * compiled into the search itself, so paging happens after filtering and pages are full.
 */
import { sql } from 'kysely';
import type { RawBuilder, SqlBool } from 'kysely';
import type { AccessFilter, ResourceType } from '@cairn/core';

/**
 * `resourceId` is the SQL expression of the resource's id as text (grants store ids as
 * text; experiment ids are integers in their table, so callers cast).
 */
export function accessCondition(
  access: AccessFilter,
  type: ResourceType,
  resourceId: RawBuilder<unknown>,
): RawBuilder<SqlBool> {
  const grant = sql`select 1 from access_grants g
    where g.user_id = ${access.userId} and g.resource_type = ${type} and g.resource_id = ${resourceId}`;
  return access.readableByDefault
    ? sql<SqlBool>`not exists (${grant} and g.permission = 'NO_PERMISSIONS')`
    : sql<SqlBool>`exists (${grant} and g.permission <> 'NO_PERMISSIONS')`;
}
