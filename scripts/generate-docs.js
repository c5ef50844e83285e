// Writes action.yml, the README's input/output tables and the report schema's check-id enum from src/config/ and
// src/core/check-ids.ts (compiled to lib/
// by `npm run build`). __tests__/docs-sync.test.ts fails when any drifts. Run: npm run docs
import { readFileSync, writeFileSync } from 'node:fs'

/** @param {{ name: string, description: string, default?: string }[]} INPUTS @param {Record<string, string>} OUTPUTS */
export function actionYml(INPUTS, OUTPUTS) {
  const q = s => JSON.stringify(s)
  const lines = [
    "name: 'Atlas Preflight'",
    "description: 'Before you deploy: will your MongoDB Atlas and Atlas Cloud AI credentials work from this runner? If not, why, and the fix.'",
    "author: 'atlas-preflight'",
    'branding:',
    "  icon: 'shield'",
    "  color: 'green'",
    'inputs:'
  ]
  for (const i of INPUTS) {
    lines.push(`  ${i.name}:`, `    description: ${q(i.description)}`, '    required: false')
    if (i.default !== undefined) lines.push(`    default: ${q(i.default)}`)
  }
  lines.push('outputs:')
  for (const [name, description] of Object.entries(OUTPUTS))
    lines.push(`  ${name}:`, `    description: ${q(description)}`)
  lines.push('runs:', "  using: 'node24'", "  main: 'dist/index.js'", '')
  return lines.join('\n')
}

/** @param {{ name: string, description: string, default?: string, secret?: boolean }[]} INPUTS */
export function inputsTable(INPUTS) {
  const rows = INPUTS.map(
    i =>
      `| \`${i.name}\` | ${i.description.replace(/\|/g, '\\|')} | ${i.default !== undefined ? `\`${i.default}\`` : ''} | ${i.secret ? 'yes' : ''} |`
  )
  return ['| Input | Description | Default | Secret |', '|---|---|---|---|', ...rows].join('\n')
}

/** @param {Record<string, string>} OUTPUTS */
export function outputsTable(OUTPUTS) {
  const rows = Object.entries(OUTPUTS).map(([n, d]) => `| \`${n}\` | ${d.replace(/\|/g, '\\|')} |`)
  return ['| Output | Description |', '|---|---|', ...rows].join('\n')
}

/**
 * The report schema with its check-id enum set from the one id list (`inputs` first, then CHECK_IDS in order).
 * @param {string} schemaText @param {readonly string[]} CHECK_IDS
 */
export function reportSchema(schemaText, CHECK_IDS) {
  const schema = JSON.parse(schemaText)
  const ids = ['inputs', ...CHECK_IDS]
  schema.$defs.check.properties.id.enum = ids
  if (schema.$defs.finding.properties.check?.enum) schema.$defs.finding.properties.check.enum = ids
  return `${JSON.stringify(schema, null, 2)}\n`
}

/** @param {string} text @param {string} marker @param {string} body */
export function replaceBetween(text, marker, body) {
  const re = new RegExp(`(<!-- ${marker}:start -->)[\\s\\S]*?(<!-- ${marker}:end -->)`)
  if (!re.test(text)) throw new Error(`README has no ${marker} markers`)
  return text.replace(re, `$1\n${body}\n$2`)
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const { INPUTS } = await import('../lib/config/inputs.js')
  const { OUTPUTS } = await import('../lib/config/outputs.js')
  writeFileSync('action.yml', actionYml(INPUTS, OUTPUTS))
  let readme = readFileSync('README.md', 'utf8')
  readme = replaceBetween(readme, 'inputs', inputsTable(INPUTS))
  readme = replaceBetween(readme, 'outputs', outputsTable(OUTPUTS))
  writeFileSync('README.md', readme)
  const { CHECK_IDS } = await import('../lib/core/check-ids.js')
  writeFileSync(
    'docs/report-schema.json',
    reportSchema(readFileSync('docs/report-schema.json', 'utf8'), CHECK_IDS)
  )
}
