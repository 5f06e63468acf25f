/** The artifact index port (`ArtifactIndex`) over the shared transaction runner. */
import type { ArtifactIndex } from '@cairn/core';
import { createArtifactReader, createArtifactWriter } from './artifact-repository.ts';
import type { TransactionRunner } from '../transaction-runner.ts';

export function createArtifactIndex(runner: TransactionRunner): ArtifactIndex {
  return {
    read: (fn) => runner.read((scope) => fn(createArtifactReader(scope))),
    write: (fn) =>
      runner.write((scope) =>
        fn({ ...createArtifactWriter(scope), appendEvent: scope.appendEvent }),
      ),
  };
}
