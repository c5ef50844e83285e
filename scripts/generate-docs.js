// Writes action.yml, the README's input/output and troubleshooting tables and the report schema's check-id enum
// from src/config/, src/core/check-ids.ts and the findings the checks declare (compiled to lib/ by `npm run docs`).
// __tests__/repo/docs-sync.test.ts fails when any drifts. Run: npm run docs
import { readFileSync, writeFileSync } from 'node:fs'
import { entry } from './bundle.js'

/**
 * An input that also reads environment variables (`MONGODB_ATLAS_BASE_URL`) gets no `default:` in action.yml: the
 * runner would always fill it, and the variable would never apply. Its description names the default, which the
 * parser applies when neither the input nor a variable is set.
 * @param {{ name: string, description: string, default?: string, env?: readonly string[] }[]} INPUTS
 * @param {Record<string, string>} OUTPUTS
 */
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
    const fromEnv = i.default !== undefined && (i.env?.length ?? 0) > 0
    const description = fromEnv
      ? `${i.description} Default: ${i.default}, unless ${i.env.join(' or ')} is set.`
      : i.description
    lines.push(`  ${i.name}:`, `    description: ${q(description)}`, '    required: false')
    if (i.default !== undefined && !fromEnv) lines.push(`    default: ${q(i.default)}`)
  }
  lines.push('outputs:')
  for (const [name, description] of Object.entries(OUTPUTS))
    lines.push(`  ${name}:`, `    description: ${q(description)}`)
  // The post step ends the network lease (it does nothing when no lease was taken); always(), even on cancel. The
  // files are the thin entries scripts/bundle.js writes (its ENTRIES list).
  lines.push(
    'runs:',
    "  using: 'node24'",
    `  main: 'dist/${entry('action').file}'`,
    `  post: 'dist/${entry('post').file}'`,
    "  post-if: 'always()'",
    ''
  )
  return lines.join('\n')
}

/**
 * The inputs table, with what each input's parser accepts (its `type`, src/config/inputs.ts and parsers.ts).
 * @param {{ name: string, description: string, default?: string, type: { kind: string, [k: string]: any } }[]} INPUTS
 */
export function inputsTable(INPUTS) {
  const code = v => `\`${v}\``
  const or = xs => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs.at(-1)}`)
  const accepts = t => {
    switch (t.kind) {
      case 'bool':
        return '`true` or `false`'
      case 'int':
        return `whole number, ${t.min} to ${t.max}`
      case 'days':
        return `whole number of days, 0 to ${t.max}; unset: off`
      case 'decimal':
        return `number of ${t.unit}, e.g. \`10\` or \`2.5\``
      case 'hex24':
        return '24 hexadecimal characters'
      case 'enum':
        return or(t.values.map(code))
      case 'base-url':
        return `http(s) origin, no API path; credentials go only to ${or([...t.official.map(code), 'loopback'])} unless \`allow-custom-endpoints: true\``
      case 'url-list':
        return 'http(s) URLs without credentials (newline or comma list)'
      case 'check-ids':
        return `any of ${t.ids.map(code).join(', ')}${t.allowAll ? ', or `all`' : ''} (newline or comma list)`
      case 'ip':
        return 'an IPv4 or IPv6 address'
      case 'list':
        return t.uppercase ? 'newline or comma list (upper-cased)' : 'newline or comma list'
      case 'text':
        return 'text (trimmed)'
      case 'database-user':
        return '`<name>` (in `admin`) or `$external/<name>`'
      case 'secret':
        return 'text, as given (not trimmed)'
      default:
        throw new Error(`inputsTable: no wording for input kind ${t.kind}`)
    }
  }
  const cell = s => s.replace(/\|/g, '\\|')
  const rows = INPUTS.map(
    i =>
      `| \`${i.name}\` | ${cell(i.description)} | ${cell(accepts(i.type))} | ${i.default !== undefined ? `\`${i.default}\`` : ''} | ${i.type.kind === 'secret' ? 'yes' : ''} |`
  )
  return ['| Input | Description | Accepts | Default | Secret |', '|---|---|---|---|---|', ...rows].join('\n')
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

/**
 * The README's troubleshooting table, from the declared findings (`defineFindings`): one row per error or warning
 * id with its title and fix, in the order given; a finding several checks share (`*\/atlas-unreachable`) once, after
 * the checks' own. Notices are left out: they need no troubleshooting.
 * @param {readonly { id: string, severity: string, title: string, fix: string }[]} declared
 */
export function troubleshootingTable(declared) {
  const cell = s => s.replace(/\|/g, '\\|')
  const byId = new Map()
  for (const d of declared) {
    if (d.severity === 'notice' && !d.id.startsWith('fleet/')) continue
    const seen = byId.get(d.id)
    if (seen && (seen.title !== d.title || seen.fix !== d.fix || seen.severity !== d.severity))
      throw new Error(`troubleshootingTable: ${d.id} is declared twice, differently`)
    byId.set(d.id, d)
  }
  const all = [...byId.values()]
  const rows = [...all.filter(d => !d.id.startsWith('*/')), ...all.filter(d => d.id.startsWith('*/'))].map(
    d => `| \`${d.id}\` | ${cell(d.title)} | ${cell(d.fix)} |`
  )
  return ['| Finding | What it means | The fix |', '|---|---|---|', ...rows].join('\n')
}

/**
 * docs/troubleshooting.md: one heading per error or warning id, each check's own and the shared ones it can raise
 * (so `atlas-read/atlas-unreachable` has its own anchor: the job summary links every finding to its heading), with
 * the title, the severity and the fix.
 * @param {{ check: string, declared: readonly { id: string, severity: string, title: string, fix: string }[] }[]} tables
 */
export function troubleshootingPage(tables) {
  /** The organization scan's notices are documented too: a fleet report is read by people who act on notices. */
  const documented = d => d.severity !== 'notice' || d.id.startsWith('fleet/')
  const out = [
    '# Troubleshooting, by finding id',
    '',
    'Every finding that needs action, by the id the annotation, the console report, the job summary and the JSON',
    "report give it (generated from the checks' declared findings by `npm run docs`; notices are left out, except the organization scan's `fleet/*`).",
    ''
  ]
  const done = new Set()
  for (const { check, declared } of tables)
    for (const d of declared) {
      if (!documented(d)) continue
      const id = d.id.startsWith('*/') ? `${check}/${d.id.slice(2)}` : d.id
      if (done.has(id)) continue
      done.add(id)
      out.push(`### ${id}`, '', `**${d.title}** (${d.severity})`, '', `Fix: ${d.fix}`, '')
    }
  return out.join('\n')
}

/** @param {string} text @param {string} marker @param {string} body */
export function replaceBetween(text, marker, body) {
  const re = new RegExp(`(<!-- ${marker}:start -->)[\\s\\S]*?(<!-- ${marker}:end -->)`)
  if (!re.test(text)) throw new Error(`README has no ${marker} markers`)
  return text.replace(re, (_all, start, end) => `${start}\n${body}\n${end}`)
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const { INPUTS } = await import('../lib/config/inputs.js')
  const { OUTPUTS } = await import('../lib/config/outputs.js')
  writeFileSync('action.yml', actionYml(INPUTS, OUTPUTS))
  let readme = readFileSync('README.md', 'utf8')
  readme = replaceBetween(readme, 'inputs', inputsTable(INPUTS))
  readme = replaceBetween(readme, 'outputs', outputsTable(OUTPUTS))
  const { declaredFindings } = await import('../lib/core/finding.js')
  const { REGISTRY } = await import('../lib/checks/index.js')
  const { RUNNER_FINDINGS } = await import('../lib/runner.js')
  const { INPUT_FINDINGS } = await import('../lib/config/findings.js')
  const { FLEET_FINDINGS } = await import('../lib/fleet/findings.js')
  readme = replaceBetween(
    readme,
    'troubleshooting',
    troubleshootingTable(
      [INPUT_FINDINGS, ...REGISTRY.map(c => c.findings), FLEET_FINDINGS, RUNNER_FINDINGS].flatMap(t =>
        declaredFindings(t)
      )
    )
  )
  writeFileSync('README.md', readme)
  writeFileSync(
    'docs/troubleshooting.md',
    troubleshootingPage([
      { check: 'inputs', declared: declaredFindings(INPUT_FINDINGS) },
      ...REGISTRY.map(c => ({
        check: c.id,
        declared: [...declaredFindings(c.findings), ...declaredFindings(RUNNER_FINDINGS)]
      })),
      { check: 'fleet', declared: declaredFindings(FLEET_FINDINGS) }
    ])
  )
  const { CHECK_IDS, EXTRA_SOURCES } = await import('../lib/core/check-ids.js')
  writeFileSync(
    'docs/report-schema.json',
    reportSchema(readFileSync('docs/report-schema.json', 'utf8'), [...CHECK_IDS, ...EXTRA_SOURCES])
  )
}
