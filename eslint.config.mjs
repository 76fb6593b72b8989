import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Plain .mjs/.cjs scripts (CI, build helpers) run in Node; TypeScript files get their globals
// from the compiler, so only scripts need these. Listed by hand to avoid a dependency for a few names.
const nodeGlobals = Object.fromEntries(
  [
    'process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'AbortController', 'AbortSignal',
    'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'queueMicrotask',
    'structuredClone', 'fetch', 'TextEncoder', 'TextDecoder', 'globalThis',
  ].map((name) => [name, 'readonly']),
);
const commonJsGlobals = { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly', __filename: 'readonly' };

const unusedVars = [
  'error',
  { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
];

export default defineConfig(
  globalIgnores(['out/', 'dist/', 'node_modules/', 'coverage/', 'resources/**/*.json', '.pipewright-test/']),
  js.configs.recommended,
  // Syntax-only rules: type-aware linting would double the time of `npm test` for little gain.
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': unusedVars,
      'no-unused-vars': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: nodeGlobals, sourceType: 'module' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { globals: { ...nodeGlobals, ...commonJsGlobals }, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Code the renderer bundles runs in a browser. Imports are policed by .ci/check-layers.mjs;
    // Node's globals need a lint rule, since the shared tsconfig declares them everywhere.
    files: ['renderer/**', 'nodes/**', 'preload/contract.ts'],
    ignores: ['nodes/*/runtime.ts', 'nodes/*/runtime/**', 'nodes/runtimes.ts', 'nodes/sdk/node/**', '**/*.test.*', '**/*.test-support.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', 'module', '__dirname', '__filename', 'global', 'setImmediate'].map(
          (name) => ({ name, message: `${name} is Node-only and this file also runs in the browser; pass the value in, or move the code to a runtime or main` }),
        ),
      ],
    },
  },
  {
    // Tests poke at internals and build odd inputs on purpose.
    files: ['**/*.test.{ts,tsx,mts}', '**/*.test-support.ts', 'e2e/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
