/**
 * Markdown export. Every value is escaped: Markdown punctuation gets a backslash and `<`, `>`,
 * `&` become entities, so text from a card can neither format the page nor inject raw HTML
 * into a renderer that passes HTML through.
 */
import { cardSections, provenanceLine, type CardBlock } from './card-sections.ts';
import type { ModelCard } from './model-card.ts';

/** Escapes one value for inline Markdown; newlines become spaces (cells and list items are one line). */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\r\n]+/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // Values never start a line, so only inline syntax needs escaping.
      .replace(/[\\`*_[\]|~]/g, (ch) => `\\${ch}`)
  );
}

function block(b: CardBlock): string[] {
  switch (b.kind) {
    case 'field':
      return [`**${escapeMarkdown(b.label)}:** ${escapeMarkdown(b.value)}`, ''];
    case 'list':
      return [
        `**${escapeMarkdown(b.label)}:**`,
        '',
        ...b.items.map((i) => `- ${escapeMarkdown(i)}`),
        '',
      ];
    case 'table':
      return [
        `**${escapeMarkdown(b.label)}:**`,
        '',
        `| ${b.headers.map(escapeMarkdown).join(' | ')} |`,
        `|${b.headers.map(() => ' --- ').join('|')}|`,
        ...b.rows.map((row) => `| ${row.map(escapeMarkdown).join(' | ')} |`),
        '',
      ];
  }
}

export function renderModelCardMarkdown(card: ModelCard): string {
  const lines = [
    `# Model card: ${escapeMarkdown(card.name)} version ${card.version}`,
    '',
    `_${escapeMarkdown(provenanceLine(card))}_`,
    '',
  ];
  for (const section of cardSections(card)) {
    lines.push(`## ${section.title}`, '');
    if (section.blocks.length === 0) lines.push('_Not documented._', '');
    for (const b of section.blocks) lines.push(...block(b));
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
