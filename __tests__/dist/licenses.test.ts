/**
 * Third-party licence notices: every npm package whose code is in dist/bundle/ (the one build the action, its post
 * step and the CLI share) has its notice, with version, licence and licence text, in dist/licenses.txt; and every
 * package in the files the CLI loads (what the npm package ships) has one in dist/cli/licenses.txt, which names
 * none that only the action loads.
 *
 * What is bundled comes from ncc itself: webpack's stats of the test run's own build of src/ (or a build made here
 * when there is none) list every module of every emitted chunk. scripts/licenses.js writes the notices from the
 * same stats; the last block checks the committed dist/.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
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
import { ENTRIES, SHARED_DIR } from '../../scripts/entries.js'
import { filesLoadedBy } from '../../scripts/chunk-graph.js'
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

  it('counts only the output files asked for (what one entry loads), and names them from where the notice is', () => {
    const only = collectNotices(stats, root, new Set(['2.index.js']))
    expect(only.map(n => `${n.name}@${n.version}`)).toEqual(['a@1.0.0'])
    const out = join(tmp, 'out-only')
    mkdirSync(out, { recursive: true })
    writeNotices(out, stats, { root, only: new Set(['2.index.js']), prefix: '../bundle/' })
    expect(readFileSync(join(out, 'licenses.txt'), 'utf8')).toContain(
      'Package: a@1.0.0\nLicense: MIT\nFiles: ../bundle/2.index.js\n'
    )
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

/** The build scripts/bundle.js makes from the current src/, with webpack's stats, and what each notice covers. */
const CLI = ENTRIES.find(e => e.npm)!
const NOTICES = [
  {
    what: 'dist/licenses.txt (all of dist/)',
    file: 'licenses.txt',
    only: (_stats: Stats): Set<string> | undefined => undefined,
    named: ['@actions/core', 'tunnel', 'ipaddr.js', 'undici', 'digest-fetch', '@actions/github', 'valibot'],
    // Only @actions/core's index imports @actions/io, and the action takes core's own modules instead of its index
    // (src/adapters/actions-core.ts): a notice for it would name code dist/ does not hold.
    absent: ['@actions/io']
  },
  {
    what: `${CLI.file.replace(/index\.js$/, '')}licenses.txt (what the CLI loads)`,
    file: join(dirname(CLI.file), 'licenses.txt'),
    only: (stats: Stats): Set<string> | undefined => filesLoadedBy(stats, CLI.source),
    named: ['undici', 'ipaddr.js', 'digest-fetch', 'valibot'],
    absent: ['@actions/core', '@actions/github', '@octokit/core', 'tunnel']
  }
]
type Stats = Parameters<typeof bundledPackageDirs>[0]
let stats: Stats = {}

beforeAll(async () => {
  // The test run's own build (global setup) kept the module graph: use it rather than build again. Otherwise build
  // (a type error in src/ fails here, as npm run bundle).
  let kept = STATS && join(STATS, 'bundle.stats.json')
  if (!kept || !existsSync(kept)) {
    const statsDir = join(tmp, 'stats')
    await run(process.execPath, [join(ROOT, 'scripts/bundle.js'), '--out', join(tmp, 'dist'), '--stats-dir', statsDir], {
      cwd: ROOT
    })
    kept = join(statsDir, 'bundle.stats.json')
  }
  stats = JSON.parse(readFileSync(kept, 'utf8')) as Stats
}, 240_000)

describe.each(NOTICES)('$what: every bundled package has its notice', ({ file, only, named, absent }) => {
  const ids = () => collectNotices(stats, ROOT, only(stats)).map(n => `${n.name}@${n.version}`)
  const names = () => ids().map(id => id.replace(/@[^@]+$/, ''))

  it('scripts/licenses.js writes a notice for every package in those files, with its licence text', () => {
    const out = join(tmp, 'notices', file)
    mkdirSync(dirname(out), { recursive: true })
    const notices = writeNotices(dirname(out), stats, { root: ROOT, only: only(stats) })
    const listed = parseNotices(readFileSync(out, 'utf8'))
    expect(listed.map(n => `${n.name}@${n.version}`)).toEqual(ids())
    const dirs = [...bundledPackageDirs(stats, ROOT, only(stats)).keys()]
    expect(dirs.length).toBeGreaterThan(0)
    for (const d of dirs) {
      const { name, version } = JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as Record<string, string>
      expect(ids()).toContain(`${name}@${version}`)
    }
    for (const n of notices) {
      expect([n.name, n.license]).toEqual([n.name, expect.stringMatching(/\S/)])
      expect([n.name, n.text.length > 20]).toEqual([n.name, true])
      expect([n.name, n.files.length > 0]).toEqual([n.name, true])
    }
  })

  it('includes the packages ncc --license missed (issue 16), and none the files do not hold', () => {
    for (const n of named) expect(names()).toContain(n)
    for (const n of absent) expect(names()).not.toContain(n)
  })

  it('holds one undici: the version @actions/core and @actions/github bundle serves the proxy agent too', () => {
    expect(ids().filter(id => id.startsWith('undici@'))).toEqual([
      `undici@${(JSON.parse(readFileSync(join(ROOT, 'node_modules/undici/package.json'), 'utf8')) as { version: string }).version}`
    ])
  })

  it(`the committed dist/${file} lists exactly the bundled packages, each file it names existing`, () => {
    const text = readFileSync(join(ROOT, 'dist', file), 'utf8')
    expect(parseNotices(text).map(n => `${n.name}@${n.version}`)).toEqual(ids())
    for (const m of text.matchAll(/^Files: (.*)$/gm))
      for (const f of (m[1] as string).split(', '))
        expect([f, existsSync(join(ROOT, 'dist', dirname(file), f))]).toEqual([f, true])
  })
})

describe('the committed dist/bundle/', () => {
  it('every package whose path survives in a chunk is in the stats', () => {
    const names = new Set(collectNotices(stats, ROOT).map(n => n.name))
    const dir = join(ROOT, 'dist', SHARED_DIR)
    const files = readdirSync(dir).filter(f => f.endsWith('.js'))
    expect(files).toContain('index.js')
    let seen = 0
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8')
      for (const m of text.matchAll(/MODULE: \.\/((?:node_modules\/(?:@[^/\s]+\/)?[^/\s]+\/)+)/g)) {
        const pkgDir = packageDir(join(ROOT, m[1] as string, 'x.js')) as string
        const { name } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { name: string }
        expect([f, name, names.has(name)]).toEqual([f, name, true])
        seen++
      }
    }
    // the minifier keeps these comments (scripts/bundle.js): without them this test would check nothing
    expect(seen).toBeGreaterThan(0)
  })
})
