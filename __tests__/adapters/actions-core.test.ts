/**
 * src/adapters/actions-core.ts takes what the action uses of `@actions/core` from core's own modules, so that core's
 * index (and its OIDC client's undici) is never loaded. What the runner reads must not change: every function here
 * writes exactly what `@actions/core`'s public function of the same name writes, on stdout and in the runner's files.
 * A core release that moves these modules fails the import; one that changes what they write fails a comparison.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as seam from '../../src/adapters/actions-core.js'

let dir: string
const saved = { ...process.env }

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'actions-core-'))
})
afterEach(() => {
  process.env = { ...saved }
  rmSync(dir, { recursive: true, force: true })
  jest.restoreAllMocks()
})

/** What `f` writes on stdout, and in the runner's output and state files when `files` is on (awaited). */
async function written(
  f: () => void | Promise<void>,
  files: boolean
): Promise<{ stdout: string; output: string; state: string }> {
  const output = join(dir, 'output')
  const state = join(dir, 'state')
  writeFileSync(output, '')
  writeFileSync(state, '')
  if (files) {
    process.env['GITHUB_OUTPUT'] = output
    process.env['GITHUB_STATE'] = state
  } else {
    delete process.env['GITHUB_OUTPUT']
    delete process.env['GITHUB_STATE']
  }
  let stdout = ''
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  })
  try {
    await f()
  } finally {
    spy.mockRestore()
  }
  // A file command's heredoc delimiter is random per call: compared as a placeholder.
  const same = (s: string) => s.replace(/ghadelimiter_[0-9a-f-]+/g, 'ghadelimiter_X')
  return { stdout, output: same(readFileSync(output, 'utf8')), state: same(readFileSync(state, 'utf8')) }
}

const awkward = 'multi\nline %25 with :: and , and \r a carriage return, 100% sure'

describe('the @actions/core seam writes what @actions/core writes', () => {
  const cases: [string, () => void | Promise<void>, () => void][] = [
    ['setSecret', () => seam.setSecret(awkward), () => core.setSecret(awkward)],
    ['info', () => seam.info(awkward), () => core.info(awkward)],
    ['debug', () => seam.debug(awkward), () => core.debug(awkward)],
    ...(['error', 'warning', 'notice'] as const).map(
      (k): [string, () => void | Promise<void>, () => void] => [
        `${k} with a title`,
        () => seam[k](awkward, { title: 'a: title, with, commas' }),
        () => core[k](awkward, { title: 'a: title, with, commas' })
      ]
    ),
    ['error without properties', () => seam.error('plain'), () => core.error('plain')],
    ['setOutput', () => seam.setOutput('report', awkward), () => core.setOutput('report', awkward)],
    ['saveState', () => seam.saveState('lease', awkward), () => core.saveState('lease', awkward)]
  ]
  for (const files of [true, false])
    it.each(cases)(`%s (${files ? 'file commands' : 'no runner files'})`, async (_, ours, theirs) => {
      const a = await written(ours, files)
      expect(a.stdout + a.output + a.state).not.toBe('')
      expect(a).toEqual(await written(theirs, files))
    })

  it('getInput and getState read the same variables, untrimmed only when asked', () => {
    process.env['INPUT_ATLAS_CLIENT_SECRET'] = '  secret\n'
    process.env['STATE_lease'] = 'entry'
    expect(seam.getInput('atlas client secret', { trimWhitespace: false })).toBe('  secret\n')
    expect(seam.getInput('atlas client secret', { trimWhitespace: false })).toBe(
      core.getInput('atlas client secret', { trimWhitespace: false })
    )
    expect(seam.getInput('atlas client secret')).toBe('secret')
    expect(seam.getInput('absent')).toBe(core.getInput('absent'))
    expect(seam.getState('lease')).toBe(core.getState('lease'))
    for (const v of ['1', '0', 'true']) {
      process.env['RUNNER_DEBUG'] = v
      expect([v, seam.isDebug()]).toEqual([v, core.isDebug()])
    }
  })

  it('the job summary is core.summary itself', async () => {
    expect(await seam.jobSummary()).toBe(core.summary)
  })
})
