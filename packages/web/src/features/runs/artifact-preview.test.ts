import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCsv, prettyJson, previewKind } from './artifact-preview.ts';

describe('artifact previews', () => {
  it('picks a preview by file name', () => {
    assert.equal(previewKind('plots/roc.PNG'), 'image');
    assert.equal(previewKind('metrics.json'), 'json');
    assert.equal(previewKind('data/eval.csv'), 'csv');
    assert.equal(previewKind('model/MLmodel'), 'text');
    assert.equal(previewKind('notes.txt'), 'text');
    assert.equal(previewKind('model.pkl'), 'none');
  });

  it('pretty-prints JSON and leaves invalid JSON as it is', () => {
    assert.equal(prettyJson('{"a":[1,2]}'), '{\n  "a": [\n    1,\n    2\n  ]\n}');
    assert.equal(prettyJson('{nope'), '{nope');
  });

  it('reads quoted CSV fields, CRLF and embedded newlines', () => {
    const { rows, truncated } = parseCsv('a,b\r\n"x, y","say ""hi"""\n"multi\nline",2\n');
    assert.deepEqual(rows, [
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['multi\nline', '2'],
    ]);
    assert.equal(truncated, false);
  });

  it('stops after the row limit and says so', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `${i},${i * 2}`).join('\n');
    const { rows, truncated } = parseCsv(text, 500);
    assert.equal(rows.length, 500);
    assert.deepEqual(rows[499], ['499', '998']);
    assert.equal(truncated, true);
    assert.deepEqual(parseCsv('a\tb\n1\t2', 10, '\t').rows, [
      ['a', 'b'],
      ['1', '2'],
    ]);
    assert.equal(parseCsv('1\n2', 2).truncated, false);
  });
});
