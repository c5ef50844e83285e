// Third-party licence notices for a bundle: every npm package whose code is in the bundle, with its version, the
// licence its package.json declares and the licence text it ships, written to <outDir>/licenses.txt.
//
// Which packages are in the bundle comes from the bundler itself: ncc's `--stats-out` file is webpack's stats, which
// lists every module of every emitted chunk, including the modules concatenated into another (module
// concatenation hides them from ncc's own --license plugin, which is why its licenses.txt missed @actions/core,
// @actions/exec, @actions/io, tunnel, ipaddr.js and undici). Reading the minified output cannot tell: it keeps no
// module paths.
//
//   scripts/bundle.js: ncc build ... --stats-out <dir>/stats.json, then writeNotices(<dist>, stats, { prefix }) for
//                      all of dist/ and writeNotices(<dist>/cli, stats, { only: what the CLI loads, prefix })
//   by hand:           node scripts/licenses.js <outDir> <stats.json>
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'

const RULE = '-'.repeat(80)

/**
 * @typedef {{ name: string, version: string, license: string, text: string, files: string[], dirs: string[] }} Notice
 * @typedef {{ id?: string | number, files?: string[] }} StatsChunk
 * @typedef {{ name?: string, nameForCondition?: string, chunks?: (string | number)[], modules?: StatsModule[] }} StatsModule
 * @typedef {{ chunks?: StatsChunk[], modules?: StatsModule[], children?: Stats[] }} Stats
 */

/**
 * The package directory a module file belongs to (the deepest `node_modules/<name>` or `node_modules/@scope/<name>`
 * on its path), or undefined for the project's own files and webpack's runtime.
 * @param {string} file an absolute path, or a webpack name such as `./node_modules/x/index.js + 3 modules`
 * @param {string} root what relative names are relative to
 */
export function packageDir(file, root = '.') {
  const path = file
    .replace(/\\/g, '/')
    .replace(/ \+ \d+ modules?$/, '')
    .replace(/\?.*$/, '')
  const at = path.lastIndexOf('/node_modules/')
  const start = at >= 0 ? at + '/node_modules/'.length : path.startsWith('node_modules/') ? 13 : -1
  if (start < 0) return undefined
  const parts = path.slice(start).split('/')
  const segments = parts[0]?.startsWith('@') ? 2 : 1
  if (parts.length <= segments) return undefined
  return resolve(root, path.slice(0, start) + parts.slice(0, segments).join('/'))
}

/**
 * Every package directory with code in an emitted chunk, and the output files that hold it. A module counts when
 * it is in a chunk itself or is concatenated into one that is; modules that are in no chunk (tree-shaken, or only
 * listed as orphans of a concatenation) do not.
 * @param {Stats} stats webpack stats JSON (ncc --stats-out)
 * @param {string} root the directory ncc ran in (webpack's context) for relative module names
 * @param {Set<string>} [only] count only these output files (what one entry loads: scripts/chunk-graph.js)
 * @returns {Map<string, Set<string>>} package directory -> output files
 */
export function bundledPackageDirs(stats, root = '.', only = undefined) {
  /** @type {Map<string, Set<string>>} */
  const found = new Map()
  const visit = (/** @type {Stats} */ s) => {
    const files = new Map(
      (s.chunks ?? []).map(c => [String(c.id), (c.files ?? []).filter(f => !only || only.has(f))])
    )
    const add = (/** @type {StatsModule} */ m, /** @type {string[]} */ out) => {
      const dir = packageDir(m.nameForCondition ?? m.name ?? '', root)
      if (dir) {
        const set = found.get(dir) ?? new Set()
        for (const f of out) set.add(f)
        found.set(dir, set)
      }
      for (const inner of m.modules ?? []) add(inner, out)
    }
    for (const m of s.modules ?? []) {
      const out = (m.chunks ?? []).flatMap(id => files.get(String(id)) ?? [])
      if (out.length) add(m, out)
    }
    for (const child of s.children ?? []) visit(child)
  }
  visit(stats)
  return found
}

/** @param {unknown} license package.json's `license`, or the legacy `licenses` array */
function declaredLicense(license) {
  if (typeof license === 'string') return license
  if (Array.isArray(license))
    return license
      .map(l => declaredLicense(l))
      .filter(Boolean)
      .join(' OR ')
  if (license && typeof license === 'object' && 'type' in license) return String(license.type)
  return ''
}

const normalize = (/** @type {string} */ text) =>
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(l => l.trimEnd())
    .join('\n')
    .trim()

/**
 * The notice for one package directory: name, version, declared licence, and the text of its licence files
 * (LICENSE, LICENCE, COPYING, UNLICENSE in any case and extension) followed by any NOTICE file (Apache-2.0 asks
 * that NOTICE text be passed on).
 * @param {string} dir
 * @returns {Notice}
 */
export function readNotice(dir) {
  const pkgFile = join(dir, 'package.json')
  if (!existsSync(pkgFile)) throw new Error(`licenses: ${dir} has no package.json`)
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'))
  const name = String(pkg.name ?? relative(dirname(dir), dir))
  const version = String(pkg.version ?? '0.0.0')
  const entries = readdirSync(dir, { withFileTypes: true }).filter(e => e.isFile())
  const pick = (/** @type {RegExp} */ re) =>
    entries
      .map(e => e.name)
      .filter(n => re.test(n))
      .sort()
  const texts = [
    ...pick(/^(un)?licen[sc]e(s)?([.-].*)?$|^copying([.-].*)?$/i),
    ...pick(/^notice([.-].*)?$/i)
  ].map(f => normalize(readFileSync(join(dir, f), 'utf8')))
  let license = declaredLicense(pkg.license ?? pkg.licenses)
  let text = texts.filter(Boolean).join('\n\n')
  if (!license && !text)
    throw new Error(
      `licenses: ${name}@${version} (${dir}) declares no licence and ships no licence file: check it before bundling it`
    )
  if (!license) license = 'see the text below (package.json declares none)'
  if (!text) text = `(The package ships no licence file; its package.json declares ${license}.)`
  return { name, version, license, text, files: [], dirs: [dir] }
}

/**
 * The notices for a bundle: one per name@version, sorted by name then version.
 * @param {Stats} stats
 * @param {string} root
 * @param {Set<string>} [only] count only these output files
 * @returns {Notice[]}
 */
export function collectNotices(stats, root = '.', only = undefined) {
  /** @type {Map<string, Notice>} */
  const byId = new Map()
  for (const [dir, files] of bundledPackageDirs(stats, root, only)) {
    const notice = readNotice(dir)
    const id = `${notice.name}@${notice.version}`
    const seen = byId.get(id)
    if (seen) {
      seen.files = [...new Set([...seen.files, ...files])]
      seen.dirs.push(dir)
    } else byId.set(id, { ...notice, files: [...files] })
  }
  const order = (/** @type {string} */ a, /** @type {string} */ b) => (a < b ? -1 : a > b ? 1 : 0)
  const notices = [...byId.values()].sort((a, b) => order(a.name, b.name) || order(a.version, b.version))
  for (const n of notices) n.files.sort(order)
  return notices
}

/**
 * licenses.txt for these notices. Deterministic: no dates, no absolute paths (dist/ is compared byte for byte).
 * @param {Notice[]} notices
 */
export function renderNotices(notices) {
  const head = [
    'Third-party software notices',
    '',
    'The JavaScript files named below bundle code from these npm packages (file names are relative to this',
    'file). Each package is listed with its version, the files that contain its code, the licence its',
    'package.json declares and the licence text it ships. Generated by scripts/licenses.js from the bundler’s',
    'module graph. atlas-preflight itself is under the MIT licence (LICENSE).',
    '',
    `Packages: ${notices.length}`
  ]
  const body = notices.map(n =>
    [
      RULE,
      `Package: ${n.name}@${n.version}`,
      `License: ${n.license}`,
      `Files: ${n.files.join(', ')}`,
      '',
      n.text
    ].join('\n')
  )
  return `${[head.join('\n'), ...body].join('\n\n')}\n`
}

/**
 * The packages licenses.txt lists: [{ name, version, license }].
 * @param {string} text
 */
export function parseNotices(text) {
  const out = []
  for (const m of text.matchAll(/^Package: (.+)@([^@\s]+)\nLicense: (.*)$/gm))
    out.push({ name: m[1], version: m[2], license: m[3] })
  return out
}

/**
 * Writes <outDir>/licenses.txt for the bundle in outDir.
 * @param {string} outDir where licenses.txt goes (ncc's -o, or the folder of an entry that loads it)
 * @param {string | Stats} stats ncc's --stats-out file, or its parsed JSON; a stats file inside outDir is deleted
 *   once read, so it never ships
 * @param {{ root?: string, only?: Set<string>, prefix?: string }} [options] root: the directory ncc ran in (default:
 *   the current directory); only: list only packages in these output files; prefix: the path from outDir to the
 *   output files, put before each file name
 * @returns {Notice[]} what was written
 */
export function writeNotices(outDir, stats, { root = '.', only = undefined, prefix = '' } = {}) {
  let json = stats
  if (typeof stats === 'string') {
    json = JSON.parse(readFileSync(stats, 'utf8'))
    const rel = relative(resolve(outDir), resolve(stats))
    if (!rel.startsWith('..') && !rel.startsWith(sep)) rmSync(stats, { force: true })
  }
  const notices = collectNotices(/** @type {Stats} */ (json), root, only)
  for (const n of notices) n.files = n.files.map(f => prefix + f)
  writeFileSync(join(outDir, 'licenses.txt'), renderNotices(notices))
  return notices
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [outDir, statsFile] = process.argv.slice(2)
  if (!outDir || !statsFile) {
    process.stderr.write('usage: node scripts/licenses.js <outDir> <ncc --stats-out file>\n')
    process.exitCode = 2
  } else {
    const notices = writeNotices(outDir, statsFile)
    process.stdout.write(`${join(outDir, 'licenses.txt')}: ${notices.length} packages\n`)
  }
}
