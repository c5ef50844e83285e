/** `merge-reports`: paths and globs, newline- or comma-separated, relative to the working directory. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expandGlobs } from '../../src/fleet/glob.js'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'globs-'))
  for (const f of ['reports/chunk-1.json', 'reports/sub/chunk-2.json', 'other/chunk-3.json', 'notes.txt']) {
    mkdirSync(join(dir, f, '..'), { recursive: true })
    writeFileSync(join(dir, f), '{}')
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('expandGlobs', () => {
  it('expands * within a folder, ** across folders, and keeps plain paths as given', async () => {
    expect(await expandGlobs('reports/*.json', dir)).toEqual(['reports/chunk-1.json'])
    expect(await expandGlobs('./reports/**/*.json', dir)).toEqual([
      'reports/chunk-1.json',
      'reports/sub/chunk-2.json'
    ])
    expect(await expandGlobs('**/chunk-?.json', dir)).toEqual([
      'other/chunk-3.json',
      'reports/chunk-1.json',
      'reports/sub/chunk-2.json'
    ])
    expect(await expandGlobs('reports/*.json, missing.json\nother/*.json', dir)).toEqual([
      'reports/chunk-1.json',
      'missing.json',
      'other/chunk-3.json'
    ])
  })

  it('a pattern under a folder that does not exist matches nothing, and no file is named twice', async () => {
    expect(await expandGlobs('nowhere/**/*.json', dir)).toEqual([])
    expect(await expandGlobs('reports/*.json,reports/chunk-*.json', dir)).toEqual(['reports/chunk-1.json'])
  })
})
