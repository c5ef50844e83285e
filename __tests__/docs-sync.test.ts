/** action.yml and the README's input/output tables cannot drift from src/config (run `npm run docs`). */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { INPUTS } from '../src/config/inputs.js'
import { OUTPUTS } from '../src/config/outputs.js'
import { VERSION } from '../src/version.js'
import { actionYml, inputsTable, outputsTable, replaceBetween } from '../scripts/generate-docs.js'
import { ROOT } from '../scripts/runner-harness.js'

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

  it('the README opens with the two commands', () => {
    const lines = read('README.md').split('\n').slice(0, 6).join('\n')
    expect(lines).toContain('npm run demo')
    expect(lines).toContain('npm test')
  })

  it('the version in src matches package.json', () => {
    expect(JSON.parse(read('package.json')).version).toBe(VERSION)
  })
})
