import { randomBytes, randomUUID } from 'node:crypto';

/** A run id: 32 lowercase hex characters, as MLflow's `uuid4().hex`. */
export function newRunId(): string {
  return randomUUID().replaceAll('-', '');
}

/** A logged-model id: `m-` and 32 lowercase hex characters, as MLflow 3. */
export function newLoggedModelId(): string {
  return `m-${randomUUID().replaceAll('-', '')}`;
}

/** A random url-safe token of `bytes` bytes of entropy. */
export function newOpaqueId(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}
