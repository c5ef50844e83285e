// Scenarios are small declarative JSON files in sandbox/scenarios/. Each names a scenario it `extends` (base.json
// at the root) and overrides parts of it; objects merge, arrays replace.
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const SCENARIO_DIR = join(dirname(fileURLToPath(import.meta.url)), 'scenarios')

export function scenarioNames() {
  return readdirSync(SCENARIO_DIR)
    .filter(f => f.endsWith('.json') && f !== 'base.json')
    .map(f => f.slice(0, -5))
    .sort()
}

/** @param {any} a @param {any} b */
export function merge(a, b) {
  if (b === undefined) return a
  if (
    Array.isArray(b) ||
    b === null ||
    typeof b !== 'object' ||
    a === null ||
    typeof a !== 'object' ||
    Array.isArray(a)
  )
    return structuredClone(b)
  const out = { ...a }
  for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v)
  return out
}

/** @param {string | object} nameOrObject */
export function loadScenario(nameOrObject) {
  if (typeof nameOrObject === 'object') {
    const o = /** @type {any} */ (nameOrObject)
    return merge(o.extends ? loadScenario(o.extends) : {}, { ...o, extends: undefined })
  }
  if (!/^[a-z0-9-]+$/.test(nameOrObject)) throw new Error(`invalid scenario name ${nameOrObject}`)
  let raw
  try {
    raw = JSON.parse(readFileSync(join(SCENARIO_DIR, `${nameOrObject}.json`), 'utf8'))
  } catch {
    throw new Error(`unknown scenario "${nameOrObject}"; known: ${scenarioNames().join(', ')}`)
  }
  const parent = nameOrObject === 'base' ? {} : loadScenario(raw.extends ?? 'base')
  const merged = merge(parent, {
    ...raw,
    extends: undefined,
    name: nameOrObject === 'base' ? raw.name : nameOrObject
  })
  // What a scenario expects is its own: it never inherits the parent's expectations.
  if (raw.expect) merged.expect = structuredClone(raw.expect)
  return merged
}
