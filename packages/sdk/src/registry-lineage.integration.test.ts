/** The registry client's lineage against the real server: Cairn dataset versions in the graph. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { LineageGraph, LineageNodeKind, LineageRelation } from './registry-client.ts';
import { useTestServer } from './testing/test-server.ts';

const CSV = 'id,label\n1,cat\n2,dog\n';

const server = useTestServer('cairn-sdk-lineage-');

const edges = (g: LineageGraph) => g.edges.map((e) => `${e.from} -${e.relation}-> ${e.to}`);

describe('registry client: lineage through dataset versions', () => {
  it('types and returns dataset_version nodes with output and input edges', async () => {
    const prep = await server.client.runs.create({ runName: 'prep' });
    const digest = createHash('sha256').update(CSV).digest('hex');
    await server.client.datasets.uploadObject('pets', digest, new TextEncoder().encode(CSV));
    await server.client.datasets.addVersion('pets', {
      content: { kind: 'file', entry: { path: 'pets.csv', digest, size: CSV.length } },
      producedByRunId: prep.info.runId,
    });
    // A reader, logged the way the mlflow client does it: a digest cut to MLflow's 36.
    const train = await server.client.runs.create({ runName: 'train' });
    const logged = await fetch(`${server.url}/api/2.0/mlflow/runs/log-inputs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        run_id: train.info.runId,
        datasets: [
          {
            dataset: {
              name: 'pets',
              digest: digest.slice(0, 36),
              source_type: 'local',
              source: '{}',
            },
          },
        ],
      }),
    });
    assert.equal(logged.status, 200, await logged.text());

    const g = await server.client.registry.lineage('dataset_version:pets@1', { direction: 'both' });
    assert.equal(g.root, 'dataset_version:pets@1');
    // Typed expectations: these would not compile if the SDK's unions lacked the new members.
    const kinds: LineageNodeKind[] = ['dataset_version', 'run', 'run'];
    assert.deepEqual(g.nodes.map((n) => n.kind).sort(), kinds);
    const relations: LineageRelation[] = ['input', 'output'];
    assert.deepEqual(g.edges.map((e) => e.relation).sort(), relations);
    assert.deepEqual(edges(g).sort(), [
      `dataset_version:pets@1 -input-> run:${train.info.runId}`,
      `run:${prep.info.runId} -output-> dataset_version:pets@1`,
    ]);
    const version = g.nodes.find((n) => n.kind === 'dataset_version');
    assert.equal(version?.attributes['digest'], digest);
  });
});
