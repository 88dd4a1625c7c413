import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const srcDir = resolve(dirname(fileURLToPath(import.meta.url)), 'src');
/** Every relative import of a src/ file resolves inside src/; no import of our own packages by name. */
const srcBoundary = {
  meta: { type: 'problem', schema: [], messages: { outside: 'src/ imports nothing outside src/ ("{{spec}}")' } },
  create(context) {
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string') return;
      const outside = spec.startsWith('.')
        ? !resolve(dirname(context.filename), spec).startsWith(srcDir + sep)
        : /^gc-(webrtc-sdk|cloud-emulator)(\/|$)/.test(spec);
      if (outside) context.report({ node, messageId: 'outside', data: { spec } });
    };
    return { ImportDeclaration: check, ExportAllDeclaration: check, ExportNamedDeclaration: check, ImportExpression: check };
  },
};

export default tseslint.config(
  { ignores: ['test/consumers/apps/types/**', 'dist/**', 'node_modules/**', '.cache/**', '.tmp/**', 'test-results/**', 'custom-elements.json'] },
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
    // the engine stands alone: src/ imports nothing outside src/ (the elements, the emulator and
    // the script-tag entry build on it, never the other way round)
    files: ['src/**/*.ts'],
    plugins: { gc: { rules: { 'src-boundary': srcBoundary } } },
    rules: { 'gc/src-boundary': 'error' },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'bench/**', 'emulator/bin/**'],
    languageOptions: { globals: globals.node },
  },
  {
    // the consumer matrix's apps are compiled in their own projects (test/consumers/matrix.test.ts)
    files: ['test/consumers/apps/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['demo/**/*.js', 'bench/page/**'],
    languageOptions: { globals: globals.browser },
  },
);
