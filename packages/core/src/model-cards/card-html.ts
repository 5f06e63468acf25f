/**
 * HTML export: a standalone page. Every value goes through `escapeHtml` (text and attribute
 * context alike), nothing from the card becomes a tag, attribute name or URL, and the page's
 * Content-Security-Policy forbids scripts, so a hostile card renders as inert text.
 */
import { cardSections, provenanceLine, type CardBlock } from './card-sections.ts';
import type { ModelCard } from './model-card.ts';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

function block(b: CardBlock): string {
  const label = escapeHtml(b.label);
  switch (b.kind) {
    case 'field':
      return `<p><strong>${label}:</strong> ${escapeHtml(b.value)}</p>`;
    case 'list':
      return `<p><strong>${label}:</strong></p>\n<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'table': {
      const head = b.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
      const rows = b.rows
        .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
        .join('\n');
      return `<p><strong>${label}:</strong></p>\n<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
    }
  }
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}' +
  'table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}' +
  '.provenance{color:#555}';

export function renderModelCardHtml(card: ModelCard): string {
  const title = `Model card: ${escapeHtml(card.name)} version ${card.version}`;
  const body = cardSections(card)
    .map((section) => {
      const blocks =
        section.blocks.length === 0
          ? '<p><em>Not documented.</em></p>'
          : section.blocks.map(block).join('\n');
      return `<section>\n<h2>${escapeHtml(section.title)}</h2>\n${blocks}\n</section>`;
    })
    .join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${title}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${title}</h1>`,
    `<p class="provenance">${escapeHtml(provenanceLine(card))}</p>`,
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
