// Lint: TypeScript recommended rules, typed rules for floating promises and exhaustive switches,
// and the layer boundaries of DESIGN.md. Formatting is Prettier's (npm run lint checks both).
import tseslint from 'typescript-eslint';

// What the pure layers (understanding, knowledge) never import: the bot framework, HTTP, SQL and the layers above.
const PURE = [
  'botbuilder*',
  'botframework-*',
  'restify*',
  'pg',
  '@electric-sql/*',
  '**/store/**',
  '**/conversation/**',
  '**/channels/**',
  '**/services/**',
  '**/server*',
];

const layer = (folder, forbidden, message) => ({
  files: [`bot/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    // Typed rules that catch real bugs: a promise nobody awaits, a switch that forgets a case.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Configuration is read once, in bot/config.ts, and passed in.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration in bot/config.ts only.' },
      ],
    },
  },
  {
    files: ['bot/config.ts', 'test/**', 'eslint.config.js', 'vitest.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  layer(
    'shared',
    [
      'botbuilder*',
      'restify*',
      '**/store/**',
      '**/conversation/**',
      '**/channels/**',
      '**/services/**',
      '**/understanding/**',
      '**/knowledge/**',
    ],
    'bot/shared is a leaf: it imports no other layer.',
  ),
  layer('understanding', PURE, 'understanding is pure: no bot framework, HTTP or store.'),
  layer('knowledge', PURE, 'knowledge only loads and validates content.'),
  layer(
    'store',
    ['restify*', '**/conversation/**', '**/channels/**', '**/services/**', '**/server*'],
    'the store is the bottom layer.',
  ),
  layer(
    'services',
    ['restify*', '**/conversation/**', '**/channels/**', '**/server*'],
    'services know nothing of HTTP or dialogs.',
  ),
  layer(
    'conversation',
    ['restify*', '**/store/**', '**/channels/**', '**/server*', 'pg', '@electric-sql/*'],
    'dialogs talk to services through interfaces, never HTTP or SQL.',
  ),
  layer(
    'channels',
    ['pg', '@electric-sql/*', '**/store/**', '**/cli/**', '**/server*'],
    'channels reach the store through services; the composition root (bot/server.ts) wires them.',
  ),
  layer('cli', ['restify*'], 'the CLIs run in-process, without HTTP.'),
  {
    files: ['public/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', URL: 'readonly' },
    },
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
);
