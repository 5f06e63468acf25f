/**
 * The signed-in user's permission on the page's experiment, model or dataset, so actions they
 * may not take are disabled with the reason up front instead of failing on click. The
 * server's 403 stays the final word (through `ActionButton`): while this is loading, or if
 * asking fails, nothing is disabled.
 */
import type { PermissionLevel, PermissionTarget } from '@cairn/sdk';
import { useCairn } from './auth-context.tsx';
import { permissionDenyReason } from './permission-reason.ts';
import { useAsync } from './use-async.ts';

export interface PermissionView {
  /** Undefined while loading (or when the server could not say). */
  permission: PermissionLevel | undefined;
  /** Why an action needing `needed` is not allowed; undefined when allowed or not yet known. */
  denyReason(needed: 'EDIT' | 'MANAGE'): string | undefined;
}

/** A stable key for the target, so the request re-runs only when the resource changes. */
function keyOf(target: PermissionTarget | undefined): string {
  if (target === undefined) return '';
  if ('experimentId' in target) return `experiment:${target.experimentId}`;
  if ('registeredModel' in target) return `model:${target.registeredModel}`;
  return `dataset:${target.dataset}`;
}

/** `target` is undefined while the page's entity is still loading. */
export function usePermission(target: PermissionTarget | undefined): PermissionView {
  const { client } = useCairn();
  const state = useAsync(
    async () => (target === undefined ? undefined : client.access.myPermission(target)),
    [client, keyOf(target)],
  );
  const permission = state.value?.permission;
  return {
    permission,
    denyReason: (needed) =>
      permission === undefined || target === undefined
        ? undefined
        : permissionDenyReason(permission, needed, target),
  };
}
