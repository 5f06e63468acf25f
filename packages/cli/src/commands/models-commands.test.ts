/**
 * `cairn models …` and `cairn lineage` against a real server (SQLite data directory), run
 * in-process through the same runner as `main.ts`; the entities come in through the
 * MLflow REST API, as the mlflow client would log them.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer } from '@cairn/server';
import { runCliInProcess } from '../testing/run-cli-in-process.ts';

describe('cairn models and cairn lineage', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let dataDir: string;
  let runId: string;
  let modelId: string;

  async function mlflow(path: string, body: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${server.url}/api/2.0/mlflow/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    assert.equal(response.status, 200, text);
    return JSON.parse(text) as Record<string, unknown>;
  }

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cairn-cli-models-'));
    server = await startServer({ port: 0, dataDir, quiet: true });
    const run = (await mlflow('runs/create', {
      experiment_id: '0',
      tags: [{ key: 'mlflow.source.git.commit', value: 'abc123' }],
    })) as { run: { info: { run_id: string } } };
    runId = run.run.info.run_id;
    await mlflow('runs/log-batch', {
      run_id: runId,
      params: [{ key: 'lr', value: '0.1' }],
      metrics: [{ key: 'auc', value: 0.9, timestamp: 1, step: 0 }],
    });
    await mlflow('runs/log-inputs', {
      run_id: runId,
      datasets: [
        {
          dataset: { name: 'train', digest: 'd1', source_type: 'local', source: '/data/train' },
          tags: [{ key: 'mlflow.data.context', value: 'training' }],
        },
      ],
    });
    const model = (await mlflow('logged-models', {
      experiment_id: '0',
      source_run_id: runId,
    })) as { model: { info: { model_id: string } } };
    modelId = model.model.info.model_id;
    await mlflow('registered-models/create', { name: 'churn' });
    await mlflow('model-versions/create', { name: 'churn', source: `models:/${modelId}` });
    // A different body: an identical one would be taken for a retry of the first.
    await mlflow('model-versions/create', {
      name: 'churn',
      source: `models:/${modelId}`,
      description: 'second',
    });
  });
  after(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const cairn = (argv: string[]) => runCliInProcess(argv, { env: { CAIRN_URL: server.url } });

  it('lists, shows and lists versions, as tables and as JSON', async () => {
    const list = await cairn(['models', 'list']);
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, /^NAME\s+LATEST\s+ALIASES\s+UPDATED\n/);
    assert.match(list.out, /\nchurn\s+v2\s+-\s+/);
    const json = await cairn(['models', 'list', '--json']);
    assert.deepEqual(
      (JSON.parse(json.out) as { items: { name: string }[] }).items.map((m) => m.name),
      ['churn'],
    );
    const show = await cairn(['models', 'show', 'churn']);
    assert.match(show.out, /^Name:\s+churn$/m);
    const versions = await cairn(['models', 'versions', 'churn', '--json']);
    assert.deepEqual(
      (JSON.parse(versions.out) as { items: { version: number }[] }).items
        .map((v) => v.version)
        .sort(),
      [1, 2],
    );
    const missing = await cairn(['models', 'show', 'nope']);
    assert.equal(missing.code, 3);
  });

  it('sets and deletes an alias', async () => {
    const set = await cairn(['models', 'alias', 'set', 'churn', 'champion', '2']);
    assert.equal(set.code, 0, set.err);
    assert.equal(set.out, 'Alias champion of churn now points to version 2.\n');
    const show = await cairn(['models', 'show', 'churn', '--json']);
    assert.deepEqual((JSON.parse(show.out) as { aliases: unknown[] }).aliases, [
      { alias: 'champion', version: 2 },
    ]);
    const versions = await cairn(['models', 'versions', 'churn']);
    assert.match(versions.out, /\n2\s+None\s+champion\s+/);
    assert.equal((await cairn(['models', 'alias', 'set', 'churn', 'x', 'two'])).code, 2);
    assert.equal((await cairn(['models', 'alias', 'move', 'churn', 'x', '1'])).code, 2);
    const deleted = await cairn(['models', 'alias', 'delete', 'churn', 'champion', '--json']);
    assert.equal(deleted.code, 0, deleted.err);
    const after = await cairn(['models', 'show', 'churn', '--json']);
    assert.deepEqual((JSON.parse(after.out) as { aliases: unknown[] }).aliases, []);
  });

  it('prints the model card pre-filled from lineage, as Markdown, HTML and JSON', async () => {
    const md = await cairn(['models', 'card', 'churn', '1']);
    assert.equal(md.code, 0, md.err);
    assert.ok(md.out.startsWith('# Model card: churn version 1\n'));
    assert.ok(md.out.includes('| auc | 0.9 |'));
    assert.ok(md.out.includes('| train | d1 | /data/train |'));
    assert.ok(md.out.includes('**Commit:** abc123'));
    const html = await cairn(['models', 'card', 'churn', '1', '--format', 'html']);
    assert.ok(html.out.startsWith('<!DOCTYPE html>'));
    const json = await cairn(['models', 'card', 'churn', '1', '--json']);
    const view = JSON.parse(json.out) as { saved: boolean; completeness: { complete: boolean } };
    assert.equal(view.saved, false);
    assert.equal(view.completeness.complete, false);
  });

  it('prints lineage as trees and as JSON', async () => {
    const tree = await cairn(['lineage', 'model_version:churn/1', '--direction', 'upstream']);
    assert.equal(tree.code, 0, tree.err);
    const lines = tree.out.split('\n');
    assert.equal(lines[0], 'model_version churn/1 (churn v1)');
    assert.ok(lines.includes('Upstream (where it came from):'));
    assert.ok(!tree.out.includes('Downstream'));
    assert.ok(tree.out.includes(`registered: logged_model ${modelId}`));
    assert.ok(tree.out.includes('input: dataset train@d1 (train)'));
    assert.ok(tree.out.includes('code: code_version abc123'));

    const down = await cairn(['lineage', `run:${runId}`, '--direction', 'downstream', '--json']);
    const graph = JSON.parse(down.out) as {
      edges: { from: string; to: string; relation: string }[];
    };
    assert.deepEqual(
      graph.edges.map((e) => `${e.from} ${e.relation} ${e.to}`).sort(),
      [
        `logged_model:${modelId} registered model_version:churn/1`,
        `logged_model:${modelId} registered model_version:churn/2`,
        `run:${runId} produced logged_model:${modelId}`,
        `run:${runId} source model_version:churn/1`,
        `run:${runId} source model_version:churn/2`,
      ].sort(),
    );
    assert.equal((await cairn(['lineage', 'nonsense'])).code, 2);
    assert.equal((await cairn(['lineage', 'run:missing'])).code, 3);
  });
});
