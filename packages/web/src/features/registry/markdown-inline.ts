/**
 * Inline Markdown (CommonMark's core plus GFM strikethrough) parsed into a tree of plain
 * nodes: text, emphasis, strong, strikethrough, code spans, links and hard breaks. Raw HTML
 * is not a node kind at all: `<b>` stays the text "<b>", so a card can never put markup in
 * the page. Entities are decoded to the characters they name, which React then escapes.
 */

export type MdInline =
  | { kind: 'text'; text: string }
  | { kind: 'em' | 'strong' | 'del'; children: MdInline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; children: MdInline[] }
  | { kind: 'break' };

const SAFE_PROTOCOLS = new Set(['http:', 'https:']);
// The base only resolves relative references so their protocol can be read; it never leaks.
const RELATIVE_BASE = 'https://relative.invalid/';

/**
 * The link target to use, or undefined when it is not http(s) or relative. Resolved the way
 * a browser does (which drops tabs and newlines), so `java\tscript:` cannot slip through.
 */
export function safeHref(raw: string): string | undefined {
  const href = raw.trim();
  // Control characters are never legitimate in a link and browsers strip some of them.
  if (href === '' || /[\u0000-\u001f\u007f]/.test(href)) return undefined;
  let resolved: URL;
  try {
    resolved = new URL(href, RELATIVE_BASE);
  } catch {
    return undefined;
  }
  return SAFE_PROTOCOLS.has(resolved.protocol) ? href : undefined;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  middot: '·',
  times: '×',
  le: '≤',
  ge: '≥',
  plusmn: '±',
  deg: '°',
  rarr: '→',
  larr: '←',
};

const ENTITY = /^&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/;

/** The entity at the start of `text` and its length, or undefined when it is not one. */
function entityAt(text: string): { value: string; length: number } | undefined {
  const match = ENTITY.exec(text);
  if (match === null) return undefined;
  const [whole, decimal, hex, name] = match;
  if (name !== undefined) {
    const value = NAMED_ENTITIES[name];
    return value === undefined ? undefined : { value, length: whole.length };
  }
  const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex ?? '', 16);
  // CommonMark replaces NUL, surrogates and out-of-range code points with U+FFFD.
  const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
  return { value: valid ? String.fromCodePoint(code) : '\ufffd', length: whole.length };
}

/** Decodes backslash escapes and entities: for link destinations and code-free text. */
export function decodeText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    const next = text[i + 1] ?? '';
    if (ch === '\\' && isPunctuation(next)) {
      out += next;
      i++;
    } else if (ch === '&') {
      const entity = entityAt(text.slice(i));
      if (entity === undefined) out += ch;
      else {
        out += entity.value;
        i += entity.length - 1;
      }
    } else out += ch;
  }
  return out;
}

function isPunctuation(ch: string): boolean {
  return ch !== '' && /[!-/:-@[-`{-~]/.test(ch);
}

function isUnicodePunctuation(ch: string): boolean {
  return ch !== '' && /[\p{P}\p{S}]/u.test(ch);
}

function isWhitespace(ch: string): boolean {
  // The start and end of the text count as whitespace for flanking.
  return ch === '' || /\s/.test(ch);
}

interface Delimiter {
  kind: 'delim';
  char: '*' | '_' | '~';
  count: number;
  original: number;
  canOpen: boolean;
  canClose: boolean;
}

type Item = MdInline | Delimiter;

/** A run of `*`, `_` or `~` with CommonMark's left/right-flanking rules applied. */
function delimiter(
  char: Delimiter['char'],
  count: number,
  before: string,
  after: string,
): Delimiter {
  const left =
    !isWhitespace(after) &&
    (!isUnicodePunctuation(after) || isWhitespace(before) || isUnicodePunctuation(before));
  const right =
    !isWhitespace(before) &&
    (!isUnicodePunctuation(before) || isWhitespace(after) || isUnicodePunctuation(after));
  // `_` inside a word (snake_case) neither opens nor closes.
  const canOpen = char === '_' ? left && (!right || isUnicodePunctuation(before)) : left;
  const canClose = char === '_' ? right && (!left || isUnicodePunctuation(after)) : right;
  return { kind: 'delim', char, count, original: count, canOpen, canClose };
}

/** The index of the `]` closing the `[` at `open`, skipping escapes, code and nesting. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '`') {
      const run = /^`+/.exec(text.slice(i))?.[0] ?? '`';
      const end = text.indexOf(run, i + run.length);
      if (end !== -1) i = end + run.length - 1;
    } else if (ch === '[') depth++;
    else if (ch === ']' && --depth === 0) return i;
  }
  return -1;
}

const DESTINATION =
  /^\(\s*(?:<([^<>\n]*)>|((?:\\.|[^\s()\\]|\((?:\\.|[^\s()\\])*\))*))(?:\s+("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'))?\s*\)/;

/** `(url "title")` after a link's text: the destination and the length consumed. */
function linkTail(text: string): { href: string; length: number } | undefined {
  const match = DESTINATION.exec(text);
  if (match === null) return undefined;
  return { href: decodeText(match[1] ?? match[2] ?? ''), length: match[0].length };
}

const AUTOLINK = /^<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>/;

function pushText(items: Item[], text: string): void {
  const last = items[items.length - 1];
  if (last?.kind === 'text') items[items.length - 1] = { kind: 'text', text: last.text + text };
  else items.push({ kind: 'text', text });
}

/** A link node, or its text alone when the target is unsafe (the words stay readable). */
function linkOrText(href: string, children: MdInline[]): MdInline[] {
  const safe = safeHref(href);
  return safe === undefined ? children : [{ kind: 'link', href: safe, children }];
}

/** Splits `text` into nodes and delimiter runs, left to right. */
function scan(text: string, inLink: boolean): Item[] {
  const items: Item[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    const rest = text.slice(i);
    if (ch === '\\') {
      const next = text[i + 1] ?? '';
      if (next === '\n') {
        items.push({ kind: 'break' });
        i += 2;
      } else if (isPunctuation(next)) {
        pushText(items, next);
        i += 2;
      } else {
        pushText(items, ch);
        i++;
      }
    } else if (ch === '&') {
      const entity = entityAt(rest);
      pushText(items, entity?.value ?? ch);
      i += entity?.length ?? 1;
    } else if (ch === '`') {
      const run = /^`+/.exec(rest)?.[0] ?? '`';
      const end = findCodeEnd(text, i + run.length, run.length);
      if (end === -1) {
        pushText(items, run);
        i += run.length;
      } else {
        let code = text.slice(i + run.length, end).replace(/\n/g, ' ');
        if (/^ .*[^ ].* $/s.test(code)) code = code.slice(1, -1);
        items.push({ kind: 'code', text: code });
        i = end + run.length;
      }
    } else if (ch === '*' || ch === '_' || ch === '~') {
      const run = new RegExp(`^\\${ch}+`).exec(rest)?.[0] ?? ch;
      items.push(delimiter(ch, run.length, text[i - 1] ?? '', text[i + run.length] ?? ''));
      i += run.length;
    } else if (!inLink && (ch === '[' || (ch === '!' && text[i + 1] === '['))) {
      // An image becomes a link to it: a card never makes the browser fetch on its own.
      const open = ch === '!' ? i + 1 : i;
      const close = closingBracket(text, open);
      const tail = close === -1 ? undefined : linkTail(text.slice(close + 1));
      if (tail === undefined) {
        pushText(items, text.slice(i, open + 1));
        i = open + 1;
      } else {
        const label = parseInline(text.slice(open + 1, close), true);
        for (const node of linkOrText(tail.href, label)) items.push(node);
        i = close + 1 + tail.length;
      }
    } else if (!inLink && ch === '<' && AUTOLINK.test(rest)) {
      const match = AUTOLINK.exec(rest);
      const whole = match?.[0] ?? ch;
      const url = match?.[1] ?? '';
      const href = safeHref(url);
      if (href === undefined) pushText(items, whole);
      else items.push({ kind: 'link', href, children: [{ kind: 'text', text: url }] });
      i += whole.length;
    } else if (ch === '\n') {
      // Two trailing spaces make a hard break; otherwise the newline is a soft one.
      const last = items[items.length - 1];
      if (last?.kind === 'text' && / {2,}$/.test(last.text)) {
        items[items.length - 1] = { kind: 'text', text: last.text.replace(/ +$/, '') };
        items.push({ kind: 'break' });
      } else pushText(items, '\n');
      i++;
    } else {
      const plain = /^[^\\&`*_~[!<\n]+/.exec(rest)?.[0] ?? ch;
      pushText(items, plain);
      i += plain.length;
    }
  }
  return items;
}

function findCodeEnd(text: string, from: number, length: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] !== '`') continue;
    let j = i;
    while (text[j] === '`') j++;
    if (j - i === length) return i;
    i = j - 1;
  }
  return -1;
}

/** Turns leftover delimiters into text and merges neighbouring texts. */
function flatten(items: Item[]): MdInline[] {
  const out: Item[] = [];
  for (const item of items) {
    if (item.kind === 'delim') {
      if (item.count > 0) pushText(out, item.char.repeat(item.count));
    } else if (item.kind === 'text') pushText(out, item.text);
    else out.push(item);
  }
  return out as MdInline[];
}

/** CommonMark's "process emphasis": pairs closers with the nearest fitting opener. */
function resolveEmphasis(items: Item[]): MdInline[] {
  let c = 0;
  while (c < items.length) {
    const closer = items[c];
    if (closer?.kind !== 'delim' || !closer.canClose || closer.count === 0) {
      c++;
      continue;
    }
    let o = c - 1;
    for (; o >= 0; o--) {
      const opener = items[o];
      if (opener?.kind !== 'delim' || opener.char !== closer.char || !opener.canOpen) continue;
      if (opener.count === 0) continue;
      if (closer.char === '~' && opener.count !== closer.count) continue;
      const oddMatch =
        (opener.canClose || closer.canOpen) &&
        (opener.original + closer.original) % 3 === 0 &&
        !(opener.original % 3 === 0 && closer.original % 3 === 0);
      if (!oddMatch || closer.char === '~') break;
    }
    const opener = o >= 0 ? items[o] : undefined;
    if (opener?.kind !== 'delim') {
      c++;
      continue;
    }
    const used = closer.char === '~' ? closer.count : Math.min(2, opener.count, closer.count);
    const kind = closer.char === '~' ? 'del' : used === 2 ? 'strong' : 'em';
    const node: MdInline = { kind, children: flatten(items.slice(o + 1, c)) };
    opener.count -= used;
    closer.count -= used;
    items.splice(o + 1, c - o - 1, node);
    c = o + 2;
  }
  return flatten(items);
}

const BARE_URL = /(^|[\s(])(https?:\/\/[^\s<]+)/g;

/** A bare URL's end as GFM sees it: no trailing punctuation, no unbalanced `)`. */
function trimUrl(url: string): string {
  let trimmed = url.replace(/[?!.,:*_~'"]+$/, '');
  const count = (ch: string) => trimmed.split(ch).length - 1;
  while (trimmed.endsWith(')') && count(')') > count('(')) {
    trimmed = trimmed.slice(0, -1).replace(/[?!.,:*_~'"]+$/, '');
  }
  return trimmed;
}

/**
 * Links the bare http(s) URLs in text nodes (GFM's extended autolinks). Done on decoded text,
 * so a URL whose `_` was escaped by the card export still links as one URL.
 */
function linkBareUrls(nodes: MdInline[]): MdInline[] {
  const out: MdInline[] = [];
  for (const node of nodes) {
    if (node.kind === 'em' || node.kind === 'strong' || node.kind === 'del') {
      out.push({ kind: node.kind, children: linkBareUrls(node.children) });
      continue;
    }
    if (node.kind !== 'text') {
      out.push(node);
      continue;
    }
    let last = 0;
    for (const match of node.text.matchAll(BARE_URL)) {
      const start = match.index + (match[1]?.length ?? 0);
      const url = trimUrl(match[2] ?? '');
      const href = safeHref(url);
      if (href === undefined || url === '') continue;
      if (start > last) out.push({ kind: 'text', text: node.text.slice(last, start) });
      out.push({ kind: 'link', href, children: [{ kind: 'text', text: url }] });
      last = start + url.length;
    }
    if (last < node.text.length) out.push({ kind: 'text', text: node.text.slice(last) });
  }
  return out;
}

/** Parses one block's inline content (a paragraph, a heading, a table cell). */
export function parseInline(text: string, inLink = false): MdInline[] {
  const nodes = resolveEmphasis(scan(text, inLink));
  return inLink ? nodes : linkBareUrls(nodes);
}
