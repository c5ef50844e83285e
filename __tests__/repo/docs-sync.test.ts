/**
 * action.yml and the README's check, input/output and troubleshooting tables cannot drift from src/config and the findings
 * the checks declare (run `npm run docs`).
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { INPUTS } from '../../src/config/inputs.js'
import { fillFromEnvironment } from '../../src/config/environment.js'
import { parseConfig } from '../../src/config/config.js'
import { OUTPUTS } from '../../src/config/outputs.js'
import { VERSION } from '../../src/version.js'
import {
  actionYml,
  checksTable,
  GENERATED_HEADER,
  inputsTable,
  outputsTable,
  replaceBetween,
  reportSchema,
  troubleshootingPage,
  troubleshootingTable
} from '../../scripts/generate-docs.js'
import { anchorOf } from '../../src/report/summary.js'
import { CHECK_IDS, EXTRA_SOURCES } from '../../src/core/check-ids.js'
import { declaredFindings } from '../../src/core/finding.js'
import { REGISTRY } from '../../src/checks/index.js'
import { RUNNER_FINDINGS } from '../../src/runner.js'
import { INPUT_FINDINGS } from '../../src/config/findings.js'
import { FLEET_FINDINGS } from '../../src/fleet/findings.js'
import { ROOT } from '../../scripts/runner-harness.js'
import { withBenchTable } from '../../bench/readme.js'

const read = (f: string) => readFileSync(join(ROOT, f), 'utf8')

describe('docs stay in sync', () => {
  it('action.yml is generated from the input and output definitions', () => {
    expect(read('action.yml')).toBe(actionYml(INPUTS as never, OUTPUTS as never))
  })

  it('action.yml says it is generated and by what, so nobody edits it by hand', () => {
    const head = read('action.yml').split('\n').slice(0, GENERATED_HEADER.length)
    expect(head).toEqual(GENERATED_HEADER)
    expect(head.join('\n')).toContain('npm run docs')
  })

  it("the README's check table is the registry's: one row per check, in report order, with its title and summary", () => {
    const readme = read('README.md')
    expect(readme).toBe(replaceBetween(readme, 'checks', checksTable(REGISTRY)))
    const section = readme.slice(
      readme.indexOf('<!-- checks:start -->'),
      readme.indexOf('<!-- checks:end -->')
    )
    const rows = [...section.matchAll(/^\| `([^`]+)` \| ([^|]+) \|/gm)].map(m => [m[1], m[2]])
    expect(rows).toEqual(REGISTRY.map(c => [c.id, c.title]))
    expect(rows.map(([id]) => id)).toEqual([...CHECK_IDS])
    for (const c of REGISTRY) expect([c.id, c.summary.trim().length > 20]).toEqual([c.id, true])
  })

  it('the check table keeps a row one line and escapes pipes', () => {
    const check = { id: 'x', title: 'X', summary: 'a | b' }
    expect(checksTable([check])).toContain('| `x` | X | a \\| b |')
    expect(() => checksTable([{ ...check, summary: 'one\ntwo' }])).toThrow(/one line/)
  })

  it('action.yml runs dist/index.js on node24, its post step always, and declares every input and output', () => {
    const yml = parse(read('action.yml'))
    expect(yml.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/post/index.js',
      'post-if': 'always()'
    })
    expect(Object.keys(yml.inputs)).toEqual(INPUTS.map(i => i.name))
    expect(Object.keys(yml.outputs)).toEqual(Object.keys(OUTPUTS))
    expect(yml.branding).toBeDefined()
  })

  it('an environment variable applies in the action: an input that reads one has no action.yml default', () => {
    // The runner fills every input from action.yml's default: a default there would always hide the variable.
    const yml = parse(read('action.yml')) as { inputs: Record<string, { default?: string }> }
    const given = Object.fromEntries(Object.entries(yml.inputs).map(([name, i]) => [name, i.default ?? '']))
    const gov = 'https://cloud.mongodbgov.com'
    const filled = fillFromEnvironment(given, { MONGODB_ATLAS_BASE_URL: gov })
    expect(filled.inputs['atlas-base-url']).toBe(gov)
    expect(filled.sources['atlas-base-url']).toBe('MONGODB_ATLAS_BASE_URL')
    for (const i of INPUTS.filter(x => x.env?.length))
      expect([i.name, yml.inputs[i.name]?.default]).toEqual([i.name, undefined])
    // Without the variable the parser still applies the default, which the description names.
    expect(parseConfig(fillFromEnvironment(given, {}).inputs).config.atlas.baseUrl).toBe(
      'https://cloud.mongodb.com'
    )
    expect(read('action.yml')).toContain(
      'Default: https://cloud.mongodb.com, unless MONGODB_ATLAS_BASE_URL is set.'
    )
  })

  it('the README tables match the definitions', () => {
    const readme = read('README.md')
    let expected = replaceBetween(readme, 'inputs', inputsTable(INPUTS as never))
    expected = replaceBetween(expected, 'outputs', outputsTable(OUTPUTS as never))
    expect(readme).toBe(expected)
  })

  it("the report schema's check ids are the registry's (npm run docs)", () => {
    const text = read('docs/report-schema.json')
    expect(JSON.parse(text)).toEqual(JSON.parse(reportSchema(text, [...CHECK_IDS, ...EXTRA_SOURCES])))
    expect(JSON.parse(text).$defs.check.properties.id.enum).toEqual([
      'inputs',
      ...CHECK_IDS,
      ...EXTRA_SOURCES
    ])
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

  it("the README's troubleshooting table is generated from the declared findings", () => {
    const declared = [
      INPUT_FINDINGS,
      ...REGISTRY.map(c => c.findings),
      FLEET_FINDINGS,
      RUNNER_FINDINGS
    ].flatMap(t => declaredFindings(t))
    const table = troubleshootingTable(declared)
    const readme = read('README.md')
    expect(readme).toBe(replaceBetween(readme, 'troubleshooting', table))
    // Every error and warning is a row, shared ones once as `*/id`; notices are not, except the fleet's.
    const rows = [...table.matchAll(/^\| `([^`]+)` \|/gm)].map(m => m[1])
    const expected = new Set(
      declared.filter(d => d.severity !== 'notice' || d.id.startsWith('fleet/')).map(d => d.id)
    )
    expect(new Set(rows)).toEqual(expected)
    expect(rows).toHaveLength(expected.size)
    expect(rows).toEqual(
      expect.arrayContaining(['atlas-read/project-not-found', '*/atlas-unreachable', '*/deadline'])
    )
    expect(rows).not.toContain('atlas-read/readable')
  })

  it('docs/troubleshooting.md has a heading, the anchor the summary links to, for every id a check can raise', () => {
    const tables = [
      { check: 'inputs', declared: declaredFindings(INPUT_FINDINGS) },
      ...REGISTRY.map(c => ({
        check: c.id,
        declared: [...declaredFindings(c.findings), ...declaredFindings(RUNNER_FINDINGS)]
      })),
      { check: 'fleet', declared: declaredFindings(FLEET_FINDINGS) }
    ]
    const page = troubleshootingPage(tables)
    // Every fleet id, notices included, has its entry.
    for (const d of declaredFindings(FLEET_FINDINGS)) expect(page).toContain(`### ${d.id}\n`)
    expect(read('docs/troubleshooting.md').trim()).toBe(page.trim())
    // GitHub's heading anchors, as the summary builds them (lower case, `/` dropped).
    const anchors = new Set(
      [...page.matchAll(/^### (.+)$/gm)].map(m => m[1]!.toLowerCase().replace(/[^a-z0-9 _-]/g, ''))
    )
    for (const id of [
      'atlas-read/project-not-found',
      'atlas-read/atlas-unreachable',
      'atlas-auth/bad-api-key'
    ])
      expect(anchors).toContain(anchorOf(id))
  })

  it('the troubleshooting table escapes pipes and refuses one id declared two ways', () => {
    const spec = { id: 'x/y', severity: 'error', title: 'a | b', fix: 'c' }
    expect(troubleshootingTable([spec, spec])).toContain('| `x/y` | a \\| b | c |')
    expect(() => troubleshootingTable([spec, { ...spec, fix: 'd' }])).toThrow(/x\/y/)
    // A fix that says "minimum $25" is text, not a replacement pattern.
    const text = '<!-- t:start -->\nold\n<!-- t:end -->'
    expect(replaceBetween(text, 't', 'minimum $25 $&')).toBe(
      '<!-- t:start -->\nminimum $25 $&\n<!-- t:end -->'
    )
  })
})
