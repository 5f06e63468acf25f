import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CairnError } from '../kernel/index.ts';
import { artifactPathFromUri, normalizeArtifactPath } from './artifact-path.ts';

function assertUnsafe(raw: string, reason?: RegExp, directory = false) {
  assert.throws(
    () => normalizeArtifactPath(raw, { directory }),
    (error: unknown) => {
      assert.ok(error instanceof CairnError, `expected a CairnError for ${JSON.stringify(raw)}`);
      assert.equal(error.category, 'INVALID_ARGUMENT');
      assert.equal(error.code, 'artifacts.unsafe_path');
      if (reason !== undefined) assert.match(error.message, reason);
      return true;
    },
    `expected ${JSON.stringify(String(raw).slice(0, 80))} to be rejected`,
  );
}

describe('normalizeArtifactPath rejects the bad-input corpus', () => {
  const traversal: string[] = [
    '../x',
    '../../x',
    './../x',
    'a/../../x',
    'path/../to/file',
    'path/../../to/file',
    '..',
    'a/..',
    '..%2fx',
    '%2e%2e%2fx',
    '%2E%2E%2Fpath',
    '%2e%2e/x',
    '%252e%252e%252fx',
    '%25252e%25252e%25252fx',
    'a/%2e%2e/b',
  ];
  for (const raw of traversal) {
    it(`traversal ${raw}`, () => assertUnsafe(raw, /"\.\.?" segment/));
  }

  for (const raw of ['/abs', '/', '//host/share/x', '%2fetc%2fpasswd', '%252fetc']) {
    it(`absolute ${raw}`, () => assertUnsafe(raw, /absolute/));
  }

  for (const raw of ['C:/', 'C:', 'c:/Windows/x', 'C:foo', 'C%3a/x']) {
    it(`drive letter ${raw}`, () => assertUnsafe(raw, /drive/));
  }

  for (const raw of ['C:\\', '\\..\\..\\x', '..%5c', '..%5cx', 'a\\b', '%255c']) {
    it(`backslash ${raw}`, () => assertUnsafe(raw, /backslash/));
  }

  it('semicolon path parameters (..;/)', () => assertUnsafe('..;/x', /";"/));
  it('query smuggling', () => assertUnsafe('a/b?x=../../etc', /"\?"/));
  it('encoded query smuggling', () => assertUnsafe('a%3f/../../etc', /"\?"/));
  it('fragment smuggling', () => assertUnsafe('a/#/../../etc', /"#"/));

  for (const raw of ['%00', 'a%00.txt', 'a\u0000b', 'a\nb', 'a\rb', 'a\u007fb', 'a\u0085b']) {
    it(`control character ${JSON.stringify(raw)}`, () => assertUnsafe(raw, /control/));
  }

  for (const raw of ['100%', 'a%zzb', '%C0%AE%C0%AE/x', '%e2%80', '%25%25zz']) {
    it(`percent left after decoding ${raw}`, () => assertUnsafe(raw, /"%"/));
  }

  it('runaway encoding depth', () => {
    let raw = '../x';
    for (let i = 0; i < 12; i += 1) raw = encodeURIComponent(raw);
    assertUnsafe(raw, /"%"/);
  });

  for (const raw of ['．．／x', '．．/x', 'a/．．', '..／x', 'a＼b', '‥/x', 'a/﹒﹒/b', '％2e']) {
    it(`unicode look-alike ${raw}`, () => assertUnsafe(raw, /look-alike/));
  }

  for (const raw of ['a\u202Etxt.exe', 'a\u2066b']) {
    it(`bidi control ${JSON.stringify(raw)}`, () => assertUnsafe(raw, /bidirectional/));
  }

  it('lone surrogates', () => assertUnsafe('a\uD800b', /well-formed/));

  for (const raw of ['a//b', 'a/', '', 'a/b/']) {
    it(`empty segment ${JSON.stringify(raw)}`, () => assertUnsafe(raw, /empty/));
  }

  for (const raw of ['./x', 'a/./b', 'a/.']) {
    it(`dot segment ${raw}`, () => assertUnsafe(raw, /"\." segment/));
  }

  for (const raw of ['...', 'a/. ./b', 'a/.. /b', 'a/ /b', 'a/..%20/b']) {
    it(`dots-and-spaces segment ${JSON.stringify(raw)}`, () =>
      assertUnsafe(raw, /dots and spaces/));
  }

  it('paths of 4 KiB and more', () => {
    assertUnsafe(`${'a/'.repeat(2048)}b`, /longer than 4096/);
    assertUnsafe('a'.repeat(100_000), /longer than 4096/);
    // Encoding must not hide the length: 4097 characters once decoded.
    assertUnsafe('%61'.repeat(4097), /longer than 4096/);
  });

  it('segments over 255 bytes', () => {
    assertUnsafe(`d/${'x'.repeat(256)}`, /255 bytes/);
    assertUnsafe('é'.repeat(128), /255 bytes/);
  });

  it('non-strings', () => {
    assertUnsafe(42 as unknown as string, /string/);
  });

  it('the root is not a file', () => {
    assertUnsafe('', /empty/);
    assertUnsafe('/', /absolute/, true);
  });
});

describe('normalizeArtifactPath accepts ordinary paths', () => {
  const good: Array<[string, string]> = [
    ['model.pkl', 'model.pkl'],
    ['model/MLmodel', 'model/MLmodel'],
    [
      '1/0123456789abcdef0123456789abcdef/artifacts/model/data/model.pkl',
      '1/0123456789abcdef0123456789abcdef/artifacts/model/data/model.pkl',
    ],
    ['my file with spaces.txt', 'my file with spaces.txt'],
    ['a..b', 'a..b'],
    ['a/b..c/..d/e..', 'a/b..c/..d/e..'],
    ['.hidden', '.hidden'],
    ['.config/settings.yaml', '.config/settings.yaml'],
    ['données/résumé.csv', 'données/résumé.csv'],
    ['数据/模型.onnx', '数据/模型.onnx'],
    ['emoji/🚀.png', 'emoji/🚀.png'],
    ['ts/2024-01-01T10:00:00.json', 'ts/2024-01-01T10:00:00.json'],
    ['my%20file.txt', 'my file.txt'],
    ['a%252Fb', 'a/b'],
    ['x'.repeat(255), 'x'.repeat(255)],
  ];
  for (const [raw, expected] of good) {
    it(`${raw.slice(0, 40)} → ${expected.slice(0, 40)}`, () => {
      assert.equal(normalizeArtifactPath(raw), expected);
    });
  }

  it('folds canonically equal names to one (NFC)', () => {
    const decomposed = 'cafe\u0301.txt';
    assert.equal(normalizeArtifactPath(decomposed), 'caf\u00e9.txt');
  });

  it('accepts a path of exactly 4096 characters', () => {
    const path = `${'abcdefg/'.repeat(511)}${'z'.repeat(8)}`;
    assert.equal(path.length, 4096);
    assert.equal(normalizeArtifactPath(path), path);
  });

  it('lets directories be the root and end with one slash', () => {
    assert.equal(normalizeArtifactPath('', { directory: true }), '');
    assert.equal(normalizeArtifactPath('a/b/', { directory: true }), 'a/b');
    assert.equal(normalizeArtifactPath('a/b', { directory: true }), 'a/b');
    assertUnsafe('a/b//', /empty/, true);
    assertUnsafe('../', /"\.\." segment/, true);
  });
});

describe('artifactPathFromUri', () => {
  const cases: Array<[string, string]> = [
    ['mlflow-artifacts:/a/b', 'a/b'],
    ['mlflow-artifacts://localhost:7420/a/b', 'a/b'],
    ['mlflow-artifacts://cairn.example.com/0/abc/artifacts', '0/abc/artifacts'],
    ['mlflow-artifacts://[::1]:5000/x', 'x'],
    ['mlflow-artifacts:///a/b', 'a/b'],
    ['MLFLOW-ARTIFACTS:/a', 'a'],
    ['mlflow-artifacts:/0/abc/artifacts/', '0/abc/artifacts'],
    ['mlflow-artifacts:/', ''],
    ['mlflow-artifacts://host:1234', ''],
    ['mlflow-artifacts:/a%20b', 'a b'],
  ];
  for (const [uri, expected] of cases) {
    it(`${uri} → ${JSON.stringify(expected)}`, () =>
      assert.equal(artifactPathFromUri(uri), expected));
  }

  const unsupported = [
    'file:///etc/',
    'file:passwd',
    's3://bucket/../',
    'http:///?/../../etc/',
    'http:///#/../../etc/',
    'http://h/p;/../../etc',
    'dbfs:/x?../',
    '//proc/self/root',
    'runs:/abc/model',
    'a/b',
    '',
    'mlflow-artifacts:a/b',
    'mlflow-artifacts://user@host/a',
    'mlflow-artifacts://h?x/a',
    'mlflow-artifacts://h;x/a',
    'mlflow-artifacts://h%2f..%2f/a',
  ];
  for (const uri of unsupported) {
    it(`rejects ${uri || '(empty)'} as unsupported`, () => {
      assert.throws(
        () => artifactPathFromUri(uri),
        (error: unknown) =>
          error instanceof CairnError &&
          error.category === 'INVALID_ARGUMENT' &&
          error.code === 'artifacts.unsupported_uri',
      );
    });
  }

  const unsafe = [
    'mlflow-artifacts:/../',
    'mlflow-artifacts:/a/../../etc',
    'mlflow-artifacts://host/%2e%2e/etc',
    'mlflow-artifacts:////etc/passwd',
    'mlflow-artifacts:/a?x=1',
    'mlflow-artifacts:/a#frag',
    'mlflow-artifacts:/a;p=1',
    'mlflow-artifacts:/C:/x',
    'mlflow-artifacts:/a%00',
  ];
  for (const uri of unsafe) {
    it(`rejects the path of ${uri}`, () => {
      assert.throws(
        () => artifactPathFromUri(uri),
        (error: unknown) => error instanceof CairnError && error.code === 'artifacts.unsafe_path',
      );
    });
  }
});
