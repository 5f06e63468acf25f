/** ViewType to stored lifecycle stages, and the id conversions shared by repositories. */
import type { ViewType } from '@cairn/core';

export function stagesFor(viewType: ViewType): string[] {
  if (viewType === 'ACTIVE_ONLY') return ['active'];
  if (viewType === 'DELETED_ONLY') return ['deleted'];
  return ['active', 'deleted'];
}

/**
 * Experiment ids are decimal strings outside and bigints inside. Anything else names no
 * experiment, so callers answer "not found" instead of failing on a cast.
 */
export function parseExperimentId(experimentId: string): number | undefined {
  if (!/^\d{1,15}$/.test(experimentId)) return undefined;
  return Number(experimentId);
}
