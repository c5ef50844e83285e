// Runs the bundled action the way the GitHub runner does: inputs as INPUT_<NAME> variables, GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files, a fresh process. Parses outputs and workflow-command annotations back out.
// Used by `npm run demo`, the runner-contract tests and the benchmark.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { entry } from './entries.js'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * The bundle the tests run: dist/ by default; ATLAS_PREFLIGHT_DIST points at another build of it (for example one
 * made with `node scripts/bundle.js --out DIR` from an uncommitted src/).
 */
export const DIST = resolve(process.env.ATLAS_PREFLIGHT_DIST ?? join(ROOT, 'dist'))

/**
 * @param {Record<string, string>} inputs action inputs by name
 * @param {{ env?: Record<string, string>, entry?: string, node?: string, timeoutMs?: number }} [options]
 */
export async function runAction(inputs, options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-preflight-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary.md')
  const stateFile = join(dir, 'state')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  writeFileSync(stateFile, '')
  const env = {
    PATH: process.env.PATH ?? '',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_STATE: stateFile,
    RUNNER_TEMP: dir,
    ...options.env
  }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v
  const started = Date.now()
  const child = spawn(options.node ?? process.execPath, [options.entry ?? join(DIST, entry('action').file)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => (stdout += d))
  child.stderr.on('data', d => (stderr += d))
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
  const exitCode = await new Promise(r => child.on('close', code => r(code)))
  clearTimeout(timer)
  const wallMs = Date.now() - started
  const outputs = parseOutputs(readFileSync(outputFile, 'utf8'))
  const summary = readFileSync(summaryFile, 'utf8')
  const files = { output: readFileSync(outputFile, 'utf8'), summary }
  // What the step kept for its post step (core.saveState): the same name<<delimiter format as GITHUB_OUTPUT.
  const state = parseOutputs(readFileSync(stateFile, 'utf8'))
  rmSync(dir, { recursive: true, force: true })
  return {
    exitCode,
    stdout,
    stderr,
    outputs,
    summary,
    files,
    state,
    annotations: parseAnnotations(stdout),
    wallMs
  }
}

/**
 * Runs the action's post step (action.yml's runs.post: scripts/entries.js's `post` entry) as the runner does after the job's other steps: the same
 * inputs, and each value the main step saved as STATE_<name>.
 * @param {Record<string, string>} inputs
 * @param {Record<string, string>} state what `runAction` returned as `state`
 * @param {{ env?: Record<string, string>, node?: string, timeoutMs?: number }} [options]
 */
export async function runPost(inputs, state, options = {}) {
  /** @type {Record<string, string>} */
  const env = { ...options.env }
  for (const [k, v] of Object.entries(state)) env[`STATE_${k}`] = v
  return runAction(inputs, { ...options, env, entry: join(DIST, entry('post').file) })
}

/** GITHUB_OUTPUT holds `name=value` lines and `name<<delimiter` blocks (what the action writes). */
/** @param {string} text @returns {Record<string, string>} */
export function parseOutputs(text) {
  /** @type {Record<string, string>} */
  const out = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (!m) {
      const kv = /^([^=]+)=(.*)$/.exec(lines[i])
      if (kv) out[kv[1]] = kv[2]
      continue
    }
    const value = []
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i])
    out[m[1]] = value.join('\n')
  }
  return out
}

const decode = s =>
  s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')

/** @param {string} stdout @returns {{ severity: string, title: string, message: string }[]} */
export function parseAnnotations(stdout) {
  /** @type {{ severity: string, title: string, message: string }[]} */
  const out = []
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!m) continue
    const props = Object.fromEntries(
      (m[2] ?? '')
        .split(',')
        .filter(Boolean)
        .map(p => [p.split('=')[0], decode(p.split('=').slice(1).join('='))])
    )
    out.push({ severity: m[1], title: props.title ?? '', message: decode(m[3]) })
  }
  return out
}
