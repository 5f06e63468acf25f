import type { Experiment } from '@cairn/sdk';
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { formatTime } from '../../app/format.ts';
import { Link, navigate } from '../../app/router.tsx';
import { useAsync } from '../../app/use-async.ts';

async function allExperiments(list: AsyncGenerator<Experiment>): Promise<Experiment[]> {
  const out: Experiment[] = [];
  for await (const experiment of list) out.push(experiment);
  return out;
}

/** Every active experiment; a row (or its link, from the keyboard) opens its runs table. */
export function ExperimentsPage() {
  const { client } = useCairn();
  const experiments = useAsync(
    () => allExperiments(client.experiments.listAll({ orderBy: ['name ASC'] })),
    [client],
  );
  return (
    <section>
      <h1>Experiments</h1>
      {experiments.status === 'loading' && <p role="status">Loading experiments…</p>}
      {experiments.status === 'failed' && (
        <p className="error" role="alert">
          {errorMessage(experiments.error)}
        </p>
      )}
      {experiments.status === 'ready' && (
        <table className="data" data-testid="experiments-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">ID</th>
              <th scope="col">Created</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {experiments.value.map((experiment) => {
              const to = `/experiments/${encodeURIComponent(experiment.experimentId)}`;
              return (
                <tr
                  key={experiment.experimentId}
                  className="clickable"
                  data-testid="experiment-row"
                  onClick={() => navigate(to)}
                >
                  <td>
                    {/* The row is clickable for the mouse; its link is the keyboard's one stop. */}
                    <Link
                      to={to}
                      onClick={(event) => event.stopPropagation()}
                      data-testid="experiment-link"
                    >
                      {experiment.name}
                    </Link>
                  </td>
                  <td className="mono">{experiment.experimentId}</td>
                  <td>{formatTime(experiment.creationTime)}</td>
                  <td>{formatTime(experiment.lastUpdateTime)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
