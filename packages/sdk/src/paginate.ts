import type { Page } from './wire-types.ts';

/**
 * Follows `nextPageToken` from the first page to the last, yielding items one by one.
 * Pages are fetched lazily, so breaking out of the loop stops the requests.
 */
export async function* paginate<T>(
  fetchPage: (pageToken: string | undefined) => Promise<Page<T>>,
  firstPageToken?: string,
): AsyncGenerator<T, void, undefined> {
  let pageToken = firstPageToken;
  do {
    const page = await fetchPage(pageToken);
    yield* page.items;
    pageToken = page.nextPageToken === '' ? undefined : page.nextPageToken;
  } while (pageToken !== undefined);
}
