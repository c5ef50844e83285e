/**
 * The layers point one way: no import cycle among src/ modules, type-only imports included (a type cycle is still a
 * design cycle: it is how checks/types ↔ config ↔ services once crept in). eslint.config.js states which layer may
 * import which; this test catches any cycle those rules do not name.
 */
import { describe, expect, it } from '@jest/globals'
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
