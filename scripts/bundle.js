// Bundles the action (src/index.ts → dist/index.js) and the CLI (src/cli.ts → dist/cli/index.js) with ncc in ESM
// mode. `node scripts/bundle.js --out DIR` writes elsewhere (the staleness test compares the two).
import { execFileSync } from 'node:child_process'
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { writeNotices } from './licenses.js'

const outIndex = process.argv.indexOf('--out')
const target = resolve(outIndex > 0 ? process.argv[outIndex + 1] : 'dist')
// Build beside the target and swap it in only on success: a failed build never empties dist/.
const out = `${target}.building`
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
const ncc = resolve('node_modules/.bin/ncc')
for (const [entry, dir] of [
  ['src/index.ts', out],
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
  // ncc's own --license misses modules merged into others: the notices come from its module graph instead.
  writeNotices(dir, join(dir, 'stats.json'))
}
writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n')
rmSync(target, { recursive: true, force: true })
renameSync(out, target)
