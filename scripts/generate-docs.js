// Writes action.yml and the README's input/output tables from src/config/{inputs,outputs}.ts (compiled to lib/
// by `npm run build`). __tests__/docs-sync.test.ts fails when either drifts. Run: npm run docs
import { readFileSync, writeFileSync } from 'node:fs'
import { INPUTS } from '../lib/config/inputs.js'
import { OUTPUTS } from '../lib/config/outputs.js'

export function actionYml() {
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

export function inputsTable() {
  const rows = INPUTS.map(
    i =>
      `| \`${i.name}\` | ${i.description.replace(/\|/g, '\\|')} | ${i.default !== undefined ? `\`${i.default}\`` : ''} | ${i.secret ? 'yes' : ''} |`
  )
  return ['| Input | Description | Default | Secret |', '|---|---|---|---|', ...rows].join('\n')
}

export function outputsTable() {
  const rows = Object.entries(OUTPUTS).map(([n, d]) => `| \`${n}\` | ${d.replace(/\|/g, '\\|')} |`)
  return ['| Output | Description |', '|---|---|', ...rows].join('\n')
}

export function replaceBetween(text, marker, body) {
  const re = new RegExp(`(<!-- ${marker}:start -->\\n)[\\s\\S]*?(\\n<!-- ${marker}:end -->)`)
  if (!re.test(text)) throw new Error(`README has no ${marker} markers`)
  return text.replace(re, `$1${body}$2`)
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  writeFileSync('action.yml', actionYml())
  let readme = readFileSync('README.md', 'utf8')
  readme = replaceBetween(readme, 'inputs', inputsTable())
  readme = replaceBetween(readme, 'outputs', outputsTable())
  writeFileSync('README.md', readme)
}
