import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CairnError } from '../kernel/index.ts';
import { appendToUri, validateArtifactLocation } from './artifact-location.ts';

function rejected(location: string, pattern?: RegExp): void {
  assert.throws(
    () => validateArtifactLocation(location),
    (error: unknown) => {
      assert.ok(error instanceof CairnError, String(error));
      assert.equal(error.category, 'INVALID_ARGUMENT');
      assert.equal(error.code, 'tracking.invalid_artifact_location');
      if (pattern !== undefined) assert.match(error.message, pattern);
      return true;
    },
    location,
  );
}

describe('validateArtifactLocation', () => {
  it('accepts every allow-listed scheme', () => {
    for (const location of [
      'mlflow-artifacts:/team/exp',
      'mlflow-artifacts://cairn.local:7420/exp',
      's3://bucket/prefix/exp',
      'gs://bucket/exp',
      'wasbs://container@account.blob.core.windows.net/exp',
      'abfss://fs@account.dfs.core.windows.net/exp',
      'hdfs://namenode:8020/mlruns',
      'http://artifacts.example.com/exp',
      'HTTPS://artifacts.example.com/my%20exp',
    ]) {
      assert.equal(validateArtifactLocation(location), location);
    }
  });

  it('rejects local locations: file URIs, bare paths, drive letters and other schemes', () => {
    rejected('file:///etc/', /scheme 'file:'/);
    rejected('/var/lib/cairn', /local paths/);
    rejected('relative/dir', /local paths/);
    rejected('//proc/self/root', /local paths/);
    rejected('C:/Windows', /scheme 'c:'/);
    rejected('dbfs:/', /scheme 'dbfs:'/);
    rejected('runs:/abc/model', /scheme 'runs:'/);
  });

  it('rejects query strings, fragments and path parameters (CVE-2023-6909, CVE-2024-1483, CVE-2024-1593)', () => {
    rejected('http:///?/../../../../etc/', /query string|'\.\.'/);
    rejected('http:///#/../../etc/', /fragments/);
    rejected('s3://bucket/exp;type=a', /params/);
    rejected('s3://bucket/exp%3Fx=1', /query string/);
    rejected('s3://bucket/exp%23frag', /fragments/);
  });

  it('rejects traversal in any encoding, decoded until stable', () => {
    rejected('mlflow-artifacts:/../../etc', /'\.\.'/);
    rejected('mlflow-artifacts:..', /'\.\.'/);
    rejected('s3://bucket/%2e%2e/other', /'\.\.'/);
    rejected('s3://bucket/%252e%252e%252fother', /'\.\.'/);
    rejected('http://h/a/..%5c..%5cwin', /backslash/);
  });

  it('rejects NUL and other control characters, raw or encoded', () => {
    rejected('s3://bucket/a\u0000b', /control/);
    rejected('s3://bucket/a%00b', /control/);
    rejected('s3://bucket/a%0d%0ab', /control/);
  });

  it('rejects malformed percent-encoding and over-long locations', () => {
    rejected('s3://bucket/%zz', /percent-encoded/);
    rejected(`s3://bucket/${'a'.repeat(2048)}`, /2048/);
  });
});

describe('appendToUri', () => {
  it('joins with exactly one separator', () => {
    assert.equal(appendToUri('mlflow-artifacts:/', '3'), 'mlflow-artifacts:/3');
    assert.equal(
      appendToUri('mlflow-artifacts:/3', 'abc', 'artifacts'),
      'mlflow-artifacts:/3/abc/artifacts',
    );
    assert.equal(appendToUri('s3://bucket/', 'x'), 's3://bucket/x');
  });
});
