/** action.yml and the README's input/output tables cannot drift from src/config (run `npm run docs`). */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { INPUTS } from '../src/config/inputs.js'
import { OUTPUTS } from '../src/config/outputs.js'
import { VERSION } from '../src/version.js'
import {
  actionYml,
  inputsTable,
  outputsTable,
  replaceBetween,
  reportSchema
} from '../scripts/generate-docs.js'
import { CHECK_IDS } from '../src/core/check-ids.js'
import { ROOT } from '../scripts/runner-harness.js'
import { withBenchTable } from '../bench/readme.js'

const read = (f: string) => readFileSync(join(ROOT, f), 'utf8')

describe('docs stay in sync', () => {
  it('action.yml is generated from the input and output definitions', () => {
    expect(read('action.yml')).toBe(actionYml(INPUTS as never, OUTPUTS as never))
  })

  it('action.yml runs dist/index.js on node24 and declares every input and output', () => {
    const yml = parse(read('action.yml'))
    expect(yml.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    expect(Object.keys(yml.inputs)).toEqual(INPUTS.map(i => i.name))
    expect(Object.keys(yml.outputs)).toEqual(Object.keys(OUTPUTS))
    expect(yml.branding).toBeDefined()
  })

  it('the README tables match the definitions', () => {
    const readme = read('README.md')
    let expected = replaceBetween(readme, 'inputs', inputsTable(INPUTS as never))
    expected = replaceBetween(expected, 'outputs', outputsTable(OUTPUTS as never))
    expect(readme).toBe(expected)
  })

  it("the report schema's check ids are the registry's (npm run docs)", () => {
    const text = read('docs/report-schema.json')
    expect(JSON.parse(text)).toEqual(JSON.parse(reportSchema(text, CHECK_IDS)))
    expect(JSON.parse(text).$defs.check.properties.id.enum).toEqual(['inputs', ...CHECK_IDS])
  })

  it('the README opens with the two commands', () => {
    const lines = read('README.md').split('\n').slice(0, 6).join('\n')
    expect(lines).toContain('npm run demo')
    expect(lines).toContain('npm test')
  })

  it("the README's performance figures are bench/latest.json's (npm run bench writes both)", () => {
    const readme = read('README.md')
    expect(readme).toBe(withBenchTable(readme, JSON.parse(read('bench/latest.json'))))
    expect(readme).toContain('Targets met: ')
  })

  it('the version in src matches package.json', () => {
    expect(JSON.parse(read('package.json')).version).toBe(VERSION)
  })

  it('every error and warning finding in src/ is in the README troubleshooting table', () => {
    const section = read('README.md').split('## Troubleshooting, by finding id')[1]?.split('\n## ')[0] ?? ''
    const listed = new Set([...section.matchAll(/`([a-z*-]+\/[a-z*-]+)`/g)].map(m => m[1] as string))
    const ids = findingIdsInSource()
    expect(ids.length).toBeGreaterThan(60)
    const missing = ids.filter(
      ({ id }) =>
        !listed.has(id) && !listed.has(`*/${id.split('/')[1]}`) && !listed.has(`${id.split('/')[0]}/*`)
    )
    expect(missing).toEqual([])
  })
})

/** Finding ids as the source builds them: finding(check, id, severity, …), the secrets check's add(id, severity,
 * …) and its paste-problem ids; a check passed as a variable (shared failure wording) gives `*\/id`. */
function findingIdsInSource(): { id: string; file: string }[] {
  const out: { id: string; file: string }[] = []
  const files = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap(e =>
      e.isDirectory() ? files(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : []
    )
  for (const file of files('src')) {
    const text = read(file)
    for (const m of text.matchAll(
      /finding\(\s*(?:'([a-z0-9-]+)'|[\w.]+)\s*,\s*([^,]+?)\s*,\s*([^,]+?)\s*,/g
    )) {
      if (m[3] === "'notice'") continue
      const idExpr = (m[2] as string).replace(/^[^?]*\?/, '') // a ternary: only its branches
      for (const q of idExpr.matchAll(/'([a-z0-9-]+)'/g)) out.push({ id: `${m[1] ?? '*'}/${q[1]}`, file })
    }
    for (const m of text.matchAll(/\badd\(\s*'([a-z0-9-]+)'\s*,\s*([^,]+?)\s*,/g)) {
      if (m[2] !== "'notice'") out.push({ id: `secrets/${m[1]}`, file })
    }
    if (file.endsWith('secret-formats.ts')) {
      for (const m of text.matchAll(/^\s+id: '([a-z0-9-]+)'/gm)) out.push({ id: `secrets/${m[1]}`, file })
    }
  }
  return out
}
