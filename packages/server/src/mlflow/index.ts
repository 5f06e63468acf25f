export { createMlflowRoutes } from './mlflow-routes.ts';
export type { MlflowRoutesDeps } from './mlflow-routes.ts';
