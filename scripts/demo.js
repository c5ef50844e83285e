// npm run demo [scenario]: start the sandbox on free ports, run the bundled action (dist/index.js) against it
// exactly as the runner would, print what a person would see (annotations, outputs, job summary), stop the sandbox.
import { startSandbox, scenarioNames } from '../sandbox/index.js'
import { runAction } from './runner-harness.js'

const name = process.argv[2] ?? 'healthy'
if (name === '--list' || !scenarioNames().includes(name)) {
  console.log(`Scenarios: ${scenarioNames().join(', ')}`)
  process.exit(name === '--list' ? 0 : 2)
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
  console.log(
    `exit code ${r.exitCode} · token requests ${sandbox.stats.tokenRequests} · Digest challenges ${sandbox.stats.digestChallenges}`
  )
  process.exitCode = 0
} finally {
  await sandbox.stop()
}
