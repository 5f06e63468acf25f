import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCairnError } from '../kernel/index.ts';
import {
  scopePrompts,
  parseModelVersionFilter,
  parseModelVersionOrderBy,
  parseRegisteredModelFilter,
  parseRegisteredModelOrderBy,
} from './registry-search-parser.ts';

const invalid = (expected: string) => (error: unknown) =>
  isCairnError(error) && error.category === 'INVALID_ARGUMENT' && error.code === expected;

describe('registry search parsing', () => {
  it('parses registered-model filters on name and tags', () => {
    assert.deepEqual(parseRegisteredModelFilter(undefined), []);
    assert.deepEqual(
      parseRegisteredModelFilter("name ILIKE '%fraud%' and tags.`team.area` = 'risk'"),
      [
        { kind: 'name', comparator: 'ILIKE', value: '%fraud%' },
        { kind: 'tag', key: 'team.area', comparator: '=', value: 'risk' },
      ],
    );
    for (const bad of [
      "name > 'a'",
      "run_id = 'x'",
      'name = a',
      "name = 'a' or name = 'b'",
      "metrics.x = '1'",
      "tags.k IN ('a')",
    ]) {
      assert.throws(() => parseRegisteredModelFilter(bad), invalid('registry.invalid_filter'), bad);
    }
  });

  it('parses model-version filters on name, run_id, source_path, version_number and tags', () => {
    assert.deepEqual(
      parseModelVersionFilter(
        "name = 'm' and run_id IN ('a', 'b') and source_path LIKE 'runs:/%' and version_number >= 2 and tags.k != 'v'",
      ),
      [
        { kind: 'name', comparator: '=', value: 'm' },
        { kind: 'run_id', comparator: 'IN', value: ['a', 'b'] },
        { kind: 'source_path', comparator: 'LIKE', value: 'runs:/%' },
        { kind: 'version_number', comparator: '>=', value: 2 },
        { kind: 'tag', key: 'k', comparator: '!=', value: 'v' },
      ],
    );
    assert.deepEqual(parseModelVersionFilter("version_number = '3'"), [
      { kind: 'version_number', comparator: '=', value: 3 },
    ]);
    for (const bad of [
      "run_id LIKE 'a%'",
      'version_number = 1.5',
      "version_number LIKE '1'",
      "current_stage = 'Production'",
      "run_id IN 'a'",
    ]) {
      assert.throws(() => parseModelVersionFilter(bad), invalid('registry.invalid_filter'), bad);
    }
  });

  it("shows prompts only when the filter asks for them, and drops the client's exclusion clause", () => {
    const scope = (filter: string) => scopePrompts(parseRegisteredModelFilter(filter));
    assert.deepEqual(scope("name = 'x'").excludePrompts, true);
    for (const asks of [
      "tags.`mlflow.prompt.is_prompt` = 'true'",
      "tag.`mlflow.prompt.is_prompt` != 'FALSE'",
    ]) {
      const scoped = scope(asks);
      assert.equal(scoped.excludePrompts, false, asks);
      assert.equal(scoped.filter.length, 1, asks);
    }
    // What the mlflow client appends to every search_registered_models filter.
    const client = scope("name LIKE 'a%' AND tag.`mlflow.prompt.is_prompt` != 'true'");
    assert.equal(client.excludePrompts, true);
    assert.deepEqual(client.filter, [{ kind: 'name', comparator: 'LIKE', value: 'a%' }]);
  });

  it('parses order_by with MLflow keys, ASC by default, no duplicates', () => {
    assert.deepEqual(parseRegisteredModelOrderBy(['timestamp DESC', 'name']), [
      { key: 'last_updated_timestamp', ascending: false },
      { key: 'name', ascending: true },
    ]);
    assert.deepEqual(parseModelVersionOrderBy(['version_number desc', 'creation_timestamp']), [
      { key: 'version_number', ascending: false },
      { key: 'creation_timestamp', ascending: true },
    ]);
    assert.throws(
      () => parseRegisteredModelOrderBy(['timestamp', 'last_updated_timestamp DESC']),
      invalid('registry.invalid_order_by'),
    );
    assert.throws(
      () => parseRegisteredModelOrderBy(['version_number']),
      invalid('registry.invalid_order_by'),
    );
    assert.throws(
      () => parseModelVersionOrderBy(['name sideways']),
      invalid('registry.invalid_order_by'),
    );
  });
});
