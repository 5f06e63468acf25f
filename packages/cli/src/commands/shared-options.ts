/** Options several commands share, so they are spelled and described the same everywhere. */
import type { OptionSpec } from '../command-spec.ts';
import type { ViewType } from '@cairn/sdk';

export const viewOption: OptionSpec = {
  type: 'string',
  valueName: 'stage',
  choices: ['active', 'deleted', 'all'],
  default: 'active',
  description: 'Which lifecycle stage to list',
};

export const pagingOptions: Readonly<Record<string, OptionSpec>> = {
  'max-results': {
    type: 'integer',
    valueName: 'n',
    description: 'Page size (the server caps it)',
  },
  'page-token': {
    type: 'string',
    valueName: 'token',
    description: 'Continue from the page token a previous call printed',
  },
  all: { type: 'boolean', description: 'Follow page tokens and print every result' },
};

/** `--filter` and `--order-by`, with examples that fit what is being searched. */
export function filterOptions(examples: {
  filter: string;
  orderBy: string;
}): Readonly<Record<string, OptionSpec>> {
  return {
    filter: {
      type: 'string',
      valueName: 'expr',
      description: `MLflow search filter, e.g. ${examples.filter}`,
    },
    'order-by': {
      type: 'string',
      multiple: true,
      valueName: 'clause',
      description: `Sort clause, e.g. ${examples.orderBy}`,
    },
  };
}

const VIEW_TYPES: Record<string, ViewType> = {
  active: 'ACTIVE_ONLY',
  deleted: 'DELETED_ONLY',
  all: 'ALL',
};

export function toViewType(view: string | undefined): ViewType {
  return VIEW_TYPES[view ?? 'active'] ?? 'ACTIVE_ONLY';
}
