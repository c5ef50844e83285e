// Bundles the action (src/index.ts → dist/index.js) and the CLI (src/cli.ts → dist/cli/index.js) with ncc in ESM
// mode. `node scripts/bundle.js --out DIR` writes elsewhere (the staleness test compares the two).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { writeNotices } from './licenses.js'

// @actions/core imports @actions/http-client (for OIDC tokens, which the action never asks for), and every
// @actions/http-client imports undici's index for one class, ProxyAgent. Evaluating that index costs about 25 ms of
// each run's start-up. Before bundling, give @actions/http-client an `undici` of its own that loads ProxyAgent from
// the project's undici 7 and nothing else (package.json's overrides already point it at that undici). The shim is
// written atomically and left in place: it is a correct `undici` for @actions/http-client at run time too.
const SHIM_VERSION = '7.0.0-proxy-agent-only.2'
const SHIM = {
  'package.json': `{ "name": "undici", "version": "${SHIM_VERSION}", "main": "index.js" }\n`,
  'index.js': `'use strict'
// Written by scripts/bundle.js: @actions/http-client takes only ProxyAgent from undici; this loads it from the
// project's undici 7 without undici's index. First what the index does: the request/connect API on every
// dispatcher (ProxyAgent opens its tunnels with connect).
Object.assign(
  require('../../../../undici/lib/dispatcher/dispatcher.js').prototype,
  require('../../../../undici/lib/api/index.js')
)
exports.ProxyAgent = require('../../../../undici/lib/dispatcher/proxy-agent.js')
`
}
function shimUndiciForHttpClient() {
  const httpClient = resolve('node_modules/@actions/http-client')
  if (
    !existsSync(join(httpClient, 'package.json')) ||
    !existsSync(resolve('node_modules/undici/lib/api/index.js'))
  )
    throw new Error('bundle: node_modules/@actions/http-client or undici 7 is missing; run npm ci')
  const dir = join(httpClient, 'node_modules/undici')
  const current = existsSync(join(dir, 'package.json'))
    ? readFileSync(join(dir, 'package.json'), 'utf8')
    : undefined
  if (current === SHIM['package.json']) return
  if (current !== undefined && !current.includes('proxy-agent-only'))
    throw new Error(`bundle: ${dir} is a real undici: check the overrides in package.json`)
  const tmp = `${dir}.${process.pid}`
  mkdirSync(tmp, { recursive: true })
  for (const [f, text] of Object.entries(SHIM)) writeFileSync(join(tmp, f), text)
  rmSync(dir, { recursive: true, force: true }) // an older shim
  try {
    renameSync(tmp, dir)
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true })
    if (!existsSync(join(dir, 'index.js'))) throw err // another build wrote it first: fine
  }
}
shimUndiciForHttpClient()

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
