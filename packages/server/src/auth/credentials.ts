/**
 * The credentials of a request, as the mlflow client sends them: `Authorization: Bearer
 * <token>` (`MLFLOW_TRACKING_TOKEN`) or `Basic base64(user:password)`
 * (`MLFLOW_TRACKING_USERNAME`/`PASSWORD`), where the password may also be an API token.
 */
export type Credentials =
  | { kind: 'none' }
  | { kind: 'malformed' }
  | { kind: 'token'; token: string }
  | { kind: 'basic'; username: string; secret: string };

export function readCredentials(header: string | undefined): Credentials {
  if (header === undefined || header.trim() === '') return { kind: 'none' };
  const match = /^(\S+)\s+(\S+)\s*$/.exec(header);
  if (!match) return { kind: 'malformed' };
  const scheme = (match[1] as string).toLowerCase();
  const value = match[2] as string;
  if (scheme === 'bearer') return { kind: 'token', token: value };
  if (scheme !== 'basic') return { kind: 'malformed' };
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(value, 'base64'));
  } catch {
    return { kind: 'malformed' };
  }
  const colon = decoded.indexOf(':');
  if (colon <= 0) return { kind: 'malformed' };
  return { kind: 'basic', username: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
