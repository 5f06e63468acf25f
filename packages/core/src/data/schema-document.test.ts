import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CairnError } from '../kernel/index.ts';
import { parseDatasetSchema } from './schema-document.ts';

function refusal(input: unknown): { field: unknown; message: string } {
  try {
    parseDatasetSchema(input);
  } catch (error) {
    assert.ok(error instanceof CairnError);
    assert.equal(error.category, 'INVALID_ARGUMENT');
    assert.equal(error.code, 'data.invalid_schema');
    return { field: error.details?.field, message: error.message };
  }
  assert.fail('the schema was accepted');
}

const column = { name: 'id', type: 'integer', required: true, maxNullFraction: 0 };

describe('parseDatasetSchema', () => {
  it('returns a normalized copy of a valid document, defaulting required and maxNullFraction', () => {
    const schema = parseDatasetSchema({
      columns: [
        { ...column, unique: true, min: 0, max: 10 },
        { name: 'label', type: 'string', domain: ['a', 'b'] },
      ],
      rowCount: { min: 1 },
      unexpectedColumns: 'error',
    });
    assert.deepEqual(schema, {
      columns: [
        {
          name: 'id',
          type: 'integer',
          required: true,
          maxNullFraction: 0,
          min: 0,
          max: 10,
          unique: true,
        },
        { name: 'label', type: 'string', required: true, maxNullFraction: 0, domain: ['a', 'b'] },
      ],
      rowCount: { min: 1 },
      unexpectedColumns: 'error',
    });
    assert.deepEqual(parseDatasetSchema({ columns: [] }), { columns: [] });
  });

  it('names the offending field', () => {
    const cases: [unknown, string][] = [
      [null, 'schema'],
      [[], 'schema'],
      [{}, 'columns'],
      [{ columns: [], extra: 1 }, 'extra'],
      [
        {
          columns: [
            column,
            { ...column, name: 'b' },
            { ...column, name: 'c', maxNullFraction: 1.5 },
          ],
        },
        'columns[2].maxNullFraction',
      ],
      [{ columns: [{ ...column, maxNullFraction: Number.NaN }] }, 'columns[0].maxNullFraction'],
      [{ columns: [{ ...column, colour: 'red' }] }, 'columns[0].colour'],
      [{ columns: [{ ...column, name: '' }] }, 'columns[0].name'],
      [{ columns: [column, column] }, 'columns[1].name'],
      [{ columns: [{ ...column, type: 'int' }] }, 'columns[0].type'],
      [{ columns: [{ ...column, required: 'yes' }] }, 'columns[0].required'],
      [{ columns: [{ ...column, unique: 1 }] }, 'columns[0].unique'],
      [{ columns: [{ ...column, min: 5, max: 1 }] }, 'columns[0].min'],
      [{ columns: [{ ...column, type: 'string', min: 1 }] }, 'columns[0].min'],
      [{ columns: [{ ...column, domain: 'a' }] }, 'columns[0].domain'],
      [{ columns: [{ ...column, domain: ['a', 2] }] }, 'columns[0].domain[1]'],
      [{ columns: [{ ...column, domain: ['a', 'a'] }] }, 'columns[0].domain[1]'],
      [{ columns: [], rowCount: { min: -1 } }, 'rowCount.min'],
      [{ columns: [], rowCount: { min: 1.5 } }, 'rowCount.min'],
      [{ columns: [], rowCount: { min: 5, max: 2 } }, 'rowCount.min'],
      [{ columns: [], rowCount: { least: 5 } }, 'rowCount.least'],
      [{ columns: [], unexpectedColumns: 'fail' }, 'unexpectedColumns'],
    ];
    for (const [input, field] of cases) {
      const { field: reported, message } = refusal(input);
      assert.equal(reported, field, `for ${JSON.stringify(input)}`);
      assert.ok(message.includes(field), message);
    }
  });

  it('caps the number of columns and domain values', () => {
    const columns = Array.from({ length: 2001 }, (_, index) => ({ ...column, name: `c${index}` }));
    assert.equal(refusal({ columns }).field, 'columns');
    assert.equal(parseDatasetSchema({ columns: columns.slice(0, 2000) }).columns.length, 2000);
    const domain = Array.from({ length: 10_001 }, (_, index) => `v${index}`);
    assert.equal(
      refusal({ columns: [{ ...column, type: 'string', domain }] }).field,
      'columns[0].domain',
    );
    const accepted = parseDatasetSchema({
      columns: [{ ...column, type: 'string', domain: domain.slice(1) }],
    });
    assert.equal(accepted.columns[0]?.domain?.length, 10_000);
  });
});
