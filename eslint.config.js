import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'
import jest from 'eslint-plugin-jest'

export default tseslint.config(
  { ignores: ['dist/**', 'lib/**', 'node_modules/**', 'coverage/**', '.cache/**'] },
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
  },
  // Tests that can pass without asserting are defects: conditional expects, tests with no expect, and the like.
  {
    files: ['__tests__/**'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      // Assertion helpers count: fast-check properties and the hostile suite's expect… helpers.
      'jest/expect-expect': [
        'error',
        { assertFunctionNames: ['expect', 'expect*', 'fc.assert', '**.expect*'] }
      ]
    }
  },
  // Layers point one way: core ← http ← config, atlas, atlascloud, net ← services ← check-support ← checks ←
  // report ← engine (main, runner, plan) ← adapters ← entries. __tests__/layers.test.ts also fails on any cycle.
  layer('src/core/**', ['../*'], 'src/core imports nothing outside src/core.'),
  layer(
    'src/http/**',
    [
      '../config/*',
      '../atlas/*',
      '../atlascloud/*',
      '../checks/*',
      '../check-support/*',
      '../report/*',
      '../services*',
      '../main*'
    ],
    'src/http is the lowest layer above core: it knows no service, check or report.'
  ),
  layer(
    'src/config/**',
    [
      '../atlas/*',
      '../atlascloud/*',
      '../checks/*',
      '../check-support/*',
      '../report/*',
      '../services*',
      '../main*'
    ],
    'src/config depends only on core and http/trust.'
  ),
  layer(
    ['src/atlas/**', 'src/atlascloud/**', 'src/net/**'],
    [
      '../checks/*',
      '../../checks/*',
      '../check-support/*',
      '../report/*',
      '../services*',
      '../main*',
      '../runner*',
      '../adapters/*'
    ],
    'API clients know no check, report or engine.'
  ),
  layer(
    ['src/checks/**', 'src/check-support/**'],
    ['../main*', '../runner*', '../plan*', '../adapters/*', '../github/*', '../report/*'],
    'Checks return findings; they know no engine, adapter or reporter.'
  )
)

/** A layer rule: files matching `files` may not import `patterns`; the @actions/* boundary still applies. */
function layer(files, patterns, message) {
  return {
    files: Array.isArray(files) ? files : [files],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@actions/*'],
              message:
                'Only src/adapters/github.ts, src/github/ and src/local-action.ts may import @actions/*.'
            },
            { group: patterns, message }
          ]
        }
      ]
    }
  }
}
