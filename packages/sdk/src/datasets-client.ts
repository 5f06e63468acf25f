/**
 * Versioned datasets (`/datasets`): datasets, versions, tags, profiles, schemas,
 * validation, diffs, and the objects behind them (existence checks, streamed uploads and
 * downloads of single files).
 */
import { segment, type Transport } from './http-transport.ts';
import type {
  AddVersionInput,
  AddVersionResult,
  DatasetDiff,
  DatasetProfile,
  DatasetSchema,
  DatasetVersion,
  ManagedDataset,
  ManifestEntry,
  SchemaRevision,
  ValidationReport,
} from './data-wire-types.ts';
import type { Page } from './wire-types.ts';

/** Most digests the server checks per request; `missingObjects` batches longer lists. */
export const MISSING_OBJECTS_BATCH = 1_000;

/** An object's bytes: in memory, a web stream, or any async iterable of chunks (Node streams). */
export type ObjectData = Blob | Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** A version reference: a number, a tag or `latest`. */
export type VersionRef = string | number;

export interface PageOptions {
  maxResults?: number;
  pageToken?: string;
}

export interface DownloadedObject {
  /** The content, streamed; read it once. */
  body: ReadableStream<Uint8Array>;
  /** Bytes announced by the server, or undefined when it sent no `Content-Length`. */
  size: number | undefined;
}

export interface DatasetsClient {
  /** Datasets the caller may read, by name. */
  list(options?: PageOptions & { namePrefix?: string }): Promise<Page<ManagedDataset>>;
  create(input: { name: string; description?: string }): Promise<ManagedDataset>;
  get(name: string): Promise<ManagedDataset>;
  update(name: string, patch: { description: string }): Promise<ManagedDataset>;
  /** Newest first. */
  listVersions(name: string, options?: PageOptions): Promise<Page<DatasetVersion>>;
  /**
   * Adds a version (creating the dataset when new). Upload every object first, for a
   * directory its manifest last. Identical content returns the existing version.
   */
  addVersion(name: string, input: AddVersionInput): Promise<AddVersionResult>;
  getVersion(name: string, ref: VersionRef): Promise<DatasetVersion>;
  updateVersion(
    name: string,
    ref: VersionRef,
    patch: { description: string },
  ): Promise<DatasetVersion>;
  /** The version's files, sorted by path. */
  getManifest(name: string, ref: VersionRef): Promise<ManifestEntry[]>;
  getProfile(name: string, ref: VersionRef): Promise<DatasetProfile>;
  inferSchema(
    name: string,
    ref: VersionRef,
    options?: { maxDomainSize?: number; includeRanges?: boolean },
  ): Promise<DatasetSchema>;
  validate(
    name: string,
    ref: VersionRef,
    options?: { schemaRevision?: number },
  ): Promise<ValidationReport>;
  /** Points `tag` at a version; returns that version. */
  setTag(name: string, tag: string, ref: VersionRef): Promise<DatasetVersion>;
  deleteTag(name: string, tag: string): Promise<void>;
  /** The newest schema revision, or `revision`. */
  getSchema(name: string, revision?: number): Promise<SchemaRevision>;
  saveSchema(
    name: string,
    input: { schema: DatasetSchema; baseRevision?: number; inferredFromVersion?: number },
  ): Promise<SchemaRevision>;
  listSchemaRevisions(name: string, options?: PageOptions): Promise<Page<SchemaRevision>>;
  /** `to` is a version of `options.toDataset` when given, else of `name`. */
  diff(
    name: string,
    from: VersionRef,
    to: VersionRef,
    options?: { toDataset?: string },
  ): Promise<DatasetDiff>;
  /** The distinct digests the server lacks (sent in batches of 1000). */
  missingObjects(name: string, digests: readonly string[]): Promise<string[]>;
  /**
   * Streams one object to the server under its SHA-256; the server refuses bytes that do
   * not hash to `digest`. A stream or iterable body is sent once, never retried.
   */
  uploadObject(
    name: string,
    digest: string,
    data: ObjectData,
  ): Promise<{ digest: string; size: number }>;
  /** One file of a version (or its manifest object) by digest, streamed. */
  downloadFile(name: string, ref: VersionRef, digest: string): Promise<DownloadedObject>;
}

/** A pull-based web stream over an async iterable: a slow server slows the reading. */
function streamOf(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done === true) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

function toBody(data: ObjectData): { body: BodyInit; replayable: boolean } {
  if (data instanceof Blob) return { body: data, replayable: true };
  if (data instanceof Uint8Array) {
    // Fetch sends views of an ArrayBuffer; a view of shared memory is copied first.
    const bytes =
      data.buffer instanceof ArrayBuffer ? (data as Uint8Array<ArrayBuffer>) : new Uint8Array(data);
    return { body: bytes, replayable: true };
  }
  if (data instanceof ReadableStream) return { body: data, replayable: false };
  return { body: streamOf(data), replayable: false };
}

function pageOf<T>(items: T[], nextPageToken: string | undefined): Page<T> {
  return nextPageToken === undefined ? { items } : { items, nextPageToken };
}

export function createDatasetsClient(transport: Transport): DatasetsClient {
  const base = (name: string) => `/datasets/${segment(name)}`;
  const version = (name: string, ref: VersionRef) =>
    `${base(name)}/versions/${segment(String(ref))}`;

  return {
    async list(options = {}) {
      const page = await transport.json<{ datasets: ManagedDataset[]; nextPageToken?: string }>({
        method: 'GET',
        path: '/datasets',
        query: {
          namePrefix: options.namePrefix,
          maxResults: options.maxResults,
          pageToken: options.pageToken,
        },
      });
      return pageOf(page.datasets, page.nextPageToken);
    },
    async create(input) {
      return (
        await transport.json<{ dataset: ManagedDataset }>({
          method: 'POST',
          path: '/datasets',
          json: input,
        })
      ).dataset;
    },
    async get(name) {
      return (
        await transport.json<{ dataset: ManagedDataset }>({ method: 'GET', path: base(name) })
      ).dataset;
    },
    async update(name, patch) {
      return (
        await transport.json<{ dataset: ManagedDataset }>({
          method: 'PATCH',
          path: base(name),
          json: patch,
        })
      ).dataset;
    },
    async listVersions(name, options = {}) {
      const page = await transport.json<{ versions: DatasetVersion[]; nextPageToken?: string }>({
        method: 'GET',
        path: `${base(name)}/versions`,
        query: { maxResults: options.maxResults, pageToken: options.pageToken },
      });
      return pageOf(page.versions, page.nextPageToken);
    },
    addVersion: (name, input) =>
      transport.json<AddVersionResult>({
        method: 'POST',
        path: `${base(name)}/versions`,
        json: input,
      }),
    async getVersion(name, ref) {
      return (
        await transport.json<{ version: DatasetVersion }>({
          method: 'GET',
          path: version(name, ref),
        })
      ).version;
    },
    async updateVersion(name, ref, patch) {
      return (
        await transport.json<{ version: DatasetVersion }>({
          method: 'PATCH',
          path: version(name, ref),
          json: patch,
        })
      ).version;
    },
    async getManifest(name, ref) {
      return (
        await transport.json<{ entries: ManifestEntry[] }>({
          method: 'GET',
          path: `${version(name, ref)}/manifest`,
        })
      ).entries;
    },
    async getProfile(name, ref) {
      return (
        await transport.json<{ profile: DatasetProfile }>({
          method: 'GET',
          path: `${version(name, ref)}/profile`,
        })
      ).profile;
    },
    async inferSchema(name, ref, options = {}) {
      return (
        await transport.json<{ schema: DatasetSchema }>({
          method: 'GET',
          path: `${version(name, ref)}/schema/inferred`,
          query: { maxDomainSize: options.maxDomainSize, includeRanges: options.includeRanges },
        })
      ).schema;
    },
    async validate(name, ref, options = {}) {
      return (
        await transport.json<{ report: ValidationReport }>({
          method: 'POST',
          path: `${version(name, ref)}/validate`,
          json: options,
        })
      ).report;
    },
    async setTag(name, tag, ref) {
      return (
        await transport.json<{ version: DatasetVersion }>({
          method: 'PUT',
          path: `${base(name)}/tags/${segment(tag)}`,
          json: { version: String(ref) },
        })
      ).version;
    },
    async deleteTag(name, tag) {
      await transport.json({ method: 'DELETE', path: `${base(name)}/tags/${segment(tag)}` });
    },
    async getSchema(name, revision) {
      return (
        await transport.json<{ schema: SchemaRevision }>({
          method: 'GET',
          path: `${base(name)}/schema`,
          query: { revision },
        })
      ).schema;
    },
    async saveSchema(name, input) {
      return (
        await transport.json<{ schema: SchemaRevision }>({
          method: 'PUT',
          path: `${base(name)}/schema`,
          json: input,
        })
      ).schema;
    },
    async listSchemaRevisions(name, options = {}) {
      const page = await transport.json<{ revisions: SchemaRevision[]; nextPageToken?: string }>({
        method: 'GET',
        path: `${base(name)}/schema/revisions`,
        query: { maxResults: options.maxResults, pageToken: options.pageToken },
      });
      return pageOf(page.revisions, page.nextPageToken);
    },
    async diff(name, from, to, options = {}) {
      return (
        await transport.json<{ diff: DatasetDiff }>({
          method: 'GET',
          path: `${base(name)}/diff`,
          query: { from: String(from), to: String(to), toDataset: options.toDataset },
        })
      ).diff;
    },
    async missingObjects(name, digests) {
      const unique = [...new Set(digests)];
      const missing: string[] = [];
      for (let start = 0; start < unique.length; start += MISSING_OBJECTS_BATCH) {
        const answer = await transport.json<{ missing: string[] }>({
          method: 'POST',
          path: `${base(name)}/objects/missing`,
          json: { digests: unique.slice(start, start + MISSING_OBJECTS_BATCH) },
        });
        missing.push(...answer.missing);
      }
      return missing;
    },
    uploadObject(name, digest, data) {
      const { body, replayable } = toBody(data);
      return transport.json({
        method: 'PUT',
        path: `${base(name)}/objects/${segment(digest)}`,
        body,
        replayable,
      });
    },
    async downloadFile(name, ref, digest) {
      const response = await transport.send({
        method: 'GET',
        path: `${version(name, ref)}/files/${segment(digest)}`,
      });
      const length = response.headers.get('Content-Length');
      return {
        // An empty file may come without a body at all.
        body: response.body ?? new Blob([]).stream(),
        size: length === null ? undefined : Number(length),
      };
    },
  };
}
