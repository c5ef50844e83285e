// Records the finding ids that passing assertions expect (jest's setupFilesAfterEnv; used by
// __tests__/engine/finding-ids.test.ts, which runs the unit tests with it). A matcher's expected arguments are what
// an assertion holds a result to, so an id counts only when it is there: `expect(ids).toContain('a/b')`,
// `expect(problems).toEqual([['a/b', 'error']])`, an asymmetric `expect.arrayContaining(['a/b'])`. An id only in a
// comment, a test's name or the received value (`expect(findings).toHaveLength(1)`) is not an assertion about it.
// Negated assertions (`.not.toContain('a/b')`) say the id is absent, so they do not count either.
import { appendFileSync } from 'node:fs'

const OUT = process.env['ATLAS_PREFLIGHT_ASSERTED_IDS']
const ID = /^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/
const registry = globalThis[Symbol.for('$$jest-matchers-object')]

/** Every finding-id-shaped string in a value (bounded: expected values are small). */
function collect(value, out, depth = 0, seen = new Set()) {
  if (depth > 8 || value === null || value === undefined) return
  if (typeof value === 'string') {
    if (ID.test(value)) out.add(value)
    return
  }
  if (typeof value !== 'object' || seen.has(value)) return
  seen.add(value)
  for (const v of value instanceof Map || value instanceof Set ? [...value.values()] : Object.values(value))
    collect(v, out, depth + 1, seen)
}

if (OUT && registry) {
  const asserted = new Set()
  const matchers = registry.matchers
  for (const name of Object.keys(matchers)) {
    const original = matchers[name]
    const wrapped = function (received, ...expected) {
      const note = result => {
        if (result && result.pass === true && !this.isNot) collect(expected, asserted)
        return result
      }
      const result = original.call(this, received, ...expected)
      return result && typeof result.then === 'function' ? result.then(note) : note(result)
    }
    for (const key of Reflect.ownKeys(original)) {
      const d = Object.getOwnPropertyDescriptor(original, key)
      if (d && key !== 'length' && key !== 'name' && key !== 'prototype')
        Object.defineProperty(wrapped, key, d)
    }
    matchers[name] = wrapped
  }
  afterAll(() => {
    if (asserted.size) appendFileSync(OUT, `${[...asserted].join('\n')}\n`)
  })
}
