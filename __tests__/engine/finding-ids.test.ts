/**
 * Every declared error and warning finding id is asserted by a unit test. The declared ids are the checks' tables
 * (`findings` in the registry, each with the shared Atlas failures it can raise), the inputs' and the runner's.
 * The ids a test asserts are recorded while the unit tests run (`helpers/assertion-recorder.js`): an id counts when
 * a passing assertion expects it, never for a mention in a comment, a test's name or data no assertion compares.
 * A shared id (`*\/atlas-unreachable`, `*\/deadline`) is covered when some test asserts it for some check that can
 * raise it.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { declaredFindings } from '../../src/core/finding.js'
import { REGISTRY } from '../../src/checks/index.js'
import { RUNNER_FINDINGS } from '../../src/runner.js'
import { INPUT_FINDINGS } from '../../src/config/findings.js'
import { FLEET_FINDINGS } from '../../src/fleet/findings.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
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
  ...files('__tests__/lease', '.test.ts'),
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

/** Run the given unit test files with the recorder; the ids their passing assertions expected. */
function idsAsserted(
  testFiles: string[],
  more: string[] = []
): { ids: Set<string>; status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'asserted-ids-'))
  const out = join(dir, 'ids.txt')
  try {
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/jest/bin/jest.js'),
        '-c',
        join(ROOT, 'jest.unit.config.js'),
        '--setupFilesAfterEnv=./__tests__/helpers/assertion-recorder.js',
        ...more,
        '--runTestsByPath',
        ...testFiles
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          ...process.env,
          NODE_OPTIONS: '--experimental-vm-modules',
          NODE_NO_WARNINGS: '1',
          ATLAS_PREFLIGHT_ASSERTED_IDS: out
        }
      }
    )
    const text = existsSync(out) ? readFileSync(out, 'utf8') : ''
    return { ids: new Set(text.split('\n').filter(Boolean)), status: r.status, output: r.stderr.slice(-2000) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const named = (id: string, tested: Set<string>) =>
  id.startsWith('*/') ? raisers(id).some(check => tested.has(`${check}${id.slice(1)}`)) : tested.has(id)

describe('finding ids', () => {
  const source = idsDeclared()
  let tested = new Set<string>()
  beforeAll(() => {
    const run = idsAsserted(TEST_FILES)
    if (run.status !== 0)
      throw new Error(`the unit tests failed, so no id counts as asserted:\n${run.output}`)
    tested = run.ids
  }, 300_000)

  it('finds the declared ids and the ids the unit tests assert (the collection itself works)', () => {
    expect(source.length).toBeGreaterThan(60)
    expect(source).toEqual(
      expect.arrayContaining(['atlas-read/project-not-found', '*/atlas-unreachable', '*/deadline'])
    )
    expect(TEST_FILES.length).toBeGreaterThan(10)
    expect(tested.has('atlas-read/project-not-found')).toBe(true)
  })

  it('a mention in a comment, a test name or an unasserted table is not an assertion; an expected value is', () => {
    const probe = idsAsserted(['__tests__/helpers/recorder-probe.probe.ts'], ['--testMatch=**/*.probe.ts'])
    expect(probe.status).toBe(0)
    expect([...probe.ids].sort()).toEqual(['probe/asserted', 'probe/asserted-in-table', 'probe/asymmetric'])
  }, 120_000)

  it('every declared error and warning id is asserted by a unit test', () => {
    const missing = source.filter(id => !named(id, tested) && !(id in NOT_YET_NAMED))
    expect(missing).toEqual([])
  })

  it('the list of ids not yet named is exact (it only shrinks)', () => {
    const stale = Object.keys(NOT_YET_NAMED).filter(id => named(id, tested) || !source.includes(id))
    expect(stale).toEqual([])
  })
})
