/**
 * A four-eyes promotion from the command line against a real server with `--auth`: alice
 * cannot move the protected alias, requests the move and cannot approve it herself; bob
 * (MANAGE) approves, the alias moves, and the audit log shows every step. The session's
 * transcript is written to `$CAIRN_SESSION_TRANSCRIPT` when that is set.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer } from '@cairn/server';
import { runCliInProcess } from '../testing/run-cli-in-process.ts';

const ADMIN = { username: 'root', password: 'root password 1' };
const PASSWORDS: Record<string, string> = {
  root: ADMIN.password,
  alice: 'alice password 1',
  bob: 'bob password 12',
};

describe('cairn models request-alias / approve (four-eyes, --auth)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let dataDir: string;
  const transcript: string[] = [];

  async function cairn(user: string, argv: string[], env: Record<string, string> = {}) {
    const { code, out, err } = await runCliInProcess(argv, {
      env: {
        CAIRN_URL: server.url,
        CAIRN_USERNAME: user,
        CAIRN_PASSWORD: PASSWORDS[user] ?? '',
        ...env,
      },
    });
    const shown = argv.map((a) => (/[\s'>]/.test(a) ? `'${a}'` : a)).join(' ');
    transcript.push(`[${user}]$ cairn ${shown}`, ...`${out}${err}`.trimEnd().split('\n'));
    transcript.push(`(exit ${code})`, '');
    return { code, out, err };
  }

  async function v1(method: string, path: string, json?: unknown) {
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`,
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    assert.ok(
      response.ok,
      `${method} ${path}: ${response.status} ${await response.clone().text()}`,
    );
    const text = await response.text();
    return (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
  }

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cairn-cli-approvals-'));
    server = await startServer({ auth: true, port: 0, dataDir, quiet: true, admin: ADMIN });
    // The model under review: two versions of one run (accuracy 0.93, validated), alias
    // champion on version 1.
    const run = (await v1('POST', '/runs', { experimentId: '0' })) as {
      info: { runId: string };
    };
    const runId = run.info.runId;
    const upload = await fetch(
      `${server.url}/api/v1/runs/${runId}/artifacts/content?path=model%2FMLmodel`,
      {
        method: 'PUT',
        headers: {
          authorization: `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`,
          'content-type': 'application/octet-stream',
        },
        body: 'flavors: {}\n',
      },
    );
    assert.equal(upload.status, 201);
    await v1('POST', `/runs/${runId}/log-batch`, {
      metrics: [{ key: 'accuracy', value: 0.93, timestamp: 1, step: 0 }],
    });
    await v1('POST', '/registered-models', { name: 'fraud' });
    for (let i = 0; i < 2; i++) {
      await v1('POST', '/registered-models/fraud/versions', { source: `runs:/${runId}/model` });
    }
    await v1('PUT', '/registered-models/fraud/versions/2/tags/validation_status', {
      value: 'passed',
    });
    await v1('PUT', '/registered-models/fraud/aliases/champion', { version: 1 });
  });
  after(async () => {
    const path = process.env['CAIRN_SESSION_TRANSCRIPT'];
    if (path !== undefined && path !== '') await writeFile(path, transcript.join('\n'));
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('promotes a version to a protected alias only with a second user’s approval', async () => {
    for (const user of ['alice', 'bob']) {
      const created = await cairn('root', ['users', 'create', user], {
        CAIRN_NEW_PASSWORD: PASSWORDS[user] ?? '',
      });
      assert.equal(created.code, 0, created.err);
    }
    await v1('PUT', '/registered-models/fraud/permissions/alice', { permission: 'EDIT' });
    await v1('PUT', '/registered-models/fraud/permissions/bob', { permission: 'MANAGE' });

    const protect = await cairn('root', [
      'models',
      'protect',
      'fraud',
      'champion',
      '--metric',
      'accuracy>=0.9',
      '--tag',
      'validation_status=passed',
    ]);
    assert.equal(protect.code, 0, protect.err);

    const direct = await cairn('alice', ['models', 'alias', 'set', 'fraud', 'champion', '2']);
    assert.equal(direct.code, 1);
    assert.match(direct.err, /protected.*approval request/);

    const requested = await cairn('alice', [
      'models',
      'request-alias',
      'fraud',
      'champion',
      '2',
      '--reason',
      'v2 recall +4 points on the March holdout',
    ]);
    assert.equal(requested.code, 0, requested.err);
    const id = /Requested: (\S+)/.exec(requested.out)?.[1] ?? '';
    assert.match(id, /^ar-/);

    const self = await cairn('alice', ['models', 'approve', id]);
    assert.equal(self.code, 1);
    assert.match(self.err, /four-eyes/);

    const pending = await cairn('bob', ['models', 'requests', '--model', 'fraud', '--json']);
    const page = JSON.parse(pending.out) as { items: { id: string; state: string }[] };
    assert.deepEqual(
      page.items.map((r) => [r.id, r.state]),
      [[id, 'PENDING']],
    );
    await cairn('bob', ['models', 'requests', '--model', 'fraud']);

    const approved = await cairn('bob', [
      'models',
      'approve',
      id,
      '--reason',
      'validation report reviewed',
    ]);
    assert.equal(approved.code, 0, approved.err);
    assert.match(approved.out, /PASS accuracy >= 0.9 \(found: 0.93\)/);
    assert.match(approved.out, /PASS validation_status = passed/);

    const shown = await cairn('alice', ['models', 'show', 'fraud']);
    assert.match(shown.out, /champion→v2/);

    const audit = await cairn('root', ['audit', 'log', '--entity', 'approval_request']);
    assert.equal(audit.code, 0, audit.err);
    assert.match(audit.out, /alice\s+approvals\.request\.created/);
    assert.match(audit.out, /bob\s+approvals\.request\.approved/);
    const newest = await cairn('root', [
      'audit',
      'log',
      '--entity',
      'approval_request',
      '--newest-first',
    ]);
    assert.ok(
      newest.out.indexOf('approvals.request.approved') <
        newest.out.indexOf('approvals.request.created'),
      `newest first:\n${newest.out}`,
    );
    assert.ok(
      audit.out.indexOf('approvals.request.created') <
        audit.out.indexOf('approvals.request.approved'),
      'oldest first by default',
    );
    const aliasLog = await cairn('root', ['audit', 'log', '--type', 'registry.alias.set']);
    assert.match(aliasLog.out, /bob\s+registry\.alias\.set/);
    const verified = await cairn('root', ['audit', 'verify']);
    assert.equal(verified.code, 0, verified.err);
  });
});
