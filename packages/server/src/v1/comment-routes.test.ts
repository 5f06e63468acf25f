/** Comments on runs and model versions through the v1 API (`app.request`) on SQLite. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createCommentService,
  createCommentTargetDirectory,
  createRegistryService,
  systemClock,
} from '@cairn/core';
import type { Comment } from '@cairn/core';
import { createTestApp, expectJson } from '../test-support/test-app.ts';
import type { TestApp } from '../test-support/test-app.ts';

describe('v1 comment routes', () => {
  let t: TestApp;
  let runId: string;

  before(async () => {
    t = await createTestApp();
    runId = (await t.tracking.createRun({ actor: 'local' }, { experimentId: '0' })).info.runId;
  });
  after(() => t.close());

  const post = async (path: string, body: string) =>
    (await expectJson(await t.call('POST', path, { json: { body } }), 201)) as Comment;

  it('adds, edits (keeping history), lists and soft-deletes run comments', async () => {
    const base = `/api/v1/runs/${runId}/comments`;
    const first = await post(base, 'Looks overfit to me.');
    assert.equal(first.author, 'local');
    assert.deepEqual(first.target, { type: 'run', id: runId });
    assert.equal(first.editedAt, null);
    const second = await post(base, 'Second thought.');

    const edited = (await expectJson(
      await t.call('PATCH', `${base}/${first.id}`, { json: { body: 'Looks fine after all.' } }),
      200,
    )) as Comment;
    assert.equal(edited.body, 'Looks fine after all.');
    assert.ok(edited.editedAt !== null && edited.editedAt >= first.createdAt);
    assert.deepEqual(
      edited.history.map((h) => [h.revision, h.body, h.replacedBy]),
      [[1, 'Looks overfit to me.', 'local']],
    );
    const again = (await expectJson(
      await t.call('PATCH', `${base}/${first.id}`, { json: { body: 'Final word.' } }),
      200,
    )) as Comment;
    assert.deepEqual(
      again.history.map((h) => h.body),
      ['Looks overfit to me.', 'Looks fine after all.'],
    );

    const listed = (await expectJson(await t.call('GET', base), 200)) as { items: Comment[] };
    assert.deepEqual(
      listed.items.map((c) => c.id),
      [first.id, second.id],
    );

    assert.equal((await t.call('DELETE', `${base}/${second.id}`)).status, 204);
    const after = (await expectJson(await t.call('GET', base), 200)) as { items: Comment[] };
    assert.deepEqual(
      after.items.map((c) => c.id),
      [first.id],
    );
    const withDeleted = (await expectJson(
      await t.call('GET', `${base}?includeDeleted=true`),
      200,
    )) as { items: Comment[] };
    const gone = withDeleted.items.find((c) => c.id === second.id);
    assert.equal(gone?.body, '');
    assert.equal(gone?.deletedBy, 'local');
    assert.equal((await t.call('GET', `${base}/${second.id}`)).status, 404);
    assert.equal((await t.call('DELETE', `${base}/${second.id}`)).status, 404);

    // Every change is an event, so it reaches the audit log.
    const events = await t.store.events.listEvents(0, 1000);
    const commentEvents = events.filter((e) => e.type.startsWith('collaboration.comment.'));
    assert.deepEqual(
      commentEvents.map((e) => [e.type, e.entityId, e.actor]),
      [
        ['collaboration.comment.created', first.id, 'local'],
        ['collaboration.comment.created', second.id, 'local'],
        ['collaboration.comment.edited', first.id, 'local'],
        ['collaboration.comment.edited', first.id, 'local'],
        ['collaboration.comment.deleted', second.id, 'local'],
      ],
    );
    assert.deepEqual(commentEvents[2]?.payload, {
      targetType: 'run',
      targetId: runId,
      body: 'Looks fine after all.',
      previousBody: 'Looks overfit to me.',
    });
  });

  it('refuses edits by anyone but the author, and bad input', async () => {
    const base = `/api/v1/runs/${runId}/comments`;
    const mine = await post(base, 'mine');
    // Single-user mode has one actor, so a second author is a direct service call.
    const service = createCommentService({
      store: t.store.comments,
      targets: createCommentTargetDirectory(t.store),
      clock: systemClock,
    });
    const target = { type: 'run' as const, id: runId };
    await assert.rejects(service.editComment({ actor: 'mallory' }, target, mine.id, 'hijacked'), {
      code: 'collaboration.not_author',
    });
    await assert.rejects(service.deleteComment({ actor: 'mallory' }, target, mine.id), {
      code: 'collaboration.not_author',
    });
    assert.equal((await t.call('POST', base, { json: { body: '' } })).status, 400);
    assert.equal((await t.call('POST', base, { json: { body: 'x'.repeat(10_001) } })).status, 400);
    assert.equal((await t.call('POST', base, { json: { body: 'x', author: 'eve' } })).status, 400);
    const missingRun = await t.call(
      'POST',
      '/api/v1/runs/0123456789abcdef0123456789abcdef/comments',
      {
        json: { body: 'hello?' },
      },
    );
    assert.equal(missingRun.status, 404);
    // A comment is only reachable under its own target.
    const otherRun = (await t.tracking.createRun({ actor: 'local' }, { experimentId: '0' })).info
      .runId;
    assert.equal((await t.call('GET', `/api/v1/runs/${otherRun}/comments/${mine.id}`)).status, 404);
  });

  it('keys model-version comments on the immutable model id, so they survive a rename', async () => {
    const registry = createRegistryService({
      store: t.store.registry,
      tracking: t.tracking,
      clock: systemClock,
    });
    const ctx = { actor: 'local' };
    const model = await registry.createRegisteredModel(ctx, { name: 'churn' });
    await registry.createModelVersion(ctx, {
      name: 'churn',
      source: `runs:/${runId}/model`,
      runId,
    });
    const comment = await post(
      '/api/v1/registered-models/churn/versions/1/comments',
      'Approved for staging.',
    );
    assert.deepEqual(comment.target, {
      type: 'model_version',
      registeredModelId: model.id,
      version: 1,
    });
    await registry.renameRegisteredModel(ctx, 'churn', 'churn-v2');
    const listed = (await expectJson(
      await t.call('GET', '/api/v1/registered-models/churn-v2/versions/1/comments'),
      200,
    )) as { items: Comment[] };
    assert.deepEqual(
      listed.items.map((c) => c.body),
      ['Approved for staging.'],
    );
    assert.equal(
      (await t.call('GET', '/api/v1/registered-models/churn/versions/1/comments')).status,
      404,
    );
    assert.equal(
      (await t.call('GET', '/api/v1/registered-models/churn-v2/versions/2/comments')).status,
      404,
    );
    assert.equal(
      (await t.call('GET', '/api/v1/registered-models/churn-v2/versions/x/comments')).status,
      400,
    );
  });
});
