import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isModelCardComplete, modelCardCompleteness } from './card-completeness.ts';
import { emptyModelCardContent } from './model-card.ts';

function completeCard() {
  const card = emptyModelCardContent();
  card.model_details.overview = 'Scores churn risk.';
  card.model_details.owners = [{ name: 'Ada', contact: 'ada@example.com' }];
  card.considerations.users = ['retention team'];
  card.considerations.use_cases = ['weekly churn list'];
  card.considerations.limitations = ['trained on EU customers only'];
  card.considerations.ethical_considerations = [
    { name: 'age bias', mitigation_strategy: 'sliced metrics' },
  ];
  card.model_parameters.data = [
    {
      name: 'churn',
      link: '',
      description: '',
      role: 'training',
      digest: 'd',
      sensitive: { sensitive_data: [] },
    },
  ];
  card.quantitative_analysis.performance_metrics = [{ type: 'auc', value: '0.91', slice: '' }];
  return card;
}

test('an empty card misses every required section', () => {
  const result = modelCardCompleteness(emptyModelCardContent());
  assert.equal(result.complete, false);
  assert.deepEqual(
    result.missing.map((m) => m.section),
    [
      'model_details.overview',
      'model_details.owners',
      'considerations.users',
      'considerations.use_cases',
      'considerations.limitations',
      'considerations.ethical_considerations',
      'model_parameters.data',
      'quantitative_analysis.performance_metrics',
    ],
  );
});

test('a filled card is complete; blank text counts as missing', () => {
  const card = completeCard();
  assert.equal(isModelCardComplete(card), true);
  assert.deepEqual(modelCardCompleteness(card).missing, []);
  card.considerations.limitations = ['   '];
  assert.deepEqual(
    modelCardCompleteness(card).missing.map((m) => m.section),
    ['considerations.limitations'],
  );
  assert.equal(isModelCardComplete(card), false);
});
