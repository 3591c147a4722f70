// ESLint 9 flat config. `npm run lint` (and `npm test`, after the type-check) runs it.
// Type-aware: typescript-eslint's project service finds each file's nearest tsconfig.json
// (apps/*, packages/*, tests/, bench/, scripts/), so rules see the same types `tsc` does.
// Tests and bench read the compiled packages (dist), so build first (`npm run build:server`).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const typescriptFiles = [
  'apps/api/src/**/*.ts',
  'apps/sandbox/src/**/*.ts',
  'apps/web/{pages,app,lib,components,islands}/**/*.{ts,tsx}',
  'apps/web/{proxy,instrumentation,next.config}.ts',
  'packages/*/src/**/*.ts',
  'tests/**/*.ts',
  'bench/*.mts',
  'scripts/*.mts',
  'bench/lib/*.mts',
];
const scriptFiles = ['scripts/**/*.mjs', 'apps/web/scripts/**/*.mjs', 'apps/web/server.mjs', 'eslint.config.mjs'];

export default defineConfig([
  globalIgnores([
    '**/dist/**',
    '**/.next/**',
    '**/.next-*/**',
    '**/node_modules/**',
    '**/next-env.d.ts',
    '.data/**',
    'bench/results/**',
    // A throwaway Next app the Lighthouse bench compares against, not our code.
    'bench/baseline-next/**',
    // Pure data (demo stores and areas), validated by the seed before any write.
    'packages/db/src/seed/data/**',
  ]),
  {
    files: typescriptFiles,
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // `_name` marks a parameter or binding that is deliberately unused (an interface's shape).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Fastify plugins, hooks and handlers (the sandbox) and Next's config hooks are async by
    // contract (FastifyPluginAsync, headers()/rewrites()): `async` without `await` is their form.
    files: ['apps/sandbox/src/**/*.ts', 'apps/web/next.config.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // Plain Node scripts (ES modules): no type information, the core recommended rules.
    files: scriptFiles,
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
]);
