/**
 * Zod schemas of the registry's v1 face: the `RegisteredModel` and `ModelVersion` entities
 * as they appear on the wire (unchanged from `@cairn/core`), and the inputs only registry
 * routes take.
 */
import { z } from 'zod';
import { ModelStage, ModelVersionStatus } from '@cairn/core';
import { component } from './component-registry.ts';
import { tagSchema } from './entity-schemas.ts';
import { boundedInt, limits } from './input-schemas.ts';

const timeSchema = z.number().int();

export const modelStageSchema = z.enum(ModelStage);

export const modelVersionSchema = component(
  'ModelVersion',
  z.object({
    registeredModelId: z.string(),
    name: z.string(),
    version: z.number().int().describe('1, 2, … per registered model; never reused.'),
    creationTimestamp: timeSchema,
    lastUpdatedTimestamp: timeSchema,
    userId: z.string(),
    currentStage: modelStageSchema,
    description: z.string(),
    source: z.string().describe('As registered: `models:/…`, `runs:/…` or `mlflow-artifacts:/…`.'),
    storageLocation: z.string().describe('Where the files are (`mlflow-artifacts:/…`).'),
    runId: z.string().nullable(),
    runLink: z.string().nullable(),
    modelId: z.string().nullable(),
    status: z.enum(ModelVersionStatus),
    statusMessage: z.string().nullable(),
    tags: z.array(tagSchema),
    aliases: z.array(z.string()),
  }),
);

export const registeredModelSchema = component(
  'RegisteredModel',
  z.object({
    id: z.string().describe('Immutable; survives renames.'),
    name: z.string(),
    creationTimestamp: timeSchema,
    lastUpdatedTimestamp: timeSchema,
    userId: z.string(),
    description: z.string(),
    tags: z.array(tagSchema),
    aliases: z.array(z.object({ alias: z.string(), version: z.number().int() })),
    latestVersions: z
      .array(modelVersionSchema)
      .describe('The highest version in each stage that has one.'),
  }),
);

export const downloadUriSchema = component(
  'ModelVersionDownloadUri',
  z.object({ artifactUri: z.string().describe("The version's files (`mlflow-artifacts:/…`).") }),
);

/** A version number in a path; the registry refuses text that is not a positive integer. */
export const versionParamSchema = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a version number such as 1');

export const aliasSchema = z.string().min(1).max(limits.name);
export const descriptionSchema = z.string().max(limits.value);

/** MLflow caps registered-model pages at 1,000; versions have no page cap of their own. */
export const registryMaxResultsSchema = boundedInt(1, 1_000).default(limits.searchDefaultResults);
