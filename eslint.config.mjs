// ESLint (flat config): Next.js' rules (core web vitals, React hooks) and typescript-eslint's
// recommended rules. Layering and cycles are checked by dependency-cruiser (.dependency-cruiser.cjs).
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';
import tseslint from 'typescript-eslint';

const config = [
  {
    ignores: ['node_modules/**', '.next/**', 'lib/generated/**', 'playwright-report/**', 'test-results/**', '.data/**', '.tmp/**', 'next-env.d.ts'],
  },
  ...nextVitals,
  ...nextTypescript,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // production code has no `any`; tests may use it to build odd inputs
    files: ['lib/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
];
export default config;
