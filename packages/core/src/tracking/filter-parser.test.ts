import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CairnError } from '../kernel/index.ts';
import { parseExperimentFilter, parseLoggedModelFilter, parseRunFilter } from './filter-parser.ts';

function invalid(fn: () => unknown, pattern?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof CairnError, String(error));
    assert.equal(error.category, 'INVALID_ARGUMENT');
    assert.equal(error.code, 'tracking.invalid_filter');
    if (pattern !== undefined) assert.match(error.message, pattern);
    return true;
  });
}

describe('parseRunFilter', () => {
  it('treats an absent or blank filter as no clauses', () => {
    assert.deepEqual(parseRunFilter(undefined), []);
    assert.deepEqual(parseRunFilter('   '), []);
  });

  it('parses each clause kind', () => {
    assert.deepEqual(
      parseRunFilter(
        "metrics.acc > 0.9 and params.lr = '0.1' AND tags.team LIKE 'ml-%' and attributes.status != 'FAILED' and datasets.digest IN ('a1', 'b2')",
      ),
      [
        { kind: 'metric', key: 'acc', comparator: '>', value: 0.9 },
        { kind: 'param', key: 'lr', comparator: '=', value: '0.1' },
        { kind: 'tag', key: 'team', comparator: 'LIKE', value: 'ml-%' },
        { kind: 'attribute', key: 'status', comparator: '!=', value: 'FAILED' },
        { kind: 'dataset', key: 'digest', comparator: 'IN', value: ['a1', 'b2'] },
      ],
    );
  });

  it('accepts every entity alias', () => {
    const aliases: [string, string][] = [
      ['metric.m > 1', 'metric'],
      ['metrics.m > 1', 'metric'],
      ["param.p = 'x'", 'param'],
      ["params.p = 'x'", 'param'],
      ["parameter.p = 'x'", 'param'],
      ["parameters.p = 'x'", 'param'],
      ["tag.t = 'x'", 'tag'],
      ["tags.t = 'x'", 'tag'],
      ["attribute.user_id = 'x'", 'attribute'],
      ["attributes.user_id = 'x'", 'attribute'],
      ["attr.user_id = 'x'", 'attribute'],
      ["run.user_id = 'x'", 'attribute'],
      ["dataset.name = 'x'", 'dataset'],
      ["datasets.name = 'x'", 'dataset'],
    ];
    for (const [filter, kind] of aliases)
      assert.equal(parseRunFilter(filter)[0]?.kind, kind, filter);
  });

  it('resolves attribute aliases and bare attribute names', () => {
    assert.deepEqual(parseRunFilter('created >= 1700000000000')[0], {
      kind: 'attribute',
      key: 'start_time',
      comparator: '>=',
      value: 1_700_000_000_000,
    });
    assert.equal(parseRunFilter("run name = 'x'")[0]?.key, 'run_name');
    assert.equal(parseRunFilter("attributes.`Run Name` = 'x'")[0]?.key, 'run_name');
    assert.equal(parseRunFilter('"run name" = \'x\'')[0]?.key, 'run_name');
    assert.equal(parseRunFilter("run_id = 'abc'")[0]?.key, 'run_id');
    assert.equal(parseRunFilter('attributes.end_time < 5')[0]?.key, 'end_time');
  });

  it('splits the key on the first dot only and unquotes backticks and double quotes', () => {
    assert.equal(parseRunFilter("tags.mlflow.source.type = 'LOCAL'")[0]?.key, 'mlflow.source.type');
    assert.equal(parseRunFilter('metrics.`f1-score` >= 0.5')[0]?.key, 'f1-score');
    assert.equal(parseRunFilter('params."lr x" = \'1\'')[0]?.key, 'lr x');
    assert.equal(parseRunFilter("tags.`mlflow.runName` = 'r'")[0]?.key, 'mlflow.runName');
  });

  it('reads single- and double-quoted values, with SQL and backslash escapes', () => {
    assert.equal(parseRunFilter('params.a = "x y"')[0]?.value, 'x y');
    assert.equal(parseRunFilter("params.a = 'it''s'")[0]?.value, "it's");
    assert.equal(parseRunFilter("params.a = 'it\\'s'")[0]?.value, "it's");
    assert.equal(parseRunFilter("params.a = 'a AND b'")[0]?.value, 'a AND b');
  });

  it('reads numeric metric values: negatives, decimals, exponents', () => {
    assert.equal(parseRunFilter('metrics.a < -1.5')[0]?.value, -1.5);
    assert.equal(parseRunFilter('metrics.a < .5')[0]?.value, 0.5);
    assert.equal(parseRunFilter('metrics.a <= 1e-3')[0]?.value, 0.001);
    assert.equal(parseRunFilter('metrics.a=2')[0]?.value, 2);
  });

  it('accepts comparators in any case and NOT IN on run_id', () => {
    assert.equal(parseRunFilter("tags.t ilike '%X%'")[0]?.comparator, 'ILIKE');
    assert.deepEqual(parseRunFilter("attributes.run_id not in ('a','b')")[0], {
      kind: 'attribute',
      key: 'run_id',
      comparator: 'NOT IN',
      value: ['a', 'b'],
    });
    assert.deepEqual(parseRunFilter("run_id IN ('only')")[0]?.value, ['only']);
  });

  it('rejects OR, parentheses and text after a clause', () => {
    invalid(
      () => parseRunFilter("params.a = '1' OR params.b = '2'"),
      /Invalid clause\(s\) in filter string: 'OR/,
    );
    invalid(() => parseRunFilter("(params.a = '1')"), /expected an identifier/);
    invalid(() => parseRunFilter("params.a = '1' params.b = '2'"), /Invalid clause/);
    invalid(() => parseRunFilter("params.a = '1' AND"), /ends with AND/);
  });

  it('rejects unknown entities and attribute keys', () => {
    invalid(() => parseRunFilter('metricz.a > 1'), /Invalid entity type 'metricz'/);
    invalid(
      () => parseRunFilter("attributes.experiment_id = '1'"),
      /Invalid attribute key 'experiment_id'/,
    );
    invalid(() => parseRunFilter("foo = 'x'"), /Invalid attribute key 'foo'/);
    invalid(() => parseRunFilter("datasets.schema = 'x'"), /Invalid dataset key 'schema'/);
  });

  it('rejects values of the wrong type', () => {
    invalid(() => parseRunFilter("metrics.acc > '0.9'"), /Expected numeric value type for metric/);
    invalid(() => parseRunFilter('params.lr = 0.1'), /Expected a quoted string value for param/);
    invalid(() => parseRunFilter('tags.t = abc'), /Expected a quoted string value for tag/);
    invalid(() => parseRunFilter("attributes.start_time > '5'"), /numeric attribute: start_time/);
    invalid(() => parseRunFilter('attributes.status = 5'), /quoted string value/);
  });

  it('rejects comparators a clause kind does not allow', () => {
    invalid(() => parseRunFilter('metrics.acc LIKE 1'), /Invalid comparator 'LIKE'/);
    invalid(() => parseRunFilter("params.p > '1'"), /Invalid comparator '>'/);
    invalid(() => parseRunFilter("tags.t IN ('a')"), /Invalid comparator 'IN'/);
    invalid(() => parseRunFilter('attributes.start_time LIKE 5'), /Invalid comparator 'LIKE'/);
    invalid(() => parseRunFilter("params.p <> 'x'"), /Invalid comparator '<>'/);
    invalid(() => parseRunFilter("params.p == 'x'"), /Invalid comparator '=='/);
    invalid(() => parseRunFilter("params.p IS 'x'"), /expected a comparison operator/);
  });

  it('allows lists only with IN / NOT IN, and IN only on run_id among attributes', () => {
    invalid(() => parseRunFilter("attributes.user_id IN ('a')"), /Only the 'run_id' attribute/);
    invalid(() => parseRunFilter("attributes.run_id = ('a')"), /needs IN or NOT IN/);
    invalid(() => parseRunFilter("attributes.run_id IN 'a'"), /parenthesised list/);
    invalid(() => parseRunFilter('attributes.run_id IN ()'), /empty list/);
    invalid(() => parseRunFilter('attributes.run_id IN (1, 2)'), /different type in list/);
    invalid(() => parseRunFilter("attributes.run_id IN ('a' 'b')"), /ill-formed list/);
  });

  it('rejects unterminated quotes and over-long filters', () => {
    invalid(() => parseRunFilter("params.a = 'open"), /unterminated quote/);
    invalid(() => parseRunFilter('metrics.`open > 1'), /unterminated quote/);
    invalid(() => parseRunFilter(`params.a = '${'x'.repeat(10_001)}'`), /longer than/);
  });
});

describe('parseExperimentFilter', () => {
  it('parses name, time attributes and tags', () => {
    assert.deepEqual(
      parseExperimentFilter("name LIKE 'prod-%' and creation_time > 10 and tags.team = 'ml'"),
      [
        { kind: 'attribute', key: 'name', comparator: 'LIKE', value: 'prod-%' },
        { kind: 'attribute', key: 'creation_time', comparator: '>', value: 10 },
        { kind: 'tag', key: 'team', comparator: '=', value: 'ml' },
      ],
    );
    assert.equal(parseExperimentFilter("attribute.name = 'x'")[0]?.key, 'name');
    assert.equal(parseExperimentFilter("tag.`a b` = 'x'")[0]?.key, 'a b');
    assert.equal(parseExperimentFilter('last_update_time <= 3')[0]?.key, 'last_update_time');
  });
  it('rejects what MLflow rejects for experiments', () => {
    invalid(() => parseExperimentFilter('metrics.a > 1'), /Invalid entity type 'metrics'/);
    invalid(
      () => parseExperimentFilter("attributes.name = 'x'"),
      /Invalid entity type 'attributes'/,
    );
    invalid(
      () => parseExperimentFilter("experiment_id = '1'"),
      /Invalid attribute key 'experiment_id'/,
    );
    invalid(() => parseExperimentFilter("name IN ('a')"), /Invalid comparator 'IN'/);
    invalid(() => parseExperimentFilter("creation_time > 'x'"), /numeric attribute/);
    invalid(() => parseExperimentFilter('name = 3'), /quoted string/);
  });
});

describe('parseLoggedModelFilter', () => {
  it('parses attributes, metrics, params and tags', () => {
    assert.deepEqual(
      parseLoggedModelFilter(
        "name = 'clf' and metrics.accuracy >= 0.8 and params.depth = '3' and tags.stage != 'dev' and creation_time > 1",
      ),
      [
        { kind: 'attribute', key: 'name', comparator: '=', value: 'clf' },
        { kind: 'metric', key: 'accuracy', comparator: '>=', value: 0.8 },
        { kind: 'param', key: 'depth', comparator: '=', value: '3' },
        { kind: 'tag', key: 'stage', comparator: '!=', value: 'dev' },
        { kind: 'attribute', key: 'creation_timestamp', comparator: '>', value: 1 },
      ],
    );
    assert.equal(
      parseLoggedModelFilter('attributes.last_updated_time < 9')[0]?.key,
      'last_updated_timestamp',
    );
    assert.deepEqual(parseLoggedModelFilter("status IN ('LOGGED_MODEL_READY')")[0]?.value, [
      'LOGGED_MODEL_READY',
    ]);
  });
  it('rejects datasets, unknown attributes and mistyped values', () => {
    invalid(() => parseLoggedModelFilter("datasets.name = 'x'"), /Invalid entity type/);
    invalid(() => parseLoggedModelFilter("experiment_id = '1'"), /Invalid attribute key/);
    invalid(() => parseLoggedModelFilter("metrics.a = 'x'"), /numeric value/);
    invalid(() => parseLoggedModelFilter("creation_timestamp LIKE '1'"), /Invalid comparator/);
  });
});
