// Lint is part of `npm run check`; the import boundaries below are errors, never warnings,
// because the architecture (ARCHITECTURE.md §3) is only as real as its enforcement.
import tseslint from 'typescript-eslint';

const ioModules = [
  'node:fs',
  'node:fs/promises',
  'node:http',
  'node:https',
  'node:net',
  'node:child_process',
  'node:worker_threads',
  'node:os',
  'node:sqlite',
  'pg',
  'kysely',
  'hono',
];

const restrict = (patterns, paths = []) => ({
  'no-restricted-imports': ['error', { patterns, paths: paths.map((name) => ({ name })) }],
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.cache/**',
      'bench/results/**',
      'tests/interop/**/*.py',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Plain JS (this file, the bin shims) is outside the TypeScript program (no allowJs), so
    // type-aware rules cannot run on it; the syntax rules still do.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['packages/core/src/**/*.ts'],
    rules: {
      ...restrict(
        [
          { group: ['@cairn/*'], message: 'core depends on nothing else of Cairn.' },
          {
            regex: '^\\.\\./[^/]+/(?!index\\.ts$).+',
            message: 'Reach another domain only through its index.ts.',
          },
        ],
        ioModules,
      ),
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'core reads no configuration.' },
      ],
    },
  },
  {
    files: ['packages/adapters/src/**/*.ts'],
    rules: restrict([
      {
        group: ['@cairn/server', '@cairn/cli', '@cairn/sdk'],
        message: 'adapters implement core ports only.',
      },
    ]),
  },
  {
    files: ['packages/server/src/**/*.ts'],
    rules: restrict([
      { group: ['@cairn/cli', '@cairn/sdk'], message: 'server is a composition root.' },
    ]),
  },
  {
    files: ['packages/sdk/src/**/*.ts'],
    // The SDK's tests and their support in testing/ run in Node (node:test, a real server);
    // only the shipped code is browser-bound.
    ignores: ['**/*.test.ts', 'packages/sdk/src/testing/**'],
    rules: restrict(
      [
        {
          group: ['@cairn/core', '@cairn/adapters', '@cairn/server', '@cairn/cli', 'node:*'],
          message: 'The SDK runs in browsers: fetch only, no Cairn internals.',
        },
      ],
      ioModules,
    ),
  },
  {
    // The web UI talks to the server only through the SDK and /api/v1. Its node tests and
    // the Vite config run in Node.
    files: ['packages/web/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: restrict(
      [
        {
          group: ['@cairn/core', '@cairn/adapters', '@cairn/server', '@cairn/cli', 'node:*'],
          message: 'The web UI reaches the server only through @cairn/sdk.',
        },
      ],
      ioModules,
    ),
  },
  {
    files: ['packages/cli/src/**/*.ts'],
    rules: restrict([
      { group: ['@cairn/core'], message: 'The CLI talks through the SDK or the server.' },
    ]),
  },
  {
    // `cairn data` runs the data domain in-process on a local store, as `cairn server` does:
    // these files compose core's manifest/ref/schema functions with the adapters.
    files: [
      'packages/cli/src/local-data-store.ts',
      'packages/cli/src/data-transfer.ts',
      'packages/cli/src/commands/data-*.ts',
    ],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.test.ts', 'tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
    },
  },
);
