export { createMlflowRoutes, mlflowTrackingRoutes } from './mlflow-routes.ts';
export type { MlflowRoutesDeps } from './mlflow-routes.ts';
export type { JsonRoute, MlflowEnv } from './route-kit.ts';
export { LOCAL_ACTOR } from './route-kit.ts';
