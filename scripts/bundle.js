// Bundles the action (src/index.ts → dist/index.js), its post step (src/post.ts → dist/post/index.js) and the CLI
// (src/cli.ts → dist/cli/index.js) with ncc in ESM mode. `node scripts/bundle.js --out DIR` writes elsewhere: the test run builds one from the current src/ and tests
// that (see __tests__/helpers/global-setup.js); __tests__/dist/dist.test.ts compares it with the committed dist/.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { writeNotices } from './licenses.js'

const outIndex = process.argv.indexOf('--out')
const target = resolve(outIndex > 0 ? process.argv[outIndex + 1] : 'dist')
const statsIndex = process.argv.indexOf('--stats-dir')
const statsDir = statsIndex > 0 ? resolve(process.argv[statsIndex + 1]) : undefined
if (statsDir) mkdirSync(statsDir, { recursive: true })
// Build beside the target and swap it in only on success: a failed build never empties dist/.
const out = `${target}.building`
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
const ncc = resolve('node_modules/.bin/ncc')
for (const [entry, dir] of [
  ['src/index.ts', out],
  ['src/post.ts', join(out, 'post')],
  ['src/cli-main.ts', join(out, 'cli')]
]) {
  execFileSync(
    ncc,
    [
      'build',
      entry,
      '-o',
      dir,
      '--minify',
      '--no-source-map-register',
      '--quiet',
      '--stats-out',
      join(dir, 'stats.json')
    ],
    { stdio: 'inherit' }
  )
  // `--stats-dir DIR` keeps a copy of each bundle's module graph (the test run's licence check reads it).
  if (statsDir)
    copyFileSync(join(dir, 'stats.json'), join(statsDir, `${relative(out, dir) || 'action'}.stats.json`))
  // ncc's own --license misses modules merged into others: the notices come from its module graph instead.
  writeNotices(dir, join(dir, 'stats.json'))
}
writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n')
rmSync(target, { recursive: true, force: true })
renameSync(out, target)
