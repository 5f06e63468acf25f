/**
 * The dataset page's schema: the current revision, and an editor that starts from it (or
 * from the schema inferred from a version), as a form or as raw JSON, and saves a new
 * revision. The save names the revision it was based on, so the server refuses it when
 * someone saved meanwhile; the editor then says so and keeps every edit. A field the server
 * refuses is named beside that field. Editing needs EDIT on the dataset.
 */
import { useState } from 'react';
import { CairnApiError } from '@cairn/sdk';
import type { DatasetSchema, DatasetVersion, SchemaRevision } from '@cairn/sdk';
import { ActionButton } from '../../app/action-button.tsx';
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { formatTime } from '../../app/format.ts';
import { useAsync } from '../../app/use-async.ts';
import { usePermission } from '../../app/use-permission.ts';
import { VersionSelect } from '../../app/version-select.tsx';
import {
  documentFromDraft,
  draftFromDocument,
  draftFromSchema,
  formFieldOf,
} from './schema-draft.ts';
import type { SchemaDraft } from './schema-draft.ts';
import { SchemaForm, type FieldErrors } from './schema-form.tsx';
import { SchemaTable } from './schema-table.tsx';

interface Conflict {
  /** The newest revision, saved by someone else since the edit started. */
  revision: SchemaRevision;
}

interface Editor {
  draft: SchemaDraft;
  mode: 'form' | 'json';
  json: string;
  /** The revision the edit started from (0: the dataset had no schema). */
  baseRevision: number;
  inferredFromVersion: number | undefined;
  /** Where the edit started, for people: "revision 2", "the schema inferred from v1". */
  origin: string;
  fieldErrors: FieldErrors;
  /** An error that belongs to no single form field (or any error in the JSON view). */
  problem: string | undefined;
  conflict: Conflict | undefined;
}

const EMPTY_SCHEMA: DatasetSchema = { columns: [] };

function startEditor(
  schema: DatasetSchema,
  baseRevision: number,
  origin: string,
  inferredFromVersion?: number,
): Editor {
  return {
    draft: draftFromSchema(schema),
    mode: 'form',
    json: '',
    baseRevision,
    inferredFromVersion,
    origin,
    fieldErrors: {},
    problem: undefined,
    conflict: undefined,
  };
}

const describeRevision = (r: SchemaRevision) =>
  `Revision ${r.revision}, saved ${formatTime(r.createdAt)} UTC by ${r.author}` +
  (r.inferredFromVersion === null ? '' : `, inferred from v${r.inferredFromVersion}`);

export function SchemaSection({
  name,
  versions,
}: {
  name: string;
  versions: readonly DatasetVersion[];
}) {
  const { client } = useCairn();
  const permission = usePermission({ dataset: name });
  const editReason = permission.denyReason('EDIT');
  const current = useAsync(
    () =>
      client.datasets.getSchema(name).catch((error: unknown) => {
        if (error instanceof CairnApiError && error.code === 'data.schema_not_found') return null;
        throw error;
      }),
    [client, name],
  );
  const [editor, setEditor] = useState<Editor | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [inferFrom, setInferFrom] = useState(() => String(versions[0]?.version ?? ''));
  const [withRanges, setWithRanges] = useState(false);

  if (current.status !== 'ready') {
    return (
      <section aria-labelledby="schema-heading" data-testid="schema-section">
        <h2 id="schema-heading">Schema</h2>
        {current.status === 'loading' ? (
          <p role="status">Loading the schema…</p>
        ) : (
          <p className="error" role="alert">
            {errorMessage(current.error)}
          </p>
        )}
      </section>
    );
  }
  const saved = current.value;
  const currentRevision = saved?.revision ?? 0;
  const update = (changes: Partial<Editor>) =>
    setEditor((previous) => (previous === undefined ? previous : { ...previous, ...changes }));

  const infer = async () => {
    const version = Number(inferFrom);
    const schema = await client.datasets.inferSchema(name, version, { includeRanges: withRanges });
    setNotice(undefined);
    setEditor(
      startEditor(schema, currentRevision, `the schema inferred from v${version}`, version),
    );
  };

  const save = async (editing: Editor) => {
    let document: unknown;
    if (editing.mode === 'json') {
      try {
        document = JSON.parse(editing.json);
      } catch (error) {
        update({ problem: `Not valid JSON: ${errorMessage(error)}` });
        return;
      }
    } else {
      document = documentFromDraft(editing.draft);
    }
    try {
      const revision = await client.datasets.saveSchema(name, {
        // The server checks the document; the form may hold what is not yet a schema.
        schema: document as DatasetSchema,
        baseRevision: editing.baseRevision,
        ...(editing.inferredFromVersion === undefined
          ? {}
          : { inferredFromVersion: editing.inferredFromVersion }),
      });
      setEditor(undefined);
      setNotice(`Saved as revision ${revision.revision}.`);
      current.reload();
    } catch (error) {
      if (!(error instanceof CairnApiError)) throw error;
      if (error.code === 'data.stale_schema_revision') {
        const newest = await client.datasets.getSchema(name);
        update({ conflict: { revision: newest }, fieldErrors: {}, problem: undefined });
        return;
      }
      if (error.code === 'data.invalid_schema') {
        const field = typeof error.details?.['field'] === 'string' ? error.details['field'] : '';
        const formField = formFieldOf(field);
        if (editing.mode === 'form' && formField !== 'schema') {
          update({ fieldErrors: { [formField]: error.message }, problem: undefined });
        } else {
          update({ fieldErrors: {}, problem: error.message });
        }
        return;
      }
      throw error;
    }
  };

  const switchMode = (editing: Editor) => {
    if (editing.mode === 'form') {
      update({
        mode: 'json',
        json: JSON.stringify(documentFromDraft(editing.draft), null, 2),
        fieldErrors: {},
        problem: undefined,
      });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(editing.json);
    } catch (error) {
      update({ problem: `Not valid JSON: ${errorMessage(error)}` });
      return;
    }
    const result = draftFromDocument(parsed);
    if (result.ok) update({ mode: 'form', draft: result.draft, problem: undefined });
    else update({ problem: result.message });
  };

  return (
    <section aria-labelledby="schema-heading" data-testid="schema-section">
      <h2 id="schema-heading">Schema</h2>
      <p className="muted" data-testid="schema-current">
        {saved === null
          ? 'No schema saved yet: versions are validated against nothing until one is.'
          : describeRevision(saved)}
      </p>
      {notice !== undefined && (
        <p role="status" data-testid="schema-saved">
          {notice}
        </p>
      )}
      <div className="toolbar">
        {editor === undefined && (
          <ActionButton
            action={() => {
              setNotice(undefined);
              setEditor(
                startEditor(
                  saved?.schema ?? EMPTY_SCHEMA,
                  currentRevision,
                  saved === null ? 'an empty schema' : `revision ${saved.revision}`,
                ),
              );
              return Promise.resolve();
            }}
            disabledReason={editReason}
            testId="schema-edit"
          >
            {saved === null ? 'Write a schema' : 'Edit'}
          </ActionButton>
        )}
        <label>
          Infer from version
          <VersionSelect
            value={inferFrom}
            onChange={setInferFrom}
            versions={versions}
            testId="schema-infer-version"
          />
        </label>
        <label>
          <span>
            <input
              type="checkbox"
              checked={withRanges}
              onChange={(event) => setWithRanges(event.target.checked)}
              data-testid="schema-infer-ranges"
            />{' '}
            with the observed min/max
          </span>
        </label>
        <ActionButton
          action={infer}
          disabledReason={
            editReason ?? (inferFrom === '' ? 'Choose a version to infer from.' : undefined)
          }
          confirm={
            editor === undefined
              ? undefined
              : `Replace the schema you are editing with the one inferred from v${inferFrom}?`
          }
          testId="schema-infer"
        >
          Infer
        </ActionButton>
      </div>
      {editor === undefined ? (
        saved !== null && <SchemaTable schema={saved.schema} />
      ) : (
        <div data-testid="schema-editor">
          <p>
            Editing, starting from {editor.origin}. Saving makes revision {editor.baseRevision + 1}
            {editor.inferredFromVersion === undefined
              ? '.'
              : `, recorded as inferred from v${editor.inferredFromVersion}.`}
          </p>
          {editor.conflict !== undefined && (
            <div role="alert" data-testid="schema-conflict">
              <p className="error">
                Not saved: someone saved revision {editor.conflict.revision.revision} (
                {editor.conflict.revision.author}, {formatTime(editor.conflict.revision.createdAt)}{' '}
                UTC) after you started from{' '}
                {editor.baseRevision === 0 ? 'no schema' : `revision ${editor.baseRevision}`}. Your
                edits are still here.
              </p>
              <details>
                <summary>What revision {editor.conflict.revision.revision} holds</summary>
                <SchemaTable schema={editor.conflict.revision.schema} />
              </details>
              <div className="toolbar">
                <ActionButton
                  action={() => {
                    // The user has seen the newer revision and chose to replace it.
                    const over = {
                      ...editor,
                      baseRevision: editor.conflict?.revision.revision ?? editor.baseRevision,
                      conflict: undefined,
                    };
                    setEditor(over);
                    return save(over);
                  }}
                  disabledReason={editReason}
                  testId="schema-save-over"
                >
                  Save my edits over revision {editor.conflict.revision.revision}
                </ActionButton>
                <ActionButton
                  action={() => {
                    setEditor(undefined);
                    current.reload();
                    return Promise.resolve();
                  }}
                  confirm="Discard your edits?"
                  testId="schema-discard"
                >
                  Discard my edits
                </ActionButton>
              </div>
            </div>
          )}
          <div className="tabs" role="tablist" aria-label="Schema editor views">
            {(['form', 'json'] as const).map((mode) => (
              <button
                key={mode}
                type="button"
                role="tab"
                aria-selected={editor.mode === mode}
                onClick={() => {
                  if (editor.mode !== mode) switchMode(editor);
                }}
                data-testid={`schema-mode-${mode}`}
              >
                {mode === 'form' ? 'Form' : 'JSON'}
              </button>
            ))}
          </div>
          {editor.problem !== undefined && (
            <p className="error" role="alert" data-testid="schema-problem">
              {editor.problem}
            </p>
          )}
          {editor.mode === 'form' ? (
            <SchemaForm
              draft={editor.draft}
              errors={editor.fieldErrors}
              onChange={(draft) => update({ draft, fieldErrors: {} })}
            />
          ) : (
            <textarea
              value={editor.json}
              onChange={(event) => update({ json: event.target.value, problem: undefined })}
              aria-label="Schema document (JSON)"
              spellCheck={false}
              rows={Math.min(30, Math.max(8, editor.json.split('\n').length + 1))}
              className="mono"
              style={{ width: '100%' }}
              data-testid="schema-json"
            />
          )}
          <div className="toolbar" style={{ marginTop: '0.5rem' }}>
            <ActionButton
              action={() => save(editor)}
              disabledReason={editReason}
              className="primary"
              testId="schema-save"
            >
              Save as a new revision
            </ActionButton>
            <ActionButton
              action={() => {
                setEditor(undefined);
                return Promise.resolve();
              }}
              confirm="Discard your edits?"
              testId="schema-cancel"
            >
              Cancel
            </ActionButton>
          </div>
        </div>
      )}
    </section>
  );
}
