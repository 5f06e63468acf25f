/**
 * Who a request is, once authenticated. The kernel holds only these shapes so every domain
 * can carry them in `RequestContext`; the rules that use them live in the access domain.
 */

/** What a credential may do at most: `read` tokens only read, `write` ones also change. */
export type CredentialScope = 'read' | 'write' | 'admin';

export interface Principal {
  /** Immutable user id; grants key on it. */
  userId: string;
  /** The login name; it becomes the actor of events. */
  username: string;
  isAdmin: boolean;
  /** A password login has `admin` scope: the user's own rights, unnarrowed. */
  scope: CredentialScope;
}

/**
 * Restricts a search to resources the user may read, compiled into the store's WHERE
 * clause so pages stay full. Absent means unrestricted (admins, single-user mode).
 */
export interface AccessFilter {
  userId: string;
  /** Whether a resource without an explicit grant is readable (default permission ≥ READ). */
  readableByDefault: boolean;
}
