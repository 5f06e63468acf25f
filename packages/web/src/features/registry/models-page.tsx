/** `/models`: registered models, filtered by name (the filter lives in the URL). */
import { useState } from 'react';
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { formatTime } from '../../app/format.ts';
import { Link, navigate, useQueryState } from '../../app/router.tsx';
import { useAsync } from '../../app/use-async.ts';

export const modelPath = (name: string) => `/models/${encodeURIComponent(name)}`;
export const versionPath = (name: string, version: number) =>
  `${modelPath(name)}/versions/${version}`;

export function ModelsPage() {
  const { client } = useCairn();
  const [query, setQuery] = useQueryState();
  const search = query.get('q') ?? '';
  const [draft, setDraft] = useState(search);
  const filter = search === '' ? undefined : `name ILIKE '%${search.replaceAll("'", "''")}%'`;
  const models = useAsync(
    () =>
      client.registry.searchModels({
        ...(filter === undefined ? {} : { filter }),
        orderBy: ['name ASC'],
        maxResults: 1000,
      }),
    [client, filter],
  );
  return (
    <section>
      <h1>Models</h1>
      <form
        className="toolbar"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery({ q: draft.trim() });
        }}
      >
        <label>
          Name contains
          <input
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            data-testid="models-filter"
          />
        </label>
        <button type="submit">Search</button>
      </form>
      {models.status === 'loading' && <p role="status">Loading models…</p>}
      {models.status === 'failed' && (
        <p className="error" role="alert">
          {errorMessage(models.error)}
        </p>
      )}
      {models.status === 'ready' && (
        <table className="data" data-testid="models-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Latest version</th>
              <th scope="col">Aliases</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {models.value.items.map((model) => {
              const to = modelPath(model.name);
              const latest = Math.max(0, ...model.latestVersions.map((v) => v.version));
              return (
                <tr
                  key={model.id}
                  className="clickable"
                  tabIndex={0}
                  data-testid="model-row"
                  onClick={() => navigate(to)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') navigate(to);
                  }}
                >
                  <td>
                    <Link to={to} onClick={(event) => event.stopPropagation()}>
                      {model.name}
                    </Link>
                  </td>
                  <td>{latest === 0 ? '—' : latest}</td>
                  <td>{model.aliases.map((a) => `@${a.alias} → v${a.version}`).join(', ')}</td>
                  <td>{formatTime(model.lastUpdatedTimestamp)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {models.status === 'ready' && models.value.items.length === 0 && (
        <p className="muted">No registered models.</p>
      )}
    </section>
  );
}
