import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deliveryBody,
  matchSubscription,
  pythonIsoTimestamp,
  validateEventNames,
} from './webhook-events.ts';
import { signDelivery } from './webhook-signature.ts';

const event = (type: string, payload: Record<string, unknown>) => ({
  seq: 7,
  type,
  entityType: 'model_version',
  entityId: 'rm-1/3',
  actor: 'bob',
  time: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
  payload,
});

describe('webhook events', () => {
  it('formats timestamps as Python isoformat of a UTC datetime', () => {
    assert.equal(
      pythonIsoTimestamp(Date.UTC(2026, 0, 2, 3, 4, 5, 678)),
      '2026-01-02T03:04:05.678000+00:00',
    );
  });

  it('matches MLflow names before Cairn patterns, and prefixes', () => {
    const subs = ['registry.*', 'model_version.created'];
    assert.equal(
      matchSubscription(subs, 'registry.model_version.created'),
      'model_version.created',
    );
    assert.equal(matchSubscription(subs, 'registry.alias.set'), 'registry.*');
    assert.equal(matchSubscription(subs, 'tracking.run.created'), undefined);
    assert.equal(
      matchSubscription(['registry.alias.set'], 'registry.alias.set'),
      'registry.alias.set',
    );
    assert.equal(
      matchSubscription(['model_version_alias.created'], 'registry.alias.set'),
      'model_version_alias.created',
    );
  });

  it('validates event names', () => {
    assert.deepEqual(validateEventNames(['tracking.run.created', 'tracking.run.created']), [
      'tracking.run.created',
    ]);
    for (const bad of [[], ['*'], ['Tracking.Run'], ['a'], ['x.y; drop']]) {
      assert.throws(() => validateEventNames(bad), { category: 'INVALID_ARGUMENT' });
    }
  });

  it("renders registry events in MLflow's shape with MLflow's data fields", () => {
    const body = JSON.parse(
      deliveryBody(
        event('registry.model_version.created', {
          registeredModelId: 'rm-1',
          name: 'm',
          version: 3,
          source: 'runs:/abc/model',
          runId: 'abc',
          tags: [{ key: 'a', value: 'b' }],
          description: 'd',
        }),
        'model_version.created',
      ),
    ) as Record<string, unknown>;
    assert.deepEqual(body, {
      entity: 'model_version',
      action: 'created',
      timestamp: '2026-01-02T03:04:05.678000+00:00',
      data: {
        name: 'm',
        version: '3',
        source: 'runs:/abc/model',
        run_id: 'abc',
        tags: { a: 'b' },
        description: 'd',
      },
    });
    const alias = JSON.parse(
      deliveryBody(
        event('registry.alias.set', { name: 'm', alias: 'champion', version: 2 }),
        'model_version_alias.created',
      ),
    ) as Record<string, unknown>;
    assert.equal(alias.entity, 'model_version_alias');
    assert.deepEqual(alias.data, { name: 'm', alias: 'champion', version: '2' });
  });

  it("renders other events in Cairn's shape", () => {
    const body = JSON.parse(
      deliveryBody(
        event('registry.model_version.stage_transitioned', { stage: 'Production' }),
        'registry.*',
      ),
    ) as Record<string, unknown>;
    assert.equal(body.type, 'registry.model_version.stage_transitioned');
    assert.equal(body.seq, 7);
    assert.deepEqual(body.entity, { type: 'model_version', id: 'rm-1/3' });
    assert.deepEqual(body.data, { stage: 'Production' });
  });

  it('signs as MLflow does: v1, base64 HMAC-SHA256 of id.timestamp.body', () => {
    // Vector computed independently: python3 -c "import hmac,hashlib,base64;
    // print(base64.b64encode(hmac.new(b'secret', b'id-1.1700000000.{}', hashlib.sha256).digest()).decode())"
    assert.equal(
      signDelivery('secret', 'id-1', '1700000000', '{}'),
      'v1,INeKoTJf3oA0gkbf9o9zzhF1HmUVFbZjUB3nz8nalnc=',
    );
  });
});
