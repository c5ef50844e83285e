/**
 * Command-line entry: the same engine for GitLab, Jenkins or a terminal. Flags mirror the action's inputs;
 * environment variables ATLAS_PREFLIGHT_<INPUT> and the conventional MONGODB_ATLAS_* / ATLASCLOUD_API_KEY work too.
 */
import { cliWording } from './adapters/cli-wording.js'
import { writeFile } from 'node:fs/promises'
import { run } from './main.js'
import { INPUTS } from './config/inputs.js'
import type { Adapter } from './adapters/adapter.js'
import { VERSION } from './version.js'
import { endLease } from './lease-end.js'

export function help(): string {
  const rows = INPUTS.map(
    i =>
      `  --${i.name.padEnd(24)} ${i.description}${i.default && !i.default.startsWith('${{') ? ` (default: ${i.default})` : ''}`
  )
  return [
    `atlas-preflight ${VERSION}: will your MongoDB Atlas and Atlas Cloud AI credentials work from this machine?`,
    '',
    'Usage: atlas-preflight [options]',
    "       atlas-preflight lease release [--lease-id <id>] [options]   end this job's network lease",
    '       atlas-preflight fleet plan [--chunks N] [options]            the organization as a job matrix (JSON)',
    "       atlas-preflight fleet merge --plan <plan.json> <report.json…>   merge the chunks' reports (offline)",
    '       atlas-preflight lease audit [--remove] [options]             leases that outlived their run',
    '',
    'Options (each also read from the environment as ATLAS_PREFLIGHT_<NAME>, e.g. ATLAS_PREFLIGHT_FAIL_ON):',
    ...rows,
    '  --json                     Print the JSON report instead of the readable report.',
    '  --summary-file <path>      Also write the Markdown summary to a file.',
    '  --debug                    Log each HTTP request (method, host, path, status; never headers).',
    "  --lease-id <id>            The network lease's id (ATLAS_PREFLIGHT_LEASE_ID): give the same to the lease and",
    '                             to `lease release`. Default: the CI job id (GitLab CI_PIPELINE_ID/CI_JOB_ID,',
    '                             Jenkins BUILD_TAG, CircleCI, Buildkite, Azure Pipelines, GitHub Actions).',
    '  --help, --version',
    '',
    'Prefer environment variables for secrets: command-line arguments are visible to other processes.',
    'Conventional variables also work: MONGODB_ATLAS_PUBLIC_API_KEY, MONGODB_ATLAS_PRIVATE_API_KEY,',
    'MONGODB_ATLAS_CLIENT_ID, MONGODB_ATLAS_CLIENT_SECRET, MONGODB_ATLAS_ORG_ID, MONGODB_ATLAS_PROJECT_ID, ATLASCLOUD_API_KEY.',
    '',
    'Exit status: 0 when the run passes under --fail-on, 1 when it fails, 2 for a usage error.',
    '`lease release`: 0 ended (or nothing to end), 1 the entry could not be removed, 2 usage (no lease id, project or',
    'credential).',
    '',
    'GitLab CI (.gitlab-ci.yml): credentials as masked CI/CD variables, the lease ended whatever happens:',
    '  deploy:',
    '    image: node:24',
    '    script:',
    '      - npx atlas-preflight --atlas-project-id "$ATLAS_PROJECT_ID" --lease-network-access true --lease-minutes 60',
    '      - ./deploy.sh',
    '    after_script:',
    '      - npx atlas-preflight lease release --atlas-project-id "$ATLAS_PROJECT_ID"',
    '',
    'Jenkins (Jenkinsfile): credentials from the credentials store, the JSON report archived:',
    "  stage('Preflight') {",
    "    environment { MONGODB_ATLAS_CLIENT_ID = credentials('atlas-client-id'); MONGODB_ATLAS_CLIENT_SECRET = credentials('atlas-client-secret') }",
    "    steps { sh 'npx atlas-preflight --atlas-project-id $ATLAS_PROJECT_ID --report-path preflight.json' }",
    "    post { always { archiveArtifacts artifacts: 'preflight.json' } }",
    '  }'
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
  leaseId?: string
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
  let leaseId: string | undefined
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
    else if (name === 'lease-id') leaseId = value
    else if (names.has(name)) inputs[name] = value
    else return { inputs, json, debug, error: `unknown option --${name} (see --help)` }
  }
  return { inputs, json, debug, summaryFile, ...(leaseId !== undefined ? { leaseId } : {}) }
}

export function cliAdapter(
  args: ReturnType<typeof parseArgs>,
  env: NodeJS.ProcessEnv,
  out = process.stdout,
  err = process.stderr
): Adapter {
  return {
    env,
    wording: cliWording,
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
  if (process.argv[2] === 'fleet') {
    const { fleetCommand } = await import('./fleet/command.js')
    process.exitCode = await fleetCommand(process.argv.slice(3), process.env, {
      parse: argv => parseArgs(argv, process.env),
      adapter: (inputs, json) => cliAdapter({ inputs, json, debug: false }, process.env)
    })
    return
  }
  if (process.argv[2] === 'lease') {
    process.exitCode = await leaseCommand(process.argv.slice(3), process.env)
    return
  }
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
  await run(cliAdapter(args, withLeaseId(process.env, args.leaseId)), { consoleReport: !args.json })
}

/** `--lease-id` reaches the lease as ATLAS_PREFLIGHT_LEASE_ID (the lease reads its id from the environment). */
function withLeaseId(env: NodeJS.ProcessEnv, leaseId: string | undefined): NodeJS.ProcessEnv {
  return leaseId ? { ...env, ATLAS_PREFLIGHT_LEASE_ID: leaseId } : env
}

/**
 * `atlas-preflight lease release|audit [--remove] [options]`: the end of a network lease for other CIs'
 * after_script/post stages, and the scheduled cleanup. Returns the exit status.
 */
export async function leaseCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [sub, ...rest] = argv
  const remove = rest.includes('--remove')
  const args = parseArgs(
    rest.filter(a => a !== '--remove'),
    env
  )
  if (args.help) {
    process.stdout.write(`${help()}\n`)
    return 0
  }
  if (args.error || (sub !== 'release' && sub !== 'audit') || (remove && sub !== 'audit')) {
    const why =
      args.error ??
      (remove ? '--remove goes with `lease audit`' : 'use `lease release` or `lease audit` (see --help)')
    process.stderr.write(`atlas-preflight: ${why}\n`)
    return 2
  }
  const adapter = cliAdapter({ ...args, json: false }, withLeaseId(env, args.leaseId))
  const outcome = await endLease(adapter, sub === 'release' ? { kind: 'marker' } : { kind: 'audit', remove })
  return outcome.exitCode
}
