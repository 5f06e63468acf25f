import type { AccessFilter, Principal } from './principal.ts';

/**
 * The transaction boundary a domain service sees. `write` runs `fn` in one write
 * transaction (on SQLite `BEGIN IMMEDIATE`) and commits only if it resolves, so the
 * state change and its event row land together or not at all.
 */
export interface UnitOfWork<Reader, Writer extends Reader> {
  read<T>(fn: (reader: Reader) => Promise<T>): Promise<T>;
  write<T>(fn: (writer: Writer) => Promise<T>): Promise<T>;
}

/** Who is asking. Every service call carries one, so actors reach the audit log. */
export interface RequestContext {
  actor: string;
  /** The authenticated user; absent in single-user mode and for internal calls. */
  principal?: Principal;
  /** Set for users whose searches must be limited to what they may read. */
  access?: AccessFilter;
}
