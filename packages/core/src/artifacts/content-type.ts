// Maps, not object literals: a file named `x.constructor` must not find Object's own members.
const BY_EXTENSION: ReadonlyMap<string, string> = new Map(
  Object.entries({
    json: 'application/json',
    jsonl: 'application/x-ndjson',
    ndjson: 'application/x-ndjson',
    ipynb: 'application/x-ipynb+json',
    txt: 'text/plain',
    log: 'text/plain',
    md: 'text/markdown',
    csv: 'text/csv',
    tsv: 'text/tab-separated-values',
    html: 'text/html',
    htm: 'text/html',
    xml: 'application/xml',
    yaml: 'application/yaml',
    yml: 'application/yaml',
    toml: 'application/toml',
    js: 'text/javascript',
    py: 'text/x-python',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    webp: 'image/webp',
    bmp: 'image/bmp',
    svg: 'image/svg+xml',
    pdf: 'application/pdf',
    parquet: 'application/vnd.apache.parquet',
    arrow: 'application/vnd.apache.arrow.file',
    feather: 'application/vnd.apache.arrow.file',
    zip: 'application/zip',
    gz: 'application/gzip',
    tar: 'application/x-tar',
    wav: 'audio/wav',
    mp3: 'audio/mpeg',
    mp4: 'video/mp4',
  }),
);

// MLflow's well-known files carry no extension but are YAML.
const BY_NAME: ReadonlyMap<string, string> = new Map([
  ['MLmodel', 'application/yaml'],
  ['MLproject', 'application/yaml'],
]);

/**
 * The MIME type for an artifact path, by its extension (case-insensitive) or a well-known
 * MLflow file name; `application/octet-stream` otherwise. Callers serving artifacts to
 * browsers must still send them as attachments with `X-Content-Type-Options: nosniff`:
 * an uploaded `.html` or `.svg` is attacker-controlled markup.
 */
export function guessContentType(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const byName = BY_NAME.get(name);
  if (byName !== undefined) return byName;
  const dot = name.lastIndexOf('.');
  // A leading dot marks a hidden file (".env"), not an extension.
  if (dot <= 0) return 'application/octet-stream';
  return BY_EXTENSION.get(name.slice(dot + 1).toLowerCase()) ?? 'application/octet-stream';
}
