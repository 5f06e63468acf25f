import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isCairnError } from '@cairn/core';
import type { ArtifactEntry } from '@cairn/core';
import type { MetadataStore } from '../index.ts';
import { storeTargets } from './contract-harness.ts';
import type { OpenedStore } from './contract-harness.ts';

const entry = (path: string, size = 1): ArtifactEntry => ({
  path,
  digest: `sha-${path}`,
  size,
  createdAt: 10,
});

for (const target of await storeTargets()) {
  describe(`artifact index (${target.name})`, () => {
    let opened: OpenedStore;
    let store: MetadataStore;
    beforeEach(async () => {
      opened = await target.open();
      store = opened.store;
    });
    afterEach(() => opened.dispose());

    const put = (...entries: ArtifactEntry[]) =>
      store.artifacts.write(async (w) => {
        for (const e of entries) await w.putArtifact(e);
      });
    const list = (dir: string) => store.artifacts.read((r) => r.listArtifacts(dir));
    const remove = (path: string) => store.artifacts.write((w) => w.deleteArtifacts(path));

    it('stores, replaces and reads entries by path', async () => {
      await put(entry('1/r/artifacts/model/MLmodel', 5));
      assert.deepEqual(
        await store.artifacts.read((r) => r.getArtifact('1/r/artifacts/model/MLmodel')),
        entry('1/r/artifacts/model/MLmodel', 5),
      );
      await put({ ...entry('1/r/artifacts/model/MLmodel', 7), digest: 'new' });
      const replaced = await store.artifacts.read((r) =>
        r.getArtifact('1/r/artifacts/model/MLmodel'),
      );
      assert.deepEqual([replaced?.digest, replaced?.size], ['new', 7]);
      assert.equal(
        await store.artifacts.read((r) => r.getArtifact('1/r/artifacts/model')),
        undefined,
      );
    });

    it('lists immediate children: files and implied directories, sorted by path', async () => {
      await put(
        entry('a/z.txt', 3),
        entry('a/b/c/deep.bin', 9),
        entry('a/b/x.txt', 4),
        entry('a/B.txt', 2),
        entry('a.txt', 1),
        entry('a0/other', 1),
      );
      assert.deepEqual(await list(''), [
        { path: 'a', isDir: true },
        { path: 'a.txt', isDir: false, size: 1 },
        { path: 'a0', isDir: true },
      ]);
      assert.deepEqual(await list('a'), [
        { path: 'a/B.txt', isDir: false, size: 2 },
        { path: 'a/b', isDir: true },
        { path: 'a/z.txt', isDir: false, size: 3 },
      ]);
      assert.deepEqual(await list('a/b'), [
        { path: 'a/b/c', isDir: true },
        { path: 'a/b/x.txt', isDir: false, size: 4 },
      ]);
      assert.deepEqual(await list('a/b/c/deep.bin'), []);
      assert.deepEqual(await list('missing'), []);
    });

    it('deletes a file or a whole directory, and directories left empty disappear', async () => {
      await put(
        entry('a/b/c/1'),
        entry('a/b/c/2'),
        entry('a/b/keep'),
        entry('a/bc/3'),
        entry('a/b.txt'),
      );
      assert.equal(await remove('a/b/c'), 2);
      assert.deepEqual(
        (await list('a/b')).map((l) => l.path),
        ['a/b/keep'],
      );
      assert.equal(await remove('a/b/keep'), 1);
      assert.deepEqual(
        (await list('a')).map((l) => l.path),
        ['a/b.txt', 'a/bc'],
      );
      assert.equal(await remove('a/nothing'), 0);
      assert.equal(await remove('a'), 2);
      assert.deepEqual(await list(''), []);
    });

    it('deletes everything from the root', async () => {
      await put(entry('x/1'), entry('y'));
      assert.equal(await remove(''), 2);
      assert.deepEqual(await list(''), []);
    });

    it('refuses a file where a directory is, and a directory under a file', async () => {
      await put(entry('d/f'));
      await assert.rejects(
        put(entry('d')),
        (error) => isCairnError(error) && error.code === 'artifacts.path_is_directory',
      );
      await assert.rejects(
        put(entry('d/f/g')),
        (error) => isCairnError(error) && error.code === 'artifacts.parent_is_file',
      );
      assert.deepEqual(await list('d'), [{ path: 'd/f', isDir: false, size: 1 }]);
    });

    it('rolls back an index change with its event', async () => {
      await assert.rejects(
        store.artifacts.write(async (w) => {
          await w.putArtifact(entry('p/q'));
          await w.appendEvent({
            type: 'artifacts.uploaded',
            entityType: 'artifact',
            entityId: 'p/q',
            actor: 'a',
            time: 1,
            payload: {},
          });
          throw new Error('upload aborted');
        }),
        /upload aborted/,
      );
      assert.deepEqual(await list(''), []);
      assert.deepEqual(await store.events.listEvents(0, 10), []);
    });
  });
}
