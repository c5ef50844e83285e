import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'
import jest from 'eslint-plugin-jest'

/**
 * The layers, bottom to top. `files`: what belongs to the layer; `specs`: how an import names it (matched at any
 * depth: `./x`, `../x`, `../../x`); `onlyFrom`: the only layers that may import it (default: every layer above);
 * `alsoForbid`: layers below it that it still may not import.
 */
export const LAYERS = [
  { name: 'core', files: ['src/core/**'], specs: ['core'] },
  { name: 'runtime', files: ['src/runtime/**', 'src/version.ts'], specs: ['runtime', 'version.js'] },
  { name: 'http', files: ['src/http/**'], specs: ['http'] },
  { name: 'config', files: ['src/config/**'], specs: ['config'] },
  {
    name: 'API clients',
    files: ['src/atlas/**', 'src/atlascloud/**', 'src/voyage/**', 'src/net/**'],
    specs: ['atlas', 'atlascloud', 'voyage', 'net']
  },
  { name: 'platform port', files: ['src/platform/**'], specs: ['platform'] },
  { name: 'trust', files: ['src/trust/**'], specs: ['trust'] },
  { name: 'services', files: ['src/services.ts'], specs: ['services.js'] },
  { name: 'check support', files: ['src/check-support/**'], specs: ['check-support'] },
  {
    name: 'fix phase',
    files: ['src/lease/**'],
    specs: ['lease']
    // It repairs what the checks diagnosed, from their data (check support), never by calling a check: it sits
    // below the checks. The registry holds its check in the `atlas-network-lease` slot; the engine picks its phase.
  },
  { name: 'checks', files: ['src/checks/**'], specs: ['checks'] },
  { name: 'report', files: ['src/report/**'], specs: ['report'] },
  { name: 'organization scope', files: ['src/fleet/**'], specs: ['fleet'], onlyFrom: ['engine', 'entries'] },
  {
    name: 'engine',
    files: ['src/main.ts', 'src/runner.ts', 'src/plan.ts'],
    specs: ['main.js', 'runner.js', 'plan.js']
  },
  { name: 'tracking issue', files: ['src/github/**'], specs: ['github'] },
  { name: 'adapters', files: ['src/adapters/**'], specs: ['adapters'] },
  {
    name: 'entries',
    files: [
      'src/index.ts',
      'src/post.ts',
      'src/cli.ts',
      'src/cli-main.ts',
      'src/fleet-command.ts',
      'src/local-action.ts'
    ],
    specs: ['index.js', 'post.js', 'cli.js', 'cli-main.js', 'fleet-command.js', 'local-action.js']
  }
]

/** Files that may import @actions/* (the GitHub runner's platform). */
const ACTIONS_ALLOWED = [
  'src/adapters/github.ts',
  'src/adapters/actions-core.ts',
  'src/github/**',
  'src/local-action.ts'
]

/** How a file `depth` folders below src/ names another layer's folder or root file: exactly, and at any depth. */
function patternsOf(layer, depth) {
  const up = depth === 0 ? './' : '../'.repeat(depth)
  return layer.specs.flatMap(s => (s.endsWith('.js') ? [`${up}${s}`] : [`${up}${s}/**`, `**/${s}/**`]))
}

/** The files of a layer `depth` folders below src/ (0: root files; 2: any deeper). */
function filesAt(layer, depth) {
  return layer.files.flatMap(f => {
    if (!f.endsWith('/**')) return depth === 0 ? [f] : []
    const dir = f.slice(0, -3)
    return depth === 1 ? [`${dir}/*.ts`] : depth === 2 ? [`${dir}/*/**/*.ts`] : []
  })
}

/** Every form that names a module: import, re-export, and dynamic import(). */
const IMPORT_FORMS = [
  'ImportDeclaration',
  'ExportNamedDeclaration',
  'ExportAllDeclaration',
  'ImportExpression'
]
const forms = attribute => IMPORT_FORMS.map(f => `${f}[${attribute}]`).join(', ')
const regexSource = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\//g, '\\u002F')

/**
 * no-restricted-imports sees neither `import()` nor re-exports: the same layer rules as selectors over every form
 * that names a module (`patternsOf` in regular expressions), for no-restricted-syntax.
 */
function layerSelectors(forbidden, layer, depth) {
  return forbidden.map(other => {
    const up = depth === 0 ? '\\.\\u002F' : '(\\.\\.\\u002F)'.repeat(depth)
    const alternatives = other.specs.map(spec =>
      spec.endsWith('.js') ? `^${up}${regexSource(spec)}$` : `(^|\\u002F)${regexSource(spec)}\\u002F`
    )
    return {
      selector: forms(`source.value=/${alternatives.join('|')}/`),
      message: `${layer.name} may not import ${other.name}${other.onlyFrom ? ` (only ${other.onlyFrom.join(' and ')} may)` : ': a layer imports only the layers below it'} (docs/ARCHITECTURE.md, "Layers").`
    }
  })
}

/** @actions/core is taken from its own modules by one file (src/adapters/actions-core.ts says why). */
const CORE_INDEX = {
  selector: forms("source.value='@actions/core'"),
  message:
    "Import src/adapters/actions-core.js: @actions/core's index loads its OIDC client and all of undici."
}
/** Nothing else reaches into node_modules by path. */
const NODE_MODULES_PATH = {
  selector: forms('source.value=/node_modules/'),
  message: 'Only src/adapters/actions-core.ts imports a package by its path in node_modules.'
}
/** A dynamic import names its module literally, so that the rules above can check it. */
const LITERAL_IMPORT = {
  selector: "ImportExpression[source.type!='Literal']",
  message: 'A dynamic import names its module as a string literal, so that the layer rules can check it.'
}

/** The no-restricted-syntax entries for a file glob of `layer` at `depth`. */
function syntaxRules(forbidden, layer, depth, glob) {
  return [
    'error',
    ...layerSelectors(forbidden, layer, depth),
    LITERAL_IMPORT,
    ...(glob === 'src/local-action.ts' ? [] : [CORE_INDEX]),
    ...(glob === 'src/adapters/actions-core.ts' ? [] : [NODE_MODULES_PATH])
  ]
}

function layerRules() {
  return LAYERS.flatMap((layer, i) => {
    const forbidden = LAYERS.filter(
      (other, j) =>
        other !== layer &&
        (j > i ||
          (other.onlyFrom && !other.onlyFrom.includes(layer.name)) ||
          layer.alsoForbid?.includes(other.name))
    )
    return [0, 1, 2].flatMap(depth => {
      const files = filesAt(layer, depth)
      const groups = forbidden.map(other => ({
        group: patternsOf(other, depth),
        message: `${layer.name} may not import ${other.name}${other.onlyFrom ? ` (only ${other.onlyFrom.join(' and ')} may)` : ': a layer imports only the layers below it'} (docs/ARCHITECTURE.md, "Layers").`
      }))
      const imports = actions => ['error', { patterns: actions ? [ACTIONS_GROUP, ...groups] : groups }]
      // The @actions/* boundary still applies, except to the files that talk to the runner; those get a block each.
      return [
        files.length > 0 && {
          files,
          ignores: ACTIONS_ALLOWED,
          rules: {
            'no-restricted-imports': imports(true),
            'no-restricted-syntax': syntaxRules(forbidden, layer, depth, undefined)
          }
        },
        ...files.flatMap(actionsAllowedIn).map(glob => ({
          files: [glob],
          rules: {
            'no-restricted-imports': imports(false),
            'no-restricted-syntax': syntaxRules(forbidden, layer, depth, glob)
          }
        }))
      ].filter(Boolean)
    })
  })
}

const ACTIONS_GROUP = {
  group: ['@actions/*'],
  message:
    'Only src/adapters/github.ts, src/adapters/actions-core.ts, src/github/ and src/local-action.ts may import @actions/*.'
}

/** The part of a block's files glob that may import @actions/*: the glob itself, a file in it, or nothing. */
function actionsAllowedIn(glob) {
  return ACTIONS_ALLOWED.flatMap(allowed => {
    if (allowed === glob) return [allowed]
    const dir = glob.slice(0, glob.indexOf('/*'))
    if (allowed.endsWith('/**')) return glob.startsWith(allowed.slice(0, -2)) ? [glob] : []
    return glob === `${dir}/*.ts` &&
      allowed.startsWith(`${dir}/`) &&
      !allowed.slice(dir.length + 1).includes('/')
      ? [allowed]
      : []
  })
}

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
                'Only src/adapters/github.ts, src/adapters/actions-core.ts, src/github/ and src/local-action.ts may import @actions/*.'
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
  // Layers point one way (docs/ARCHITECTURE.md, "Layers"): each layer imports only the layers below it, and the
  // fix phase (lease) and the organization scope (fleet) are imported by the engine and the entries only.
  // __tests__/repo/layers.test.ts plants violations and expects each to fail, checks that every folder and root file
  // of src/ has a rule, and fails on any import cycle.
  ...layerRules()
)
