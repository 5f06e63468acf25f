import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMarkdown } from './markdown-blocks.ts';
import { parseInline, safeHref } from './markdown-inline.ts';

const text = (value: string) => ({ kind: 'text', text: value });

describe('parseInline', () => {
  it('parses emphasis, strong, strikethrough and code spans', () => {
    assert.deepEqual(parseInline('a *b* __c__ ~~d~~ `e*f*`'), [
      text('a '),
      { kind: 'em', children: [text('b')] },
      text(' '),
      { kind: 'strong', children: [text('c')] },
      text(' '),
      { kind: 'del', children: [text('d')] },
      text(' '),
      { kind: 'code', text: 'e*f*' },
    ]);
    assert.deepEqual(parseInline('***both***'), [
      { kind: 'em', children: [{ kind: 'strong', children: [text('both')] }] },
    ]);
  });

  it('leaves intraword underscores and unmatched delimiters as text', () => {
    assert.deepEqual(parseInline('snake_case_name and 2 * 3'), [text('snake_case_name and 2 * 3')]);
    assert.deepEqual(parseInline('**open'), [text('**open')]);
  });

  it('decodes backslash escapes and entities, and keeps raw HTML as text', () => {
    assert.deepEqual(
      parseInline('\\*not em\\* &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#65;'),
      [text('*not em* <script>alert(1)</script> & A')],
    );
    assert.deepEqual(parseInline('<b onclick="x()">bold</b>'), [text('<b onclick="x()">bold</b>')]);
  });

  it('makes links only to http(s) and relative targets', () => {
    assert.deepEqual(parseInline('[docs](https://example.com/a_b "Title") and [up](../x)'), [
      { kind: 'link', href: 'https://example.com/a_b', children: [text('docs')] },
      text(' and '),
      { kind: 'link', href: '../x', children: [text('up')] },
    ]);
    // The words stay, the dangerous target goes.
    assert.deepEqual(parseInline('[click](javascript:alert(1))'), [text('click')]);
    assert.deepEqual(parseInline('[x](data:text/html,hi) <vbscript:msgbox>'), [
      text('x <vbscript:msgbox>'),
    ]);
    assert.deepEqual(parseInline('<https://example.com>'), [
      { kind: 'link', href: 'https://example.com', children: [text('https://example.com')] },
    ]);
  });

  it('reads destinations with balanced parentheses and nested brackets in the text', () => {
    assert.deepEqual(parseInline('[a [b] c](https://x.org/p_(q) "t") [no link]'), [
      { kind: 'link', href: 'https://x.org/p_(q)', children: [text('a [b] c')] },
      text(' [no link]'),
    ]);
    // Invalid code points become U+FFFD; an unknown name stays as written.
    assert.deepEqual(parseInline('&#0; &#xD800; &bogus;'), [text('\ufffd \ufffd &bogus;')]);
  });

  it('links bare URLs, also when the card export escaped their underscores', () => {
    assert.deepEqual(parseInline('(see https://example.com/a).'), [
      text('(see '),
      { kind: 'link', href: 'https://example.com/a', children: [text('https://example.com/a')] },
      text(').'),
    ]);
    assert.deepEqual(parseInline('See https://example.com/eval\\_report.html.'), [
      text('See '),
      {
        kind: 'link',
        href: 'https://example.com/eval_report.html',
        children: [text('https://example.com/eval_report.html')],
      },
      text('.'),
    ]);
  });

  it('turns two trailing spaces or a backslash before a newline into a hard break', () => {
    assert.deepEqual(parseInline('a  \nb\\\nc\nd'), [
      text('a'),
      { kind: 'break' },
      text('b'),
      { kind: 'break' },
      text('c\nd'),
    ]);
  });
});

describe('safeHref', () => {
  it('accepts http, https and relative references and refuses every other scheme', () => {
    for (const ok of ['https://a.example/x', 'HTTP://a.example', '/models', 'page#x', '?q=1']) {
      assert.equal(safeHref(ok), ok);
    }
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:x',
      'java\tscript:x',
      'data:x',
      'file:///etc',
      '',
    ]) {
      assert.equal(safeHref(bad), undefined, bad);
    }
  });
});

describe('parseMarkdown', () => {
  it('parses the card export: headings, italic provenance, fields, lists and a table', () => {
    const blocks = parseMarkdown(
      [
        '# Model card: churn version 3',
        '',
        '_Revision 2 by alice_',
        '',
        '## Model details',
        '',
        '**Overview:** Predicts churn &lt;script&gt;alert(1)&lt;/script&gt;',
        '',
        '**Owners:**',
        '',
        '- alice (a@example.com)',
        '- bob',
        '',
        '| Metric | Value | Slice |',
        '| --- | ---: | :-: |',
        '| accuracy | 0.93 | \\| all |',
        '| f1 | 0.9 |',
      ].join('\n'),
    );
    assert.deepEqual(
      blocks.map((b) => b.kind),
      ['heading', 'paragraph', 'heading', 'paragraph', 'paragraph', 'list', 'table'],
    );
    assert.deepEqual(blocks[0], {
      kind: 'heading',
      level: 1,
      children: [text('Model card: churn version 3')],
    });
    assert.deepEqual(blocks[3], {
      kind: 'paragraph',
      children: [
        { kind: 'strong', children: [text('Overview:')] },
        text(' Predicts churn <script>alert(1)</script>'),
      ],
    });
    assert.deepEqual(blocks[5], {
      kind: 'list',
      ordered: false,
      start: 1,
      items: [
        [{ kind: 'paragraph', children: [text('alice (a@example.com)')] }],
        [{ kind: 'paragraph', children: [text('bob')] }],
      ],
    });
    assert.deepEqual(blocks[6], {
      kind: 'table',
      align: [null, 'right', 'center'],
      header: [[text('Metric')], [text('Value')], [text('Slice')]],
      rows: [
        [[text('accuracy')], [text('0.93')], [text('| all')]],
        [[text('f1')], [text('0.9')], []],
      ],
    });
  });

  it('parses fenced code verbatim, rules, quotes, setext headings and ordered nested lists', () => {
    const blocks = parseMarkdown(
      [
        '```python',
        'x = "<b>*not em*</b>"',
        '```',
        '***',
        '> quoted *text*',
        'Title',
        '=====',
        '3. three',
        '   - nested',
        '4. four',
      ].join('\n'),
    );
    assert.deepEqual(blocks, [
      { kind: 'code', language: 'python', text: 'x = "<b>*not em*</b>"' },
      { kind: 'rule' },
      {
        kind: 'quote',
        children: [
          {
            kind: 'paragraph',
            children: [text('quoted '), { kind: 'em', children: [text('text')] }],
          },
        ],
      },
      { kind: 'heading', level: 1, children: [text('Title')] },
      {
        kind: 'list',
        ordered: true,
        start: 3,
        items: [
          [
            { kind: 'paragraph', children: [text('three')] },
            {
              kind: 'list',
              ordered: false,
              start: 1,
              items: [[{ kind: 'paragraph', children: [text('nested')] }]],
            },
          ],
          [{ kind: 'paragraph', children: [text('four')] }],
        ],
      },
    ]);
  });

  it('does not treat HTML blocks as HTML', () => {
    assert.deepEqual(parseMarkdown('<script>alert(1)</script>\n<img src=x onerror=alert(1)>'), [
      {
        kind: 'paragraph',
        children: [text('<script>alert(1)</script>\n<img src=x onerror=alert(1)>')],
      },
    ]);
  });

  it('survives hostile nesting without recursing without bound', () => {
    const blocks = parseMarkdown('> '.repeat(5000) + 'deep');
    assert.equal(blocks[0]?.kind, 'quote');
  });
});
