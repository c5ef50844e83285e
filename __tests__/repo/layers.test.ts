/**
 * The layers point one way: no import cycle among src/ modules, type-only imports included (a type cycle is still a
 * design cycle: it is how checks/types ↔ config ↔ services once crept in). eslint.config.js states which layer may
 * import which; this test catches any cycle those rules do not name.
 */
import { describe, expect, it } from '@jest/globals'
import { ESLint } from 'eslint'
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { ROOT } from '../../scripts/runner-harness.js'

const SRC = join(ROOT, 'src')

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []
  )
}

/** Every relative module a file imports or re-exports, statically or with import(). */
function importsOf(file: string, text: string): string[] {
  const specs = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g),
    ...text.matchAll(/(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]/g),
    ...text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)
  ].map(m => m[1]!)
  return specs.map(s => resolve(dirname(file), s.replace(/\.js$/, '.ts')))
}

/** Strongly connected components with more than one module (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0
  const idx = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const on = new Set<string>()
  const out: string[][] = []
  const visit = (v: string): void => {
    idx.set(v, index)
    low.set(v, index++)
    stack.push(v)
    on.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue
      if (!idx.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!))
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = []
      for (let w = stack.pop()!; ; w = stack.pop()!) {
        on.delete(w)
        scc.push(w)
        if (w === v) break
      }
      if (scc.length > 1) out.push(scc.sort())
    }
  }
  for (const v of graph.keys()) if (!idx.has(v)) visit(v)
  return out
}

describe('layers', () => {
  it('src/ has no import cycle, type imports included', () => {
    const graph = new Map(files(SRC).map(f => [f, importsOf(f, readFileSync(f, 'utf8'))]))
    expect(graph.size).toBeGreaterThan(40)
    expect(cycles(graph).map(c => c.map(f => relative(ROOT, f)))).toEqual([])
  })

  it('the detector finds a planted cycle, through a type import', () => {
    const a = '/x/a.ts'
    const b = '/x/b.ts'
    const graph = new Map([
      [a, importsOf(a, "import type { B } from './b.js'")],
      [b, importsOf(b, "export { A } from './a.js'")]
    ])
    expect(cycles(graph)).toEqual([[a, b]])
  })
})

/**
 * The layer rules hold (issue 21 item 3): each planted import the documented layers forbid fails lint, at any
 * depth (`../../x` too); the imports the layers allow pass; every folder and root file of src/ has its layer in
 * eslint.config.js and in docs/ARCHITECTURE.md.
 */
describe('layer rules', () => {
  const eslint = new ESLint({ cwd: ROOT })
  const restricted = async (file: string, code: string) => {
    const [r] = await eslint.lintText(`${code}\nexport const planted = 1\n`, { filePath: join(ROOT, file) })
    return r!.messages.filter(m => m.ruleId === 'no-restricted-imports').map(m => m.message)
  }

  it.each([
    ['core → http', 'src/core/finding.ts', "import { Deadline } from '../http/deadline.js'"],
    ['http → API clients', 'src/http/client.ts', "import { ProbeDns } from '../net/dns.js'"],
    [
      'API clients → check support',
      'src/net/dns.ts',
      "import type { Check } from '../check-support/check.js'"
    ],
    [
      'API clients, two levels down → report',
      'src/atlas/auth/digest.ts',
      "import { md } from '../../report/markdown.js'"
    ],
    ['platform port → trust', 'src/platform/adapter.ts', "import { Redactor } from '../trust/redact.js'"],
    ['trust → report', 'src/trust/guard.ts', "import { md } from '../report/markdown.js'"],
    ['services → check support', 'src/services.ts', "import type { Check } from './check-support/check.js'"],
    [
      'check support → checks (a runtime import)',
      'src/check-support/check.ts',
      "import { secretsCheck } from '../checks/secrets.js'"
    ],
    ['checks → engine', 'src/checks/secrets.ts', "import { run } from '../main.js'"],
    ['fix phase → report', 'src/lease/summary.ts', "import { md } from '../report/markdown.js'"],
    ['fix phase → checks', 'src/lease/protocol.ts', "import { secretsCheck } from '../checks/secrets.js'"],
    ['report → engine', 'src/report/model.ts', "import { run } from '../main.js'"],
    ['report → organization scope', 'src/report/summary.ts', "import { scan } from '../fleet/scan.js'"],
    ['organization scope → engine', 'src/fleet/scan.ts', "import { run } from '../main.js'"],
    ['engine → adapters', 'src/runner.ts', "import { githubAdapter } from './adapters/github.js'"],
    ['engine → entries', 'src/main.ts', "import { main } from './cli.js'"],
    [
      'tracking issue → adapters',
      'src/github/tracking-issue.ts',
      "import { githubAdapter } from '../adapters/github.js'"
    ],
    ['a CLI adapter → @actions/*', 'src/adapters/cli-wording.ts', "import * as core from '@actions/core'"]
  ])('fails lint on a planted %s import', async (_n, file, code) => {
    expect(await restricted(file, code)).toEqual([
      expect.stringMatching(/may not import|may import @actions/)
    ])
  })

  it.each([
    ['engine → checks', 'src/main.ts', "import { REGISTRY } from './checks/index.js'"],
    [
      'engine → fix phase and organization scope',
      'src/main.ts',
      "import { a } from './lease/a.js'\nimport { b } from './fleet/b.js'"
    ],
    [
      'checks → check support',
      'src/checks/secrets.ts',
      "import type { Check } from '../check-support/check.js'"
    ],
    [
      'API clients, two levels down → http',
      'src/atlas/auth/digest.ts',
      "import { HttpClient } from '../../http/client.js'"
    ],
    [
      'fix phase → check support, API clients, core',
      'src/lease/protocol.ts',
      "import type { Check } from '../check-support/check.js'\nimport { AtlasClient } from '../atlas/client.js'\nimport type { Finding } from '../core/finding.js'"
    ],
    [
      'organization scope → report model',
      'src/fleet/scan.ts',
      "import type { Report } from '../report/model.js'"
    ],
    [
      'the GitHub adapter → @actions/* (its own modules)',
      'src/adapters/github.ts',
      "import { context } from '@actions/github'"
    ],
    [
      'the local-action entry → @actions/core',
      'src/local-action.ts',
      "import * as core from '@actions/core'"
    ],
    [
      'the tracking issue → @actions/* and report',
      'src/github/tracking-issue.ts',
      "import { getOctokit } from '@actions/github'\nimport { md } from '../report/markdown.js'"
    ]
  ])('passes an allowed %s import', async (_n, file, code) => {
    expect(await restricted(file, code)).toEqual([])
  })

  // no-restricted-imports sees neither import() nor re-exports: the same rules hold them through no-restricted-syntax.
  const syntax = async (file: string, code: string) => {
    const [r] = await eslint.lintText(`${code}\nexport const planted = 1\n`, { filePath: join(ROOT, file) })
    return r!.messages.filter(m => m.ruleId === 'no-restricted-syntax').map(m => m.message)
  }

  it.each([
    [
      'checks → organization scope, by import()',
      'src/checks/secrets.ts',
      "export const m = () => import('../fleet/run.js')"
    ],
    ['checks → engine, by import()', 'src/checks/secrets.ts', "export const m = () => import('../main.js')"],
    [
      'engine → adapters, by import()',
      'src/main.ts',
      "export const m = () => import('./adapters/github.js')"
    ],
    [
      'API clients, two levels down → report, by import()',
      'src/atlas/auth/digest.ts',
      "export const m = () => import('../../report/markdown.js')"
    ],
    ['report → engine, by a re-export', 'src/report/model.ts', "export { run } from '../main.js'"],
    [
      "@actions/core's index, from the GitHub adapter",
      'src/adapters/github.ts',
      "import * as core from '@actions/core'"
    ],
    [
      "@actions/core's index, by a re-export",
      'src/checks/secrets.ts',
      "export { info } from '@actions/core'"
    ],
    [
      'a package by its path in node_modules',
      'src/checks/secrets.ts',
      "export * from '../../node_modules/@actions/core/lib/summary.js'"
    ],
    [
      'a dynamic import of a computed name',
      'src/checks/secrets.ts',
      'export const m = (x: string) => import(x)'
    ]
  ])('fails lint on a planted %s', async (_n, file, code) => {
    expect(await syntax(file, code)).toEqual([
      expect.stringMatching(/may not import|actions-core|string literal/)
    ])
  })

  it.each([
    [
      'engine → organization scope, by import()',
      'src/main.ts',
      "export const m = () => import('./fleet/run.js')"
    ],
    ['entries → engine, by import()', 'src/cli.ts', "export const m = () => import('./main.js')"],
    [
      'the @actions/core seam → core by path',
      'src/adapters/actions-core.ts',
      "export { summary } from '../../node_modules/@actions/core/lib/summary.js'"
    ]
  ])('passes an allowed %s', async (_n, file, code) => {
    expect(await syntax(file, code)).toEqual([])
  })

  it('gives every folder and root file of src/ a layer, in lint and in docs/ARCHITECTURE.md', async () => {
    const { LAYERS } = (await import(join(ROOT, 'eslint.config.js'))) as {
      LAYERS: { name: string; files: string[] }[]
    }
    const globs = LAYERS.flatMap(l => l.files)
    const doc = readFileSync(join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8')
    const table = doc.slice(doc.indexOf('## Layers'), doc.indexOf('## The three promises'))
    const entries = readdirSync(SRC, { withFileTypes: true }).map(e =>
      e.isDirectory()
        ? { glob: `src/${e.name}/**`, doc: `src/${e.name}/` }
        : { glob: `src/${e.name}`, doc: `src/${e.name}` }
    )
    expect(entries.filter(e => !globs.includes(e.glob)).map(e => e.glob)).toEqual([])
    expect(entries.filter(e => !table.includes(`\`${e.doc}\``)).map(e => e.doc)).toEqual([])
  })
})
