/**
 * Every declared error and warning finding id is named by a unit test. The declared ids are the checks' tables
 * (`findings` in the registry, each with the shared Atlas failures it can raise), the inputs' and the runner's.
 * The ids a test names are found as quoted `check/id` strings in the unit test files. A shared id
 * (`*\/atlas-unreachable`, `*\/deadline`) is covered when some test names it for some check that can raise it.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { declaredFindings } from '../../src/core/finding.js'
import { REGISTRY } from '../../src/checks/index.js'
import { RUNNER_FINDINGS } from '../../src/runner.js'
import { INPUT_FINDINGS } from '../../src/config/findings.js'
import { FLEET_FINDINGS } from '../../src/fleet/findings.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8')
const files = (dir: string, ext: string): string[] =>
  existsSync(join(ROOT, dir))
    ? readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap(e =>
        e.isDirectory() ? files(`${dir}/${e.name}`, ext) : e.name.endsWith(ext) ? [`${dir}/${e.name}`] : []
      )
    : []

/** The unit tests: the tree that mirrors src/. */
const TEST_FILES = [
  ...files('__tests__/checks', '.test.ts'),
  ...files('__tests__/engine', '.test.ts').filter(f => !f.endsWith('finding-ids.test.ts')),
  ...files('__tests__/config', '.test.ts'),
  ...files('__tests__/fleet', '.test.ts')
]

/**
 * Ids no unit test names yet, each with the reason. The list must stay exact: naming one in a test fails this file
 * until it is removed here, so the list only shrinks.
 */
const NOT_YET_NAMED: Record<string, string> = {}

/** Error and warning ids as declared: `check/id` for a check's own, `*\/id` for one several checks share. */
function idsDeclared(): string[] {
  const out = new Set<string>()
  for (const table of [INPUT_FINDINGS, ...REGISTRY.map(c => c.findings), FLEET_FINDINGS, RUNNER_FINDINGS])
    for (const d of declaredFindings(table)) if (d.severity !== 'notice') out.add(d.id)
  return [...out].sort()
}

/** For a shared id, the checks that declare they can raise it (every check, for the runner's). */
function raisers(id: string): string[] {
  if (declaredFindings(RUNNER_FINDINGS).some(d => d.id === id)) return REGISTRY.map(c => c.id)
  return REGISTRY.filter(c => declaredFindings(c.findings).some(d => d.id === id)).map(c => c.id)
}

function idsInTests(): Set<string> {
  const out = new Set<string>()
  for (const file of TEST_FILES)
    for (const m of read(file).matchAll(/['"`]([a-z][a-z0-9-]*\/[a-z][a-z0-9-]*)['"`]/g))
      out.add(m[1] as string)
  return out
}

const named = (id: string, tested: Set<string>) =>
  id.startsWith('*/') ? raisers(id).some(check => tested.has(`${check}${id.slice(1)}`)) : tested.has(id)

describe('finding ids', () => {
  const source = idsDeclared()
  const tested = idsInTests()

  it('finds the declared ids and the ids the unit tests name (the collection itself works)', () => {
    expect(source.length).toBeGreaterThan(60)
    expect(source).toEqual(
      expect.arrayContaining(['atlas-read/project-not-found', '*/atlas-unreachable', '*/deadline'])
    )
    expect(TEST_FILES.length).toBeGreaterThan(10)
    expect(tested.has('atlas-read/project-not-found')).toBe(true)
  })

  it('every declared error and warning id is named by a unit test', () => {
    const missing = source.filter(id => !named(id, tested) && !(id in NOT_YET_NAMED))
    expect(missing).toEqual([])
  })

  it('the list of ids not yet named is exact (it only shrinks)', () => {
    const stale = Object.keys(NOT_YET_NAMED).filter(id => named(id, tested) || !source.includes(id))
    expect(stale).toEqual([])
  })
})
