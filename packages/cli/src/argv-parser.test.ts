import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInvocation } from './argv-parser.ts';
import { UsageError, type CommandEntry } from './command-spec.ts';
import { commandTable } from './command-table.ts';
import { GLOBAL_OPTIONS } from './global-options.ts';

const noop = () => Promise.resolve();

const table: readonly CommandEntry[] = [
  {
    kind: 'command',
    name: 'serve',
    summary: 'Serve',
    options: {
      port: { type: 'integer', description: 'Port', env: 'TEST_PORT', default: 7420 },
      mode: { type: 'string', description: 'Mode', choices: ['a', 'b'] },
    },
    run: noop,
  },
  {
    kind: 'group',
    name: 'runs',
    summary: 'Runs',
    commands: [
      {
        kind: 'command',
        name: 'get',
        summary: 'Get',
        args: [
          { name: 'id', description: 'Id', required: true },
          { name: 'path', description: 'Path', required: false },
        ],
        options: {
          tag: { type: 'string', multiple: true, description: 'Tag' },
          recursive: { type: 'boolean', short: 'r', description: 'Recursive' },
        },
        run: noop,
      },
    ],
  },
];

function run(argv: string[], env: Record<string, string> = {}) {
  const invocation = parseInvocation(table, argv, env);
  assert.equal(invocation.kind, 'run');
  return invocation;
}

function usageError(argv: string[]): UsageError {
  try {
    parseInvocation(table, argv, {});
  } catch (error) {
    assert.ok(error instanceof UsageError, String(error));
    return error;
  }
  assert.fail(`expected a usage error for ${argv.join(' ')}`);
}

describe('parseInvocation', () => {
  it('finds the command after global options that take a value', () => {
    const invocation = run(['--url', 'http://x:1', '--json', 'runs', 'get', 'r1', 'model', '-r']);
    assert.deepEqual(invocation.path, ['runs', 'get']);
    assert.deepEqual(invocation.args, { id: 'r1', path: 'model' });
    assert.equal(invocation.values['url'], 'http://x:1');
    assert.equal(invocation.values['json'], true);
    assert.equal(invocation.values['recursive'], true);
  });

  it('collects repeatable options in order and defaults them to an empty list', () => {
    assert.deepEqual(run(['runs', 'get', 'r', '--tag', 'a', '--tag=b']).values['tag'], ['a', 'b']);
    assert.deepEqual(run(['runs', 'get', 'r']).values['tag'], []);
  });

  it('converts integers and applies flag, then env, then default', () => {
    assert.equal(run(['serve', '--port', '0']).values['port'], 0);
    assert.equal(run(['serve'], { TEST_PORT: '9000' }).values['port'], 9000);
    assert.equal(run(['serve', '--port', '1'], { TEST_PORT: '9000' }).values['port'], 1);
    assert.equal(run(['serve']).values['port'], 7420);
    assert.equal(run(['serve']).values['url'], GLOBAL_OPTIONS['url']?.default);
    assert.equal(run(['serve'], { CAIRN_URL: 'http://env:2' }).values['url'], 'http://env:2');
  });

  it('rejects malformed values, unknown options, extra and missing arguments', () => {
    assert.match(usageError(['serve', '--port', '12x']).message, /--port must be an integer/);
    assert.match(usageError(['serve', '--mode', 'c']).message, /--mode must be one of a, b/);
    assert.match(usageError(['serve', '--nope']).message, /unknown option '--nope'$/);
    assert.match(usageError(['runs', 'get']).message, /missing argument <id>/);
    const extra = usageError(['runs', 'get', 'a', 'b', 'c']);
    assert.match(extra.message, /unexpected argument 'c'/);
    assert.deepEqual(extra.commandPath, ['runs', 'get']);
    assert.match(usageError(['serve', '--port']).message, /argument missing/);
  });

  it('names unknown and missing commands with the choices', () => {
    const unknown = usageError(['runs', 'nope']);
    assert.equal(unknown.message, "unknown command 'runs nope'");
    assert.deepEqual(unknown.commandPath, ['runs']);
    assert.match(usageError([]).message, /missing command \(one of: serve, runs\)/);
    assert.match(usageError(['runs']).message, /missing subcommand for 'runs' \(one of: get\)/);
  });

  it('answers --help at every level and --version at the top', () => {
    assert.deepEqual(parseInvocation(table, ['-h'], {}), {
      kind: 'help',
      path: [],
      entry: undefined,
    });
    const group = parseInvocation(table, ['runs', '--help'], {});
    assert.equal(group.kind === 'help' && group.entry?.name, 'runs');
    const command = parseInvocation(table, ['runs', 'get', '--help'], {});
    assert.equal(command.kind === 'help' && command.entry?.name, 'get');
    assert.deepEqual(parseInvocation(table, ['--version'], {}), { kind: 'version' });
  });

  it('treats everything after -- as arguments', () => {
    assert.deepEqual(run(['runs', 'get', '--', '-odd-id']).args, {
      id: '-odd-id',
      path: undefined,
    });
  });
});

describe('the command table', () => {
  it('never reuses a global option name and describes every entry', () => {
    const check = (entry: CommandEntry, path: string[]) => {
      assert.ok(entry.summary.length > 0, `${path.join(' ')} has no summary`);
      if (entry.kind === 'group') {
        for (const command of entry.commands) check(command, [...path, command.name]);
        return;
      }
      for (const [name, spec] of Object.entries(entry.options ?? {})) {
        assert.ok(!(name in GLOBAL_OPTIONS), `${path.join(' ')} redefines --${name}`);
        assert.ok(spec.description.length > 0, `${path.join(' ')} --${name} has no description`);
      }
    };
    for (const entry of commandTable) check(entry, [entry.name]);
  });
});
