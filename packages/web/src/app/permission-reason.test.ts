import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { permissionDenyReason } from './permission-reason.ts';

describe('permissionDenyReason', () => {
  it('explains a permission below the one needed, naming the kind of resource', () => {
    assert.equal(
      permissionDenyReason('READ', 'EDIT', { registeredModel: 'churn' }),
      'You have READ on this model; this needs EDIT.',
    );
    assert.equal(
      permissionDenyReason('EDIT', 'MANAGE', { experimentId: '3' }),
      'You have EDIT on this experiment; this needs MANAGE.',
    );
    assert.equal(
      permissionDenyReason('NO_PERMISSIONS', 'EDIT', { dataset: 'labels' }),
      'You have no permission on this dataset; this needs EDIT.',
    );
  });

  it('says nothing when the permission suffices', () => {
    assert.equal(permissionDenyReason('EDIT', 'EDIT', { experimentId: '3' }), undefined);
    assert.equal(permissionDenyReason('MANAGE', 'EDIT', { dataset: 'labels' }), undefined);
    assert.equal(permissionDenyReason('MANAGE', 'MANAGE', { registeredModel: 'm' }), undefined);
  });
});
