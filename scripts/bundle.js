// Bundles the action, its post step and the CLI as ONE ncc build (CommonJS), so the code they share is written once:
//
//   dist/bundle/index.js    the shared bundle: a small hub that starts an entry by name, plus its chunks
//   dist/bundle/*.index.js  the chunks; webpack splits what two entries share into a chunk of its own
//   dist/<entry file>       a thin entry per row of ENTRIES in scripts/entries.js: action.yml's runs.main and runs.post, the CLI's bin
//   dist/licenses.txt       notices for every package in dist/; dist/cli/licenses.txt those the CLI loads
//   dist/bundle/.npmignore  the chunks only the action loads: the npm package (the CLI) leaves them out
//
// `node scripts/bundle.js --out DIR` writes elsewhere: the test run builds one from the current src/ and tests that
// (see __tests__/helpers/global-setup.js); __tests__/dist/dist.test.ts compares it with the committed dist/.
// `--stats-dir DIR` keeps webpack's stats of the build there (bundle.stats.json; the licence test reads it).
//
// CommonJS output, from ES module sources: Node loads a CommonJS chunk with one synchronous require, where an ES module
// chunk goes through the ES module loader (an asynchronous resolve, read, link and evaluate per chunk). On the 2-core
// reference machine that is about 5 ms of every start (an A/B of the same sources, healthy run and input-error run
// alike); a start is what `npm run bench` holds to its targets. ncc picks the format from the hub's package.json.
import { execFileSync } from 'node:child_process'
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { minify } from 'terser'
import { filesLoadedBy } from './chunk-graph.js'
import { writeNotices } from './licenses.js'
import { ENTRIES, SHARED_DIR } from './entries.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The hub ncc bundles: one lazy import per entry, so webpack gives each its chunks and shares what they share. */
function hubSource() {
  const lines = ENTRIES.map(
    e =>
      `  ${JSON.stringify(e.name)}: () => import(${JSON.stringify(relative(HUB_DIR, join(ROOT, e.source)))}),`
  )
  return [
    '// Written by scripts/bundle.js from the ENTRIES list (scripts/entries.js): do not edit.',
    'const entries = {',
    ...lines,
    '}',
    '/** Loads and so starts the entry of that name. */',
    'exports.start = name => entries[name]()',
    ''
  ].join('\n')
}
// The hub lives at one fixed place inside the project, whatever --out says: webpack's module ids come from module
// paths, and the committed dist/ must come out byte for byte the same as the test run's build.
const HUB_DIR = join(ROOT, '.cache/bundle-hub')

/** A thin entry: loads the shared bundle and starts one entry; a bundle it cannot load is one line, no stack. */
function thinEntry(e) {
  const hub = relative(dirname(join('dist', e.file)), join('dist', SHARED_DIR, 'index.js')).replace(
    /\\/g,
    '/'
  )
  const text = `atlas-preflight could not load its bundle (\${why}): reinstall it, or rebuild dist/ with npm run bundle`
  const say = {
    error: `\`::error title=atlas-preflight could not start::${text}\\n\``,
    warning: `\`::warning title=atlas-preflight post step could not start::${text}\\n\``,
    plain: `\`${text}\\n\``
  }[e.onLoadFailure.as]
  const stream = e.onLoadFailure.as === 'plain' ? 'stderr' : 'stdout'
  return [
    `// The ${e.name} entry, written by scripts/bundle.js: the code is in ${hub} (shared with the other entries).`,
    `Promise.resolve()`,
    `  .then(() => require(${JSON.stringify(hub.startsWith('.') ? hub : `./${hub}`)}).start(${JSON.stringify(e.name)}))`,
    '  .catch(error => {',
    "    const why = String(error?.code ?? error?.message ?? error).split('\\n')[0]",
    `    process.${stream}.write(${say})`,
    `    process.exitCode = ${e.onLoadFailure.exitCode}`,
    '  })',
    ''
  ].join('\n')
}

/**
 * ncc's --minify minifies its main output only, not the chunks, and the chunks are where the code is now: terser
 * makes them about half the size and drops the code webpack marked unused (it leaves that to a minifier), which is
 * what a cold start reads and compiles. Function names and the `MODULE:` comments stay: a CPU profile still names
 * the hot function, and the licence test can still see which packages a chunk holds.
 */
async function minifyChunks(dir) {
  for (const f of readdirSync(dir)
    .filter(n => /^\d+\.index\.js$/.test(n))
    .sort()) {
    const { code } = await minify(readFileSync(join(dir, f), 'utf8'), {
      module: false,
      // names kept, so that a CPU profile (npm run bench) still says which function is hot
      compress: { keep_classnames: true, keep_fnames: true },
      mangle: { keep_classnames: true, keep_fnames: true },
      format: { comments: /MODULE: / }
    })
    if (code === undefined) throw new Error(`scripts/bundle.js: terser returned nothing for ${f}`)
    writeFileSync(join(dir, f), code)
  }
}

async function build() {
  const outIndex = process.argv.indexOf('--out')
  const target = resolve(outIndex > 0 ? process.argv[outIndex + 1] : 'dist')
  const statsIndex = process.argv.indexOf('--stats-dir')
  const statsDir = statsIndex > 0 ? resolve(process.argv[statsIndex + 1]) : undefined
  if (statsDir) mkdirSync(statsDir, { recursive: true })
  // Build beside the target and swap it in only on success: a failed build never empties dist/.
  const out = `${target}.building`
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })

  // Written whole then renamed, so a build running at the same time never reads half a hub.
  mkdirSync(HUB_DIR, { recursive: true })
  const hub = join(HUB_DIR, 'index.js')
  const hubTmp = `${hub}.${process.pid}`
  writeFileSync(hubTmp, hubSource())
  renameSync(hubTmp, hub)
  // Written whole then renamed too: ncc reads it to choose the format (CommonJS; the project's own says ES modules).
  const typeFile = join(HUB_DIR, 'package.json')
  writeFileSync(`${typeFile}.${process.pid}`, '{ "type": "commonjs" }\n')
  renameSync(`${typeFile}.${process.pid}`, typeFile)

  const shared = join(out, SHARED_DIR)
  const statsFile = join(shared, 'stats.json')
  // No ncc cache (~/.cache/ncc, per working directory): a cached build does not know the hub's package.json decides
  // the module format, and served an ES module build after the switch to CommonJS. It saves about a second.
  execFileSync(
    resolve(ROOT, 'node_modules/.bin/ncc'),
    [
      'build',
      hub,
      '-o',
      shared,
      '--minify',
      '--no-source-map-register',
      '--no-cache',
      '--quiet',
      '--stats-out',
      statsFile
    ],
    { stdio: 'inherit', cwd: ROOT }
  )
  await minifyChunks(shared)
  // dist/package.json below says every folder is CommonJS (the project's own package.json says ES modules).
  rmSync(join(shared, 'package.json'), { force: true })
  if (statsDir) copyFileSync(statsFile, join(statsDir, 'bundle.stats.json'))
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'))
  rmSync(statsFile)

  for (const e of ENTRIES) {
    mkdirSync(dirname(join(out, e.file)), { recursive: true })
    writeFileSync(join(out, e.file), thinEntry(e))
  }
  // ncc's own --license misses modules merged into others: the notices come from its module graph instead. One
  // file for all of dist/, and one beside each npm entry for the chunks that entry loads (what the package ships).
  writeNotices(out, stats, { root: ROOT, prefix: `${SHARED_DIR}/` })
  const shipped = new Set()
  for (const e of ENTRIES.filter(x => x.npm)) {
    const files = filesLoadedBy(stats, e.source)
    for (const f of files) shipped.add(f)
    writeNotices(dirname(join(out, e.file)), stats, { root: ROOT, prefix: `../${SHARED_DIR}/`, only: files })
  }
  const actionOnly = stats.chunks
    .flatMap(c => c.files ?? [])
    .filter(f => !shipped.has(f))
    .sort()
  writeFileSync(
    join(shared, '.npmignore'),
    [
      '# Written by scripts/bundle.js: chunks only the action and its post step load. The npm package is the CLI,',
      '# so it leaves them out (package.json "files"; __tests__/repo/package.test.ts checks the packed list).',
      ...actionOnly,
      ''
    ].join('\n')
  )
  writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n')
  rmSync(target, { recursive: true, force: true })
  renameSync(out, target)
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await build()
