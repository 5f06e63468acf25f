/**
 * Block-level Markdown, the part model cards use: ATX and setext headings, paragraphs, fenced
 * code, bullet and numbered lists (nested by indentation), GFM tables, block quotes and rules.
 * The result is a plain tree (`MdBlock[]`) that a view turns into React elements; HTML blocks
 * are not recognised, so any markup in the source stays text.
 */
import { parseInline, type MdInline } from './markdown-inline.ts';

export type { MdInline } from './markdown-inline.ts';

export type MdAlign = 'left' | 'center' | 'right' | null;

export type MdBlock =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: MdInline[] }
  | { kind: 'paragraph'; children: MdInline[] }
  | { kind: 'code'; language: string; text: string }
  | { kind: 'list'; ordered: boolean; start: number; items: MdBlock[][] }
  | { kind: 'table'; align: MdAlign[]; header: MdInline[][]; rows: MdInline[][][] }
  | { kind: 'quote'; children: MdBlock[] }
  | { kind: 'rule' };

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const FENCE = /^( {0,3})(`{3,}|~{3,})[ \t]*([^`\s]*)[^`]*$/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])(?:[ \t]+(.*)|[ \t]*)$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
// Deep nesting is refused rather than recursed into: a hostile card cannot blow the stack.
const MAX_DEPTH = 32;

const isBlank = (line: string) => line.trim() === '';

/** Cells of a table row, split on `|` that is not escaped; `\|` becomes a literal pipe. */
function splitRow(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    const ch = row[i];
    if (ch === '\\' && row[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (ch === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

function alignment(cell: string): MdAlign {
  const left = cell.startsWith(':');
  const right = cell.endsWith(':');
  if (left && right) return 'center';
  if (right) return 'right';
  return left ? 'left' : null;
}

/** True when `line` starts a block that ends a paragraph (lazy continuation stops there). */
function interruptsParagraph(line: string): boolean {
  if (HEADING.test(line) || RULE.test(line) || FENCE.test(line) || QUOTE.test(line)) return true;
  const item = LIST_ITEM.exec(line);
  // As in CommonMark, only a non-empty bullet or a list starting at 1 interrupts a paragraph.
  if (item === null || item[3] === undefined) return false;
  return !/^\d/.test(item[2] ?? '') || Number.parseInt(item[2] ?? '', 10) === 1;
}

/** How far in a list item's content starts: the marker, then 1 to 4 spaces. */
function contentIndent(indent: string, marker: string, line: string): number {
  const after = line.slice(indent.length + marker.length);
  const spaces = /^[ \t]*/.exec(after)?.[0].length ?? 0;
  const gap = spaces === 0 || spaces > 4 || after.trim() === '' ? 1 : spaces;
  return indent.length + marker.length + gap;
}

function parseList(
  lines: string[],
  start: number,
  depth: number,
): { block: MdBlock; next: number } {
  const first = LIST_ITEM.exec(lines[start] ?? '');
  const ordered = /^\d/.test(first?.[2] ?? '');
  const delimiterChar = (first?.[2] ?? '').slice(-1);
  const items: MdBlock[][] = [];
  let i = start;
  while (i < lines.length) {
    const match = LIST_ITEM.exec(lines[i] ?? '');
    if (match === null) break;
    const [, indent = '', marker = ''] = match;
    if (/^\d/.test(marker) !== ordered || marker.slice(-1) !== delimiterChar) break;
    const width = contentIndent(indent, marker, lines[i] ?? '');
    const body = [(lines[i] ?? '').slice(width)];
    i++;
    while (i < lines.length) {
      const line = lines[i] ?? '';
      const indented = line.length - line.trimStart().length >= width;
      if (isBlank(line)) {
        // A blank line continues the item only when more of its indented content follows.
        const after = lines.slice(i + 1).find((l) => !isBlank(l));
        if (after === undefined || after.length - after.trimStart().length < width) break;
        body.push('');
      } else if (indented) body.push(line.slice(width));
      else if (
        !isBlank(body[body.length - 1] ?? '') &&
        !interruptsParagraph(line) &&
        !LIST_ITEM.test(line)
      ) {
        // A lazy continuation line of the item's paragraph (a marker there starts a sibling).
        body.push(line.trimStart());
      } else break;
      i++;
    }
    items.push(parseBlocks(body, depth + 1));
    while (i < lines.length && isBlank(lines[i] ?? '')) {
      const after = lines.slice(i + 1).find((l) => !isBlank(l));
      if (after === undefined || !LIST_ITEM.test(after)) break;
      i++;
    }
  }
  const startNumber = ordered ? Number.parseInt(first?.[2] ?? '1', 10) : 1;
  return { block: { kind: 'list', ordered, start: startNumber, items }, next: i };
}

function parseTable(lines: string[], start: number): { block: MdBlock; next: number } | undefined {
  const headerLine = lines[start] ?? '';
  const delimiterLine = lines[start + 1] ?? '';
  if (!headerLine.includes('|') || !TABLE_DELIMITER.test(delimiterLine)) return undefined;
  const header = splitRow(headerLine);
  const align = splitRow(delimiterLine).map(alignment);
  // GFM: the delimiter row must have exactly as many cells as the header.
  if (header.length !== align.length) return undefined;
  const rows: MdInline[][][] = [];
  let i = start + 2;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (isBlank(line) || interruptsParagraph(line)) break;
    const cells = splitRow(line);
    rows.push(header.map((_, column) => parseInline(cells[column] ?? '')));
    i++;
  }
  return {
    block: { kind: 'table', align, header: header.map((cell) => parseInline(cell)), rows },
    next: i,
  };
}

/** Parses lines into blocks; `depth` counts the lists and quotes around them. */
function parseBlocks(lines: string[], depth: number): MdBlock[] {
  if (depth > MAX_DEPTH) return [{ kind: 'paragraph', children: parseInline(lines.join('\n')) }];
  const blocks: MdBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence !== null) {
      const [, indent = '', marks = '', language = ''] = fence;
      const body: string[] = [];
      i++;
      while (i < lines.length) {
        const current = lines[i] ?? '';
        const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(current);
        if (
          close !== null &&
          close[1]?.[0] === marks[0] &&
          (close[1]?.length ?? 0) >= marks.length
        ) {
          i++;
          break;
        }
        // Content loses up to the fence's own indentation.
        body.push(current.replace(new RegExp(`^ {0,${indent.length}}`), ''));
        i++;
      }
      blocks.push({ kind: 'code', language, text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading !== null) {
      const level = (heading[1]?.length ?? 1) as 1 | 2 | 3 | 4 | 5 | 6;
      blocks.push({ kind: 'heading', level, children: parseInline(heading[2] ?? '') });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i] ?? '')) {
        body.push(QUOTE.exec(lines[i] ?? '')?.[1] ?? '');
        i++;
      }
      blocks.push({ kind: 'quote', children: parseBlocks(body, depth + 1) });
      continue;
    }
    if (LIST_ITEM.test(line)) {
      const list = parseList(lines, i, depth);
      blocks.push(list.block);
      i = list.next;
      continue;
    }
    const table = parseTable(lines, i);
    if (table !== undefined) {
      blocks.push(table.block);
      i = table.next;
      continue;
    }
    const paragraph = [line.trimStart()];
    i++;
    let setext: 1 | 2 | undefined;
    while (i < lines.length) {
      const current = lines[i] ?? '';
      if (isBlank(current)) break;
      const underline = SETEXT.exec(current);
      if (underline !== null) {
        setext = underline[1]?.startsWith('=') ? 1 : 2;
        i++;
        break;
      }
      if (interruptsParagraph(current)) break;
      paragraph.push(current.trimStart());
      i++;
    }
    const text = paragraph.join('\n').trimEnd();
    blocks.push(
      setext === undefined
        ? { kind: 'paragraph', children: parseInline(text) }
        : { kind: 'heading', level: setext, children: parseInline(text) },
    );
  }
  return blocks;
}

/** Parses a Markdown document into blocks; tabs count as four spaces, CRLF as LF. */
export function parseMarkdown(source: string): MdBlock[] {
  const lines = source.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
  return parseBlocks(lines, 0);
}
