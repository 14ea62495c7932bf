import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layers, enforced: the webview (media/) imports only src/shared; src/shared imports only zod and its own files
// (a `./` import); src/core never imports vscode.
const noVscode = { name: 'vscode', message: 'src/core is the engine: it must not import vscode.' };

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test/e2e/artifacts/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Type-aware rules on the shipped code (src and the webview); tests keep the syntactic set, which is faster.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['src/**/*.ts', 'media/**/*.ts'] })),
  {
    files: ['src/**/*.ts', 'media/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `async` on a method that implements a promise-returning contract turns a synchronous throw into a rejection,
      // which callers rely on (they only .catch/await); it is kept even where the body has no await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode] }],
    },
  },
  {
    // Pixels and frames sit below the providers: the words they share are in src/core/types.ts.
    files: ['src/core/image/**/*.ts', 'src/core/video/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            {
              group: ['**/providers/**', '**/jobs/**'],
              message:
                'Image and video code does not import providers or jobs; shared words live in src/core/types.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod(/|$))(?!\\./)',
              message: 'src/shared is bundled into the webview: it imports only zod and other src/shared files.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['media/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.\\./\\.\\./src/shared/)',
              message: 'The webview imports only src/shared (the host/webview boundary).',
            },
          ],
        },
      ],
    },
  },
);
