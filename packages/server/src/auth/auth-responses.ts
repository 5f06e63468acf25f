/**
 * 401 and 403 in the format of the route family a request went to: MLflow's
 * `{error_code, message}` for the MLflow layer (the client maps UNAUTHENTICATED and
 * PERMISSION_DENIED into `MlflowException`), v1's error body for `/api/v1`, text elsewhere.
 */
import type { Context } from 'hono';
import type { CairnError } from '@cairn/core';
import { errorBody } from '../http/error-response.ts';

const MLFLOW_PATH =
  /^\/(api|ajax-api)\/[23]\.0\/(mlflow|mlflow-artifacts)(\/|$)|^\/model-versions\/get-artifact$|^\/get-artifact$/;

/** `realm="cairn"`: the mlflow client and browsers then send Basic credentials. */
export const WWW_AUTHENTICATE = 'Basic realm="cairn"';

/**
 * A browser's script request (fetch/XHR send `Sec-Fetch-Dest: empty`): a Basic challenge
 * would make the browser pop up its own login dialog over the web UI's login page (and
 * leave the request hanging in a headless one), so such requests get a plain 401.
 */
function fromBrowserScript(c: Context): boolean {
  return c.req.header('sec-fetch-dest') === 'empty';
}

export function authErrorResponse(c: Context, error: CairnError): Response {
  const unauthenticated = error.category === 'UNAUTHENTICATED';
  const status = unauthenticated ? 401 : 403;
  const headers: Record<string, string> =
    unauthenticated && !fromBrowserScript(c) ? { 'WWW-Authenticate': WWW_AUTHENTICATE } : {};
  const path = c.req.path;
  if (MLFLOW_PATH.test(path)) {
    return c.json({ error_code: error.category, message: error.message }, status, headers);
  }
  if (path === '/api/v1' || path.startsWith('/api/v1/')) {
    return c.json(errorBody(error.category, error.code, error.message), status, headers);
  }
  return c.text(unauthenticated ? 'Unauthorized' : 'Permission denied', status, headers);
}
