import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DatasetSchema } from '@cairn/sdk';
import {
  documentFromDraft,
  draftFromDocument,
  draftFromSchema,
  emptyColumn,
  formFieldOf,
} from './schema-draft.ts';

const schema: DatasetSchema = {
  columns: [
    {
      name: 'id',
      type: 'integer',
      required: true,
      maxNullFraction: 0,
      min: 1,
      max: 6,
      unique: true,
    },
    { name: 'label', type: 'string', required: true, maxNullFraction: 0.5, domain: ['cat', 'dog'] },
    { name: 'weight', type: 'float', required: false, maxNullFraction: 0 },
  ],
  rowCount: { min: 1, max: 1000 },
  unexpectedColumns: 'error',
};

describe('schema draft', () => {
  it('round-trips a schema through the form unchanged', () => {
    const draft = draftFromSchema(schema);
    assert.equal(draft.columns[1]?.domain, 'cat\ndog');
    assert.equal(draft.columns[0]?.max, '6');
    assert.deepEqual(documentFromDraft(draft), schema);
    const fromJson = draftFromDocument(JSON.parse(JSON.stringify(schema)));
    assert.deepEqual(fromJson, { ok: true, draft });
  });

  it('sends numbers as numbers and what is not a number as typed, for the server to name', () => {
    const draft = draftFromSchema(schema);
    draft.columns[0] = { ...draft.columns[0]!, min: ' 2.5 ', max: '1O' };
    draft.rowCountMin = '';
    const document = documentFromDraft(draft);
    const columns = document['columns'] as Record<string, unknown>[];
    assert.equal(columns[0]?.['min'], 2.5);
    assert.equal(columns[0]?.['max'], '1O');
    assert.deepEqual(document['rowCount'], { max: 1000 });
  });

  it('keeps bounds of a column turned non-numeric in the draft but does not send them', () => {
    const draft = draftFromSchema(schema);
    draft.columns[0] = { ...draft.columns[0]!, type: 'string' };
    const column = (documentFromDraft(draft)['columns'] as Record<string, unknown>[])[0];
    assert.equal(column?.['min'], undefined);
    assert.equal(draft.columns[0].min, '1');
  });

  it('leaves out what the form leaves empty', () => {
    const draft = {
      columns: [{ ...emptyColumn(), name: 'x' }],
      rowCountMin: '',
      rowCountMax: '',
      unexpectedColumns: '',
    };
    assert.deepEqual(documentFromDraft(draft), {
      columns: [{ name: 'x', type: 'string', required: true, maxNullFraction: 0 }],
    });
  });

  it('refuses to put in the form what it cannot show, naming it', () => {
    const cases: [unknown, string][] = [
      [[], 'a document that is not an object'],
      [{ columns: [], extra: 1 }, 'extra'],
      [{ columns: [{ name: 'a', type: 'string', note: 'x' }] }, 'columns[0].note'],
      [{ columns: [{ name: 'a', type: 'string', domain: ['a\nb'] }] }, 'columns[0].domain'],
      [{ columns: [{ name: 'a', type: 'string', required: 'yes' }] }, 'columns[0].required'],
      [{ columns: [], rowCount: { min: [] } }, 'rowCount.min'],
    ];
    for (const [document, field] of cases) {
      const result = draftFromDocument(document);
      assert.equal(result.ok, false);
      assert.match(
        result.ok ? '' : result.message,
        new RegExp(`cannot show ${field.replace(/[[\]]/g, '\\$&')};`),
      );
    }
  });

  it('maps the field a server error names to the form field it belongs beside', () => {
    assert.equal(formFieldOf('columns[2].maxNullFraction'), 'columns[2].maxNullFraction');
    assert.equal(formFieldOf('columns[2].domain[4]'), 'columns[2].domain');
    assert.equal(formFieldOf('columns[1].colour'), 'columns[1].name');
    assert.equal(formFieldOf('rowCount.min'), 'rowCount.min');
    assert.equal(formFieldOf('unexpectedColumns'), 'unexpectedColumns');
    assert.equal(formFieldOf('columns'), 'schema');
  });
});
