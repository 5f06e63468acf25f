/**
 * Model cards through the v1 API on SQLite: the draft pre-filled from lineage, revisions
 * with author and time, completeness, concurrency guard, and the exports.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRegistryService, systemClock } from '@cairn/core';
import type { ModelCard, ModelCardContent, ModelCardView } from '@cairn/core';
import { createTestApp, expectJson } from '../test-support/test-app.ts';
import type { TestApp } from '../test-support/test-app.ts';

const ctx = { actor: 'local' };
const base = '/api/v1/registered-models/churn/versions/1/model-card';

describe('v1 model card routes', () => {
  let t: TestApp;
  let runId: string;

  before(async () => {
    t = await createTestApp();
    const registry = createRegistryService({
      store: t.store.registry,
      tracking: t.tracking,
      clock: systemClock,
    });
    const run = await t.tracking.createRun(ctx, {
      experimentId: '0',
      tags: [
        { key: 'mlflow.source.git.commit', value: 'c0ffee' },
        { key: 'mlflow.source.git.repoURL', value: 'https://git.example.com/churn.git' },
      ],
    });
    runId = run.info.runId;
    await t.tracking.logBatch(ctx, runId, {
      params: [
        { key: 'lr', value: '0.1' },
        { key: 'depth', value: '6' },
      ],
      metrics: [{ key: 'auc', value: 0.91, timestamp: 1, step: 0 }],
    });
    await t.tracking.logInputs(ctx, runId, {
      datasets: [
        {
          dataset: { name: 'train-set', digest: 'd1', sourceType: 'local', source: '/data/train' },
          tags: [{ key: 'mlflow.data.context', value: 'training' }],
        },
        {
          dataset: { name: 'holdout', digest: 'd2', sourceType: 'local', source: '/data/holdout' },
          tags: [{ key: 'mlflow.data.context', value: 'eval' }],
        },
      ],
    });
    const model = await t.tracking.createLoggedModel(ctx, {
      experimentId: '0',
      sourceRunId: runId,
      modelType: 'gradient-boosted trees',
    });
    await registry.createRegisteredModel(ctx, { name: 'churn', description: 'Churn risk.' });
    await registry.createModelVersion(ctx, { name: 'churn', source: `models:/${model.modelId}` });
  });
  after(() => t.close());

  const get = async () => (await expectJson(await t.call('GET', base), 200)) as ModelCardView;
  const put = async (content: unknown, baseRevision?: number) =>
    t.call('PUT', base, {
      json: { content, ...(baseRevision === undefined ? {} : { baseRevision }) },
    });

  it('answers a draft pre-filled from lineage before the first save, and saves nothing', async () => {
    const view = await get();
    assert.equal(view.saved, false);
    assert.equal(view.card.revision, 0);
    const c = view.card.content;
    assert.equal(c.model_details.name, 'churn');
    assert.equal(c.model_details.overview, 'Churn risk.');
    assert.equal(c.model_details.version.name, '1');
    assert.equal(c.model_parameters.model_architecture, 'gradient-boosted trees');
    assert.deepEqual(c.model_parameters.parameters, [
      { name: 'depth', value: '6' },
      { name: 'lr', value: '0.1' },
    ]);
    assert.deepEqual(c.quantitative_analysis.performance_metrics, [
      { type: 'auc', value: '0.91', slice: '' },
    ]);
    assert.deepEqual(
      c.model_parameters.data.map((d) => [d.name, d.role, d.digest]),
      [
        ['train-set', 'training', 'd1'],
        ['holdout', 'evaluation', 'd2'],
      ],
    );
    assert.deepEqual(c.code_version, {
      commit: 'c0ffee',
      source_name: '',
      repo_url: 'https://git.example.com/churn.git',
    });
    assert.equal(view.completeness.complete, false);
    assert.deepEqual(
      view.completeness.missing.map((m) => m.section),
      [
        'model_details.owners',
        'considerations.users',
        'considerations.use_cases',
        'considerations.limitations',
        'considerations.ethical_considerations',
      ],
    );
    const revisions = (await expectJson(await t.call('GET', `${base}/revisions`), 200)) as {
      items: ModelCard[];
    };
    assert.deepEqual(revisions.items, []);
  });

  it('saves revisions with author and time, keeps the history, and emits an event per save', async () => {
    const draft = (await get()).card.content;
    const first = (await expectJson(await put(draft, 0), 200)) as ModelCardView;
    assert.equal(first.saved, true);
    assert.equal(first.card.revision, 1);
    assert.equal(first.card.author, 'local');

    const filled: ModelCardContent = structuredClone(draft);
    filled.model_details.owners = [{ name: 'Risk team', contact: 'risk@example.com' }];
    filled.considerations.users = ['retention analysts'];
    filled.considerations.use_cases = ['weekly churn list'];
    filled.considerations.limitations = ['EU customers only'];
    filled.considerations.ethical_considerations = [
      { name: 'age bias', mitigation_strategy: 'metrics sliced by age band' },
    ];
    const second = (await expectJson(await put(filled, 1), 200)) as ModelCardView;
    assert.equal(second.card.revision, 2);
    assert.deepEqual(second.completeness, { complete: true, missing: [] });
    assert.deepEqual((await get()).card, second.card);

    // A save based on an older revision is refused; nothing is written.
    const stale = await put(draft, 1);
    assert.equal(stale.status, 400);
    assert.equal(
      ((await stale.json()) as { error: { code: string } }).error.code,
      'model_card.stale_revision',
    );

    const page = (await expectJson(await t.call('GET', `${base}/revisions?maxResults=1`), 200)) as {
      items: ModelCard[];
      nextPageToken?: string;
    };
    assert.deepEqual(
      page.items.map((r) => r.revision),
      [2],
    );
    assert.ok(page.nextPageToken !== undefined);
    const rest = (await expectJson(
      await t.call('GET', `${base}/revisions?maxResults=1&pageToken=${page.nextPageToken}`),
      200,
    )) as { items: ModelCard[]; nextPageToken?: string };
    assert.deepEqual(
      rest.items.map((r) => [r.revision, r.content.considerations.users]),
      [[1, []]],
    );
    assert.equal(rest.nextPageToken, undefined);

    const events = await t.store.events.listEvents(0, 10_000);
    const saves = events.filter((e) => e.type === 'model_card.saved');
    assert.deepEqual(
      saves.map((e) => [e.entityType, e.payload.name, e.payload.version, e.payload.revision]),
      [
        ['model_version', 'churn', 1, 1],
        ['model_version', 'churn', 1, 2],
      ],
    );
  });

  it('refuses invalid content and unknown versions', async () => {
    const bad = await put({ model_details: { overview: 42 } });
    assert.equal(bad.status, 400);
    assert.equal(
      ((await bad.json()) as { error: { code: string } }).error.code,
      'model_card.invalid',
    );
    assert.equal((await put({ sneaky: true })).status, 400);
    const missing = await t.call('GET', '/api/v1/registered-models/churn/versions/7/model-card');
    assert.equal(missing.status, 404);
    const noModel = await t.call('GET', '/api/v1/registered-models/nope/versions/1/model-card');
    assert.equal(noModel.status, 404);
  });

  it('exports Markdown and HTML, escaping hostile text', async () => {
    const current = (await get()).card;
    const hostile = structuredClone(current.content);
    hostile.considerations.limitations = ['<script>alert(1)</script>', 'fails on "<img src=x>"'];
    await expectJson(await put(hostile, current.revision), 200);

    const md = await t.call('GET', `${base}/export?format=markdown`);
    assert.equal(md.status, 200);
    assert.equal(md.headers.get('content-type'), 'text/markdown; charset=utf-8');
    const markdown = await md.text();
    assert.ok(markdown.startsWith('# Model card: churn version 1\n'));
    assert.ok(markdown.includes('Revision 3, saved by local'));
    assert.ok(markdown.includes('| auc | 0.91 |'));
    assert.ok(markdown.includes('- weekly churn list'));
    assert.ok(markdown.includes('- &lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!markdown.includes('<script>'));

    const page = await t.call('GET', `${base}/export?format=html`);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await page.text();
    assert.ok(html.includes('<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>'));
    assert.ok(html.includes('fails on &quot;&lt;img src=x&gt;&quot;'));
    assert.ok(!html.includes('<script') && !html.includes('<img'));

    const json = await t.call('GET', `${base}/export?format=json`);
    const content = (await json.json()) as ModelCardContent;
    assert.deepEqual(content.considerations.limitations, hostile.considerations.limitations);
    assert.equal((await t.call('GET', `${base}/export?format=pdf`)).status, 400);
  });
});
