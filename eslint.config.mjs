// Flat config: typescript-eslint's recommended rules on our TypeScript, prettier for formatting disputes.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      // Migrations are generated with double quotes and long SQL lines; they are data, not style.
    },
  },
  // An app never imports another app: what two apps share lives in a lib. (all-in-one composes every app.)
  ...['api', 'workflow', 'sla', 'notifier', 'cli'].map((app) => ({
    files: [`apps/${app}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: ['api', 'workflow', 'sla', 'notifier', 'all-in-one', 'cli']
            .filter((other) => other !== app)
            .flatMap((other) => [`**/${other}/src/**`, `**/apps/${other}/**`]),
        },
      ],
    },
  })),
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      // The domain is pure: no framework, database or queue imports; of the libs only the contracts (plain data:
      // job names, error codes). zod is allowed: a validation library with no I/O, the one schema of a program
      // version (programs/program-version-schema.ts).
      'no-restricted-imports': ['error', { patterns: ['@nestjs/*', 'typeorm', 'ioredis', 'bullmq', 'class-validator', 'pg', '@app/*', '!@app/contracts'] }],
    },
  },
);
