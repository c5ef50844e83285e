// npm run sandbox -- --scenario NAME [--latency MS]: start the sandbox and keep it running (Ctrl-C stops it).
// Prints the URLs and the credentials to use, and how to point the action or the CLI at it.
import { startSandbox, scenarioNames } from '../sandbox/index.js'

const arg = name => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : undefined
}
const scenario = arg('scenario') ?? 'healthy'
if (!scenarioNames().includes(scenario)) {
  console.error(`Unknown scenario "${scenario}". Scenarios: ${scenarioNames().join(', ')}`)
  process.exit(2)
}
const latency = arg('latency')
const sandbox = await startSandbox({ scenario, ...(latency ? { latencyMs: Number(latency) } : {}) })
const inputs = sandbox.inputs()
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
  .map(([k, v]) => `ATLAS_PREFLIGHT_${k.toUpperCase().replace(/-/g, '_')}='${String(v).replace(/\n/g, ',')}'`)
  .join(' \\\n  ')
console.log(`  ${env} \\\n  node bin/atlas-preflight.js\n`)
console.log('These are sandbox credentials: they work nowhere else. Ctrl-C to stop.')
const stop = async () => {
  await sandbox.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
