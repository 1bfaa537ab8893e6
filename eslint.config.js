const js = require('@eslint/js');
const globals = require('globals');
const tseslint = require('typescript-eslint');
const lwcConfig = require('@salesforce/eslint-config-lwc');
const jestPlugin = require('eslint-plugin-jest');

const lwcFiles = ['force-app/**/lwc/**/*.js'];

module.exports = tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'companion/dist/**',
      'coverage/**',
      '.sfdx/**',
      '.sf/**',
      '.preview/**',
      'scripts/metadata/fixtures/**',
      'force-app/**/staticresources/**',
    ],
  },
  // Companion: strict TypeScript.
  {
    files: ['companion/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.strict],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Production code never reaches the emulators: they serve tests, the demo and benchmarks.
  {
    files: ['companion/src/**/*.ts'],
    ignores: ['companion/src/**/*.test.ts', 'companion/src/**/*-test-fixtures.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/sandbox/**', '**/sandbox'],
              message: 'Production code must not import the emulators.',
            },
          ],
        },
      ],
      'no-console': 'error',
    },
  },
  // Repository tooling and root configs: plain Node.
  {
    files: ['scripts/**/*.mjs', 'companion/**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node, sourceType: 'module' },
  },
  // The local Lightning preview: a Node server and build, and browser adapters.
  {
    files: ['preview/**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node, sourceType: 'module' },
  },
  {
    files: ['preview/client/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.browser, sourceType: 'module' },
  },
  {
    files: ['*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node, sourceType: 'commonjs' },
  },
  // Lightning Web Components, as in Salesforce's sample apps.
  ...lwcConfig.configs.recommended.map((config) => ({ ...config, files: lwcFiles })),
  {
    files: ['force-app/**/lwc/**/__tests__/**/*.js', 'force-app/test/**/*.js'],
    plugins: { jest: jestPlugin },
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: { '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off' },
  },
);
