// @ts-check
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default defineConfig(
  globalIgnores(['node_modules/', 'out/', 'dist/', '.cache/', 'test-results/', 'test/fixtures/']),
  js.configs.recommended,
  // Type-aware rules (floating promises, unsafe any, …). Each file is checked against its nearest
  // tsconfig.json: the root one (Node), renderer/ (DOM) or preload/ (DOM + Electron).
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    rules: {
      // The decoder compares raw wire bytes with enums that mirror them: that is the point.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // Commands and engine methods are async to satisfy Promise-returning interfaces.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/only-throw-error': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['renderer/**/*.ts', 'preload/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
  {
    // Plain JS (launchers, this file) has no type information to lint with.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
)
