/**
 * The UI's pages. Every helper adds its own entries here (one line each); the first match
 * wins. A new top-level path must also be listed in the server's `WEB_UI_ROUTES`
 * (packages/server/src/web-ui/web-ui-routes.ts) so that reloading it serves the app.
 */
import type { ReactNode } from 'react';
import type { RouteParams } from './route-match.ts';
import { Redirect } from './redirect.tsx';
import { ExperimentsPage } from '../features/runs/experiments-page.tsx';
import { ModelsPage } from '../features/registry/models-page.tsx';
import { ModelPage } from '../features/registry/model-page.tsx';
import { VersionPage } from '../features/registry/version-page.tsx';
import { AuditPage } from '../features/audit/audit-page.tsx';
import { DatasetsPage, DatasetPage } from '../features/datasets/datasets-page.tsx';
import { DatasetVersionPage } from '../features/datasets/dataset-version-page.tsx';
import { DatasetDiffPage } from '../features/datasets/dataset-diff-page.tsx';
import { ComparePage } from '../features/compare/compare-page.tsx';
import { RunsPage } from '../features/runs/runs-page.tsx';
import { RunDetailPage } from '../features/runs/run-detail-page.tsx';

export interface AppRoute {
  path: string;
  render: (params: RouteParams) => ReactNode;
}

export const routes: AppRoute[] = [
  { path: '/', render: () => <Redirect to="/experiments" /> },
  { path: '/login', render: () => <Redirect to="/experiments" /> },
  { path: '/experiments', render: () => <ExperimentsPage /> },
  { path: '/models', render: () => <ModelsPage /> },
  { path: '/models/:name', render: (p) => <ModelPage name={p['name'] ?? ''} /> },
  {
    path: '/models/:name/versions/:version',
    render: (p) => <VersionPage name={p['name'] ?? ''} version={Number(p['version'])} />,
  },
  { path: '/audit', render: () => <AuditPage /> },
  { path: '/datasets', render: () => <DatasetsPage /> },
  { path: '/datasets/:name', render: (p) => <DatasetPage name={p['name'] ?? ''} /> },
  { path: '/datasets/:name/diff', render: (p) => <DatasetDiffPage name={p['name'] ?? ''} /> },
  {
    path: '/datasets/:name/versions/:version',
    render: (p) => <DatasetVersionPage name={p['name'] ?? ''} version={Number(p['version'])} />,
  },
  { path: '/compare', render: () => <ComparePage /> },
  { path: '/runs/:runId', render: (p) => <RunDetailPage runId={p['runId'] ?? ''} /> },
  {
    path: '/experiments/:experimentId',
    render: (p) => <RunsPage experimentId={p['experimentId'] ?? ''} />,
  },
];
