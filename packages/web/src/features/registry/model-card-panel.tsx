/**
 * A model version's card: its Markdown export rendered as formatted text to read, and an edit form with one
 * field per section (text sections as text, structured ones as JSON), saved as a new revision.
 */
import { useState } from 'react';
import type { ModelCardView } from '@cairn/sdk';
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { formatTime } from '../../app/format.ts';
import { useQueryState } from '../../app/router.tsx';
import { useAsync } from '../../app/use-async.ts';
import { MarkdownView } from './markdown-view.tsx';

function toFields(content: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(content)) {
    fields[key] = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  }
  return fields;
}

function fromFields(
  original: Record<string, unknown>,
  fields: Record<string, string>,
): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(fields)) {
    if (typeof original[key] === 'string' || original[key] === undefined) content[key] = text;
    else {
      try {
        content[key] = JSON.parse(text) as unknown;
      } catch {
        throw new Error(`Section '${key}' is not valid JSON.`);
      }
    }
  }
  return content;
}

function CardEditor({
  view,
  denyReason,
  onSaved,
}: {
  view: ModelCardView;
  denyReason: string | undefined;
  onSaved: () => void;
}) {
  const { client } = useCairn();
  const { card } = view;
  const [fields, setFields] = useState(() => toFields(card.content));
  const [error, setError] = useState<string | undefined>();
  return (
    <form
      data-testid="model-card-form"
      onSubmit={(event) => {
        event.preventDefault();
        setError(undefined);
        Promise.resolve()
          .then(() =>
            client.registry.saveModelCard(
              card.name,
              card.version,
              fromFields(card.content, fields),
              card.revision,
            ),
          )
          .then(onSaved)
          .catch((failure: unknown) => setError(errorMessage(failure)));
      }}
    >
      {Object.entries(fields).map(([key, text]) => (
        <label key={key} className="card-field">
          {key}
          <textarea
            value={text}
            readOnly={key === 'schema_version'}
            rows={Math.min(12, Math.max(2, text.split('\n').length))}
            onChange={(event) => setFields({ ...fields, [key]: event.target.value })}
            data-testid={`model-card-field-${key}`}
          />
        </label>
      ))}
      <button
        type="submit"
        disabled={denyReason !== undefined}
        title={denyReason}
        aria-describedby={denyReason === undefined ? undefined : 'model-card-denied'}
        data-testid="model-card-save"
      >
        Save card
      </button>
      {denyReason !== undefined && (
        <span className="muted" id="model-card-denied" data-testid="model-card-save-reason">
          {' '}
          {denyReason}
        </span>
      )}
      {error !== undefined && (
        <p className="error" role="alert" data-testid="model-card-error">
          {error}
        </p>
      )}
    </form>
  );
}

/** `denyReason`: why the user may not save the card (EDIT on the model), when known. */
export function ModelCardPanel({
  name,
  version,
  denyReason,
}: {
  name: string;
  version: number;
  denyReason: string | undefined;
}) {
  const { client } = useCairn();
  const [query, setQuery] = useQueryState();
  const editing = query.get('card') === 'edit';
  const card = useAsync(
    async () => ({
      view: await client.registry.getModelCard(name, version),
      markdown: await client.registry.exportModelCard(name, version, 'markdown'),
    }),
    [client, name, version],
  );
  return (
    <section aria-labelledby="card-heading" data-testid="model-card">
      <h2 id="card-heading">Model card</h2>
      {card.status === 'loading' && <p role="status">Loading the model card…</p>}
      {card.status === 'failed' && (
        <p className="error" role="alert">
          {errorMessage(card.error)}
        </p>
      )}
      {card.status === 'ready' && (
        <>
          <p className="muted" data-testid="model-card-status">
            {card.value.view.saved
              ? `Revision ${card.value.view.card.revision} by ${card.value.view.card.author}, ${formatTime(card.value.view.card.createdAt)}`
              : 'Draft (not saved yet)'}
            {' · '}
            {card.value.view.completeness.complete
              ? 'complete'
              : `incomplete: ${card.value.view.completeness.missing.map((m) => m.section).join(', ')}`}
          </p>
          <button
            type="button"
            onClick={() => setQuery({ card: editing ? undefined : 'edit' }, { replace: true })}
            data-testid="model-card-toggle"
          >
            {editing ? 'View' : 'Edit'}
          </button>
          {editing ? (
            <CardEditor
              view={card.value.view}
              denyReason={denyReason}
              onSaved={() => {
                setQuery({ card: undefined }, { replace: true });
                card.reload();
              }}
            />
          ) : (
            <MarkdownView source={card.value.markdown} headingOffset={2} testId="model-card-view" />
          )}
        </>
      )}
    </section>
  );
}
