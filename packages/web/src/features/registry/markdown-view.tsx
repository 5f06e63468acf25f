/**
 * Markdown shown as formatted HTML, built only from React elements: the parsed tree has no
 * raw-HTML node, text goes through React's escaping, and links are http(s) or relative only.
 */
import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { parseMarkdown } from './markdown-blocks.ts';
import type { MdBlock, MdInline } from './markdown-blocks.ts';
import './registry.css';

function isExternal(href: string): boolean {
  return /^https?:/i.test(href) || href.startsWith('//');
}

function inlines(nodes: MdInline[]): ReactNode[] {
  return nodes.map((node, index) => {
    switch (node.kind) {
      case 'text':
        return node.text;
      case 'em':
        return <em key={index}>{inlines(node.children)}</em>;
      case 'strong':
        return <strong key={index}>{inlines(node.children)}</strong>;
      case 'del':
        return <del key={index}>{inlines(node.children)}</del>;
      case 'code':
        return <code key={index}>{node.text}</code>;
      case 'break':
        return <br key={index} />;
      case 'link':
        return (
          <a
            key={index}
            href={node.href}
            rel="noopener noreferrer"
            target={isExternal(node.href) ? '_blank' : undefined}
          >
            {inlines(node.children)}
          </a>
        );
    }
  });
}

/** A list item of one paragraph is written without `<p>` (a tight list). */
function listItem(blocks: MdBlock[], offset: number): ReactNode {
  const [only] = blocks;
  if (blocks.length === 1 && only?.kind === 'paragraph') return inlines(only.children);
  return blocks.map((b, i) => block(b, i, offset));
}

/** `offset` shifts heading levels so a document's `#` fits under the page's own headings. */
function block(b: MdBlock, index: number, offset: number): ReactNode {
  switch (b.kind) {
    case 'heading': {
      const Heading = `h${Math.min(6, b.level + offset)}` as
        'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6';
      return <Heading key={index}>{inlines(b.children)}</Heading>;
    }
    case 'paragraph':
      return <p key={index}>{inlines(b.children)}</p>;
    case 'code':
      return (
        <pre key={index} className="preview" data-language={b.language || undefined}>
          <code>{b.text}</code>
        </pre>
      );
    case 'rule':
      return <hr key={index} />;
    case 'quote':
      return <blockquote key={index}>{b.children.map((c, i) => block(c, i, offset))}</blockquote>;
    case 'list': {
      const items = b.items.map((item, i) => <li key={i}>{listItem(item, offset)}</li>);
      return b.ordered ? (
        <ol key={index} start={b.start === 1 ? undefined : b.start}>
          {items}
        </ol>
      ) : (
        <ul key={index}>{items}</ul>
      );
    }
    case 'table':
      return (
        <table key={index} className="data">
          <thead>
            <tr>
              {b.header.map((cell, i) => (
                <th key={i} scope="col" style={{ textAlign: b.align[i] ?? undefined }}>
                  {inlines(cell)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {b.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, i) => (
                  <td key={i} style={{ textAlign: b.align[i] ?? undefined }}>
                    {inlines(cell)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
  }
}

/**
 * Renders `source` as Markdown; `headingOffset` 2 makes its `#` an `h3`, under the page's
 * `h1` and the section's `h2`.
 */
export function MarkdownView({
  source,
  headingOffset = 0,
  testId,
}: {
  source: string;
  headingOffset?: number;
  testId?: string;
}) {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  return (
    <div className="markdown" data-testid={testId}>
      {blocks.map((b, i) => block(b, i, headingOffset))}
    </div>
  );
}
