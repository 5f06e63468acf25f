/** The artifact use cases; implemented by `createArtifactService`. */
import type { RequestContext } from '../kernel/index.ts';
import type { ArtifactEntry, ArtifactListing } from './ports.ts';

export interface ArtifactsApi {
  /** `path` is raw client input: it is decoded, checked (no traversal, absolute paths, `?#;`, NUL, `\`) and normalized here. */
  upload(
    ctx: RequestContext,
    path: string,
    body: AsyncIterable<Uint8Array>,
    options?: { maxBytes?: number },
  ): Promise<ArtifactEntry>;
  download(
    ctx: RequestContext,
    path: string,
  ): Promise<{ entry: ArtifactEntry; body: AsyncIterable<Uint8Array> }>;
  list(ctx: RequestContext, dir: string): Promise<ArtifactListing[]>;
  delete(ctx: RequestContext, path: string): Promise<void>;
}
