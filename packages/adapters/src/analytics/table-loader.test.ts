import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CairnError } from '@cairn/core';
import type { TableFormat } from '@cairn/core';
import { profileTableFile } from './duckdb-table-analyzer.ts';
import { PEOPLE } from './fixture-table.ts';
import { writeFixture } from './test-tables.ts';

async function refused(file: string, format: TableFormat, displayPath: string): Promise<string> {
  try {
    await profileTableFile(file, format, displayPath);
  } catch (error) {
    assert.ok(error instanceof CairnError, String(error));
    assert.equal(error.category, 'INVALID_ARGUMENT');
    assert.equal(error.code, 'data.table_unreadable');
    assert.ok(error.message.includes(displayPath), error.message);
    // The blob's own location stays internal; people know the file by its display path.
    assert.ok(!error.message.includes(file), error.message);
    assert.ok(!error.message.includes('\n'), error.message);
    return error.message;
  }
  assert.fail(`${displayPath} was read as ${format}`);
}

describe('reading malformed tables', () => {
  let dir: string;
  let n = 0;
  const write = async (content: string | Uint8Array) => {
    n += 1;
    const file = join(dir, `blob-${n}`);
    await writeFile(file, content);
    return file;
  };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-malformed-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('refuses ragged CSV rows, short or long, instead of padding them', async () => {
    await refused(await write('a,b,c\n1,x,2.5\n2,y\n3,z,4\n'), 'csv', 'short.csv');
    await refused(await write('a,b,c\n1,x,2.5\n2,y,3,4\n3,z,4\n'), 'csv', 'long.csv');
    // Past DuckDB's 20480-row sniffing sample too.
    const rows = Array.from({ length: 30_000 }, (_, i) =>
      i === 25_000 ? `${i},x` : `${i},x,${i}`,
    );
    const message = await refused(await write(`a,b,c\n${rows.join('\n')}\n`), 'csv', 'late.csv');
    assert.match(message, /Line: 25002/);
  });

  it('refuses broken CSV quoting, random bytes and empty files', async () => {
    await refused(await write('a,b\n1,"unterminated\n2,y\n'), 'csv', 'quote.csv');
    await refused(await write('a,b\n1,"x"y\n2,y\n'), 'csv', 'stray.csv');
    await refused(await write(randomBytes(4096)), 'csv', 'random.csv');
    assert.match(await refused(await write(''), 'csv', 'empty.csv'), /empty/);
    assert.match(await refused(join(dir, 'absent'), 'csv', 'absent.csv'), /absent\.csv/);
  });

  it('reads what DuckDB would otherwise drop or mistype: # lines and late values', async () => {
    const commented = await write('a,b\n1,2\n#x,3\n4,5\n');
    assert.equal((await profileTableFile(commented, 'csv', 'c.csv')).rowCount, 3);
    const rows = Array.from({ length: 30_000 }, (_, i) =>
      i === 25_000 ? `${i},text` : `${i},${i}`,
    );
    const late = await profileTableFile(await write(`a,b\n${rows.join('\n')}\n`), 'csv', 'l.csv');
    assert.deepEqual(
      late.columns.map((column) => column.type),
      ['integer', 'string'],
    );
    const json = Array.from({ length: 30_000 }, (_, i) =>
      i === 25_000 ? '{"a":1.5}' : `{"a":${i}}`,
    );
    const lateJson = await profileTableFile(await write(json.join('\n')), 'jsonl', 'l.jsonl');
    assert.equal(lateJson.columns[0]?.type, 'float');
  });

  it('refuses truncated or random Parquet', async () => {
    const good = await readFile(await writeFixture(dir, 'good-parquet', 'parquet', PEOPLE));
    await refused(await write(good.subarray(0, good.length - 100)), 'parquet', 'cut.parquet');
    await refused(await write(good.subarray(0, 200)), 'parquet', 'head.parquet');
    await refused(await write(randomBytes(2048)), 'parquet', 'random.parquet');
    await refused(await write('a,b\n1,2\n'), 'parquet', 'csv.parquet');
  });

  it('refuses malformed JSON Lines and lines that are not objects', async () => {
    await refused(await write('{"a":1}\n{"a":2\n'), 'jsonl', 'cut.jsonl');
    await refused(await write('{"a":1}\nnot json\n'), 'jsonl', 'text.jsonl');
    await refused(await write('[1,2]\n[3,4]\n'), 'jsonl', 'arrays.jsonl');
    await refused(await write('1\n2\n'), 'jsonl', 'scalars.jsonl');
    await refused(await write(randomBytes(2048)), 'jsonl', 'random.jsonl');
  });

  it('refuses truncated or random Arrow IPC', async () => {
    const good = await readFile(await writeFixture(dir, 'good-arrow', 'arrow', PEOPLE));
    assert.equal((await profileTableFile(await write(good), 'arrow', 'ok.arrow')).rowCount, 10);
    await refused(await write(good.subarray(0, good.length - 40)), 'arrow', 'cut.arrow');
    await refused(await write(good.subarray(0, 64)), 'arrow', 'head.arrow');
    await refused(await write(randomBytes(2048)), 'arrow', 'random.arrow');
    await refused(await write('a,b\n1,2\n'), 'arrow', 'csv.arrow');
  });
});
