import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', '.tmp/**', 'test-results/**', 'custom-elements.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'elements/**/*.ts'],
    rules: {
      // shipped code logs through the SDK logger so levels, formatters and redaction apply
      'no-console': 'error',
      'no-restricted-globals': ['error', 'process', 'Buffer', 'global'],
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'bench/**', 'bin/**'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['demo/**/*.js', 'bench/page/**'],
    languageOptions: { globals: globals.browser },
  },
);
