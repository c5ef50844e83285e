// Where a run's CPU time goes: summarises a V8 CPU profile (`node --cpu-prof`, a .cpuprofile file) by self time,
// grouped by script and by function. Self time of a sample is the time to the next sample (as DevTools counts it);
// `(idle)` is time the process waited (on the network, here) and is left out: percentages are of the CPU time.
// `(program)` is V8/Node native work not attributed to a JS function (parsing and compiling scripts among it),
// `(garbage collector)` is GC. ncc bundles the dependencies into dist/*.js, so a script is a bundle chunk and a
// function is named as the minifier left it, with its line:column in that chunk.

/** A script's label: a path relative to root for files, a Node internal's directory, or the V8 pseudo-frame. */
function scriptOf(url, functionName, root) {
  if (!url) return functionName || '(native)'
  if (url.startsWith('node:')) {
    const parts = url.split('/')
    return parts.length > 2 ? parts.slice(0, -1).join('/') : url
  }
  const prefix = `file://${root}/`
  return url.startsWith(prefix) ? url.slice(prefix.length) : url
}

/**
 * The functions whose time, with everything they call, the summary reports on its own line (`inclusive`): the
 * redactor's entry points (src/report/redact.ts: every string a writer prints passes `redact`, and a JSON value
 * `redactDeep`). Method names survive the minifier, so they are found by name.
 */
export const INCLUSIVE = { redactor: ['redact', 'redactDeep'] }

/**
 * @param {{ nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number,
 *   columnNumber: number }, children?: number[] }[], samples: number[], timeDeltas: number[], startTime: number,
 *   endTime: number }} profile
 * @param {{ root: string, top?: number }} options root: the project root (file URLs below it become relative)
 */
export function summariseProfile(profile, { root, top = 10 }) {
  const byId = new Map(profile.nodes.map(n => [n.id, n]))
  /** @type {Map<number, number>} self time per node id, µs */
  const self = new Map()
  let t = profile.startTime
  const stamps = profile.timeDeltas.map(d => (t += d))
  for (const [i, id] of profile.samples.entries()) {
    const until = i + 1 < stamps.length ? stamps[i + 1] : profile.endTime
    self.set(id, (self.get(id) ?? 0) + Math.max(0, until - stamps[i]))
  }
  let idle = 0
  const scripts = new Map()
  const functions = new Map()
  for (const [id, us] of self) {
    const { functionName, url, lineNumber, columnNumber } = byId.get(id).callFrame
    if (functionName === '(idle)') {
      idle += us
      continue
    }
    const script = scriptOf(url, functionName, root)
    scripts.set(script, (scripts.get(script) ?? 0) + us)
    const file = url.startsWith('node:') ? url : script
    const where = url ? `${file}:${lineNumber + 1}:${columnNumber + 1}` : ''
    const key = `${functionName || '(anonymous)'}\u0000${where}`
    functions.set(key, (functions.get(key) ?? 0) + us)
  }
  const cpu = [...scripts.values()].reduce((a, b) => a + b, 0)
  const ms = us => Math.round(us / 100) / 10
  const pct = us => (cpu ? Math.round((us / cpu) * 1000) / 10 : 0)
  const ranked = m => [...m].sort((a, b) => b[1] - a[1]).slice(0, top)
  // Inclusive time: a named function's self time plus its callees', counted once where it calls itself.
  const parent = new Map()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const inclusive = Object.fromEntries(
    Object.entries(INCLUSIVE).map(([label, names]) => {
      const named = id => names.includes(byId.get(id)?.callFrame.functionName)
      let us = 0
      for (const [id, t] of self) {
        if (byId.get(id).callFrame.functionName === '(idle)') continue
        for (let at = id; at !== undefined; at = parent.get(at))
          if (named(at)) {
            us += t
            break
          }
      }
      return [label, { functions: names, ms: ms(us), pct: pct(us) }]
    })
  )
  return {
    profiledMs: ms(profile.endTime - profile.startTime),
    idleMs: ms(idle),
    cpuMs: ms(cpu),
    samples: profile.samples.length,
    inclusive,
    byScript: ranked(scripts).map(([name, us]) => ({ name, ms: ms(us), pct: pct(us) })),
    byFunction: ranked(functions).map(([key, us]) => {
      const [name, where] = key.split('\u0000')
      return { name, where, ms: ms(us), pct: pct(us) }
    })
  }
}
