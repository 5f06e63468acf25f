import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guessContentType } from './content-type.ts';

describe('guessContentType', () => {
  const cases: Array<[string, string]> = [
    ['metrics.json', 'application/json'],
    ['notes.txt', 'text/plain'],
    ['a/b/data.csv', 'text/csv'],
    ['report.html', 'text/html'],
    ['plot.png', 'image/png'],
    ['photo.JPG', 'image/jpeg'],
    ['photo.jpeg', 'image/jpeg'],
    ['chart.svg', 'image/svg+xml'],
    ['conda.yaml', 'application/yaml'],
    ['config.yml', 'application/yaml'],
    ['table.parquet', 'application/vnd.apache.parquet'],
    ['model/MLmodel', 'application/yaml'],
    ['MLproject', 'application/yaml'],
    ['model.pkl', 'application/octet-stream'],
    ['model.onnx', 'application/octet-stream'],
    ['README', 'application/octet-stream'],
    ['.json', 'application/octet-stream'],
    ['dir.json/blob', 'application/octet-stream'],
    ['x.constructor', 'application/octet-stream'],
    ['x.__proto__', 'application/octet-stream'],
    ['constructor', 'application/octet-stream'],
    ['archive.tar.gz', 'application/gzip'],
  ];
  for (const [path, expected] of cases) {
    it(`${path} → ${expected}`, () => assert.equal(guessContentType(path), expected));
  }
});
