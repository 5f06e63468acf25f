/** The sentence the UI shows beside an action the user's permission does not allow. */
import type { PermissionLevel, PermissionTarget } from '@cairn/sdk';

const RANK: Record<PermissionLevel, number> = { NO_PERMISSIONS: 0, READ: 1, EDIT: 2, MANAGE: 3 };

function nounOf(target: PermissionTarget): string {
  if ('experimentId' in target) return 'this experiment';
  if ('registeredModel' in target) return 'this model';
  return 'this dataset';
}

/** The sentence shown beside a disabled action, or undefined when `have` suffices. */
export function permissionDenyReason(
  have: PermissionLevel,
  needed: 'EDIT' | 'MANAGE',
  target: PermissionTarget,
): string | undefined {
  if (RANK[have] >= RANK[needed]) return undefined;
  const held = have === 'NO_PERMISSIONS' ? 'no permission' : have;
  return `You have ${held} on ${nounOf(target)}; this needs ${needed}.`;
}
