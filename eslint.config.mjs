// ESLint (flat config): @eslint/js and typescript-eslint's recommended rules (no type-aware rules: `npm run lint`
// stays a few seconds), plus the architecture's two boundaries (ARCHITECTURE.md, "Code map and invariants"):
// the core is pure, and the shells reach it only through its API door.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SHELLS = ['server/src/cli/**/*.ts', 'server/src/lsp/**/*.ts', 'server/src/node/**/*.ts', 'server/src/web/**/*.ts', 'server/src/*.ts'];

// Every module of the core but its two doors: `core/index.ts` (the API) and `core/render.ts` (the client's narrow
// door: the HTML renderers and what they take, so the client bundles do not carry the checker).
const coreDoor = (door, doors) => ({
  group: ['**/core/*', '**/core/**', ...doors.flatMap((d) => [`!**/core/${d}`, `!**/core/${d}.js`])],
  message: `Import the core only through ${door} (ARCHITECTURE.md: "The core's API is the only door").`,
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      '.vscode-test/**',
      '.vscode-test-web/**',
      'server/src/core/schema/validators.generated.*',
      'test/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**/*.mjs', '*.mjs'],
    languageOptions: { sourceType: 'module' },
  },
  {
    // The pure core: no editor, no protocol, no file system, no processes, no network, no shell.
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode', 'vscode-languageserver', 'vscode-languageclient', 'fs', 'child_process', 'http', 'https', 'net'],
          patterns: [
            {
              group: ['node:*', 'vscode-languageserver/*', 'vscode-languageclient/*', '**/cli/*', '**/lsp/*', '**/node/*', '**/web/*'],
              message: 'The core is pure (ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // The server's shells (CLI, language server, node and web hosts, the protocol) reach the core through its index.
    files: SHELLS,
    rules: { 'no-restricted-imports': ['error', { patterns: [coreDoor('server/src/core/index.ts', ['index'])] }] },
  },
  {
    // The client bundles only the renderers of the preview and the plan: through `core/render.ts`.
    files: ['client/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [coreDoor('server/src/core/render.ts', ['render'])] }] },
  },
);
