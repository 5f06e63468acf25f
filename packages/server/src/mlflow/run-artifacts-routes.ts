/** MLflow's run artifact listing (`GET /mlflow/artifacts/list`). */
import type { ArtifactsApi, TrackingApi } from '@cairn/core';
import { listArtifactsUnderRoot } from './artifact-listing.ts';
import { optionalString, requiredRunId } from './request-fields.ts';
import type { JsonRoute } from './route-kit.ts';

export function runArtifactRoutes(tracking: TrackingApi, artifacts: ArtifactsApi): JsonRoute[] {
  return [
    {
      method: 'GET',
      path: '/artifacts/list',
      async handle({ fields, ctx }) {
        const run = await tracking.getRun(ctx, requiredRunId(fields));
        const subPath = optionalString(fields, 'path');
        return listArtifactsUnderRoot(artifacts, ctx, run.info.artifactUri, subPath);
      },
    },
  ];
}
