/**
 * dist/ is what the runner executes: it must load as the CommonJS it is built as (from ES module sources) and sign
 * Digest requests (digest-fetch's hash dependencies call `require` when they load, which only a CommonJS bundle has
 * in scope), and it must be rebuilt from the current src/ (this test fails when it is stale). Each entry of scripts/bundle.js is a thin file that starts its code in the
 * one shared bundle, and action.yml runs those.
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parse } from 'yaml'
import { ENTRIES, SHARED_DIR, entry } from '../../scripts/entries.js'
import { DIST, ROOT, runAction } from '../../scripts/runner-harness.js'
import { startSandbox } from '../../sandbox/index.js'

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

  it('loads and runs as CommonJS (dist/package.json says so; the project itself is ES modules)', () => {
    expect(JSON.parse(readFileSync(join(DIST, 'package.json'), 'utf8'))).toEqual({ type: 'commonjs' })
    const r = spawnSync(process.execPath, [join(DIST, 'cli/index.js'), '--version'], {
      encoding: 'utf8'
    })
    expect(r.stderr).toBe('')
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it('signs Digest requests (digest-fetch, loaded on first use, calls require as it loads)', async () => {
    const sandbox = await startSandbox({ scenario: 'healthy-api-key' })
    try {
      const r = await runAction(sandbox.inputs())
      expect([r.outputs['status'], r.outputs['auth-method']]).toEqual(['pass', 'api-key'])
      expect(sandbox.stats.digestChallenges).toBe(1)
    } finally {
      await sandbox.stop()
    }
  })

  it("action.yml runs the action's and the post step's entries, and every entry is a thin file", () => {
    const runs = (parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { runs: Record<string, string> }).runs
    expect([runs['main'], runs['post']]).toEqual([`dist/${entry('action').file}`, `dist/${entry('post').file}`])
    for (const e of ENTRIES) {
      const text = readFileSync(join(DIST, e.file), 'utf8')
      expect([e.file, text]).toEqual([e.file, expect.stringContaining(`${SHARED_DIR}/index.js`)])
      // the code itself is in the shared bundle, once: an entry is a few lines
      expect([e.file, statSync(join(DIST, e.file)).size < 1024]).toEqual([e.file, true])
    }
  })

  it('an entry whose shared bundle is missing says so in one line, without a stack trace', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'dist-broken-'))
    try {
      writeFileSync(join(tmp, 'package.json'), '{ "type": "commonjs" }\n')
      const ran = ENTRIES.map(e => {
        mkdirSync(dirname(join(tmp, e.file)), { recursive: true })
        copyFileSync(join(DIST, e.file), join(tmp, e.file))
        const r = spawnSync(process.execPath, [join(tmp, e.file)], { encoding: 'utf8' })
        return { name: e.name, status: r.status, out: r.stdout + r.stderr }
      })
      for (const r of ran) {
        expect(r.out).toContain('could not load its bundle (MODULE_NOT_FOUND)')
        expect(r.out).toContain('npm run bundle')
        expect(r.out).not.toMatch(/\n\s+at /)
        expect(r.out.trim().split('\n')).toHaveLength(1)
      }
      // the runner sees the action fail with an annotation; the post step warns and never fails the job
      expect(ran.map(r => [r.name, r.status, r.out.slice(0, 10)])).toEqual([
        ['action', 1, '::error ti'],
        ['post', 0, '::warning '],
        ['cli', 1, 'atlas-pref']
      ])
    } finally {
      rmSync(tmp, { recursive: true, force: true })
    }
  })
})
