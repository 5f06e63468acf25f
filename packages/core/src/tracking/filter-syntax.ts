/**
 * The syntax of MLflow's search grammar (`mlflow/utils/search_utils.py`, which uses sqlparse):
 * `<identifier> <comparator> <value>` clauses joined by AND, and order-by items
 * `<identifier> [ASC|DESC]`. This module only reads the text; which entities, keys,
 * comparators and value types are allowed is decided per search in `filter-parser.ts`.
 */
import { invalidArgument } from '../kernel/index.ts';

export interface IdentifierPart {
  /** The text with its quotes removed. */
  text: string;
  /** As written, quotes included. */
  raw: string;
  quoted: boolean;
}

/** `metrics.acc` → entity `metrics`, key `acc`; `run_id` → no entity. Split on the first dot only. */
export interface RawIdentifier {
  entity: string | undefined;
  key: string;
  /** The identifier as written, for messages. */
  text: string;
}

export type RawValue =
  | { kind: 'string'; value: string; text: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'list'; values: string[]; text: string }
  | { kind: 'bare'; text: string };

export interface RawComparison {
  identifier: RawIdentifier;
  /** Upper-cased keywords (`LIKE`, `NOT IN`) and operators as written (`>=`, `<>`). */
  comparator: string;
  value: RawValue;
}

export interface RawOrderBy {
  identifier: RawIdentifier;
  ascending: boolean;
}

interface Cursor {
  readonly input: string;
  readonly code: string;
  pos: number;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/;
const OPERATORS = ['!=', '<>', '>=', '<=', '==', '=', '>', '<'] as const;
const COMPARATOR_WORDS = new Set(['LIKE', 'ILIKE', 'IN', 'NOT', 'IS', 'AND', 'OR', 'ASC', 'DESC']);

function fail(cursor: Cursor, message: string): never {
  throw invalidArgument(cursor.code, message, { details: { position: cursor.pos } });
}

function peek(cursor: Cursor): string {
  return cursor.input[cursor.pos] ?? '';
}

function atEnd(cursor: Cursor): boolean {
  return cursor.pos >= cursor.input.length;
}

function skipWhitespace(cursor: Cursor): void {
  while (!atEnd(cursor) && /\s/.test(peek(cursor))) cursor.pos++;
}

function readWord(cursor: Cursor): string {
  const start = cursor.pos;
  while (!atEnd(cursor) && WORD_CHAR.test(peek(cursor))) cursor.pos++;
  return cursor.input.slice(start, cursor.pos);
}

/** Reads a quoted run; `''` (or `""`) and a backslash escape the quote, as in SQL and sqlparse. */
function readQuoted(cursor: Cursor, quote: string, what: string): { text: string; raw: string } {
  const start = cursor.pos;
  cursor.pos++;
  let text = '';
  for (;;) {
    if (atEnd(cursor))
      fail(cursor, `Invalid ${what}: unterminated quote starting at position ${start}.`);
    const ch = peek(cursor);
    if (ch === '\\' && quote !== '`' && cursor.pos + 1 < cursor.input.length) {
      text += cursor.input[cursor.pos + 1];
      cursor.pos += 2;
    } else if (ch === quote) {
      if (quote !== '`' && cursor.input[cursor.pos + 1] === quote) {
        text += quote;
        cursor.pos += 2;
      } else {
        cursor.pos++;
        return { text, raw: cursor.input.slice(start, cursor.pos) };
      }
    } else {
      text += ch;
      cursor.pos++;
    }
  }
}

function readIdentifierPart(cursor: Cursor, what: string): IdentifierPart | undefined {
  const ch = peek(cursor);
  if (ch === '`' || ch === '"') {
    const { text, raw } = readQuoted(cursor, ch, what);
    return { text, raw, quoted: true };
  }
  const word = readWord(cursor);
  return word === '' ? undefined : { text: word, raw: word, quoted: false };
}

function toIdentifier(parts: IdentifierPart[]): RawIdentifier {
  const text = parts.map((p) => p.raw).join('.');
  const [first, ...rest] = parts;
  if (first === undefined) return { entity: undefined, key: '', text };
  if (rest.length === 0) return { entity: undefined, key: first.text, text };
  const [only] = rest;
  const key =
    rest.length === 1 && only !== undefined ? only.text : rest.map((p) => p.raw).join('.');
  return { entity: first.text, key, text };
}

/**
 * `entity.key.with.dots`, `` metrics.`f1-score` ``, `params."lr x"`, `"run name"`. With
 * `allowSpacedName`, two bare words (`run name`, MLflow's alias) read as one identifier.
 */
function readIdentifier(cursor: Cursor, what: string, allowSpacedName: boolean): RawIdentifier {
  const parts: IdentifierPart[] = [];
  for (;;) {
    const part = readIdentifierPart(cursor, what);
    if (part === undefined) {
      const rest = cursor.input.slice(cursor.pos, cursor.pos + 40);
      fail(
        cursor,
        `Invalid ${what}: expected an identifier at position ${cursor.pos}, found '${rest}'.`,
      );
    }
    parts.push(part);
    if (peek(cursor) !== '.') break;
    cursor.pos++;
  }
  const last = parts.at(-1);
  if (allowSpacedName && last !== undefined && !last.quoted) {
    // sqlparse reads `run name` as one identifier with an alias, which MLflow then accepts
    // as the `run name` attribute alias.
    const save = cursor.pos;
    skipWhitespace(cursor);
    const word = readWord(cursor);
    if (word !== '' && !COMPARATOR_WORDS.has(word.toUpperCase()) && peek(cursor) !== '.') {
      const spaced = `${last.text} ${word}`;
      parts[parts.length - 1] = { text: spaced, raw: spaced, quoted: false };
    } else {
      cursor.pos = save;
    }
  }
  return toIdentifier(parts);
}

function readComparator(cursor: Cursor, what: string): string {
  for (const op of OPERATORS) {
    if (cursor.input.startsWith(op, cursor.pos)) {
      cursor.pos += op.length;
      return op;
    }
  }
  const start = cursor.pos;
  const word = readWord(cursor).toUpperCase();
  if (word === 'LIKE' || word === 'ILIKE' || word === 'IN') return word;
  if (word === 'NOT') {
    skipWhitespace(cursor);
    if (readWord(cursor).toUpperCase() === 'IN') return 'NOT IN';
  }
  cursor.pos = start;
  const found = cursor.input.slice(start, start + 20);
  return fail(
    cursor,
    `Invalid ${what}: expected a comparison operator at position ${start}, found '${found}'.`,
  );
}

function readList(cursor: Cursor, what: string): RawValue {
  const start = cursor.pos;
  cursor.pos++;
  const values: string[] = [];
  for (;;) {
    skipWhitespace(cursor);
    if (peek(cursor) === ')' && values.length === 0) {
      cursor.pos++;
      fail(
        cursor,
        'While parsing a list in the query, expected a non-empty list of string values, but got empty list',
      );
    }
    if (peek(cursor) !== "'") {
      fail(
        cursor,
        `While parsing a list in the query, expected string value, punctuation, or whitespace, but got different type in list: ${cursor.input.slice(start, cursor.pos + 20)}`,
      );
    }
    values.push(readQuoted(cursor, "'", what).text);
    skipWhitespace(cursor);
    const ch = peek(cursor);
    cursor.pos++;
    if (ch === ')') return { kind: 'list', values, text: cursor.input.slice(start, cursor.pos) };
    if (ch !== ',') {
      fail(
        cursor,
        'While parsing a list in the query, expected a non-empty list of string values, but got ill-formed list.',
      );
    }
  }
}

function readValue(cursor: Cursor, what: string): RawValue {
  const ch = peek(cursor);
  if (ch === "'" || ch === '"') {
    const { text, raw } = readQuoted(cursor, ch, what);
    return { kind: 'string', value: text, text: raw };
  }
  if (ch === '(') return readList(cursor, what);
  const number = NUMBER.exec(cursor.input.slice(cursor.pos));
  if (number !== null && !WORD_CHAR.test(cursor.input[cursor.pos + number[0].length] ?? '')) {
    cursor.pos += number[0].length;
    return { kind: 'number', value: Number(number[0]), text: number[0] };
  }
  const start = cursor.pos;
  while (!atEnd(cursor) && !/\s/.test(peek(cursor))) cursor.pos++;
  if (cursor.pos === start) fail(cursor, `Invalid ${what}: expected a value at position ${start}.`);
  return { kind: 'bare', text: cursor.input.slice(start, cursor.pos) };
}

/** Splits a filter into its AND-ed comparisons; OR, parentheses and trailing text are errors. */
export function parseComparisons(filter: string, code: string): RawComparison[] {
  const cursor: Cursor = { input: filter, code, pos: 0 };
  const comparisons: RawComparison[] = [];
  skipWhitespace(cursor);
  while (!atEnd(cursor)) {
    const identifier = readIdentifier(cursor, 'filter', true);
    skipWhitespace(cursor);
    const comparator = readComparator(cursor, 'filter');
    skipWhitespace(cursor);
    const value = readValue(cursor, 'filter');
    comparisons.push({ identifier, comparator, value });
    skipWhitespace(cursor);
    if (atEnd(cursor)) break;
    const before = cursor.pos;
    const word = readWord(cursor);
    if (word.toUpperCase() !== 'AND' || !(atEnd(cursor) || /\s/.test(peek(cursor)))) {
      cursor.pos = before;
      fail(
        cursor,
        `Invalid clause(s) in filter string: '${filter.slice(before)}'. Clauses must be comparisons joined by AND.`,
      );
    }
    skipWhitespace(cursor);
    if (atEnd(cursor)) fail(cursor, `Invalid filter '${filter}': it ends with AND.`);
  }
  return comparisons;
}

/** Reads one order-by item: `metrics.acc DESC`, `` tags.`a b` ``, `start_time asc`. */
export function parseOrderByItem(item: string, code: string): RawOrderBy {
  const cursor: Cursor = { input: item, code, pos: 0 };
  skipWhitespace(cursor);
  const identifier = readIdentifier(cursor, `order_by clause '${item}'`, false);
  skipWhitespace(cursor);
  let ascending = true;
  if (!atEnd(cursor)) {
    const direction = readWord(cursor).toUpperCase();
    if (direction !== 'ASC' && direction !== 'DESC') {
      fail(cursor, `Invalid ordering key in order_by clause '${item}'.`);
    }
    ascending = direction === 'ASC';
    skipWhitespace(cursor);
    if (!atEnd(cursor)) fail(cursor, `Invalid order_by clause '${item}'. Could not be parsed.`);
  }
  return { identifier, ascending };
}
