/**
 * A run's artifacts: a lazily expanded tree (one list call per opened folder) and a preview
 * of the selected file — text, pretty JSON, images, CSV/TSV as a table (first 500 rows). The
 * selected path is kept in the URL (`artifact=`).
 */
import { useEffect, useState } from 'react';
import type { ArtifactItem, CairnClient } from '@cairn/sdk';
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { formatBytes } from '../../app/format.ts';
import { useAsync } from '../../app/use-async.ts';
import {
  CSV_PREVIEW_ROWS,
  MAX_IMAGE_PREVIEW_BYTES,
  MAX_TEXT_PREVIEW_BYTES,
  parseCsv,
  prettyJson,
  previewKind,
} from './artifact-preview.ts';

function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}

function Folder(props: {
  runId: string;
  path: string;
  selected: string | undefined;
  onSelect: (path: string) => void;
}) {
  const { client } = useCairn();
  const items = useAsync(
    () => client.artifacts.list(props.runId, props.path),
    [client, props.runId, props.path],
  );
  if (items.status === 'loading') return <p role="status">Loading…</p>;
  if (items.status === 'failed') {
    return (
      <p className="error" role="alert">
        {errorMessage(items.error)}
      </p>
    );
  }
  if (items.value.length === 0) {
    return <p className="muted">{props.path === '' ? 'No artifacts.' : 'Empty folder.'}</p>;
  }
  return (
    <ul>
      {items.value.map((item) => (
        <Entry
          key={item.path}
          item={item}
          runId={props.runId}
          selected={props.selected}
          onSelect={props.onSelect}
        />
      ))}
    </ul>
  );
}

function Entry(props: {
  item: ArtifactItem;
  runId: string;
  selected: string | undefined;
  onSelect: (path: string) => void;
}) {
  const { item, selected } = props;
  const [open, setOpen] = useState(selected?.startsWith(`${item.path}/`) === true);
  if (item.isDir) {
    return (
      <li>
        <button
          type="button"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          data-testid="artifact-folder"
        >
          {open ? '▾' : '▸'} {baseName(item.path)}/
        </button>
        {open && (
          <Folder
            runId={props.runId}
            path={item.path}
            selected={selected}
            onSelect={props.onSelect}
          />
        )}
      </li>
    );
  }
  return (
    <li>
      <button
        type="button"
        aria-current={selected === item.path}
        onClick={() => props.onSelect(item.path)}
        data-testid="artifact-file"
        data-path={item.path}
      >
        {baseName(item.path)} <span className="muted">{formatBytes(item.size)}</span>
      </button>
    </li>
  );
}

type Preview =
  | { kind: 'text'; text: string }
  | { kind: 'csv'; rows: string[][]; truncated: boolean }
  | { kind: 'image'; url: string }
  | { kind: 'none'; reason: string };

async function loadPreview(client: CairnClient, runId: string, path: string): Promise<Preview> {
  const kind = previewKind(path);
  if (kind === 'none') return { kind: 'none', reason: 'No preview for this file type.' };
  const download = await client.artifacts.download(runId, path);
  const limit = kind === 'image' ? MAX_IMAGE_PREVIEW_BYTES : MAX_TEXT_PREVIEW_BYTES;
  if (download.size !== undefined && download.size > limit) {
    await download.body.cancel();
    return { kind: 'none', reason: `Too large to preview (${formatBytes(download.size)}).` };
  }
  const response = new Response(download.body);
  if (kind === 'image') {
    const blob = await response.blob();
    const type = path.toLowerCase().endsWith('.svg') ? 'image/svg+xml' : blob.type;
    return { kind: 'image', url: URL.createObjectURL(new Blob([blob], { type })) };
  }
  const text = await response.text();
  if (kind === 'json') return { kind: 'text', text: prettyJson(text) };
  if (kind === 'csv') {
    const delimiter = path.toLowerCase().endsWith('.tsv') ? '\t' : ',';
    return { kind: 'csv', ...parseCsv(text, CSV_PREVIEW_ROWS, delimiter) };
  }
  return { kind: 'text', text };
}

function ArtifactPreview({ runId, path }: { runId: string; path: string }) {
  const { client } = useCairn();
  const preview = useAsync(() => loadPreview(client, runId, path), [client, runId, path]);
  const url = preview.status === 'ready' && preview.value.kind === 'image' ? preview.value.url : '';
  useEffect(() => () => (url === '' ? undefined : URL.revokeObjectURL(url)), [url]);
  if (preview.status === 'loading') return <p role="status">Loading {path}…</p>;
  if (preview.status === 'failed') {
    return (
      <p className="error" role="alert">
        {errorMessage(preview.error)}
      </p>
    );
  }
  const value = preview.value;
  switch (value.kind) {
    case 'text':
      return <pre data-testid="artifact-text">{value.text}</pre>;
    case 'image':
      return <img src={value.url} alt={path} data-testid="artifact-image" />;
    case 'none':
      return <p className="muted">{value.reason}</p>;
    case 'csv': {
      const [header = [], ...body] = value.rows;
      return (
        <>
          <table className="data" data-testid="artifact-csv">
            <thead>
              <tr>
                {header.map((cell, i) => (
                  <th key={i} scope="col">
                    {cell}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {body.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (
                    <td key={i}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {value.truncated && <p className="muted">Showing the first {CSV_PREVIEW_ROWS} rows.</p>}
        </>
      );
    }
  }
}

export function ArtifactBrowser(props: {
  runId: string;
  selected: string | undefined;
  onSelect: (path: string) => void;
}) {
  return (
    <div className="artifacts" data-testid="artifact-browser">
      <nav className="artifact-tree" aria-label="Artifacts">
        <Folder {...props} path="" />
      </nav>
      <div className="preview" aria-live="polite" data-testid="artifact-preview">
        {props.selected === undefined ? (
          <p className="muted">Select a file to preview it.</p>
        ) : (
          <>
            <h2 className="mono">{props.selected}</h2>
            <ArtifactPreview runId={props.runId} path={props.selected} />
          </>
        )}
      </div>
    </div>
  );
}
