import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CairnError } from '../kernel/index.ts';
import { assertParamsUnchanged } from './param-rules.ts';

describe('assertParamsUnchanged', () => {
  const stored = [
    { key: 'lr', value: '0.1' },
    { key: 'depth', value: '3' },
  ];

  it('returns only the params whose keys are new; equal re-logs are dropped silently', () => {
    const fresh = assertParamsUnchanged(
      [
        { key: 'lr', value: '0.1' },
        { key: 'seed', value: '7' },
      ],
      stored,
      "run ID='r'",
    );
    assert.deepEqual(fresh, [{ key: 'seed', value: '7' }]);
  });

  it('names the key, old and new value when one param changes', () => {
    assert.throws(
      () => assertParamsUnchanged([{ key: 'lr', value: '0.2' }], stored, "run ID='r'"),
      (error: unknown) =>
        error instanceof CairnError &&
        error.category === 'INVALID_ARGUMENT' &&
        error.code === 'tracking.param_value_changed' &&
        error.message ===
          "Changing param values is not allowed. Param with key='lr' was already logged with value='0.1' for run ID='r'. Attempted logging new value '0.2'.",
    );
  });

  it('lists every changed param when several change', () => {
    assert.throws(
      () =>
        assertParamsUnchanged(
          [
            { key: 'lr', value: '1' },
            { key: 'depth', value: '4' },
          ],
          stored,
          "model ID='m'",
        ),
      (error: unknown) =>
        error instanceof CairnError &&
        /Params were already logged=.*"key":"lr".*"key":"depth".* for model ID='m'/.test(
          error.message,
        ) &&
        JSON.stringify(error.details) === '{"keys":["lr","depth"]}',
    );
  });
});
