/**
 * `GET /lineage?entity=<kind>:<id>`: the lineage graph of an MLflow dataset input, a Cairn
 * dataset version, a run, logged model, model version or code version. The caller must be
 * able to read the entity asked about; nodes behind runs, models or datasets it may not read
 * are left out (counted in `hidden`).
 */
import { z } from 'zod';
import {
  CairnError,
  ErrorCategory,
  LINEAGE_MAX_DEPTH,
  LINEAGE_RELATIONS,
  LineageNodeKind,
  parseLineageEntity,
} from '@cairn/core';
import type { LineageApi } from '@cairn/core';
import { defineRoute, jsonResponse, type AnyApiRoute, type V1Deps } from './api-route.ts';
import { component } from './component-registry.ts';
import { boundedInt } from './input-schemas.ts';

const nodeKindSchema = z.enum(LineageNodeKind);

const lineageGraphSchema = component(
  'LineageGraph',
  z.object({
    root: z.string().describe('`kind:id` of the entity asked about.'),
    nodes: z.array(
      z.object({
        kind: nodeKindSchema,
        id: z.string(),
        label: z.string(),
        attributes: z.record(z.string(), z.string()),
      }),
    ),
    edges: z.array(
      z.object({
        from: z.string().describe('`kind:id` data flows from.'),
        to: z.string(),
        relation: z.enum(LINEAGE_RELATIONS),
      }),
    ),
    hidden: z.number().int().describe('Nodes left out because the caller may not read them.'),
    truncated: z.boolean().describe('The walk stopped at the node cap before the depth.'),
  }),
  'Where an entity came from (upstream) and what came of it (downstream); edges follow the data.',
);

export function lineageApi(deps: V1Deps): LineageApi {
  if (deps.lineage === undefined) {
    throw new CairnError(
      ErrorCategory.UNAVAILABLE,
      'lineage.not_configured',
      'Lineage is not enabled on this server.',
    );
  }
  return deps.lineage;
}

export const lineageRoutes: readonly AnyApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/lineage',
    operationId: 'getLineage',
    tag: 'Lineage',
    summary: 'The lineage graph of an entity',
    description:
      'entity is `<kind>:<id>`: `dataset:<name>@<digest>` (an MLflow dataset input), ' +
      '`dataset_version:<dataset name>@<version>` (a Cairn dataset version), `run:<run id>`, ' +
      '`logged_model:<model id>`, `model_version:<model name>/<version>` or `code_version:<commit>`. ' +
      'Edges: dataset or dataset_version→run `input`, run→logged_model `produced`, ' +
      'logged_model→model_version `registered`, run→model_version `source`, code_version→run `code`, ' +
      'run→dataset_version `output`. A run input whose digest, Cairn version URL or source path ' +
      'matches a dataset version appears as that dataset_version.',
    query: z.object({
      entity: z.string().min(3).max(1100),
      direction: z.enum(['upstream', 'downstream', 'both']).optional(),
      depth: boundedInt(0, LINEAGE_MAX_DEPTH).optional(),
    }),
    response: jsonResponse(lineageGraphSchema, 'The graph.'),
    errors: [403, 404],
    handle: ({ query }, { deps, ctx }) =>
      lineageApi(deps).getLineage(ctx, parseLineageEntity(query.entity), {
        ...(query.direction === undefined ? {} : { direction: query.direction }),
        ...(query.depth === undefined ? {} : { depth: query.depth }),
      }),
  }),
];
