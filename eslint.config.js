import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['dist/**', 'lib/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@actions/*'],
              message:
                'Only src/adapters/github.ts, src/github/ and src/local-action.ts may import @actions/*.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/adapters/github.ts', 'src/github/**', 'src/local-action.ts', '__tests__/**'],
    rules: { 'no-restricted-imports': 'off' }
  }
)
