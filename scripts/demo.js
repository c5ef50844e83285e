// npm run demo [scenario]: start the sandbox on free ports, run the bundled action (dist/index.js) against it
// exactly as the runner would, print what a person would see (annotations, outputs, job summary), stop the sandbox.
// The cluster scenarios' probes are pointed at the sandbox's DNS responder and test CA the way the tests do it
// (NODE_ENV=test, names under .sandbox.test only; src/net/test-hooks.ts), so each shows the verdict it states.
// npm run demo -- --list: every scenario with a one-line description.
import { clusterTestEnv, loadScenario, scenarioNames, startSandbox } from '../sandbox/index.js'
import { runAction } from './runner-harness.js'

/** The first sentence of a scenario's description, on one line. @param {string} name */
export function oneLine(name) {
  const d = String(loadScenario(name).description ?? '').replace(/\s+/g, ' ')
  const first = /^(.+?[.!?])(\s|$)/.exec(d)?.[1] ?? d
  return first.length > 110 ? `${first.slice(0, 107)}…` : first
}

const name = process.argv[2] ?? 'healthy'
if (name === '--list' || name === '--help' || !scenarioNames().includes(name)) {
  if (name !== '--list' && name !== '--help') console.error(`Unknown scenario "${name}".`)
  const names = scenarioNames()
  const width = Math.max(...names.map(n => n.length))
  console.log('Usage: npm run demo -- [scenario]   (default: healthy)\n\nScenarios:')
  for (const n of names) console.log(`  ${n.padEnd(width)}  ${oneLine(n)}`)
  process.exit(name === '--list' || name === '--help' ? 0 : 2)
}
const sandbox = await startSandbox({ scenario: name })
try {
  console.log(`\n▶ scenario "${name}": ${sandbox.scenario.description ?? ''}`)
  console.log(
    `  sandbox: Atlas ${sandbox.atlasUrl} · Atlas Cloud AI ${sandbox.aiUrl} · IP echo ${sandbox.echoUrl}\n`
  )
  const env = {
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'you/your-repo',
    GITHUB_RUN_ID: '1',
    ...clusterTestEnv(sandbox),
    ...(sandbox.scenario.action.env ?? {})
  }
  const r = await runAction(sandbox.inputs(), { env })
  const log = r.stdout
    .split('\n')
    .filter(l => l && !l.startsWith('::'))
    .join('\n')
  console.log('── log ──────────────────────────────────────────────')
  console.log(log)
  console.log('\n── annotations ──────────────────────────────────────')
  if (r.annotations.length === 0) console.log('(none)')
  for (const a of r.annotations)
    console.log(`${a.severity.toUpperCase()} ${a.title}\n  ${a.message.replace(/\n/g, '\n  ')}`)
  console.log('\n── outputs ──────────────────────────────────────────')
  for (const [k, v] of Object.entries(r.outputs)) if (k !== 'report') console.log(`${k.padEnd(20)} ${v}`)
  console.log('\n── job summary ──────────────────────────────────────')
  console.log(r.summary)
  const expected = sandbox.scenario.expect?.status
  console.log(
    `verdict ${r.outputs['status'] ?? 'none'}${expected ? ` (the scenario states ${expected})` : ''} · exit code ${r.exitCode} · token requests ${sandbox.stats.tokenRequests} · Digest challenges ${sandbox.stats.digestChallenges}`
  )
  process.exitCode = 0
} finally {
  await sandbox.stop()
}
