import { segment, type Transport } from './http-transport.ts';
import type { ArtifactItem, UploadedArtifact } from './wire-types.ts';

/** Bytes to upload (a Node `Buffer` is a Uint8Array too). */
export type ArtifactData = Blob | Uint8Array | ReadableStream<Uint8Array>;

export interface DownloadedArtifact {
  /** The content, streamed; read it once. */
  body: ReadableStream<Uint8Array>;
  /** Bytes announced by the server (`Content-Length`), or undefined when it sent none. */
  size: number | undefined;
  contentType: string | undefined;
}

export interface ArtifactsClient {
  /** Immediate children of `path` ('' is the run's artifact root). */
  list(runId: string, path?: string): Promise<ArtifactItem[]>;
  download(runId: string, path: string): Promise<DownloadedArtifact>;
  /** A stream body is sent once and never retried (it cannot be replayed). */
  upload(runId: string, path: string, data: ArtifactData): Promise<UploadedArtifact>;
}

export function createArtifactsClient(transport: Transport): ArtifactsClient {
  const base = (runId: string) => `/runs/${segment(runId)}/artifacts`;

  return {
    async list(runId, path = '') {
      const page = await transport.json<{ items: ArtifactItem[] }>({
        method: 'GET',
        path: base(runId),
        query: { path: path === '' ? undefined : path },
      });
      return page.items;
    },
    async download(runId, path) {
      const response = await transport.send({
        method: 'GET',
        path: `${base(runId)}/content`,
        query: { path },
      });
      const length = response.headers.get('Content-Length');
      return {
        // An empty file may come without a body at all.
        body: response.body ?? new Blob([]).stream(),
        size: length === null ? undefined : Number(length),
        contentType: response.headers.get('Content-Type') ?? undefined,
      };
    },
    upload: (runId, path, data) =>
      transport.json({
        method: 'PUT',
        path: `${base(runId)}/content`,
        query: { path },
        body: toBody(data),
        replayable: !(data instanceof ReadableStream),
      }),
  };
}

/** Fetch sends views of an ArrayBuffer; a view of shared memory is copied first. */
function toBody(data: ArtifactData): BodyInit {
  if (!(data instanceof Uint8Array)) return data;
  return data.buffer instanceof ArrayBuffer
    ? (data as Uint8Array<ArrayBuffer>)
    : new Uint8Array(data);
}
