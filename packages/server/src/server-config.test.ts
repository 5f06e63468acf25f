import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCairnError } from '@cairn/core';
import { parseServerCommand } from './server-config.ts';

describe('parseServerCommand', () => {
  it('reads every flag', () => {
    const command = parseServerCommand(
      [
        '--host',
        '0.0.0.0',
        '--port',
        '8080',
        '--data-dir',
        '/tmp/d',
        '--db',
        'postgres://u@h/db',
        '--insecure-no-auth',
        '--quiet',
        '--allowed-hosts',
        'a.example, b.example:9000',
        '--allowed-origins',
        'https://ui.example',
      ],
      {},
    );
    assert.deepEqual(command, {
      help: false,
      options: {
        host: '0.0.0.0',
        port: 8080,
        dataDir: '/tmp/d',
        dbUrl: 'postgres://u@h/db',
        insecureNoAuth: true,
        quiet: true,
        allowedHosts: ['a.example', 'b.example:9000'],
        allowedOrigins: ['https://ui.example'],
      },
    });
  });

  it('falls back to CAIRN_* variables, and flags win over them', () => {
    const env = {
      CAIRN_HOST: '127.0.0.2',
      CAIRN_PORT: '0',
      CAIRN_DATA_DIR: '/env/data',
      CAIRN_DB_URL: 'postgres://env',
      CAIRN_ALLOWED_HOSTS: 'x.example',
    };
    assert.deepEqual(parseServerCommand([], env), {
      help: false,
      options: {
        host: '127.0.0.2',
        port: 0,
        dataDir: '/env/data',
        dbUrl: 'postgres://env',
        allowedHosts: ['x.example'],
      },
    });
    const flagged = parseServerCommand(['--port', '9000', '--data-dir', '/flag'], env);
    assert.ok(!flagged.help);
    assert.equal(flagged.options.port, 9000);
    assert.equal(flagged.options.dataDir, '/flag');
    assert.deepEqual(parseServerCommand([], {}), { help: false, options: {} });
  });

  it('rejects bad ports and unknown flags as INVALID_ARGUMENT', () => {
    for (const argv of [
      ['--port', 'http'],
      ['--port', '70000'],
      ['--port', '-1'],
      ['--verbose'],
      ['extra'],
    ]) {
      assert.throws(
        () => parseServerCommand(argv, {}),
        (error) => isCairnError(error) && error.category === 'INVALID_ARGUMENT',
        argv.join(' '),
      );
    }
    assert.throws(() => parseServerCommand([], { CAIRN_PORT: 'x' }));
  });

  it('answers --help', () => {
    assert.deepEqual(parseServerCommand(['--help'], {}), { help: true });
  });
});
