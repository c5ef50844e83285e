/**
 * Every error and warning finding id in src/ is named by a unit test. The ids in src/ are found as
 * docs-sync.test.ts finds them (a regular expression over the `finding(…)` calls; to be replaced by the checks'
 * declared finding tables). The ids a test names are found as quoted `check/id` strings in the unit test files.
 * An id built by a shared helper (`*\/atlas-unreachable`, `*\/deadline`) is covered when some test names it for
 * some check; each check's own test names the ones that check can raise.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8')
const files = (dir: string, ext: string): string[] =>
  existsSync(join(ROOT, dir))
    ? readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap(e =>
        e.isDirectory() ? files(`${dir}/${e.name}`, ext) : e.name.endsWith(ext) ? [`${dir}/${e.name}`] : []
      )
    : []

/** The unit tests: the mirrored tree, and the two older files that test a check and the inputs. */
const TEST_FILES = [
  ...files('__tests__/checks', '.test.ts'),
  ...files('__tests__/engine', '.test.ts').filter(f => !f.endsWith('finding-ids.test.ts')),
  ...files('__tests__/config', '.test.ts'),
  ...['__tests__/secrets.test.ts', '__tests__/config.test.ts'].filter(f => existsSync(join(ROOT, f)))
]

/**
 * Ids no unit test names yet, each with the reason. The list must stay exact: naming one in a test fails this file
 * until it is removed here, so the list only shrinks.
 */
const NOT_YET_NAMED: Record<string, string> = {
  'secrets/inner-whitespace': '__tests__/secrets.test.ts has no case for a space inside a value',
  'inputs/revoke-and-export': '__tests__/config.test.ts has no case for revoke-token with export-token'
}

/** Error and warning ids as the source builds them (the regular expressions of docs-sync.test.ts). */
function idsInSource(): string[] {
  const out = new Set<string>()
  for (const file of files('src', '.ts')) {
    const text = read(file)
    for (const m of text.matchAll(
      /finding\(\s*(?:'([a-z0-9-]+)'|[\w.]+)\s*,\s*([^,]+?)\s*,\s*([^,]+?)\s*,/g
    )) {
      if (m[3] === "'notice'") continue
      const idExpr = (m[2] as string).replace(/^[^?]*\?/, '') // a ternary: only its branches
      for (const q of idExpr.matchAll(/'([a-z0-9-]+)'/g)) out.add(`${m[1] ?? '*'}/${q[1]}`)
    }
    for (const m of text.matchAll(/\badd\(\s*'([a-z0-9-]+)'\s*,\s*([^,]+?)\s*,/g))
      if (m[2] !== "'notice'") out.add(`secrets/${m[1]}`)
    if (file.endsWith('secret-formats.ts'))
      for (const m of text.matchAll(/^\s+id: '([a-z0-9-]+)'/gm)) out.add(`secrets/${m[1]}`)
  }
  return [...out].sort()
}

function idsInTests(): Set<string> {
  const out = new Set<string>()
  for (const file of TEST_FILES)
    for (const m of read(file).matchAll(/['"`]([a-z][a-z0-9-]*\/[a-z][a-z0-9-]*)['"`]/g))
      out.add(m[1] as string)
  return out
}

const named = (id: string, tested: Set<string>) =>
  id.startsWith('*/') ? [...tested].some(t => t.endsWith(id.slice(1))) : tested.has(id)

describe('finding ids', () => {
  const source = idsInSource()
  const tested = idsInTests()

  it('finds the ids in src/ and the unit tests (the collection itself works)', () => {
    expect(source.length).toBeGreaterThan(60)
    expect(source).toEqual(
      expect.arrayContaining(['atlas-read/project-not-found', '*/atlas-unreachable', '*/deadline'])
    )
    expect(TEST_FILES.length).toBeGreaterThan(10)
    expect(tested.has('atlas-read/project-not-found')).toBe(true)
  })

  it('every error and warning id in src/ is named by a unit test', () => {
    const missing = source.filter(id => !named(id, tested) && !(id in NOT_YET_NAMED))
    expect(missing).toEqual([])
  })

  it('the list of ids not yet named is exact (it only shrinks)', () => {
    const stale = Object.keys(NOT_YET_NAMED).filter(id => named(id, tested) || !source.includes(id))
    expect(stale).toEqual([])
  })
})
