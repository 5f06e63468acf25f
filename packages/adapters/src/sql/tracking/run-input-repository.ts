/** A run's inputs (datasets with their input tags, models) and outputs (models). */
import { randomUUID } from 'node:crypto';
import { notFound } from '@cairn/core';
import type { TrackingWriter } from '@cairn/core';
import { chunkForParameters, firstPerKey } from '../batching.ts';
import { parseExperimentId } from './lifecycle.ts';
import { requireRunKey } from './run-keys.ts';
import type { SqlScope } from '../transaction-runner.ts';

type RunInputWriter = Pick<
  TrackingWriter,
  'insertDatasetInputs' | 'insertModelInputs' | 'insertModelOutputs'
>;

const DATASET_COLUMNS = 8;
const INPUT_TAG_COLUMNS = 4;

export function createRunInputWriter(scope: SqlScope): RunInputWriter {
  const { db, dialect } = scope;
  return {
    async insertDatasetInputs(runId, experimentIdText, inputs) {
      const experimentId = parseExperimentId(experimentIdText);
      if (experimentId === undefined) {
        throw notFound('tracking.experiment_not_found', `No experiment ${experimentIdText}.`);
      }
      const identity = (name: string, digest: string) => `${name}\u0000${digest}`;
      const unique = firstPerKey(inputs, (i) => identity(i.dataset.name, i.dataset.digest));
      if (unique.length === 0) return;
      const runKey = await requireRunKey(scope, runId);

      // A dataset is stored once per experiment; a second run reuses the first row.
      const datasetRows = unique.map(({ dataset }) => ({
        dataset_uuid: randomUUID().replaceAll('-', ''),
        experiment_id: experimentId,
        name: dataset.name,
        digest: dataset.digest,
        source_type: dataset.sourceType,
        source: dataset.source,
        schema: dataset.schema ?? null,
        profile: dataset.profile ?? null,
      }));
      for (const chunk of chunkForParameters(datasetRows, DATASET_COLUMNS, dialect)) {
        await db
          .insertInto('datasets')
          .values(chunk)
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      const uuids = new Map<string, string>();
      for (const chunk of chunkForParameters(unique, 2, dialect)) {
        const rows = await db
          .selectFrom('datasets')
          .select(['dataset_uuid', 'name', 'digest'])
          .where('experiment_id', '=', experimentId)
          .where(
            'name',
            'in',
            chunk.map((i) => i.dataset.name),
          )
          .where(
            'digest',
            'in',
            chunk.map((i) => i.dataset.digest),
          )
          .execute();
        for (const row of rows) uuids.set(identity(row.name, row.digest), row.dataset_uuid);
      }

      const links = unique.map((input) => ({
        run_key: runKey,
        dataset_uuid: uuids.get(identity(input.dataset.name, input.dataset.digest)) as string,
      }));
      for (const chunk of chunkForParameters(links, 2, dialect)) {
        await db
          .insertInto('run_dataset_inputs')
          .values(chunk)
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      const tagRows = unique.flatMap((input, index) =>
        firstPerKey(input.tags, (t) => t.key).map((tag) => ({
          run_key: runKey,
          dataset_uuid: (links[index] as { dataset_uuid: string }).dataset_uuid,
          key: tag.key,
          value: tag.value,
        })),
      );
      for (const chunk of chunkForParameters(tagRows, INPUT_TAG_COLUMNS, dialect)) {
        await db
          .insertInto('run_dataset_input_tags')
          .values(chunk)
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    },
    async insertModelInputs(runId, modelIds) {
      if (modelIds.length === 0) return;
      const runKey = await requireRunKey(scope, runId);
      const rows = [...new Set(modelIds)].map((modelId) => ({
        run_key: runKey,
        model_id: modelId,
      }));
      for (const chunk of chunkForParameters(rows, 2, dialect)) {
        await db
          .insertInto('run_model_inputs')
          .values(chunk)
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    },
    async insertModelOutputs(runId, outputs) {
      if (outputs.length === 0) return;
      const runKey = await requireRunKey(scope, runId);
      const rows = firstPerKey(outputs, (o) => `${o.modelId}\u0000${o.step}`).map((o) => ({
        run_key: runKey,
        model_id: o.modelId,
        step: o.step,
      }));
      for (const chunk of chunkForParameters(rows, 3, dialect)) {
        await db
          .insertInto('run_model_outputs')
          .values(chunk)
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    },
  };
}
