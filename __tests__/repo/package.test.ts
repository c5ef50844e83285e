/**
 * The npm package is the CLI: it runs from the bundle, so it has no runtime dependencies, ships what exists (no
 * sources, tests or sandbox fixtures), includes the licence and the third-party notices, and the README's `npx`
 * line works from the packed tarball with no registry at all. It ships only what the CLI loads: the shared bundle's
 * hub and the chunks the CLI can reach, not the action's entries, its notices or the chunks only the action loads
 * (@actions/core, @actions/github; scripts/bundle.js lists them in dist/bundle/.npmignore).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
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

  it('ships the bin, the CLI with its notices, the licence and the docs, and nothing else', () => {
    for (const f of [
      'bin/atlas-preflight.js',
      // dist/ is CommonJS in an ES module package: without this file the CLI cannot load
      'dist/package.json',
      'dist/cli/index.js',
      'dist/cli/licenses.txt',
      'dist/bundle/index.js',
      'LICENSE',
      'README.md',
      'CHANGELOG.md',
      'package.json'
    ])
      expect(files).toContain(f)
    expect(files.filter(f => /^(src|__tests__|sandbox|scripts|bench|docs)\//.test(f))).toEqual([])
  })

  it("leaves out what only the action loads: its entries, its notices, action.yml and the action's chunks", () => {
    for (const f of ['dist/index.js', 'dist/post/index.js', 'dist/licenses.txt', 'action.yml'])
      expect(files).not.toContain(f)
    const actionOnly = readFileSync(join(ROOT, 'dist/bundle/.npmignore'), 'utf8')
      .split('\n')
      .filter(l => l && !l.startsWith('#'))
    expect(actionOnly.length).toBeGreaterThan(0)
    for (const f of actionOnly) expect(files).not.toContain(`dist/bundle/${f}`)
    // the chunks that hold @actions/* (the runner's toolkit, which the CLI never loads) are among them
    const shipped = files.filter(f => f.startsWith('dist/bundle/') && f.endsWith('.js'))
    expect(shipped.length).toBeGreaterThan(1)
    for (const f of shipped)
      expect([f, readFileSync(join(ROOT, f), 'utf8').includes('MODULE: ./node_modules/@actions/')]).toEqual([
        f,
        false
      ])
    const all = readdirSync(join(ROOT, 'dist/bundle')).filter(f => f.endsWith('.js'))
    expect(
      all.some(f =>
        readFileSync(join(ROOT, 'dist/bundle', f), 'utf8').includes('MODULE: ./node_modules/@actions/')
      )
    ).toBe(true)
  })

  /** The packed package installed once (offline), as npx installs it; its bin. */
  let bin = ''
  const installed = () => {
    if (bin) return bin
    const prefix = join(tmp, 'install')
    execFileSync('npm', ['install', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], {
      stdio: 'pipe'
    })
    return (bin = join(prefix, 'node_modules/.bin/atlas-preflight'))
  }

  it("the README's npx line works from the packed tarball, offline", () => {
    const bin = installed()
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version)
    const help = execFileSync(bin, ['--help'], { encoding: 'utf8' })
    expect(help).toContain('--atlas-project-id')
  }, 120_000)

  // The chunks the CLI loads only on some paths are in the package: a missing one would surface as an internal
  // error or an ERR_MODULE_NOT_FOUND in atlas-auth's finding instead of what the server answered.
  const API_KEY = [
    '--atlas-public-key',
    'abcdefgh',
    '--atlas-private-key',
    '0b0e4f4e-5e2a-4c53-9d7e-3d5a4e0c1f2a'
  ]
  const ARGS = [...API_KEY, '--atlas-project-id', '0123456789abcdef01234567', '--checks', 'atlas-auth']
  const runBin = (args: string[], env: Record<string, string> = {}) =>
    new Promise<string>(resolve => {
      execFile(
        installed(),
        args,
        { env: { PATH: process.env['PATH'] ?? '', ...env } },
        (_e, stdout, stderr) => resolve(stdout + stderr)
      )
    })

  it('the packed CLI loads Digest auth when Atlas challenges an API key (the digest-fetch chunk)', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(401, {
        'WWW-Authenticate':
          'Digest realm="MMS Public API", domain="", nonce="OFGhx7T3Fak3", algorithm=MD5, qop="auth", stale=false',
        'Content-Type': 'application/json'
      })
      res.end(
        '{"detail":"You are not authorized for this resource.","error":401,"errorCode":"USER_UNAUTHORIZED"}'
      )
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const out = await runBin([...ARGS, '--atlas-base-url', `http://127.0.0.1:${port}`])
      // the challenge was answered with Digest (a second request), and Atlas's refusal is what the user reads
      expect(out).toContain('USER_UNAUTHORIZED')
      expect(out).not.toMatch(/internal-error|ERR_MODULE_NOT_FOUND/)
    } finally {
      server.close()
    }
  }, 60_000)

  it('the packed CLI loads the proxy agent behind HTTPS_PROXY (the undici chunk)', async () => {
    // port 1, where nothing listens (never an ephemeral port, which another test's server could be given): the proxy
    // refuses, and the finding says Atlas could not be reached
    const out = await runBin(ARGS, { HTTPS_PROXY: 'http://127.0.0.1:1' })
    expect(out).toContain('atlas-auth/atlas-unreachable')
    expect(out).not.toMatch(/internal-error|MODULE_NOT_FOUND|could not load its bundle/)
  }, 60_000)
})
