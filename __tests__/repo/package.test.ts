/**
 * The npm package is the CLI: it runs from the bundle, so it has no runtime dependencies, ships what exists (no
 * sources, tests or sandbox fixtures), includes the licence and the third-party notices, and the README's `npx`
 * line works from the packed tarball with no registry at all.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../../scripts/runner-harness.js'

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string
  dependencies?: Record<string, string>
  files: string[]
  bin: Record<string, string>
}

describe('the npm package', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'pack-'))
  let files: string[] = []
  let tarball = ''
  beforeAll(() => {
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], {
      cwd: ROOT,
      encoding: 'utf8'
    })
    const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[]
    files = info!.files.map(f => f.path)
    tarball = join(tmp, info!.filename)
  }, 60_000)
  afterAll(() => rmSync(tmp, { recursive: true, force: true }))

  it('has no runtime dependencies: the bin runs from the bundle', () => {
    expect(pkg.dependencies ?? {}).toEqual({})
  })

  it('lists in `files` only what exists', () => {
    for (const f of pkg.files) expect([f, existsSync(join(ROOT, f))]).toEqual([f, true])
  })

  it('ships the bin, both bundles with their notices, the licence and the docs, and nothing else', () => {
    for (const f of [
      'bin/atlas-preflight.js',
      'dist/cli/index.js',
      'dist/cli/licenses.txt',
      'dist/index.js',
      'dist/licenses.txt',
      'LICENSE',
      'README.md',
      'CHANGELOG.md',
      'action.yml',
      'package.json'
    ])
      expect(files).toContain(f)
    expect(files.filter(f => /^(src|__tests__|sandbox|scripts|bench|docs)\//.test(f))).toEqual([])
  })

  it("the README's npx line works from the packed tarball, offline", () => {
    const prefix = join(tmp, 'install')
    execFileSync('npm', ['install', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], {
      stdio: 'pipe'
    })
    const bin = join(prefix, 'node_modules/.bin/atlas-preflight')
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version)
    const help = execFileSync(bin, ['--help'], { encoding: 'utf8' })
    expect(help).toContain('--atlas-project-id')
  }, 120_000)
})
