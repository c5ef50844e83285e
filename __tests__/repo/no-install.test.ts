/**
 * The README's first command, `npm run demo`, works on a fresh machine before any install, and so does
 * `npm run sandbox`: nothing they import, however deep, comes from node_modules (Node's own modules only). They run
 * dist/ as a child process, as the runner does; the bundler and its packages stay out of their way
 * (scripts/entries.js holds the entry list apart from scripts/bundle.js for that reason).
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { ROOT } from '../../scripts/runner-harness.js'

/** Every module specifier a file names: static imports, re-exports and literal dynamic imports. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const found = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)
  ]
  return found.map(m => m[1] as string)
}

/** The packages a script reaches through its relative imports, with the file that names each. */
function packagesReachedFrom(entry: string): string[] {
  const seen = new Set<string>()
  const packages: string[] = []
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    for (const s of specifiers(file)) {
      if (s.startsWith('.')) visit(resolve(dirname(file), s))
      else if (!s.startsWith('node:')) packages.push(`${s} (${relative(ROOT, file)})`)
    }
  }
  visit(join(ROOT, entry))
  expect(seen.size).toBeGreaterThan(3)
  return packages
}

describe('the README commands that need no install', () => {
  it.each(['scripts/demo.js', 'scripts/sandbox.js'])('%s imports nothing from node_modules', entry => {
    expect(packagesReachedFrom(entry)).toEqual([])
  })

  it('the walk finds a package where there is one (the bundler)', () => {
    expect(packagesReachedFrom('scripts/bundle.js')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^terser /)])
    )
  })
})
