import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBytes, formatDuration, formatTime, formatValue } from './format.ts';

describe('format', () => {
  it('formats metric values compactly', () => {
    assert.equal(formatValue(undefined), '');
    assert.equal(formatValue('0.1'), '0.1');
    assert.equal(formatValue(3), '3');
    assert.equal(formatValue(0.123456789), '0.123457');
    assert.equal(formatValue(0.00001234), '1.2340e-5');
    assert.equal(formatValue(Number.NaN), 'NaN');
    assert.equal(formatValue(-Infinity), '-∞');
  });

  it('formats times, durations and sizes', () => {
    assert.equal(formatTime(0), '1970-01-01 00:00:00');
    assert.equal(formatTime(null), '');
    assert.equal(formatDuration(4200), '4.2s');
    assert.equal(formatDuration(185_000), '3m 05s');
    assert.equal(formatDuration(3_720_000), '1h 02m');
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KiB');
  });
});
