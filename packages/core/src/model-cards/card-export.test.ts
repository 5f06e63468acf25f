import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderModelCardHtml } from './card-html.ts';
import { renderModelCardMarkdown } from './card-markdown.ts';
import { validateModelCardContent } from './card-validation.ts';
import { emptyModelCardContent, type ModelCard } from './model-card.ts';

const HOSTILE = `<script>alert("x")</script><img src=x onerror='alert(1)'>&lt;b&gt; [click](javascript:alert(1)) **bold** | pipe`;

function card(overrides: Partial<ModelCard> = {}): ModelCard {
  const content = emptyModelCardContent();
  content.model_details.overview = HOSTILE;
  content.model_details.owners = [{ name: 'Ada <ada@x>', contact: '"quoted"' }];
  content.considerations.limitations = [HOSTILE, 'second\nline'];
  content.quantitative_analysis.performance_metrics = [
    { type: 'auc', value: '0.91', slice: HOSTILE },
  ];
  content.model_parameters.data = [
    {
      name: 'churn-train',
      link: 'file:///data',
      description: '',
      role: 'training',
      digest: 'abc',
      sensitive: { sensitive_data: [] },
    },
  ];
  return {
    registeredModelId: 'id1',
    name: 'churn</title><script>x</script>',
    version: 3,
    revision: 2,
    content,
    author: 'alice',
    createdAt: Date.UTC(2026, 0, 2),
    ...overrides,
  };
}

test('HTML export escapes every value: no tag or attribute from the card survives', () => {
  const html = renderModelCardHtml(card());
  assert.ok(!html.includes('<script>'), 'no script tag');
  assert.ok(!html.includes('<img'), 'no img tag');
  assert.ok(!/<[^>]*onerror/i.test(html), 'no event handler attribute inside a tag');
  assert.ok(!html.includes('</title><script>'));
  assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  assert.ok(html.includes('onerror=&#39;alert(1)&#39;'));
  // An entity in the text is shown as typed, not decoded into markup.
  assert.ok(html.includes('&amp;lt;b&amp;gt;'));
  assert.ok(html.includes(`content="default-src 'none'; style-src 'unsafe-inline'"`));
  assert.ok(html.includes('Revision 2, saved by alice on 2026-01-02T00:00:00.000Z.'));
  // Only the page's own tags remain.
  const tags = new Set([...html.matchAll(/<\/?([a-zA-Z0-9!]+)/g)].map((m) => m[1]?.toLowerCase()));
  for (const tag of tags) {
    assert.ok(
      [
        '!doctype',
        'html',
        'head',
        'meta',
        'title',
        'style',
        'body',
        'h1',
        'h2',
        'p',
        'section',
        'strong',
        'em',
        'ul',
        'li',
        'table',
        'thead',
        'tbody',
        'tr',
        'th',
        'td',
      ].includes(tag ?? ''),
      `unexpected tag ${tag}`,
    );
  }
});

test('Markdown export lays out the sections and neutralises markup in values', () => {
  const md = renderModelCardMarkdown(card());
  assert.ok(
    md.startsWith('# Model card: churn&lt;/title&gt;&lt;script&gt;x&lt;/script&gt; version 3\n'),
  );
  for (const heading of [
    '## Model details',
    '## Intended use',
    '## Factors',
    '## Metrics and quantitative analysis',
    '## Training data',
    '## Evaluation data',
    '## Considerations',
  ]) {
    assert.ok(md.includes(`\n${heading}\n`), heading);
  }
  assert.ok(!md.includes('<script>') && !md.includes('<img'));
  assert.ok(md.includes('\\[click\\](javascript:alert(1)) \\*\\*bold\\*\\* \\| pipe'));
  assert.ok(md.includes('| auc | 0.91 |'));
  assert.ok(md.includes('| churn-train | abc | file:///data |'));
  assert.ok(md.includes('- second line'), 'newlines do not break list items');
  assert.ok(md.includes('## Factors\n\n_Not documented._'));
});

test('validation fills absent sections, refuses unknown fields, wrong types and oversize text', () => {
  const partial = validateModelCardContent({
    schema_version: '0.0.2',
    considerations: { limitations: ['x'] },
  });
  assert.deepEqual(partial.considerations.limitations, ['x']);
  assert.deepEqual(partial.model_details.owners, []);
  assert.equal(partial.code_version, null);
  const bad: [unknown, string][] = [
    [{ extra: 1 }, 'content.extra'],
    [{ model_details: { overview: 5 } }, 'content.model_details.overview'],
    [{ considerations: { users: 'all' } }, 'content.considerations.users'],
    [{ model_parameters: { data: [{ role: 'secret' }] } }, 'content.model_parameters.data[0].role'],
    [{ model_details: { overview: 'x'.repeat(20_001) } }, 'content.model_details.overview'],
    [{ factors: Array.from({ length: 501 }, () => 'f') }, 'content.factors'],
    [{ schema_version: '9.9' }, 'content.schema_version'],
    ['not an object', 'content'],
  ];
  for (const [value, field] of bad) {
    assert.throws(
      () => validateModelCardContent(value),
      (error: unknown) =>
        error instanceof Error &&
        (error as { code?: string }).code === 'model_card.invalid' &&
        (error as { details?: { field?: string } }).details?.field === field,
      field,
    );
  }
});
