import js from '@eslint/js';
import reactThree from '@react-three/eslint-plugin';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** The files that hold a feature's rules: no storage, no network, no clock, no Colyseus. */
const PURE_RULES = ['server/*/rules.ts', 'server/queue/rankedSet.ts', 'server/domain/waitEstimate.ts'];

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'node_modules/', 'test-results/', 'bench-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, '@react-three': reactThree },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // No allocation inside useFrame: scratch objects live at module scope.
      '@react-three/no-new-in-loop': 'error',
      '@react-three/no-clone-in-loop': 'error',
      // The 3D layer mutates three.js objects and per-frame refs by design (see CONVENTIONS.md).
      'react-hooks/immutability': 'off',
    },
  },
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The layers of CONVENTIONS.md, checked on resolved paths (so `../../client/x.ts` and any other
    // spelling of the same file are caught alike).
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver()],
      // Followed through .ts and .tsx too (the plugin reads only .js unless told), parsed as TypeScript.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      // A cycle makes load order decide what a module sees at start (an import still undefined), and
      // hides which part depends on which. Type-only imports are skipped: they vanish at run time; so are
      // packages, which cannot import this code back (and whose bundles are not worth parsing).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            { target: './server', from: './client', message: 'The server never imports client code.' },
            { target: './client', from: './server', message: 'The client never imports server code.' },
            {
              target: './shared',
              from: ['./client', './server'],
              message: 'shared/ is the contract both sides depend on; it depends on neither.',
            },
            {
              // Each feature's pure rules (server/<feature>/rules.ts, and the queue's ranked set).
              target: PURE_RULES.map((file) => `./${file}`),
              from: './server',
              except: ['./queue/rankedSet.ts', './domain/waitEstimate.ts'],
              message: "A feature's rules are pure rules over plain data: they import only shared/.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'react', 'three'],
              message: 'shared/ is plain code used by both sides.',
            },
          ],
        },
      ],
    },
  },
  {
    files: PURE_RULES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*'],
              message:
                "A feature's rules are pure: clocks, files, crypto and the network are handed in by its callers.",
            },
          ],
        },
      ],
    },
  },
);
