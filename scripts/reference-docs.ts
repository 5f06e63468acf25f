/**
 * The generated pages under docs/reference. `npm run docs:check` (and CI) fails when one
 * differs from what its generator produces now; add an entry here to cover a new page.
 */
import { commandTable, renderCliReference } from '@cairn/cli';
import { renderApiReference } from '@cairn/server';

export interface ReferenceDoc {
  /** Relative to the repository root. */
  path: string;
  /** The command that rewrites the page, shown when it is stale. */
  regenerate: string;
  render(): string | Promise<string>;
}

export const referenceDocs: readonly ReferenceDoc[] = [
  {
    path: 'docs/reference/cli.md',
    regenerate: 'npm run docs:cli',
    render: () => renderCliReference(commandTable),
  },
  {
    path: 'docs/reference/api.md',
    regenerate: 'npm run docs:api',
    render: () => renderApiReference(),
  },
];
