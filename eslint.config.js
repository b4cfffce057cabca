import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Import bans that keep data flowing one way: data → ml → worker → state → panels. */
const noTfjs = { group: ['@tensorflow/*'], message: 'Panels, components, state and app get plain numbers; tfjs lives in src/ml and src/worker.' };
const noReact = { group: ['react', 'react-dom', 'react/*'], message: 'src/ml must run in a worker and in Node: no React.' };
const noUpperLayers = (...layers) =>
  layers.map((layer) => ({ group: [`**/${layer}/*`, `**/${layer}`], message: `This layer must not import from ${layer}/ (one-way layering).` }));
/** The page may read the ml core's vocabulary (plain data, no tfjs) and nothing else of it. */
const ML_VOCABULARY = ['describeError', 'models/family', 'data/geometry', 'data/datasets'];
const noMlButVocabulary = {
  regex: `(^|/)ml/(?!(${ML_VOCABULARY.join('|')})$)`,
  message: 'The page gets plain numbers from the worker; of src/ml it may import only the vocabulary modules (eslint.config.js ML_VOCABULARY).',
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public', 'tests/artifacts', 'tests/bench/dist-plain', 'tests/bench/dist-flops'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ml/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noReact, ...noUpperLayers('worker', 'state', 'panels', 'components', 'app', 'cli')] }] },
  },
  {
    files: ['src/worker/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noReact, ...noUpperLayers('state', 'panels', 'components', 'app', 'cli')] }] },
  },
  {
    files: ['src/state/**/*.{ts,tsx}', 'src/components/**/*.{ts,tsx}', 'src/panels/**/*.{ts,tsx}', 'src/app/**/*.{ts,tsx}', 'src/main.ts', 'src/mount.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTfjs, noMlButVocabulary, ...noUpperLayers('cli')] }] },
  },
  {
    // The service worker and its registration: no tfjs, no React, nothing of the lab but the usable signal.
    files: ['src/sw/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTfjs, noReact, ...noUpperLayers('ml', 'worker', 'state', 'panels', 'app', 'cli')] }] },
  },
  {
    files: ['src/components/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTfjs, noMlButVocabulary, ...noUpperLayers('cli', 'panels', 'app', 'state')] }] },
  },
);
