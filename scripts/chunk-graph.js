// Which files of the shared bundle (scripts/bundle.js) an entry can load, read from webpack's stats (ncc
// --stats-out): the hub (the entry chunk), the chunks of the entry's own lazy import, and then, until nothing is
// added, every chunk that a module in an already loaded chunk imports lazily (undici behind a proxy, digest-fetch
// for an API key, ...). A chunk webpack split out for two entries counts for both.

/**
 * @typedef {{ moduleIdentifier?: string, moduleName?: string, request?: string }} StatsOrigin
 * @typedef {{ id?: string | number, files?: string[], entry?: boolean, initial?: boolean, origins?: StatsOrigin[] }} StatsChunk
 * @typedef {{ identifier?: string, name?: string, chunks?: (string | number)[], modules?: StatsModule[] }} StatsModule
 * @typedef {{ chunks?: StatsChunk[], modules?: StatsModule[] }} Stats
 */

/** The source path an import request or module name ends in, without ./ and ../ (`../../src/cli-main.ts`). */
const tail = (/** @type {string} */ s) => s.replace(/\\/g, '/').replace(/^(\.\.?\/)+/, '')

/**
 * @param {Stats} stats webpack stats of the shared bundle
 * @param {string} source the entry's source as scripts/bundle.js lists it (`src/cli-main.ts`)
 * @returns {Set<string>} the output files (names as webpack emitted them) the entry can load
 */
export function filesLoadedBy(stats, source) {
  const chunks = stats.chunks ?? []
  /** @type {Map<string, Set<string>>} chunk id -> identifiers and names of the modules in it, nested ones too */
  const modulesIn = new Map()
  const note = (/** @type {StatsModule} */ m, /** @type {string} */ chunk) => {
    const set = modulesIn.get(chunk) ?? new Set()
    for (const key of [m.identifier, m.name]) if (key) set.add(key)
    modulesIn.set(chunk, set)
    for (const inner of m.modules ?? []) note(inner, chunk)
  }
  for (const m of stats.modules ?? []) for (const c of m.chunks ?? []) note(m, String(c))

  // The hub's chunk is always loaded; its lazy imports are the entries, so only this entry's import counts.
  const hub = new Set(chunks.filter(c => c.entry || c.initial).map(c => String(c.id)))
  const startsEntry = (/** @type {StatsOrigin} */ o) => !!o.request && tail(o.request) === tail(source)
  const loaded = new Set(chunks.filter(c => (c.origins ?? []).some(startsEntry)).map(c => String(c.id)))
  if (loaded.size === 0)
    throw new Error(`chunk-graph: no chunk is loaded by a lazy import of ${source}: is it in the build?`)
  for (const id of hub) loaded.add(id)

  for (let grew = true; grew;) {
    grew = false
    const known = new Set(
      [...loaded].filter(id => !hub.has(id)).flatMap(id => [...(modulesIn.get(id) ?? [])])
    )
    for (const c of chunks) {
      const id = String(c.id)
      if (loaded.has(id)) continue
      const from = c.origins ?? []
      if (
        from.some(
          o =>
            (o.moduleIdentifier && known.has(o.moduleIdentifier)) || (o.moduleName && known.has(o.moduleName))
        )
      ) {
        loaded.add(id)
        grew = true
      }
    }
  }
  return new Set(chunks.filter(c => loaded.has(String(c.id))).flatMap(c => c.files ?? []))
}
