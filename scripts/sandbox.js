// npm run sandbox -- [--scenario NAME] [--latency MS] [--port N] [--github-output FILE] [--detach]: start the sandbox
// and keep it running (Ctrl-C stops it). --port N: Atlas on N, Atlas Cloud AI on N+1, IP echo on N+2 (default: free
// ports), for a fixed configuration such as .env.example. Prints the URLs and the credentials to use, and how to
// point the action or the CLI at it.
// --github-output FILE appends the scenario's inputs as `name=value` lines (a workflow step's $GITHUB_OUTPUT), so a
//   later `uses: ./` step takes them as `${{ steps.<id>.outputs.<input> }}`, plus `pid` (to stop it).
// --detach returns as soon as the servers listen and leaves them running in the background (a workflow step), with
//   their log in --log FILE (default: discarded). No polling: the background process tells this one it is ready.
import { appendFileSync, openSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { clusterTestEnv, startSandbox, scenarioNames } from '../sandbox/index.js'

export const USAGE = `Usage: npm run sandbox -- [options]

Starts the local stand-in for Atlas, Atlas Cloud AI and the IP echo services (and, for cluster scenarios, the
clusters' hosts and a DNS responder) and keeps it running until Ctrl-C (or SIGTERM).

Options:
  --scenario NAME        the scenario to serve (default: healthy); npm run demo -- --list lists them
  --latency MS           add MS milliseconds to every answer
  --port N               Atlas on N, Atlas Cloud AI on N+1, IP echo on N+2 (default: free ports)
  --github-output FILE   append the scenario's inputs as name=value lines (a step's $GITHUB_OUTPUT), and pid
  --detach               return once the servers listen and leave them running in the background;
                         stop them with: kill <pid>  (the pid is printed, and written by --github-output)
  --log FILE             with --detach: where the background sandbox logs (default: discarded)
  --help                 print this help`

/** Options that take a value, and the bare ones. */
const WITH_VALUE = new Set(['--scenario', '--latency', '--port', '--github-output', '--log'])
const BARE = new Set(['--detach', '--help'])
const argv = process.argv.slice(2)
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]
  if (WITH_VALUE.has(a)) {
    if (argv[i + 1] === undefined || argv[i + 1].startsWith('--')) {
      console.error(`${a} needs a value.\n\n${USAGE}`)
      process.exit(2)
    }
    i++
  } else if (!BARE.has(a)) {
    console.error(`Unknown option "${a}".\n\n${USAGE}`)
    process.exit(2)
  }
}
if (argv.includes('--help')) {
  console.log(USAGE)
  process.exit(0)
}
const arg = name => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : undefined
}
for (const [name, ok] of /** @type {const} */ ([
  ['latency', v => /^\d+$/.test(v)],
  ['port', v => /^\d+$/.test(v) && Number(v) > 0 && Number(v) < 65534]
]))
  if (arg(name) !== undefined && !ok(arg(name))) {
    console.error(`--${name} takes a whole number.\n\n${USAGE}`)
    process.exit(2)
  }
const scenario = arg('scenario') ?? 'healthy'
if (!scenarioNames().includes(scenario)) {
  console.error(`Unknown scenario "${scenario}". Scenarios: ${scenarioNames().join(', ')}`)
  process.exit(2)
}
const outputFile = arg('github-output')

if (process.argv.includes('--detach')) {
  const log = arg('log')
  const out = log ? openSync(log, 'a') : 'ignore'
  const args = process.argv.slice(2).filter(a => a !== '--detach')
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], {
    detached: true,
    stdio: ['ignore', out, out, 'ipc']
  })
  child.on('exit', code => {
    console.error(`The sandbox stopped before it was ready (exit ${code}).`)
    process.exit(1)
  })
  child.on('message', message => {
    console.log(
      `Sandbox "${scenario}" running in the background (pid ${child.pid}): ${message.atlasUrl}\nStop it with: kill ${child.pid}`
    )
    child.removeAllListeners('exit')
    child.disconnect()
    child.unref()
  })
} else {
  await serve()
}

async function serve() {
  const latency = arg('latency')
  const port = arg('port') ? Number(arg('port')) : undefined
  const sandbox = await startSandbox({
    scenario,
    ...(latency ? { latencyMs: Number(latency) } : {}),
    ...(port ? { ports: { atlas: port, ai: port + 1, echo: port + 2 } } : {})
  })
  const inputs = sandbox.inputs()
  if (outputFile) {
    const lines = Object.entries(inputs).map(([k, v]) => `${k}=${String(v).replace(/\n/g, ',')}\n`)
    appendFileSync(outputFile, `${lines.join('')}pid=${process.pid}\n`)
  }
  console.log(`atlas-preflight sandbox, scenario "${scenario}": ${sandbox.scenario.description ?? ''}\n`)
  console.log(`  Atlas Administration API  ${sandbox.atlasUrl}`)
  console.log(`  Atlas Cloud AI API        ${sandbox.aiUrl}`)
  console.log(`  IP echo                   ${sandbox.echoUrls.join('  ')}`)
  console.log(
    `  control                   ${sandbox.echoUrl}/_sandbox/stats  (POST/DELETE ${sandbox.echoUrl}/_sandbox/faults)\n`
  )
  console.log('Inputs for this scenario (as the action takes them):')
  for (const [k, v] of Object.entries(inputs)) console.log(`  ${k}: ${String(v).replace(/\n/g, ', ')}`)
  console.log('\nThe CLI against it:')
  const env = Object.entries(inputs)
    .map(
      ([k, v]) => `ATLAS_PREFLIGHT_${k.toUpperCase().replace(/-/g, '_')}='${String(v).replace(/\n/g, ',')}'`
    )
    .join(' \\\n  ')
  const test = clusterTestEnv(sandbox)
  const testLine = test.NODE_ENV
    ? `NODE_ENV=test ATLAS_PREFLIGHT_TEST_DNS=${test.ATLAS_PREFLIGHT_TEST_DNS} ATLAS_PREFLIGHT_TEST_CA="$(cat ${sandbox.tls.caFile})" \\\n  `
    : ''
  console.log(`  ${testLine}${env} \\\n  node bin/atlas-preflight.js\n`)
  if (testLine)
    console.log(
      "The first line points the cluster probes at the sandbox's DNS responder and test CA (test-only: honoured with\nNODE_ENV=test, for names under .sandbox.test only). The action under test takes the same three variables.\n"
    )
  console.log(
    `These are sandbox credentials: they work nowhere else. Ctrl-C (or kill ${process.pid}) to stop.`
  )
  const stop = async () => {
    await sandbox.stop()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  // Started with --detach: tell the parent the servers listen (the outputs file is already written).
  if (process.send) process.send({ atlasUrl: sandbox.atlasUrl })
}
