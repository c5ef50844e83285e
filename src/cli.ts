/**
 * Command-line entry: the same engine for GitLab, Jenkins or a terminal. Flags mirror the action's inputs;
 * environment variables ATLAS_PREFLIGHT_<INPUT> and the conventional MONGODB_ATLAS_* / ATLASCLOUD_API_KEY work too.
 */
import { writeFile } from 'node:fs/promises'
import { run } from './main.js'
import { INPUTS } from './config/inputs.js'
import type { Adapter } from './adapters/adapter.js'
import { VERSION } from './version.js'

export function help(): string {
  const rows = INPUTS.map(
    i =>
      `  --${i.name.padEnd(24)} ${i.description}${i.default && !i.default.startsWith('${{') ? ` (default: ${i.default})` : ''}`
  )
  return [
    `atlas-preflight ${VERSION}: will your MongoDB Atlas and Atlas Cloud AI credentials work from this machine?`,
    '',
    'Usage: atlas-preflight [options]',
    '',
    'Options (each also read from the environment as ATLAS_PREFLIGHT_<NAME>, e.g. ATLAS_PREFLIGHT_FAIL_ON):',
    ...rows,
    '  --json                     Print the JSON report instead of the readable report.',
    '  --summary-file <path>      Also write the Markdown summary to a file.',
    '  --debug                    Log each HTTP request (method, host, path, status; never headers).',
    '  --help, --version',
    '',
    'Prefer environment variables for secrets: command-line arguments are visible to other processes.',
    'Conventional variables also work: MONGODB_ATLAS_PUBLIC_API_KEY, MONGODB_ATLAS_PRIVATE_API_KEY,',
    'MONGODB_ATLAS_CLIENT_ID, MONGODB_ATLAS_CLIENT_SECRET, MONGODB_ATLAS_ORG_ID, MONGODB_ATLAS_PROJECT_ID, ATLASCLOUD_API_KEY.',
    '',
    'Exit status: 0 when the run passes under --fail-on, 1 when it fails, 2 for a usage error.'
  ].join('\n')
}

export function parseArgs(
  argv: string[],
  env: NodeJS.ProcessEnv
): {
  inputs: Record<string, string>
  json: boolean
  debug: boolean
  summaryFile?: string
  error?: string
  help?: boolean
  version?: boolean
} {
  const names = new Set(INPUTS.map(i => i.name))
  const inputs: Record<string, string> = {}
  for (const i of INPUTS) {
    const own = env[`ATLAS_PREFLIGHT_${i.name.toUpperCase().replace(/-/g, '_')}`]
    const conventional = i.env?.map(e => env[e]).find(v => v !== undefined && v !== '')
    const v = own ?? conventional
    if (v !== undefined) inputs[i.name] = v
  }
  let json = false
  let debug = false
  let summaryFile: string | undefined
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!
    if (arg === '--help' || arg === '-h') return { inputs, json, debug, help: true }
    if (arg === '--version' || arg === '-v') return { inputs, json, debug, version: true }
    if (arg === '--json') {
      json = true
      continue
    }
    if (arg === '--debug') {
      debug = true
      continue
    }
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/s.exec(arg)
    if (!m)
      return {
        inputs,
        json,
        debug,
        error: `unexpected argument "${arg.startsWith('-') ? arg : '…'}" (options start with --; see --help)`
      }
    const name = m[1]!
    let value = m[2]
    if (value === undefined) {
      if (k + 1 >= argv.length) return { inputs, json, debug, error: `--${name} needs a value` }
      value = argv[++k]!
    }
    if (name === 'summary-file') summaryFile = value
    else if (names.has(name)) inputs[name] = value
    else return { inputs, json, debug, error: `unknown option --${name} (see --help)` }
  }
  return { inputs, json, debug, summaryFile }
}

export function cliAdapter(
  args: ReturnType<typeof parseArgs>,
  env: NodeJS.ProcessEnv,
  out = process.stdout,
  err = process.stderr
): Adapter {
  return {
    env,
    inputs: () => args.inputs,
    mask: () => undefined,
    info: t => (args.json ? undefined : out.write(`${t}\n`)),
    debug: t => (args.debug ? err.write(`debug: ${t}\n`) : undefined),
    annotate: () => undefined,
    setOutput(name, value) {
      if (args.json && name === 'report') out.write(`${JSON.stringify(JSON.parse(value), null, 2)}\n`)
    },
    async writeSummary(markdown) {
      if (args.summaryFile) await writeFile(args.summaryFile, markdown, 'utf8')
    },
    writeFile: (p, c) => writeFile(p, c, 'utf8'),
    setExitCode: code => {
      process.exitCode = code
    }
  }
}

export async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), process.env)
  if (args.help) {
    process.stdout.write(`${help()}\n`)
    return
  }
  if (args.version) {
    process.stdout.write(`${VERSION}\n`)
    return
  }
  if (args.error) {
    process.stderr.write(`atlas-preflight: ${args.error}\n`)
    process.exitCode = 2
    return
  }
  await run(cliAdapter(args, process.env), { consoleReport: !args.json })
}
