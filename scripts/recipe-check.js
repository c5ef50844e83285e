// The recipe for adding a check (docs/ARCHITECTURE.md, "Adding a check"), played in a temporary copy of the
// repository: add a trivial check's id, its file, its test and its registry entry, run `npm run docs`, then show that
// nothing else had to change by hand: the only files changed are those four and the generated ones, typecheck passes,
// and the docs-sync test, the plan test and the new check's own test pass there. Run: npm run recipe-check
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const NEW_ID = 'recipe-probe'

/** The files the recipe touches by hand. */
export const BY_HAND = [
  'src/core/check-ids.ts',
  `src/checks/${NEW_ID}.ts`,
  'src/checks/index.ts',
  `__tests__/checks/${NEW_ID}.test.ts`
]
/** The files `npm run docs` may rewrite (a check without inputs leaves action.yml as it is). */
export const GENERATED = ['action.yml', 'README.md', 'docs/troubleshooting.md', 'docs/report-schema.json']

const CHECK_FILE = `/**
 * ${NEW_ID}: a trivial check, added by scripts/recipe-check.js to prove the recipe for adding a check.
 */
import { defineFindings } from '../core/finding.js'
import type { Check } from '../check-support/check.js'

export const FINDINGS = defineFindings('${NEW_ID}', {
  'not-ready': {
    severity: 'warning',
    title: 'The recipe probe was asked to warn',
    fix: 'Nothing to fix: this check exists only in the recipe check.'
  },
  ready: { severity: 'notice', title: 'The recipe probe ran', fix: 'Nothing to do.' }
})

export const recipeProbeCheck: Check = {
  id: '${NEW_ID}',
  title: 'Recipe probe',
  summary: 'A trivial check that proves the recipe: its row in this table comes from its own file.',
  needs: [],
  applies: () => true,
  findings: FINDINGS,
  async run(ctx) {
    const warn = ctx.env['RECIPE_PROBE_WARN'] === 'true'
    return { findings: [warn ? FINDINGS['not-ready']('asked to warn') : FINDINGS.ready('ran')] }
  }
}
`

const TEST_FILE = `import { describe, expect, it } from '@jest/globals'
import { recipeProbeCheck } from '../../src/checks/${NEW_ID}.js'
import { problems, runCheck } from '../helpers/check-context.js'

describe('${NEW_ID}', () => {
  it('passes by default and warns when asked', async () => {
    expect(problems((await runCheck(recipeProbeCheck)).outcome)).toEqual([])
    const warned = await runCheck(recipeProbeCheck, { env: { RECIPE_PROBE_WARN: 'true' } })
    expect(problems(warned.outcome)).toEqual([['${NEW_ID}/not-ready', 'warning']])
  })
})
`

/** @param {string} text @param {string} find @param {string} replace */
function edit(text, find, replace) {
  if (!text.includes(find)) throw new Error(`recipe-check: cannot find ${JSON.stringify(find)}`)
  return text.replace(find, replace)
}

/** Every file under `dir` (node_modules and lib left out), as path → sha256. @param {string} dir */
function snapshot(dir) {
  const out = new Map()
  const walk = d => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'lib') continue
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.isFile())
        out.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'))
    }
  }
  walk(dir)
  return out
}

/** @param {string} cwd @param {string} cmd @param {string[]} args */
function run(cwd, cmd, args) {
  const started = Date.now()
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules', NODE_NO_WARNINGS: '1' }
  })
  if (r.status !== 0)
    throw new Error(`recipe-check: ${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`)
  return { ms: Date.now() - started, output: `${r.stdout}\n${r.stderr}` }
}

/** Plays the recipe; returns what changed and how long each step took. Throws on any failing step. */
export function recipeCheck({ keep = false, log = () => {} } = {}) {
  const tmp = mkdtempSync(join(tmpdir(), 'recipe-check-'))
  const repo = join(tmp, 'repo')
  try {
    // The project's files as they are now (tracked and new, not ignored), without the bundle.
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
      cwd: ROOT
    })
      .toString()
      .split('\0')
      .filter(f => f && !f.startsWith('dist/'))
    for (const f of files) {
      mkdirSync(dirname(join(repo, f)), { recursive: true })
      try {
        cpSync(join(ROOT, f), join(repo, f))
      } catch (e) {
        if (e.code !== 'ENOENT') throw e // a file deleted but not yet committed
      }
    }
    symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir')
    const before = snapshot(repo)

    // The recipe, by hand: the id, the check's file, its test, the registry.
    const ids = join(repo, 'src/core/check-ids.ts')
    writeFileSync(
      ids,
      edit(readFileSync(ids, 'utf8'), "  'model-api-key'\n]", `  'model-api-key',\n  '${NEW_ID}'\n]`)
    )
    writeFileSync(join(repo, `src/checks/${NEW_ID}.ts`), CHECK_FILE)
    writeFileSync(join(repo, `__tests__/checks/${NEW_ID}.test.ts`), TEST_FILE)
    const registry = join(repo, 'src/checks/index.ts')
    let text = readFileSync(registry, 'utf8')
    text = edit(
      text,
      "import { modelApiKeyDeclaration } from './model-api-key.js'\n",
      `import { modelApiKeyDeclaration } from './model-api-key.js'\nimport { recipeProbeCheck } from './${NEW_ID}.js'\n`
    )
    text = edit(
      text,
      "  'model-api-key': modelApiKeyCheck\n",
      `  'model-api-key': modelApiKeyCheck,\n  '${NEW_ID}': recipeProbeCheck\n`
    )
    writeFileSync(registry, text)

    // The rest is the generator's.
    const took = {}
    took.docs = run(repo, 'npm', ['run', 'docs']).ms
    log(`npm run docs: ${took.docs} ms`)
    const after = snapshot(repo)
    const changed = [...new Set([...before.keys(), ...after.keys()])]
      .filter(f => before.get(f) !== after.get(f))
      .sort()

    took.typecheck = run(repo, 'npm', ['run', 'typecheck']).ms
    log(`npm run typecheck: ${took.typecheck} ms`)
    const config = join(tmp, 'jest.recipe.config.mjs')
    writeFileSync(
      config,
      `import base from ${JSON.stringify(join(repo, 'jest.config.js'))}\n` +
        `export default { ...base, rootDir: ${JSON.stringify(repo)}, globalSetup: undefined, maxWorkers: 1 }\n`
    )
    const tests = run(repo, join(repo, 'node_modules/.bin/jest'), [
      '-c',
      config,
      `__tests__/checks/${NEW_ID}.test.ts`,
      '__tests__/engine/plan.test.ts',
      '__tests__/repo/docs-sync.test.ts'
    ])
    took.tests = tests.ms
    // All three ran (a path that matched nothing would leave jest running the others).
    if (!/Test Suites: 3 passed, 3 total/.test(tests.output))
      throw new Error(`recipe-check: expected 3 test files to pass:\n${tests.output}`)
    log(`the new check's test, plan.test.ts, docs-sync.test.ts: ${took.tests} ms`)
    const readme = readFileSync(join(repo, 'README.md'), 'utf8')
    return { changed, took, readme, repo }
  } finally {
    if (!keep) rmSync(tmp, { recursive: true, force: true })
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { changed, readme } = recipeCheck({ log: s => console.log(s) })
  const allowed = new Set([...BY_HAND, ...GENERATED])
  const unexpected = changed.filter(f => !allowed.has(f))
  const missing = BY_HAND.filter(f => !changed.includes(f))
  console.log(`changed: ${changed.join(', ')}`)
  const row = readme.includes(`| \`${NEW_ID}\` | Recipe probe |`)
  if (unexpected.length || missing.length || !row) {
    console.error(
      `recipe-check failed: unexpected ${JSON.stringify(unexpected)}, missing ${JSON.stringify(missing)}, README row ${row}`
    )
    process.exit(1)
  }
  console.log(
    'recipe-check: ok (the check, its test, the id list and the registry by hand; npm run docs the rest)'
  )
}
