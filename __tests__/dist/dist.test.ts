/**
 * dist/ is what the runner executes: it must load (the ESM bundle needs the createRequire shim for digest-fetch's
 * hash dependencies) and it must be rebuilt from the current src/ (this test fails when it is stale).
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DIST, ROOT } from '../../scripts/runner-harness.js'

function files(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? files(dir, join(prefix, e.name)) : [join(prefix, e.name)]
  )
}

describe('dist/', () => {
  it('is up to date with src/ (run `npm run bundle` and commit dist/)', () => {
    // The test run's own build of src/ (global setup), or a fresh one when the tests were pointed at dist/ itself.
    const committed = join(ROOT, 'dist')
    const own = DIST !== committed
    const fresh = own ? DIST : mkdtempSync(join(tmpdir(), 'dist-check-'))
    try {
      if (!own)
        execFileSync(process.execPath, [join(ROOT, 'scripts/bundle.js'), '--out', fresh], {
          cwd: ROOT,
          stdio: 'pipe'
        })
      const names = files(fresh).sort()
      expect(files(committed).sort()).toEqual(names)
      for (const f of names) {
        const same = readFileSync(join(fresh, f)).equals(readFileSync(join(committed, f)))
        expect([f, same]).toEqual([f, true])
      }
    } finally {
      if (!own) rmSync(fresh, { recursive: true, force: true })
    }
  }, 120_000)

  it('loads and runs as an ES module (digest-fetch needs require at load)', () => {
    const r = spawnSync(process.execPath, [join(DIST, 'cli/index.js'), '--version'], {
      encoding: 'utf8'
    })
    expect(r.stderr).toBe('')
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })
})
