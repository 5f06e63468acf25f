/** Prints one page, or every page with `--all`, of a list in the CLI's two output modes. */
import { paginate, type Page } from '@cairn/sdk';
import type { CommandContext } from '../command-spec.ts';
import { toJson } from '../output-format.ts';

export async function printPaged<T>(
  context: CommandContext,
  fetchPage: (pageToken: string | undefined) => Promise<Page<T>>,
  render: (items: T[]) => string,
): Promise<void> {
  const page = await collect(context, fetchPage);
  if (context.json) {
    context.stdout.write(toJson(page));
    return;
  }
  context.stdout.write(page.items.length === 0 ? 'No results.\n' : render(page.items));
  if (page.nextPageToken !== undefined) {
    context.stderr.write(
      `More results: add --page-token ${page.nextPageToken} for the next page, or --all.\n`,
    );
  }
}

async function collect<T>(
  context: CommandContext,
  fetchPage: (pageToken: string | undefined) => Promise<Page<T>>,
): Promise<Page<T>> {
  const pageToken = context.string('page-token');
  if (!context.flag('all')) return fetchPage(pageToken);
  const items: T[] = [];
  for await (const item of paginate(fetchPage, pageToken)) items.push(item);
  return { items };
}
