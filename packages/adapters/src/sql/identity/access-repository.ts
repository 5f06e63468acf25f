/** `AccessStore` over `access_grants`, and the creator grant written with a create's event. */
import { CREATOR_GRANT_EVENTS } from '@cairn/core';
import type {
  AccessReader,
  AccessStore,
  AccessWriter,
  Grant,
  NewEvent,
  Permission,
  ResourceType,
} from '@cairn/core';
import type { Selectable } from 'kysely';
import type { SqlScope, TransactionRunner } from '../transaction-runner.ts';
import type { AccessGrantTable } from './identity-schema.ts';

function toGrant(row: Selectable<AccessGrantTable>): Grant {
  return {
    userId: row.user_id,
    resourceType: row.resource_type as ResourceType,
    resourceId: row.resource_id,
    permission: row.permission as Permission,
    updatedAt: Number(row.updated_at),
  };
}

async function putGrant({ db }: SqlScope, grant: Grant): Promise<void> {
  await db
    .insertInto('access_grants')
    .values({
      user_id: grant.userId,
      resource_type: grant.resourceType,
      resource_id: grant.resourceId,
      permission: grant.permission,
      updated_at: grant.updatedAt,
    })
    .onConflict((oc) =>
      oc.columns(['user_id', 'resource_type', 'resource_id']).doUpdateSet({
        permission: grant.permission,
        updated_at: grant.updatedAt,
      }),
    )
    .execute();
}

function createAccessReader({ db }: SqlScope): AccessReader {
  return {
    async getGrant(userId, type, resourceId) {
      const row = await db
        .selectFrom('access_grants')
        .selectAll()
        .where('user_id', '=', userId)
        .where('resource_type', '=', type)
        .where('resource_id', '=', resourceId)
        .executeTakeFirst();
      return row === undefined ? undefined : toGrant(row);
    },
    async listGrants(type, resourceId) {
      const rows = await db
        .selectFrom('access_grants')
        .selectAll()
        .where('resource_type', '=', type)
        .where('resource_id', '=', resourceId)
        .orderBy('user_id')
        .execute();
      return rows.map(toGrant);
    },
  };
}

export function createAccessStore(runner: TransactionRunner): AccessStore {
  return {
    read: (fn) => runner.read((scope) => fn(createAccessReader(scope))),
    write: (fn) =>
      runner.write((scope) => {
        const writer: AccessWriter = {
          ...createAccessReader(scope),
          appendEvent: scope.appendEvent,
          putGrant: (grant) => putGrant(scope, grant),
          async deleteGrant(userId, type, resourceId) {
            await scope.db
              .deleteFrom('access_grants')
              .where('user_id', '=', userId)
              .where('resource_type', '=', type)
              .where('resource_id', '=', resourceId)
              .execute();
          },
        };
        return fn(writer);
      }),
  };
}

/**
 * Runs inside the transaction that appends `events`: the user who created an experiment,
 * registered model or dataset gets MANAGE on it before the create commits, so the creator can
 * never be locked out of what they just made (whatever the default permission).
 */
export async function grantCreators(scope: SqlScope, events: readonly NewEvent[]): Promise<void> {
  for (const event of events) {
    const type = CREATOR_GRANT_EVENTS[event.type];
    if (type === undefined) continue;
    const user = await scope.db
      .selectFrom('users')
      .select('user_id')
      .where('username', '=', event.actor)
      .executeTakeFirst();
    if (user === undefined) continue;
    await putGrant(scope, {
      userId: user.user_id,
      resourceType: type,
      resourceId: event.entityId,
      permission: 'MANAGE',
      updatedAt: event.time,
    });
  }
}
