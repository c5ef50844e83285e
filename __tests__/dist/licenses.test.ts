/**
 * Third-party licence notices: every npm package whose code is in dist/ (the action, index.js and its chunks) or
 * dist/cli/ (the CLI) has its notice, with version, licence and licence text, in that directory's licenses.txt.
 *
 * What is bundled comes from ncc itself: webpack's stats of the test run's own build of src/ (or a build made here
 * when there is none) list every module of every emitted chunk. scripts/licenses.js writes the notices from the
 * same stats; the last block checks the committed dist/.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import {
  bundledPackageDirs,
  collectNotices,
  packageDir,
  parseNotices,
  readNotice,
  renderNotices,
  writeNotices
} from '../../scripts/licenses.js'
import { ROOT } from '../../scripts/runner-harness.js'

const run = promisify(execFile)
const STATS = process.env['ATLAS_PREFLIGHT_STATS']
const tmp = mkdtempSync(join(tmpdir(), 'licenses-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** A fake package in a temp node_modules. */
function pkg(root: string, name: string, json: Record<string, unknown>, files: Record<string, string> = {}) {
  const dir = join(root, 'node_modules', name)
  mkdirSync(join(dir, 'lib'), { recursive: true })
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, ...json }))
  writeFileSync(join(dir, 'lib/index.js'), 'module.exports = 1\n')
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text)
  return dir
}

describe('which packages a bundle holds (webpack stats)', () => {
  it('packageDir: the deepest node_modules/<name> or node_modules/@scope/<name>', () => {
    expect(packageDir('/r/node_modules/a/lib/x.js')).toBe('/r/node_modules/a')
    expect(packageDir('/r/node_modules/@s/a/lib/x.js')).toBe('/r/node_modules/@s/a')
    expect(packageDir('/r/node_modules/@actions/github/node_modules/@actions/http-client/lib/index.js')).toBe(
      '/r/node_modules/@actions/github/node_modules/@actions/http-client'
    )
    expect(packageDir('./node_modules/ipaddr.js/lib/ipaddr.js + 2 modules', '/r')).toBe(
      '/r/node_modules/ipaddr.js'
    )
    expect(packageDir('/r/node_modules/@vercel/ncc/dist/ncc/@@notfound.js?node-fetch')).toBe(
      '/r/node_modules/@vercel/ncc'
    )
    expect(packageDir('C:\\r\\node_modules\\a\\index.js')).toMatch(/node_modules\/a$/)
    for (const own of [
      '/r/src/index.ts',
      './src/main.ts',
      'webpack/runtime/ensure chunk',
      'external "node:fs"'
    ])
      expect(packageDir(own, '/r')).toBeUndefined()
  })

  it('counts modules in an emitted chunk and those concatenated into one; not orphans or chunkless modules', () => {
    const stats = {
      chunks: [
        { id: 792, files: ['index.js'] },
        { id: 413, files: ['413.index.js'] }
      ],
      modules: [
        {
          name: './src/index.ts + 3 modules',
          nameForCondition: '/r/src/index.ts',
          chunks: [792],
          modules: [
            { name: './src/index.ts', nameForCondition: '/r/src/index.ts', chunks: [] },
            {
              name: './node_modules/@actions/core/lib/core.js',
              nameForCondition: '/r/node_modules/@actions/core/lib/core.js',
              chunks: []
            },
            {
              name: './node_modules/@actions/io/lib/io.js',
              nameForCondition: '/r/node_modules/@actions/io/lib/io.js',
              chunks: []
            }
          ]
        },
        // the same modules again as orphans (how webpack lists concatenated modules at the top level)
        {
          name: './node_modules/@actions/core/lib/core.js',
          nameForCondition: '/r/node_modules/@actions/core/lib/core.js',
          chunks: []
        },
        {
          name: './node_modules/tunnel/index.js',
          nameForCondition: '/r/node_modules/tunnel/index.js',
          chunks: [792]
        },
        {
          name: './node_modules/undici/index.js',
          nameForCondition: '/r/node_modules/undici/index.js',
          chunks: [792, 413]
        },
        {
          name: './node_modules/tree-shaken/index.js',
          nameForCondition: '/r/node_modules/tree-shaken/index.js',
          chunks: []
        },
        { name: 'external "node:fs"', chunks: [792] }
      ],
      children: [
        {
          chunks: [{ id: 1, files: ['child.js'] }],
          modules: [{ name: './node_modules/kid/a.js', chunks: [1] }]
        }
      ]
    }
    const found = bundledPackageDirs(stats, '/r')
    expect(Object.fromEntries([...found].map(([d, f]) => [d, [...f].sort()]))).toEqual({
      '/r/node_modules/@actions/core': ['index.js'],
      '/r/node_modules/@actions/io': ['index.js'],
      '/r/node_modules/tunnel': ['index.js'],
      '/r/node_modules/undici': ['413.index.js', 'index.js'],
      '/r/node_modules/kid': ['child.js']
    })
  })
})

describe('the notices', () => {
  const root = join(tmp, 'project')
  const mit = 'MIT License\r\n\r\nCopyright (c) Someone   \r\n\r\nPermission is hereby granted...\r\n'
  const dirs = {
    a: pkg(root, 'a', { version: '1.0.0', license: 'MIT' }, { 'LICENSE.md': mit }),
    scoped: pkg(
      root,
      '@s/b',
      { version: '2.0.0', license: 'Apache-2.0' },
      { LICENSE: 'Apache License 2.0', NOTICE: 'b, by S.' }
    ),
    legacy: pkg(
      root,
      'legacy',
      { version: '0.1.0', licenses: [{ type: 'MIT', url: 'http://x' }] },
      { 'LICENSE-MIT.txt': 'legacy MIT text' }
    ),
    bsd: pkg(root, 'bsd', { version: '0.0.2', license: 'BSD-3-Clause' }, { 'LICENSE.mkd': 'BSD text' }),
    nofile: pkg(root, 'nofile', { version: '3.0.0', license: 'ISC' }),
    nested: pkg(
      join(root, 'node_modules/a'),
      'a',
      { version: '0.9.0', license: 'MIT' },
      { LICENSE: 'old a' }
    ),
    dupe: pkg(
      join(root, 'node_modules/@s/b'),
      'a',
      { version: '1.0.0', license: 'MIT' },
      { LICENSE: 'dupe a' }
    )
  }
  const stats = {
    chunks: [
      { id: 1, files: ['index.js'] },
      { id: 2, files: ['2.index.js'] }
    ],
    modules: Object.entries(dirs).map(([k, d]) => ({
      nameForCondition: join(d, 'lib/index.js'),
      chunks: [k === 'dupe' ? 2 : 1]
    }))
  }

  it('reads name, version, declared licence and licence text (LICENSE*, LICENCE*, COPYING*, then NOTICE)', () => {
    expect(readNotice(dirs.a)).toMatchObject({
      name: 'a',
      version: '1.0.0',
      license: 'MIT',
      text: 'MIT License\n\nCopyright (c) Someone\n\nPermission is hereby granted...'
    })
    expect(readNotice(dirs.scoped)).toMatchObject({
      name: '@s/b',
      license: 'Apache-2.0',
      text: 'Apache License 2.0\n\nb, by S.'
    })
    expect(readNotice(dirs.legacy)).toMatchObject({ license: 'MIT', text: 'legacy MIT text' })
    expect(readNotice(dirs.bsd).text).toBe('BSD text')
    expect(readNotice(dirs.nofile).text).toBe(
      '(The package ships no licence file; its package.json declares ISC.)'
    )
  })

  it('refuses a package with neither a declared licence nor a licence file, naming it', () => {
    const dir = pkg(join(tmp, 'bad'), 'mystery', { version: '0.0.1' })
    expect(() => readNotice(dir)).toThrow(/mystery@0\.0\.1 .*declares no licence and ships no licence file/)
  })

  it("lists scripts/bundle.js's own undici shim as part of atlas-preflight", () => {
    const dir = pkg(join(tmp, 'shim'), 'undici', { version: '7.0.0-proxy-agent-only.2', main: 'index.js' })
    expect(readNotice(dir)).toMatchObject({
      name: 'undici',
      license: 'MIT',
      text: expect.stringContaining('Part of atlas-preflight')
    })
  })

  it('one notice per name@version, sorted, with the files that hold it; two versions are two notices', () => {
    const notices = collectNotices(stats, root)
    expect(notices.map(n => [`${n.name}@${n.version}`, n.files])).toEqual([
      ['@s/b@2.0.0', ['index.js']],
      ['a@0.9.0', ['index.js']],
      ['a@1.0.0', ['2.index.js', 'index.js']],
      ['bsd@0.0.2', ['index.js']],
      ['legacy@0.1.0', ['index.js']],
      ['nofile@3.0.0', ['index.js']]
    ])
  })

  it('renders deterministically, without absolute paths, and parses back', () => {
    const text = renderNotices(collectNotices(stats, root))
    expect(renderNotices(collectNotices(stats, root))).toBe(text)
    expect(text).not.toContain(tmp)
    expect(text).toContain(
      'Package: @s/b@2.0.0\nLicense: Apache-2.0\nFiles: index.js\n\nApache License 2.0\n\nb, by S.'
    )
    expect(parseNotices(text).map(n => `${n.name}@${n.version} ${n.license}`)).toEqual([
      '@s/b@2.0.0 Apache-2.0',
      'a@0.9.0 MIT',
      'a@1.0.0 MIT',
      'bsd@0.0.2 BSD-3-Clause',
      'legacy@0.1.0 MIT',
      'nofile@3.0.0 ISC'
    ])
  })

  it('writeNotices writes licenses.txt and deletes a stats file inside the bundle directory (it must not ship)', () => {
    const out = join(tmp, 'out')
    mkdirSync(out, { recursive: true })
    writeFileSync(join(out, 'stats.json'), JSON.stringify(stats))
    const outside = join(tmp, 'stats-outside.json')
    writeFileSync(outside, JSON.stringify(stats))
    expect(writeNotices(out, join(out, 'stats.json'), { root })).toHaveLength(6)
    expect(existsSync(join(out, 'stats.json'))).toBe(false)
    expect(parseNotices(readFileSync(join(out, 'licenses.txt'), 'utf8'))).toHaveLength(6)
    writeNotices(out, outside, { root })
    expect(existsSync(outside)).toBe(true)
  })
})

/** The bundles ncc builds from the current src/, as scripts/bundle.js builds them, with webpack's stats. */
const BUNDLES = [
  {
    entry: 'src/index.ts',
    dist: 'dist',
    named: [
      '@actions/core',
      '@actions/exec',
      '@actions/io',
      'tunnel',
      'ipaddr.js',
      'undici',
      'digest-fetch',
      '@actions/github'
    ]
  },
  { entry: 'src/cli-main.ts', dist: 'dist/cli', named: ['undici', 'ipaddr.js', 'digest-fetch'] }
]
type Built = { out: string; stats: Parameters<typeof bundledPackageDirs>[0]; ids: string[] }
const built = new Map<string, Built>()

beforeAll(async () => {
  const ncc = join(ROOT, 'node_modules/.bin/ncc')
  // Both at once (about 15 s each); an error here is ncc's (a type error in src/ fails the build, as npm run bundle).
  await Promise.all(
    BUNDLES.map(async b => {
      const out = join(tmp, 'build', b.dist)
      // The test run's own build (global setup) kept each bundle's module graph: use it rather than build again.
      const kept = STATS && join(STATS, `${b.dist === 'dist' ? 'action' : 'cli'}.stats.json`)
      if (kept && existsSync(kept)) {
        mkdirSync(out, { recursive: true })
        copyFileSync(kept, join(out, 'stats.json'))
      } else {
        const args = ['build', b.entry, '-o', out, '--minify', '--no-source-map-register', '--quiet']
        await run(ncc, [...args, '--stats-out', join(out, 'stats.json')], { cwd: ROOT })
      }
      const stats = JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8'))
      const ids = collectNotices(stats, ROOT).map(n => `${n.name}@${n.version}`)
      built.set(b.dist, { out, stats, ids })
    })
  )
}, 240_000)

describe.each(BUNDLES)('$dist: every bundled package has its notice', ({ dist, named }) => {
  it('scripts/licenses.js writes a notice for every package in the bundle, with its licence text', () => {
    const { out, stats, ids } = built.get(dist) as Built
    const notices = writeNotices(out, join(out, 'stats.json'), { root: ROOT })
    const listed = parseNotices(readFileSync(join(out, 'licenses.txt'), 'utf8'))
    expect(listed.map(n => `${n.name}@${n.version}`)).toEqual(ids)
    const dirs = [...bundledPackageDirs(stats, ROOT).keys()]
    expect(dirs.length).toBeGreaterThan(0)
    for (const d of dirs) {
      const { name, version } = JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as Record<
        string,
        string
      >
      expect(ids).toContain(`${name}@${version}`)
    }
    for (const n of notices) {
      expect([n.name, n.license]).toEqual([n.name, expect.stringMatching(/\S/)])
      expect([n.name, n.text.length > 20]).toEqual([n.name, true])
      expect([n.name, n.files.length > 0 || /proxy-agent-only/.test(n.version)]).toEqual([n.name, true])
    }
  })

  it('includes the packages ncc --license missed (issue 16)', () => {
    const names = (built.get(dist) as Built).ids.map(id => id.replace(/@[^@]+$/, ''))
    for (const n of named) expect(names).toContain(n)
  })

  it('agrees with the committed bundle: every package whose path survives in its chunks is in the stats', () => {
    const names = new Set((built.get(dist) as Built).ids.map(id => id.replace(/@[^@]+$/, '')))
    const files = readdirSync(join(ROOT, dist)).filter(f => f.endsWith('.js'))
    expect(files).toContain('index.js')
    for (const f of files) {
      const text = readFileSync(join(ROOT, dist, f), 'utf8')
      for (const m of text.matchAll(/MODULE: \.\/((?:node_modules\/(?:@[^/\s]+\/)?[^/\s]+\/)+)/g)) {
        const dir = packageDir(join(ROOT, m[1] as string, 'x.js')) as string
        const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string }
        expect([f, name, names.has(name)]).toEqual([f, name, true])
      }
    }
  })

  it(`the committed ${dist}/licenses.txt lists every bundled package`, () => {
    const listed = parseNotices(readFileSync(join(ROOT, dist, 'licenses.txt'), 'utf8')).map(
      n => `${n.name}@${n.version}`
    )
    const missing = (built.get(dist) as Built).ids.filter(id => !listed.includes(id))
    expect(missing).toEqual([])
  })
})
