/** How an artifact is previewed, and the CSV reader for the table preview. Pure. */

export type PreviewKind = 'image' | 'json' | 'csv' | 'text' | 'none';

/** Text larger than this is not previewed (the browser would choke on a huge <pre>). */
export const MAX_TEXT_PREVIEW_BYTES = 2 * 1024 * 1024;
export const MAX_IMAGE_PREVIEW_BYTES = 20 * 1024 * 1024;
export const CSV_PREVIEW_ROWS = 500;

const IMAGE = /\.(png|jpe?g|gif|webp|bmp|svg)$/i;
const TEXT =
  /(\.(txt|log|md|ya?ml|toml|ini|cfg|py|ts|js|sh|r|sql|html|xml|properties)|^MLmodel|requirements\.txt|Dockerfile)$/i;

export function previewKind(path: string): PreviewKind {
  const name = path.split('/').pop() ?? path;
  if (IMAGE.test(name)) return 'image';
  if (/\.json$/i.test(name)) return 'json';
  if (/\.(csv|tsv)$/i.test(name)) return 'csv';
  if (TEXT.test(name) || !name.includes('.')) return 'text';
  return 'none';
}

/** Pretty JSON, or the text unchanged when it does not parse. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * The first `maxRows` records of CSV (RFC 4180 quoting: `"a,b"`, doubled quotes, newlines
 * inside quotes), or TSV when `delimiter` is a tab. `truncated` says more rows followed.
 */
export function parseCsv(
  text: string,
  maxRows: number = CSV_PREVIEW_ROWS,
  delimiter = ',',
): { rows: string[][]; truncated: boolean } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRow = () => {
    row.push(field);
    field = '';
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
    } else if (char === delimiter) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      endRow();
      if (rows.length > maxRows) return { rows: rows.slice(0, maxRows), truncated: true };
    } else {
      field += char;
    }
    i += 1;
  }
  if (field !== '' || row.length > 0) endRow();
  return { rows: rows.slice(0, maxRows), truncated: rows.length > maxRows };
}
