/**
 * Walks the lineage graph from one entity, upstream (where it came from), downstream (what
 * came of it) or both (the union of the two walks, not the whole connected component).
 * Nodes the caller may not read are left out and not followed, so a walk never reveals
 * what lies behind a foreign run or model; the root itself must be readable.
 */
import { CairnError, ErrorCategory, invalidArgument, notFound } from '../kernel/index.ts';
import type { RequestContext } from '../kernel/index.ts';
import {
  LINEAGE_DEFAULT_DEPTH,
  LINEAGE_MAX_DEPTH,
  LINEAGE_MAX_NODES,
  nodeKey,
  type LineageDirection,
  type LineageEdge,
  type LineageEntity,
  type LineageGraph,
  type LineageNode,
  type LineageOptions,
} from './lineage-graph.ts';
import { createNeighbourFinder, type LineageSources } from './lineage-neighbours.ts';
import type { LineageResourceType, Neighbour } from './lineage-nodes.ts';

/** Decides whether the caller may read a resource (READ on an experiment, registered model or dataset). */
export type ResourceVisibility = (
  ctx: RequestContext,
  resource: { type: LineageResourceType; id: string },
) => Promise<boolean>;

export interface LineageApi {
  getLineage(
    ctx: RequestContext,
    entity: LineageEntity,
    options?: LineageOptions,
  ): Promise<LineageGraph>;
}

export interface LineageServiceDeps extends LineageSources {
  /** Absent: everything is visible (single-user mode, internal callers). */
  visibility?: ResourceVisibility;
}

function depthOf(options: LineageOptions): number {
  const depth = options.depth ?? LINEAGE_DEFAULT_DEPTH;
  if (!Number.isInteger(depth) || depth < 0 || depth > LINEAGE_MAX_DEPTH) {
    throw invalidArgument(
      'lineage.invalid_depth',
      `depth must be an integer from 0 to ${LINEAGE_MAX_DEPTH}.`,
      { details: { field: 'depth' } },
    );
  }
  return depth;
}

export function createLineageService(deps: LineageServiceDeps): LineageApi {
  const finder = createNeighbourFinder(deps);

  return {
    async getLineage(ctx, entity, options = {}) {
      const direction: LineageDirection = options.direction ?? 'both';
      const depth = depthOf(options);
      const cache = new Map<string, Promise<boolean>>();
      const visible = (neighbour: Neighbour): Promise<boolean> => {
        const { resource } = neighbour;
        if (resource === undefined || deps.visibility === undefined) return Promise.resolve(true);
        const key = `${resource.type}:${resource.id}`;
        let decision = cache.get(key);
        if (decision === undefined) {
          decision = deps.visibility(ctx, resource);
          cache.set(key, decision);
        }
        return decision;
      };

      const root = await finder.resolve(entity.kind, entity.id);
      if (root === undefined) {
        throw notFound('lineage.entity_not_found', `No ${entity.kind} '${entity.id}'.`);
      }
      if (!(await visible(root))) {
        throw new CairnError(
          ErrorCategory.PERMISSION_DENIED,
          'lineage.permission_denied',
          `You may not read ${entity.kind} '${entity.id}'.`,
        );
      }
      const rootKey = nodeKey(root.node.kind, root.node.id);
      const nodes = new Map<string, LineageNode>([[rootKey, root.node]]);
      const edges = new Map<string, LineageEdge>();
      const hidden = new Set<string>();
      let truncated = false;

      const walk = async (upstream: boolean) => {
        let frontier: LineageNode[] = [root.node];
        const expanded = new Set<string>([rootKey]);
        for (let level = 0; level < depth && frontier.length > 0; level += 1) {
          const next: LineageNode[] = [];
          for (const node of frontier) {
            const from = nodeKey(node.kind, node.id);
            const found = upstream
              ? await finder.upstreamOf(node)
              : await finder.downstreamOf(ctx, node);
            for (const neighbour of found) {
              const key = nodeKey(neighbour.node.kind, neighbour.node.id);
              if (!(await visible(neighbour))) {
                hidden.add(key);
                continue;
              }
              if (!nodes.has(key)) {
                if (nodes.size >= LINEAGE_MAX_NODES) {
                  truncated = true;
                  continue;
                }
                nodes.set(key, neighbour.node);
              }
              const edge: LineageEdge = neighbour.upstream
                ? { from: key, to: from, relation: neighbour.relation }
                : { from, to: key, relation: neighbour.relation };
              edges.set(`${edge.from}|${edge.to}|${edge.relation}`, edge);
              if (!expanded.has(key)) {
                expanded.add(key);
                next.push(neighbour.node);
              }
            }
          }
          frontier = next;
        }
      };

      if (direction !== 'downstream') await walk(true);
      if (direction !== 'upstream') await walk(false);
      return {
        root: rootKey,
        nodes: [...nodes.values()],
        edges: [...edges.values()],
        hidden: hidden.size,
        truncated,
      };
    },
  };
}
