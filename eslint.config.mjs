import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'generated/', '.data/', '.tools/', 'web/dist/', 'test-artifacts/', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Workflows run in Temporal's sandbox, where the clock is replayed from history; they must
    // still do no I/O of their own.
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'setInterval', 'fetch'],
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'pg', '@prisma/*', '**/activities/*', '**/runtime/*', '**/api/*'] }],
    },
  },
  {
    // Domain rules are pure: the instant is always passed in, so they are testable alone.
    files: ['domain/**/*.ts'],
    ignores: ['domain/calendar/chinese-days-seed.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Pass the instant in.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Pass the instant in.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Not deterministic.' },
      ],
    },
  },
);
