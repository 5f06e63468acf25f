import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { localPathFor } from './artifact-download.ts';

describe('localPathFor', () => {
  const dest = resolve('/tmp/dest');

  it('keeps the last segment of a requested directory, and the whole path for the run root', () => {
    assert.equal(
      localPathFor(dest, 'outputs/model', 'outputs/model/a/b.bin'),
      `${dest}/model/a/b.bin`,
    );
    assert.equal(localPathFor(dest, 'outputs/model.pkl', 'outputs/model.pkl'), `${dest}/model.pkl`);
    assert.equal(localPathFor(dest, '', 'outputs/model.pkl'), `${dest}/outputs/model.pkl`);
  });

  it('refuses listing entries that would escape the destination', () => {
    for (const file of ['../x', 'a/../../x', 'a//b', 'a/./b', 'a\\..\\b', 'a/\0b']) {
      assert.throws(() => localPathFor(dest, '', file), /refusing to write artifact/, file);
    }
    assert.throws(() => localPathFor(dest, 'model', 'model/../../etc/passwd'), /refusing/);
  });
});
