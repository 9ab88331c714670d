import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', '.tmp/', 'src/web/assets/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/config only.' }],
    },
  },
  {
    // The frozen migrations take an untyped Kysely on purpose: they must not import the app's schema.
    files: ['src/db/migrations/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/config/config.ts', 'test/**', 'bench/**', 'bin/**', '*.config.*'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // The SIP/RTP stack is a library of its own: the voice channel driver is its only bridge to the app.
    files: ['src/telephony/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)(modules|web|db|config)(/|$)', message: 'src/telephony imports nothing from src/modules, src/web, src/db or src/config.' }] }],
    },
  },
  {
    files: ['src/web/assets/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
