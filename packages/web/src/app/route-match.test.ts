import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findRoute, matchPath, withQuery } from './route-match.ts';

describe('matchPath', () => {
  it('matches literal segments and decodes params', () => {
    assert.deepEqual(matchPath('/runs/:runId', '/runs/abc%2Fdef'), { runId: 'abc/def' });
    assert.deepEqual(matchPath('/experiments', '/experiments/'), {});
    assert.equal(matchPath('/runs/:runId', '/runs'), undefined);
    assert.equal(matchPath('/runs/:runId', '/runs/a/b'), undefined);
    assert.equal(matchPath('/models/:name', '/datasets/x'), undefined);
    assert.equal(matchPath('/runs/:runId', '/runs/%E0%A4%A'), undefined);
  });

  it('finds the first matching route', () => {
    const routes = [{ path: '/experiments' }, { path: '/experiments/:id' }, { path: '/' }];
    assert.equal(findRoute(routes, '/experiments/7')?.route, routes[1]);
    assert.deepEqual(findRoute(routes, '/experiments/7')?.params, { id: '7' });
    assert.equal(findRoute(routes, '/')?.route, routes[2]);
    assert.equal(findRoute(routes, '/nope'), undefined);
  });
});

describe('withQuery', () => {
  it('sets, replaces and removes keys, keeping order', () => {
    assert.equal(withQuery('?a=1&b=2', { a: '3' }), '?a=3&b=2');
    assert.equal(withQuery('?a=1&b=2', { a: undefined }), '?b=2');
    assert.equal(withQuery('?a=1', { a: '' }), '');
    assert.equal(withQuery('', { filter: "params.lr = '0.1'" }), '?filter=params.lr+%3D+%270.1%27');
  });
});
